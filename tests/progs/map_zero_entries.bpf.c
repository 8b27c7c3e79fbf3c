/* SPDX-License-Identifier: MIT */
/* A hash map of max_entries 0: the kernel refuses to create it (EINVAL), so
 * libbpf fails the whole object before any program is verified. */
//@ object bad-input map 'empty': max_entries 0
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 0);
	__type(key, __u32);
	__type(value, __u64);
} empty SEC(".maps");

SEC("socket")
int use_empty(struct __sk_buff *skb)
{
	__u32 key = 0;

	return bpf_map_lookup_elem(&empty, &key) != 0;
}
