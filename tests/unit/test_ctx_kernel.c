/* SPDX-License-Identifier: MIT */
/* Differential test of the context tables (src/spec/ctx*.c) against the
 * running kernel: for each modelled program type (and attach type), loads
 * "<access>; r0 = 1; exit" (1 suits every hook's return range) for every
 * offset around the context, sizes 1/2/4/8 and four accesses (load,
 * sign-extending load, BPF_STX store, BPF_ST store), and compares the
 * verdict, the error line and, for an accepted load, R0's state in the
 * log_level 2 text (its pointer type, or a scalar's bounds). CAP_BPF-only
 * loading runs in a child that drops every capability but CAP_BPF: it
 * sweeps the types such a loader may load and checks that the others are
 * refused with EPERM. A few fixed programs check the other ctx-pointer
 * messages. Skips (exit 0) when bpf() is not permitted. */
#include "spec/ctx.h"
#include "spec/types.h"
#include "../kernel_build.h"

#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define LOG_SIZE (1u << 16)
#define MAX_REPORTS 40
#define CAP_BPF_BIT 39

struct target {
	const char *name;
	uint32_t prog_type, attach, flags;
	bool bpf_only; /* loadable, and swept, as a CAP_BPF-only loader */
};

#define SLEEPABLE 16 /* BPF_F_SLEEPABLE */
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* enum bpf_prog_type and enum bpf_attach_type numbers. */
static const struct target targets[] = {
	{ "socket_filter", 1, 0, 0, true },
	{ "kprobe", 2, 0, 0, false },
	{ "sched_cls", 3, 0, 0, false },
	{ "sched_act", 4, 0, 0, false },
	{ "tracepoint", 5, 0, 0, false },
	{ "xdp", 6, 0, 0, false },
	{ "xdp/devmap", 6, 33, 0, false },
	{ "xdp/cpumap", 6, 35, 0, false },
	{ "perf_event", 7, 0, 0, false },
	{ "cgroup_skb/ingress", 8, 0, 0, true },
	{ "cgroup_skb/egress", 8, 1, 0, true },
	{ "cgroup_sock/0", 9, 0, 0, false },
	{ "cgroup_sock/create", 9, 2, 0, false },
	{ "cgroup_sock/post_bind4", 9, 12, 0, false },
	{ "cgroup_sock/post_bind6", 9, 13, 0, false },
	{ "cgroup_sock/release", 9, 34, 0, false },
	{ "lwt_in", 10, 0, 0, false },
	{ "lwt_out", 11, 0, 0, false },
	{ "lwt_xmit", 12, 0, 0, false },
	{ "sock_ops", 13, 0, 0, false },
	{ "sk_skb", 14, 0, 0, false },
	{ "cgroup_device", 15, 6, 0, false },
	{ "sk_msg", 16, 0, 0, false },
	{ "raw_tracepoint", 17, 0, 0, false },
	{ "sock_addr/inet4_bind", 18, 8, 0, false },
	{ "sock_addr/inet6_bind", 18, 9, 0, false },
	{ "sock_addr/inet4_connect", 18, 10, 0, false },
	{ "sock_addr/inet6_connect", 18, 11, 0, false },
	{ "sock_addr/udp4_sendmsg", 18, 14, 0, false },
	{ "sock_addr/udp6_sendmsg", 18, 15, 0, false },
	{ "sock_addr/udp4_recvmsg", 18, 19, 0, false },
	{ "sock_addr/udp6_recvmsg", 18, 20, 0, false },
	{ "sock_addr/inet4_getpeername", 18, 29, 0, false },
	{ "sock_addr/inet6_getpeername", 18, 30, 0, false },
	{ "sock_addr/inet4_getsockname", 18, 31, 0, false },
	{ "sock_addr/inet6_getsockname", 18, 32, 0, false },
	{ "sock_addr/unix_connect", 18, 49, 0, false },
	{ "sock_addr/unix_sendmsg", 18, 50, 0, false },
	{ "sock_addr/unix_recvmsg", 18, 51, 0, false },
	{ "sock_addr/unix_getpeername", 18, 52, 0, false },
	{ "sock_addr/unix_getsockname", 18, 53, 0, false },
	{ "lwt_seg6local", 19, 0, 0, false },
	{ "sk_reuseport/select", 21, 39, 0, true },
	{ "sk_reuseport/migrate", 21, 40, 0, true },
	{ "flow_dissector", 22, 0, 0, false },
	{ "cgroup_sysctl", 23, 18, 0, false },
	{ "raw_tracepoint_writable", 24, 0, 0, false },
	{ "cgroup_sockopt/get", 25, 21, 0, false },
	{ "cgroup_sockopt/set", 25, 22, 0, false },
	{ "sk_lookup", 30, 36, 0, true },
	{ "syscall", 31, 0, SLEEPABLE, true },
};

enum kind { LOAD, STORE_REG, STORE_IMM, LOAD_SX };
static const char *const kind_names[] = { "ldx", "stx", "st", "ldsx" };
static const enum bv_ctx_op ops[] = { BV_CTX_READ, BV_CTX_WRITE, BV_CTX_WRITE,
				      BV_CTX_READ_SX };

struct tally {
	unsigned passed, failed, skipped, reports, drifted;
};

/* Disagreements on a non-reference kernel (../kernel_build.h); the CAP_BPF
 * child lists its own and sends them back through its pipe. */
static struct drift g_drift;

struct outcome {
	bool accepted;
	char error[256];
	char r0[160]; /* R0's state after an accepted load */
};

static char log_buf[LOG_SIZE];

static struct bpf_insn insn(uint8_t code, uint8_t dst, uint8_t src,
			    int16_t off, int32_t imm)
{
	struct bpf_insn i = { .code = code, .dst_reg = dst, .src_reg = src,
			      .off = off, .imm = imm };
	return i;
}

/* Loads insns; returns 0, or the errno of a refused load. */
static int load(const struct target *t, const struct bpf_insn *insns,
		unsigned n)
{
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.prog_type = t->prog_type;
	a.expected_attach_type = t->attach;
	a.prog_flags = t->flags;
	a.insns = (uint64_t)(uintptr_t)insns;
	a.insn_cnt = n;
	a.license = (uint64_t)(uintptr_t)"GPL";
	a.log_level = 2;
	a.log_buf = (uint64_t)(uintptr_t)log_buf;
	a.log_size = LOG_SIZE;
	log_buf[0] = '\0';
	fd = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &a, sizeof(a));
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return errno;
}

/* The error: the last line before "processed ..." (verbose lines such as
 * mark_precise's may come between the instruction and it). */
static void error_line(const char *log, char *out, size_t len)
{
	const char *end = strstr(log, "\nprocessed ");
	const char *start;

	if (!end)
		end = log + strlen(log);
	start = end;
	while (start > log && start[-1] != '\n')
		start--;
	snprintf(out, len, "%.*s", (int)(end - start), start);
}

/* R0's state on the state line of instruction 0 ("R0=pkt(r=0)"): the text
 * after "R0=" up to the first space outside parentheses. */
static void r0_state(const char *log, char *out, size_t len)
{
	const char *line = strstr(log, "\n0: (");
	const char *end = line ? strchr(line + 1, '\n') : NULL;
	const char *r0 = line ? strstr(line, " R0=") : NULL;
	size_t n = 0;
	int depth = 0;

	out[0] = '\0';
	if (!r0 || (end && r0 > end))
		return;
	for (r0 += 4; r0[n] && r0[n] != '\n' && (depth || r0[n] != ' '); n++)
		depth += (r0[n] == '(') - (r0[n] == ')');
	snprintf(out, len, "%.*s", (int)n, r0);
}

static uint8_t size_code(int size)
{
	switch (size) {
	case 1:
		return BPF_B;
	case 2:
		return BPF_H;
	case 4:
		return BPF_W;
	default:
		return BPF_DW;
	}
}

/* "<access>; r0 = 1; exit"; a store of r2 sets r2 = 0 first. */
static unsigned probe_prog(enum kind k, int off, int size, struct bpf_insn *p)
{
	unsigned n = 0;

	if (k == LOAD)
		p[n++] = insn(BPF_LDX | BPF_MEM | size_code(size), 0, 1,
			      (int16_t)off, 0);
	if (k == STORE_REG) {
		p[n++] = insn(BPF_ALU64 | BPF_MOV | BPF_K, 2, 0, 0, 0);
		p[n++] = insn(BPF_STX | BPF_MEM | size_code(size), 1, 2,
			      (int16_t)off, 0);
	}
	if (k == LOAD_SX)
		p[n++] = insn(BPF_LDX | 0x80 | size_code(size), 0, 1,
			      (int16_t)off, 0);
	if (k == STORE_IMM)
		p[n++] = insn(BPF_ST | BPF_MEM | size_code(size), 1, 0,
			      (int16_t)off, 0);
	p[n++] = insn(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 1);
	p[n++] = insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	return n;
}

static void kernel_outcome(const struct target *t, enum kind k, int off,
			   int size, struct outcome *o)
{
	struct bpf_insn p[4];
	unsigned n = probe_prog(k, off, size, p);

	o->accepted = load(t, p, n) == 0;
	o->error[0] = o->r0[0] = '\0';
	if (!o->accepted)
		error_line(log_buf, o->error, sizeof(o->error));
	else if (k == LOAD || k == LOAD_SX)
		r0_state(log_buf, o->r0, sizeof(o->r0));
}

/* How the kernel prints a register of each type a context load yields. */
static const char *reg_name(uint32_t type)
{
	switch (type) {
	case BV_PTR_TO_PACKET:
		return "pkt";
	case BV_PTR_TO_PACKET_END:
		return "pkt_end";
	case BV_PTR_TO_PACKET_META:
		return "pkt_meta";
	case BV_PTR_TO_SOCK_COMMON_OR_NULL:
		return "sock_common_or_null";
	case BV_PTR_TO_SOCKET_OR_NULL:
		return "sock_or_null";
	case BV_PTR_TO_SOCKET:
		return "sock";
	case BV_PTR_TO_FLOW_KEYS:
		return "flow_keys";
	case BV_PTR_TO_TP_BUFFER:
		return "tp_buffer";
	default:
		return "?";
	}
}

/* The state of a scalar loaded with size bytes: zero-extended
 * (coerce_reg_to_size) or sign-extended (coerce_reg_to_size_sx). */
static const char *scalar_text(int size, bool sx)
{
	switch (size) {
	case 1:
		return sx ? "scalar(smin=smin32=-128,smax=smax32=127)"
			  : "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,"
			    "var_off=(0x0; 0xff))";
	case 2:
		return sx ? "scalar(smin=smin32=-32768,smax=smax32=32767)"
			  : "scalar(smin=smin32=0,smax=umax=smax32=umax32="
			    "0xffff,var_off=(0x0; 0xffff))";
	case 4:
		return sx ? "scalar(smin=0xffffffff80000000,smax=0x7fffffff)"
			  : "scalar(smin=0,smax=umax=0xffffffff,"
			    "var_off=(0x0; 0xffffffff))";
	default:
		return "scalar()";
	}
}

/* Whether R0's printed state matches a load yielding type. */
static bool r0_matches(const char *r0, uint32_t type, int size, bool sx)
{
	size_t n;

	if (type == BV_SCALAR_VALUE)
		return !strcmp(r0, scalar_text(size, sx));
	n = strlen(reg_name(type));
	return !strncmp(r0, reg_name(type), n) && r0[n] == '(';
}

static void model_outcome(const struct target *t, enum kind k, int off,
			  int size, struct outcome *o, uint32_t *reg_type)
{
	struct bv_ctx_access_info info;

	o->accepted = bv_ctx_access(t->prog_type, t->attach, off, size,
				    ops[k], &info);
	o->error[0] = o->r0[0] = '\0';
	*reg_type = o->accepted ? info.reg_type : BV_SCALAR_VALUE;
	if (!o->accepted)
		bv_ctx_invalid_msg(o->error, sizeof(o->error), off, size);
}

static void report(struct tally *tl, const char *what, const char *got,
		   const char *want)
{
	if (drift_note(&g_drift, what, "bpfverify", want, got)) {
		tl->drifted++;
		return;
	}
	tl->failed++;
	if (tl->reports++ < MAX_REPORTS)
		fprintf(stderr, "ctx-kernel: %s: kernel \"%s\", model \"%s\"\n",
			what, got, want);
}

static void compare(const struct target *t, const char *priv, enum kind k,
		    int off, int size, struct tally *tl)
{
	struct outcome kern, model;
	uint32_t reg_type;
	char what[160];

	kernel_outcome(t, k, off, size, &kern);
	model_outcome(t, k, off, size, &model, &reg_type);
	snprintf(what, sizeof(what), "%s %s %s off=%d size=%d", t->name, priv,
		 kind_names[k], off, size);
	if (kern.accepted != model.accepted)
		report(tl, what, kern.accepted ? "accepted" : kern.error,
		       model.accepted ? "accepted" : model.error);
	else if (strcmp(kern.error, model.error))
		report(tl, what, kern.error, model.error);
	else if (kern.accepted && (k == LOAD || k == LOAD_SX) &&
		 !r0_matches(kern.r0, reg_type, size, k == LOAD_SX))
		report(tl, what, kern.r0,
		       reg_type == BV_SCALAR_VALUE
			       ? scalar_text(size, k == LOAD_SX)
			       : reg_name(reg_type));
	else
		tl->passed++;
}

/* Whether the kernel loads the type at all: "r0 = 1; exit". */
static int loadable(const struct target *t)
{
	struct bpf_insn p[2];

	p[0] = insn(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 1);
	p[1] = insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	return load(t, p, 2);
}

static void compare_all(const struct target *t, const char *priv, int off,
			struct tally *tl)
{
	for (int size = 1; size <= 8; size *= 2)
		for (int k = LOAD; k <= LOAD_SX; k++)
			if (k != LOAD_SX || size < 8)
				compare(t, priv, (enum kind)k, off, size, tl);
}

/* Offsets far outside every context, at the ends of the s16 range. */
static const int far_offsets[] = { INT16_MIN, INT16_MIN + 1, -4096, -20,
				   4096, INT16_MAX - 7, INT16_MAX };

/* Every offset near the context (and its first 256 bytes), every fourth
 * elsewhere, up to the s16 limit of an instruction's offset. */
static void sweep(const struct target *t, const char *priv, struct tally *tl)
{
	int size = (int)bv_ctx_size(t->prog_type);
	int end = size + 8 < INT16_MAX ? size + 8 : INT16_MAX;

	for (int off = -8; off <= end;
	     off += off < 256 || off >= size - 16 ? 1 : 4)
		compare_all(t, priv, off, tl);
	for (size_t i = 0; i < N_OF(far_offsets); i++)
		compare_all(t, priv, far_offsets[i], tl);
}

/* A fixed program and the error line it must end with. */
static void fixed(const struct target *t, const char *what,
		  const struct bpf_insn *p, unsigned n, const char *want,
		  struct tally *tl)
{
	char got[256];

	if (load(t, p, n) == 0)
		snprintf(got, sizeof(got), "accepted");
	else
		error_line(log_buf, got, sizeof(got));
	if (strcmp(got, want))
		report(tl, what, got, want);
	else
		tl->passed++;
}

#define ALU_K(op, d, imm) insn(BPF_ALU64 | (op) | BPF_K, d, 0, 0, imm)
#define ALU_X(op, d, s) insn(BPF_ALU64 | (op) | BPF_X, d, s, 0, 0)
#define LDX_W(d, s, o) insn(BPF_LDX | BPF_MEM | BPF_W, d, s, o, 0)
#define RET1 ALU_K(BPF_MOV, 0, 1), insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* The ctx-pointer messages other than BV_CTX_MSG_INVALID. */
static void fixed_messages(const struct target *t, bool bpf_only,
			   struct tally *tl)
{
	const struct bpf_insn mod[] = { ALU_K(BPF_ADD, 1, 8), LDX_W(0, 1, 0),
					RET1 };
	const struct bpf_insn neg[] = { ALU_K(BPF_ADD, 1, -8), LDX_W(0, 1, 8),
					RET1 };
	const struct bpf_insn var[] = { LDX_W(2, 1, 0), ALU_K(BPF_AND, 2, 4),
					ALU_X(BPF_ADD, 1, 2), LDX_W(0, 1, 0),
					RET1 };
	const struct bpf_insn atomic[] = {
		ALU_K(BPF_MOV, 2, 1),
		insn(BPF_STX | BPF_ATOMIC | BPF_W, 1, 2, 48, BPF_ADD), RET1
	};
	const struct bpf_insn leak[] = {
		ALU_X(BPF_MOV, 2, 10),
		insn(BPF_STX | BPF_MEM | BPF_DW, 1, 2, 48, 0), RET1
	};
	char want[160];

	snprintf(want, sizeof(want), BV_CTX_MSG_MODIFIED, 1, 8);
	fixed(t, "modified ctx", mod, N_OF(mod), want, tl);
	snprintf(want, sizeof(want), BV_CTX_MSG_NEGATIVE, 1, -8);
	fixed(t, "negative ctx", neg, N_OF(neg), want, tl);
	/* Without CAP_PERFMON the variable addition itself is refused
	 * (sanitize_ptr_alu has no limit for a ctx pointer). */
	if (bpf_only)
		snprintf(want, sizeof(want), "%s",
			 "R1 has pointer with unsupported alu operation, "
			 "pointer arithmetic with it prohibited for !root");
	else
		snprintf(want, sizeof(want), BV_CTX_MSG_VARIABLE, "(0x0; 0x4)");
	fixed(t, "variable ctx", var, N_OF(var), want, tl);
	snprintf(want, sizeof(want), BV_CTX_MSG_ATOMIC, 1);
	fixed(t, "atomic ctx", atomic, N_OF(atomic), want, tl);
	/* A pointer stored into cb[]: allowed with CAP_PERFMON only. */
	if (bpf_only)
		snprintf(want, sizeof(want), BV_CTX_MSG_LEAK, 2);
	else
		snprintf(want, sizeof(want), "accepted");
	fixed(t, "pointer into ctx", leak, N_OF(leak), want, tl);
}

/* A type a CAP_BPF-only loader may not load must be refused with EPERM. */
static void check_refused(const struct target *t, struct tally *tl)
{
	int err = loadable(t);

	if (err == EPERM)
		tl->passed++;
	else
		report(tl, t->name, err ? strerror(err) : "loaded",
		       "EPERM for CAP_BPF only");
}

static void run(bool bpf_only, struct tally *tl)
{
	const char *priv = bpf_only ? "bpf_only" : "root";

	for (size_t i = 0; i < N_OF(targets); i++) {
		const struct target *t = &targets[i];
		int err;

		if (bpf_only && !t->bpf_only) {
			check_refused(t, tl);
			continue;
		}
		err = loadable(t);
		if (err) {
			fprintf(stderr, "ctx-kernel: %s %s: not loadable: %s\n",
				t->name, priv, strerror(err));
			tl->skipped++;
			continue;
		}
		sweep(t, priv, tl);
	}
	fixed_messages(&targets[0], bpf_only, tl);
}

/* capset() to CAP_BPF alone: effective and permitted. */
static int drop_to_cap_bpf(void)
{
	struct {
		uint32_t version;
		int pid;
	} hdr = { 0x20080522 /* _LINUX_CAPABILITY_VERSION_3 */, 0 };
	const uint32_t bpf = 1u << (CAP_BPF_BIT - 32);
	struct {
		uint32_t effective, permitted, inheritable;
	} data[2] = { { 0, 0, 0 }, { bpf, bpf, 0 } };

	return (int)syscall(SYS_capset, &hdr, data);
}

/* The child's drift section, read from fd to its end, into ours. */
static void copy_drift(int fd)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, g_drift.section);
}

/* Runs the CAP_BPF-only sweep in a child; its tally comes back by pipe. */
static void run_bpf_only(struct tally *tl)
{
	int fds[2], status;
	struct tally child = { 0 };
	pid_t pid;

	if (pipe(fds) || (pid = fork()) < 0) {
		tl->failed++;
		return;
	}
	if (pid == 0) {
		close(fds[0]);
		drift_init(&g_drift);
		if (drop_to_cap_bpf())
			child.failed++;
		else
			run(true, &child);
		fflush(g_drift.section);
		if (write(fds[1], &child, sizeof(child)) != sizeof(child) ||
		    (g_drift.len &&
		     write(fds[1], g_drift.text, g_drift.len) != (ssize_t)g_drift.len))
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], &child, sizeof(child)) != sizeof(child))
		child.failed++;
	copy_drift(fds[0]);
	close(fds[0]);
	waitpid(pid, &status, 0);
	tl->passed += child.passed;
	tl->failed += child.failed;
	tl->skipped += child.skipped;
	tl->drifted += child.drifted;
	g_drift.count += child.drifted;
}

int main(void)
{
	struct tally tl = { 0 };
	int err = loadable(&targets[0]);

	if (err == EPERM || err == ENOSYS) {
		printf("ctx-kernel: bpf() refused (%s): skipped\n",
		       strerror(err));
		printf("ctx-kernel: 0 passed, 0 failed, 1 skipped\n");
		return 0;
	}
	drift_init(&g_drift);
	run(false, &tl);
	run_bpf_only(&tl);
	drift_report(&g_drift, "ctx-kernel");
	printf("ctx-kernel: %u passed, %u failed, %u skipped, %u kernel-drift\n",
	       tl.passed, tl.failed, tl.skipped, tl.drifted);
	return tl.failed ? 1 : 0;
}
