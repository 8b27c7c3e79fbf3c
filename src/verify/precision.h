/* SPDX-License-Identifier: MIT */
/* Scalar precision tracking (kernel/bpf/verifier.c, Linux 6.18): the jump
 * history of a state (push_jmp_history), backtracking from a register whose
 * exact value the verifier relied on to everything that computed it
 * (mark_chain_precision, backtrack_insn), the transfer of precision from an
 * explored state to a state it prunes (propagate_precision), and loops:
 * strongly connected components whose back edges carry precision once all
 * their paths are explored (maybe_enter_scc, maybe_exit_scc,
 * propagate_backedges).
 *
 * A scalar is precise when some explored path depended on its exact range;
 * states_equal compares only precise scalars of an explored state. Marks go
 * to checkpoints (the parents of the current state), never to the current
 * state itself. */
#ifndef BV_VERIFY_PRECISION_H
#define BV_VERIFY_PRECISION_H

#include "verify/state.h"

#include <stdbool.h>
#include <stdint.h>

struct bv_env;

/* The flags of a history entry (INSN_F_*): a stack slot the instruction
 * spilled to or filled from, as frame | spi << 3 | STACK_ACCESS, and which
 * operands of a conditional jump were stack pointers. */
#define BV_HIST_FRAMENO_MASK 0x7u
#define BV_HIST_SPI_SHIFT 3
#define BV_HIST_SPI_MASK 0x3fu
#define BV_HIST_STACK_ACCESS (1u << 9)
#define BV_HIST_DST_REG_STACK (1u << 10)
#define BV_HIST_SRC_REG_STACK (1u << 11)

/* struct bpf_jmp_history_entry: instruction idx was reached from prev_idx;
 * linked_regs packs the scalars sharing an id at a conditional jump
 * (linked_regs_pack). */
struct bv_hist_entry {
	int32_t idx;
	/* 20 bits hold any instruction index (BPF_COMPLEXITY_LIMIT_INSNS) */
	uint32_t prev_idx : 20;
	uint32_t flags : 12;
	uint64_t linked_regs;
};

/* struct backtrack_state: the registers and stack slots, per frame, whose
 * precision is still being traced back. */
struct bv_backtrack {
	uint32_t frame;
	uint32_t reg_masks[BV_MAX_CALL_FRAMES];
	uint64_t stack_masks[BV_MAX_CALL_FRAMES];
};

/* What the last walk from the current state established: from instruction
 * idx, with the hist_cnt history entries of hist left, the marks in bt
 * were traced to their end in the parent states. A later walk from a
 * state on the same path (same parent, same first instruction, the same
 * history up to there: the current state later, or a branch pushed from
 * it) that gets there with a subset of them has nothing left to do, as
 * the marks of parent states only grow. */
struct bv_prec_memo {
	bool valid;
	int idx;
	int first_insn_idx;
	uint32_t hist_cnt;
	const struct bv_vstate *parent;
	struct bv_backtrack bt;
	struct bv_hist_entry *hist; /* a copy, in the arena */
	uint32_t hist_cap;
};

/* A new pass starts, or the memo's parent state is freed: the memo no
 * longer describes a live path. */
void bv_precision_forget(struct bv_env *env);

/* Per-program loop bookkeeping (struct bpf_scc_info and visits). */
struct bv_scc_info;

/* Sets up env->scc for env->prog (compute_scc). 0 or -ENOMEM. */
int bv_precision_init(struct bv_env *env);
/* Frees env->scc and every back edge state. */
void bv_precision_free(struct bv_env *env);
/* free_states between two passes of do_check_common: the SCC visits and
 * their back edges go */
void bv_scc_visits_clear(struct bv_env *env);

/* ---- jump history ---- */

/* push_jmp_history: records the current instruction in st's history, or
 * adds flags (and linked_regs) to the entry this instruction already has.
 * 0 or -ENOMEM. */
int bv_push_jmp_history(struct bv_env *env, struct bv_vstate *st,
			uint32_t flags, uint64_t linked_regs);
/* The history entry of a spill to or fill from slot spi of frame frameno
 * by the current instruction (insn_stack_access_flags). */
int bv_push_stack_access(struct bv_env *env, uint32_t frameno, int spi);
/* The flags of a conditional jump whose operands are stack pointers
 * (INSN_F_DST_REG_STACK, INSN_F_SRC_REG_STACK), before is_branch_taken. */
int bv_push_cond_jmp_flags(struct bv_env *env, const struct bv_insn *insn);
/* struct linked_regs: up to six scalars sharing an id, by frame and
 * register or stack slot */
#define BV_LINKED_REGS_MAX 6
struct bv_linked_reg {
	uint8_t frameno;
	uint8_t spi_or_reg;
	bool is_reg;
};
struct bv_linked_regs {
	int cnt;
	struct bv_linked_reg entries[BV_LINKED_REGS_MAX];
};
/* The live scalars linked to the operands of the conditional jump insn
 * (collect_linked_regs) into *set, recorded in the current state's
 * history when there are two or more. Past six, a scalar loses its id, as
 * the kernel drops it. */
int bv_push_linked_regs(struct bv_env *env, const struct bv_insn *insn,
			struct bv_linked_regs *set);
/* Calls fn on each register or spilled register of set in st
 * (sync_linked_regs' walk). */
void bv_linked_regs_for_each(struct bv_vstate *st,
			     const struct bv_linked_regs *set,
			     void (*fn)(struct bv_reg *reg, void *ctx), void *ctx);
/* copy_verifier_state's and clear_jmp_history's part for the history. */
int bv_hist_copy(struct bv_env *env, struct bv_vstate *dst,
		 const struct bv_vstate *src);
void bv_hist_clear(struct bv_env *env, struct bv_vstate *st);

/* ---- backtracking ---- */

/* mark_chain_precision: the current state relies on the exact value of
 * register regno (nothing to do for regno < 0). 0 or a negative errno. */
int bv_mark_chain_precision(struct bv_env *env, int regno);
/* A conditional jump whose outcome is known relies on its scalar
 * operands (check_cond_jmp_op). */
int bv_mark_cond_operands_precise(struct bv_env *env,
				  const struct bv_insn *insn);
/* get_constant_map_key: the key the stack pointer key points to, when it
 * is known: key_size STACK_ZERO bytes, or a spilled constant scalar of
 * exactly key_size bytes, which is then relied on (marked precise). 0 with
 * *value, 1 when the key is not known, or a negative errno. */
int bv_get_constant_map_key(struct bv_env *env, const struct bv_reg *key,
			    uint32_t key_size, int64_t *value);
/* propagate_precision: old, found equivalent to cur, has precise scalars
 * that cur's parents must have precise as well. *changed (if not NULL) is
 * set when a mark was added. */
int bv_propagate_precision(struct bv_env *env, const struct bv_vstate *old,
			   struct bv_vstate *cur, bool *changed);

/* ---- loops ---- */

/* incomplete_read_marks: the visit of the loop st is in holds back edges,
 * so st's precision marks may still grow: states_equal then compares all
 * scalars (RANGE_WITHIN), and st is not forgotten. Back edges come from
 * the loops of may_goto and of iterators, which is_state_visited matches
 * whole; neither is modelled yet, so for now this is false. */
bool bv_incomplete_read_marks(struct bv_env *env, const struct bv_vstate *st);
/* maybe_enter_scc: st, a new checkpoint, may start a visit of a loop. */
int bv_maybe_enter_scc(struct bv_env *env, struct bv_vstate *st);
/* maybe_exit_scc: the last path from st ended; if st started a visit of
 * a loop, precision flows through the visit's back edges. */
int bv_maybe_exit_scc(struct bv_env *env, struct bv_vstate *st);
/* The current state was found equivalent to old, a state of a loop whose
 * marks are incomplete: keep a copy to propagate precision into later
 * (add_scc_backedge). */
int bv_add_scc_backedge(struct bv_env *env, struct bv_vstate *old);
/* update_peak_states: explored states plus back edge states. */
void bv_update_peak_states(struct bv_env *env);

#endif
