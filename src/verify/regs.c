/* SPDX-License-Identifier: MIT */
/* Register operand checks (check_reg_arg). */
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
