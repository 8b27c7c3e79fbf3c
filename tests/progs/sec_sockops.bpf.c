/* SPDX-License-Identifier: MIT */
//@ sockops_prog accept
#include "common.h"

SEC("sockops")
int sockops_prog(struct bpf_sock_ops *ops)
{
	ops->reply = ops->op == BPF_SOCK_OPS_TCP_CONNECT_CB ? 1 : 0;
	return 1;
}
