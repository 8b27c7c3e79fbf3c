/* SPDX-License-Identifier: MIT */
//@ regs accept
//@ regs_untrusted error R1 type=untrusted_ptr_ expected=ptr_, trusted_ptr_, rcu_ptr_
//@ stack accept
//@ storage accept
//@ storage log2
//@ storage_nocheck error R0 invalid mem access 'map_value_or_null'
//@ curtask accept
//@ regs_wrong error cannot access ptr member vma with moff 0 in struct linux_binprm with off 0 size 1
//@ regs_wrong error R1 is of type linux_binprm but task_struct is expected
//@ regs_wrong log2
//@ tcp accept
//@ tcp log2
//@ tcp_storage accept
//@ seqw accept
//@ badret error At program exit the register R0 has smin=2 smax=2 should have been in [0, 1]
/* Helpers that take and return BTF pointers: the task's registers, stack
 * and local storage, socket casts and storage in a TCP iterator, seq_file
 * output, the current task, and the argument checks that refuse them. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
char LICENSE[] SEC("license") = "GPL";
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, long);
} ts SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, long);
} ss SEC(".maps");
SEC("tp_btf/sched_switch")
int BPF_PROG(regs, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	struct pt_regs *r = (struct pt_regs *)bpf_task_pt_regs(next);
	return r->ip & 1;
}
SEC("tp_btf/sched_switch")
int BPF_PROG(regs_untrusted, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	struct pt_regs *r = (struct pt_regs *)bpf_task_pt_regs(next->parent);
	return r->ip & 1;
}
/* a trusted pointer to another struct */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(regs_wrong, struct task_struct *p, pid_t old_pid,
	     struct linux_binprm *bprm)
{
	struct pt_regs *r = (struct pt_regs *)bpf_task_pt_regs((void *)bprm);
	return r->ip & 1;
}
SEC("tp_btf/sched_switch")
int BPF_PROG(stack, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	char buf[64];
	return bpf_get_task_stack(next, buf, sizeof(buf), 0);
}
SEC("tp_btf/sched_switch")
int BPF_PROG(storage, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	long *v = bpf_task_storage_get(&ts, next, 0,
				       BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!v)
		return 0;
	*v += 1;
	return 0;
}
SEC("tp_btf/sched_switch")
int BPF_PROG(storage_nocheck, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	long *v = bpf_task_storage_get(&ts, next, 0,
				       BPF_LOCAL_STORAGE_GET_F_CREATE);
	*v += 1;
	return 0;
}
SEC("iter/tcp")
int tcp(struct bpf_iter__tcp *ctx)
{
	struct sock_common *skc = ctx->sk_common;
	struct tcp_sock *tp;
	if (!skc)
		return 0;
	tp = bpf_skc_to_tcp_sock(skc);
	if (!tp)
		return 0;
	BPF_SEQ_PRINTF(ctx->meta->seq, "%u\n", tp->snd_cwnd);
	return 0;
}
SEC("iter/tcp")
int tcp_storage(struct bpf_iter__tcp *ctx)
{
	struct sock_common *skc = ctx->sk_common;
	struct tcp_sock *tp;
	long *v;
	if (!skc)
		return 0;
	tp = bpf_skc_to_tcp_sock(skc);
	if (!tp)
		return 0;
	v = bpf_sk_storage_get(&ss, tp, 0, 0);
	return v ? 1 : 0;
}
SEC("iter/task")
int seqw(struct bpf_iter__task *ctx)
{
	struct task_struct *t = ctx->task;
	if (!t)
		return 0;
	bpf_seq_write(ctx->meta->seq, t->comm, sizeof(t->comm));
	return 0;
}
SEC("iter/task")
int badret(struct bpf_iter__task *ctx)
{
	return 2;
}
SEC("tp_btf/sched_switch")
int BPF_PROG(curtask)
{
	struct task_struct *t = bpf_get_current_task_btf();
	return t->real_parent->pid;
}
