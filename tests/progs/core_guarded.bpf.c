/* SPDX-License-Identifier: MIT */
//@ core_guarded accept
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

/* the same missing field behind an existence check: dead code */
struct task_struct___fake2 {
	int gone_field;
} __attribute__((preserve_access_index));

SEC("kprobe/schedule")
int core_guarded(struct pt_regs *ctx)
{
	struct task_struct___fake2 *t = (void *)bpf_get_current_task();

	if (bpf_core_field_exists(t->gone_field))
		return BPF_CORE_READ(t, gone_field);
	return 0;
}
