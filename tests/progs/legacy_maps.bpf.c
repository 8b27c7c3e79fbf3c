/* SPDX-License-Identifier: MIT */
#include "common.h"

//@ object bad-input legacy map definitions
/* the pre-BTF map format: libbpf 1.0+ refuses it, and so does bpfverify */
struct bpf_map_def_legacy {
	unsigned int type, key_size, value_size, max_entries, map_flags;
};

struct bpf_map_def_legacy old_map SEC("maps") = {
	.type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 4, .max_entries = 1,
};

SEC("socket")
int uses_old(struct __sk_buff *skb)
{
	return 0;
}
