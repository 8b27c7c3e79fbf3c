/* SPDX-License-Identifier: MIT */
//@ nowhere bad-input
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

/* an fentry target the kernel does not have */
SEC("fentry/no_such_function_here")
int BPF_PROG(nowhere)
{
	return 0;
}
