/* SPDX-License-Identifier: MIT */
/* Conditional jumps on two scalars, modelled on Linux 6.18
 * is_scalar_branch_taken(), regs_refine_cond_op() and reg_set_min_max(). */
#include "domain/scalar_impl.h"

#include "isa/opcodes.h"

/* rev_opcode marks the negation of JSET, which has no opcode, this way. */
#define NOT_JSET (BV_JSET | BV_X)

/* One operand of a comparison, seen at the compared width. */
struct operand {
	struct bv_tnum t;
	uint64_t umin, umax;
	int64_t smin, smax;
};

static struct operand operand_view(const struct bv_scalar *s, bool jmp32)
{
	if (jmp32)
		return (struct operand){ bv_tnum_subreg(s->var_off), s->u32_min,
					 s->u32_max, s->s32_min, s->s32_max };
	return (struct operand){ s->var_off, s->umin, s->umax, s->smin, s->smax };
}

/* Whether a == b is impossible: disjoint tnums or ranges; for 64-bit
 * compares the 32-bit ranges may tell as well. */
static bool never_equal(const struct bv_scalar *a, const struct bv_scalar *b,
			const struct operand *x, const struct operand *y,
			bool jmp32)
{
	if (!bv_tnum_overlap(x->t, y->t))
		return true;
	if (x->umin > y->umax || x->umax < y->umin)
		return true;
	if (x->smin > y->smax || x->smax < y->smin)
		return true;
	if (jmp32)
		return false;
	return a->u32_min > b->u32_max || a->u32_max < b->u32_min ||
	       a->s32_min > b->s32_max || a->s32_max < b->s32_min;
}

/* JSET with a constant mask m: taken if a known 1 is under m, not taken if
 * no possible 1 is. */
static int jset_taken(const struct bv_scalar *a, const struct bv_scalar *b,
		      bool jmp32)
{
	struct operand x = operand_view(a, jmp32), y = operand_view(b, jmp32);

	if (!bv_scalar_is_const(b, jmp32)) {
		struct operand tmp = x;

		x = y;
		y = tmp;
		if (!bv_scalar_is_const(a, jmp32))
			return -1;
	}
	if (x.t.value & ~x.t.mask & y.t.value)
		return 1;
	if (!((x.t.mask | x.t.value) & y.t.value))
		return 0;
	return -1;
}

/* Ordered compares: 1 if every pair satisfies "x op y", 0 if none does. */
static int order_taken(const struct operand *x, const struct operand *y,
		       uint8_t op)
{
	switch (op) {
	case BV_JGT:
		return x->umin > y->umax ? 1 : x->umax <= y->umin ? 0 : -1;
	case BV_JSGT:
		return x->smin > y->smax ? 1 : x->smax <= y->smin ? 0 : -1;
	case BV_JLT:
		return x->umax < y->umin ? 1 : x->umin >= y->umax ? 0 : -1;
	case BV_JSLT:
		return x->smax < y->smin ? 1 : x->smin >= y->smax ? 0 : -1;
	case BV_JGE:
		return x->umin >= y->umax ? 1 : x->umax < y->umin ? 0 : -1;
	case BV_JSGE:
		return x->smin >= y->smax ? 1 : x->smax < y->smin ? 0 : -1;
	case BV_JLE:
		return x->umax <= y->umin ? 1 : x->umin > y->umax ? 0 : -1;
	case BV_JSLE:
		return x->smax <= y->smin ? 1 : x->smin > y->smax ? 0 : -1;
	default:
		return -1;
	}
}

int bv_scalar_branch_taken(const struct bv_scalar *a,
			   const struct bv_scalar *b, uint8_t op, bool jmp32)
{
	struct operand x = operand_view(a, jmp32), y = operand_view(b, jmp32);
	bool both_const = bv_tnum_is_const(x.t) && bv_tnum_is_const(y.t);

	switch (op) {
	case BV_JEQ:
		if (both_const)
			return x.t.value == y.t.value;
		return never_equal(a, b, &x, &y, jmp32) ? 0 : -1;
	case BV_JNE:
		if (both_const)
			return x.t.value != y.t.value;
		return never_equal(a, b, &x, &y, jmp32) ? 1 : -1;
	case BV_JSET:
		return jset_taken(a, b, jmp32);
	default:
		return order_taken(&x, &y, op);
	}
}

static uint8_t reverse_op(uint8_t op)
{
	switch (op) {
	case BV_JEQ:
		return BV_JNE;
	case BV_JNE:
		return BV_JEQ;
	case BV_JSET:
		return NOT_JSET;
	case BV_JGE:
		return BV_JLT;
	case BV_JGT:
		return BV_JLE;
	case BV_JLE:
		return BV_JGT;
	case BV_JLT:
		return BV_JGE;
	case BV_JSGE:
		return BV_JSLT;
	case BV_JSGT:
		return BV_JSLE;
	case BV_JSLE:
		return BV_JSGT;
	case BV_JSLT:
		return BV_JSGE;
	default:
		return 0;
	}
}

/* flip_opcode for the ordered compares: "a op b" as "b op' a". */
static uint8_t mirror_op(uint8_t op)
{
	switch (op) {
	case BV_JGE:
		return BV_JLE;
	case BV_JGT:
		return BV_JLT;
	case BV_JSGE:
		return BV_JSLE;
	case BV_JSGT:
		return BV_JSLT;
	default:
		return op;
	}
}

static void refine_eq(struct bv_scalar *a, struct bv_scalar *b, bool jmp32)
{
	struct bv_tnum t;

	if (jmp32) {
		a->u32_min = bv_max_u32(a->u32_min, b->u32_min);
		a->u32_max = bv_min_u32(a->u32_max, b->u32_max);
		a->s32_min = bv_max_s32(a->s32_min, b->s32_min);
		a->s32_max = bv_min_s32(a->s32_max, b->s32_max);
		b->u32_min = a->u32_min;
		b->u32_max = a->u32_max;
		b->s32_min = a->s32_min;
		b->s32_max = a->s32_max;
		t = bv_tnum_intersect(bv_tnum_subreg(a->var_off),
				      bv_tnum_subreg(b->var_off));
		a->var_off = bv_tnum_with_subreg(a->var_off, t);
		b->var_off = bv_tnum_with_subreg(b->var_off, t);
		return;
	}
	a->umin = bv_max_u64(a->umin, b->umin);
	a->umax = bv_min_u64(a->umax, b->umax);
	a->smin = bv_max_s64(a->smin, b->smin);
	a->smax = bv_min_s64(a->smax, b->smax);
	b->umin = a->umin;
	b->umax = a->umax;
	b->smin = a->smin;
	b->smax = a->smax;
	a->var_off = bv_tnum_intersect(a->var_off, b->var_off);
	b->var_off = a->var_off;
}

/* The constant operand of NE/JSET goes second; false if there is none. */
static bool const_second(struct bv_scalar **a, struct bv_scalar **b,
			 bool jmp32)
{
	struct bv_scalar *tmp;

	if (!bv_scalar_is_const(*b, jmp32)) {
		tmp = *a;
		*a = *b;
		*b = tmp;
	}
	return bv_scalar_is_const(*b, jmp32);
}

/* NE against a constant that is an end of a range moves that end. */
static void refine_ne(struct bv_scalar *a, struct bv_scalar *b, bool jmp32)
{
	uint64_t v;

	if (!const_second(&a, &b, jmp32))
		return;
	v = bv_scalar_const_value(b, jmp32);
	if (jmp32) {
		if (a->u32_min == (uint32_t)v)
			a->u32_min++;
		if (a->u32_max == (uint32_t)v)
			a->u32_max--;
		if (a->s32_min == bv_wrap_s32((uint32_t)v))
			a->s32_min = bv_wrap_s32((uint32_t)a->s32_min + 1);
		if (a->s32_max == bv_wrap_s32((uint32_t)v))
			a->s32_max = bv_wrap_s32((uint32_t)a->s32_max - 1);
		return;
	}
	if (a->umin == v)
		a->umin++;
	if (a->umax == v)
		a->umax--;
	if (a->smin == bv_wrap_s64(v))
		a->smin = bv_wrap_s64((uint64_t)a->smin + 1);
	if (a->smax == bv_wrap_s64(v))
		a->smax = bv_wrap_s64((uint64_t)a->smax - 1);
}

/* JSET taken: only a single-bit mask says which bit is set. JSET not
 * taken: every masked bit is clear; the ranges are forgotten first so that
 * a dead branch cannot produce inconsistent bounds. */
static void refine_jset(struct bv_scalar *a, struct bv_scalar *b, bool jmp32,
			bool taken)
{
	struct bv_tnum t;
	uint64_t v;

	if (!const_second(&a, &b, jmp32))
		return;
	v = bv_scalar_const_value(b, jmp32);
	if (taken) {
		if (!v || (v & (v - 1)))
			return;
		t = bv_tnum_const(v);
		if (jmp32)
			t = bv_tnum_or(bv_tnum_subreg(a->var_off), t);
		else
			t = bv_tnum_or(a->var_off, t);
	} else {
		bv_scalar_mark_unbounded(a);
		t = bv_tnum_const(~v);
		if (jmp32)
			t = bv_tnum_and(bv_tnum_subreg(a->var_off), t);
		else
			t = bv_tnum_and(a->var_off, t);
	}
	a->var_off = jmp32 ? bv_tnum_with_subreg(a->var_off, t) : t;
}

/* a <= b (or a < b): a's maximum and b's minimum move. The wrapping
 * "- 1" and "+ 1" are the kernel's. */
static void refine_le(struct bv_scalar *a, struct bv_scalar *b, bool jmp32,
		      bool strict)
{
	unsigned d = strict;

	if (jmp32) {
		a->u32_max = bv_min_u32(a->u32_max, b->u32_max - d);
		b->u32_min = bv_max_u32(a->u32_min + d, b->u32_min);
		return;
	}
	a->umax = bv_min_u64(a->umax, b->umax - d);
	b->umin = bv_max_u64(a->umin + d, b->umin);
}

static void refine_sle(struct bv_scalar *a, struct bv_scalar *b, bool jmp32,
		       bool strict)
{
	unsigned d = strict;

	if (jmp32) {
		a->s32_max = bv_min_s32(a->s32_max, bv_wrap_s32((uint32_t)b->s32_max - d));
		b->s32_min = bv_max_s32(bv_wrap_s32((uint32_t)a->s32_min + d), b->s32_min);
		return;
	}
	a->smax = bv_min_s64(a->smax, bv_wrap_s64((uint64_t)b->smax - d));
	b->smin = bv_max_s64(bv_wrap_s64((uint64_t)a->smin + d), b->smin);
}

/* regs_refine_cond_op: GT/GE/SGT/SGE are LT/LE/SLT/SLE with the operands
 * swapped. */
static void refine(struct bv_scalar *a, struct bv_scalar *b, uint8_t op,
		   bool jmp32)
{
	uint8_t mirrored = mirror_op(op);

	if (mirrored != op) {
		struct bv_scalar *tmp = a;

		a = b;
		b = tmp;
	}
	switch (mirrored) {
	case BV_JEQ:
		refine_eq(a, b, jmp32);
		break;
	case BV_JNE:
		refine_ne(a, b, jmp32);
		break;
	case BV_JSET:
	case NOT_JSET:
		refine_jset(a, b, jmp32, mirrored == BV_JSET);
		break;
	case BV_JLE:
	case BV_JLT:
		refine_le(a, b, jmp32, mirrored == BV_JLT);
		break;
	case BV_JSLE:
	case BV_JSLT:
		refine_sle(a, b, jmp32, mirrored == BV_JSLT);
		break;
	default:
		break;
	}
}

void bv_scalar_branch_refine(struct bv_scalar *a, struct bv_scalar *b,
			     uint8_t op, bool jmp32, bool taken)
{
	refine(a, b, taken ? op : reverse_op(op), jmp32);
	bv_scalar_sync(a);
	bv_scalar_sync(b);
}
