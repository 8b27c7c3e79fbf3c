/* SPDX-License-Identifier: MIT */
//@ dissect accept
#include "common.h"

SEC("flow_dissector")
int dissect(struct __sk_buff *skb)
{
	return BPF_OK;
}
