/* SPDX-License-Identifier: MIT */
/* Register operand checks (check_reg_arg, __check_ptr_off_reg). */
#include "verify/env.h"

int bv_check_reg_arg(struct bv_env *env, unsigned regno,
		     enum bv_reg_arg_type t)
{
	struct bv_reg *reg;

	if (regno >= BV_MAX_REG) {
		bv_verbose(env, "R%u is invalid\n", regno);
		return -EINVAL;
	}
	bv_mark_reg_scratched(env, regno);
	reg = &bv_cur_regs(env)[regno];
	if (t == BV_SRC_OP) {
		if (reg->type == BV_NOT_INIT) {
			bv_verbose(env, "R%u !read_ok\n", regno);
			return -EACCES;
		}
		return 0;
	}
	if (regno == BV_REG_FP) {
		bv_verbose(env, "frame pointer is read only\n");
		return -EACCES;
	}
	reg->def_insn = env->insn_idx;
	reg->cmp_insn = -1;
	if (t == BV_DST_OP)
		bv_reg_mark_unknown(env, reg);
	return 0;
}

/* __check_ptr_off_reg: a pointer that may only be used in its original
 * form is refused with a negative fixed offset, then (unless fixed_off_ok)
 * with any fixed offset, then with a variable or non-zero variable part. */
int bv_check_ptr_off_reg(struct bv_env *env, const struct bv_reg *reg,
			 unsigned regno, bool fixed_off_ok)
{
	char tn[48];

	if (reg->off < 0) {
		bv_verbose(env, "negative offset %s ptr R%u off=%d disallowed\n",
			   TYPE_NAME(reg->type), regno, reg->off);
		return -EACCES;
	}
	if (!fixed_off_ok && reg->off) {
		bv_verbose(env, "dereference of modified %s ptr R%u off=%d disallowed\n",
			   TYPE_NAME(reg->type), regno, reg->off);
		return -EACCES;
	}
	if (!bv_tnum_is_const(reg->s.var_off) || reg->s.var_off.value) {
		bv_tnum_strn(tn, sizeof(tn), reg->s.var_off);
		bv_verbose(env, "variable %s access var_off=%s disallowed\n",
			   TYPE_NAME(reg->type), tn);
		return -EACCES;
	}
	return 0;
}
