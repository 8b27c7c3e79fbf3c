/* SPDX-License-Identifier: MIT */
/* Building blocks shared by the scalar transfer functions (scalar.c,
 * scalar_alu.c, scalar_branch.c); not part of the domain's interface. */
#ifndef BV_DOMAIN_SCALAR_IMPL_H
#define BV_DOMAIN_SCALAR_IMPL_H

#include "domain/scalar.h"

/* Two's complement wrapping, as the kernel (built with
 * -fno-strict-overflow) computes signed arithmetic. */
static inline int64_t bv_wrap_s64(uint64_t x)
{
	return (int64_t)x;
}

static inline int32_t bv_wrap_s32(uint32_t x)
{
	return (int32_t)x;
}

static inline int64_t bv_max_s64(int64_t a, int64_t b) { return a > b ? a : b; }
static inline int64_t bv_min_s64(int64_t a, int64_t b) { return a < b ? a : b; }
static inline uint64_t bv_max_u64(uint64_t a, uint64_t b) { return a > b ? a : b; }
static inline uint64_t bv_min_u64(uint64_t a, uint64_t b) { return a < b ? a : b; }
static inline int32_t bv_max_s32(int32_t a, int32_t b) { return a > b ? a : b; }
static inline int32_t bv_min_s32(int32_t a, int32_t b) { return a < b ? a : b; }
static inline uint32_t bv_max_u32(uint32_t a, uint32_t b) { return a > b ? a : b; }
static inline uint32_t bv_min_u32(uint32_t a, uint32_t b) { return a < b ? a : b; }

/* __mark_reg32_known: the low 32 bits become the constant v. */
void bv_scalar_mark32_known(struct bv_scalar *s, uint32_t v);
/* __mark_reg64_unbounded / __mark_reg32_unbounded. */
void bv_scalar_mark64_unbounded(struct bv_scalar *s);
void bv_scalar_mark32_unbounded(struct bv_scalar *s);
/* __update_reg32_bounds: the 32-bit ranges tightened by the tnum. */
void bv_scalar_update32_bounds(struct bv_scalar *s);

#endif
