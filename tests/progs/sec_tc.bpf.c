/* SPDX-License-Identifier: MIT */
//@ tc_mark accept
//@ cls_prio accept
#include "common.h"

SEC("tc")
int tc_mark(struct __sk_buff *skb)
{
	skb->mark = 42;
	return 0;
}

SEC("classifier")
int cls_prio(struct __sk_buff *skb)
{
	skb->priority = skb->mark;
	return 0;
}
