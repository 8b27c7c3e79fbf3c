/* SPDX-License-Identifier: MIT */
//@ tail accept
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__uint(key_size, 4);
	__array(values, int (void *));
} jumps SEC(".maps");

SEC("socket")
int tail(struct __sk_buff *skb)
{
	bpf_tail_call(skb, &jumps, 0);
	return 0;
}
