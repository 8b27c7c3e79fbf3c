/* SPDX-License-Identifier: MIT */
//@ odd_word accept
#include "common.h"

/* a 4-byte load at offset 1 of a map value: fine by default, refused when
 * the object is loaded with BPF_F_STRICT_ALIGNMENT (tests/cli/run.sh) */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} one SEC(".maps");

SEC("socket")
int odd_word(struct __sk_buff *skb)
{
	__u32 key = 0;
	char *v = bpf_map_lookup_elem(&one, &key);

	if (!v)
		return 0;
	return *(volatile __u32 *)(v + 1);
}
