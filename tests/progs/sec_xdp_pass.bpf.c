/* SPDX-License-Identifier: MIT */
//@ xdp_pass accept
#include "common.h"

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}
