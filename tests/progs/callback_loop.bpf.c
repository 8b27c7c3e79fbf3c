/* SPDX-License-Identifier: MIT */
//@ loop_cb xfail
//@ loop_cb accept
#include "common.h"

/* a callback by function pointer: bpf_loop */
static int step(__u32 i, void *ctx)
{
	(*(int *)ctx)++;
	return 0;
}

SEC("socket")
int loop_cb(struct __sk_buff *skb)
{
	int n = 0;

	bpf_loop(10, step, &n, 0);
	return n;
}
