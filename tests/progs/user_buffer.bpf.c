/* SPDX-License-Identifier: MIT */
//@ read_enter accept
//@ read_exit error R1 invalid mem access 'scalar'
//@ read_exit_fixed accept
/* The tracing program of shared/seeds/user-buffer-inv.txt: the buffer of a
 * read(2) is remembered at the syscall's entry and its first byte read at
 * the exit, by dereferencing the user pointer (rejected), and with the
 * documented fix, bpf_probe_read_user(). */
#include "common.h"

/* The fields of tracepoint/syscalls/sys_enter_read after the common
 * header and the syscall number. */
struct read_enter_args {
	__u64 common;
	__s64 syscall_nr;
	__u64 fd;
	const char *buf;
	__u64 count;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} read_buffers SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_read")
int read_enter(struct read_enter_args *ctx)
{
	__u32 pid = (__u32)bpf_get_current_pid_tgid();
	__u64 buf = (__u64)ctx->buf;

	bpf_map_update_elem(&read_buffers, &pid, &buf, BPF_ANY);
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_read")
int read_exit(void *ctx)
{
	__u32 pid = (__u32)bpf_get_current_pid_tgid();
	__u64 *buf = bpf_map_lookup_elem(&read_buffers, &pid);
	char first;

	if (!buf)
		return 0;
	first = *(const char *)*buf;
	bpf_printk("read: first byte %d", first);
	bpf_map_delete_elem(&read_buffers, &pid);
	return 0;
}

/* The fix: user memory is read with a helper, never dereferenced. */
SEC("tracepoint/syscalls/sys_exit_read")
int read_exit_fixed(void *ctx)
{
	__u32 pid = (__u32)bpf_get_current_pid_tgid();
	__u64 *buf = bpf_map_lookup_elem(&read_buffers, &pid);
	char first = 0;

	if (!buf)
		return 0;
	bpf_probe_read_user(&first, sizeof(first), (const void *)*buf);
	bpf_printk("read: first byte %d", first);
	bpf_map_delete_elem(&read_buffers, &pid);
	return 0;
}
