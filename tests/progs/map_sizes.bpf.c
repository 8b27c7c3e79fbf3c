/* SPDX-License-Identifier: MIT */
//@ use_sizes accept
#include "common.h"

/* key_size/value_size instead of types; map_flags; pinning ignored */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__uint(key_size, 8);
	__uint(value_size, 16);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(pinning, LIBBPF_PIN_NONE);
} raw_sizes SEC(".maps");

SEC("socket")
int use_sizes(struct __sk_buff *skb)
{
	__u64 key = skb->len;
	__u64 *v = bpf_map_lookup_elem(&raw_sizes, &key);

	return v ? (int)v[1] : 0;
}
