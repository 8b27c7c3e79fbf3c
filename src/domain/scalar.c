/* SPDX-License-Identifier: MIT */
/* Scalar construction, bounds synchronisation, zero extension, moves and
 * load coercion, modelled on Linux 6.18 kernel/bpf/verifier.c. */
#include "domain/scalar_impl.h"

#include "isa/opcodes.h"

void bv_scalar_mark64_unbounded(struct bv_scalar *s)
{
	s->smin = INT64_MIN;
	s->smax = INT64_MAX;
	s->umin = 0;
	s->umax = UINT64_MAX;
}

void bv_scalar_mark32_unbounded(struct bv_scalar *s)
{
	s->s32_min = INT32_MIN;
	s->s32_max = INT32_MAX;
	s->u32_min = 0;
	s->u32_max = UINT32_MAX;
}

void bv_scalar_mark_unbounded(struct bv_scalar *s)
{
	bv_scalar_mark64_unbounded(s);
	bv_scalar_mark32_unbounded(s);
}

struct bv_scalar bv_scalar_unknown(void)
{
	struct bv_scalar s = { .var_off = bv_tnum_unknown() };

	bv_scalar_mark_unbounded(&s);
	return s;
}

struct bv_scalar bv_scalar_const(uint64_t v)
{
	return (struct bv_scalar){
		.var_off = bv_tnum_const(v),
		.smin = bv_wrap_s64(v),
		.smax = bv_wrap_s64(v),
		.umin = v,
		.umax = v,
		.s32_min = bv_wrap_s32((uint32_t)v),
		.s32_max = bv_wrap_s32((uint32_t)v),
		.u32_min = (uint32_t)v,
		.u32_max = (uint32_t)v,
	};
}

void bv_scalar_mark32_known(struct bv_scalar *s, uint32_t v)
{
	s->var_off = bv_tnum_const_subreg(s->var_off, v);
	s->s32_min = s->s32_max = bv_wrap_s32(v);
	s->u32_min = s->u32_max = v;
}

/* The smallest (largest) signed value of a tnum: sign bit set (clear) if
 * it may be, other unknown bits clear (set). */
void bv_scalar_update32_bounds(struct bv_scalar *s)
{
	struct bv_tnum t = bv_tnum_subreg(s->var_off);
	uint32_t value = (uint32_t)t.value, mask = (uint32_t)t.mask;

	s->s32_min = bv_max_s32(s->s32_min, bv_wrap_s32(value | (mask & 0x80000000u)));
	s->s32_max = bv_min_s32(s->s32_max, bv_wrap_s32(value | (mask & 0x7fffffffu)));
	s->u32_min = bv_max_u32(s->u32_min, value);
	s->u32_max = bv_min_u32(s->u32_max, value | mask);
}

/* A range meeting the tnum in a single value makes that value known:
 * only at umin, only at the tnum's largest value, or only at one value
 * strictly inside (the stable-backported fix of invariant violations). */
static void single_value_overlap(struct bv_scalar *s)
{
	struct bv_tnum t = s->var_off;
	uint64_t next = bv_tnum_step(t, s->umin);
	uint64_t tmax = t.value | t.mask;
	bool umin_in_tnum = (s->umin & ~t.mask) == t.value;

	if (umin_in_tnum && next > s->umax)
		*s = bv_scalar_const(s->umin);
	else if (!umin_in_tnum && next == tmax)
		*s = bv_scalar_const(tmax);
	else if (!umin_in_tnum && next <= s->umax &&
		 bv_tnum_step(t, next) > s->umax)
		*s = bv_scalar_const(next);
}

static void update64_bounds(struct bv_scalar *s)
{
	uint64_t value = s->var_off.value, mask = s->var_off.mask;
	uint64_t sign = 1ull << 63;

	s->smin = bv_max_s64(s->smin, bv_wrap_s64(value | (mask & sign)));
	s->smax = bv_min_s64(s->smax, bv_wrap_s64(value | (mask & ~sign)));
	s->umin = bv_max_u64(s->umin, value);
	s->umax = bv_min_u64(s->umax, value | mask);
	single_value_overlap(s);
}

void bv_scalar_update_bounds(struct bv_scalar *s)
{
	bv_scalar_update32_bounds(s);
	update64_bounds(s);
}

static uint32_t high32(uint64_t x)
{
	return (uint32_t)(x >> 32);
}

static void narrow_s32(struct bv_scalar *s, int32_t min, int32_t max)
{
	s->s32_min = bv_max_s32(s->s32_min, min);
	s->s32_max = bv_min_s32(s->s32_max, max);
}

static void narrow_u32(struct bv_scalar *s, uint32_t min, uint32_t max)
{
	s->u32_min = bv_max_u32(s->u32_min, min);
	s->u32_max = bv_min_u32(s->u32_max, max);
}

/* __reg32_deduce_bounds: the low halves of a 64-bit range whose high
 * halves are equal (or two consecutive values, for a signed low range
 * crossing zero) form a 32-bit range; then 32-bit signed <-> unsigned, as
 * in deduce64_bounds. */
static void deduce32_bounds(struct bv_scalar *s)
{
	uint64_t smin = (uint64_t)s->smin, smax = (uint64_t)s->smax;

	if (high32(s->umin) == high32(s->umax)) {
		narrow_u32(s, (uint32_t)s->umin, (uint32_t)s->umax);
		if (bv_wrap_s32((uint32_t)s->umin) <= bv_wrap_s32((uint32_t)s->umax))
			narrow_s32(s, bv_wrap_s32((uint32_t)s->umin),
				   bv_wrap_s32((uint32_t)s->umax));
	}
	if (high32(smin) == high32(smax)) {
		if ((uint32_t)smin <= (uint32_t)smax)
			narrow_u32(s, (uint32_t)smin, (uint32_t)smax);
		if (bv_wrap_s32((uint32_t)smin) <= bv_wrap_s32((uint32_t)smax))
			narrow_s32(s, bv_wrap_s32((uint32_t)smin),
				   bv_wrap_s32((uint32_t)smax));
	}
	if ((uint32_t)(high32(s->umin) + 1) == high32(s->umax) &&
	    bv_wrap_s32((uint32_t)s->umin) < 0 && bv_wrap_s32((uint32_t)s->umax) >= 0)
		narrow_s32(s, bv_wrap_s32((uint32_t)s->umin),
			   bv_wrap_s32((uint32_t)s->umax));
	if ((uint32_t)(high32(smin) + 1) == high32(smax) &&
	    bv_wrap_s32((uint32_t)smin) < 0 && bv_wrap_s32((uint32_t)smax) >= 0)
		narrow_s32(s, bv_wrap_s32((uint32_t)smin), bv_wrap_s32((uint32_t)smax));
	if (bv_wrap_s32(s->u32_min) <= bv_wrap_s32(s->u32_max))
		narrow_s32(s, bv_wrap_s32(s->u32_min), bv_wrap_s32(s->u32_max));
	if ((uint32_t)s->s32_min <= (uint32_t)s->s32_max) {
		narrow_u32(s, (uint32_t)s->s32_min, (uint32_t)s->s32_max);
	} else if (s->u32_max < (uint32_t)s->s32_min) {
		s->s32_min = bv_wrap_s32(s->u32_min);
		s->u32_max = bv_min_u32(s->u32_max, (uint32_t)s->s32_max);
	} else if ((uint32_t)s->s32_max < s->u32_min) {
		s->s32_max = bv_wrap_s32(s->u32_max);
		s->u32_min = bv_max_u32(s->u32_min, (uint32_t)s->s32_min);
	}
}

/* __reg64_deduce_bounds: a range that stays on one side of the sign
 * boundary means the same signed and unsigned; a signed range crossing it
 * still helps when the unsigned range meets only one of its two ends. */
static void deduce64_bounds(struct bv_scalar *s)
{
	if (bv_wrap_s64(s->umin) <= bv_wrap_s64(s->umax)) {
		s->smin = bv_max_s64(s->smin, bv_wrap_s64(s->umin));
		s->smax = bv_min_s64(s->smax, bv_wrap_s64(s->umax));
	}
	if ((uint64_t)s->smin <= (uint64_t)s->smax) {
		s->umin = bv_max_u64(s->umin, (uint64_t)s->smin);
		s->umax = bv_min_u64(s->umax, (uint64_t)s->smax);
	} else if (s->umax < (uint64_t)s->smin) {
		s->smin = bv_wrap_s64(s->umin);
		s->umax = bv_min_u64(s->umax, (uint64_t)s->smax);
	} else if ((uint64_t)s->smax < s->umin) {
		s->smax = bv_wrap_s64(s->umax);
		s->umin = bv_max_u64(s->umin, (uint64_t)s->smin);
	}
}

/* __reg_deduce_mixed_bounds: the 32-bit unsigned range replaces the low
 * halves of the 64-bit bounds; a non-negative 32-bit range of a value
 * within [S32_MIN, S32_MAX] is the whole value (sign-extension pattern). */
static void deduce_mixed_bounds(struct bv_scalar *s)
{
	uint64_t high = ~(uint64_t)UINT32_MAX;

	s->umin = bv_max_u64(s->umin, (s->umin & high) | s->u32_min);
	s->umax = bv_min_u64(s->umax, (s->umax & high) | s->u32_max);
	s->smin = bv_max_s64(s->smin, bv_wrap_s64(((uint64_t)s->smin & high) | s->u32_min));
	s->smax = bv_min_s64(s->smax, bv_wrap_s64(((uint64_t)s->smax & high) | s->u32_max));

	if (s->s32_min >= 0 && s->smin >= INT32_MIN && s->smax <= INT32_MAX) {
		s->smin = s->umin = (uint64_t)s->s32_min;
		s->smax = s->umax = (uint64_t)s->s32_max;
		s->var_off = bv_tnum_intersect(s->var_off,
					       bv_tnum_range(s->umin, s->umax));
	}
}

static void deduce_bounds(struct bv_scalar *s)
{
	deduce32_bounds(s);
	deduce64_bounds(s);
	deduce_mixed_bounds(s);
}

/* __reg_bound_offset: the tnum learns the bits the ranges fix. */
static void bound_offset(struct bv_scalar *s)
{
	struct bv_tnum t64 = bv_tnum_intersect(s->var_off,
					       bv_tnum_range(s->umin, s->umax));
	struct bv_tnum t32 = bv_tnum_intersect(bv_tnum_subreg(t64),
					       bv_tnum_range(s->u32_min, s->u32_max));

	s->var_off = bv_tnum_or(bv_tnum_clear_subreg(t64), t32);
}

void bv_scalar_sync(struct bv_scalar *s)
{
	bv_scalar_update_bounds(s);
	deduce_bounds(s);
	deduce_bounds(s);
	deduce_bounds(s);
	bound_offset(s);
	bv_scalar_update_bounds(s);
}

const char *bv_scalar_invariant_violation(const struct bv_scalar *s)
{
	uint64_t v = s->var_off.value;

	if (s->umin > s->umax || s->smin > s->smax || s->u32_min > s->u32_max ||
	    s->s32_min > s->s32_max)
		return "range bounds violation";
	if (bv_tnum_is_const(s->var_off) &&
	    (s->umin != v || s->umax != v || s->smin != bv_wrap_s64(v) ||
	     s->smax != bv_wrap_s64(v)))
		return "const tnum out of sync with range bounds";
	if (bv_tnum_subreg_is_const(s->var_off) &&
	    (s->u32_min != (uint32_t)v || s->u32_max != (uint32_t)v ||
	     s->s32_min != bv_wrap_s32((uint32_t)v) ||
	     s->s32_max != bv_wrap_s32((uint32_t)v)))
		return "const subreg tnum out of sync with range bounds";
	return NULL;
}

bool bv_scalar_is_const(const struct bv_scalar *s, bool subreg32)
{
	return bv_tnum_is_const(subreg32 ? bv_tnum_subreg(s->var_off) : s->var_off);
}

uint64_t bv_scalar_const_value(const struct bv_scalar *s, bool subreg32)
{
	return subreg32 ? bv_tnum_subreg(s->var_off).value : s->var_off.value;
}

/* __reg_assign_32_into_64: signed 32-bit bounds carry over only when both
 * are non-negative. */
void bv_scalar_zext32(struct bv_scalar *s)
{
	s->var_off = bv_tnum_subreg(s->var_off);
	s->umin = s->u32_min;
	s->umax = s->u32_max;
	if (s->s32_min >= 0 && s->s32_max >= 0) {
		s->smin = s->s32_min;
		s->smax = s->s32_max;
	} else {
		s->smin = 0;
		s->smax = UINT32_MAX;
	}
}

void bv_scalar_coerce(struct bv_scalar *s, unsigned size)
{
	uint64_t mask = (1ull << (size * 8)) - 1;

	s->var_off = bv_tnum_cast(s->var_off, size);
	if ((s->umin & ~mask) == (s->umax & ~mask)) {
		s->umin &= mask;
		s->umax &= mask;
	} else {
		s->umin = 0;
		s->umax = mask;
	}
	s->smin = bv_wrap_s64(s->umin);
	s->smax = bv_wrap_s64(s->umax);
	if (size < 4)
		bv_scalar_mark32_unbounded(s);
	bv_scalar_sync(s);
}

/* Sign extension of the low size bytes of x. */
static uint64_t sign_extend(uint64_t x, unsigned size)
{
	unsigned bits = size * 8;
	uint64_t sign = 1ull << (bits - 1);
	uint64_t low = x & ((sign << 1) - 1);

	return (low ^ sign) - sign;
}

/* set_sext64_default_val: any value of the source size, sign-extended. */
static void sext64_any(struct bv_scalar *s, unsigned size)
{
	int64_t max = (int64_t)((1ull << (size * 8 - 1)) - 1);

	s->smin = -max - 1;
	s->smax = max;
	s->s32_min = (int32_t)s->smin;
	s->s32_max = (int32_t)s->smax;
	s->umin = 0;
	s->umax = UINT64_MAX;
	s->u32_min = 0;
	s->u32_max = UINT32_MAX;
	s->var_off = bv_tnum_unknown();
}

/* coerce_reg_to_size_sx: when smin and smax agree above the low size
 * bytes and their sign-extended low parts have one sign, the result is the
 * range between those; otherwise any value of the source size. */
void bv_scalar_coerce_sx(struct bv_scalar *s, unsigned size)
{
	unsigned bits = size * 8;
	int64_t a, b, min, max;

	if (bv_tnum_is_const(s->var_off)) {
		*s = bv_scalar_const(sign_extend(s->var_off.value, size));
		return;
	}
	if ((uint64_t)s->smax >> bits != (uint64_t)s->smin >> bits) {
		sext64_any(s, size);
		return;
	}
	a = bv_wrap_s64(sign_extend((uint64_t)s->smax, size));
	b = bv_wrap_s64(sign_extend((uint64_t)s->smin, size));
	max = bv_max_s64(a, b);
	min = bv_min_s64(a, b);
	if ((max >= 0) != (min >= 0)) {
		sext64_any(s, size);
		return;
	}
	s->smin = min;
	s->smax = max;
	s->s32_min = bv_wrap_s32((uint32_t)min);
	s->s32_max = bv_wrap_s32((uint32_t)max);
	s->umin = (uint64_t)min;
	s->umax = (uint64_t)max;
	s->u32_min = (uint32_t)min;
	s->u32_max = (uint32_t)max;
	s->var_off = bv_tnum_range((uint64_t)min, (uint64_t)max);
}

/* set_sext32_default_val. */
static void sext32_any(struct bv_scalar *s, unsigned size)
{
	int32_t max = (int32_t)((1u << (size * 8 - 1)) - 1);

	s->s32_min = -max - 1;
	s->s32_max = max;
	s->u32_min = 0;
	s->u32_max = UINT32_MAX;
	s->var_off = bv_tnum_subreg(bv_tnum_unknown());
}

/* coerce_subreg_to_size_sx: coerce_reg_to_size_sx within the low 32 bits.
 * A constant becomes the 64-bit sign extension of its low size bytes; the
 * caller's zero extension then keeps the low half. */
static void coerce_subreg_sx(struct bv_scalar *s, unsigned size)
{
	unsigned bits = size * 8;
	int32_t a, b, min, max;
	uint32_t v;

	if (bv_tnum_is_const(s->var_off)) {
		s->var_off = bv_tnum_const(sign_extend(s->var_off.value, size));
		v = (uint32_t)s->var_off.value;
		s->s32_min = s->s32_max = bv_wrap_s32(v);
		s->u32_min = s->u32_max = v;
		return;
	}
	if ((uint32_t)s->s32_max >> bits != (uint32_t)s->s32_min >> bits) {
		sext32_any(s, size);
		return;
	}
	a = bv_wrap_s32((uint32_t)sign_extend((uint32_t)s->s32_max, size));
	b = bv_wrap_s32((uint32_t)sign_extend((uint32_t)s->s32_min, size));
	max = bv_max_s32(a, b);
	min = bv_min_s32(a, b);
	if ((max >= 0) != (min >= 0)) {
		sext32_any(s, size);
		return;
	}
	s->s32_min = min;
	s->s32_max = max;
	s->u32_min = (uint32_t)min;
	s->u32_max = (uint32_t)max;
	s->var_off = bv_tnum_subreg(bv_tnum_range((uint64_t)(int64_t)min,
						  (uint64_t)(int64_t)max));
}

void bv_scalar_mov(struct bv_scalar *dst, const struct bv_scalar *src,
		   const struct bv_insn *insn)
{
	bool alu64 = BV_CLASS(insn->code) == BV_ALU64;

	if (BV_SRC(insn->code) == BV_K) {
		*dst = bv_scalar_const(alu64 ? (uint64_t)(int64_t)insn->imm
					     : (uint32_t)insn->imm);
		return;
	}
	*dst = *src;
	if (alu64) {
		if (insn->off)
			bv_scalar_coerce_sx(dst, (unsigned)insn->off / 8);
		return;
	}
	if (insn->off)
		coerce_subreg_sx(dst, (unsigned)insn->off / 8);
	bv_scalar_zext32(dst);
	bv_scalar_sync(dst);
}
