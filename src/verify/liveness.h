/* SPDX-License-Identifier: MIT */
/* The passes bpf_check runs between check_attach_btf_id and do_check that
 * describe the control flow (kernel/bpf/verifier.c, Linux 6.18):
 * compute_scc, which numbers the loops, and compute_live_registers, which
 * finds the registers each instruction may still read; and the level-2 log
 * text that add_subprog_and_kfunc and compute_live_registers print. */
#ifndef BV_VERIFY_LIVENESS_H
#define BV_VERIFY_LIVENESS_H

#include "bpfverify.h"
#include "report/vlog.h"
#include "verify/cfg.h"

#include <stdint.h>

/* ALL_CALLER_SAVED_REGS: r0-r5, which every call writes */
#define BV_CALLER_SAVED_REGS 0x3fu

/* bpf_insn_successors(): fills succ with the instructions that may follow
 * instruction idx, the fall-through first, then the jump target. exit has
 * none, ja only its target, the conditional jumps (jset and may_goto
 * included) both; a call falls through (its callee is a graph of its
 * own). Targets outside the program, which check_cfg rules out, are
 * dropped. Returns how many (0-2). */
unsigned bv_insn_successors(const struct bv_program *prog, size_t idx,
			    uint32_t succ[2]);

/* compute_insn_live_regs(): the registers insns[idx] reads (*use) and
 * writes (*def), one bit per register, r10 and the kernel's catch-all
 * 0xffff included. A helper call reads the arguments its prototype
 * declares, for a program of prog's type loaded by priv; a helper the
 * program may not call, a subprogram call and an unknown id read r1-r5.
 * Returns 0, or -EOPNOTSUPP where the answer depends on what bpfverify
 * does not know (a kfunc's BTF prototype; the helpers of a program variant
 * whose availability was not measured). */
int bv_insn_use_def(const struct bv_program *prog, size_t idx,
		    enum bv_privilege priv, uint16_t *use, uint16_t *def);

/* compute_scc(): scc[i] is the number of the strongly connected component
 * (loop) instruction i belongs to, or 0 for an instruction on no cycle of
 * the control-flow graph (calls fall through: a callee is a graph of its
 * own), except that a call of a helper running a callback repeatedly
 * (bv_insn_calls_sync_callback) is always a component. Numbers follow the kernel's iterative Tarjan walk, so they match
 * the SCC column of the level-2 log and the "SCC enter (N)" lines. scc
 * holds prog's n_insns entries. Returns 0 or -ENOMEM. */
int bv_compute_scc(const struct bv_program *prog, uint32_t *scc);

/* compute_live_registers(): live_before[i] is the set of registers that
 * instruction i or an instruction after it may read before any writes
 * them (insn_aux_data[i].live_regs_before, bit n for register n, r10 and
 * the bits above it as the kernel leaves them). The least fixed point of
 *     out(i) = U in(s) over the successors s of i
 *     in(i)  = (out(i) & ~def(i)) | use(i)
 * over the instructions reachable from each subprogram's start in cfg
 * (compute_postorder); the rest, such as the second slot of a 64-bit
 * load, get 0. live_before holds prog's n_insns entries. Returns 0,
 * -ENOMEM, or -EOPNOTSUPP as bv_insn_use_def. */
int bv_compute_live_regs(const struct bv_program *prog,
			 const struct bv_cfg *cfg, enum bv_privilege priv,
			 uint16_t *live_before);

/* ---- level-2 log text (src/report/live_text.c) ---- */

/* The "func#N @START" lines add_subprog_and_kfunc prints once it has found
 * every subprogram, so before any error of check_subprogs, check_cfg and
 * the passes up to do_check. Prints nothing where add_subprog_and_kfunc
 * itself fails ("call to invalid destination", "too many subprograms") or
 * cannot be judged (kfunc calls). For the log of a program that fails
 * those later passes; see bv_log_program_prologue otherwise. */
void bv_log_func_starts(struct bv_vlog *log, const struct bv_program *prog);

/* Everything the kernel prints at log level 2 before the first state line
 * "0: R1=ctx() R10=fp0" of a program without BTF: the func# lines of cfg's
 * subprograms, then compute_live_registers' table:
 *     "Live regs before insn:"
 *     SCC as "%3d " (or four spaces for 0), index as "%3d: ", r0-r9 as a
 *     digit or '.', one space, the instruction as print_bpf_insn prints it
 * with one line per instruction, the second slot of a 64-bit load skipped.
 * The caller checks the log level. */
void bv_log_program_prologue(struct bv_vlog *log,
			     const struct bv_program *prog,
			     const struct bv_cfg *cfg, const uint32_t *scc,
			     const uint16_t *live_before);

#endif
