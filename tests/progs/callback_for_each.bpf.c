/* SPDX-License-Identifier: MIT */
//@ sum_map xfail
//@ sum_map accept
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} vals SEC(".maps");

static long sum_cb(void *map, __u32 *key, __u64 *val, void *ctx)
{
	*(__u64 *)ctx += *val;
	return 0;
}

SEC("socket")
int sum_map(struct __sk_buff *skb)
{
	__u64 sum = 0;

	bpf_for_each_map_elem(&vals, sum_cb, &sum, 0);
	return sum;
}
