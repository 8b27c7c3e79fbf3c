/* SPDX-License-Identifier: MIT */
//@ use_clamp accept
#include "common.h"

/* a global function: the kernel verifies it on its own (not modelled yet:
 * bpfverify says "cannot judge yet") */
__attribute__((noinline)) int clamp_len(int len)
{
	return len > 1500 ? 1500 : len;
}

SEC("socket")
int use_clamp(struct __sk_buff *skb)
{
	return clamp_len(skb->len);
}
