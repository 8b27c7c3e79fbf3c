/* SPDX-License-Identifier: MIT */
//@ use_square accept
#include "common.h"

/* a static function in .text, appended after the program */
static __attribute__((noinline)) int square(int x)
{
	return x * x;
}

SEC("socket")
int use_square(struct __sk_buff *skb)
{
	return square(skb->len & 0xf);
}
