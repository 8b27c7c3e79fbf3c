/* SPDX-License-Identifier: MIT */
//@ branchy error R7 invalid mem access 'scalar'
#include "common.h"

/* source lines across branches and a failing path after a pop */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} m SEC(".maps");

static __attribute__((noinline)) int adjust(int x)
{
	if (x > 3)
		return x * 2;
	return x + 1;
}

SEC("socket")
int branchy(struct __sk_buff *skb)
{
	__u32 key = skb->len & 3;
	__u64 *v;
	int r;

	v = bpf_map_lookup_elem(&m, &key);
	if (skb->protocol == 8)
		r = 1;
	else
		r = adjust(skb->len);
	if (v)
		*v += r;
	if (skb->mark == 7)
		return *v;
	return 0;
}
