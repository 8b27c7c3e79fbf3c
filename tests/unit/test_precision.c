/* SPDX-License-Identifier: MIT */
/* Unit tests of precision tracking (src/verify/precision.c): the level-2
 * log lines of backtracking and of precision propagation, and the state
 * counts precision makes possible, on programs whose kernel logs were
 * recorded from Linux 6.18 (tests/unit/test_precision_kernel.c compares
 * with the live kernel itself). */
#include "check.h"
#include "load/program.h"

#include <stdlib.h>

struct text {
	char *buf;
	size_t len;
};

static void append(void *ctx, const char *line)
{
	struct text *t = ctx;
	size_t n = strlen(line);
	char *grown = realloc(t->buf, t->len + n + 1);

	if (!grown)
		return;
	memcpy(grown + t->len, line, n + 1);
	t->buf = grown;
	t->len += n;
}

/* Verifies the assembly at log level 2; returns the log, *res the result. */
static char *verify(const char *source, struct bv_result *res)
{
	struct text log = { 0 };
	struct bv_options opt = { .log_level = 2, .log = append, .log_ctx = &log };
	struct bv_error err;
	bv_program *prog;

	memset(res, 0, sizeof(*res));
	if (bv_program_from_asm(source, strlen(source), &prog, &err)) {
		fprintf(stderr, "line %u: %s\n", err.line, err.msg);
		return NULL;
	}
	bv_verify(prog, &opt, res);
	bv_program_free(prog);
	return log.buf;
}

/* A fill traced back to its spill, and the spill to the constant. */
static void test_spill_fill(void)
{
	static const char source[] = "r1 = -8\n"
				     "*(u64 *)(r10 -8) = r1\n"
				     "r2 = *(u64 *)(r10 -8)\n"
				     "r3 = r10\n"
				     "r3 += r2\n"
				     "r0 = 0\n"
				     "exit\n";
	static const char want[] =
		"0: R1=ctx() R10=fp0\n"
		"0: (b7) r1 = -8                       ; R1=-8\n"
		"1: (7b) *(u64 *)(r10 -8) = r1         ; R1=-8 R10=fp0 fp-8=-8\n"
		"2: (79) r2 = *(u64 *)(r10 -8)         ; R2=-8 R10=fp0 fp-8=-8\n"
		"3: (bf) r3 = r10                      ; R3=fp0 R10=fp0\n"
		"4: (0f) r3 += r2\n"
		"mark_precise: frame0: last_idx 4 first_idx 0 subseq_idx -1 \n"
		"mark_precise: frame0: regs=r2 stack= before 3: (bf) r3 = r10\n"
		"mark_precise: frame0: regs=r2 stack= before 2: (79) r2 = *(u64 *)(r10 -8)\n"
		"mark_precise: frame0: regs= stack=-8 before 1: (7b) *(u64 *)(r10 -8) = r1\n"
		"mark_precise: frame0: regs=r1 stack= before 0: (b7) r1 = -8\n"
		"5: R2=-8 R3=fp-8\n"
		"5: (b7) r0 = 0                        ; R0=0\n"
		"6: (95) exit\n";
	struct bv_result res;
	char *log = verify(source, &res);
	const char *body = log ? strstr(log, "0: R1=ctx()") : NULL;

	/* the simulation part of the log, whole: after the prologue, up to
	 * the last instruction */
	CHECK(res.verdict == BV_ACCEPTED);
	CHECK(body && !strncmp(body, want, strlen(want)));
	CHECK(res.insn_processed == 7 && res.total_states == 0);
	free(log);
}

static const char propagate_source[] =
	".map a array key=4 value=16 entries=1\n"
	"r6 = map_value[a]+0\n"
	"r2 = *(u64 *)(r6 +0)\n"
	"r7 = 0\n"
	"if r2 == 0x1 goto pc+1\n"
	"r7 = 4\n"
	"if r2 == 0x2 goto pc+1\n"
	"r0 = 0\n"
	"r6 += r7\n"
	"r0 = *(u8 *)(r6 +0)\n"
	"exit\n";

/* Backtracking into a checkpoint; the pruned path inherits r7's mark. */
static void test_propagate(void)
{
	static const char *const want[] = {
		"8: (0f) r6 += r7\n"
		"mark_precise: frame0: last_idx 8 first_idx 8 subseq_idx -1 \n"
		"mark_precise: frame0: parent state regs=r7 stack=:  R0=0 R1=ctx() R2=scalar() R6=map_value(map=a,ks=4,vs=16) R7=P4 R10=fp0\n"
		"mark_precise: frame0: last_idx 7 first_idx 0 subseq_idx 8 \n"
		"mark_precise: frame0: regs=r7 stack= before 7: (b7) r0 = 0\n"
		"mark_precise: frame0: regs=r7 stack= before 6: (15) if r2 == 0x2 goto pc+1\n"
		"mark_precise: frame0: regs=r7 stack= before 5: (b7) r7 = 4\n",
		"10: (95) exit\n"
		"frame 0: propagating r7\n"
		"mark_precise: frame0: last_idx 8 first_idx 0 subseq_idx -1 \n"
		"mark_precise: frame0: regs=r7 stack= before 6: (15) if r2 == 0x2 goto pc+1\n"
		"mark_precise: frame0: regs=r7 stack= before 5: (b7) r7 = 4\n"
		"\nfrom 6 to 8: safe\n",
		"6: (15) if r2 == 0x2 goto pc+1\n"
		"mark_precise: frame0: last_idx 6 first_idx 0 subseq_idx -1 \n"
		"mark_precise: frame0: regs=r2 stack= before 4: (15) if r2 == 0x1 goto pc+1\n"
		"mark_precise: frame0: regs=r2 stack= before 3: (b7) r7 = 0\n"
		"mark_precise: frame0: regs=r2 stack= before 2: (79) r2 = *(u64 *)(r6 +0)\n"
		"6: R2=1\n",
	};
	struct bv_result res;
	char *log = verify(propagate_source, &res);

	CHECK(res.verdict == BV_ACCEPTED);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		CHECK(log && strstr(log, want[i]));
	CHECK(res.insn_processed == 16 && res.total_states == 1 &&
	      res.peak_states == 1 && res.max_states_per_insn == 1);
	free(log);
}

/* Linked registers: r1's precision reaches r2 through the comparison. */
static void test_linked_regs(void)
{
	static const char source[] = ".map a array key=4 value=16 entries=1\n"
				     "r6 = map_value[a]+0\n"
				     "r2 = *(u64 *)(r6 +0)\n"
				     "r1 = r2\n"
				     "if r2 > 0xf goto pc+3\n"
				     "r6 += r1\n"
				     "r0 = *(u8 *)(r6 +0)\n"
				     "exit\n"
				     "r0 = 0\n"
				     "exit\n";
	static const char want[] =
		"mark_precise: frame0: regs=r1 stack= before 4: (25) if r2 > 0xf goto pc+3\n"
		"mark_precise: frame0: regs=r1,r2 stack= before 3: (bf) r1 = r2\n"
		"mark_precise: frame0: regs=r2 stack= before 2: (79) r2 = *(u64 *)(r6 +0)\n";
	struct bv_result res;
	char *log = verify(source, &res);

	CHECK(res.verdict == BV_ACCEPTED);
	CHECK(log && strstr(log, want));
	CHECK(res.insn_processed == 9 && res.total_states == 1);
	free(log);
}

/* A loop: the checkpoint that enters it and the path that leaves it. */
static void test_loop_scc(void)
{
	static const char source[] = "r0 = 0\n"
				     "r0 += 1\n"
				     "if r0 < 0xa goto pc-2\n"
				     "exit\n";
	struct bv_result res;
	char *log = verify(source, &res);

	CHECK(res.verdict == BV_ACCEPTED);
	CHECK(log && strstr(log, "2: R0=3\nSCC enter (1)\n1: (07) r0 += 1"));
	CHECK(log && strstr(log, "mark_precise: frame0: parent state regs=r0 stack=:  R0=P8 R1=ctx() R10=fp0\n"));
	CHECK(log && strstr(log, "3: (95) exit\nSCC exit (1)\nprocessed 22 insns"));
	CHECK(res.total_states == 2 && res.peak_states == 2);
	free(log);
}

/* LD_ABS is not analysed: the fallback marks every scalar precise. */
static void test_fallback(void)
{
	static const char source[] = ".map a array key=4 value=256 entries=1\n"
				     "r6 = r1\n"
				     "r0 = *(u8 *)skb[0]\n"
				     "r7 = map_value[a]+0\n"
				     "if r0 > 0x10 goto pc+3\n"
				     "r7 += r0\n"
				     "r0 = *(u8 *)(r7 +0)\n"
				     "exit\n"
				     "r0 = 0\n"
				     "exit\n";
	struct bv_result res;
	char *log = verify(source, &res);

	CHECK(res.verdict == BV_ACCEPTED);
	CHECK(log && strstr(log,
			    "mark_precise: frame0: regs=r0 stack= before 1: (30) r0 = *(u8 *)skb[0]\n"
			    "mark_precise: frame0: falling back to forcing all scalars precise\n"));
	free(log);
}

/* A scalar the program never relies on does not keep states apart. */
static void test_imprecise_prunes(void)
{
	static const char source[] = ".map a array key=4 value=16 entries=1\n"
				     "r6 = map_value[a]+0\n"
				     "r2 = *(u64 *)(r6 +0)\n"
				     "r8 = 1\n"
				     "if r2 == 0x1 goto pc+1\n"
				     "r8 = 2\n"
				     "r0 = 0\n"
				     "r7 = *(u64 *)(r6 +8)\n"
				     "if r7 > 0x3 goto pc+2\n"
				     "r6 += r7\n"
				     "r0 = *(u8 *)(r6 +0)\n"
				     "r0 = r8\n"
				     "exit\n";
	struct bv_result res;
	char *log = verify(source, &res);

	CHECK(res.verdict == BV_ACCEPTED);
	CHECK(res.insn_processed == 20 && res.total_states == 1);
	free(log);
}

int main(void)
{
	test_spill_fill();
	test_propagate();
	test_linked_regs();
	test_loop_scc();
	test_fallback();
	test_imprecise_prunes();
	return check_summary("precision");
}
