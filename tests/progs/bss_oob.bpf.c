/* SPDX-License-Identifier: MIT */
//@ bss_index error R2 unbounded memory access, make sure to bounds check any such access
#include "common.h"

/* an index into a .bss array with no bound */
int arr[8];

SEC("socket")
int bss_index(struct __sk_buff *skb)
{
	return arr[skb->len];
}
