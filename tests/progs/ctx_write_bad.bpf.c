/* SPDX-License-Identifier: MIT */
//@ write_mark error invalid bpf_context access off=8 size=4
#include "common.h"

/* socket filters may not write skb->mark */
SEC("socket")
int write_mark(struct __sk_buff *skb)
{
	skb->mark = 1;
	return 0;
}
