/* SPDX-License-Identifier: MIT */
/* Stack slot liveness (kernel/bpf/liveness.c, Linux 6.18): which 8-byte
 * stack slots an instruction or one after it may still read, per call
 * chain. The verifier reports each read and each full-slot write as it
 * simulates; when a path ends, the reports are solved as a data-flow
 * problem over the subprogram's control-flow graph:
 *     live_before(i) = (U live_before(s) over successors s) & ~must_write(i)
 *                      | may_read(i)
 *     must_write_acc(i) = (& must_write_acc(s) over successors s)
 *                         | must_write(i)
 * A subprogram's reads and writes of its callers' frames reach the call
 * instruction of the caller's instance. is_state_visited's cleaning then
 * forgets every slot that is not live (bv_sl_slot_alive).
 *
 * Call order, as kernel/bpf/verifier.c makes it:
 *   bpf_check:        bv_sl_new after check_cfg, bv_sl_free at the end;
 *   do_check, per instruction: bv_sl_reset_write_marks before
 *                     do_check_insn, bv_sl_commit_write_marks after it
 *                     (when it succeeded);
 *   reads and writes: bv_sl_mark_read, bv_sl_mark_write (see the .c file
 *                     for the kernel's call sites);
 *   check_func_call:  bv_sl_reset_callchain once the callee frame exists;
 *   exits:            bv_sl_update before prepare_func_exit (subprogram
 *                     exit) and before pop_stack (a path ends: exit of the
 *                     main program, or a pruned state), with the state
 *                     that ends;
 *   clean_verifier_state: bv_sl_query_init, then bv_sl_slot_alive per
 *                     slot of each frame. */
#ifndef BV_VERIFY_STACK_LIVENESS_H
#define BV_VERIFY_STACK_LIVENESS_H

#include "bpfverify.h"
#include "report/vlog.h"
#include "verify/cfg.h"
#include "verify/state.h"

#include <stdint.h>

/* The call frames of a verifier state: frame i runs the subprogram that
 * starts at start[i], called by the instruction callsite[i] (of frame
 * i - 1; callsite[0] is unused). */
struct bv_live_frames {
	uint32_t curframe;
	uint32_t start[BV_MAX_CALL_FRAMES];
	uint32_t callsite[BV_MAX_CALL_FRAMES];
};

/* The frames of st; cfg gives each subprogram's start. */
void bv_live_frames_of(const struct bv_vstate *st, const struct bv_cfg *cfg,
		       struct bv_live_frames *out);

struct bv_stack_liveness;

/* bpf_stack_liveness_init. cfg (and prog) must outlive the analysis;
 * update lines go to log at BV_LOG_LEVEL2. Returns NULL without memory. */
struct bv_stack_liveness *bv_sl_new(const struct bv_program *prog,
				    const struct bv_cfg *cfg,
				    struct bv_vlog *log);
void bv_sl_free(struct bv_stack_liveness *sl);

/* bpf_reset_live_stack_callchain: cur's call chain changed */
void bv_sl_reset_callchain(struct bv_stack_liveness *sl);

/* bpf_mark_stack_read: slots (bit n = slot n, bytes -8n-8 .. -8n-1 of the
 * frame) of frame that instruction insn of state cur may read. Returns 0
 * or -ENOMEM. */
int bv_sl_mark_read(struct bv_stack_liveness *sl,
		    const struct bv_live_frames *cur, uint32_t frame,
		    uint32_t insn, uint64_t mask);

/* bpf_reset_stack_write_marks: instruction insn of state cur starts */
int bv_sl_reset_write_marks(struct bv_stack_liveness *sl,
			    const struct bv_live_frames *cur, uint32_t insn);

/* bpf_mark_stack_write: slots of frame the instruction writes whole */
void bv_sl_mark_write(struct bv_stack_liveness *sl, uint32_t frame,
		      uint64_t mask);

/* bpf_commit_stack_write_marks: the instruction's writes, intersected
 * with those of earlier visits under the same call chain */
int bv_sl_commit_write_marks(struct bv_stack_liveness *sl);

/* bpf_update_live_stack: solves the instances of cur's call chain, callee
 * first, logging each change at level 2 as the kernel does:
 *     "(CALLSITES) frame F insn I +live SLOTS -live SLOTS"
 *     "(CALLSITES) live stack update done in N iterations" */
int bv_sl_update(struct bv_stack_liveness *sl,
		 const struct bv_live_frames *cur);

/* bpf_live_stack_query_init: the state st, stopped at insn_idx, is about
 * to be cleaned */
int bv_sl_query_init(struct bv_stack_liveness *sl,
		     const struct bv_live_frames *st, uint32_t insn_idx);

/* bpf_stack_slot_alive: whether slot spi of frame frameno of the queried
 * state may still be read */
bool bv_sl_slot_alive(const struct bv_stack_liveness *sl, uint32_t frameno,
		      uint32_t spi);

#endif
