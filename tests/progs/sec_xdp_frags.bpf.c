/* SPDX-License-Identifier: MIT */
//@ xdp_frags accept
#include "common.h"

/* xdp.frags sets BPF_F_XDP_HAS_FRAGS */
SEC("xdp.frags")
int xdp_frags(struct xdp_md *ctx)
{
	return ctx->ingress_ifindex ? XDP_PASS : XDP_DROP;
}
