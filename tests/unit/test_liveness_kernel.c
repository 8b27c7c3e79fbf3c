/* SPDX-License-Identifier: MIT */
/* The live kernel as the oracle for compute_scc, compute_live_registers and
 * the level-2 text before simulation: each program is loaded at log level
 * 2 and everything the kernel prints before its first state line
 * ("0: R1=...") must equal bv_log_program_prologue's text line for line,
 * map addresses normalised. Hand-written programs cover each instruction
 * kind; a generator with a fixed seed adds a few hundred structured ones
 * (nested branches, loops, subprograms, helper calls of every arity, 64-bit
 * loads, atomics, JMP32, LD_ABS) across program types and privileges.
 * Skips (exit 0) when bpf() is not permitted. */
#include "check.h"
#include "kernel/oracle.h"
#include "load/program.h"
#include "report/kernel_log.h"
#include "verify/liveness.h"

#include <stdarg.h>
#include <stdlib.h>

#define N_GENERATED 600
#define SEED 0x5eed2025u
#define MAX_ITEMS 400
#define MAX_FUNCS 6
#define MAX_REPORTS 5
#define TEXT_LEN 65536
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static unsigned skipped, reports;
/* what the compared programs held */
static unsigned with_loops, with_subprogs;

/* Whether a table line carries an SCC number. */
static bool has_scc(const char *text)
{
	const char *line = strstr(text, "Live regs before insn:\n");

	for (line = line ? strchr(line, '\n') : NULL; line && line[1];
	     line = strchr(line + 1, '\n'))
		if (strncmp(line + 1, "    ", 4))
			return true;
	return false;
}

/* ---- comparison ---- */

/* The kernel's text before its first state line, or NULL. */
static char *kernel_prologue(const char *log)
{
	const char *end = !strncmp(log, "0: R1=", 6) ? log : strstr(log, "\n0: R1=");
	size_t len;
	char *out;

	if (!end)
		return NULL;
	len = end == log ? 0 : (size_t)(end - log) + 1;
	out = malloc(len + 1);
	if (out) {
		memcpy(out, log, len);
		out[len] = '\0';
	}
	return out;
}

/* bpfverify's text, or NULL when the static checks refuse the program (the
 * kernel then prints no table). */
static char *our_prologue(const bv_program *prog, char why[BV_ERROR_LEN])
{
	struct bv_vlog log = { .level = BV_LOG_LEVEL2 };
	struct bv_cfg cfg = { 0 };
	struct bv_fault fault;
	uint32_t *scc = calloc(prog->n_insns, sizeof(*scc));
	uint16_t *live = calloc(prog->n_insns, sizeof(*live));
	char *text = NULL;

	snprintf(why, BV_ERROR_LEN, "out of memory");
	if (scc && live &&
	    bv_static_checks(prog, prog->privilege, &cfg, &fault) == 0) {
		snprintf(why, BV_ERROR_LEN, "unsupported");
		if (!bv_compute_scc(prog, scc) &&
		    !bv_compute_live_regs(prog, &cfg, prog->privilege, live)) {
			bv_log_program_prologue(&log, prog, &cfg, scc, live);
			text = log.buf;
			log.buf = NULL;
		}
		bv_cfg_free(&cfg);
	} else if (scc && live) {
		snprintf(why, BV_ERROR_LEN, "%s", fault.msg);
	}
	free(scc);
	free(live);
	bv_vlog_free(&log);
	return text;
}

/* Prints the first line where want and got differ. */
static void report_diff(const char *want, const char *got)
{
	size_t i = 0, start = 0, line = 1;

	for (; want[i] && want[i] == got[i]; i++)
		if (want[i] == '\n') {
			start = i + 1;
			line++;
		}
	fprintf(stderr, "  line %zu: kernel \"%.*s\"\n", line,
		(int)strcspn(want + start, "\n"), want + start);
	fprintf(stderr, "  line %zu: ours   \"%.*s\"\n", line,
		(int)strcspn(got + start, "\n"), got + start);
}

static void report(const char *name, const char *source, const char *kernel,
		   const char *ours)
{
	if (reports++ >= MAX_REPORTS)
		return;
	fprintf(stderr, "liveness-kernel: %s differs\n", name);
	report_diff(kernel, ours);
	fprintf(stderr, "--- program\n%s--- kernel\n%s--- ours\n%s---\n",
		source ? source : "(raw)\n", kernel, ours);
}

/* Loads prog and compares. Returns -1 when the kernel cannot be asked. */
static int compare(const char *name, const bv_program *prog,
		   const char *source)
{
	struct bv_oracle_result res;
	char why[BV_ERROR_LEN];
	char *ours = our_prologue(prog, why), *kernel;

	if (!ours) {
		fprintf(stderr, "liveness-kernel: %s skipped: %s\n", name, why);
		skipped++;
		return 0;
	}
	if (bv_oracle_load(prog, 2, false, prog->privilege, &res)) {
		fprintf(stderr, "liveness-kernel: %s: %s\n", name, res.why);
		free(ours);
		return -1;
	}
	kernel = kernel_prologue(res.log);
	if (kernel) {
		bv_log_normalise(kernel);
		bv_log_normalise(ours);
	}
	with_loops += has_scc(ours);
	with_subprogs += strstr(ours, "func#1 ") != NULL;
	if (!check_kernel_log(name, ours, kernel))
		report(name, source, kernel ? kernel : res.log, ours);
	free(kernel);
	free(ours);
	bv_oracle_result_free(&res);
	return 0;
}

static int compare_asm(const char *name, const char *text)
{
	struct bv_error err;
	bv_program *prog;
	int rc;

	if (bv_program_from_asm(text, strlen(text), &prog, &err)) {
		fprintf(stderr, "liveness-kernel: %s: line %u: %s\n%s", name,
			err.line, err.msg, text);
		CHECK(!"program assembles");
		return 0;
	}
	rc = compare(name, prog, text);
	bv_program_free(prog);
	return rc;
}

/* ---- hand-written programs ---- */

static const char *const handwritten[] = {
	/* straight line, a 64-bit load, r0 at exit */
	"r6 = 10\nr1 = 0x100000000\nr2 = r1\nr0 = r6\nexit\n",
	/* a loop (SCC) with a 64-bit load inside, a subprogram call */
	"r6 = 10\nr1 = 0x100000000\nr2 = r1\nr6 += -1\n"
	"if w6 != 0x0 goto pc-3\nr1 = r10\nr1 += -8\ncall pc+2\nr0 = 0\n"
	"exit\nr0 = r1\nexit\n",
	/* two loops: the inner-first numbering of compute_scc */
	"w6 = 10\nr1 = r10\nw2 = 2\nw6 += -1\nif w6 != 0x0 goto pc-4\n"
	"w6 = 5\nr1 = r10\nw2 = 2\nw6 += -1\nif w6 != 0x0 goto pc-4\n"
	"w0 = 0\nexit\n",
	/* nested loops and a self loop */
	"r1 = 0\nr2 = 0\nr2 += 1\nif r2 < 0x3 goto pc-2\nr1 += 1\n"
	"if r1 < 0x3 goto pc-5\nif r1 > 0x9 goto pc-1\nexit\n",
	/* jset and may_goto */
	"r6 = r1\nr0 = 0\nif r6 & 0x1 goto pc+1\nr0 = 1\nmay_goto pc+1\n"
	"r0 = r6\nexit\n",
	/* gotol and JMP32 with registers */
	"r1 = 1\nr2 = 2\nif w1 s< w2 goto pc+2\nr3 = 1\ngotol pc+1\n"
	"r2 = r3\nr0 = r2\nexit\n",
	/* recursion: the kernel refuses it only while simulating */
	"r1 = 1\ncall pc+2\nr0 = 0\nexit\nif r1 == 0x0 goto pc+1\ncall pc-2\n"
	"exit\n",
	/* LD_ABS and LD_IND read everything */
	"r6 = r1\nr7 = 0\nr0 = *(u8 *)skb[3]\nr0 = *(u16 *)skb[r7 + 0]\n"
	"r0 = 0\nexit\n",
	/* atomics: cmpxchg reads r0, fetches write src, load_acquire dst */
	"r0 = 0\nr1 = 2\n*(u64 *)(r10 -8) = r1\nr2 = r10\nr3 = 5\n"
	"lock *(u64 *)(r2 -8) += r3\nr4 = 7\n"
	"r4 = atomic64_fetch_add((u64 *)(r2 -8), r4)\nr5 = 1\n"
	"r0 = atomic64_cmpxchg((u64 *)(r2 -8), r0, r5)\nr6 = 1\n"
	"r6 = atomic64_xchg((u64 *)(r2 -8), r6)\n"
	"r7 = load_acquire((u64 *)(r2 -8))\n"
	"store_release((u64 *)(r2 -8), r7)\nr0 = 0\nexit\n",
	/* 32-bit atomics, sign extension, negation, byte swap, ST */
	"w0 = 0\nw1 = 1\nw2 = 5\n"
	"r0 = atomic_cmpxchg((u32 *)(r10 -8), r0, r2)\nr3 = (s8)r4\n"
	"w5 = -w5\nr6 = be16 r6\nr7 = *(s16 *)(r8 +2)\n"
	"*(u32 *)(r9 -4) = 3\nw1 s%= w2\nexit\n",
	/* helpers of each arity, one unavailable, one unknown */
	"call bpf_ktime_get_ns\ncall bpf_get_prandom_u32\ncall bpf_probe_read\n"
	"call bpf_tail_call\ncall bpf_trace_printk\ncall bpf_map_update_elem\n"
	"call bpf_skb_load_bytes\ncall bpf_get_current_pid_tgid\n"
	"call unknown#9999\nr0 = 0\nexit\n",
	/* the same helpers where kprobe programs have them */
	".prog_type kprobe\ncall bpf_probe_read\ncall bpf_skb_load_bytes\n"
	"call bpf_get_stack\ncall bpf_perf_event_output\nr0 = 0\nexit\n",
	/* a CAP_BPF-only loader lacks bpf_trace_printk */
	".caps bpf\ncall bpf_trace_printk\ncall bpf_get_prandom_u32\n"
	"r0 = 0\nexit\n",
	/* stack spills and fills across a branch */
	"r1 = 0\n*(u64 *)(r10 -8) = r1\n*(u64 *)(r10 -16) = r1\n"
	"r2 = *(u64 *)(r10 -8)\nif r2 > 0x3 goto pc+2\n"
	"r0 = *(u64 *)(r10 -16)\nexit\nr1 = r10\nr1 += -16\ncall pc+2\n"
	"r0 = 0\nexit\nr0 = *(u64 *)(r1 +0)\n*(u64 *)(r10 -8) = r0\n"
	"r0 = 0\nexit\n",
	/* a map load and lookup */
	".map m hash key=4 value=8 entries=4\n*(u32 *)(r10 -4) = 0\n"
	"r2 = r10\nr2 += -4\nr1 = map[m]\ncall bpf_map_lookup_elem\n"
	"if r0 == 0x0 goto pc+1\nr0 = *(u64 *)(r0 +0)\nr0 = 0\nexit\n",
	/* a map load as CAP_BPF only: the address prints as 0x0 */
	".caps bpf\n.map m array key=4 value=8 entries=4\nr1 = map[m]\n"
	"r0 = 0\nexit\n",
	/* subprograms with loops of their own, called twice */
	"r1 = 1\ncall pc+4\nr1 = 2\ncall pc+2\nr0 = 0\nexit\nr0 = r1\n"
	"r0 += -1\nif r0 > 0x0 goto pc-2\nexit\n",
	/* a subprogram ending in a jump back, one calling another */
	"call pc+2\nr0 = 0\nexit\nr6 = 3\ncall pc+3\nr6 += -1\n"
	"if r6 != 0x0 goto pc-3\nexit\nr0 = r2\nexit\n",
	/* a loop spanning a call */
	"r6 = 3\nr1 = r6\ncall pc+4\nr6 += -1\nif r6 != 0x0 goto pc-4\n"
	"r0 = 0\nexit\nr0 = r1\nexit\n",
	/* a conditional jump to its own fall-through */
	"r0 = 0\nif r1 > 0x2 goto pc+0\nexit\n",
	/* ALU32 with registers */
	"w1 = w2\nw1 += w3\nw4 <<= w1\nw0 = w4\nexit\n",
};

/* bpf_loop with a callback: the BPF_PSEUDO_FUNC load the assembler does
 * not write. */
static int compare_callback(void)
{
	const struct bv_insn insns[] = {
		{ .code = 0xb7, .dst_reg = 1, .imm = 4 },
		{ .code = 0x18, .dst_reg = 2, .src_reg = 4, .imm = 6 },
		{ 0 },
		{ .code = 0xb7, .dst_reg = 3, .imm = 0 },
		{ .code = 0xb7, .dst_reg = 4, .imm = 0 },
		{ .code = 0x85, .imm = 181 },
		{ .code = 0xb7, .dst_reg = 0, .imm = 0 },
		{ .code = 0x95 },
		{ .code = 0xbf, .dst_reg = 0, .src_reg = 2 },
		{ .code = 0x95 },
	};
	bv_program *prog = bv_program_new();
	struct bv_error err;
	int rc = -1;

	if (prog && !bv_program_set_insns(prog, insns, COUNT(insns), &err))
		rc = compare("bpf_loop callback", prog, NULL);
	bv_program_free(prog);
	return rc;
}

/* 1000 and more instructions and a dozen loops: the widths of the index
 * and SCC columns */
static int compare_long(void)
{
	char *text = malloc(TEXT_LEN);
	size_t pos = 0;
	int rc;

	if (!text)
		return -1;
	pos += (size_t)snprintf(text, TEXT_LEN, "r0 = *(u64 *)(r9 +0)\n");
	for (unsigned loop = 0; loop < 12; loop++)
		pos += (size_t)snprintf(text + pos, TEXT_LEN - pos,
					"r%u += 1\nif r%u < 0x9 goto pc-2\n",
					loop % 9, loop % 9);
	for (unsigned i = 0; i < 1000; i++)
		pos += (size_t)snprintf(text + pos, TEXT_LEN - pos,
					"r%u += r%u\n", i % 10, (i * 7) % 10);
	snprintf(text + pos, TEXT_LEN - pos, "exit\n");
	rc = compare_asm("long", text);
	free(text);
	return rc;
}

/* ---- the generator ---- */

struct rng {
	uint64_t s;
};

/* xorshift64*: a value in [0, n) */
static uint32_t rnd(struct rng *r, uint32_t n)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return (uint32_t)((r->s * 0x2545f4914f6cdd1dull) >> 32) % n;
}

enum item_kind { IT_PLAIN, IT_JUMP, IT_CALL };

/* One line before layout: a jump's target is an item of its function, a
 * call's a function. */
struct item {
	enum item_kind kind;
	char text[80]; /* a jump's text up to "pc" */
	unsigned slots;
	size_t target;
};

struct func {
	struct item items[MAX_ITEMS];
	size_t n;
	size_t start; /* first slot, after layout */
};

struct gen {
	struct rng rng;
	struct func funcs[MAX_FUNCS];
	size_t n_funcs;
	bool main_only; /* LD_ABS and tail calls: the main program only */
	bool ld_abs;
	size_t cur;
};

static struct item *add(struct gen *g, enum item_kind kind, unsigned slots,
			const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static struct item *add(struct gen *g, enum item_kind kind, unsigned slots,
			const char *fmt, ...)
{
	struct func *f = &g->funcs[g->cur];
	struct item *it = &f->items[f->n++];
	va_list ap;

	it->kind = kind;
	it->slots = slots;
	it->target = 0;
	va_start(ap, fmt);
	vsnprintf(it->text, sizeof(it->text), fmt, ap);
	va_end(ap);
	return it;
}

static const char *const alu_ops[] = { "+=", "-=", "*=", "/=", "|=", "&=",
				       "<<=", ">>=", "%=", "^=", "s>>=",
				       "s/=", "s%=" };
static const char *const jmp_ops[] = { "==", "!=", ">", ">=", "<", "<=",
				       "s>", "s>=", "s<", "s<=", "&" };
static const char *const helpers[] = {
	"bpf_ktime_get_ns", "bpf_get_prandom_u32", "bpf_map_lookup_elem",
	"bpf_map_update_elem", "bpf_map_delete_elem", "bpf_trace_printk",
	"bpf_probe_read", "bpf_probe_read_kernel", "bpf_skb_load_bytes",
	"bpf_get_current_pid_tgid", "bpf_perf_event_output",
	"bpf_ringbuf_output", "bpf_csum_diff", "bpf_skb_store_bytes",
	"bpf_get_smp_processor_id", "bpf_jiffies64", "bpf_get_stack",
	"bpf_xdp_adjust_head", "bpf_redirect", "bpf_snprintf",
	"bpf_get_socket_cookie", "unknown#9999",
};
static const char *const sizes[] = { "u8", "u16", "u32", "u64" };

static unsigned reg(struct gen *g)
{
	return rnd(&g->rng, 10);
}

static void add_alu(struct gen *g)
{
	const char *op = alu_ops[rnd(&g->rng, COUNT(alu_ops))];
	char w = rnd(&g->rng, 3) ? 'r' : 'w';
	unsigned d = reg(g);

	if (rnd(&g->rng, 2))
		add(g, IT_PLAIN, 1, "%c%u %s %c%u", w, d, op, w, reg(g));
	else
		add(g, IT_PLAIN, 1, "%c%u %s %u", w, d, op, 1 + rnd(&g->rng, 9));
}

static void add_mov(struct gen *g)
{
	unsigned d = reg(g), s = rnd(&g->rng, 11);

	switch (rnd(&g->rng, 7)) {
	case 0:
		add(g, IT_PLAIN, 1, "r%u = %u", d, rnd(&g->rng, 100));
		break;
	case 1:
		add(g, IT_PLAIN, 1, "w%u = w%u", d, reg(g));
		break;
	case 2:
		add(g, IT_PLAIN, 2, "r%u = 0x%x00000001", d, 1 + rnd(&g->rng, 255));
		break;
	case 3:
		add(g, IT_PLAIN, 1, "r%u = (s%u)r%u", d, 8u << rnd(&g->rng, 3),
		    reg(g));
		break;
	case 4:
		add(g, IT_PLAIN, 1, "r%u = -r%u", d, d);
		break;
	case 5:
		add(g, IT_PLAIN, 1, "r%u = be%u r%u", d, 16u << rnd(&g->rng, 3), d);
		break;
	default:
		add(g, IT_PLAIN, 1, "r%u = r%u", d, s);
	}
}

static void add_mem(struct gen *g)
{
	const char *sz = sizes[rnd(&g->rng, 4)];
	int off = -8 * (1 + (int)rnd(&g->rng, 8));
	unsigned base = rnd(&g->rng, 3) ? 10 : reg(g);

	switch (rnd(&g->rng, 4)) {
	case 0:
		add(g, IT_PLAIN, 1, "*(%s *)(r%u %d) = r%u", sz, base, off, reg(g));
		break;
	case 1:
		add(g, IT_PLAIN, 1, "*(%s *)(r%u %d) = %u", sz, base, off,
		    rnd(&g->rng, 9));
		break;
	case 2:
		add(g, IT_PLAIN, 1, "r%u = *(%s *)(r%u %d)", reg(g), sz, base, off);
		break;
	default:
		add(g, IT_PLAIN, 1, "r%u = *(s%u *)(r%u %d)", reg(g),
		    8u << rnd(&g->rng, 3), base, off);
	}
}

static void add_atomic(struct gen *g)
{
	unsigned s = reg(g), d = rnd(&g->rng, 2) ? 10 : reg(g);
	int off = -8 * (1 + (int)rnd(&g->rng, 4));

	switch (rnd(&g->rng, 5)) {
	case 0:
		add(g, IT_PLAIN, 1, "lock *(u64 *)(r%u %d) += r%u", d, off, s);
		break;
	case 1:
		add(g, IT_PLAIN, 1, "r%u = atomic64_fetch_or((u64 *)(r%u %d), r%u)",
		    s, d, off, s);
		break;
	case 2:
		add(g, IT_PLAIN, 1, "r0 = atomic_cmpxchg((u32 *)(r%u %d), r0, r%u)",
		    d, off, s);
		break;
	case 3:
		add(g, IT_PLAIN, 1, "r%u = load_acquire((u64 *)(r%u %d))", s, d, off);
		break;
	default:
		add(g, IT_PLAIN, 1, "store_release((u32 *)(r%u %d), r%u)", d, off, s);
	}
}

static void add_call(struct gen *g)
{
	const char *h = helpers[rnd(&g->rng, COUNT(helpers))];

	if (g->cur + 1 < g->n_funcs && rnd(&g->rng, 2)) {
		struct item *it = add(g, IT_CALL, 1, "call");

		it->target = g->cur + 1 + rnd(&g->rng, (uint32_t)(g->n_funcs - g->cur - 1));
	} else if (g->cur == 0 && g->main_only && !rnd(&g->rng, 6)) {
		add(g, IT_PLAIN, 1, "call bpf_tail_call");
	} else {
		add(g, IT_PLAIN, 1, "call %s", h);
	}
}

static void add_ld_abs(struct gen *g)
{
	const char *sz = sizes[rnd(&g->rng, 3)];

	if (rnd(&g->rng, 2))
		add(g, IT_PLAIN, 1, "r0 = *(%s *)skb[%u]", sz, rnd(&g->rng, 64));
	else
		add(g, IT_PLAIN, 1, "r0 = *(%s *)skb[r%u + %u]", sz, 1 + rnd(&g->rng, 9),
		    rnd(&g->rng, 16));
}

static void add_plain(struct gen *g)
{
	unsigned pick = rnd(&g->rng, 20);

	if (pick < 6)
		add_alu(g);
	else if (pick < 11)
		add_mov(g);
	else if (pick < 15)
		add_mem(g);
	else if (pick < 17)
		add_atomic(g);
	else if (pick < 19 || !g->ld_abs || g->cur)
		add_call(g);
	else
		add_ld_abs(g);
}

/* The text of a conditional jump up to its "pc" */
static struct item *add_cond(struct gen *g)
{
	const char *op = jmp_ops[rnd(&g->rng, COUNT(jmp_ops))];
	char w = rnd(&g->rng, 3) ? 'r' : 'w';
	unsigned d = reg(g);

	if (!rnd(&g->rng, 8))
		return add(g, IT_JUMP, 1, "may_goto");
	if (rnd(&g->rng, 2))
		return add(g, IT_JUMP, 1, "if %c%u %s %c%u goto", w, d, op, w, reg(g));
	return add(g, IT_JUMP, 1, "if %c%u %s 0x%x goto", w, d, op,
		   rnd(&g->rng, 16));
}

static size_t item_count(const struct gen *g)
{
	return g->funcs[g->cur].n;
}

static void gen_block(struct gen *g, unsigned depth, unsigned n);

/* if (cond) skip the block; or if/else; or a loop closed by a jump back */
static void gen_branch(struct gen *g, unsigned depth, unsigned kind)
{
	size_t start = item_count(g), j, k;

	if (kind == 2) {
		gen_block(g, depth + 1, 1 + rnd(&g->rng, 4));
		add_cond(g)->target = start;
		return;
	}
	j = (size_t)(add_cond(g) - g->funcs[g->cur].items);
	gen_block(g, depth + 1, rnd(&g->rng, 4));
	if (kind == 1) {
		k = (size_t)(add(g, IT_JUMP, 1, rnd(&g->rng, 4) ? "goto" : "gotol") -
			     g->funcs[g->cur].items);
		g->funcs[g->cur].items[j].target = item_count(g);
		gen_block(g, depth + 1, rnd(&g->rng, 4));
		g->funcs[g->cur].items[k].target = item_count(g);
		return;
	}
	g->funcs[g->cur].items[j].target = item_count(g);
}

static void gen_block(struct gen *g, unsigned depth, unsigned n)
{
	for (unsigned i = 0; i < n && item_count(g) + 40 < MAX_ITEMS; i++) {
		unsigned pick = rnd(&g->rng, 100);

		if (depth < 3 && pick < 10)
			gen_branch(g, depth, 0);
		else if (depth < 3 && pick < 16)
			gen_branch(g, depth, 1);
		else if (depth < 3 && pick < 20)
			gen_branch(g, depth, 2);
		else
			add_plain(g);
	}
}

static size_t layout(struct gen *g)
{
	size_t slot = 0;

	for (size_t f = 0; f < g->n_funcs; f++) {
		g->funcs[f].start = slot;
		for (size_t i = 0; i < g->funcs[f].n; i++)
			slot += g->funcs[f].items[i].slots;
	}
	return slot;
}

static size_t slot_of(const struct func *f, size_t item)
{
	size_t slot = f->start;

	for (size_t i = 0; i < item; i++)
		slot += f->items[i].slots;
	return slot;
}

/* Appends one item's line to out. */
static size_t emit_item(const struct gen *g, const struct func *f, size_t i,
			char *out, size_t len)
{
	const struct item *it = &f->items[i];
	long here = (long)slot_of(f, i), to;

	if (it->kind == IT_PLAIN)
		return (size_t)snprintf(out, len, "%s\n", it->text);
	to = it->kind == IT_CALL ? (long)g->funcs[it->target].start
				 : (long)slot_of(f, it->target);
	return (size_t)snprintf(out, len, "%s pc%+ld\n", it->text, to - here - 1);
}

static const char *const prog_types[] = { "socket_filter", "sched_cls",
					  "xdp", "kprobe", "tracepoint",
					  "cgroup_skb" };

static void gen_header(struct gen *g, char *out, size_t len, size_t *pos)
{
	unsigned type = rnd(&g->rng, COUNT(prog_types));
	bool bpf_only = (type == 0 || type == 5) && !rnd(&g->rng, 4);

	g->ld_abs = type < 2;
	*pos += (size_t)snprintf(out + *pos, len - *pos, ".prog_type %s\n%s",
				 prog_types[type], bpf_only ? ".caps bpf\n" : "");
}

/* One program as text; a poisoned one fails at its first instruction so
 * that the kernel's simulation of its loops stays short. */
static void generate(struct gen *g, char *out, size_t len)
{
	size_t pos = 0;
	bool poison = rnd(&g->rng, 2);

	gen_header(g, out, len, &pos);
	g->n_funcs = 1 + (rnd(&g->rng, 3) ? rnd(&g->rng, 4) : 0);
	g->main_only = g->n_funcs == 1;
	for (g->cur = 0; g->cur < g->n_funcs; g->cur++) {
		g->funcs[g->cur].n = 0;
		if (!g->cur && poison)
			add(g, IT_PLAIN, 1, "r0 = *(u64 *)(r9 +0)");
		gen_block(g, 0, 2 + rnd(&g->rng, 14));
		if (g->cur + 1 < g->n_funcs) /* every subprogram is called */
			add(g, IT_CALL, 1, "call")->target = g->cur + 1;
		if (rnd(&g->rng, 2))
			add(g, IT_PLAIN, 1, "r0 = %u", rnd(&g->rng, 2));
		add(g, IT_PLAIN, 1, "exit");
	}
	layout(g);
	for (size_t f = 0; f < g->n_funcs; f++)
		for (size_t i = 0; i < g->funcs[f].n; i++)
			pos += emit_item(g, &g->funcs[f], i, out + pos, len - pos);
}

static int run_generated(void)
{
	struct gen *g = calloc(1, sizeof(*g));
	char *text = malloc(TEXT_LEN), name[32];
	int rc = 0;

	if (!g || !text) {
		free(g);
		free(text);
		return -1;
	}
	g->rng.s = SEED;
	for (unsigned i = 0; i < N_GENERATED && !rc; i++) {
		generate(g, text, TEXT_LEN);
		snprintf(name, sizeof(name), "generated #%u", i);
		rc = compare_asm(name, text);
	}
	free(g);
	free(text);
	return rc;
}

int main(void)
{
	char why[BV_ERROR_LEN];
	int rc = 0;

	if (!bv_oracle_available(why, sizeof(why))) {
		printf("liveness-kernel: %s\n", why);
		printf("liveness-kernel: 0 passed, 0 failed, 1 skipped\n");
		return 0;
	}
	for (size_t i = 0; i < COUNT(handwritten) && !rc; i++) {
		char name[32];

		snprintf(name, sizeof(name), "hand-written #%zu", i);
		rc = compare_asm(name, handwritten[i]);
	}
	if (!rc)
		rc = compare_callback();
	if (!rc)
		rc = compare_long();
	if (!rc)
		rc = run_generated();
	if (rc)
		CHECK(!"the kernel answers every load");
	printf("liveness-kernel: compared %u programs, %u with loops, %u with subprograms\n",
	       check_passed + check_failed, with_loops, with_subprogs);
	return check_kernel_summary("liveness-kernel", skipped);
}
