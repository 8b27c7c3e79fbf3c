/* SPDX-License-Identifier: MIT */
/* ALU and ALU64 instructions (check_alu_op, adjust_reg_min_max_vals,
 * adjust_ptr_min_max_vals of kernel/bpf/verifier.c). */
#include "isa/disasm.h"
#include "verify/env.h"

#include <string.h>

/* BPF_MAX_VAR_OFF: the largest offset pointer arithmetic may reach */
#define MAX_VAR_OFF (1ll << 29)

static bool is_alu64(const struct bv_insn *insn)
{
	return BV_CLASS(insn->code) == BV_ALU64;
}


/* assign_scalar_id_before_mov: give a scalar an id before copying it, so
 * that the copies are linked and a later comparison bounds both. */
static void assign_scalar_id_before_mov(struct bv_env *env, struct bv_reg *src)
{
	if (src->type != BV_SCALAR_VALUE)
		return;
	if (src->id & BV_ID_ADD_CONST) {
		src->id = 0;
		src->off = 0;
	}
	if (!src->id && !bv_tnum_is_const(src->s.var_off))
		src->id = ++env->id_gen;
}

/* The width of the value a scalar can hold (get_reg_width). */
static unsigned reg_width(const struct bv_reg *reg)
{
	uint64_t umax = reg->s.umax;
	unsigned bits = 0;

	while (umax) {
		bits++;
		umax >>= 1;
	}
	return bits;
}

static void copy_reg(struct bv_reg *dst, const struct bv_reg *src, int insn_idx)
{
	*dst = *src;
	dst->def_insn = insn_idx;
}

static int mov_sext64(struct bv_env *env, const struct bv_insn *insn,
		      struct bv_reg *dst, struct bv_reg *src)
{
	bool no_sext;

	if (bv_reg_is_pointer(src) && !env->allow_ptr_leaks) {
		bv_verbose(env, "R%d sign-extension part of pointer\n",
			   insn->src_reg);
		return -EACCES;
	}
	if (src->type != BV_SCALAR_VALUE) {
		bv_reg_mark_unknown(env, dst);
		return 0;
	}
	no_sext = src->s.umax < (1ull << (insn->off - 1));
	if (no_sext)
		assign_scalar_id_before_mov(env, src);
	copy_reg(dst, src, env->insn_idx);
	if (!no_sext)
		dst->id = 0;
	bv_scalar_mov(&dst->s, &src->s, insn);
	return 0;
}

static int mov_reg32(struct bv_env *env, const struct bv_insn *insn,
		     struct bv_reg *dst, struct bv_reg *src)
{
	if (bv_reg_is_pointer(src) && !env->allow_ptr_leaks) {
		bv_verbose(env, "R%d partial copy of pointer\n", insn->src_reg);
		return -EACCES;
	}
	if (src->type != BV_SCALAR_VALUE) {
		bv_reg_mark_unknown(env, dst);
		bv_scalar_zext32(&dst->s);
		bv_scalar_sync(&dst->s);
		return 0;
	}
	if (insn->off == 0) {
		bool fits = reg_width(src) <= 32;

		if (fits)
			assign_scalar_id_before_mov(env, src);
		copy_reg(dst, src, env->insn_idx);
		if (!fits)
			dst->id = 0;
	} else {
		bool no_sext = src->s.umax < (1ull << (insn->off - 1));

		if (no_sext)
			assign_scalar_id_before_mov(env, src);
		copy_reg(dst, src, env->insn_idx);
		if (!no_sext)
			dst->id = 0;
	}
	/* the scalar part: 32-bit copy or sign extension, zext, sync */
	bv_scalar_mov(&dst->s, &src->s, insn);
	return 0;
}

static int check_mov(struct bv_env *env, const struct bv_insn *insn)
{
	struct bv_reg *regs = bv_cur_regs(env);
	struct bv_reg *dst = &regs[insn->dst_reg];
	int err;

	if (BV_SRC(insn->code) == BV_X) {
		err = bv_check_reg_arg(env, insn->src_reg, BV_SRC_OP);
		if (err)
			return err;
	}
	err = bv_check_reg_arg(env, insn->dst_reg, BV_DST_OP_NO_MARK);
	if (err)
		return err;
	if (BV_SRC(insn->code) == BV_K) {
		/* rX = imm: a known scalar (the 32-bit form zero-extends) */
		bv_reg_mark_unknown(env, dst);
		bv_scalar_mov(&dst->s, NULL, insn);
		return 0;
	}
	if (!is_alu64(insn))
		return mov_reg32(env, insn, dst, &regs[insn->src_reg]);
	if (insn->off) /* movsx */
		return mov_sext64(env, insn, dst, &regs[insn->src_reg]);
	/* rX = rY copies the whole register state */
	assign_scalar_id_before_mov(env, &regs[insn->src_reg]);
	copy_reg(dst, &regs[insn->src_reg], env->insn_idx);
	return 0;
}

static bool check_reg_sane_offset(struct bv_env *env, const struct bv_reg *reg,
				  uint32_t type)
{
	bool known = bv_tnum_is_const(reg->s.var_off);
	int64_t val = (int64_t)reg->s.var_off.value;
	int64_t smin = reg->s.smin;

	if (known && (val >= MAX_VAR_OFF || val <= -MAX_VAR_OFF)) {
		bv_verbose(env, "math between %s pointer and %lld is not allowed\n",
			   TYPE_NAME(type), (long long)val);
		return false;
	}
	if (reg->off >= MAX_VAR_OFF || reg->off <= -MAX_VAR_OFF) {
		bv_verbose(env, "%s pointer offset %d is not allowed\n",
			   TYPE_NAME(type), reg->off);
		return false;
	}
	if (smin == INT64_MIN) {
		bv_verbose(env, "math between %s pointer and register with unbounded min value is not allowed\n",
			   TYPE_NAME(type));
		return false;
	}
	if (smin >= MAX_VAR_OFF || smin <= -MAX_VAR_OFF) {
		bv_verbose(env, "value %lld makes %s pointer be out of bounds\n",
			   (long long)smin, TYPE_NAME(type));
		return false;
	}
	return true;
}

/* The same bounds for the pointer operand and the result of pointer
 * arithmetic, as the 6.18.44 kernel checks a pointer (measured: its fixed
 * offset, then its smin alone, an unbounded smin included, both reported as
 * "pointer offset"); the scalar operand keeps check_reg_sane_offset. */
static bool check_ptr_sane_offset(struct bv_env *env, const struct bv_reg *reg,
				  uint32_t type)
{
	int64_t smin = reg->s.smin;

	if (reg->off >= MAX_VAR_OFF || reg->off <= -MAX_VAR_OFF) {
		bv_verbose(env, "%s pointer offset %d is not allowed\n",
			   TYPE_NAME(type), reg->off);
		return false;
	}
	if (smin >= MAX_VAR_OFF || smin <= -MAX_VAR_OFF) {
		bv_verbose(env, "%s pointer offset %lld is not allowed\n",
			   TYPE_NAME(type), (long long)smin);
		return false;
	}
	return true;
}

/* The pointer types arithmetic may move (adjust_ptr_min_max_vals). */
static bool ptr_arith_allowed(uint32_t type, bool known, int64_t smin,
			      uint8_t op)
{
	switch (BV_BASE_TYPE(type)) {
	case BV_PTR_TO_CTX:
	case BV_PTR_TO_MAP_VALUE:
	case BV_PTR_TO_MAP_KEY:
	case BV_PTR_TO_STACK:
	case BV_PTR_TO_PACKET_META:
	case BV_PTR_TO_PACKET:
	case BV_PTR_TO_TP_BUFFER:
	case BV_PTR_TO_BTF_ID:
	case BV_PTR_TO_MEM:
	case BV_PTR_TO_BUF:
	case BV_PTR_TO_FUNC:
	case BV_CONST_PTR_TO_DYNPTR:
		return true;
	case BV_PTR_TO_FLOW_KEYS:
		return known;
	case BV_CONST_PTR_TO_MAP:
		return known && smin == 0 && op == BV_ADD;
	default:
		return false;
	}
}

static bool is_pkt(const struct bv_reg *reg)
{
	return reg->type == BV_PTR_TO_PACKET || reg->type == BV_PTR_TO_PACKET_META;
}

static bool fits_s32(int64_t v)
{
	return v == (int64_t)(int32_t)v;
}

/* The new variable offset of pointer +/- scalar: overflowing bounds become
 * unbounded (check_add_overflow / check_sub_overflow). */
static void ptr_var_add(struct bv_scalar *d, const struct bv_scalar *p,
			const struct bv_scalar *o)
{
	if (__builtin_add_overflow(p->smin, o->smin, &d->smin) ||
	    __builtin_add_overflow(p->smax, o->smax, &d->smax)) {
		d->smin = INT64_MIN;
		d->smax = INT64_MAX;
	}
	if (__builtin_add_overflow(p->umin, o->umin, &d->umin) ||
	    __builtin_add_overflow(p->umax, o->umax, &d->umax)) {
		d->umin = 0;
		d->umax = UINT64_MAX;
	}
	d->var_off = bv_tnum_add(p->var_off, o->var_off);
}

static void ptr_var_sub(struct bv_scalar *d, const struct bv_scalar *p,
			const struct bv_scalar *o)
{
	if (__builtin_sub_overflow(p->smin, o->smax, &d->smin) ||
	    __builtin_sub_overflow(p->smax, o->smin, &d->smax)) {
		d->smin = INT64_MIN;
		d->smax = INT64_MAX;
	}
	if (p->umin < o->umax) {
		d->umin = 0;
		d->umax = UINT64_MAX;
	} else {
		d->umin = p->umin - o->umax;
		d->umax = p->umax - o->umin;
	}
	d->var_off = bv_tnum_sub(p->var_off, o->var_off);
}

static void mark_reg32_unbounded(struct bv_scalar *s)
{
	s->s32_min = INT32_MIN;
	s->s32_max = INT32_MAX;
	s->u32_min = 0;
	s->u32_max = UINT32_MAX;
}

/* What a moved pointer keeps of the one it was computed from. */
static void copy_ptr_base(struct bv_reg *dst, const struct bv_reg *ptr)
{
	dst->range = ptr->range;
	dst->map_idx = ptr->map_idx;
	dst->btf_id = ptr->btf_id;
}

static int ptr_alu_op(struct bv_env *env, const struct bv_insn *insn,
		      struct bv_reg *dst, const struct bv_reg *ptr,
		      const struct bv_reg *off_reg, bool dst_is_scalar)
{
	const struct bv_scalar *o = &off_reg->s;
	const struct bv_scalar p = ptr->s;
	bool known = bv_tnum_is_const(o->var_off);
	uint8_t op = BV_OP(insn->code);

	switch (op) {
	case BV_ADD:
		if (known && fits_s32((int64_t)ptr->off + o->smin)) {
			dst->s = p;
			dst->off = ptr->off + (int32_t)o->smin;
			copy_ptr_base(dst, ptr);
			return 0;
		}
		ptr_var_add(&dst->s, &p, o);
		dst->off = ptr->off;
		copy_ptr_base(dst, ptr);
		if (is_pkt(ptr)) {
			dst->id = ++env->id_gen;
			dst->range = 0; /* something was added: no range known */
		}
		return 0;
	case BV_SUB:
		if (dst_is_scalar) {
			bv_verbose(env, "R%d tried to subtract pointer from scalar\n",
				   insn->dst_reg);
			return -EACCES;
		}
		if (ptr->type == BV_PTR_TO_STACK) {
			bv_verbose(env, "R%d subtraction from stack pointer prohibited\n",
				   insn->dst_reg);
			return -EACCES;
		}
		if (known && fits_s32((int64_t)ptr->off - o->smin)) {
			dst->s = p;
			dst->id = ptr->id;
			dst->off = ptr->off - (int32_t)o->smin;
			copy_ptr_base(dst, ptr);
			return 0;
		}
		ptr_var_sub(&dst->s, &p, o);
		dst->off = ptr->off;
		copy_ptr_base(dst, ptr);
		if (is_pkt(ptr)) {
			dst->id = ++env->id_gen;
			if (o->smin < 0)
				dst->range = 0;
		}
		return 0;
	case BV_AND:
	case BV_OR:
	case BV_XOR:
		bv_verbose(env, "R%d bitwise operator %s on pointer prohibited\n",
			   insn->dst_reg, bv_alu_op_text(insn->code));
		return -EACCES;
	default:
		bv_verbose(env, "R%d pointer arithmetic with %s operator prohibited\n",
			   insn->dst_reg, bv_alu_op_text(insn->code));
		return -EACCES;
	}
}

/* sanitize_check_bounds: for a loader without CAP_PERFMON the result of
 * pointer arithmetic must stay in bounds, so that it can be masked. */
static int sanitize_check_bounds(struct bv_env *env, const struct bv_insn *insn,
				 const struct bv_reg *dst)
{
	char tn[48];
	int64_t off;

	if (env->bypass_spec_v1)
		return 0;
	switch (dst->type) {
	case BV_PTR_TO_STACK:
		off = dst->off + (int64_t)dst->s.var_off.value;
		if (!bv_tnum_is_const(dst->s.var_off)) {
			bv_tnum_strn(tn, sizeof(tn), dst->s.var_off);
			bv_verbose(env, "R%d variable stack access prohibited for !root, var_off=%s off=%d\n",
				   insn->dst_reg, tn, (int)off);
			return -EACCES;
		}
		if (off >= 0 || off < -BV_MAX_STACK) {
			bv_verbose(env, "R%d stack pointer arithmetic goes out of range, prohibited for !root; off=%d\n",
				   insn->dst_reg, (int)off);
			return -EACCES;
		}
		return 0;
	case BV_PTR_TO_MAP_VALUE:
		if (dst->off < 0 || dst->s.smin + dst->off < 0 ||
		    (uint64_t)dst->s.umax + (uint64_t)dst->off + 1 >
			    bv_program_map_at(env->prog, dst->map_idx)->value_size) {
			bv_verbose(env, "pointer arithmetic on map values beyond its bounds for !root is not modelled yet\n");
			return -BV_ENOTSUPP;
		}
		return 0;
	default:
		bv_verbose(env, "Spectre v1 masking of this pointer type is not modelled yet\n");
		return -BV_ENOTSUPP;
	}
}

/* adjust_ptr_min_max_vals: pointer op scalar (or scalar += pointer). */
static int adjust_ptr(struct bv_env *env, const struct bv_insn *insn,
		      const struct bv_reg *ptr_in, const struct bv_reg *off_in)
{
	struct bv_reg *dst = &bv_cur_regs(env)[insn->dst_reg];
	/* copies: for "scalar += pointer" the scalar is dst itself */
	const struct bv_reg off_copy = *off_in;
	const struct bv_reg *off_reg = &off_copy;
	const struct bv_scalar *o = &off_reg->s;
	bool known = bv_tnum_is_const(o->var_off);
	struct bv_reg ptr = *ptr_in;
	int err;

	if ((known && (o->smin != o->smax || o->umin != o->umax)) ||
	    o->smin > o->smax || o->umin > o->umax) {
		/* bounds from a dead branch: taint the result */
		bv_reg_mark_unknown(env, dst);
		return 0;
	}
	if (!is_alu64(insn)) {
		if (BV_OP(insn->code) == BV_SUB && env->allow_ptr_leaks) {
			bv_reg_mark_unknown(env, dst);
			return 0;
		}
		bv_verbose(env, "R%d 32-bit pointer arithmetic prohibited\n",
			   insn->dst_reg);
		return -EACCES;
	}
	if (ptr.type & BV_PTR_MAYBE_NULL) {
		bv_verbose(env, "R%d pointer arithmetic on %s prohibited, null-check it first\n",
			   insn->dst_reg, TYPE_NAME(ptr.type));
		return -EACCES;
	}
	if (!ptr_arith_allowed(ptr.type, known, o->smin, BV_OP(insn->code))) {
		bv_verbose(env, "R%d pointer arithmetic on %s prohibited\n",
			   insn->dst_reg, TYPE_NAME(ptr.type));
		return -EACCES;
	}
	dst->type = ptr.type;
	dst->id = ptr.id;
	dst->frameno = ptr.frameno;
	dst->ref_obj_id = ptr.ref_obj_id;
	if (!check_reg_sane_offset(env, off_reg, ptr.type) ||
	    !check_ptr_sane_offset(env, &ptr, ptr.type))
		return -EINVAL;
	if (!env->bypass_spec_v1 && BV_SRC(insn->code) == BV_X &&
	    (BV_OP(insn->code) == BV_ADD || BV_OP(insn->code) == BV_SUB)) {
		bv_verbose(env, "Spectre v1 masking of pointer arithmetic by register is not modelled yet\n");
		return -BV_ENOTSUPP;
	}
	err = ptr_alu_op(env, insn, dst, &ptr, off_reg, off_in == dst);
	if (err)
		return err;
	/* pointers carry no 32-bit bounds */
	mark_reg32_unbounded(&dst->s);
	if (!check_ptr_sane_offset(env, dst, ptr.type))
		return -EINVAL;
	bv_scalar_sync(&dst->s);
	err = sanitize_check_bounds(env, insn, dst);
	if (err)
		return err;
	dst->def_insn = env->insn_idx;
	return 0;
}

/* rX += K on a scalar linked to others records K in reg->off so that a
 * later comparison can bound the others (BPF_ADD_CONST). rX += rX is no
 * such add even when rX is a constant: its id is cleared, or
 * sync_linked_regs would apply a delta to a value that changed by itself. */
static void link_add_const(struct bv_env *env, const struct bv_insn *insn,
			   struct bv_reg *dst, const struct bv_scalar *src)
{
	bool alu32 = !is_alu64(insn);
	int64_t val;
	bool self = BV_SRC(insn->code) == BV_X && insn->src_reg == insn->dst_reg;

	(void)env;
	if (BV_OP(insn->code) != BV_ADD || !dst->id || alu32 || self ||
	    !bv_scalar_is_const(src, false)) {
		dst->id = 0;
		dst->off = 0;
		return;
	}
	val = (int64_t)bv_scalar_const_value(src, false);
	if ((dst->id & BV_ID_ADD_CONST) || !fits_s32(val)) {
		dst->id = 0;
		dst->off = 0;
		return;
	}
	dst->id |= BV_ID_ADD_CONST;
	dst->off = (int32_t)val;
}

static int scalar_alu(struct bv_env *env, const struct bv_insn *insn,
		      struct bv_reg *dst, const struct bv_scalar *src)
{
	struct bv_scalar zero;

	if (bv_scalar_alu_fork(&dst->s, &zero, src, insn)) {
		struct bv_vstate *other;
		int err = bv_push_stack(env, env->insn_idx, env->insn_idx);

		if (err)
			return err;
		other = &env->pending[env->n_pending - 1].st;
		other->frames[other->curframe]->regs[insn->dst_reg].s = zero;
	}
	bv_scalar_alu(&dst->s, src, insn);
	dst->def_insn = env->insn_idx;
	link_add_const(env, insn, dst, src);
	return 0;
}

/* adjust_reg_min_max_vals */
static int adjust_reg(struct bv_env *env, const struct bv_insn *insn)
{
	struct bv_reg *regs = bv_cur_regs(env);
	struct bv_reg *dst = &regs[insn->dst_reg];
	struct bv_reg imm_reg;
	const struct bv_reg *src;
	int err;

	if (BV_SRC(insn->code) == BV_X) {
		src = &regs[insn->src_reg];
		if (src->type != BV_SCALAR_VALUE) {
			if (dst->type != BV_SCALAR_VALUE) {
				if (BV_OP(insn->code) == BV_SUB && env->allow_ptr_leaks) {
					bv_reg_mark_unknown(env, dst);
					return 0;
				}
				bv_verbose(env, "R%d pointer %s pointer prohibited\n",
					   insn->dst_reg, bv_alu_op_text(insn->code));
				return -EACCES;
			}
			/* scalar += pointer: the offset's range is relied on */
			err = bv_mark_chain_precision(env, insn->dst_reg);
			return err ? err : adjust_ptr(env, insn, src, dst);
		}
		if (dst->type != BV_SCALAR_VALUE) {
			err = bv_mark_chain_precision(env, insn->src_reg);
			return err ? err : adjust_ptr(env, insn, dst, src);
		}
		/* a precise destination needs a precise source */
		if (dst->precise) {
			err = bv_mark_chain_precision(env, insn->src_reg);
			if (err)
				return err;
		}
	} else {
		memset(&imm_reg, 0, sizeof(imm_reg));
		imm_reg.type = BV_SCALAR_VALUE;
		imm_reg.s = bv_scalar_const((uint64_t)(int64_t)insn->imm);
		src = &imm_reg;
		if (dst->type != BV_SCALAR_VALUE)
			return adjust_ptr(env, insn, dst, src);
	}
	return scalar_alu(env, insn, dst, &src->s);
}

/* NEG and END: the destination is read, then rewritten. */
static int check_neg_end(struct bv_env *env, const struct bv_insn *insn)
{
	struct bv_reg *dst = &bv_cur_regs(env)[insn->dst_reg];
	int err = bv_check_reg_arg(env, insn->dst_reg, BV_SRC_OP);

	if (err)
		return err;
	if (bv_reg_is_pointer(dst) && !env->allow_ptr_leaks) {
		bv_verbose(env, "R%d pointer arithmetic prohibited\n",
			   insn->dst_reg);
		return -EACCES;
	}
	err = bv_check_reg_arg(env, insn->dst_reg, BV_DST_OP_NO_MARK);
	if (err)
		return err;
	if (dst->type != BV_SCALAR_VALUE) {
		bv_reg_mark_unknown(env, dst);
		return 0;
	}
	return scalar_alu(env, insn, dst, &dst->s);
}

static int check_other_alu(struct bv_env *env, const struct bv_insn *insn)
{
	int err;

	if (BV_SRC(insn->code) == BV_X) {
		err = bv_check_reg_arg(env, insn->src_reg, BV_SRC_OP);
		if (err)
			return err;
	}
	err = bv_check_reg_arg(env, insn->dst_reg, BV_SRC_OP);
	if (err)
		return err;
	err = bv_check_stage(env, insn, BV_INSN_OPERANDS);
	if (err)
		return err;
	err = bv_check_reg_arg(env, insn->dst_reg, BV_DST_OP_NO_MARK);
	if (err)
		return err;
	return adjust_reg(env, insn);
}

int bv_check_alu_op(struct bv_env *env, const struct bv_insn *insn)
{
	uint8_t op = BV_OP(insn->code);
	int err = bv_check_stage(env, insn, BV_INSN_FIELDS);

	if (err)
		return err;
	if (op == BV_NEG || op == BV_END)
		return check_neg_end(env, insn);
	if (op == BV_MOV)
		return check_mov(env, insn);
	return check_other_alu(env, insn);
}
