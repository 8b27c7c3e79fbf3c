/* SPDX-License-Identifier: MIT */
//@ sock_len accept
#include "common.h"

/* SEC("socket"): socket filter; reads skb fields */
SEC("socket")
int sock_len(struct __sk_buff *skb)
{
	return skb->len > 100 ? 0 : skb->len;
}
