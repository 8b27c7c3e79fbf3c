/* SPDX-License-Identifier: MIT */
//@ leak error Unreleased reference id=2 alloc_insn=4
//@ leak error BPF_EXIT instruction in main prog would lead to reference leak
#include "common.h"

/* a reserved record never submitted */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

SEC("socket")
int leak(struct __sk_buff *skb)
{
	__u32 *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);

	if (!e)
		return 0;
	*e = 1;
	return 0;
}
