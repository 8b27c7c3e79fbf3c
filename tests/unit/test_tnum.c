/* SPDX-License-Identifier: MIT */
/* Tests of src/domain/tnum.c. Known answers marked "kernel" are var_off
 * values the Linux 6.18 verifier printed after the instruction named;
 * the rest are the tnum laws: every result contains every concrete result
 * of its members, and constants give exact results. */
#include "check.h"
#include "domain/tnum.h"

static struct bv_tnum tn(uint64_t value, uint64_t mask)
{
	return (struct bv_tnum){ .value = value, .mask = mask };
}

static bool same(struct bv_tnum a, struct bv_tnum b)
{
	if (a.value != b.value || a.mask != b.mask)
		fprintf(stderr, "  got (%#llx; %#llx), want (%#llx; %#llx)\n",
			(unsigned long long)a.value, (unsigned long long)a.mask,
			(unsigned long long)b.value, (unsigned long long)b.mask);
	return a.value == b.value && a.mask == b.mask;
}

static void test_construction(void)
{
	CHECK(same(bv_tnum_const(42), tn(42, 0)));
	CHECK(same(bv_tnum_unknown(), tn(0, UINT64_MAX)));
	/* kernel: "if r6 > 0xa" leaves var_off=(0x0; 0xf) on the fall-through */
	CHECK(same(bv_tnum_range(0, 10), tn(0, 0xf)));
	/* kernel: r7 in [2, 3] printed var_off=(0x2; 0x1) */
	CHECK(same(bv_tnum_range(2, 3), tn(2, 1)));
	CHECK(same(bv_tnum_range(7, 7), tn(7, 0)));
	CHECK(same(bv_tnum_range(0, UINT64_MAX), bv_tnum_unknown()));
	CHECK(same(bv_tnum_range(1ull << 63, UINT64_MAX),
		   tn(1ull << 63, (1ull << 63) - 1)));
}

static void test_arithmetic(void)
{
	/* kernel: "r6 &= 255; r6 += 1" printed var_off=(0x0; 0x1ff) */
	CHECK(same(bv_tnum_add(tn(0, 0xff), bv_tnum_const(1)), tn(0, 0x1ff)));
	/* kernel: "r6 *= 3; r6 += -10" printed no var_off: nothing known */
	CHECK(bv_tnum_is_unknown(bv_tnum_add(tn(0, 0x3ff), bv_tnum_const(-10ull))));
	CHECK(same(bv_tnum_add(bv_tnum_const(3), bv_tnum_const(4)), bv_tnum_const(7)));
	CHECK(same(bv_tnum_sub(bv_tnum_const(3), bv_tnum_const(4)), bv_tnum_const(-1ull)));
	CHECK(same(bv_tnum_sub(tn(0x10, 0x3), bv_tnum_const(0x10)), tn(0, 0x3)));
	/* kernel: "r6 &= 255; r6 = -r6" printed no var_off */
	CHECK(bv_tnum_is_unknown(bv_tnum_neg(tn(0, 0xff))));
	CHECK(same(bv_tnum_neg(bv_tnum_const(5)), bv_tnum_const(-5ull)));
	/* kernel: "r6 &= 3; r6 |= 1; r6 *= 3" printed var_off=(0x1; 0xa): the
	 * union-based tnum_mul of 6.18 (11 * x1 = x0x1) */
	CHECK(same(bv_tnum_mul(tn(1, 2), bv_tnum_const(3)), tn(1, 0xa)));
	/* kernel: "r8 = 3; r8 *= r6" with r6 = (0x1; 0x2) printed (0x1; 0xe) */
	CHECK(same(bv_tnum_mul(bv_tnum_const(3), tn(1, 2)), tn(1, 0xe)));
	/* kernel: "r6 &= 255; r6 *= 3" printed var_off=(0x0; 0x3ff) */
	CHECK(same(bv_tnum_mul(tn(0, 0xff), bv_tnum_const(3)), tn(0, 0x3ff)));
	CHECK(same(bv_tnum_mul(bv_tnum_const(6), bv_tnum_const(7)), bv_tnum_const(42)));
	CHECK(same(bv_tnum_mul(bv_tnum_const(0), bv_tnum_unknown()), bv_tnum_const(0)));
}

static void test_bitwise(void)
{
	CHECK(same(bv_tnum_and(bv_tnum_unknown(), bv_tnum_const(0xff)), tn(0, 0xff)));
	/* kernel: "r6 &= 60; r6 |= 257; r6 ^= 15" printed (0x101; 0x3c) and
	 * then (0x102; 0x3c) */
	CHECK(same(bv_tnum_or(tn(0, 0x3c), bv_tnum_const(0x101)), tn(0x101, 0x3c)));
	CHECK(same(bv_tnum_xor(tn(0x101, 0x3c), bv_tnum_const(0xf)), tn(0x102, 0x3c)));
	CHECK(same(bv_tnum_and(tn(0x101, 0x3c), tn(0x1, 0xf0)), tn(0x1, 0x30)));
	CHECK(same(bv_tnum_or(tn(0x1, 0x6), tn(0x4, 0x3)), tn(0x5, 0x2)));
}

static void test_shifts(void)
{
	/* kernel: "r6 &= 255; r6 <<= 4; r6 >>= 2; r6 s>>= 1" printed
	 * (0x0; 0xff0), (0x0; 0x3fc), (0x0; 0x1fe) */
	CHECK(same(bv_tnum_lshift(tn(0, 0xff), 4), tn(0, 0xff0)));
	CHECK(same(bv_tnum_rshift(tn(0, 0xff0), 2), tn(0, 0x3fc)));
	CHECK(same(bv_tnum_arshift(tn(0, 0x3fc), 1, 64), tn(0, 0x1fe)));
	/* kernel: "w6 <<= 24; w6 s>>= 28" printed (0x0; 0xffffffff) */
	CHECK(same(bv_tnum_arshift(tn(0, 0xfe000000), 28, 32), tn(0, 0xffffffff)));
	CHECK(same(bv_tnum_arshift(bv_tnum_const(1ull << 63), 63, 64), bv_tnum_const(-1ull)));
	/* 32-bit: the sign is bit 31, the result zero-extended */
	CHECK(same(bv_tnum_arshift(bv_tnum_const(0x80000000), 4, 32), bv_tnum_const(0xf8000000)));
	CHECK(same(bv_tnum_arshift(bv_tnum_const(0x180000000ull), 4, 32),
		   bv_tnum_const(0xf8000000)));
	CHECK(same(bv_tnum_arshift(bv_tnum_const(0x70000000), 4, 32), bv_tnum_const(0x07000000)));
}

static void test_byte_swaps(void)
{
	/* kernel: "r6 &= 1023; r6 = be16 r6" printed (0x0; 0xff03) */
	CHECK(same(bv_tnum_bswap16(tn(0, 0x3ff)), tn(0, 0xff03)));
	/* kernel: "r6 &= 65280; r6 = bswap16 r6" printed (0x0; 0xff) */
	CHECK(same(bv_tnum_bswap16(tn(0, 0xff00)), tn(0, 0xff)));
	/* kernel: "r8 &= 496; r8 = be32 r8; r8 = bswap64 r8" printed
	 * (0x0; 0xf0010000) and (0x0; 0x1f000000000) */
	CHECK(same(bv_tnum_bswap32(tn(0, 0x1f0)), tn(0, 0xf0010000)));
	CHECK(same(bv_tnum_bswap64(tn(0, 0xf0010000)), tn(0, 0x1f000000000ull)));
	CHECK(same(bv_tnum_bswap32(tn(0x1122334455667788ull, 0)), tn(0x88776655, 0)));
}

static void test_sets(void)
{
	CHECK(same(bv_tnum_intersect(tn(0, 0xf0), bv_tnum_const(0x20)), bv_tnum_const(0x20)));
	CHECK(same(bv_tnum_intersect(tn(0, 0x10000), tn(0, 0xffff)), bv_tnum_const(0)));
	CHECK(same(bv_tnum_union(bv_tnum_const(3), bv_tnum_const(9)), tn(1, 0xa)));
	CHECK(same(bv_tnum_union(tn(0, 0xf), bv_tnum_const(0x10)), tn(0, 0x1f)));
	/* kernel: with r6 = (0x0; 0xf0), "if r6 == 0x11" is never taken and
	 * "if r6 == 0x20" may be */
	CHECK(!bv_tnum_overlap(tn(0, 0xf0), bv_tnum_const(0x11)));
	CHECK(bv_tnum_overlap(tn(0, 0xf0), bv_tnum_const(0x20)));
	CHECK(bv_tnum_overlap(tn(0, 0x10000), tn(0, 0xffff)));
	CHECK(bv_tnum_in(tn(0, 0xff), bv_tnum_const(0x42)));
	CHECK(!bv_tnum_in(tn(0, 0xff), bv_tnum_const(0x142)));
	CHECK(bv_tnum_in(tn(0, 0xff), tn(0x10, 0xf)));
	CHECK(!bv_tnum_in(tn(0x10, 0xf), tn(0, 0xff)));
	CHECK(bv_tnum_is_aligned(tn(0x10, 0xf0), 16));
	CHECK(!bv_tnum_is_aligned(tn(0x10, 0xf8), 16));
	CHECK(bv_tnum_is_aligned(tn(1, 0), 0));
}

static void test_step(void)
{
	/* kernel: (0xe00; 0x100) with umin 3585 became the constant 3840 */
	CHECK(bv_tnum_step(tn(0xe00, 0x100), 3585) == 0xf00);
	/* kernel: (0x0; 0x10000) with umin 1 became 0x10000 */
	CHECK(bv_tnum_step(tn(0, 0x10000), 1) == 0x10000);
	CHECK(bv_tnum_step(tn(0, 0x10000), 0) == 0x10000);
	CHECK(bv_tnum_step(tn(0x8, 0x5), 0x9) == 0xc);
	CHECK(bv_tnum_step(tn(0x8, 0x5), 0x100) == 0xd);
	CHECK(bv_tnum_step(tn(0x8, 0x5), 0x3) == 0x8);
	CHECK(bv_tnum_step(bv_tnum_const(5), 5) == 5);
}

static void test_subregisters(void)
{
	struct bv_tnum t = tn(0x1200000034ull, 0xe1000000c0ull);

	CHECK(same(bv_tnum_cast(t, 1), tn(0x34, 0xc0)));
	CHECK(same(bv_tnum_cast(t, 8), t));
	CHECK(same(bv_tnum_subreg(t), tn(0x34, 0xc0)));
	CHECK(same(bv_tnum_clear_subreg(t), tn(0x1200000000ull, 0xe100000000ull)));
	CHECK(same(bv_tnum_with_subreg(t, tn(0x5, 0x100000000ull)),
		   tn(0x1200000005ull, 0xe100000000ull)));
	CHECK(same(bv_tnum_const_subreg(t, 0x80000000),
		   tn(0x1280000000ull, 0xe100000000ull)));
	CHECK(!bv_tnum_is_const(t));
	CHECK(!bv_tnum_subreg_is_const(t));
	CHECK(bv_tnum_subreg_is_const(tn(0x34, 0xff00000000ull)));
	CHECK(bv_tnum_equals_const(bv_tnum_const(9), 9));
	CHECK(!bv_tnum_equals_const(tn(8, 1), 8));
	CHECK(bv_tnum_is_unknown(bv_tnum_unknown()));
	CHECK(!bv_tnum_is_unknown(tn(0, UINT64_MAX >> 1)));
}

static void test_text(void)
{
	char buf[80];

	CHECK(bv_tnum_strn(buf, sizeof(buf), tn(0, 0xff)) == 11);
	CHECK_STR(buf, "(0x0; 0xff)");
	bv_tnum_strn(buf, sizeof(buf), tn(0xe00, 0x100));
	CHECK_STR(buf, "(0xe00; 0x100)");
	bv_tnum_strn(buf, sizeof(buf), bv_tnum_const(65535));
	CHECK_STR(buf, "65535");
	bv_tnum_strn(buf, sizeof(buf), bv_tnum_const(65536));
	CHECK_STR(buf, "0x10000");
	bv_tnum_strn(buf, 6, tn(0, 0xff));
	CHECK_STR(buf, "(0x0;");
	CHECK(bv_tnum_sbin(buf, sizeof(buf), tn(0x5, 0x2)) == 64);
	CHECK(strlen(buf) == 64);
	CHECK(!strncmp(buf + 59, "001x1", 5));
	CHECK(buf[0] == '0');
	bv_tnum_sbin(buf, 4, tn(0, 1ull << 63));
	CHECK_STR(buf, "x00");
}

/* A deterministic generator of test tnums with varied densities. */
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static struct bv_tnum random_tnum(void)
{
	uint64_t mask = next();

	switch (next() % 4) {
	case 0:
		mask &= next();
		break;
	case 1:
		mask &= next() & next();
		break;
	case 2:
		mask >>= next() % 64;
		break;
	default:
		break;
	}
	return tn(next() & ~mask, mask);
}

static uint64_t member(struct bv_tnum t)
{
	return t.value | (next() & t.mask);
}

enum binop { ADD, SUB, MUL, AND, OR, XOR, NBINOPS };

static struct bv_tnum abstract(enum binop op, struct bv_tnum a, struct bv_tnum b)
{
	switch (op) {
	case ADD: return bv_tnum_add(a, b);
	case SUB: return bv_tnum_sub(a, b);
	case MUL: return bv_tnum_mul(a, b);
	case AND: return bv_tnum_and(a, b);
	case OR: return bv_tnum_or(a, b);
	default: return bv_tnum_xor(a, b);
	}
}

static uint64_t concrete(enum binop op, uint64_t a, uint64_t b)
{
	switch (op) {
	case ADD: return a + b;
	case SUB: return a - b;
	case MUL: return a * b;
	case AND: return a & b;
	case OR: return a | b;
	default: return a ^ b;
	}
}

static uint64_t arshift(uint64_t x, unsigned s, unsigned bits)
{
	if (bits == 32)
		return (uint32_t)(x >> 31 & 1 ? ~(~(uint32_t)x >> s)
					      : (uint32_t)x >> s);
	return x >> 63 ? ~(~x >> s) : x >> s;
}

static void test_soundness(void)
{
	unsigned bad[NBINOPS] = { 0 }, bad_exact = 0, bad_shift = 0, bad_sets = 0;
	unsigned bad_step = 0, i, k;

	for (i = 0; i < 20000; i++) {
		struct bv_tnum a = random_tnum(), b = random_tnum();
		uint64_t x = member(a), y = member(b), z;
		unsigned s = next() % 64, s32 = next() % 32;

		for (k = 0; k < NBINOPS; k++) {
			z = concrete(k, x, y);
			bad[k] += !bv_tnum_in(abstract(k, a, b), bv_tnum_const(z));
			bad_exact += !bv_tnum_equals_const(
				abstract(k, bv_tnum_const(x), bv_tnum_const(y)), z);
		}
		bad_shift += !bv_tnum_in(bv_tnum_lshift(a, s), bv_tnum_const(x << s));
		bad_shift += !bv_tnum_in(bv_tnum_rshift(a, s), bv_tnum_const(x >> s));
		bad_shift += !bv_tnum_in(bv_tnum_arshift(a, s, 64),
					 bv_tnum_const(arshift(x, s, 64)));
		bad_shift += !bv_tnum_in(bv_tnum_arshift(a, s32, 32),
					 bv_tnum_const(arshift(x, s32, 32)));
		bad_shift += !bv_tnum_in(bv_tnum_neg(a), bv_tnum_const(-x));
		bad_sets += !bv_tnum_in(bv_tnum_union(a, b), bv_tnum_const(x));
		bad_sets += !bv_tnum_in(bv_tnum_union(a, b), bv_tnum_const(y));
		bad_sets += !bv_tnum_overlap(a, bv_tnum_const(x));
		bad_sets += !bv_tnum_in(bv_tnum_range(x < y ? x : y, x < y ? y : x),
					bv_tnum_const(x));
		if (bv_tnum_in(b, bv_tnum_const(x)))
			bad_sets += !bv_tnum_in(bv_tnum_intersect(a, b), bv_tnum_const(x));
		/* tnum_step: the next member by brute force on a small tnum */
		a = tn(a.value & 0xff, a.mask & 0xff);
		z = next() & 0xff;
		if (z >= a.value && z < (a.value | a.mask)) {
			uint64_t want = z + 1;

			while (!bv_tnum_in(a, bv_tnum_const(want)))
				want++;
			bad_step += bv_tnum_step(a, z) != want;
		}
	}
	for (k = 0; k < NBINOPS; k++)
		CHECK(bad[k] == 0);
	CHECK(bad_exact == 0);
	CHECK(bad_shift == 0);
	CHECK(bad_sets == 0);
	CHECK(bad_step == 0);
}

int main(void)
{
	test_construction();
	test_arithmetic();
	test_bitwise();
	test_shifts();
	test_byte_swaps();
	test_sets();
	test_step();
	test_subregisters();
	test_text();
	test_soundness();
	return check_summary("tnum");
}
