/* SPDX-License-Identifier: MIT */
/* Unit tests of the control-flow passes (src/verify/cfg.c): their messages,
 * the subprogram table, the marks visit_insn leaves, and the order in which
 * bv_static_checks runs every pass before do_check. */
#include "check.h"
#include "isa/opcodes.h"
#include "load/program.h"
#include "verify/cfg.h"

#include <errno.h>
#include <stdlib.h>

#define INSN(c, d, s, o, i)                                                    \
	((struct bv_insn){ .code = (c), .dst_reg = (d), .src_reg = (s),        \
			   .off = (o), .imm = (i) })
#define MOV0 INSN(BV_ALU64 | BV_MOV | BV_K, 0, 0, 0, 0)
#define EXIT INSN(BV_JMP | BV_EXIT, 0, 0, 0, 0)
#define JA(off) INSN(BV_JMP | BV_JA, 0, 0, off, 0)
#define GOTOL(imm) INSN(BV_JMP32 | BV_JA, 0, 0, 0, imm)
#define JEQ(off) INSN(BV_JMP | BV_JEQ | BV_K, 0, 0, off, 0)
#define PCALL(imm) INSN(BV_JMP | BV_CALL, 0, BV_PSEUDO_CALL, 0, imm)
#define HCALL(imm) INSN(BV_JMP | BV_CALL, 0, 0, 0, imm)
#define LD64(dst, src, imm) INSN(BV_LD | BV_IMM | BV_DW, dst, src, 0, imm)
#define HALF(imm) INSN(0, 0, 0, 0, imm)
#define LDABS INSN(BV_LD | BV_ABS | BV_W, 0, 0, 0, 0)
#define MAY_GOTO(off) INSN(BV_JMP | BV_JCOND, 0, 0, off, 0)

#define PROG(...)                                                              \
	make_prog((const struct bv_insn[]){ __VA_ARGS__ },                     \
		  sizeof((const struct bv_insn[]){ __VA_ARGS__ }) /            \
			  sizeof(struct bv_insn))

/* A loader that is not bpf_capable: any value outside the enum. */
#define UNPRIV ((enum bv_privilege)7)
#define F_SLEEPABLE (1u << 4)

static struct bv_program *make_prog(const struct bv_insn *insns, size_t n)
{
	struct bv_program *prog = bv_program_new();
	struct bv_error err;

	if (!prog || bv_program_set_insns(prog, insns, n, &err)) {
		fprintf(stderr, "cannot build a program\n");
		exit(2);
	}
	return prog;
}

/* The first fault of bv_cfg_build ("" when it passes); frees prog. */
static const char *build_msg(struct bv_program *prog, enum bv_privilege priv,
			     struct bv_fault *f)
{
	struct bv_cfg cfg;
	int ret = bv_cfg_build(prog, priv, &cfg, f);

	bv_program_free(prog);
	if (!ret) {
		bv_cfg_free(&cfg);
		return "";
	}
	CHECK(cfg.subprogs == NULL && cfg.marks == NULL);
	return f->kind == BV_FAULT_UNSUPPORTED ? "(unsupported)" : f->msg;
}

/* The first fault of bv_static_checks ("" when all pass); frees prog. */
static const char *static_msg(struct bv_program *prog, struct bv_fault *f)
{
	int ret = bv_static_checks(prog, BV_PRIV_ROOT, NULL, f);

	bv_program_free(prog);
	if (!ret)
		return "";
	return f->kind == BV_FAULT_LOGGED ? f->msg : "(not logged)";
}

#define BUILD(...) build_msg(PROG(__VA_ARGS__), BV_PRIV_ROOT, &f)

static void test_subprog_messages(void)
{
	struct bv_fault f;

	CHECK_STR(BUILD(MOV0, EXIT), "");
	CHECK_STR(BUILD(MOV0, PCALL(1), EXIT, MOV0, EXIT), "");
	CHECK_STR(BUILD(MOV0, PCALL(5), EXIT), "call to invalid destination");
	CHECK(f.insn == 1 && f.error == EINVAL);
	CHECK_STR(BUILD(MOV0, PCALL(-3), EXIT), "call to invalid destination");
	CHECK_STR(BUILD(MOV0, PCALL(0x7fffffff), EXIT),
		  "call to invalid destination");
	CHECK_STR(BUILD(MOV0, LD64(1, BV_PSEUDO_FUNC, 9), HALF(0), EXIT),
		  "call to invalid destination");
	CHECK_STR(BUILD(MOV0, INSN(BV_JMP | BV_CALL, 0, BV_PSEUDO_KFUNC_CALL, 0,
				   7),
			EXIT),
		  "(unsupported)");
	/* the kfunc comes after the bad call: the call speaks */
	CHECK_STR(BUILD(MOV0, PCALL(9),
			INSN(BV_JMP | BV_CALL, 0, BV_PSEUDO_KFUNC_CALL, 0, 7),
			EXIT),
		  "call to invalid destination");
	CHECK_STR(BUILD(MOV0, JA(5), EXIT),
		  "jump out of range from insn 1 to 7");
	CHECK_STR(BUILD(MOV0, JA(-3), EXIT),
		  "jump out of range from insn 1 to -1");
	CHECK_STR(BUILD(MOV0, GOTOL(0x7fffffff), EXIT),
		  "jump out of range from insn 1 to -2147483647");
	CHECK_STR(BUILD(MOV0, JA(0)), "jump out of range from insn 1 to 2");
	/* a jump between subprograms */
	CHECK_STR(BUILD(MOV0, PCALL(2), JA(1), EXIT, MOV0, EXIT),
		  "jump out of range from insn 2 to 4");
	CHECK(f.insn == 2);
	CHECK_STR(BUILD(MOV0, PCALL(1), EXIT, JA(-3), EXIT),
		  "jump out of range from insn 3 to 1");
	CHECK_STR(BUILD(MOV0, MOV0), "last insn is not an exit or jmp");
	CHECK(f.insn == 1);
	CHECK_STR(BUILD(MOV0, JEQ(-2)), "last insn is not an exit or jmp");
	CHECK_STR(BUILD(MOV0, HCALL(1)), "last insn is not an exit or jmp");
	CHECK_STR(BUILD(MOV0, LD64(0, 0, 0), HALF(0)),
		  "last insn is not an exit or jmp");
	CHECK_STR(BUILD(MOV0, PCALL(1), MOV0, MOV0, EXIT),
		  "last insn is not an exit or jmp");
	CHECK_STR(BUILD(MOV0, PCALL(-1), EXIT),
		  "last insn is not an exit or jmp");
	CHECK_STR(BUILD(MOV0, GOTOL(0)), "jump out of range from insn 1 to 2");
	CHECK_STR(BUILD(MOV0, GOTOL(-2), EXIT), "unreachable insn 2");
}

static void test_too_many_subprogs(void)
{
	struct bv_fault f;

	for (size_t calls = 255; calls <= 256; calls++) {
		size_t n = 2 * calls + 2;
		struct bv_insn *insns = calloc(n, sizeof(*insns));
		struct bv_program *prog;

		if (!insns)
			exit(2);
		insns[0] = MOV0;
		for (size_t i = 0; i < calls; i++)
			insns[1 + i] = PCALL((int32_t)calls);
		for (size_t i = 1 + calls; i < n; i++)
			insns[i] = EXIT;
		prog = make_prog(insns, n);
		free(insns);
		CHECK_STR(build_msg(prog, BV_PRIV_ROOT, &f),
			  calls == 255 ? "" : "too many subprograms");
	}
	CHECK(f.error == E2BIG && f.insn == 256);
}

static void test_walk_messages(void)
{
	struct bv_fault f;

	CHECK_STR(BUILD(MOV0, EXIT, EXIT), "unreachable insn 2");
	CHECK(f.insn == 2);
	CHECK_STR(BUILD(MOV0, PCALL(1), EXIT, EXIT, EXIT), "unreachable insn 4");
	CHECK_STR(BUILD(MOV0, JA(-2), EXIT), "unreachable insn 2");
	CHECK_STR(BUILD(MOV0, JA(-1)), "");
	CHECK_STR(BUILD(MOV0, JEQ(1), LD64(0, 0, 0), HALF(0), EXIT),
		  "jump into the middle of ldimm64 insn 2");
	CHECK(f.insn == 2);
	CHECK_STR(BUILD(MOV0, LD64(0, 0, 0), HALF(0), JEQ(-2), EXIT),
		  "jump into the middle of ldimm64 insn 1");
	/* the lower instruction speaks first */
	CHECK_STR(BUILD(MOV0, JA(1), LD64(0, 0, 0), HALF(0), EXIT),
		  "unreachable insn 2");
	CHECK_STR(BUILD(MOV0, JA(4), EXIT, JEQ(1), LD64(0, 0, 0), HALF(0), EXIT),
		  "unreachable insn 2");
	CHECK_STR(BUILD(MOV0, JEQ(1), LD64(0, 0, 0), HALF(0), JA(1), EXIT, EXIT),
		  "jump into the middle of ldimm64 insn 2");
}

static void test_unprivileged(void)
{
	struct bv_fault f;

	CHECK_STR(build_msg(PROG(MOV0, JA(-2), EXIT), UNPRIV, &f),
		  "back-edge from insn 1 to 0");
	CHECK_STR(build_msg(PROG(MOV0, JEQ(1), JA(-3), EXIT), UNPRIV, &f),
		  "back-edge from insn 2 to 0");
	CHECK_STR(build_msg(PROG(MOV0, JA(-1)), UNPRIV, &f),
		  "back-edge from insn 1 to 1");
	CHECK_STR(build_msg(PROG(MOV0, JEQ(1), MOV0, EXIT), UNPRIV, &f), "");
	CHECK_STR(build_msg(PROG(MOV0, PCALL(1), EXIT, EXIT), UNPRIV, &f),
		  "loading/calling other bpf or kernel functions are allowed for CAP_BPF and CAP_SYS_ADMIN");
	CHECK(f.error == EPERM);
	CHECK_STR(build_msg(PROG(MOV0, PCALL(1), EXIT, EXIT), BV_PRIV_BPF_ONLY,
			    &f),
		  "");
}

static void test_subprog_table(void)
{
	struct bv_program *prog =
		PROG(MOV0, PCALL(5), LD64(1, BV_PSEUDO_FUNC, 6), HALF(0), LDABS,
		     JA(0), EXIT, HCALL(12), EXIT, MOV0, EXIT);
	struct bv_cfg cfg;
	struct bv_fault f;

	if (bv_cfg_build(prog, BV_PRIV_ROOT, &cfg, &f)) {
		CHECK_STR(f.msg, "");
		bv_program_free(prog);
		return;
	}
	CHECK(cfg.n_subprogs == 3 && cfg.n_insns == 11);
	CHECK(cfg.subprogs[0].start == 0 && cfg.subprogs[0].end == 7);
	CHECK(cfg.subprogs[1].start == 7 && cfg.subprogs[1].end == 9);
	CHECK(cfg.subprogs[2].start == 9 && cfg.subprogs[2].end == 11);
	CHECK(cfg.subprogs[0].has_ld_abs && !cfg.subprogs[0].has_tail_call);
	CHECK(!cfg.subprogs[1].has_ld_abs && cfg.subprogs[1].has_tail_call);
	CHECK(!cfg.subprogs[2].has_ld_abs && !cfg.subprogs[2].has_tail_call);
	CHECK(bv_cfg_subprog_at(&cfg, 0) == 0);
	CHECK(bv_cfg_subprog_at(&cfg, 7) == 1);
	CHECK(bv_cfg_subprog_at(&cfg, 9) == 2);
	CHECK(bv_cfg_subprog_at(&cfg, 8) == -1);
	CHECK(bv_cfg_subprog_of(&cfg, 6) == 0);
	CHECK(bv_cfg_subprog_of(&cfg, 7) == 1);
	CHECK(bv_cfg_subprog_of(&cfg, 8) == 1);
	CHECK(bv_cfg_subprog_of(&cfg, 10) == 2);
	bv_cfg_free(&cfg);
	CHECK(cfg.subprogs == NULL && cfg.n_subprogs == 0);
	bv_cfg_free(&cfg);
	bv_program_free(prog);
}

/* The marks of each instruction, as bits. */
static void expect_marks(const struct bv_cfg *cfg, const uint8_t *want,
			 size_t n)
{
	CHECK(cfg->n_insns == n);
	for (size_t i = 0; i < n && i < cfg->n_insns; i++) {
		if (cfg->marks[i] != want[i])
			fprintf(stderr, "insn %zu: marks %#x, want %#x\n", i,
				cfg->marks[i], want[i]);
		CHECK(cfg->marks[i] == want[i]);
	}
}

#define MARKS(prog, ...)                                                       \
	check_marks(prog, (const uint8_t[]){ __VA_ARGS__ },                    \
		    sizeof((const uint8_t[]){ __VA_ARGS__ }))

static void check_marks(struct bv_program *prog, const uint8_t *want, size_t n)
{
	struct bv_cfg cfg;
	struct bv_fault f;

	if (bv_cfg_build(prog, BV_PRIV_ROOT, &cfg, &f))
		CHECK_STR(f.msg, "");
	else
		expect_marks(&cfg, want, n);
	bv_cfg_free(&cfg);
	bv_program_free(prog);
}

enum {
	P = BV_MARK_PRUNE,
	J = BV_MARK_JMP,
	FC = BV_MARK_FORCE_CHECKPOINT,
	CB = BV_MARK_CALLS_CALLBACK,
	T = BV_MARK_JUMP_TARGET,
};

static void test_marks(void)
{
	struct bv_cfg cfg;
	struct bv_fault f;
	struct bv_program *prog;

	/* a conditional jump: itself a prune point, its target a prune and
	 * jump point and a jump target, its fall-through nothing */
	MARKS(PROG(MOV0, JEQ(1), MOV0, EXIT), 0, P, 0, P | J | T);
	/* ja: only its target (here 4) */
	MARKS(PROG(MOV0, JEQ(1), JA(1), MOV0, EXIT), 0, P, 0, P | J | T, P | J | T);
	MARKS(PROG(MOV0, JEQ(1), GOTOL(1), MOV0, EXIT), 0, P, 0, P | J | T, P | J | T);
	MARKS(PROG(MOV0, JA(0), EXIT), 0, 0, P | J | T);
	/* a backward jump marks its target like a forward one */
	MARKS(PROG(MOV0, JEQ(1), JA(-3), EXIT), P | J | T, P, 0, P | J | T);
	/* a helper call: the instruction after it */
	MARKS(PROG(MOV0, HCALL(1), EXIT), 0, 0, P | J);
	/* a pseudo call: itself, the return point and the callee (a jump
	 * target; the return point is not) */
	MARKS(PROG(MOV0, PCALL(1), EXIT, MOV0, EXIT), 0, P, P | J, P | J | T, 0);
	/* bpf_loop and the other callback callers force a checkpoint */
	MARKS(PROG(MOV0, HCALL(181), EXIT), 0, CB | FC | P | J, P | J);
	MARKS(PROG(MOV0, HCALL(164), EXIT), 0, CB | FC | P | J, P | J);
	MARKS(PROG(MOV0, HCALL(180), EXIT), 0, CB | FC | P | J, P | J);
	MARKS(PROG(MOV0, HCALL(209), EXIT), 0, CB | FC | P | J, P | J);
	/* bpf_timer_set_callback: async, a prune point only */
	MARKS(PROG(MOV0, HCALL(170), EXIT), 0, P, P | J);
	/* may_goto forces a checkpoint */
	MARKS(PROG(MOV0, MAY_GOTO(1), JA(-2), EXIT), 0, P | J | FC | T, 0, P | J | T);
	/* a callback's address: like a call, over both slots */
	MARKS(PROG(MOV0, LD64(1, BV_PSEUDO_FUNC, 2), HALF(0), EXIT, MOV0, EXIT),
	      0, P, 0, P | J, P | J | T, 0);

	prog = PROG(MOV0, JEQ(1), MOV0, EXIT);
	CHECK(bv_cfg_build(prog, BV_PRIV_ROOT, &cfg, &f) == 0);
	CHECK(bv_cfg_has_mark(&cfg, 1, BV_MARK_PRUNE));
	CHECK(!bv_cfg_has_mark(&cfg, 1, BV_MARK_JMP));
	CHECK(bv_cfg_has_mark(&cfg, 3, BV_MARK_JMP));
	CHECK(!bv_cfg_has_mark(&cfg, 4, BV_MARK_JMP));
	bv_cfg_free(&cfg);
	bv_program_free(prog);
}

#define STATIC(...) static_msg(PROG(__VA_ARGS__), &f)

/* When several passes would fault, the earliest in bpf_check's order
 * speaks, whatever the instruction order. */
static void test_static_order(void)
{
	const struct bv_insn bad = INSN(0xff, 0, 0, 0, 0);
	struct bv_program *prog;
	struct bv_fault f;

	CHECK_STR(STATIC(MOV0, EXIT), "");
	CHECK_STR(STATIC(MOV0, bad, JA(5), EXIT),
		  "jump out of range from insn 2 to 8");
	CHECK_STR(STATIC(MOV0, bad, PCALL(9), EXIT),
		  "call to invalid destination");
	CHECK_STR(STATIC(MOV0, bad, MOV0), "last insn is not an exit or jmp");
	CHECK_STR(STATIC(MOV0, PCALL(1), EXIT, LDABS, bad, EXIT),
		  "LD_ABS is not allowed in subprogs without BTF");
	CHECK(f.insn == 3);
	CHECK_STR(STATIC(MOV0, PCALL(1), EXIT, HCALL(12), bad, EXIT),
		  "tail_call is not allowed in subprogs without BTF");
	CHECK_STR(STATIC(MOV0, PCALL(1), EXIT, LDABS, JA(5), EXIT),
		  "jump out of range from insn 4 to 10");
	CHECK_STR(STATIC(MOV0, EXIT, bad, EXIT), "unknown opcode ff");
	CHECK_STR(STATIC(MOV0, EXIT, LD64(0, 9, 0), HALF(0), EXIT),
		  "unrecognized bpf_ld_imm64 insn");
	CHECK_STR(STATIC(MOV0, EXIT, EXIT), "unreachable insn 2");
	/* do_check's own checks are not static */
	CHECK_STR(STATIC(MOV0, INSN(BV_ALU64 | BV_ADD | BV_K, 0, 0, 5, 0), EXIT),
		  "");

	prog = PROG(MOV0, EXIT, EXIT);
	bv_program_set_flags(prog, F_SLEEPABLE);
	CHECK_STR(static_msg(prog, &f), "unreachable insn 2");
	prog = PROG(MOV0, EXIT);
	bv_program_set_flags(prog, F_SLEEPABLE);
	CHECK_STR(static_msg(prog, &f),
		  "Only fentry/fexit/fmod_ret, lsm, iter, uprobe, and struct_ops programs can be sleepable");
	prog = PROG(MOV0, bad, EXIT);
	bv_program_set_flags(prog, 1u << 9);
	CHECK_STR(static_msg(prog, &f), "(not logged)");
	CHECK(f.kind == BV_FAULT_SILENT && f.error == EINVAL);
}

static void test_static_cfg(void)
{
	struct bv_program *prog = PROG(MOV0, PCALL(1), EXIT, MOV0, EXIT);
	struct bv_cfg cfg;
	struct bv_fault f;

	CHECK(bv_static_checks(prog, BV_PRIV_ROOT, &cfg, &f) == 0);
	CHECK(cfg.n_subprogs == 2 && cfg.subprogs[1].start == 3);
	CHECK(bv_cfg_has_mark(&cfg, 3, BV_MARK_PRUNE | BV_MARK_JMP));
	bv_cfg_free(&cfg);
	bv_program_set_flags(prog, 1u << 9);
	CHECK(bv_static_checks(prog, BV_PRIV_ROOT, &cfg, &f) == -1);
	CHECK(cfg.subprogs == NULL && cfg.marks == NULL);
	bv_program_free(prog);
}

/* A million instructions, each a branch: the walk needs no recursion. */
static void test_large(void)
{
	size_t n = BV_MAX_INSNS;
	struct bv_insn *insns = calloc(n, sizeof(*insns));
	struct bv_program *prog;
	struct bv_cfg cfg;
	struct bv_fault f;

	if (!insns)
		exit(2);
	for (size_t i = 0; i + 2 < n; i++)
		insns[i] = JEQ(1);
	insns[n - 2] = JA(0);
	insns[n - 1] = EXIT;
	prog = make_prog(insns, n);
	free(insns);
	CHECK(bv_static_checks(prog, BV_PRIV_ROOT, &cfg, &f) == 0);
	CHECK(bv_cfg_has_mark(&cfg, n - 1, BV_MARK_PRUNE | BV_MARK_JMP));
	bv_cfg_free(&cfg);
	bv_program_free(prog);
}

int main(void)
{
	test_subprog_messages();
	test_too_many_subprogs();
	test_walk_messages();
	test_unprivileged();
	test_subprog_table();
	test_marks();
	test_static_order();
	test_static_cfg();
	test_large();
	return check_summary("cfg");
}
