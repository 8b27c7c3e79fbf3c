/* SPDX-License-Identifier: MIT */
//@ walk_files accept
//@ walk_cred accept
//@ walk_group_leader accept
//@ walk_mm accept
//@ walk_cgroups accept
//@ walk_parent accept
//@ walk_cpus_ptr accept
//@ walk_mm_exe_file accept
//@ walk_real_parent_mm accept
//@ walk_stack accept
//@ walk_dfl_cgrp accept
//@ walk_dfl_cgrp_kn accept
//@ walk_subsys accept
//@ walk_subsys log2
//@ walk_chain accept
//@ walk_chain log2
//@ stack_bytes accept
//@ beyond_struct error access beyond struct task_struct at off 9000 size 1
//@ beyond_nested error access beyond struct restart_block at off 54 size 8
//@ write_field error only read is supported
//@ ptr_member_partial error cannot access ptr member mm with moff 1136 in struct task_struct with off 1140 size 4
//@ nullable_arg error R1 invalid mem access 'trusted_ptr_or_null_'
//@ nullable_arg_checked accept
//@ nullable_arg_checked log2
/* Loads through BTF pointers: the trust each walked field gets (the
 * kernel's __safe_* lists, __rcu fields, untrusted otherwise), pointers to
 * non-structs, nested structs, and the accesses the walk refuses. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

/* one program per walked field: the loaded pointer's type shows in the
 * level-2 log */
#define WALK(name, expr)                                                       \
	SEC("tp_btf/sched_switch")                                             \
	int BPF_PROG(name, bool preempt, struct task_struct *prev,             \
		     struct task_struct *next)                                 \
	{                                                                      \
		void *v = (void *)(expr);                                      \
		return v != 0;                                                 \
	}

WALK(walk_files, next->files)
WALK(walk_cred, next->cred)
WALK(walk_group_leader, next->group_leader)
WALK(walk_mm, next->mm)
WALK(walk_cgroups, next->cgroups)
WALK(walk_parent, next->parent)
WALK(walk_cpus_ptr, next->cpus_ptr)
WALK(walk_mm_exe_file, next->mm->exe_file)
WALK(walk_real_parent_mm, next->real_parent->mm)
WALK(walk_stack, next->stack)
WALK(walk_dfl_cgrp, next->cgroups->dfl_cgrp)
WALK(walk_dfl_cgrp_kn, next->cgroups->dfl_cgrp->kn)
WALK(walk_subsys, next->cgroups->subsys[1])

/* a scalar chain through trusted, RCU and untrusted pointers */
SEC("tp_btf/sched_switch")
int BPF_PROG(walk_chain, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	struct task_struct *p = next->real_parent;

	return next->pid + p->tgid + prev->mm->mmap_base + preempt;
}

/* bytes behind a void * field: read-only untrusted memory */
SEC("tp_btf/sched_switch")
int BPF_PROG(stack_bytes, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	char *p = (char *)next->stack;

	return p[8];
}

SEC("tp_btf/sched_switch")
int BPF_PROG(beyond_struct, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	return *(char *)((long)next + 9000);
}

/* the walk descends into the nested struct the offset falls in */
SEC("tp_btf/sched_switch")
int BPF_PROG(beyond_nested, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	return *(long *)((long)next + 1262);
}

SEC("tp_btf/sched_switch")
int BPF_PROG(write_field, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	next->pid = 1;
	return 0;
}

/* a NULL-able argument of a tracepoint the kernel lists */
SEC("tp_btf/sched_process_wait")
int BPF_PROG(nullable_arg, struct pid *pid)
{
	return pid->level;
}

SEC("tp_btf/sched_process_wait")
int BPF_PROG(nullable_arg_checked, struct pid *pid)
{
	return pid ? pid->level : 0;
}

/* reading a pointer member at a partial offset */
SEC("tp_btf/sched_switch")
int BPF_PROG(ptr_member_partial, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	return *(int *)((long)next + 1136 + 4);
}
