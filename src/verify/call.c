/* SPDX-License-Identifier: MIT */
/* Helper calls (check_helper_call, check_func_arg, kernel/bpf/verifier.c). */
#include "verify/env.h"

int bv_check_helper_call(struct bv_env *env, const struct bv_insn *insn)
{
	(void)insn;
	bv_verbose(env, "helper calls are not modelled yet\n");
	return -BV_ENOTSUPP;
}
