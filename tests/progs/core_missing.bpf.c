/* SPDX-License-Identifier: MIT */
//@ core_bad error 1: <invalid CO-RE relocation>
//@ core_bad error failed to resolve CO-RE relocation <byte_off> [17] struct task_struct___fake.no_such_field (0:0 @ offset 0)
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

/* a field no kernel has: the relocation fails and the instruction is
 * poisoned; reaching it is an error libbpf explains */
struct task_struct___fake {
	int no_such_field;
} __attribute__((preserve_access_index));

SEC("kprobe/schedule")
int core_bad(struct pt_regs *ctx)
{
	struct task_struct___fake *t = (void *)bpf_get_current_task();

	return BPF_CORE_READ(t, no_such_field);
}
