/* SPDX-License-Identifier: MIT */
//@ connect4 accept
//@ bind6 accept
#include "common.h"

SEC("cgroup/connect4")
int connect4(struct bpf_sock_addr *ctx)
{
	return ctx->user_port == bpf_htons(25) ? 0 : 1;
}

SEC("cgroup/bind6")
int bind6(struct bpf_sock_addr *ctx)
{
	return 1;
}
