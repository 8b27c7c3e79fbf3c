/* SPDX-License-Identifier: MIT */
/* Unit tests of compute_insn_live_regs, compute_live_registers and
 * compute_scc (src/verify/liveness.c) and of their level-2 text
 * (src/report/live_text.c), on programs written in assembly. The expected
 * tables are the Linux 6.18 kernel's (tests/unit/test_liveness_kernel.c
 * compares with the live kernel itself). */
#include "check.h"
#include "isa/opcodes.h"
#include "load/program.h"
#include "verify/liveness.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>

#define R(n) (1u << (n))

static bv_program *assemble(const char *text)
{
	struct bv_error err;
	bv_program *prog;

	if (bv_program_from_asm(text, strlen(text), &prog, &err)) {
		fprintf(stderr, "line %u: %s\n", err.line, err.msg);
		exit(2);
	}
	return prog;
}

/* The r0-r9 columns of live_before, one "idx:regs" per instruction slot,
 * or an error text. */
static const char *live_of(const char *text, char *out, size_t len)
{
	bv_program *prog = assemble(text);
	struct bv_cfg cfg;
	struct bv_fault fault;
	uint16_t live[64];
	size_t pos = 0;

	snprintf(out, len, "cfg fails");
	if (bv_cfg_build(prog, prog->privilege, &cfg, &fault) == 0) {
		snprintf(out, len, "liveness fails");
		if (prog->n_insns <= 64 &&
		    !bv_compute_live_regs(prog, &cfg, prog->privilege, live)) {
			for (size_t i = 0; i < prog->n_insns; i++) {
				pos += (size_t)snprintf(out + pos, len - pos, "%s",
							i ? " " : "");
				for (int r = 0; r < 10; r++)
					out[pos++] = live[i] & R(r) ? (char)('0' + r) : '.';
				out[pos] = '\0';
			}
		}
		bv_cfg_free(&cfg);
	}
	bv_program_free(prog);
	return out;
}

/* use and def of the single instruction text assembles to */
static void use_def(const char *text, uint16_t *use, uint16_t *def)
{
	bv_program *prog = assemble(text);

	CHECK(bv_insn_use_def(prog, 0, prog->privilege, use, def) == 0);
	bv_program_free(prog);
}

static void check_use_def(const char *text, unsigned use, unsigned def)
{
	uint16_t u = 0, d = 0;

	use_def(text, &u, &d);
	if (u != use || d != def)
		fprintf(stderr, "%s: use %#x def %#x, want %#x %#x\n", text, u,
			d, use, def);
	CHECK(u == use && d == def);
}

static void test_use_def(void)
{
	check_use_def("r1 = 5", 0, R(1));
	check_use_def("r1 = r10", R(10), R(1));
	check_use_def("w1 += w2", R(1) | R(2), R(1));
	check_use_def("r3 -= 7", R(3), R(3));
	check_use_def("r4 = -r4", R(4), R(4));
	check_use_def("r5 = be16 r5", R(5), R(5));
	check_use_def("r6 = (s8)r7", R(7), R(6));
	check_use_def("r2 = 0x100000000", 0, R(2));
	check_use_def("r0 = *(u8 *)skb[3]", 0xffff, 0);
	check_use_def("r0 = *(u16 *)skb[r7 + 0]", 0xffff, 0);
	check_use_def("r3 = *(u32 *)(r4 +8)", R(4), R(3));
	check_use_def("r3 = *(s16 *)(r4 +8)", R(4), R(3));
	check_use_def("*(u64 *)(r10 -8) = 0", R(10), 0);
	check_use_def("*(u64 *)(r10 -8) = r1", R(10) | R(1), 0);
	check_use_def("lock *(u64 *)(r2 -8) += r3", R(2) | R(3), 0);
	check_use_def("r4 = atomic64_fetch_add((u64 *)(r2 -8), r4)",
		      R(2) | R(4), R(4));
	check_use_def("r4 = atomic_xchg((u32 *)(r2 -8), r4)", R(2) | R(4), R(4));
	check_use_def("r0 = atomic64_cmpxchg((u64 *)(r2 -8), r0, r5)",
		      R(0) | R(2) | R(5), R(0));
	check_use_def("r7 = load_acquire((u64 *)(r2 -8))", R(2), R(7));
	check_use_def("store_release((u64 *)(r2 -8), r7)", R(2) | R(7), 0);
	check_use_def("goto pc+0", 0, 0);
	check_use_def("gotol pc+0", 0, 0);
	check_use_def("may_goto pc+0", 0, 0);
	check_use_def("exit", R(0), 0);
	check_use_def("if r1 > 0x3 goto pc+0", R(1), 0);
	check_use_def("if w1 s< w2 goto pc+0", R(1) | R(2), 0);
	check_use_def("if r1 & 0x1 goto pc+0", R(1), 0);
	check_use_def("call pc+0", 0x3e, 0x3f);
	check_use_def("call bpf_ktime_get_ns", 0, 0x3f);
	check_use_def("call bpf_map_lookup_elem", 0x06, 0x3f);
	check_use_def("call bpf_tail_call", 0x0e, 0x3f);
	check_use_def("call bpf_map_update_elem", 0x1e, 0x3f);
	check_use_def("call bpf_skb_store_bytes", 0x3e, 0x3f);
	/* get_helper_proto() fails: socket filters lack bpf_probe_read */
	check_use_def("call bpf_probe_read", 0x3e, 0x3f);
	check_use_def(".prog_type kprobe\ncall bpf_probe_read", 0x0e, 0x3f);
	/* ... a CAP_BPF-only loader lacks bpf_trace_printk */
	check_use_def("call bpf_trace_printk", 0x06, 0x3f);
	check_use_def(".caps bpf\ncall bpf_trace_printk", 0x3e, 0x3f);
	check_use_def("call unknown#9999", 0x3e, 0x3f);
}

/* a kfunc the program cannot name in kernel BTF (there is none here):
 * get_call_summary fails, so the call reads r1-r5 */
static void test_unknown_kfunc(void)
{
	const struct bv_insn kfunc = { .code = BV_JMP | BV_CALL,
				       .src_reg = BV_PSEUDO_KFUNC_CALL,
				       .imm = 100 };
	bv_program *prog = bv_program_new();
	struct bv_error err;
	uint16_t use, def;

	CHECK(prog && !bv_program_set_insns(prog, &kfunc, 1, &err));
	CHECK(bv_insn_use_def(prog, 0, BV_PRIV_ROOT, &use, &def) == 0);
	CHECK(use == 0x3e && def == 0x3f);
	bv_program_free(prog);
}

static void test_live(void)
{
	char buf[1024];

	/* the second slot of a 64-bit load stays empty */
	CHECK_STR(live_of("r6 = 10\nr1 = 0x100000000\nr0 = r6\nexit\n", buf,
			  sizeof(buf)),
		  ".......... ......6... .......... ......6... 0.........");
	/* both branches, and a value live around a loop */
	CHECK_STR(live_of("r6 = r1\nr0 = 0\nif r6 & 0x1 goto pc+1\nr0 = 1\n"
			  "exit\n", buf, sizeof(buf)),
		  ".1........ ......6... 0.....6... .......... 0.........");
	CHECK_STR(live_of("r1 = 3\nr2 = r3\nr1 += -1\nif r1 != 0x0 goto pc-3\n"
			  "r0 = r2\nexit\n", buf, sizeof(buf)),
		  "...3...... .1.3...... .123...... .123...... ..2....... "
		  "0.........");
	/* a subprogram call reads r1-r5 whatever the callee does; the callee
	 * is analysed on its own */
	CHECK_STR(live_of("r1 = r10\ncall pc+2\nr0 = 0\nexit\nr0 = r1\nexit\n",
			  buf, sizeof(buf)),
		  "..2345.... .12345.... .......... 0......... .1........ "
		  "0.........");
	/* may_goto reads nothing; LD_ABS everything */
	CHECK_STR(live_of("r6 = 3\nmay_goto pc+1\nr6 = 2\nr0 = r6\nexit\n",
			  buf, sizeof(buf)),
		  ".......... ......6... .......... ......6... 0.........");
	CHECK_STR(live_of("r6 = r1\nr0 = *(u8 *)skb[3]\nr0 = 0\nexit\n", buf,
			  sizeof(buf)),
		  "012345.789 0123456789 .......... 0.........");
}

/* r10 and the bits above r9 are kept as the kernel keeps them */
static void test_high_bits(void)
{
	bv_program *prog = assemble("r2 = r10\nr0 = *(u8 *)skb[0]\nexit\n");
	struct bv_cfg cfg;
	struct bv_fault fault;
	uint16_t live[3];

	CHECK(bv_cfg_build(prog, BV_PRIV_ROOT, &cfg, &fault) == 0);
	CHECK(bv_compute_live_regs(prog, &cfg, BV_PRIV_ROOT, live) == 0);
	CHECK(live[0] == (0xffff & ~R(2)) && live[1] == 0xffff && live[2] == R(0));
	bv_cfg_free(&cfg);
	bv_program_free(prog);
}

static void scc_of(const char *text, uint32_t *scc, size_t n)
{
	bv_program *prog = assemble(text);

	CHECK(prog->n_insns == n);
	CHECK(bv_compute_scc(prog, scc) == 0);
	bv_program_free(prog);
}

static void test_scc(void)
{
	/* the later loop completes first and gets number 1 */
	static const uint32_t two_loops[] = { 0, 2, 2, 2, 0, 1, 1, 1, 0, 0 };
	/* a self loop is a component of its own, numbered after the loop
	 * below it */
	static const uint32_t self_loop[] = { 0, 2, 1, 1, 0 };
	/* a self loop inside a loop is part of the loop's component */
	static const uint32_t nested[] = { 0, 1, 1, 1, 1, 0 };
	/* a call of bpf_loop is a loop of its own, finished before the loop
	 * above it */
	static const uint32_t callback[] = { 0, 2, 2, 1, 0, 0 };
	uint32_t scc[10];

	scc_of("w6 = 3\nw6 += -1\nr1 = r6\nif w6 != 0x0 goto pc-3\nw6 = 5\n"
	       "w6 += -1\nr1 = r6\nif w6 != 0x0 goto pc-3\nw0 = 0\nexit\n",
	       scc, 10);
	CHECK(!memcmp(scc, two_loops, sizeof(two_loops)));
	scc_of("r1 = 0\nif r2 > 0x3 goto pc-1\nr1 += 1\nif r1 < 0x3 goto pc-2\n"
	       "exit\n", scc, 5);
	CHECK(!memcmp(scc, self_loop, sizeof(self_loop)));
	scc_of("r1 = 0\nr1 += 1\nif r2 > 0x3 goto pc-1\nif r1 < 0x3 goto pc-3\n"
	       "if r1 < 0x9 goto pc-4\nexit\n", scc, 6);
	CHECK(!memcmp(scc, nested, sizeof(nested)));
	scc_of("r1 = 0\nr1 += 1\nif r1 < 0x3 goto pc-2\ncall bpf_loop#181\n"
	       "r0 = 0\nexit\n", scc, 6);
	CHECK(!memcmp(scc, callback, sizeof(callback)));
}

static const char *prologue(const char *text, char *out, size_t len)
{
	bv_program *prog = assemble(text);
	struct bv_vlog log = { .level = BV_LOG_LEVEL2 };
	struct bv_cfg cfg;
	struct bv_fault fault;
	uint32_t scc[32];
	uint16_t live[32];

	snprintf(out, len, "fails");
	if (prog->n_insns <= 32 &&
	    bv_cfg_build(prog, BV_PRIV_ROOT, &cfg, &fault) == 0) {
		if (!bv_compute_scc(prog, scc) &&
		    !bv_compute_live_regs(prog, &cfg, BV_PRIV_ROOT, live)) {
			bv_log_program_prologue(&log, prog, &cfg, scc, live);
			snprintf(out, len, "%s", log.buf);
		}
		bv_cfg_free(&cfg);
	}
	bv_vlog_free(&log);
	bv_program_free(prog);
	return out;
}

static void test_prologue(void)
{
	char buf[2048];

	CHECK_STR(prologue("r6 = 10\nr1 = 0x100000000\nr2 = r1\nr6 += -1\n"
			   "if w6 != 0x0 goto pc-3\nr1 = r10\nr1 += -8\n"
			   "call pc+2\nr0 = 0\nexit\nr0 = r1\nexit\n",
			   buf, sizeof(buf)),
		  "func#0 @0\n"
		  "func#1 @11\n"
		  "Live regs before insn:\n"
		  "      0: ...345.... (b7) r6 = 10\n"
		  "      1: ...3456... (18) r1 = 0x100000000\n"
		  "  1   3: .1.3456... (bf) r2 = r1\n"
		  "  1   4: .123456... (07) r6 += -1\n"
		  "  1   5: .123456... (56) if w6 != 0x0 goto pc-3\n"
		  "      6: ..2345.... (bf) r1 = r10\n"
		  "      7: .12345.... (07) r1 += -8\n"
		  "      8: .12345.... (85) call pc+2\n"
		  "      9: .......... (b7) r0 = 0\n"
		  "     10: 0......... (95) exit\n"
		  "     11: .1........ (bf) r0 = r1\n"
		  "     12: 0......... (95) exit\n");
}

static const char *func_starts(const char *text, char *out, size_t len)
{
	bv_program *prog = assemble(text);
	struct bv_vlog log = { .level = BV_LOG_LEVEL2 };

	bv_log_func_starts(&log, prog);
	snprintf(out, len, "%s", log.buf ? log.buf : "");
	bv_vlog_free(&log);
	bv_program_free(prog);
	return out;
}

static void test_func_starts(void)
{
	char buf[256];

	/* printed before check_subprogs finds the unreachable instruction */
	CHECK_STR(func_starts("call pc+2\nr0 = 0\nexit\ngoto pc+1\nr0 = 1\n"
			      "r0 = 2\nexit\n", buf, sizeof(buf)),
		  "func#0 @0\nfunc#1 @3\n");
	/* add_subprog_and_kfunc fails: nothing */
	CHECK_STR(func_starts("call pc+20\nr0 = 0\nexit\n", buf, sizeof(buf)),
		  "");
	CHECK_STR(func_starts("call pc+1\nexit\ncall pc-3\nexit\n", buf,
			      sizeof(buf)),
		  "func#0 @0\nfunc#1 @2\n");
}

/* A million instructions, one loop around all of them: the worklist must
 * not depend on recursion, nor take one sweep per instruction. */
static void test_large(void)
{
	size_t n = BV_MAX_INSNS;
	struct bv_insn *insns = calloc(n, sizeof(*insns));
	bv_program *prog = bv_program_new();
	uint16_t *live = calloc(n, sizeof(*live));
	uint32_t *scc = calloc(n, sizeof(*scc));
	struct bv_error err;
	struct bv_cfg cfg;
	struct bv_fault fault;
	clock_t t0 = clock();

	CHECK(insns && prog && live && scc);
	if (!insns || !prog || !live || !scc)
		goto out;
	for (size_t i = 0; i + 3 < n; i++) /* r(i%10) = r((i+1)%10) */
		insns[i] = (struct bv_insn){ .code = BV_ALU64 | BV_MOV | BV_X,
					     .dst_reg = i % 10,
					     .src_reg = (i + 1) % 10 };
	/* if r0 == 0 goto exit; gotol the start; exit */
	insns[n - 3] = (struct bv_insn){ .code = BV_JMP | BV_JEQ | BV_K,
					 .off = 1 };
	insns[n - 2] = (struct bv_insn){ .code = BV_JMP32 | BV_JA,
					 .imm = -(int32_t)(n - 1) };
	insns[n - 1] = (struct bv_insn){ .code = BV_JMP | BV_EXIT };
	CHECK(!bv_program_set_insns(prog, insns, n, &err));
	CHECK(bv_cfg_build(prog, BV_PRIV_ROOT, &cfg, &fault) == 0);
	CHECK(bv_compute_live_regs(prog, &cfg, BV_PRIV_ROOT, live) == 0);
	CHECK(bv_compute_scc(prog, scc) == 0);
	CHECK(scc[0] == 1 && scc[n - 2] == 1 && scc[n - 1] == 0);
	/* r0 is read at the exit, and so live around the whole loop */
	/* each register is read one instruction before it is written, so
	 * around the loop all but the one written are live */
	CHECK(live[n - 1] == R(0) && live[n - 3] == 0x3ff &&
	      live[1] == (0x3ff & ~R(1)));
	CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 20.0);
	bv_cfg_free(&cfg);
out:
	free(insns);
	free(live);
	free(scc);
	bv_program_free(prog);
}

int main(void)
{
	test_use_def();
	test_unknown_kfunc();
	test_live();
	test_high_bits();
	test_scc();
	test_prologue();
	test_func_starts();
	test_large();
	return check_summary("liveness");
}
