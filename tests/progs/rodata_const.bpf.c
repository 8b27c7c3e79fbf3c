/* SPDX-License-Identifier: MIT */
//@ rodata_branch accept
#include "common.h"

/* .rodata is frozen: a load from it is a known constant, so the branch
 * on it is dead and the out-of-range access below it is never checked */
const volatile int debug = 0;
char buf[4];

SEC("socket")
int rodata_branch(struct __sk_buff *skb)
{
	if (debug) {
		volatile char *p = buf;

		return p[skb->len + 100];
	}
	return 0;
}
