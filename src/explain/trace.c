/* SPDX-License-Identifier: MIT */
/* Where a register's value came from: the failing path walked backward
 * from the instruction that read it, following moves, spills and fills
 * (the dataflow backtrack_insn follows for precision), until the call,
 * load or constant that produced it. */
#include "explain/explain.h"
#include "load/program.h"

#include <string.h>

/* What is being followed: a register, or an 8-byte stack slot of the
 * frame at depth (after a fill from r10 + slot_off). */
struct tracked {
	int reg; /* -1: the stack slot */
	int slot_off;
	int depth;
};

static bool add_step(struct bv_trace *out, enum bv_trace_kind kind,
		     const struct bv_path_pos *pos, const struct tracked *t,
		     int other_reg)
{
	struct bv_trace_step *s;

	if (out->n == BV_TRACE_MAX)
		return false;
	s = &out->steps[out->n++];
	s->kind = kind;
	s->insn = pos->insn;
	s->reg = t->reg;
	s->other_reg = other_reg;
	s->pos = *pos;
	return true;
}

static bool is_origin(enum bv_trace_kind k)
{
	return k <= BV_TRACE_UNKNOWN;
}

/* Walking back over a call or exit changes frames: r0 is the callee's
 * r0 before its exit, r1-r5 the caller's before the call. Returns the
 * step kind that ends the trace, -1 to go on, or CROSSED when the traced
 * argument continues in the caller (the call is no step of its own). */
#define CROSSED (-2)
static int cross_frames(const struct bv_program *prog,
			const struct bv_path_pos *pos, int from,
			struct tracked *t)
{
	const struct bv_insn *insn = &prog->insns[pos->insn];

	if (BV_CLASS(insn->code) == BV_JMP && BV_OP(insn->code) == BV_EXIT &&
	    pos->depth == t->depth + 1) {
		if (t->reg == 0) {
			t->depth = pos->depth;
			return BV_TRACE_RETURN;
		}
		return t->reg >= 1 && t->reg <= 5 ? BV_TRACE_CLOBBER : -1;
	}
	if (pos->depth == t->depth - 1 &&
	    bv_path_entered_call(prog, pos->insn, from)) {
		if (t->reg >= 1 && t->reg <= 5) {
			t->depth = pos->depth; /* an argument */
			return CROSSED;
		}
		return BV_TRACE_ENTRY;
	}
	return -1;
}

static int jmp_step(const struct bv_insn *insn, const struct tracked *t,
		    int *other)
{
	uint8_t op = BV_OP(insn->code);

	if (op == BV_CALL)
		return t->reg == 0		    ? BV_TRACE_CALL
		       : t->reg >= 1 && t->reg <= 5 ? BV_TRACE_CLOBBER
						    : -1;
	if (op == BV_JA || op == BV_EXIT || op == BV_JCOND || t->reg < 0)
		return -1;
	if (insn->dst_reg == t->reg) {
		*other = BV_SRC(insn->code) == BV_X ? insn->src_reg : -1;
		return BV_TRACE_CMP;
	}
	if (BV_SRC(insn->code) == BV_X && insn->src_reg == t->reg) {
		*other = insn->dst_reg;
		return BV_TRACE_CMP;
	}
	return -1;
}

static int alu_step(const struct bv_insn *insn, struct tracked *t, int *other)
{
	if (t->reg < 0 || insn->dst_reg != t->reg)
		return -1;
	if (BV_OP(insn->code) == BV_MOV) {
		if (BV_SRC(insn->code) == BV_K)
			return BV_TRACE_CONST;
		*other = insn->src_reg;
		t->reg = insn->src_reg;
		return BV_TRACE_MOVE;
	}
	*other = BV_SRC(insn->code) == BV_X && BV_OP(insn->code) != BV_NEG &&
				 BV_OP(insn->code) != BV_END
			 ? insn->src_reg
			 : -1;
	return BV_TRACE_ALU;
}

static int mem_step(const struct bv_insn *insn, struct tracked *t)
{
	uint8_t cls = BV_CLASS(insn->code), mode = BV_MODE(insn->code);

	if (cls == BV_LD) {
		if (mode == BV_IMM && BV_SIZE(insn->code) == BV_DW &&
		    insn->dst_reg == t->reg)
			return BV_TRACE_LD_IMM64;
		if (mode == BV_ABS || mode == BV_IND)
			return t->reg == 0		    ? BV_TRACE_LOAD
			       : t->reg >= 1 && t->reg <= 5 ? BV_TRACE_CLOBBER
							    : -1;
		return -1; /* the second half of a 64-bit load */
	}
	if (cls == BV_LDX) {
		if (t->reg < 0 || insn->dst_reg != t->reg)
			return -1;
		if (insn->src_reg != BV_REG_FP)
			return BV_TRACE_LOAD;
		t->reg = -1;
		t->slot_off = insn->off;
		return BV_TRACE_FILL;
	}
	if (mode == BV_ATOMIC)
		return t->reg >= 0 && (insn->imm & BV_FETCH) &&
				       (insn->src_reg == t->reg ||
					(t->reg == 0 &&
					 insn->imm == BV_CMPXCHG))
			       ? BV_TRACE_LOAD
			       : -1;
	if (t->reg >= 0 || insn->dst_reg != BV_REG_FP ||
	    insn->off != t->slot_off)
		return -1;
	if (cls == BV_ST)
		return BV_TRACE_CONST;
	t->reg = insn->src_reg;
	return BV_TRACE_SPILL;
}

/* The step the instruction at pos makes in the trace of *t, or -1. */
static int step_of(const struct bv_program *prog, const struct bv_path_pos *pos,
		   struct tracked *t, int *other)
{
	const struct bv_insn *insn = &prog->insns[pos->insn];

	*other = -1;
	if (pos->depth != t->depth)
		return -1;
	switch (BV_CLASS(insn->code)) {
	case BV_JMP:
	case BV_JMP32: return jmp_step(insn, t, other);
	case BV_ALU:
	case BV_ALU64: return alu_step(insn, t, other);
	default: return mem_step(insn, t);
	}
}

void bv_trace_reg(const struct bv_program *prog,
		  const struct bv_path_pos *start, int regno,
		  struct bv_trace *out)
{
	struct bv_path_pos pos = *start;
	struct tracked t = { .reg = regno, .depth = start->depth };

	out->n = 0;
	for (;;) {
		int from = pos.insn, other, kind;
		struct tracked before;

		if (!bv_path_prev(prog, &pos)) {
			pos.insn = -1;
			add_step(out,
				 pos.walked > BV_PATH_MAX_WALK
					 ? BV_TRACE_UNKNOWN
					 : BV_TRACE_ENTRY,
				 &pos, &t, -1);
			return;
		}
		before = t;
		kind = cross_frames(prog, &pos, from, &t);
		other = -1;
		if (kind == CROSSED)
			continue;
		if (kind < 0)
			kind = step_of(prog, &pos, &t, &other);
		if (kind < 0)
			continue;
		if (!add_step(out, (enum bv_trace_kind)kind, &pos, &before,
			      other) ||
		    is_origin((enum bv_trace_kind)kind))
			return;
	}
}

const struct bv_trace_step *bv_trace_origin(const struct bv_trace *t)
{
	return t->n ? &t->steps[t->n - 1] : NULL;
}
