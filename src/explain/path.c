/* SPDX-License-Identifier: MIT */
/* The failing path, walked backward as precision backtracking walks it
 * (get_prev_insn_idx of kernel/bpf/verifier.c): within a state, the
 * previous instruction is the one before, unless the jump history says the
 * instruction was reached by a jump; at a state's first instruction the
 * walk continues at its parent's last one. */
#include "explain/explain.h"
#include "load/program.h"
#include "verify/precision.h"

void bv_path_start(const struct bv_vstate *st, struct bv_path_pos *pos)
{
	pos->st = st;
	pos->history = st->hist_cnt;
	pos->insn = st->insn_idx;
	pos->depth = 0;
	pos->walked = 0;
}

/* get_prev_insn_idx within one state; -1 at its first instruction */
static int prev_in_state(struct bv_path_pos *pos)
{
	const struct bv_vstate *st = pos->st;
	uint32_t cnt = pos->history;

	if (pos->insn == st->first_insn_idx &&
	    (cnt == 0 || (cnt == 1 && st->hist[0].idx == pos->insn)))
		return -1;
	if (cnt && st->hist[cnt - 1].idx == pos->insn) {
		pos->history--;
		return st->hist[cnt - 1].prev_idx;
	}
	return pos->insn - 1;
}

static bool is_call_or_exit(const struct bv_insn *insn, uint8_t op)
{
	return BV_CLASS(insn->code) == BV_JMP && BV_OP(insn->code) == op;
}

bool bv_path_entered_call(const struct bv_program *prog, int call, int next)
{
	const struct bv_insn *insn = &prog->insns[call];

	return is_call_or_exit(insn, BV_CALL) &&
	       insn->src_reg == BV_PSEUDO_CALL && call + insn->imm + 1 == next;
}

bool bv_path_prev(const struct bv_program *prog, struct bv_path_pos *pos)
{
	const struct bv_insn *insn;
	int from = pos->insn, prev;

	if (++pos->walked > BV_PATH_MAX_WALK)
		return false;
	prev = prev_in_state(pos);
	if (prev < 0) {
		const struct bv_vstate *parent = pos->st->parent;

		if (!parent || parent->last_insn_idx < 0)
			return false;
		pos->st = parent;
		pos->history = parent->hist_cnt;
		prev = parent->last_insn_idx;
	}
	if (prev < 0 || (size_t)prev >= prog->n_insns)
		return false;
	pos->insn = prev;
	insn = &prog->insns[prev];
	/* walking back over a subprogram's exit enters it; over the call
	 * instruction of a bpf-to-bpf call whose body was walked, back into
	 * the caller (a global function's call is not entered) */
	if (is_call_or_exit(insn, BV_EXIT))
		pos->depth++;
	else if (bv_path_entered_call(prog, prev, from))
		pos->depth--;
	return true;
}
