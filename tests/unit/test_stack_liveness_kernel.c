/* SPDX-License-Identifier: MIT */
/* The live kernel as the oracle for the stack liveness analysis
 * (src/verify/stack_liveness.c). bpfverify's simulation does not drive the
 * analysis yet, so the kernel's own level-2 log drives it here: the log
 * names each instruction the kernel simulates, each path that ends
 * ("N: safe", an exit) and each state it resumes ("from X to Y:"); the
 * test replays those events into the analysis, reporting the stack reads
 * and writes the kernel reports for them, and compares every
 * "(CALLCHAIN) frame F insn I +live/-live/+written/-written ..." and
 * "(CALLCHAIN) live stack update done in N iterations" line, in order.
 *
 * The programs reach the stack at constant offsets, through r10 or
 * through a pointer whose target the kernel prints after the instruction
 * (a callee's r8 into its caller's frame), and call each subprogram from
 * one call instruction, so that an instruction's call chain follows from
 * its index. Skips (exit 0) when bpf() is not permitted. */
#include "check.h"
#include "isa/opcodes.h"
#include "kernel/oracle.h"
#include "load/program.h"
#include "verify/stack_liveness.h"

#include <stdarg.h>
#include <stdlib.h>

#define N_GENERATED 300
#define SEED 0x57ac4u
#define TEXT_LEN 32768
#define MAX_REPORTS 4
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static unsigned reports, lines_compared;

/* ---- the replay ---- */

struct replay {
	const bv_program *prog;
	struct bv_stack_liveness *sl;
	struct bv_live_frames frames;	/* the state being simulated */
	struct bv_live_frames *ctx;	/* the frames each insn ran in */
	long returned_from;		/* the exit of a subprogram just left */
};

static bool is_pseudo_call(const struct bv_insn *insn)
{
	return insn->code == (BV_JMP | BV_CALL) && insn->src_reg == BV_PSEUDO_CALL;
}

static uint64_t slot_of(int off)
{
	return 1ull << ((-off - 1) / 8);
}

/* Where base register reg points, from the state the kernel printed after
 * the instruction ("R8=fp-16", "R1=fp[0]-8"): false unless to a stack. */
static bool stack_ptr(const struct replay *r, const char *line, unsigned reg,
		      uint32_t *frame, int *off)
{
	char key[16];
	const char *p;

	*frame = r->frames.curframe;
	*off = 0;
	if (reg == BV_REG_FP)
		return true;
	snprintf(key, sizeof(key), " R%u=fp", reg);
	p = strstr(line, key);
	if (!p)
		return false;
	p += strlen(key);
	if (*p == '[') {
		*frame = (uint32_t)strtoul(p + 1, (char **)&p, 10);
		p++;
	}
	*off = (int)strtol(p, NULL, 10);
	return true;
}

/* The marks check_stack_read_fixed_off and check_stack_write_fixed_off
 * make: a read marks the slot of its offset, a write only a whole slot. */
static void stack_effects(struct replay *r, uint32_t idx, const char *line)
{
	const struct bv_insn *insn = &r->prog->insns[idx];
	uint8_t cls = BV_CLASS(insn->code), mode = BV_MODE(insn->code);
	bool store = (cls == BV_ST || cls == BV_STX) && mode == BV_MEM;
	bool load = cls == BV_LDX && (mode == BV_MEM || mode == BV_MEMSX);
	uint32_t frame;
	int off;

	if (store && stack_ptr(r, line, insn->dst_reg, &frame, &off)) {
		off += insn->off;
		if (off % 8 == 0 && BV_SIZE(insn->code) == BV_DW)
			bv_sl_mark_write(r->sl, frame, slot_of(off));
	}
	if (load && insn->dst_reg != insn->src_reg &&
	    stack_ptr(r, line, insn->src_reg, &frame, &off))
		bv_sl_mark_read(r->sl, &r->frames, frame, idx,
				slot_of(off + insn->off));
}

/* do_check around one instruction: reset, the instruction, commit; a call
 * enters the callee, an exit leaves a subprogram or ends the path. */
static void run_insn(struct replay *r, uint32_t idx, const char *line)
{
	const struct bv_insn *insn = &r->prog->insns[idx];
	struct bv_live_frames *f = &r->frames;

	r->returned_from = -1;
	r->ctx[idx] = *f;
	bv_sl_reset_write_marks(r->sl, f, idx);
	stack_effects(r, idx, line);
	if (is_pseudo_call(insn)) {
		f->curframe++;
		f->callsite[f->curframe] = idx;
		f->start[f->curframe] = idx + (uint32_t)insn->imm + 1;
		bv_sl_reset_callchain(r->sl);
	} else if (insn->code == (BV_JMP | BV_EXIT) && f->curframe) {
		bv_sl_update(r->sl, f);
		f->curframe--;
		r->returned_from = idx;
	} else if (insn->code == (BV_JMP | BV_EXIT)) {
		bv_sl_commit_write_marks(r->sl);
		bv_sl_update(r->sl, f); /* then pop_stack */
		return;
	}
	bv_sl_commit_write_marks(r->sl);
}

/* "from X to Y:" resumes the state pushed at X, unless it only reports
 * the return from a subprogram whose exit is X. */
static void resume(struct replay *r, const char *line)
{
	long from = strtol(line + 5, NULL, 10);

	if (from != r->returned_from && from >= 0 &&
	    (size_t)from < r->prog->n_insns)
		r->frames = r->ctx[from];
	r->returned_from = -1;
	if (strstr(line, ": safe"))
		bv_sl_update(r->sl, &r->frames);
}

static bool insn_line(const char *line, long *idx)
{
	char *end;

	*idx = strtol(line, &end, 10);
	return end != line && !strncmp(end, ": (", 3);
}

static void replay_line(struct replay *r, const char *line)
{
	long idx;
	char *end;

	if (!strncmp(line, "from ", 5)) {
		resume(r, line);
	} else if (insn_line(line, &idx) && (size_t)idx < r->prog->n_insns) {
		run_insn(r, (uint32_t)idx, line);
	} else if ((idx = strtol(line, &end, 10), end != line) &&
		   !strcmp(end, ": safe")) {
		bv_sl_update(r->sl, &r->frames);
	}
}

static bool liveness_line(const char *line)
{
	return line[0] == '(' && (strstr(line, ") frame ") ||
				  strstr(line, ") live stack update done"));
}

/* Replays log (from its first state line) and appends the liveness lines
 * of the kernel to want, and ours to got. */
static int replay(const bv_program *prog, const struct bv_cfg *cfg,
		  const char *log, struct bv_vlog *want, struct bv_vlog *got)
{
	struct replay r = { .prog = prog, .returned_from = -1 };
	const char *p = strstr(log, "0: R1=");
	char line[1024];

	r.ctx = calloc(prog->n_insns, sizeof(*r.ctx));
	r.sl = bv_sl_new(prog, cfg, got);
	if (!r.ctx || !r.sl || !p) {
		free(r.ctx);
		bv_sl_free(r.sl);
		return -1;
	}
	while (*p) {
		size_t len = strcspn(p, "\n");

		snprintf(line, sizeof(line), "%.*s", (int)len, p);
		p += len + (p[len] == '\n');
		if (liveness_line(line)) {
			bv_vlog(want, "%s\n", line);
			lines_compared++;
		}
		replay_line(&r, line);
	}
	free(r.ctx);
	bv_sl_free(r.sl);
	return 0;
}

static void report(const char *name, const char *text, const char *want,
		   const char *got)
{
	if (reports++ >= MAX_REPORTS)
		return;
	fprintf(stderr, "stack-liveness-kernel: %s differs\n--- program\n%s"
		"--- kernel\n%s--- ours\n%s---\n", name, text, want, got);
}

/* Returns -1 when the kernel cannot be asked. */
static int compare(const char *name, const char *text)
{
	struct bv_vlog want = { 0 }, got = { .level = BV_LOG_LEVEL2 };
	struct bv_oracle_result res;
	struct bv_fault fault;
	struct bv_error err;
	struct bv_cfg cfg;
	bv_program *prog;
	int rc = 0;

	if (bv_program_from_asm(text, strlen(text), &prog, &err)) {
		fprintf(stderr, "%s: line %u: %s\n%s", name, err.line, err.msg, text);
		CHECK(!"program assembles");
		return 0;
	}
	CHECK(bv_static_checks(prog, prog->privilege, &cfg, &fault) == 0);
	if (bv_oracle_load(prog, 2, false, prog->privilege, &res)) {
		rc = -1;
	} else {
		bv_vlog(&want, "%s", "");
		bv_vlog(&got, "%s", "");
		CHECK(replay(prog, &cfg, res.log, &want, &got) == 0);
		if (!check_kernel_log(name, got.buf, want.buf))
			report(name, text, want.buf, got.buf);
		bv_oracle_result_free(&res);
	}
	bv_cfg_free(&cfg);
	bv_vlog_free(&want);
	bv_vlog_free(&got);
	bv_program_free(prog);
	return rc;
}

/* ---- programs ---- */

static const char *const handwritten[] = {
	/* writes, reads, a branch; subprograms two deep */
	"r6 = *(u32 *)(r1 +0)\nr1 = 0\n*(u64 *)(r10 -8) = r1\n"
	"*(u64 *)(r10 -16) = r1\nr2 = *(u64 *)(r10 -8)\n"
	"if r6 > 0x3 goto pc+2\nr0 = *(u64 *)(r10 -16)\nexit\ncall pc+3\n"
	"r0 = *(u64 *)(r10 -24)\nr0 = 0\nexit\nr0 = 1\n"
	"*(u64 *)(r10 -8) = r0\n*(u64 *)(r10 -24) = r0\ncall pc+2\n"
	"r0 = *(u64 *)(r10 -8)\nexit\nr0 = 5\n*(u64 *)(r10 -32) = r0\n"
	"r0 = *(u64 *)(r10 -32)\nexit\n",
	/* a write on one path only: must_write shrinks on the second visit */
	"r6 = *(u32 *)(r1 +0)\nr0 = 0\nif r6 > 0x3 goto pc+1\n"
	"*(u64 *)(r10 -8) = r0\n*(u64 *)(r10 -16) = r0\n"
	"r0 = *(u64 *)(r10 -8)\nr0 = 0\nexit\n",
	/* deep slots, visited twice: the kernel's u32 must_write */
	"r6 = *(u32 *)(r1 +0)\nr0 = 0\nif r6 > 0x3 goto pc+0\n"
	"*(u64 *)(r10 -512) = r0\n*(u64 *)(r10 -264) = r0\n"
	"*(u64 *)(r10 -8) = r0\nr0 = *(u64 *)(r10 -512)\nexit\n",
	/* a counted loop */
	"r7 = 3\nr0 = 0\n*(u64 *)(r10 -8) = r0\nr0 = *(u64 *)(r10 -8)\n"
	"*(u64 *)(r10 -16) = r7\nr7 += -1\nif r7 != 0x0 goto pc-5\nexit\n",
	/* a store through a pointer: slot 63 first, then slot 0; the
	 * kernel's u32 must_write keeps slot 63 */
	"r6 = *(u32 *)(r1 +0)\nr0 = 0\nr2 = r10\nr2 += -512\n"
	"if r6 > 0x3 goto pc+2\nr7 = r10\ngoto pc+1\nr2 += 504\n"
	"*(u64 *)(r2 +0) = r0\nr0 = *(u64 *)(r10 -512)\nr0 = 0\nexit\n",
	/* the same with slots 31 and 0: the write is dropped */
	"r6 = *(u32 *)(r1 +0)\nr0 = 0\nr2 = r10\nr2 += -256\n"
	"if r6 > 0x3 goto pc+2\nr7 = r10\ngoto pc+1\nr2 += 248\n"
	"*(u64 *)(r2 +0) = r0\nr0 = *(u64 *)(r10 -256)\nr0 = 0\nexit\n",
	/* a callee reads and writes its caller's frame */
	"r1 = r10\ncall pc+3\nr0 = *(u64 *)(r10 -8)\nr0 = 0\nexit\n"
	"*(u64 *)(r10 -8) = r1\nr0 = *(u64 *)(r1 -16)\n"
	"*(u64 *)(r1 -8) = r0\nr0 = 0\nexit\n",
	/* partial and misaligned accesses */
	"r0 = 0\n*(u32 *)(r10 -4) = 1\n*(u64 *)(r10 -12) = r0\n"
	"r1 = *(u8 *)(r10 -1)\nr2 = *(s16 *)(r10 -10)\nexit\n",
};

struct rng {
	uint64_t s;
};

static uint32_t rnd(struct rng *r, uint32_t n)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return (uint32_t)(r->s >> 33) % n;
}

/* A function under construction: lines, with jumps still to resolve. */
struct fn {
	char line[160][64];
	int target[160]; /* line a jump goes to, or -1 */
	size_t n;
};

static void emit(struct fn *f, int target, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void emit(struct fn *f, int target, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->line[f->n], sizeof(f->line[0]), fmt, ap);
	va_end(ap);
	f->target[f->n++] = target;
}

/* A slot near the top, or now and then one of the deep ones (32-63);
 * a narrow access anywhere inside it. */
static int stack_off(struct rng *rng, unsigned bytes)
{
	int slot = rnd(rng, 8) ? (int)rnd(rng, 6) : 32 + (int)rnd(rng, 32);

	return -8 * (slot + 1) + (int)rnd(rng, 9 - bytes);
}

/* In a subprogram, r8 points to the caller's frame. */
static void gen_access(struct rng *rng, struct fn *f, bool callee)
{
	static const char *const sizes[] = { "u8", "u16", "u32", "u64" };
	unsigned log2 = rnd(rng, 4) ? 3 : rnd(rng, 4);
	const char *sz = sizes[log2];
	int off = stack_off(rng, 1u << log2);
	unsigned base = callee && !rnd(rng, 3) ? 8 : 10;

	switch (rnd(rng, 3)) {
	case 0:
		emit(f, -1, "*(%s *)(r%u %d) = r%u", sz, base, off,
		     rnd(rng, 2) ? 0 : 6);
		break;
	case 1:
		emit(f, -1, "*(%s *)(r%u %d) = %u", sz, base, off, rnd(rng, 5));
		break;
	default:
		emit(f, -1, "r%u = *(%s *)(r%u %d)", 2 + rnd(rng, 3), sz, base,
		     off);
	}
}

/* Straight accesses, forward branches on r6, at most one counted loop. */
static void gen_body(struct rng *rng, struct fn *f, unsigned n, bool *looped,
		     bool callee)
{
	for (unsigned i = 0; i < n && f->n + 12 < COUNT(f->line); i++) {
		unsigned pick = rnd(rng, 10);

		if (pick < 2) {
			size_t j = f->n;

			emit(f, -1, "if r6 %s 0x%x goto", rnd(rng, 2) ? ">" : "==",
			     rnd(rng, 8));
			gen_body(rng, f, 1 + rnd(rng, 3), looped, callee);
			f->target[j] = (int)f->n;
		} else if (pick == 2 && !*looped) {
			size_t start;

			*looped = true;
			emit(f, -1, "r7 = %u", 1 + rnd(rng, 3));
			start = f->n;
			gen_body(rng, f, 1 + rnd(rng, 3), looped, callee);
			emit(f, -1, "r7 += -1");
			emit(f, (int)start, "if r7 != 0x0 goto");
		} else {
			gen_access(rng, f, callee);
		}
	}
}

/* Each function but the last calls the next once; r6 carries an unknown
 * value into every frame, r8 the caller's frame pointer. */
static void generate(struct rng *rng, char *out, size_t len)
{
	struct fn fns[4];
	unsigned n_fns = 1 + rnd(rng, 4);
	size_t start[5] = { 0 }, pos = 0;

	for (unsigned k = 0; k < n_fns; k++) {
		struct fn *f = &fns[k];
		bool looped = false;

		f->n = 0;
		emit(f, -1, k ? "r6 = r1" : "r6 = *(u32 *)(r1 +0)");
		if (k)
			emit(f, -1, "r8 = r2");
		emit(f, -1, "r0 = 0");
		gen_body(rng, f, 2 + rnd(rng, 8), &looped, k > 0);
		if (k + 1 < n_fns) {
			emit(f, -1, "r1 = r6");
			emit(f, -1, "r2 = r10");
			emit(f, -2, "call");
			gen_body(rng, f, rnd(rng, 5), &looped, k > 0);
		}
		emit(f, -1, "r0 = 0");
		emit(f, -1, "exit");
		start[k + 1] = start[k] + f->n;
	}
	for (unsigned k = 0; k < n_fns; k++)
		for (size_t i = 0; i < fns[k].n; i++) {
			long here = (long)(start[k] + i);
			int t = fns[k].target[i];

			if (t == -1)
				pos += (size_t)snprintf(out + pos, len - pos, "%s\n",
							fns[k].line[i]);
			else
				pos += (size_t)snprintf(out + pos, len - pos, "%s pc%+ld\n",
							fns[k].line[i],
							(t == -2 ? (long)start[k + 1]
								 : (long)start[k] + t) -
								here - 1);
		}
}

int main(void)
{
	char why[BV_ERROR_LEN], name[32], *text = malloc(TEXT_LEN);
	struct rng rng = { SEED };
	int rc = 0;

	if (!text || !bv_oracle_available(why, sizeof(why))) {
		printf("stack-liveness-kernel: %s\n", text ? why : "no memory");
		printf("stack-liveness-kernel: 0 passed, 0 failed, 1 skipped\n");
		free(text);
		return 0;
	}
	for (size_t i = 0; i < COUNT(handwritten) && !rc; i++) {
		snprintf(name, sizeof(name), "hand-written #%zu", i);
		rc = compare(name, handwritten[i]);
	}
	for (unsigned i = 0; i < N_GENERATED && !rc; i++) {
		generate(&rng, text, TEXT_LEN);
		snprintf(name, sizeof(name), "generated #%u", i);
		rc = compare(name, text);
	}
	free(text);
	if (rc)
		CHECK(!"the kernel answers every load");
	printf("stack-liveness-kernel: compared %u log lines\n", lines_compared);
	return check_kernel_summary("stack-liveness-kernel", 0);
}
