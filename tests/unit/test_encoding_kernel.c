/* SPDX-License-Identifier: MIT */
/* Differential test of the encoding and control-flow checks against the
 * running kernel: every probe program is loaded with bpf(BPF_PROG_LOAD) as
 * a socket filter (unless it says otherwise) with log_level 1, and the
 * kernel's error line must be bpfverify's:
 *   - the first fault of bv_static_checks, when it finds one;
 *   - otherwise, for the instruction under test (preceded by "r0 = 0"), the
 *     first of bv_check_insn's faults and the register checks do_check
 *     interleaves with them, in the order src/isa/validate.h documents;
 *   - otherwise no modelled message at all.
 * Faults bpf_prog_load reports without a log must match the errno and leave
 * the log empty. Prints "encoding-kernel: N passed, N failed, N skipped". */
#include "isa/opcodes.h"
#include "isa/validate.h"
#include "load/program.h"
#include "verify/cfg.h"
#include "../kernel_build.h"

#include <errno.h>
#include <linux/bpf.h>
#include <linux/capability.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define LOG_SIZE (1u << 20)
#define CAP_PERFMON_BIT 38
#define CAP_BPF_BIT 39
#define NO_TARGET ((size_t)-1)
/* Map loads in probes name kernel map k as fd MAP_BASE + k until loaded. */
#define MAP_BASE 5000
#define STRAY_FD 9999

#define INSN(c, d, s, o, i)                                                    \
	((struct bv_insn){ .code = (c), .dst_reg = (d), .src_reg = (s),        \
			   .off = (o), .imm = (i) })
#define MOV0 INSN(BV_ALU64 | BV_MOV | BV_K, 0, 0, 0, 0)
#define EXIT INSN(BV_JMP | BV_EXIT, 0, 0, 0, 0)
#define JA(off) INSN(BV_JMP | BV_JA, 0, 0, off, 0)
#define PCALL(imm) INSN(BV_JMP | BV_CALL, 0, BV_PSEUDO_CALL, 0, imm)
#define HCALL(imm) INSN(BV_JMP | BV_CALL, 0, 0, 0, imm)
#define LD64(dst, src, imm) INSN(BV_LD | BV_IMM | BV_DW, dst, src, 0, imm)
#define HALF(imm) INSN(0, 0, 0, 0, imm)

enum { PROG_SOCKET_FILTER = 1, PROG_KPROBE = 2, PROG_XDP = 6, PROG_SYSCALL = 31 };

struct probe {
	char name[96];
	struct bv_insn *insns;
	size_t n;
	uint32_t type;
	uint32_t flags;
	enum bv_privilege priv;
	size_t target; /* the instruction do_check is to fault on */
	bool no_maps;  /* declare none of the kernel maps */
};

struct probe_list {
	struct probe *v;
	size_t n, cap;
};

struct map_spec {
	const char *name;
	uint32_t type, key_size, value_size, max_entries;
};

/* The maps probes use, created once; every probe declares all of them
 * unless it says otherwise. */
static const struct map_spec map_specs[] = {
	{ "array1", BPF_MAP_TYPE_ARRAY, 4, 8, 1 },
	{ "array2", BPF_MAP_TYPE_ARRAY, 4, 8, 2 },
	{ "hash", BPF_MAP_TYPE_HASH, 4, 8, 4 },
	{ "percpu", BPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 1 },
	{ "cgstore1", BPF_MAP_TYPE_CGROUP_STORAGE, 8, 8, 0 },
	{ "cgstore2", BPF_MAP_TYPE_CGROUP_STORAGE, 8, 8, 0 },
	{ "pcpustore", BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE, 8, 8, 0 },
	{ "bloom", BPF_MAP_TYPE_BLOOM_FILTER, 0, 8, 4 },
};
#define N_KERNEL_MAPS (sizeof(map_specs) / sizeof(map_specs[0]))
enum { M_ARRAY1, M_ARRAY2, M_HASH, M_PERCPU, M_CG1, M_CG2, M_PCPUCG, M_BLOOM };

/* The kernel's fds for map_specs, in order: also the fd_array a load
 * passes, as the oracle does when a program declares maps. */
struct kernel_maps {
	int fd[N_KERNEL_MAPS];
};

struct tally {
	unsigned passed, failed, skipped;
	struct drift drift; /* disagreements with a non-reference kernel */
};

/* ---- the kernel ---- */

/* Lives in memory shared with the child that loads with CAP_BPF alone. */
struct kernel_result {
	int err; /* 0: loaded; else errno; -1: the kernel was not asked */
	char log[LOG_SIZE];
};

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

static void load_now(const struct probe *p, const struct bv_insn *insns,
		     const struct kernel_maps *km, struct kernel_result *res)
{
	union bpf_attr attr;
	long fd;

	memset(&attr, 0, sizeof(attr));
	res->log[0] = '\0';
	attr.prog_type = p->type;
	attr.insns = (uint64_t)(uintptr_t)insns;
	attr.insn_cnt = (uint32_t)p->n;
	attr.license = (uint64_t)(uintptr_t) "GPL";
	attr.log_level = 1;
	attr.log_buf = (uint64_t)(uintptr_t)res->log;
	attr.log_size = LOG_SIZE;
	attr.prog_flags = p->flags;
	if (!p->no_maps)
		attr.fd_array = (uint64_t)(uintptr_t)km->fd;
	fd = sys_bpf(BPF_PROG_LOAD, &attr);
	res->err = fd >= 0 ? 0 : errno;
	if (fd >= 0)
		close((int)fd);
}

static int drop_to_cap_bpf(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	data[1].effective = data[1].permitted = 1u << (CAP_BPF_BIT - 32);
	return (int)syscall(SYS_capset, &hdr, data);
}

/* Loads in a child holding CAP_BPF alone; res->log must be shared memory. */
static void load_as_cap_bpf(const struct probe *p, const struct bv_insn *insns,
			    const struct kernel_maps *km,
			    struct kernel_result *res)
{
	pid_t pid;
	int status;

	res->err = -1;
	res->log[0] = '\0';
	pid = fork();
	if (pid == 0) {
		if (drop_to_cap_bpf())
			_exit(3);
		load_now(p, insns, km, res);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		res->err = -1;
}

/* The probe's instructions with map placeholders replaced by real fds. */
static struct bv_insn *with_map_fds(const struct probe *p,
				    const struct kernel_maps *km)
{
	struct bv_insn *insns = malloc((p->n ? p->n : 1) * sizeof(*insns));

	if (!insns)
		return NULL;
	if (p->n)
		memcpy(insns, p->insns, p->n * sizeof(*insns));
	for (size_t i = 0; i < p->n; i++) {
		int k = insns[i].imm - MAP_BASE;

		if (bv_is_ldimm64(insns[i].code) &&
		    (insns[i].src_reg == BV_PSEUDO_MAP_FD ||
		     insns[i].src_reg == BV_PSEUDO_MAP_VALUE) &&
		    k >= 0 && (size_t)k < N_KERNEL_MAPS)
			insns[i].imm = km->fd[k];
	}
	return insns;
}

static bool create_maps(struct kernel_maps *km, char *why, size_t len)
{
	for (size_t k = 0; k < N_KERNEL_MAPS; k++)
		km->fd[k] = -1;
	for (size_t k = 0; k < N_KERNEL_MAPS; k++) {
		union bpf_attr attr;
		long fd;

		memset(&attr, 0, sizeof(attr));
		attr.map_type = map_specs[k].type;
		attr.key_size = map_specs[k].key_size;
		attr.value_size = map_specs[k].value_size;
		attr.max_entries = map_specs[k].max_entries;
		fd = sys_bpf(BPF_MAP_CREATE, &attr);
		if (fd < 0) {
			snprintf(why, len, "cannot create map %s: %s",
				 map_specs[k].name, strerror(errno));
			return false;
		}
		km->fd[k] = (int)fd;
	}
	return true;
}

static void close_maps(const struct kernel_maps *km)
{
	for (size_t k = 0; k < N_KERNEL_MAPS; k++)
		if (km->fd[k] >= 0)
			close(km->fd[k]);
}

/* Whether this process holds what BV_PRIV_ROOT stands for: CAP_BPF,
 * CAP_PERFMON, CAP_NET_ADMIN and CAP_SYS_ADMIN. (Unprivileged socket
 * filters may load where the sysctl allows it, with other rules.) */
static bool root_capabilities(char *why, size_t len)
{
	static const struct {
		unsigned bit;
		const char *name;
	} caps[] = {
		{ CAP_SYS_ADMIN, "CAP_SYS_ADMIN" },
		{ CAP_NET_ADMIN, "CAP_NET_ADMIN" },
		{ CAP_PERFMON_BIT, "CAP_PERFMON" },
		{ CAP_BPF_BIT, "CAP_BPF" },
	};
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data)) {
		snprintf(why, len, "capget: %s", strerror(errno));
		return false;
	}
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		unsigned bit = caps[i].bit;

		if (!(data[bit / 32].effective & (1u << (bit % 32)))) {
			snprintf(why, len, "%s is not effective", caps[i].name);
			return false;
		}
	}
	return true;
}

/* Whether bpf(BPF_PROG_LOAD) works here at all. */
static bool bpf_available(char *why, size_t len)
{
	struct bv_insn insns[] = { MOV0, EXIT };
	struct probe p = { .insns = insns, .n = 2, .type = PROG_SOCKET_FILTER,
			   .no_maps = true };
	struct kernel_result *res = malloc(sizeof(*res));
	bool ok;

	if (!res) {
		snprintf(why, len, "out of memory");
		return false;
	}
	load_now(&p, insns, NULL, res);
	ok = res->err == 0;
	if (!ok)
		snprintf(why, len, "bpf(BPF_PROG_LOAD) failed: %s",
			 strerror(res->err));
	free(res);
	return ok;
}

/* The kernel's error line: the line before the first "processed " line,
 * or the last line of a log without one. */
static void kernel_error_line(const char *log, char *out, size_t len)
{
	const char *line = log, *prev = NULL, *prev_end = NULL;

	out[0] = '\0';
	while (*line) {
		const char *end = strchr(line, '\n');

		if (!end)
			end = line + strlen(line);
		if (!strncmp(line, "processed ", 10))
			break;
		if (end > line) {
			prev = line;
			prev_end = end;
		}
		line = *end ? end + 1 : end;
	}
	if (prev)
		snprintf(out, len, "%.*s", (int)(prev_end - prev), prev);
}

/* ---- what bpfverify predicts ---- */

enum prediction_kind {
	PREDICT_LINE,   /* the kernel logs exactly this line */
	PREDICT_SILENT, /* bpf() fails with this errno and logs nothing */
	PREDICT_NONE,   /* no modelled message */
	PREDICT_SKIP,   /* bpfverify cannot tell */
};

struct prediction {
	enum prediction_kind kind;
	int error; /* the errno, or 0 when not compared */
	char line[BV_ERROR_LEN];
};

static bool predict_line(struct prediction *pr, int error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool predict_line(struct prediction *pr, int error, const char *fmt, ...)
{
	va_list ap;

	pr->kind = PREDICT_LINE;
	pr->error = error;
	va_start(ap, fmt);
	vsnprintf(pr->line, sizeof(pr->line), fmt, ap);
	va_end(ap);
	return true;
}

/* do_check's register checks (check_reg_arg) for the probe programs,
 * where r0 (set by the prefix), r1 (the context) and r10 hold values. */
static bool reg_readable(unsigned reg)
{
	return reg == 0 || reg == 1 || reg == BV_REG_FP;
}

static bool read_reg(unsigned reg, struct prediction *pr)
{
	if (reg >= BV_MAX_REG)
		return predict_line(pr, 0, "R%u is invalid", reg);
	if (!reg_readable(reg))
		return predict_line(pr, 0, "R%u !read_ok", reg);
	return false;
}

static bool write_reg(unsigned reg, struct prediction *pr)
{
	if (reg >= BV_MAX_REG)
		return predict_line(pr, 0, "R%u is invalid", reg);
	if (reg == BV_REG_FP)
		return predict_line(pr, 0, "frame pointer is read only");
	return false;
}

static bool insn_stage(const struct bv_insn_env *env, const struct bv_insn *insn,
		       size_t idx, enum bv_insn_stage stage,
		       struct prediction *pr)
{
	struct bv_fault f;

	if (!bv_check_insn(env, insn, idx, stage, &f))
		return false;
	return predict_line(pr, f.error, "%s", f.msg);
}

/* The register accesses between the stages, as validate.h lists them. */
static bool alu_regs(const struct bv_insn_env *env, const struct bv_insn *insn,
		     size_t idx, struct prediction *pr)
{
	unsigned op = BV_OP(insn->code);
	bool x = BV_SRC(insn->code) == BV_X;

	if (op == BV_NEG || op == BV_END)
		return read_reg(insn->dst_reg, pr) || write_reg(insn->dst_reg, pr);
	if (op == BV_MOV)
		return (x && read_reg(insn->src_reg, pr)) ||
		       write_reg(insn->dst_reg, pr);
	return (x && read_reg(insn->src_reg, pr)) ||
	       read_reg(insn->dst_reg, pr) ||
	       insn_stage(env, insn, idx, BV_INSN_OPERANDS, pr) ||
	       write_reg(insn->dst_reg, pr);
}

static bool jmp_regs(const struct bv_insn_env *env, const struct bv_insn *insn,
		     size_t idx, struct prediction *pr)
{
	unsigned op = BV_OP(insn->code);

	if (op == BV_CALL || op == BV_EXIT || op == BV_JA || op == BV_JCOND)
		return false;
	return read_reg(insn->dst_reg, pr) ||
	       insn_stage(env, insn, idx, BV_INSN_AFTER_DST, pr) ||
	       (BV_SRC(insn->code) == BV_X && read_reg(insn->src_reg, pr));
}

static bool after_fields(const struct bv_insn_env *env,
			 const struct bv_insn *insn, size_t idx,
			 struct prediction *pr)
{
	switch (BV_CLASS(insn->code)) {
	case BV_ALU:
	case BV_ALU64:
		return alu_regs(env, insn, idx, pr);
	case BV_LDX:
		return read_reg(insn->src_reg, pr) || write_reg(insn->dst_reg, pr);
	case BV_STX:
		return BV_MODE(insn->code) == BV_MEM &&
		       (read_reg(insn->src_reg, pr) || read_reg(insn->dst_reg, pr));
	case BV_ST:
		return read_reg(insn->dst_reg, pr);
	case BV_JMP:
	case BV_JMP32:
		return jmp_regs(env, insn, idx, pr);
	default:
		if (BV_MODE(insn->code) == BV_IMM)
			return write_reg(insn->dst_reg, pr);
		return read_reg(6, pr); /* LD_ABS/IND read the skb from R6 */
	}
}

static void predict_do_check(const struct bv_program *prog, size_t idx,
			     struct prediction *pr)
{
	struct bv_insn_env env;
	const struct bv_insn *insn = &prog->insns[idx];

	pr->kind = PREDICT_NONE;
	bv_insn_env_init(prog, &env);
	if (!insn_stage(&env, insn, idx, BV_INSN_FIELDS, pr))
		after_fields(&env, insn, idx, pr);
}

static void predict(const struct bv_program *prog, enum bv_privilege priv,
		    size_t target, struct prediction *pr)
{
	struct bv_fault f;
	struct bv_cfg cfg;

	if (bv_static_checks(prog, priv, &cfg, &f)) {
		pr->error = f.error;
		snprintf(pr->line, sizeof(pr->line), "%s", f.msg);
		pr->kind = f.kind == BV_FAULT_LOGGED	 ? PREDICT_LINE
			   : f.kind == BV_FAULT_SILENT ? PREDICT_SILENT
						       : PREDICT_SKIP;
		return;
	}
	bv_cfg_free(&cfg);
	pr->kind = PREDICT_NONE;
	if (target != NO_TARGET)
		predict_do_check(prog, target, pr);
}

/* Messages bpfverify's checks produce: a kernel line starting with one of
 * these when bpfverify predicts none is a miss. */
static const char *const modelled_messages[] = {
	"BPF_LDX uses reserved fields",
	"invalid bpf_ld_imm64 insn",
	"unrecognized bpf_ld_imm64 insn",
	"fd_idx without fd_array is invalid",
	"direct value offset of ",
	"no direct value access support",
	"invalid access to map value pointer",
	"unknown opcode ",
	"bpf_struct_ops map cannot be used",
	"Sleepable programs can only use",
	"only one cgroup storage",
	"call to invalid destination",
	"too many subprograms",
	"jump out of range from insn",
	"last insn is not an exit or jmp",
	"LD_ABS is not allowed in subprogs",
	"tail_call is not allowed in subprogs",
	"unreachable insn",
	"jump into the middle of ldimm64",
	"back-edge from insn",
	"Syscall programs can only be sleepable",
	"Only fentry/fexit/fmod_ret",
	"BPF_NEG uses reserved fields",
	"BPF_END uses reserved fields",
	"BPF_MOV uses reserved fields",
	"BPF_ALU uses reserved fields",
	"addr_space_cast insn",
	"div by zero",
	"invalid shift ",
	"BPF_ATOMIC uses invalid atomic opcode",
	"invalid atomic operand size",
	"BPF_STX uses reserved fields",
	"BPF_ST uses reserved fields",
	"BPF_CALL uses reserved fields",
	"BPF_JA uses reserved fields",
	"BPF_EXIT uses reserved fields",
	"invalid may_goto imm",
	"BPF_JMP/JMP32 uses reserved fields",
	"BPF_LD_[ABS|IND] instructions not allowed",
	"BPF_LD_[ABS|IND] uses reserved fields",
	"BPF_LD_IMM64 uses reserved fields",
};

static bool is_modelled(const char *line)
{
	size_t n = sizeof(modelled_messages) / sizeof(modelled_messages[0]);

	if (!strncmp(line, "fd ", 3) && strstr(line, "not pointing to valid bpf_map"))
		return true;
	for (size_t i = 0; i < n; i++)
		if (!strncmp(line, modelled_messages[i], strlen(modelled_messages[i])))
			return true;
	return false;
}

/* ---- comparing ---- */

static bool agrees(const struct prediction *pr, const struct kernel_result *res,
		   const char *line)
{
	switch (pr->kind) {
	case PREDICT_LINE:
		return res->err != 0 && !strcmp(line, pr->line) &&
		       (!pr->error || pr->error == res->err);
	case PREDICT_SILENT:
		return res->err == pr->error && res->log[0] == '\0';
	case PREDICT_NONE:
		return !is_modelled(line);
	case PREDICT_SKIP:
		break;
	}
	return true;
}

static struct bv_program *to_program(const struct probe *p,
				     const struct kernel_maps *km)
{
	struct bv_program *prog = bv_program_new();
	struct bv_error err;

	if (!prog)
		return NULL;
	prog->insns = with_map_fds(p, km);
	prog->n_insns = p->n;
	prog->prog_type = p->type;
	prog->prog_flags = p->flags;
	prog->privilege = p->priv;
	for (size_t k = 0; k < (p->no_maps ? 0 : N_KERNEL_MAPS); k++) {
		struct bv_map_def def = {
			.type = map_specs[k].type,
			.key_size = map_specs[k].key_size,
			.value_size = map_specs[k].value_size,
			.max_entries = map_specs[k].max_entries,
			.fd = km->fd[k],
		};

		snprintf(def.name, sizeof(def.name), "%s", map_specs[k].name);
		if (!prog->insns || bv_program_add_map(prog, &def, &err)) {
			bv_program_free(prog);
			return NULL;
		}
	}
	return prog;
}

/* A disagreement on a non-reference kernel: listed as kernel drift. */
static bool drift_disagreement(const struct probe *p,
			       const struct prediction *pr,
			       const struct kernel_result *res,
			       const char *line, struct tally *t)
{
	char ours[BV_ERROR_LEN + 32], kernel[BV_ERROR_LEN + 32];

	snprintf(ours, sizeof(ours), "errno %d \"%s\"", pr->error, pr->line);
	snprintf(kernel, sizeof(kernel), "errno %d \"%s\"", res->err, line);
	return drift_note(&t->drift, p->name, "bpfverify", ours, kernel);
}

static void run_probe(const struct probe *p, const struct kernel_maps *km,
		      struct kernel_result *res, struct tally *t)
{
	struct bv_program *prog = to_program(p, km);
	struct prediction pr;
	char line[BV_ERROR_LEN];

	if (!prog) {
		fprintf(stderr, "%s: out of memory\n", p->name);
		t->failed++;
		return;
	}
	predict(prog, p->priv, p->target, &pr);
	if (p->priv == BV_PRIV_ROOT)
		load_now(p, prog->insns, km, res);
	else
		load_as_cap_bpf(p, prog->insns, km, res);
	kernel_error_line(res->log, line, sizeof(line));
	if (pr.kind == PREDICT_SKIP || res->err < 0) {
		t->skipped++;
	} else if (agrees(&pr, res, line)) {
		t->passed++;
	} else if (!drift_disagreement(p, &pr, res, line, t)) {
		t->failed++;
		fprintf(stderr,
			"%s: kernel errno %d \"%s\"; bpfverify (%d) errno %d \"%s\"\n",
			p->name, res->err, line, pr.kind, pr.error, pr.line);
	}
	bv_program_free(prog);
}

/* ---- the probes ---- */

static struct probe *add_probe(struct probe_list *l, const char *name,
			       const struct bv_insn *insns, size_t n)
{
	struct probe *p;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;
		struct probe *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		l->v = v;
		l->cap = cap;
	}
	p = &l->v[l->n];
	memset(p, 0, sizeof(*p));
	p->insns = malloc((n ? n : 1) * sizeof(*insns));
	if (!p->insns)
		return NULL;
	if (n)
		memcpy(p->insns, insns, n * sizeof(*insns));
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->n = n;
	p->type = PROG_SOCKET_FILTER;
	p->priv = BV_PRIV_ROOT;
	p->target = NO_TARGET;
	l->n++;
	return p;
}

/* Marks the instruction do_check is to fault on. */
static struct probe *at(struct probe *p, size_t target)
{
	if (p)
		p->target = target;
	return p;
}

/* Declares no maps, so that the load passes no fd_array. */
static struct probe *mapless(struct probe *p)
{
	if (p)
		p->no_maps = true;
	return p;
}

#define ADD(l, name, ...)                                                      \
	add_probe(l, name, (const struct bv_insn[]){ __VA_ARGS__ },            \
		  sizeof((const struct bv_insn[]){ __VA_ARGS__ }) /            \
			  sizeof(struct bv_insn))

/* Field patterns every opcode is tried with: dst, src, off, imm. */
static const struct bv_insn field_patterns[] = {
	INSN(0, 0, 0, 0, 0),      INSN(0, 1, 0, 0, 0),
	INSN(0, 0, 1, 0, 0),      INSN(0, 0, 0, 1, 0),
	INSN(0, 0, 0, -1, 0),     INSN(0, 0, 0, 0, 1),
	INSN(0, 0, 0, 0, -1),     INSN(0, 11, 0, 0, 0),
	INSN(0, 0, 11, 0, 0),     INSN(0, 10, 0, 0, 0),
	INSN(0, 0, 2, 0, 0),      INSN(0, 2, 0, 0, 1),
	INSN(0, 0, 0, 8, 16),     INSN(0, 0, 0, 32, 64),
	INSN(0, 0, 0, 1, 65536),  INSN(0, 0, 0, 0, 32),
	INSN(0, 10, 0, -8, 0x100), INSN(0, 10, 0, -8, 0x110),
	INSN(0, 10, 1, -8, 0xe1), INSN(0, 10, 1, -8, 0xf1),
	INSN(0, 10, 1, -8, 0x51), INSN(0, 10, 0, -8, 2),
	INSN(0, 0, 4, 0, 0),      INSN(0, 0, 7, 0, 0),
	INSN(0, 15, 15, 0x7fff, 0x7fffffff),
};

/* r0 = 0; the instruction; (its second half); exit */
static bool add_opcode_probes(struct probe_list *l)
{
	size_t np = sizeof(field_patterns) / sizeof(field_patterns[0]);

	for (unsigned code = 0; code < 256; code++) {
		for (size_t k = 0; k < np; k++) {
			struct bv_insn insns[4] = { MOV0, field_patterns[k] };
			size_t n = 2;
			char name[96];
			struct probe *p;

			insns[1].code = (uint8_t)code;
			if (bv_is_ldimm64((uint8_t)code))
				insns[n++] = HALF(0);
			insns[n++] = EXIT;
			snprintf(name, sizeof(name),
				 "opcode %02x dst %u src %u off %d imm %d", code,
				 insns[1].dst_reg, insns[1].src_reg, insns[1].off,
				 insns[1].imm);
			p = add_probe(l, name, insns, n);
			if (!p)
				return false;
			p->target = 1;
		}
	}
	return true;
}

static bool add_cfg_probes(struct probe_list *l)
{
	return ADD(l, "jump out of range forward", MOV0, JA(5), EXIT) &&
	       ADD(l, "jump out of range backward", MOV0, JA(-3), EXIT) &&
	       ADD(l, "cond jump out of range backward", MOV0,
		   INSN(BV_JMP | BV_JEQ | BV_K, 0, 0, -5, 0), EXIT) &&
	       ADD(l, "gotol out of range", MOV0,
		   INSN(BV_JMP32 | BV_JA, 0, 0, 0, 7), EXIT) &&
	       ADD(l, "gotol target wraps", MOV0,
		   INSN(BV_JMP32 | BV_JA, 0, 0, 0, 0x7fffffff), EXIT) &&
	       ADD(l, "gotol to the exit", MOV0,
		   INSN(BV_JMP32 | BV_JA, 0, 0, 0, 0), EXIT) &&
	       ADD(l, "jump to the last+1", MOV0, JA(0)) &&
	       ADD(l, "last insn not exit", MOV0, MOV0) &&
	       ADD(l, "last insn a cond jump", MOV0,
		   INSN(BV_JMP | BV_JEQ | BV_K, 0, 0, -2, 0)) &&
	       ADD(l, "last insn a call", MOV0, HCALL(5)) &&
	       ADD(l, "last slot a 64-bit load", MOV0, LD64(0, 0, 0), HALF(0)) &&
	       ADD(l, "64-bit load without second half", MOV0, LD64(0, 0, 0)) &&
	       ADD(l, "unreachable insn", MOV0, EXIT, EXIT) &&
	       ADD(l, "unreachable after a loop", MOV0, JA(-2), EXIT) &&
	       ADD(l, "self loop", MOV0, JA(-1)) &&
	       ADD(l, "loop with exit", MOV0,
		   INSN(BV_JMP | BV_JEQ | BV_K, 0, 0, 1, 0), JA(-3), EXIT) &&
	       ADD(l, "jump into the middle of ldimm64", MOV0,
		   INSN(BV_JMP | BV_JEQ | BV_K, 0, 0, 1, 0), LD64(0, 0, 0),
		   HALF(0), EXIT) &&
	       ADD(l, "jump past ldimm64", MOV0,
		   INSN(BV_JMP | BV_JEQ | BV_K, 0, 0, 2, 0), LD64(0, 0, 0),
		   HALF(0), EXIT) &&
	       ADD(l, "pseudo func into the middle of ldimm64", MOV0,
		   LD64(1, BV_PSEUDO_FUNC, 3), HALF(0), EXIT, LD64(0, 0, 0),
		   HALF(0), EXIT) &&
	       ADD(l, "loop into the middle of ldimm64", MOV0, LD64(0, 0, 0),
		   HALF(0), INSN(BV_JMP | BV_JEQ | BV_K, 0, 0, -2, 0), EXIT) &&
	       ADD(l, "ja into the middle of ldimm64", MOV0, JA(1),
		   LD64(0, 0, 0), HALF(0), EXIT) &&
	       ADD(l, "unreachable before middle of ldimm64", MOV0, JA(3), EXIT,
		   LD64(0, 0, 0), HALF(0), EXIT) &&
	       ADD(l, "call out of range forward", MOV0, PCALL(5), EXIT) &&
	       ADD(l, "call out of range backward", MOV0, PCALL(-5), EXIT) &&
	       ADD(l, "call target wraps", MOV0, PCALL(0x7fffffff), EXIT) &&
	       ADD(l, "call to the second half of ldimm64", MOV0, PCALL(2),
		   EXIT, LD64(0, 0, 0), HALF(0), EXIT) &&
	       ADD(l, "call to a 64-bit load", MOV0, PCALL(1), EXIT,
		   LD64(0, 0, 0), HALF(0), EXIT) &&
	       ADD(l, "call self", MOV0, PCALL(-1), EXIT) &&
	       ADD(l, "call fine", MOV0, PCALL(1), EXIT, MOV0, EXIT) &&
	       ADD(l, "jump into a subprog", MOV0, PCALL(2), JA(1), EXIT, MOV0,
		   EXIT) &&
	       ADD(l, "jump out of a subprog", MOV0, PCALL(1), EXIT, JA(-3),
		   EXIT) &&
	       ADD(l, "subprog 0 falls through", MOV0, PCALL(1), MOV0, MOV0,
		   EXIT) &&
	       ADD(l, "unreachable subprog", MOV0, PCALL(1), EXIT, EXIT, EXIT) &&
	       ADD(l, "pseudo func", MOV0, LD64(1, BV_PSEUDO_FUNC, 2), HALF(0),
		   EXIT, MOV0, EXIT) &&
	       ADD(l, "pseudo func with second imm", MOV0,
		   LD64(1, BV_PSEUDO_FUNC, 2), HALF(7), EXIT, MOV0, EXIT) &&
	       ADD(l, "pseudo func out of range", MOV0,
		   LD64(1, BV_PSEUDO_FUNC, 20), HALF(0), EXIT) &&
	       ADD(l, "pseudo func backward out of range", MOV0,
		   LD64(1, BV_PSEUDO_FUNC, -3), HALF(0), EXIT) &&
	       ADD(l, "LD_ABS in a subprog", MOV0, PCALL(1), EXIT,
		   INSN(BV_LD | BV_ABS | BV_W, 0, 0, 0, 0), EXIT) &&
	       ADD(l, "unknown LD_IND in a subprog", MOV0, PCALL(1), EXIT,
		   INSN(BV_LD | BV_IND | BV_DW, 0, 0, 0, 0), EXIT) &&
	       ADD(l, "tail call in a subprog", MOV0, PCALL(1), EXIT, HCALL(12),
		   EXIT) &&
	       at(ADD(l, "reserved tail call in a subprog", MOV0, PCALL(1), EXIT,
		      INSN(BV_JMP | BV_CALL, 0, 3, 0, 12), EXIT),
		  3) &&
	       ADD(l, "bpf_loop marks", MOV0, HCALL(181), EXIT) &&
	       ADD(l, "may_goto loop", MOV0,
		   INSN(BV_JMP | BV_JCOND, 0, 0, 1, 0), JA(-2), EXIT);
}

/* When several passes would fault, the earliest pass speaks. */
static bool add_order_probes(struct probe_list *l)
{
	const struct bv_insn bad = INSN(0xff, 0, 0, 0, 0);
	const struct bv_insn ldx_bad = INSN(BV_LDX | BV_ABS | BV_W, 0, 0, 0, 0);

	return ADD(l, "unknown opcode then jump out of range", MOV0, bad, JA(5),
		   EXIT) &&
	       ADD(l, "jump out of range then unknown opcode", MOV0, JA(5), bad,
		   EXIT) &&
	       ADD(l, "unknown opcode and last insn", MOV0, bad, MOV0) &&
	       ADD(l, "unknown opcode and bad call", MOV0, bad, PCALL(10),
		   EXIT) &&
	       ADD(l, "unknown opcode and unreachable", MOV0, EXIT, bad, EXIT) &&
	       ADD(l, "unknown opcode before LDX reserved", MOV0, bad, ldx_bad,
		   EXIT) &&
	       ADD(l, "LDX reserved before unknown opcode", MOV0, ldx_bad, bad,
		   EXIT) &&
	       ADD(l, "LD_ABS in subprog before unknown opcode", MOV0, PCALL(1),
		   EXIT, INSN(BV_LD | BV_ABS | BV_W, 0, 0, 0, 0), bad, EXIT) &&
	       ADD(l, "jump out of range before LD_ABS in subprog", MOV0,
		   PCALL(1), EXIT, INSN(BV_LD | BV_ABS | BV_W, 0, 0, 0, 0),
		   JA(5), EXIT) &&
	       ADD(l, "bad ldimm64 before unreachable", MOV0, EXIT,
		   LD64(0, 9, 0), HALF(0), EXIT) &&
	       ADD(l, "unreachable before jump into ldimm64", MOV0, JA(4), EXIT,
		   INSN(BV_JMP | BV_JEQ | BV_K, 0, 0, 1, 0), LD64(0, 0, 0),
		   HALF(0), EXIT) &&
	       ADD(l, "do_check fault in dead code", MOV0,
		   INSN(BV_JMP | BV_JEQ | BV_K, 0, 0, 1, 0),
		   INSN(BV_ALU64 | BV_ADD | BV_K, 0, 0, 5, 0), EXIT);
}

static bool add_ldimm64_probes(struct probe_list *l)
{
	return ADD(l, "second half code", MOV0, LD64(0, 0, 0),
		   INSN(0x07, 0, 0, 0, 0), EXIT) &&
	       ADD(l, "second half dst", MOV0, LD64(0, 0, 0),
		   INSN(0, 1, 0, 0, 0), EXIT) &&
	       ADD(l, "second half src", MOV0, LD64(0, 0, 0),
		   INSN(0, 0, 1, 0, 0), EXIT) &&
	       ADD(l, "second half off", MOV0, LD64(0, 0, 0),
		   INSN(0, 0, 0, 1, 0), EXIT) &&
	       ADD(l, "second half imm", MOV0, LD64(0, 0, 0), HALF(-1), EXIT) &&
	       ADD(l, "src 7", MOV0, LD64(1, 7, 0), HALF(0), EXIT) &&
	       ADD(l, "src 15", MOV0, LD64(1, 15, 0), HALF(0), EXIT) &&
	       ADD(l, "map fd with second imm", MOV0,
		   LD64(1, BV_PSEUDO_MAP_FD, MAP_BASE + M_HASH), HALF(1), EXIT) &&
	       ADD(l, "stray map fd", MOV0, LD64(1, BV_PSEUDO_MAP_FD, STRAY_FD),
		   HALF(0), EXIT) &&
	       ADD(l, "stray map value fd", MOV0,
		   LD64(1, BV_PSEUDO_MAP_VALUE, STRAY_FD), HALF(0), EXIT) &&
	       ADD(l, "negative map fd", MOV0, LD64(1, BV_PSEUDO_MAP_FD, -1),
		   HALF(0), EXIT) &&
	       mapless(ADD(l, "map index without fd_array", MOV0,
			   LD64(1, BV_PSEUDO_MAP_IDX, 0), HALF(0), EXIT)) &&
	       mapless(ADD(l, "map value index without fd_array", MOV0,
			   LD64(1, BV_PSEUDO_MAP_IDX_VALUE, 0), HALF(0), EXIT)) &&
	       ADD(l, "map index", MOV0, LD64(1, BV_PSEUDO_MAP_IDX, M_HASH),
		   HALF(0), EXIT) &&
	       ADD(l, "map value index", MOV0,
		   LD64(1, BV_PSEUDO_MAP_IDX_VALUE, M_ARRAY1), HALF(4), EXIT) &&
	       ADD(l, "map value index of a hash", MOV0,
		   LD64(1, BV_PSEUDO_MAP_IDX_VALUE, M_HASH), HALF(0), EXIT) &&
	       mapless(ADD(l, "map fd without maps", MOV0,
			   LD64(1, BV_PSEUDO_MAP_FD, STRAY_FD), HALF(0), EXIT)) &&
	       ADD(l, "map fd", MOV0, LD64(1, BV_PSEUDO_MAP_FD, MAP_BASE + M_HASH),
		   HALF(0), EXIT) &&
	       ADD(l, "array value", MOV0,
		   LD64(1, BV_PSEUDO_MAP_VALUE, MAP_BASE + M_ARRAY1), HALF(4),
		   EXIT) &&
	       ADD(l, "array value at its end", MOV0,
		   LD64(1, BV_PSEUDO_MAP_VALUE, MAP_BASE + M_ARRAY1), HALF(8),
		   EXIT) &&
	       ADD(l, "array value far", MOV0,
		   LD64(1, BV_PSEUDO_MAP_VALUE, MAP_BASE + M_ARRAY1),
		   HALF(1 << 29), EXIT) &&
	       ADD(l, "array value negative", MOV0,
		   LD64(1, BV_PSEUDO_MAP_VALUE, MAP_BASE + M_ARRAY1), HALF(-1),
		   EXIT) &&
	       ADD(l, "two-entry array value", MOV0,
		   LD64(1, BV_PSEUDO_MAP_VALUE, MAP_BASE + M_ARRAY2), HALF(0),
		   EXIT) &&
	       ADD(l, "hash value", MOV0,
		   LD64(1, BV_PSEUDO_MAP_VALUE, MAP_BASE + M_HASH), HALF(0),
		   EXIT) &&
	       ADD(l, "hash value far", MOV0,
		   LD64(1, BV_PSEUDO_MAP_VALUE, MAP_BASE + M_HASH), HALF(1 << 30),
		   EXIT) &&
	       ADD(l, "percpu array value", MOV0,
		   LD64(1, BV_PSEUDO_MAP_VALUE, MAP_BASE + M_PERCPU), HALF(0),
		   EXIT) &&
	       ADD(l, "two cgroup storages", MOV0,
		   LD64(1, BV_PSEUDO_MAP_FD, MAP_BASE + M_CG1), HALF(0),
		   LD64(2, BV_PSEUDO_MAP_FD, MAP_BASE + M_CG2), HALF(0), EXIT) &&
	       ADD(l, "one cgroup storage twice", MOV0,
		   LD64(1, BV_PSEUDO_MAP_FD, MAP_BASE + M_CG1), HALF(0),
		   LD64(2, BV_PSEUDO_MAP_FD, MAP_BASE + M_CG1), HALF(0), EXIT) &&
	       ADD(l, "cgroup storage of each type", MOV0,
		   LD64(1, BV_PSEUDO_MAP_FD, MAP_BASE + M_CG1), HALF(0),
		   LD64(2, BV_PSEUDO_MAP_FD, MAP_BASE + M_PCPUCG), HALF(0),
		   EXIT) &&
	       ADD(l, "map before unknown opcode", MOV0,
		   LD64(1, BV_PSEUDO_MAP_FD, STRAY_FD), HALF(0),
		   INSN(0xff, 0, 0, 0, 0), EXIT) &&
	       ADD(l, "unknown opcode before map", MOV0, INSN(0xff, 0, 0, 0, 0),
		   LD64(1, BV_PSEUDO_MAP_FD, STRAY_FD), HALF(0), EXIT);
}

static bool add_flag_probes(struct probe_list *l)
{
	struct probe *p;
	const struct {
		const char *name;
		uint32_t type, flags;
		int map;
	} cases[] = {
		{ "sleepable socket filter", PROG_SOCKET_FILTER, 1u << 4, -1 },
		{ "sleepable with hash", PROG_SOCKET_FILTER, 1u << 4, M_HASH },
		{ "sleepable with bloom filter", PROG_SOCKET_FILTER, 1u << 4,
		  M_BLOOM },
		{ "sleepable kprobe with bloom filter", PROG_KPROBE, 1u << 4,
		  M_BLOOM },
		{ "sleepable kprobe", PROG_KPROBE, 1u << 4, -1 },
		{ "syscall program", PROG_SYSCALL, 0, -1 },
		{ "sleepable syscall program", PROG_SYSCALL, 1u << 4, -1 },
		{ "unknown prog flag", PROG_SOCKET_FILTER, 1u << 8, -1 },
		{ "token flag", PROG_SOCKET_FILTER, 1u << 16, -1 },
		{ "sanity strict flag", PROG_SOCKET_FILTER, 1u << 7, -1 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cases[i].map >= 0)
			p = ADD(l, cases[i].name, MOV0,
				LD64(1, BV_PSEUDO_MAP_FD, MAP_BASE + cases[i].map),
				HALF(0), EXIT);
		else
			p = ADD(l, cases[i].name, MOV0, EXIT);
		if (!p)
			return false;
		p->type = cases[i].type;
		p->flags = cases[i].flags;
	}
	return true;
}

static bool add_privilege_probes(struct probe_list *l)
{
	const uint32_t types[] = { PROG_SOCKET_FILTER, PROG_KPROBE, PROG_XDP };

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		char name[96];
		struct probe *p;

		snprintf(name, sizeof(name), "CAP_BPF only, type %u", types[i]);
		p = ADD(l, name, MOV0, JA(3), EXIT);
		if (!p)
			return false;
		p->type = types[i];
		p->priv = BV_PRIV_BPF_ONLY;
	}
	return true;
}

/* n_calls pseudo calls, each to its own subprogram: 255 make the 256
 * subprograms the kernel allows, 256 one too many. */
static bool add_subprog_count_probe(struct probe_list *l, size_t n_calls)
{
	size_t n = 2 * n_calls + 2;
	struct bv_insn *insns = calloc(n, sizeof(*insns));
	char name[96];
	bool ok;

	if (!insns)
		return false;
	insns[0] = MOV0;
	/* call i, at 1 + i, enters the exit at 2 + n_calls + i */
	for (size_t i = 0; i < n_calls; i++)
		insns[1 + i] = PCALL((int32_t)n_calls);
	for (size_t i = 1 + n_calls; i < n; i++)
		insns[i] = EXIT;
	snprintf(name, sizeof(name), "%zu pseudo calls", n_calls);
	ok = add_probe(l, name, insns, n) != NULL;
	free(insns);
	return ok;
}

/* bpf_prog_load's size limit: nothing and a million and one. */
static bool add_size_probes(struct probe_list *l)
{
	size_t big = BV_MAX_INSNS + 1;
	struct bv_insn *insns = calloc(big, sizeof(*insns));
	bool ok;

	if (!insns)
		return false;
	for (size_t i = 0; i < big; i++)
		insns[i] = MOV0;
	insns[big - 1] = EXIT;
	ok = add_probe(l, "a million and one instructions", insns, big) &&
	     add_probe(l, "no instructions", insns, 0);
	free(insns);
	return ok;
}

static bool build_probes(struct probe_list *l)
{
	return add_opcode_probes(l) && add_cfg_probes(l) &&
	       add_order_probes(l) && add_ldimm64_probes(l) &&
	       add_flag_probes(l) && add_privilege_probes(l) &&
	       add_subprog_count_probe(l, 255) &&
	       add_subprog_count_probe(l, 256) && add_size_probes(l);
}

static void free_probes(struct probe_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].insns);
	free(l->v);
}

int main(void)
{
	struct probe_list probes = { 0 };
	struct tally t = { 0 };
	struct kernel_result *res;
	struct kernel_maps km;
	char why[256];
	bool built = build_probes(&probes);

	if (!built) {
		printf("encoding-kernel: cannot build the probes (out of memory)\n");
		printf("encoding-kernel: 0 passed, 1 failed\n");
		free_probes(&probes);
		return 1;
	}
	for (size_t k = 0; k < N_KERNEL_MAPS; k++)
		km.fd[k] = -1;
	if (!root_capabilities(why, sizeof(why)) ||
	    !bpf_available(why, sizeof(why)) ||
	    !create_maps(&km, why, sizeof(why))) {
		printf("encoding-kernel: skipping all probes: %s\n", why);
		printf("encoding-kernel: 0 passed, 0 failed, %zu skipped\n",
		       probes.n);
		close_maps(&km);
		free_probes(&probes);
		return 0;
	}
	res = mmap(NULL, sizeof(*res), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED) {
		printf("encoding-kernel: 0 passed, 1 failed\n");
		close_maps(&km);
		free_probes(&probes);
		return 1;
	}
	drift_init(&t.drift);
	for (size_t i = 0; i < probes.n; i++)
		run_probe(&probes.v[i], &km, res, &t);
	munmap(res, sizeof(*res));
	close_maps(&km);
	free_probes(&probes);
	drift_report(&t.drift, "encoding-kernel");
	printf("encoding-kernel: %u passed, %u failed, %u skipped, %u kernel-drift\n",
	       t.passed, t.failed, t.skipped, t.drift.count);
	return t.failed ? 1 : 0;
}
