/* SPDX-License-Identifier: MIT */
//@ uninit error unreachable insn 2
#include "common.h"

/* passes uninitialized stack to a helper (allowed for root) and reads an
 * uninitialized register */
SEC("socket")
int uninit(struct __sk_buff *skb)
{
	int x;

	asm volatile("r0 = r5; exit" ::: "r0");
	return x;
}
