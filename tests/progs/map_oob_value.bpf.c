/* SPDX-License-Identifier: MIT */
//@ past_value error invalid access to map value, value_size=8 off=8 size=1
//@ past_value error R0 min value is outside of the allowed memory range
#include "common.h"

/* writes past the end of an 8-byte value */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} one SEC(".maps");

SEC("socket")
int past_value(struct __sk_buff *skb)
{
	__u32 key = 0;
	char *v = bpf_map_lookup_elem(&one, &key);

	if (!v)
		return 0;
	v[8] = 1;
	return 0;
}
