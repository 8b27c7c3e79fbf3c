/* SPDX-License-Identifier: MIT */
//@ check_open xfail
//@ check_open reject
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

SEC("lsm/file_open")
int BPF_PROG(check_open, struct file *file)
{
	return 0;
}
