/* SPDX-License-Identifier: MIT */
//@ use_twice accept
#include "common.h"

/* a hidden global: libbpf marks it static in BTF */
__attribute__((noinline, visibility("hidden"))) int twice(int x)
{
	return x * 2;
}

SEC("socket")
int use_twice(struct __sk_buff *skb)
{
	return twice(skb->len & 0xff);
}
