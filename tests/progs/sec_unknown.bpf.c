/* SPDX-License-Identifier: MIT */
//@ mystery bad-input
//@ known accept
#include "common.h"

/* a section no libbpf convention names: bad input for bpfverify, and
 * libbpf refuses to load it ("missing BPF prog type") */
SEC("mystery/thing")
int mystery(void *ctx)
{
	return 0;
}

SEC("socket")
int known(struct __sk_buff *skb)
{
	return 0;
}
