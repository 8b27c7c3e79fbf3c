/* SPDX-License-Identifier: MIT */
//@ globals accept
#include "common.h"

/* .data, .bss and .rodata as single-element arrays */
int counter = 5;
int hits;
const volatile int limit = 10;

SEC("socket")
int globals(struct __sk_buff *skb)
{
	hits++;
	counter += skb->len;
	return counter > limit ? 1 : 0;
}
