/* SPDX-License-Identifier: MIT */
//@ no_null_check error R0 invalid mem access 'map_value_or_null'
#include "common.h"

/* a lookup used without a NULL check */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} slots SEC(".maps");

SEC("socket")
int no_null_check(struct __sk_buff *skb)
{
	__u32 key = 1;
	__u64 *v = bpf_map_lookup_elem(&slots, &key);

	return *v;
}
