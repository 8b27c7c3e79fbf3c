/* SPDX-License-Identifier: MIT */
//@ on_unlink kernel-refuses
//@ on_unlink accept
//@ after_unlink kernel-refuses
//@ after_unlink accept
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
