/* SPDX-License-Identifier: MIT */
#include "common.h"

//@ object bad-input is static
/* a static function in a program section: libbpf does not support it */
static int helper_in_xdp(int x) __attribute__((section("xdp"), noinline, used));
static int helper_in_xdp(int x)
{
	return x;
}

SEC("xdp")
int xdp_static(struct xdp_md *ctx)
{
	return XDP_PASS;
}
