/* SPDX-License-Identifier: MIT */
//@ two_maps accept
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} pcpu SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u32);
} lru SEC(".maps");

SEC("xdp")
int two_maps(struct xdp_md *ctx)
{
	__u32 k = 0, *seen;
	__u64 *c = bpf_map_lookup_elem(&pcpu, &k);

	if (c)
		*c += 1;
	k = ctx->ingress_ifindex;
	seen = bpf_map_lookup_elem(&lru, &k);
	return seen ? XDP_DROP : XDP_PASS;
}
