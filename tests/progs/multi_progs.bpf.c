/* SPDX-License-Identifier: MIT */
//@ m_xdp accept
//@ m_tc accept
//@ m_sock accept
//@ m_sock_bad error R1 invalid mem access 'scalar'
#include "common.h"

/* several programs of different types in one object */
SEC("xdp")
int m_xdp(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("tc")
int m_tc(struct __sk_buff *skb)
{
	return 0;
}

SEC("socket")
int m_sock(struct __sk_buff *skb)
{
	return skb->len;
}

SEC("socket")
int m_sock_bad(struct __sk_buff *skb)
{
	return *(int *)(long)skb->len;
}
