/* SPDX-License-Identifier: MIT */
//@ acq accept
//@ acq log2
//@ leak error Unreleased reference id=2 alloc_insn=1
//@ leak error BPF_EXIT instruction in main prog would lead to reference leak
//@ frompid accept
//@ useafter error R6 invalid mem access 'scalar'
//@ useafter log2
//@ untrusted error R1 must be a rcu pointer
//@ rcu accept
//@ rcu log2
//@ rcu_missing error BPF_EXIT instruction in main prog cannot be used inside bpf_rcu_read_lock-ed region
//@ mask accept
//@ mask log2
//@ nullarg error Possibly NULL pointer passed to trusted arg0
//@ release_unacq error release kernel function bpf_task_release expects refcounted PTR_TO_BTF_ID
/* kfuncs of the task and cpumask families: acquire and release, a
 * reference leaked or used after its release, untrusted and NULL
 * arguments, an RCU read-side section opened and left open. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
char LICENSE[] SEC("license") = "GPL";
extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;
extern struct task_struct *bpf_task_from_pid(s32 pid) __ksym;
extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;
extern struct bpf_cpumask *bpf_cpumask_create(void) __ksym;
extern void bpf_cpumask_release(struct bpf_cpumask *cpumask) __ksym;
extern void bpf_cpumask_set_cpu(u32 cpu, struct bpf_cpumask *cpumask) __ksym;
extern u32 bpf_cpumask_first(const struct cpumask *cpumask) __ksym;
SEC("tp_btf/sched_switch")
int BPF_PROG(acq, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct *t = bpf_task_acquire(next);
	if (!t) return 0;
	bpf_task_release(t);
	return 0;
}
SEC("tp_btf/sched_switch")
int BPF_PROG(leak, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct *t = bpf_task_acquire(next);
	return t != 0;
}
SEC("tp_btf/sched_switch")
int BPF_PROG(frompid, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct *t = bpf_task_from_pid(1);
	int r;
	if (!t) return 0;
	r = t->pid;
	bpf_task_release(t);
	return r;
}
SEC("tp_btf/sched_switch")
int BPF_PROG(useafter, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct *t = bpf_task_from_pid(1);
	if (!t) return 0;
	bpf_task_release(t);
	return t->pid;
}
SEC("tp_btf/sched_switch")
int BPF_PROG(untrusted, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct *t = bpf_task_acquire(next->parent);
	if (t) bpf_task_release(t);
	return 0;
}
SEC("tp_btf/sched_switch")
int BPF_PROG(rcu, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct *p;
	int r = 0;
	bpf_rcu_read_lock();
	p = next->real_parent;
	if (p) r = p->pid;
	bpf_rcu_read_unlock();
	return r;
}
SEC("tp_btf/sched_switch")
int BPF_PROG(rcu_missing, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	bpf_rcu_read_lock();
	return 0;
}
SEC("tp_btf/sched_switch")
int BPF_PROG(mask, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct bpf_cpumask *m = bpf_cpumask_create();
	if (!m) return 0;
	bpf_cpumask_set_cpu(0, m);
	bpf_cpumask_release(m);
	return bpf_cpumask_first(next->cpus_ptr);
}
SEC("tp_btf/sched_switch")
int BPF_PROG(nullarg, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct *t = bpf_task_acquire((void *)0);
	if (t) bpf_task_release(t);
	return 0;
}
SEC("tp_btf/sched_switch")
int BPF_PROG(release_unacq, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	bpf_task_release(next);
	return 0;
}
