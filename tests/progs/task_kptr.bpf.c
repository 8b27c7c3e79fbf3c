/* SPDX-License-Identifier: MIT */
//@ clang clang-19
//@ stash accept
//@ stash log2
//@ peek accept
//@ peek log2
//@ remember accept
//@ take_leak error Unreleased reference id=3 alloc_insn=10
//@ take_leak error BPF_EXIT instruction in main prog would lead to reference leak
//@ store_ref error store to referenced kptr disallowed
//@ store_wrong_type error invalid kptr access, R1 type=untrusted_ptr_mm_struct expected=ptr_task_struct or untrusted_ptr_task_struct
//@ store_wrong_type log2
//@ xchg_unref error off=8 kptr isn't referenced kptr
//@ narrow_read error kptr access size must be BPF_DW
/* A program that keeps a task in a map as a referenced kptr, in the style
 * of schedulers and LSM policies: bpf_kptr_xchg in and out, reads of the
 * field under RCU, and the stores and leaks the verifier refuses. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

/* Debian's libbpf headers predate the name */
#ifndef __kptr_untrusted
#define __kptr_untrusted __attribute__((btf_type_tag("kptr_untrusted")))
#endif

extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;

struct slot {
	struct task_struct __kptr *task;
	struct task_struct __kptr_untrusted *seen;
	long stamp;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, int);
	__type(value, struct slot);
	__uint(max_entries, 64);
} slots SEC(".maps");

/* stash a referenced task, release what was there */
SEC("tp_btf/sched_switch")
int BPF_PROG(stash, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	int key = 0;
	struct slot *s = bpf_map_lookup_elem(&slots, &key);
	struct task_struct *t, *old;

	if (!s)
		return 0;
	t = bpf_task_acquire(next);
	if (!t)
		return 0;
	old = bpf_kptr_xchg(&s->task, t);
	if (old)
		bpf_task_release(old);
	return 0;
}

/* read the stashed task's pid without taking it out */
SEC("tp_btf/sched_switch")
int BPF_PROG(peek, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	int key = 0;
	struct slot *s = bpf_map_lookup_elem(&slots, &key);
	struct task_struct *t;

	if (!s)
		return 0;
	t = s->task;
	return t ? t->pid : 0;
}

/* an unreferenced kptr takes plain (even untrusted) pointers */
SEC("tp_btf/sched_switch")
int BPF_PROG(remember, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	int key = 0;
	struct slot *s = bpf_map_lookup_elem(&slots, &key);

	if (!s)
		return 0;
	s->seen = next->parent;
	s->stamp = 1;
	return 0;
}

/* take the task out and forget to release it */
SEC("tp_btf/sched_switch")
int BPF_PROG(take_leak, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	int key = 0;
	struct slot *s = bpf_map_lookup_elem(&slots, &key);
	struct task_struct *t;

	if (!s)
		return 0;
	t = bpf_kptr_xchg(&s->task, NULL);
	return t != 0;
}

/* a referenced kptr cannot be stored into directly */
SEC("tp_btf/sched_switch")
int BPF_PROG(store_ref, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	int key = 0;
	struct slot *s = bpf_map_lookup_elem(&slots, &key);

	if (!s)
		return 0;
	s->task = next;
	return 0;
}

/* the wrong type for the field */
SEC("tp_btf/sched_switch")
int BPF_PROG(store_wrong_type, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	int key = 0;
	struct slot *s = bpf_map_lookup_elem(&slots, &key);

	if (!s)
		return 0;
	s->seen = (void *)next->mm;
	return 0;
}

/* bpf_kptr_xchg needs a referenced kptr field */
SEC("tp_btf/sched_switch")
int BPF_PROG(xchg_unref, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	int key = 0;
	struct slot *s = bpf_map_lookup_elem(&slots, &key);
	struct task_struct *old;

	if (!s)
		return 0;
	old = bpf_kptr_xchg(&s->seen, NULL);
	if (old)
		bpf_task_release(old);
	return 0;
}

/* a narrow read of the field */
SEC("tp_btf/sched_switch")
int BPF_PROG(narrow_read, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	int key = 0;
	struct slot *s = bpf_map_lookup_elem(&slots, &key);

	return s ? *(int *)&s->task : 0;
}
