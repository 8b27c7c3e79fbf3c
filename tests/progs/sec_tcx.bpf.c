/* SPDX-License-Identifier: MIT */
//@ tcx_in accept
#include "common.h"

/* tc/ingress: tcx attach type (libbpf 1.3+ convention) */
SEC("tc/ingress")
int tcx_in(struct __sk_buff *skb)
{
	return skb->protocol == bpf_htons(ETH_P_IP) ? 1 : 0;
}
