/* SPDX-License-Identifier: MIT */
//@ lwt_in_prog accept
//@ lwt_xmit_prog accept
#include "common.h"

SEC("lwt_in")
int lwt_in_prog(struct __sk_buff *skb)
{
	return BPF_OK;
}

SEC("lwt_xmit")
int lwt_xmit_prog(struct __sk_buff *skb)
{
	return BPF_OK;
}
