/* SPDX-License-Identifier: MIT */
//@ stack_chain accept
#include "common.h"

/* stack use across a call chain */
static __attribute__((noinline)) int fill(int seed)
{
	volatile char b[64];

	for (int i = 0; i < 64; i++)
		b[i] = seed + i;
	return b[seed & 63];
}

SEC("socket")
int stack_chain(struct __sk_buff *skb)
{
	volatile char big[128];

	big[0] = 1;
	return fill(skb->len) + big[0];
}
