/* SPDX-License-Identifier: MIT */
//@ no_bounds error invalid access to packet, off=23 size=1, R1(id=0,off=23,r=0)
//@ no_bounds error R1 offset is outside of the packet
#include "common.h"

/* reads the IP header without checking data_end */
SEC("xdp")
int no_bounds(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	struct iphdr *ip = data + sizeof(struct ethhdr);

	return ip->protocol == IPPROTO_TCP ? XDP_DROP : XDP_PASS;
}
