/* SPDX-License-Identifier: MIT */
//@ cg_bad_ret error At program exit the register R0 has smin=7 smax=7 should have been in [0, 1]
#include "common.h"

/* cgroup_skb/ingress must return 0 or 1 */
SEC("cgroup_skb/ingress")
int cg_bad_ret(struct __sk_buff *skb)
{
	return 7;
}
