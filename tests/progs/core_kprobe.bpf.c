/* SPDX-License-Identifier: MIT */
//@ on_new_task accept
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

/* CO-RE field reads in a kprobe */
SEC("kprobe/wake_up_new_task")
int BPF_KPROBE(on_new_task, struct task_struct *p)
{
	int pid = BPF_CORE_READ(p, pid);
	int tgid = BPF_CORE_READ(p, tgid);

	return pid == tgid;
}
