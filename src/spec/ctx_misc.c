/* SPDX-License-Identifier: MIT */
/* Small contexts: cgroup_device (struct bpf_cgroup_dev_ctx) and
 * cgroup_sysctl (struct bpf_sysctl) from kernel/bpf/cgroup.c, and syscall
 * (the caller's buffer, kernel/bpf/syscall.c), as Linux 6.18 judges them. */
#include "spec/ctx.h"
#include "spec/types.h"

/* enum bpf_prog_type */
enum {
	CGROUP_DEVICE = 15,
	CGROUP_SYSCTL = 23,
	SYSCALL = 31,
};

/* syscall_prog_is_valid_access: off < U16_MAX. */
#define SYSCALL_SIZE 65535

#define ROW(n, o, e, rd, wr, fs, fl)                                           \
	{ n, o, e, rd, wr, fs, fl, BV_SCALAR_VALUE, 0 }

/* cgroup_dev_is_valid_access: read only; access_type narrowly, major and
 * minor at 4 bytes. */
static const struct bv_ctx_field cgroup_device[] = {
	ROW("access_type", 0, 4, BV_CTX_UPTO4, 0, 4, 0),
	ROW("major..minor", 4, 12, BV_CTX_SZ4, 0, 0, 0),
};

/* sysctl_is_valid_access: both fields read narrowly; file_pos is writable
 * at 4 bytes. */
static const struct bv_ctx_field cgroup_sysctl[] = {
	ROW("write", 0, 4, BV_CTX_UPTO4, 0, 4, 0),
	ROW("file_pos", 4, 8, BV_CTX_UPTO4, BV_CTX_SZ4, 4, 0),
};

/* syscall_prog_is_valid_access: any size, read or write, anywhere below
 * U16_MAX (which an instruction's s16 offset cannot reach). */
static const struct bv_ctx_field syscall[] = {
	ROW("buffer", 0, SYSCALL_SIZE, BV_CTX_UPTO8, BV_CTX_UPTO8, 0, 0),
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define LAYOUT(type, name, size, rows) { type, name, size, rows, N_OF(rows) }

const struct bv_ctx_layout bv_ctx_misc_layouts[] = {
	LAYOUT(CGROUP_DEVICE, "bpf_cgroup_dev_ctx", 12, cgroup_device),
	LAYOUT(CGROUP_SYSCTL, "bpf_sysctl", 8, cgroup_sysctl),
	LAYOUT(SYSCALL, "syscall buffer", SYSCALL_SIZE, syscall),
};
const size_t bv_ctx_misc_n_layouts = N_OF(bv_ctx_misc_layouts);
