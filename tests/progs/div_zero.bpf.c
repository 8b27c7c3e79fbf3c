/* SPDX-License-Identifier: MIT */
//@ divide accept
#include "common.h"

/* division by a runtime value: allowed (BPF division by zero yields 0) */
SEC("socket")
int divide(struct __sk_buff *skb)
{
	return 1000 / skb->len;
}
