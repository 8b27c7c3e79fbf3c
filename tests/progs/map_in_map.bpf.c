/* SPDX-License-Identifier: MIT */
//@ mim accept
#include "common.h"

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
};

struct inner in0 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner);
} outer SEC(".maps") = { .values = { &in0 } };

SEC("socket")
int mim(struct __sk_buff *skb)
{
	__u32 k = 0, *v;
	void *m = bpf_map_lookup_elem(&outer, &k);

	if (!m)
		return 0;
	v = bpf_map_lookup_elem(m, &k);
	return v ? *v : 0;
}
