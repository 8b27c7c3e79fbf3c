/* SPDX-License-Identifier: MIT */
/* ALU transfer functions on two scalars, modelled on Linux 6.18
 * adjust_scalar_min_max_vals() and the scalar{32,}_min_max_*() helpers. */
#include "domain/scalar_impl.h"

#include "isa/opcodes.h"

static void add32(struct bv_scalar *d, const struct bv_scalar *s)
{
	bool min_over, max_over;

	if (__builtin_add_overflow(d->s32_min, s->s32_min, &d->s32_min) ||
	    __builtin_add_overflow(d->s32_max, s->s32_max, &d->s32_max)) {
		d->s32_min = INT32_MIN;
		d->s32_max = INT32_MAX;
	}
	/* Unsigned bounds survive when both or neither sum wraps. */
	min_over = __builtin_add_overflow(d->u32_min, s->u32_min, &d->u32_min);
	max_over = __builtin_add_overflow(d->u32_max, s->u32_max, &d->u32_max);
	if (!min_over && max_over) {
		d->u32_min = 0;
		d->u32_max = UINT32_MAX;
	}
}

static void add64(struct bv_scalar *d, const struct bv_scalar *s)
{
	bool min_over, max_over;

	if (__builtin_add_overflow(d->smin, s->smin, &d->smin) ||
	    __builtin_add_overflow(d->smax, s->smax, &d->smax)) {
		d->smin = INT64_MIN;
		d->smax = INT64_MAX;
	}
	min_over = __builtin_add_overflow(d->umin, s->umin, &d->umin);
	max_over = __builtin_add_overflow(d->umax, s->umax, &d->umax);
	if (!min_over && max_over) {
		d->umin = 0;
		d->umax = UINT64_MAX;
	}
}

static void sub32(struct bv_scalar *d, const struct bv_scalar *s)
{
	bool min_under, max_under;

	if (__builtin_sub_overflow(d->s32_min, s->s32_max, &d->s32_min) ||
	    __builtin_sub_overflow(d->s32_max, s->s32_min, &d->s32_max)) {
		d->s32_min = INT32_MIN;
		d->s32_max = INT32_MAX;
	}
	/* Unsigned bounds survive when both or neither difference wraps. */
	min_under = __builtin_sub_overflow(d->u32_min, s->u32_max, &d->u32_min);
	max_under = __builtin_sub_overflow(d->u32_max, s->u32_min, &d->u32_max);
	if (min_under && !max_under) {
		d->u32_min = 0;
		d->u32_max = UINT32_MAX;
	}
}

static void sub64(struct bv_scalar *d, const struct bv_scalar *s)
{
	bool min_under, max_under;

	if (__builtin_sub_overflow(d->smin, s->smax, &d->smin) ||
	    __builtin_sub_overflow(d->smax, s->smin, &d->smax)) {
		d->smin = INT64_MIN;
		d->smax = INT64_MAX;
	}
	min_under = __builtin_sub_overflow(d->umin, s->umax, &d->umin);
	max_under = __builtin_sub_overflow(d->umax, s->umin, &d->umax);
	if (min_under && !max_under) {
		d->umin = 0;
		d->umax = UINT64_MAX;
	}
}

/* Signed product bounds are the extremes of the four corner products,
 * unless one of them overflows. */
static void mul32(struct bv_scalar *d, const struct bv_scalar *s)
{
	int32_t p[4];
	int32_t min, max;
	int i;

	if (__builtin_mul_overflow(d->u32_max, s->u32_max, &d->u32_max) ||
	    __builtin_mul_overflow(d->u32_min, s->u32_min, &d->u32_min)) {
		d->u32_min = 0;
		d->u32_max = UINT32_MAX;
	}
	if (__builtin_mul_overflow(d->s32_min, s->s32_min, &p[0]) ||
	    __builtin_mul_overflow(d->s32_min, s->s32_max, &p[1]) ||
	    __builtin_mul_overflow(d->s32_max, s->s32_min, &p[2]) ||
	    __builtin_mul_overflow(d->s32_max, s->s32_max, &p[3])) {
		d->s32_min = INT32_MIN;
		d->s32_max = INT32_MAX;
		return;
	}
	min = max = p[0];
	for (i = 1; i < 4; i++) {
		min = bv_min_s32(min, p[i]);
		max = bv_max_s32(max, p[i]);
	}
	d->s32_min = min;
	d->s32_max = max;
}

static void mul64(struct bv_scalar *d, const struct bv_scalar *s)
{
	int64_t p[4];
	int64_t min, max;
	int i;

	if (__builtin_mul_overflow(d->umax, s->umax, &d->umax) ||
	    __builtin_mul_overflow(d->umin, s->umin, &d->umin)) {
		d->umin = 0;
		d->umax = UINT64_MAX;
	}
	if (__builtin_mul_overflow(d->smin, s->smin, &p[0]) ||
	    __builtin_mul_overflow(d->smin, s->smax, &p[1]) ||
	    __builtin_mul_overflow(d->smax, s->smin, &p[2]) ||
	    __builtin_mul_overflow(d->smax, s->smax, &p[3])) {
		d->smin = INT64_MIN;
		d->smax = INT64_MAX;
		return;
	}
	min = max = p[0];
	for (i = 1; i < 4; i++) {
		min = bv_min_s64(min, p[i]);
		max = bv_max_s64(max, p[i]);
	}
	d->smin = min;
	d->smax = max;
}

/* The signed range equals the unsigned one unless it crosses the sign
 * boundary (the common tail of the bitwise operations). */
static void signed32_from_unsigned(struct bv_scalar *d)
{
	if (bv_wrap_s32(d->u32_min) <= bv_wrap_s32(d->u32_max)) {
		d->s32_min = bv_wrap_s32(d->u32_min);
		d->s32_max = bv_wrap_s32(d->u32_max);
	} else {
		d->s32_min = INT32_MIN;
		d->s32_max = INT32_MAX;
	}
}

static void signed64_from_unsigned(struct bv_scalar *d)
{
	if (bv_wrap_s64(d->umin) <= bv_wrap_s64(d->umax)) {
		d->smin = bv_wrap_s64(d->umin);
		d->smax = bv_wrap_s64(d->umax);
	} else {
		d->smin = INT64_MIN;
		d->smax = INT64_MAX;
	}
}

/* and/or/xor: d->var_off already holds the result's tnum. */
static bool both_subregs_const(const struct bv_scalar *d,
			       const struct bv_scalar *s)
{
	return bv_tnum_subreg_is_const(d->var_off) &&
	       bv_tnum_subreg_is_const(s->var_off);
}

static bool both_const(const struct bv_scalar *d, const struct bv_scalar *s)
{
	return bv_tnum_is_const(d->var_off) && bv_tnum_is_const(s->var_off);
}

/* AND: minimum from the tnum, maximum the smaller operand maximum. */
static void and32(struct bv_scalar *d, const struct bv_scalar *s)
{
	struct bv_tnum t = bv_tnum_subreg(d->var_off);

	if (both_subregs_const(d, s)) {
		bv_scalar_mark32_known(d, (uint32_t)t.value);
		return;
	}
	d->u32_min = (uint32_t)t.value;
	d->u32_max = bv_min_u32(d->u32_max, s->u32_max);
	signed32_from_unsigned(d);
}

static void and64(struct bv_scalar *d, const struct bv_scalar *s)
{
	if (both_const(d, s)) {
		*d = bv_scalar_const(d->var_off.value);
		return;
	}
	d->umin = d->var_off.value;
	d->umax = bv_min_u64(d->umax, s->umax);
	signed64_from_unsigned(d);
	bv_scalar_update_bounds(d);
}

/* OR: minimum the larger operand minimum, maximum from the tnum. */
static void or32(struct bv_scalar *d, const struct bv_scalar *s)
{
	struct bv_tnum t = bv_tnum_subreg(d->var_off);

	if (both_subregs_const(d, s)) {
		bv_scalar_mark32_known(d, (uint32_t)t.value);
		return;
	}
	d->u32_min = bv_max_u32(d->u32_min, s->u32_min);
	d->u32_max = (uint32_t)(t.value | t.mask);
	signed32_from_unsigned(d);
}

static void or64(struct bv_scalar *d, const struct bv_scalar *s)
{
	if (both_const(d, s)) {
		*d = bv_scalar_const(d->var_off.value);
		return;
	}
	d->umin = bv_max_u64(d->umin, s->umin);
	d->umax = d->var_off.value | d->var_off.mask;
	signed64_from_unsigned(d);
	bv_scalar_update_bounds(d);
}

/* XOR: both bounds from the tnum. */
static void xor32(struct bv_scalar *d, const struct bv_scalar *s)
{
	struct bv_tnum t = bv_tnum_subreg(d->var_off);

	if (both_subregs_const(d, s)) {
		bv_scalar_mark32_known(d, (uint32_t)t.value);
		return;
	}
	d->u32_min = (uint32_t)t.value;
	d->u32_max = (uint32_t)(t.value | t.mask);
	signed32_from_unsigned(d);
}

static void xor64(struct bv_scalar *d, const struct bv_scalar *s)
{
	if (both_const(d, s)) {
		*d = bv_scalar_const(d->var_off.value);
		return;
	}
	d->umin = d->var_off.value;
	d->umax = d->var_off.value | d->var_off.mask;
	signed64_from_unsigned(d);
	bv_scalar_update_bounds(d);
}

/* __scalar32_min_max_lsh: shifting out the top bit loses everything. */
static void lsh32_bounds(struct bv_scalar *d, uint64_t min_shift,
			 uint64_t max_shift)
{
	d->s32_min = INT32_MIN;
	d->s32_max = INT32_MAX;
	if (max_shift > 31 || d->u32_max > 1ull << (31 - max_shift)) {
		d->u32_min = 0;
		d->u32_max = UINT32_MAX;
	} else {
		d->u32_min <<= min_shift;
		d->u32_max <<= max_shift;
	}
}

/* __scalar64_min_max_lsh: "<< 32" keeps the signed 32-bit bounds, the
 * compiler's sign-extension idiom "<< 32 s>> 32". */
static void lsh64_bounds(struct bv_scalar *d, uint64_t min_shift,
			 uint64_t max_shift)
{
	if (min_shift == 32 && max_shift == 32) {
		d->smax = bv_wrap_s64((uint64_t)(int64_t)d->s32_max << 32);
		d->smin = bv_wrap_s64((uint64_t)(int64_t)d->s32_min << 32);
	} else {
		d->smax = INT64_MAX;
		d->smin = INT64_MIN;
	}
	if (d->umax > 1ull << (63 - max_shift)) {
		d->umin = 0;
		d->umax = UINT64_MAX;
	} else {
		d->umin <<= min_shift;
		d->umax <<= max_shift;
	}
}

static void lsh32(struct bv_scalar *d, const struct bv_scalar *s)
{
	struct bv_tnum sub = bv_tnum_subreg(d->var_off);

	lsh32_bounds(d, s->u32_min, s->u32_max);
	d->var_off = bv_tnum_subreg(bv_tnum_lshift(sub, (uint8_t)s->u32_min));
	bv_scalar_mark64_unbounded(d);
	bv_scalar_update32_bounds(d);
}

static void lsh64(struct bv_scalar *d, const struct bv_scalar *s)
{
	/* the 64-bit part reads the unshifted 32-bit bounds: first */
	lsh64_bounds(d, s->umin, s->umax);
	lsh32_bounds(d, s->umin, s->umax);
	d->var_off = bv_tnum_lshift(d->var_off, (uint8_t)s->umin);
	bv_scalar_update_bounds(d);
}

/* RSH: the signed bounds are dropped and re-derived from the unsigned
 * ones and the tnum; the other half is left to the tnum as well. */
static void rsh32(struct bv_scalar *d, const struct bv_scalar *s)
{
	struct bv_tnum sub = bv_tnum_subreg(d->var_off);

	d->s32_min = INT32_MIN;
	d->s32_max = INT32_MAX;
	d->var_off = bv_tnum_rshift(sub, (uint8_t)s->u32_min);
	d->u32_min >>= s->u32_max;
	d->u32_max >>= s->u32_min;
	bv_scalar_mark64_unbounded(d);
	bv_scalar_update32_bounds(d);
}

static void rsh64(struct bv_scalar *d, const struct bv_scalar *s)
{
	d->smin = INT64_MIN;
	d->smax = INT64_MAX;
	d->var_off = bv_tnum_rshift(d->var_off, (uint8_t)s->umin);
	d->umin >>= s->umax;
	d->umax >>= s->umin;
	bv_scalar_mark32_unbounded(d);
	bv_scalar_update_bounds(d);
}

static int64_t arshift_s64(int64_t x, unsigned shift)
{
	uint64_t u = (uint64_t)x;

	return bv_wrap_s64(x < 0 ? ~(~u >> shift) : u >> shift);
}

static int32_t arshift_s32(int32_t x, unsigned shift)
{
	uint32_t u = (uint32_t)x;

	return bv_wrap_s32(x < 0 ? ~(~u >> shift) : u >> shift);
}

/* ARSH (the shift is a known constant here): the signed bounds shift, the
 * unsigned ones come from the tnum. */
static void arsh32(struct bv_scalar *d, const struct bv_scalar *s)
{
	unsigned shift = s->u32_min;

	d->s32_min = arshift_s32(d->s32_min, shift);
	d->s32_max = arshift_s32(d->s32_max, shift);
	d->var_off = bv_tnum_arshift(bv_tnum_subreg(d->var_off), (uint8_t)shift, 32);
	d->u32_min = 0;
	d->u32_max = UINT32_MAX;
	bv_scalar_mark64_unbounded(d);
	bv_scalar_update32_bounds(d);
}

static void arsh64(struct bv_scalar *d, const struct bv_scalar *s)
{
	unsigned shift = (unsigned)s->umin;

	d->smin = arshift_s64(d->smin, shift);
	d->smax = arshift_s64(d->smax, shift);
	d->var_off = bv_tnum_arshift(d->var_off, (uint8_t)shift, 64);
	d->umin = 0;
	d->umax = UINT64_MAX;
	bv_scalar_mark32_unbounded(d);
	bv_scalar_update_bounds(d);
}

/* NEG: 0 - dst with the SUB rules, and the tnum negated. */
static void neg(struct bv_scalar *d)
{
	struct bv_scalar old = *d;

	*d = bv_scalar_const(0);
	sub32(d, &old);
	sub64(d, &old);
	d->var_off = bv_tnum_neg(old.var_off);
}

/* scalar_byte_swap: a swap scrambles the ranges, which restart from the
 * swapped tnum; le16/le32/be16/be32 then truncate to their width. A swap
 * happens for bswap (ALU64) and for to-big-endian on this little-endian
 * model; to-little-endian only truncates. */
static void byte_swap(struct bv_scalar *d, const struct bv_insn *insn)
{
	bool swap = BV_CLASS(insn->code) == BV_ALU64 ||
		    BV_SRC(insn->code) == BV_TO_BE;

	if (swap) {
		if (insn->imm == 16)
			d->var_off = bv_tnum_bswap16(d->var_off);
		else if (insn->imm == 32)
			d->var_off = bv_tnum_bswap32(d->var_off);
		else
			d->var_off = bv_tnum_bswap64(d->var_off);
		bv_scalar_mark_unbounded(d);
	}
	if (insn->imm == 16 || insn->imm == 32)
		bv_scalar_coerce(d, (unsigned)insn->imm / 8);
}

/* is_safe_to_compute_dst_reg_range: shifts need a known amount below the
 * operand width; division and modulo are never tracked in 6.18. */
static bool range_computable(const struct bv_scalar *src,
			     const struct bv_insn *insn)
{
	bool alu64 = BV_CLASS(insn->code) == BV_ALU64;
	bool src_const;

	if (alu64)
		src_const = bv_tnum_is_const(src->var_off) &&
			    src->smin == src->smax && src->umin == src->umax;
	else
		src_const = bv_tnum_subreg_is_const(src->var_off) &&
			    src->s32_min == src->s32_max &&
			    src->u32_min == src->u32_max;

	switch (BV_OP(insn->code)) {
	case BV_ADD:
	case BV_SUB:
	case BV_NEG:
	case BV_AND:
	case BV_XOR:
	case BV_OR:
	case BV_MUL:
	case BV_END:
		return true;
	case BV_LSH:
	case BV_RSH:
	case BV_ARSH:
		return src_const && src->umax < (alu64 ? 64u : 32u);
	default:
		return false;
	}
}

static void shift(struct bv_scalar *d, const struct bv_scalar *s, uint8_t op,
		  bool alu32)
{
	static void (*const by_width[][2])(struct bv_scalar *,
					   const struct bv_scalar *) = {
		{ lsh64, lsh32 },
		{ rsh64, rsh32 },
		{ arsh64, arsh32 },
	};
	unsigned kind = op == BV_LSH ? 0 : op == BV_RSH ? 1 : 2;

	by_width[kind][alu32](d, s);
}

void bv_scalar_alu(struct bv_scalar *dst, const struct bv_scalar *src,
		   const struct bv_insn *insn)
{
	uint8_t op = BV_OP(insn->code);
	bool alu32 = BV_CLASS(insn->code) != BV_ALU64;
	/* the kernel passes the source by value: "w1 -= w1" reads the old w1 */
	struct bv_scalar src_copy = op == BV_NEG || op == BV_END ? *dst : *src;

	src = &src_copy;
	if (!range_computable(src, insn)) {
		*dst = bv_scalar_unknown();
		return;
	}
	switch (op) {
	case BV_ADD:
		add32(dst, src);
		add64(dst, src);
		dst->var_off = bv_tnum_add(dst->var_off, src->var_off);
		break;
	case BV_SUB:
		sub32(dst, src);
		sub64(dst, src);
		dst->var_off = bv_tnum_sub(dst->var_off, src->var_off);
		break;
	case BV_NEG:
		neg(dst);
		break;
	case BV_MUL:
		dst->var_off = bv_tnum_mul(dst->var_off, src->var_off);
		mul32(dst, src);
		mul64(dst, src);
		break;
	case BV_AND:
		dst->var_off = bv_tnum_and(dst->var_off, src->var_off);
		and32(dst, src);
		and64(dst, src);
		break;
	case BV_OR:
		dst->var_off = bv_tnum_or(dst->var_off, src->var_off);
		or32(dst, src);
		or64(dst, src);
		break;
	case BV_XOR:
		dst->var_off = bv_tnum_xor(dst->var_off, src->var_off);
		xor32(dst, src);
		xor64(dst, src);
		break;
	case BV_END:
		byte_swap(dst, insn);
		break;
	default:
		shift(dst, src, op, alu32);
		break;
	}
	/* BPF_END leaves the upper bits to its own truncation */
	if (alu32 && op != BV_END)
		bv_scalar_zext32(dst);
	bv_scalar_sync(dst);
}

bool bv_scalar_alu_fork(struct bv_scalar *dst, struct bv_scalar *zero,
			const struct bv_scalar *src,
			const struct bv_insn *insn)
{
	uint8_t op = BV_OP(insn->code);
	bool alu32;

	if ((op != BV_AND && op != BV_OR) || !bv_tnum_is_const(src->var_off))
		return false;
	if (dst->smin == -1 && dst->smax == 0)
		alu32 = false;
	else if (dst->s32_min == -1 && dst->s32_max == 0)
		alu32 = true;
	else
		return false;
	*zero = *dst;
	if (alu32) {
		bv_scalar_mark32_known(zero, 0);
		bv_scalar_mark32_known(dst, UINT32_MAX);
	} else {
		*zero = bv_scalar_const(0);
		*dst = bv_scalar_const(UINT64_MAX);
	}
	return true;
}
