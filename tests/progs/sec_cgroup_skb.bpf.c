/* SPDX-License-Identifier: MIT */
//@ cg_in accept
//@ cg_out accept
#include "common.h"

SEC("cgroup_skb/ingress")
int cg_in(struct __sk_buff *skb)
{
	return 1;
}

SEC("cgroup_skb/egress")
int cg_out(struct __sk_buff *skb)
{
	return skb->len > 1500 ? 0 : 1;
}
