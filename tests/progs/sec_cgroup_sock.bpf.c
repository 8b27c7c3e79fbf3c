/* SPDX-License-Identifier: MIT */
//@ cg_sock accept
//@ cg_sock_create accept
#include "common.h"

SEC("cgroup/sock")
int cg_sock(struct bpf_sock *sk)
{
	return sk->family == 2 ? 1 : 0;
}

SEC("cgroup/sock_create")
int cg_sock_create(struct bpf_sock *sk)
{
	return 1;
}
