/* SPDX-License-Identifier: MIT */
//@ emit accept
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("socket")
int emit(struct __sk_buff *skb)
{
	__u32 *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e)
		return 0;
	*e = skb->len;
	bpf_ringbuf_submit(e, 0);
	return 0;
}
