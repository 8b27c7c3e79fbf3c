/* SPDX-License-Identifier: MIT */
//@ handle_exec accept
//@ handle_exec log2
//@ handle_exec_current accept
//@ leak_on_kthread error Unreleased reference id=2 alloc_insn=5
//@ leak_on_kthread error BPF_EXIT instruction in main prog would lead to reference leak
//@ write_task error only read is supported
//@ handle_exit accept
//@ fentry_exit kernel-refuses
//@ fentry_exit accept
//@ fentry_bad_ret kernel-refuses
//@ fentry_bad_ret error At program exit the register R0 has smin=1 smax=1 should have been in [0, 0]
/* A process-exec tracer in the style of libbpf-tools' execsnoop: the
 * sched_process_exec tracepoint through BTF, the new task and its binprm
 * read directly, events in a ring buffer. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

struct event {
	int pid, ppid;
	unsigned int uid;
	char comm[16];
	char filename[64];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 16);
} events SEC(".maps");

SEC("tp_btf/sched_process_exec")
int BPF_PROG(handle_exec, struct task_struct *p, pid_t old_pid,
	     struct linux_binprm *bprm)
{
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e)
		return 0;
	e->pid = p->tgid;
	e->ppid = p->real_parent->tgid;
	e->uid = p->cred->uid.val;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_probe_read_kernel_str(e->filename, sizeof(e->filename),
				  bprm->filename);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* the same from the current task */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(handle_exec_current)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e)
		return 0;
	e->pid = t->tgid;
	e->ppid = t->group_leader->real_parent->tgid;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* forgets the ring buffer record on one path */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(leak_on_kthread, struct task_struct *p)
{
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e)
		return 0;
	if (p->flags & 0x00200000 /* PF_KTHREAD */)
		return 0;
	e->pid = p->tgid;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* the tracepoint's task may not be written */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(write_task, struct task_struct *p)
{
	p->pid = 0;
	return 0;
}

/* the exit code through the exit tracepoint */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(handle_exit, struct task_struct *p)
{
	struct event *e;

	if (p->pid != p->tgid)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = p->tgid;
	e->uid = p->exit_code >> 8;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* the same tracer attached with fentry: this kernel refuses fentry before
 * verifying it, so bpfverify is held to the annotation */
SEC("fentry/do_exit")
int BPF_PROG(fentry_exit, long code)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e)
		return 0;
	e->pid = t->tgid;
	e->uid = (unsigned int)code;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* fentry must return 0 */
SEC("fentry/do_exit")
int BPF_PROG(fentry_bad_ret, long code)
{
	return 1;
}
