/* SPDX-License-Identifier: MIT */
/* The value of a scalar register as the Linux 6.18 verifier tracks it: a
 * tnum plus signed and unsigned, 64- and 32-bit ranges, and the transfer
 * functions of kernel/bpf/verifier.c that update them. All functions are
 * pure: they touch only the structures they are given.
 *
 * The model is of 6.18 as shipped by the 6.18.y stable series (checked
 * against 6.18.44), whose backported fixes change results: single-value
 * tnum/range overlaps become constants (tnum_step), 32-bit ranges use the
 * sign-boundary deduction, equality tests use tnum_overlap, and AND/OR on
 * a [-1, 0] value forks (maybe_fork_scalars).
 *
 * Where a kernel function takes two registers that may be one and the same
 * register (e.g. "if r1 > r1"), the functions here accept aliased pointers
 * and update the fields in the kernel's order, so aliasing has the kernel's
 * effect. */
#ifndef BV_DOMAIN_SCALAR_H
#define BV_DOMAIN_SCALAR_H

#include "bpfverify.h"
#include "domain/tnum.h"

struct bv_scalar {
	struct bv_tnum var_off;
	int64_t smin, smax;
	uint64_t umin, umax;
	int32_t s32_min, s32_max;
	uint32_t u32_min, u32_max;
};

/* --- construction (kernel: __mark_reg_unknown, __mark_reg_known) --- */

/* A completely unknown scalar (the value part of mark_reg_unknown). */
struct bv_scalar bv_scalar_unknown(void);
/* The known constant v, in all eight bounds and the tnum. */
struct bv_scalar bv_scalar_const(uint64_t v);
/* __mark_reg_unbounded: every range reset to its full domain; the tnum is
 * kept. The kernel does this to a register whose bounds broke an
 * invariant (see bv_scalar_invariant_violation). */
void bv_scalar_mark_unbounded(struct bv_scalar *s);

/* --- bounds (kernel: reg_bounds_sync and the helpers it calls) --- */

/* __update_reg_bounds: tightens the ranges with what the tnum implies. */
void bv_scalar_update_bounds(struct bv_scalar *s);
/* reg_bounds_sync: ranges from the tnum, the signed/unsigned and 32/64-bit
 * cross deductions (__reg_deduce_bounds, run the kernel's number of
 * times), the tnum from the ranges (__reg_bound_offset), ranges again. */
void bv_scalar_sync(struct bv_scalar *s);
/* reg_bounds_sanity_check as a predicate: NULL when the ranges and tnum
 * are consistent, otherwise the kernel's reason ("range bounds violation",
 * "const tnum out of sync with range bounds" or "const subreg tnum out of
 * sync with range bounds"). The kernel then logs a verifier bug and calls
 * __mark_reg_unbounded (bv_scalar_mark_unbounded). */
const char *bv_scalar_invariant_violation(const struct bv_scalar *s);

/* is_reg_const / reg_const_value for a scalar: whether the whole register
 * (or, with subreg32, its low 32 bits) is known, and that value. */
bool bv_scalar_is_const(const struct bv_scalar *s, bool subreg32);
uint64_t bv_scalar_const_value(const struct bv_scalar *s, bool subreg32);

/* zext_32_to_64: the low 32 bits, zero-extended, with the 64-bit ranges
 * taken from the 32-bit ones (__reg_assign_32_into_64). No sync. */
void bv_scalar_zext32(struct bv_scalar *s);

/* --- ALU (kernel: adjust_scalar_min_max_vals, check_alu_op) --- */

/* adjust_scalar_min_max_vals: dst op= src for an ALU or ALU64 instruction
 * whose operation is ADD, SUB, MUL, DIV, OR, AND, LSH, RSH, NEG, MOD, XOR,
 * ARSH or END (MOV: see bv_scalar_mov). src is the source register, or
 * bv_scalar_const((uint64_t)(int64_t)insn->imm) for BPF_K; NEG and END
 * ignore it. src may be dst ("r1 += r1"): it is read as it was before. A
 * result the kernel cannot compute (division, modulo, shifts by a
 * non-constant or out-of-range amount) is unknown, over all 64 bits even
 * for ALU32; other 32-bit results are zero-extended (except END's); the
 * result is synced. The caller then applies the kernel's "alu" invariant
 * check (bv_scalar_invariant_violation). */
void bv_scalar_alu(struct bv_scalar *dst, const struct bv_scalar *src,
		   const struct bv_insn *insn);
/* maybe_fork_scalars: an AND or OR with a constant source whose
 * destination is known to be -1 or 0 (over 64 bits, or else over the low
 * 32 bits) makes the kernel verify both values separately: it pushes a
 * branch that re-executes the instruction with the destination (or its
 * low 32 bits) known 0, and carries on with -1. Returns false and changes
 * nothing when the kernel does not fork; otherwise *zero receives the
 * destination of the pushed branch and *dst becomes the -1 case. Call it
 * before bv_scalar_alu. */
bool bv_scalar_alu_fork(struct bv_scalar *dst, struct bv_scalar *zero,
			const struct bv_scalar *src,
			const struct bv_insn *insn);
/* check_alu_op for BPF_MOV into a scalar: dst = imm (BPF_K), or dst = src
 * for BPF_X: a 64-bit copy, a 32-bit copy (zero-extended, synced) or a
 * sign-extending move (movsx, insn->off 8/16/32: coerce_reg_to_size_sx for
 * ALU64 and coerce_subreg_to_size_sx + zero extension + sync for ALU). */
void bv_scalar_mov(struct bv_scalar *dst, const struct bv_scalar *src,
		   const struct bv_insn *insn);

/* --- loads (kernel: check_mem_access) --- */

/* coerce_reg_to_size: the value of a size-byte (1, 2, 4) load. */
void bv_scalar_coerce(struct bv_scalar *s, unsigned size);
/* coerce_reg_to_size_sx: the value of a size-byte sign-extending load. */
void bv_scalar_coerce_sx(struct bv_scalar *s, unsigned size);

/* --- conditional jumps (kernel: check_cond_jmp_op) --- */

/* is_scalar_branch_taken for "if a op b", op being one of BV_JEQ ...
 * BV_JSLE (the BV_OP of the jump): 1 if always taken, 0 if never, -1 if
 * unknown. jmp32 compares the low 32 bits. */
int bv_scalar_branch_taken(const struct bv_scalar *a,
			   const struct bv_scalar *b, uint8_t op, bool jmp32);
/* reg_set_min_max for one side of an undecided branch: refines a and b
 * (regs_refine_cond_op) with "a op b" if taken, with its negation if not,
 * then syncs both. The caller applies the kernel's invariant checks
 * (true_reg1, true_reg2, false_reg1, false_reg2). For "if rX op rX" pass
 * the same pointer twice: 6.18 refines the register against itself. */
void bv_scalar_branch_refine(struct bv_scalar *a, struct bv_scalar *b,
			     uint8_t op, bool jmp32, bool taken);

#endif
