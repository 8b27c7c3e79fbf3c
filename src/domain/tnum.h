/* SPDX-License-Identifier: MIT */
/* Tracked numbers ("tnums"): what is known about the bits of a 64-bit value.
 * A bit whose mask bit is set is unknown; otherwise it equals the value bit.
 * Every function reproduces the Linux 6.18 kernel's kernel/bpf/tnum.c (and
 * tnum_strn from kernel/bpf/log.c) bit for bit, so that the verifier model
 * derives exactly the kernel's knowledge. Invariant: value & mask == 0. */
#ifndef BV_DOMAIN_TNUM_H
#define BV_DOMAIN_TNUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bv_tnum {
	uint64_t value;
	uint64_t mask;
};

/* tnum_const: the known constant v. */
struct bv_tnum bv_tnum_const(uint64_t v);
/* tnum_unknown: nothing known. */
struct bv_tnum bv_tnum_unknown(void);
/* tnum_range: a superset of [min, max]: the bits above the highest bit in
 * which min and max differ are known. */
struct bv_tnum bv_tnum_range(uint64_t min, uint64_t max);

/* tnum_lshift / tnum_rshift: shifts by a known amount (< 64). */
struct bv_tnum bv_tnum_lshift(struct bv_tnum a, uint8_t shift);
struct bv_tnum bv_tnum_rshift(struct bv_tnum a, uint8_t shift);
/* tnum_arshift: arithmetic shift right within a 32- or 64-bit word; for 32
 * the result is zero-extended. */
struct bv_tnum bv_tnum_arshift(struct bv_tnum a, uint8_t shift,
			       unsigned bitness);

/* tnum_add, tnum_sub, tnum_neg, tnum_and, tnum_or, tnum_xor, tnum_mul. */
struct bv_tnum bv_tnum_add(struct bv_tnum a, struct bv_tnum b);
struct bv_tnum bv_tnum_sub(struct bv_tnum a, struct bv_tnum b);
struct bv_tnum bv_tnum_neg(struct bv_tnum a);
struct bv_tnum bv_tnum_and(struct bv_tnum a, struct bv_tnum b);
struct bv_tnum bv_tnum_or(struct bv_tnum a, struct bv_tnum b);
struct bv_tnum bv_tnum_xor(struct bv_tnum a, struct bv_tnum b);
struct bv_tnum bv_tnum_mul(struct bv_tnum a, struct bv_tnum b);

/* tnum_intersect: values allowed by both a and b (a known 1 wins over a
 * known 0 where they disagree). */
struct bv_tnum bv_tnum_intersect(struct bv_tnum a, struct bv_tnum b);
/* tnum_union: a tnum containing every value of a and of b. */
struct bv_tnum bv_tnum_union(struct bv_tnum a, struct bv_tnum b);
/* tnum_overlap: whether a and b may hold a common value. */
bool bv_tnum_overlap(struct bv_tnum a, struct bv_tnum b);

/* tnum_step: the smallest value of t above z, for t.value <= z < the
 * largest value of t; t.value below that range, the largest value of t
 * at or above it. */
uint64_t bv_tnum_step(struct bv_tnum t, uint64_t z);

/* tnum_cast: keeps the low size bytes (size 8 keeps everything). */
struct bv_tnum bv_tnum_cast(struct bv_tnum a, unsigned size);
/* tnum_bswap16/32/64: byte swap of the low 2, 4 or 8 bytes. */
struct bv_tnum bv_tnum_bswap16(struct bv_tnum a);
struct bv_tnum bv_tnum_bswap32(struct bv_tnum a);
struct bv_tnum bv_tnum_bswap64(struct bv_tnum a);

/* tnum_is_aligned: a is a multiple of size (a power of two, 0 = any). */
bool bv_tnum_is_aligned(struct bv_tnum a, uint64_t size);
/* tnum_in: every value of b is a value of a. */
bool bv_tnum_in(struct bv_tnum a, struct bv_tnum b);

/* tnum_subreg: the low 32 bits; tnum_clear_subreg: the high 32 bits;
 * tnum_with_subreg: reg's high half with subreg's low half;
 * tnum_const_subreg: reg's high half with the low half known to be v. */
struct bv_tnum bv_tnum_subreg(struct bv_tnum a);
struct bv_tnum bv_tnum_clear_subreg(struct bv_tnum a);
struct bv_tnum bv_tnum_with_subreg(struct bv_tnum reg, struct bv_tnum subreg);
struct bv_tnum bv_tnum_const_subreg(struct bv_tnum a, uint32_t v);

/* tnum_is_const, tnum_subreg_is_const, tnum_equals_const,
 * tnum_is_unknown. */
bool bv_tnum_is_const(struct bv_tnum a);
bool bv_tnum_subreg_is_const(struct bv_tnum a);
bool bv_tnum_equals_const(struct bv_tnum a, uint64_t v);
bool bv_tnum_is_unknown(struct bv_tnum a);

/* tnum_sbin: the 64 bits as '0', '1' or 'x', most significant first,
 * truncated to size - 1 characters; returns 64 like the kernel. */
size_t bv_tnum_sbin(char *str, size_t size, struct bv_tnum a);
/* tnum_strn (kernel/bpf/log.c): a constant prints as decimal up to 65535
 * and as hex above, anything else as "(0x<value>; 0x<mask>)". snprintf
 * semantics: returns the length the full text needs. */
size_t bv_tnum_strn(char *str, size_t size, struct bv_tnum a);

#endif
