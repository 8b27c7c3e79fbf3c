/* SPDX-License-Identifier: MIT */
//@ after_unlink xfail
//@ on_unlink xfail
//@ on_unlink reject
//@ after_unlink reject
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

/* fentry with direct BTF pointer reads */
SEC("fentry/do_unlinkat")
int BPF_PROG(on_unlink, int dfd, struct filename *name)
{
	return 0;
}

SEC("fexit/do_unlinkat")
int BPF_PROG(after_unlink, int dfd, struct filename *name, long ret)
{
	return 0;
}
