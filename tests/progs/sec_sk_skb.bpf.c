/* SPDX-License-Identifier: MIT */
//@ skb_parser accept
//@ skb_verdict accept
#include "common.h"

SEC("sk_skb/stream_parser")
int skb_parser(struct __sk_buff *skb)
{
	return skb->len;
}

SEC("sk_skb/stream_verdict")
int skb_verdict(struct __sk_buff *skb)
{
	return SK_PASS;
}
