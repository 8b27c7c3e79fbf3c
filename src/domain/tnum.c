/* SPDX-License-Identifier: MIT */
/* Tracked numbers, modelled on Linux 6.18 kernel/bpf/tnum.c. */
#include "domain/tnum.h"

#include <stdio.h>

static struct bv_tnum tnum(uint64_t value, uint64_t mask)
{
	return (struct bv_tnum){ .value = value, .mask = mask };
}

/* Index (1-based) of the most significant set bit, 0 for x == 0: fls64. */
static unsigned highest_bit(uint64_t x)
{
	return x ? 64 - (unsigned)__builtin_clzll(x) : 0;
}

struct bv_tnum bv_tnum_const(uint64_t v)
{
	return tnum(v, 0);
}

struct bv_tnum bv_tnum_unknown(void)
{
	return tnum(0, UINT64_MAX);
}

struct bv_tnum bv_tnum_range(uint64_t min, uint64_t max)
{
	unsigned bits = highest_bit(min ^ max);
	uint64_t low;

	if (bits > 63)
		return bv_tnum_unknown();
	low = (1ull << bits) - 1;
	return tnum(min & ~low, low);
}

struct bv_tnum bv_tnum_lshift(struct bv_tnum a, uint8_t shift)
{
	return tnum(a.value << shift, a.mask << shift);
}

struct bv_tnum bv_tnum_rshift(struct bv_tnum a, uint8_t shift)
{
	return tnum(a.value >> shift, a.mask >> shift);
}

/* Arithmetic shift without relying on implementation-defined >> of a
 * negative signed value. */
static uint64_t arshift64(uint64_t x, unsigned shift)
{
	return x >> 63 ? ~(~x >> shift) : x >> shift;
}

static uint32_t arshift32(uint32_t x, unsigned shift)
{
	return x >> 31 ? ~(~x >> shift) : x >> shift;
}

struct bv_tnum bv_tnum_arshift(struct bv_tnum a, uint8_t shift,
			       unsigned bitness)
{
	if (bitness == 32)
		return tnum(arshift32((uint32_t)a.value, shift),
			    arshift32((uint32_t)a.mask, shift));
	return tnum(arshift64(a.value, shift), arshift64(a.mask, shift));
}

/* An unknown bit may carry into every bit above it: the bits that differ
 * between the smallest and the largest possible sum are unknown. */
struct bv_tnum bv_tnum_add(struct bv_tnum a, struct bv_tnum b)
{
	uint64_t sum_known = a.value + b.value;
	uint64_t sum_max = sum_known + a.mask + b.mask;
	uint64_t unknown = (sum_max ^ sum_known) | a.mask | b.mask;

	return tnum(sum_known & ~unknown, unknown);
}

struct bv_tnum bv_tnum_sub(struct bv_tnum a, struct bv_tnum b)
{
	uint64_t diff_known = a.value - b.value;
	uint64_t diff_max = diff_known + a.mask;
	uint64_t diff_min = diff_known - b.mask;
	uint64_t unknown = (diff_max ^ diff_min) | a.mask | b.mask;

	return tnum(diff_known & ~unknown, unknown);
}

struct bv_tnum bv_tnum_neg(struct bv_tnum a)
{
	return bv_tnum_sub(bv_tnum_const(0), a);
}

struct bv_tnum bv_tnum_and(struct bv_tnum a, struct bv_tnum b)
{
	uint64_t ones = a.value & b.value;
	uint64_t maybe_ones = (a.value | a.mask) & (b.value | b.mask);

	return tnum(ones, maybe_ones & ~ones);
}

struct bv_tnum bv_tnum_or(struct bv_tnum a, struct bv_tnum b)
{
	uint64_t ones = a.value | b.value;

	return tnum(ones, (a.mask | b.mask) & ~ones);
}

struct bv_tnum bv_tnum_xor(struct bv_tnum a, struct bv_tnum b)
{
	uint64_t unknown = a.mask | b.mask;

	return tnum((a.value ^ b.value) & ~unknown, unknown);
}

/* Long multiplication over the bits of a, lowest first: a known 1 adds the
 * shifted b, an unknown bit joins "added" and "not added". */
struct bv_tnum bv_tnum_mul(struct bv_tnum a, struct bv_tnum b)
{
	struct bv_tnum acc = bv_tnum_const(0);

	while (a.value | a.mask) {
		if (a.value & 1)
			acc = bv_tnum_add(acc, b);
		else if (a.mask & 1)
			acc = bv_tnum_union(acc, bv_tnum_add(acc, b));
		a = bv_tnum_rshift(a, 1);
		b = bv_tnum_lshift(b, 1);
	}
	return acc;
}

struct bv_tnum bv_tnum_intersect(struct bv_tnum a, struct bv_tnum b)
{
	uint64_t unknown = a.mask & b.mask;

	return tnum((a.value | b.value) & ~unknown, unknown);
}

struct bv_tnum bv_tnum_union(struct bv_tnum a, struct bv_tnum b)
{
	uint64_t unknown = (a.value ^ b.value) | a.mask | b.mask;

	return tnum(a.value & b.value & ~unknown, unknown);
}

bool bv_tnum_overlap(struct bv_tnum a, struct bv_tnum b)
{
	uint64_t known_in_both = ~a.mask & ~b.mask;

	return (a.value & known_in_both) == (b.value & known_in_both);
}

/* With z = t.value + d, the members of t above z are t.value + s for the
 * submasks s of t.mask above d: "increment" d within the mask, after
 * filling the non-mask positions (and those below d's highest non-mask
 * bit) with ones so that the carry runs through them. */
uint64_t bv_tnum_step(struct bv_tnum t, uint64_t z)
{
	uint64_t tmax = t.value | t.mask;
	uint64_t d, below, filled;

	if (z >= tmax)
		return tmax;
	if (z < t.value)
		return t.value;
	d = z - t.value;
	below = (1ull << highest_bit(d & ~t.mask)) - 1;
	filled = d | below | ~t.mask;
	return t.value | ((filled + 1) & t.mask);
}

struct bv_tnum bv_tnum_cast(struct bv_tnum a, unsigned size)
{
	uint64_t keep = size >= 8 ? UINT64_MAX : (1ull << (size * 8)) - 1;

	return tnum(a.value & keep, a.mask & keep);
}

struct bv_tnum bv_tnum_bswap16(struct bv_tnum a)
{
	return tnum(__builtin_bswap16((uint16_t)a.value),
		    __builtin_bswap16((uint16_t)a.mask));
}

struct bv_tnum bv_tnum_bswap32(struct bv_tnum a)
{
	return tnum(__builtin_bswap32((uint32_t)a.value),
		    __builtin_bswap32((uint32_t)a.mask));
}

struct bv_tnum bv_tnum_bswap64(struct bv_tnum a)
{
	return tnum(__builtin_bswap64(a.value), __builtin_bswap64(a.mask));
}

bool bv_tnum_is_aligned(struct bv_tnum a, uint64_t size)
{
	return !size || !((a.value | a.mask) & (size - 1));
}

bool bv_tnum_in(struct bv_tnum a, struct bv_tnum b)
{
	if (b.mask & ~a.mask)
		return false;
	return a.value == (b.value & ~a.mask);
}

struct bv_tnum bv_tnum_subreg(struct bv_tnum a)
{
	return bv_tnum_cast(a, 4);
}

struct bv_tnum bv_tnum_clear_subreg(struct bv_tnum a)
{
	return bv_tnum_lshift(bv_tnum_rshift(a, 32), 32);
}

struct bv_tnum bv_tnum_with_subreg(struct bv_tnum reg, struct bv_tnum subreg)
{
	return bv_tnum_or(bv_tnum_clear_subreg(reg), bv_tnum_subreg(subreg));
}

struct bv_tnum bv_tnum_const_subreg(struct bv_tnum a, uint32_t v)
{
	return bv_tnum_with_subreg(a, bv_tnum_const(v));
}

bool bv_tnum_is_const(struct bv_tnum a)
{
	return !a.mask;
}

bool bv_tnum_subreg_is_const(struct bv_tnum a)
{
	return !bv_tnum_subreg(a).mask;
}

bool bv_tnum_equals_const(struct bv_tnum a, uint64_t v)
{
	return bv_tnum_is_const(a) && a.value == v;
}

bool bv_tnum_is_unknown(struct bv_tnum a)
{
	return a.mask == UINT64_MAX;
}

size_t bv_tnum_sbin(char *str, size_t size, struct bv_tnum a)
{
	size_t n;

	for (n = 64; n; n--) {
		if (n < size)
			str[n - 1] = (a.mask & 1) ? 'x' : (a.value & 1) ? '1' : '0';
		a.mask >>= 1;
		a.value >>= 1;
	}
	if (size)
		str[size - 1 < 64 ? size - 1 : 64] = '\0';
	return 64;
}

/* The kernel's "%#llx" prints zero as "0x0", unlike C's printf. */
size_t bv_tnum_strn(char *str, size_t size, struct bv_tnum a)
{
	int n;

	if (bv_tnum_is_const(a) && a.value <= UINT16_MAX)
		n = snprintf(str, size, "%llu", (unsigned long long)a.value);
	else if (bv_tnum_is_const(a))
		n = snprintf(str, size, "0x%llx", (unsigned long long)a.value);
	else
		n = snprintf(str, size, "(0x%llx; 0x%llx)",
			     (unsigned long long)a.value,
			     (unsigned long long)a.mask);
	return n < 0 ? 0 : (size_t)n;
}
