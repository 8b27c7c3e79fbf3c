/* SPDX-License-Identifier: MIT */
//@ wrong_helper accept
#include "common.h"

/* bpf_get_current_pid_tgid is not available to socket filters */
SEC("socket")
int wrong_helper(struct __sk_buff *skb)
{
	return bpf_get_current_pid_tgid() & 1;
}
