/* SPDX-License-Identifier: MIT */
/* Measures on the live kernel which helpers a program may call: for every
 * program variant (type, expected attach type, sleepable flag, BTF target),
 * privilege and helper id it loads "call id; r0 = 0; exit" and reads what
 * the verifier says about the call. check_helper_call() looks the helper up
 * before it looks at any argument, so the argument registers need no set-up
 * for that; hp_load_insns() can also set them, to probe the arguments.
 *
 * Shared by tools/gen-helper-access.c, which writes
 * src/spec/helper_access_table.c, and tests/unit/test_helpers_kernel.c, which
 * compares that table with the running kernel. Everything here is static
 * inline. Needs libbpf (vmlinux BTF look-ups). */
#ifndef BV_TOOLS_HELPER_PROBE_H
#define BV_TOOLS_HELPER_PROBE_H

#include "bpfverify.h"
#include "spec/helpers.h"

#include <bpf/btf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <linux/capability.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define HP_LOG_SIZE 8192
#define HP_CAP_BPF 39
#define HP_SLEEPABLE (1u << 4) /* BPF_F_SLEEPABLE */

/* The verifier's words for each outcome (kernel/bpf/verifier.c); the
 * formats of spec/helpers.h cut before their first conversion. */
#define HP_TEXT_DENIED "program of this type cannot use helper "
#define HP_TEXT_INVALID "invalid func "
#define HP_TEXT_GPL BV_MSG_HELPER_GPL
#define HP_TEXT_SLEEP BV_MSG_HELPER_MIGHT_SLEEP
#define HP_TEXT_PROBE BV_MSG_HELPER_NOT_IN_PROBE

enum hp_outcome {
	HP_ALLOWED,	 /* the verifier went on to the arguments */
	HP_DENIED,	 /* "program of this type cannot use helper" */
	HP_INVALID,	 /* "invalid func": id out of range */
	HP_GPL,		 /* gpl_only helper, non-GPL license */
	HP_SLEEP,	 /* might_sleep helper, non-sleepable program */
	HP_NOT_IN_PROBE, /* the proto's allowed() callback refused */
	HP_NO_LOAD,	 /* refused before the verifier reached the call */
};

/* One way to load a program type. btf_target names the vmlinux BTF type
 * the program attaches to (kind btf_kind); for struct_ops, member names the
 * struct member whose index becomes the expected attach type. */
struct hp_variant {
	const char *prog_type;
	const char *attach_type; /* NULL: 0 */
	bool sleepable;
	const char *btf_target;
	int btf_kind;
	const char *member;
};

#define HP_V(t) { .prog_type = (t) }
#define HP_VA(t, a) { .prog_type = (t), .attach_type = (a) }
#define HP_VS(t, a) { .prog_type = (t), .attach_type = (a), .sleepable = true }
#define HP_VF(t, a, s, f)                                                      \
	{ .prog_type = (t), .attach_type = (a), .sleepable = (s),              \
	  .btf_target = (f), .btf_kind = BTF_KIND_FUNC }
#define HP_VOPS(s, m)                                                          \
	{ .prog_type = "struct_ops", .btf_target = (s),                        \
	  .btf_kind = BTF_KIND_STRUCT, .member = (m) }

/* The first variant of each program type is its default. Types that need
 * an attach target in another program (ext) are not measured. */
static const struct hp_variant hp_variants[] = {
	HP_V("socket_filter"),
	HP_V("kprobe"),
	HP_VA("kprobe", "trace_kprobe_multi"),
	HP_VA("kprobe", "trace_kprobe_session"),
	HP_VA("kprobe", "trace_uprobe_multi"),
	HP_VS("kprobe", "trace_uprobe_multi"),
	HP_VA("kprobe", "perf_event"),
	HP_V("sched_cls"),
	HP_V("sched_act"),
	HP_V("tracepoint"),
	HP_V("xdp"),
	HP_VA("xdp", "xdp_devmap"),
	HP_VA("xdp", "xdp_cpumap"),
	HP_V("perf_event"),
	HP_V("cgroup_skb"),
	HP_VA("cgroup_skb", "cgroup_inet_egress"),
	HP_V("cgroup_sock"),
	HP_VA("cgroup_sock", "cgroup_inet_sock_release"),
	HP_VA("cgroup_sock", "cgroup_inet4_post_bind"),
	HP_VA("cgroup_sock", "cgroup_inet6_post_bind"),
	HP_V("lwt_in"),
	HP_V("lwt_out"),
	HP_V("lwt_xmit"),
	HP_V("sock_ops"),
	HP_V("sk_skb"),
	HP_VA("sk_skb", "sk_skb_stream_verdict"),
	HP_VA("sk_skb", "sk_skb_verdict"),
	HP_V("cgroup_device"),
	HP_V("sk_msg"),
	HP_V("raw_tracepoint"),
	HP_VA("cgroup_sock_addr", "cgroup_inet4_bind"),
	HP_VA("cgroup_sock_addr", "cgroup_inet6_bind"),
	HP_VA("cgroup_sock_addr", "cgroup_inet4_connect"),
	HP_VA("cgroup_sock_addr", "cgroup_inet6_connect"),
	HP_VA("cgroup_sock_addr", "cgroup_udp4_sendmsg"),
	HP_VA("cgroup_sock_addr", "cgroup_udp6_sendmsg"),
	HP_VA("cgroup_sock_addr", "cgroup_udp4_recvmsg"),
	HP_VA("cgroup_sock_addr", "cgroup_udp6_recvmsg"),
	HP_VA("cgroup_sock_addr", "cgroup_inet4_getpeername"),
	HP_VA("cgroup_sock_addr", "cgroup_inet6_getpeername"),
	HP_VA("cgroup_sock_addr", "cgroup_inet4_getsockname"),
	HP_VA("cgroup_sock_addr", "cgroup_inet6_getsockname"),
	HP_VA("cgroup_sock_addr", "cgroup_unix_connect"),
	HP_VA("cgroup_sock_addr", "cgroup_unix_sendmsg"),
	HP_VA("cgroup_sock_addr", "cgroup_unix_recvmsg"),
	HP_VA("cgroup_sock_addr", "cgroup_unix_getpeername"),
	HP_VA("cgroup_sock_addr", "cgroup_unix_getsockname"),
	HP_V("lwt_seg6local"),
	HP_V("lirc_mode2"),
	HP_V("sk_reuseport"),
	HP_VA("sk_reuseport", "sk_reuseport_select_or_migrate"),
	HP_V("flow_dissector"),
	HP_V("cgroup_sysctl"),
	HP_V("raw_tracepoint_writable"),
	HP_VA("cgroup_sockopt", "cgroup_getsockopt"),
	HP_VA("cgroup_sockopt", "cgroup_setsockopt"),
	{ .prog_type = "tracing",
	  .attach_type = "trace_raw_tp",
	  .btf_target = "btf_trace_sched_switch",
	  .btf_kind = BTF_KIND_TYPEDEF },
	HP_VF("tracing", "trace_fentry", false, "bpf_fentry_test1"),
	HP_VF("tracing", "trace_fexit", false, "bpf_fentry_test1"),
	HP_VF("tracing", "modify_return", false, "bpf_modify_return_test"),
	HP_VF("tracing", "trace_fentry", true, "bpf_modify_return_test"),
	HP_VF("tracing", "trace_iter", false, "bpf_iter_task"),
	HP_VF("tracing", "trace_iter", true, "bpf_iter_task"),
	HP_VOPS("tcp_congestion_ops", "ssthresh"),
	HP_VOPS("tcp_congestion_ops", "release"),
	HP_VF("lsm", "lsm_mac", false, "bpf_lsm_file_open"),
	HP_VF("lsm", "lsm_mac", true, "bpf_lsm_file_open"),
	HP_VF("lsm", "lsm_cgroup", false, "bpf_lsm_socket_bind"),
	HP_VA("sk_lookup", "sk_lookup"),
	{ .prog_type = "syscall", .sleepable = true },
	HP_VA("netfilter", "netfilter"),
};

#define HP_N_VARIANTS (sizeof(hp_variants) / sizeof(hp_variants[0]))

/* A variant resolved to the numbers bpf(BPF_PROG_LOAD) takes. */
struct hp_load {
	uint32_t prog_type;
	uint32_t attach_type;
	uint32_t flags;
	uint32_t attach_btf_id;
};

static inline int hp_member_index(const struct btf *btf, int type_id,
				  const char *member)
{
	const struct btf_type *t = btf__type_by_id(btf, (uint32_t)type_id);
	const struct btf_member *m = btf_members(t);

	for (int i = 0; i < btf_vlen(t); i++)
		if (!strcmp(btf__name_by_offset(btf, m[i].name_off), member))
			return i;
	return -1;
}

/* Fills ld from v; -1 when a name or BTF target is unknown here. */
static inline int hp_resolve(const struct hp_variant *v,
			     const struct btf *btf, struct hp_load *ld)
{
	int id;

	memset(ld, 0, sizeof(*ld));
	if (bv_prog_type_from_name(v->prog_type, &ld->prog_type))
		return -1;
	if (v->attach_type &&
	    bv_attach_type_from_name(v->attach_type, &ld->attach_type))
		return -1;
	ld->flags = v->sleepable ? HP_SLEEPABLE : 0;
	if (!v->btf_target)
		return 0;
	if (!btf)
		return -1;
	id = btf__find_by_name_kind(btf, v->btf_target, v->btf_kind);
	if (id <= 0)
		return -1;
	ld->attach_btf_id = (uint32_t)id;
	if (v->member) {
		int idx = hp_member_index(btf, id, v->member);

		if (idx < 0)
			return -1;
		ld->attach_type = (uint32_t)idx;
	}
	return 0;
}

/* What an argument register holds before the call. */
enum hp_fill {
	HP_FILL_ZERO,  /* scalar 0 */
	HP_FILL_CTX,   /* the context pointer */
	HP_FILL_STACK, /* fp-64, 64 bytes of zeroed stack */
	HP_FILL_SIZE,  /* scalar 8 */
};

#define HP_MAX_INSNS 32

static inline struct bv_insn hp_insn(uint8_t code, uint8_t dst, uint8_t src,
				     int16_t off, int32_t imm)
{
	return (struct bv_insn){ .code = code, .dst_reg = dst, .src_reg = src,
				 .off = off, .imm = imm };
}

/* Opcodes the probes use. */
#define HP_MOV_IMM 0xb7	 /* BPF_ALU64 | BPF_MOV | BPF_K */
#define HP_MOV_REG 0xbf	 /* BPF_ALU64 | BPF_MOV | BPF_X */
#define HP_ADD_IMM 0x07	 /* BPF_ALU64 | BPF_ADD | BPF_K */
#define HP_ST_DW 0x7a	 /* BPF_ST | BPF_MEM | BPF_DW */
#define HP_CALL 0x85	 /* BPF_JMP | BPF_CALL */
#define HP_EXIT 0x95	 /* BPF_JMP | BPF_EXIT */

/* Sets argument register r as fill says. */
static inline uint32_t hp_fill_reg(uint8_t r, enum hp_fill fill,
				   struct bv_insn *insns)
{
	switch (fill) {
	case HP_FILL_ZERO:
		insns[0] = hp_insn(HP_MOV_IMM, r, 0, 0, 0);
		return 1;
	case HP_FILL_SIZE:
		insns[0] = hp_insn(HP_MOV_IMM, r, 0, 0, 8);
		return 1;
	case HP_FILL_CTX:
		insns[0] = hp_insn(HP_MOV_REG, r, 6, 0, 0);
		return 1;
	case HP_FILL_STACK:
		insns[0] = hp_insn(HP_MOV_REG, r, 10, 0, 0);
		insns[1] = hp_insn(HP_ADD_IMM, r, 0, 0, -64);
		return 2;
	}
	return 0;
}

/* r6 = r1 (the context); 64 zeroed bytes below fp; r1-r5 as fill says. */
static inline uint32_t hp_fill_insns(const enum hp_fill fill[5],
				     struct bv_insn *insns)
{
	uint32_t n = 0;

	insns[n++] = hp_insn(HP_MOV_REG, 6, 1, 0, 0);
	for (int16_t off = -64; off < 0; off += 8)
		insns[n++] = hp_insn(HP_ST_DW, 10, 0, off, 0);
	for (uint8_t r = 1; r <= 5; r++)
		n += hp_fill_reg(r, fill[r - 1], insns + n);
	return n;
}

/* Loads the n instructions insns as variant ld; returns the fd (closed)
 * or -errno, log filled at level 1. */
static inline int hp_load_prog(const struct hp_load *ld,
			       const struct bv_insn *insns, uint32_t n,
			       const char *license, char *log, size_t len)
{
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.prog_type = ld->prog_type;
	a.expected_attach_type = ld->attach_type;
	a.prog_flags = ld->flags;
	a.attach_btf_id = ld->attach_btf_id;
	a.insns = (uintptr_t)insns;
	a.insn_cnt = n;
	a.license = (uintptr_t)license;
	a.log_buf = (uintptr_t)log;
	a.log_size = (uint32_t)len;
	a.log_level = 1;
	log[0] = '\0';
	fd = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &a, sizeof(a));
	if (fd < 0)
		return -errno;
	close(fd);
	return fd;
}

/* Loads "call id; r0 = 0; exit" after setting the argument registers as
 * fill says (NULL: leave them); returns the fd or -errno, log filled. */
static inline int hp_load_insns(const struct hp_load *ld, int32_t id,
				const enum hp_fill *fill, const char *license,
				char *log, size_t len)
{
	struct bv_insn insns[HP_MAX_INSNS];
	uint32_t n = fill ? hp_fill_insns(fill, insns) : 0;

	insns[n++] = hp_insn(HP_CALL, 0, 0, 0, id);
	insns[n++] = hp_insn(HP_MOV_IMM, 0, 0, 0, 0);
	insns[n++] = hp_insn(HP_EXIT, 0, 0, 0, 0);
	return hp_load_prog(ld, insns, n, license, log, len);
}

static inline int hp_load_call(const struct hp_load *ld, int32_t id,
			       const char *license, char *log, size_t len)
{
	return hp_load_insns(ld, id, NULL, license, log, len);
}

static const struct {
	const char *text;
	enum hp_outcome outcome;
} hp_texts[] = {
	{ HP_TEXT_DENIED, HP_DENIED }, { HP_TEXT_INVALID, HP_INVALID },
	{ HP_TEXT_GPL, HP_GPL },       { HP_TEXT_SLEEP, HP_SLEEP },
	{ HP_TEXT_PROBE, HP_NOT_IN_PROBE },
};

static inline enum hp_outcome hp_classify(int rc, const char *log)
{
	for (size_t i = 0; i < sizeof(hp_texts) / sizeof(hp_texts[0]); i++)
		if (strstr(log, hp_texts[i].text))
			return hp_texts[i].outcome;
	/* The verifier printed the call instruction: it reached it. */
	if (rc >= 0 || strstr(log, "(85) call "))
		return HP_ALLOWED;
	return HP_NO_LOAD;
}

static inline enum hp_outcome hp_probe(const struct hp_load *ld, int32_t id,
				       const char *license)
{
	char log[HP_LOG_SIZE];
	int rc = hp_load_call(ld, id, license, log, sizeof(log));

	return hp_classify(rc, log);
}

/* Keeps CAP_BPF only: a loader without CAP_PERFMON or CAP_SYS_ADMIN. */
static inline int hp_drop_to_cap_bpf(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	data[1].effective = data[1].permitted = 1u << (HP_CAP_BPF - 32);
	return (int)syscall(SYS_capset, &hdr, data);
}

/* Probes ids [0, n) with a GPL license as priv would; out[id] is the
 * outcome. A CAP_BPF loader runs in a child. -1 when that fails. */
static inline int hp_probe_all(const struct hp_load *ld,
			       enum bv_privilege priv, int32_t n,
			       unsigned char *out)
{
	unsigned char *shared;
	pid_t pid;
	int status, rc = -1;

	if (priv == BV_PRIV_ROOT) {
		for (int32_t id = 0; id < n; id++)
			out[id] = (unsigned char)hp_probe(ld, id, "GPL");
		return 0;
	}
	shared = mmap(NULL, (size_t)n, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		return -1;
	pid = fork();
	if (pid == 0) {
		if (hp_drop_to_cap_bpf())
			_exit(1);
		for (int32_t id = 0; id < n; id++)
			shared[id] = (unsigned char)hp_probe(ld, id, "GPL");
		_exit(0);
	}
	if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0) {
		memcpy(out, shared, (size_t)n);
		rc = 0;
	}
	munmap(shared, (size_t)n);
	return rc;
}

/* Whether this process may load every program type: a tracepoint program
 * (CAP_PERFMON) is refused with EPERM, not with the verifier's EINVAL,
 * when it may not. */
static inline bool hp_kernel_usable(void)
{
	struct hp_load ld = { .prog_type = BPF_PROG_TYPE_TRACEPOINT };
	char log[HP_LOG_SIZE];
	int rc = hp_load_call(&ld, BV_HELPER_COUNT, "GPL", log, sizeof(log));

	return rc == -EINVAL;
}

#endif
