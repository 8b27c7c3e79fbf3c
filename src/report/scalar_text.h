/* SPDX-License-Identifier: MIT */
/* The Linux 6.18 verifier log's text for a scalar register's value
 * (kernel/bpf/log.c: print_reg_state, print_scalar_ranges, verbose_snum,
 * verbose_unum). All functions have snprintf semantics: they write at most
 * len bytes including the terminating NUL and return the length the whole
 * text needs. */
#ifndef BV_REPORT_SCALAR_TEXT_H
#define BV_REPORT_SCALAR_TEXT_H

#include "domain/scalar.h"

/* verbose_snum: decimal within [-32768, 32767], else the 64-bit pattern in
 * hex ("0xfffffffffffe7960"). */
size_t bv_snum_text(int64_t v, char *buf, size_t len);
/* verbose_unum: decimal up to 65535, else hex. */
size_t bv_unum_text(uint64_t v, char *buf, size_t len);

/* The comma-separated ranges and tnum of a non-constant scalar, as printed
 * inside "scalar(...)": e.g. "smin=smin32=0,smax=umax=smax32=umax32=255,
 * var_off=(0x0; 0xff)". Bounds equal to their type's limit are left out;
 * equal bounds of one kind (minima or maxima) share a value unless their
 * signs differ. Empty for a completely unknown scalar. after_field puts a
 * "," before the first item, for a caller that printed "id=2" first. */
size_t bv_scalar_ranges_text(const struct bv_scalar *s, bool after_field,
			     char *buf, size_t len);
/* A scalar register's value without id or precision marks: a constant as
 * bv_snum_text ("-8", "0xfffffff8"), anything else as
 * "scalar(<ranges>)". */
size_t bv_scalar_text(const struct bv_scalar *s, char *buf, size_t len);

/* The line the kernel logs when a register breaks an invariant
 * (reg_bounds_sanity_check through verifier_bug), e.g. "verifier bug: REG
 * INVARIANTS VIOLATION (alu): range bounds violation u64=[0x0, 0x1] ...
 * var_off=(0x0, 0x1)", without the newline. ctx names the check ("alu",
 * "true_reg1", ...), why is bv_scalar_invariant_violation's reason. */
size_t bv_scalar_invariant_text(const struct bv_scalar *s, const char *ctx,
				const char *why, char *buf, size_t len);

#endif
