/* SPDX-License-Identifier: MIT */
/* Unit tests of the stack liveness analysis (src/verify/stack_liveness.c),
 * driven by hand with the events the kernel's main loop reports. The
 * expected log lines are Linux 6.18's for the same programs; the
 * differential test is tests/unit/test_stack_liveness_kernel.c. */
#include "check.h"
#include "load/program.h"
#include "verify/stack_liveness.h"

#include <stdlib.h>

#define SLOT(n) (1ull << (n))

struct fixture {
	bv_program *prog;
	struct bv_cfg cfg;
	struct bv_vlog log;
	struct bv_stack_liveness *sl;
	struct bv_live_frames main_frame;
};

static void setup(struct fixture *fx, const char *text)
{
	struct bv_error err;
	struct bv_fault fault;

	memset(fx, 0, sizeof(*fx));
	fx->log.level = BV_LOG_LEVEL2;
	if (bv_program_from_asm(text, strlen(text), &fx->prog, &err) ||
	    bv_cfg_build(fx->prog, BV_PRIV_ROOT, &fx->cfg, &fault)) {
		fprintf(stderr, "cannot build the program\n");
		exit(2);
	}
	fx->sl = bv_sl_new(fx->prog, &fx->cfg, &fx->log);
	CHECK(fx->sl != NULL);
}

static void teardown(struct fixture *fx)
{
	bv_sl_free(fx->sl);
	bv_cfg_free(&fx->cfg);
	bv_vlog_free(&fx->log);
	bv_program_free(fx->prog);
}

/* One instruction of frame 0 as do_check wraps it. */
static void step(struct fixture *fx, uint32_t insn, uint64_t read,
		 uint64_t written)
{
	CHECK(bv_sl_reset_write_marks(fx->sl, &fx->main_frame, insn) == 0);
	if (read)
		CHECK(bv_sl_mark_read(fx->sl, &fx->main_frame, 0, insn, read) == 0);
	bv_sl_mark_write(fx->sl, 0, written);
	CHECK(bv_sl_commit_write_marks(fx->sl) == 0);
}

static bool alive_at(struct fixture *fx, uint32_t insn, uint32_t spi)
{
	CHECK(bv_sl_query_init(fx->sl, &fx->main_frame, insn) == 0);
	return bv_sl_slot_alive(fx->sl, 0, spi);
}

/* The path 0-6 of this program, as the kernel walks it (r2 is known, the
 * branch is never taken). */
static void test_one_path(void)
{
	struct fixture fx;

	setup(&fx, "r1 = 0\n*(u64 *)(r10 -8) = r1\n*(u64 *)(r10 -16) = r1\n"
		   "r2 = *(u64 *)(r10 -8)\nif r2 > 0x3 goto pc+2\n"
		   "r0 = *(u64 *)(r10 -16)\nexit\nr0 = 0\nexit\n");
	step(&fx, 0, 0, 0);
	step(&fx, 1, 0, SLOT(0));
	step(&fx, 2, 0, SLOT(1));
	step(&fx, 3, SLOT(0), 0);
	step(&fx, 4, 0, 0);
	step(&fx, 5, SLOT(1), 0);
	step(&fx, 6, 0, 0);
	CHECK(bv_sl_update(fx.sl, &fx.main_frame) == 0);
	CHECK_STR(fx.log.buf, "(0) frame 0 insn 5 +live -16 \n"
			      "(0) frame 0 insn 4 +live -16 \n"
			      "(0) frame 0 insn 3 +live -8,-16 \n"
			      "(0) frame 0 insn 2 +live -8 \n"
			      "(0) frame 0 insn 2 +written -16 \n"
			      "(0) frame 0 insn 1 +written -8,-16 \n"
			      "(0) frame 0 insn 0 +written -8,-16 \n"
			      "(0) live stack update done in 2 iterations\n");
	CHECK(alive_at(&fx, 3, 0) && alive_at(&fx, 3, 1));
	CHECK(!alive_at(&fx, 5, 0) && alive_at(&fx, 5, 1));
	CHECK(!alive_at(&fx, 1, 0) && !alive_at(&fx, 1, 1));
	/* a second update with nothing new logs nothing */
	bv_vlog_reset(&fx.log, 0);
	CHECK(bv_sl_update(fx.sl, &fx.main_frame) == 0);
	CHECK(fx.log.end_pos == 0);
	teardown(&fx);
}

/* An instruction that writes on its first visit and not on its second
 * loses the write, except for slots 32-63: the kernel compares them
 * through a u32 and keeps them. */
static void check_second_visit(unsigned spi, bool kept)
{
	char text[128];
	struct fixture fx;

	snprintf(text, sizeof(text),
		 "r0 = 0\n*(u64 *)(r10 -%u) = r0\nr0 = *(u64 *)(r10 -%u)\nexit\n",
		 8 * (spi + 1), 8 * (spi + 1));
	setup(&fx, text);
	step(&fx, 0, 0, 0);
	step(&fx, 1, 0, SLOT(spi));
	step(&fx, 2, SLOT(spi), 0);
	step(&fx, 3, 0, 0);
	CHECK(bv_sl_update(fx.sl, &fx.main_frame) == 0);
	CHECK(!alive_at(&fx, 0, spi));
	step(&fx, 1, 0, 0); /* as if the store had gone elsewhere */
	CHECK(bv_sl_update(fx.sl, &fx.main_frame) == 0);
	CHECK(alive_at(&fx, 0, spi) == !kept);
	teardown(&fx);
}

/* A callee's writes to its own frame stay in its instance; its reads of
 * the caller's frame reach the call instruction, and the caller's
 * instance is solved in the same update (the kernel's log for this
 * program). */
static void test_callee(void)
{
	struct fixture fx;
	struct bv_live_frames callee;

	setup(&fx, "r1 = r10\ncall pc+2\nr0 = 0\nexit\n"
		   "*(u64 *)(r10 -8) = r1\nr0 = *(u64 *)(r1 -16)\nexit\n");
	callee = fx.main_frame;
	callee.curframe = 1;
	callee.start[1] = 4;
	callee.callsite[1] = 1;
	step(&fx, 0, 0, 0);
	CHECK(bv_sl_reset_write_marks(fx.sl, &fx.main_frame, 1) == 0);
	bv_sl_reset_callchain(fx.sl);
	CHECK(bv_sl_reset_write_marks(fx.sl, &callee, 4) == 0);
	bv_sl_mark_write(fx.sl, 1, SLOT(0));
	CHECK(bv_sl_commit_write_marks(fx.sl) == 0);
	CHECK(bv_sl_reset_write_marks(fx.sl, &callee, 5) == 0);
	CHECK(bv_sl_mark_read(fx.sl, &callee, 0, 5, SLOT(1)) == 0);
	CHECK(bv_sl_commit_write_marks(fx.sl) == 0);
	CHECK(bv_sl_update(fx.sl, &callee) == 0);
	CHECK_STR(fx.log.buf, "(1,4) frame 0 insn 5 +live -16 \n"
			      "(1,4) frame 0 insn 4 +live -16 \n"
			      "(1,4) frame 1 insn 4 +written -8 \n"
			      "(1,4) live stack update done in 2 iterations\n"
			      "(0) frame 0 insn 1 +live -16 \n"
			      "(0) frame 0 insn 0 +live -16 \n"
			      "(0) live stack update done in 2 iterations\n");
	/* frame 0's slot 1 is read by the callee: alive at the call */
	CHECK(alive_at(&fx, 1, 1) && !alive_at(&fx, 1, 0));
	teardown(&fx);
}

int main(void)
{
	test_one_path();
	check_second_visit(0, false);
	check_second_visit(31, false);
	check_second_visit(32, true);
	check_second_visit(63, true);
	test_callee();
	return check_summary("stack-liveness");
}
