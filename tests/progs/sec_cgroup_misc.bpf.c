/* SPDX-License-Identifier: MIT */
//@ sysctl_prog accept
//@ dev_prog accept
//@ getsockopt_prog accept
#include "common.h"

SEC("cgroup/sysctl")
int sysctl_prog(struct bpf_sysctl *ctx)
{
	return ctx->write ? 0 : 1;
}

SEC("cgroup/dev")
int dev_prog(struct bpf_cgroup_dev_ctx *ctx)
{
	return ctx->major == 1 ? 1 : 0;
}

SEC("cgroup/getsockopt")
int getsockopt_prog(struct bpf_sockopt *ctx)
{
	return 1;
}
