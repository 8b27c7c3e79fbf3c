/* SPDX-License-Identifier: MIT */
//@ core_checks accept
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

/* field existence, sizes, type ids and enum values */
struct task_struct___old {
	long state;
} __attribute__((preserve_access_index));

SEC("kprobe/schedule")
int core_checks(struct pt_regs *ctx)
{
	int r = 0;

	if (bpf_core_field_exists(struct task_struct___old, state))
		r |= 1;
	r += bpf_core_field_size(struct task_struct, pid);
	r += bpf_core_type_size(struct task_struct) > 0;
	if (bpf_core_type_exists(struct task_struct))
		r |= 4;
	if (bpf_core_enum_value_exists(enum bpf_map_type, BPF_MAP_TYPE_RINGBUF))
		r += bpf_core_enum_value(enum bpf_map_type, BPF_MAP_TYPE_RINGBUF);
	r += bpf_core_type_id_kernel(struct task_struct) != 0;
	return r;
}
