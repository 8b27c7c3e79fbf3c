/* SPDX-License-Identifier: MIT */
/* Calls of kernel functions (kfuncs): the static checks of add_kfunc_call
 * and the call itself (check_kfunc_call, kernel/bpf/verifier.c, 6.18). */
#ifndef BV_VERIFY_KFUNC_H
#define BV_VERIFY_KFUNC_H

#include "isa/validate.h"
#include "verify/env.h"

struct btf;
struct btf_type;

/* add_kfunc_call for the call at insn_idx: 0, or -1 with the fault set
 * (the kernel's message, or "cannot judge yet" for what is not modelled:
 * module BTF, no kernel BTF). */
int bv_add_kfunc_call(const bv_program *prog, size_t insn_idx,
		      struct bv_fault *fault);

/* The kfunc a call names in the program's target BTF and its prototype,
 * when the program may call it (fetch_kfunc_meta succeeds); false
 * otherwise. For liveness (get_call_summary). */
bool bv_kfunc_call_proto(const bv_program *prog, const struct bv_insn *insn,
			 const struct btf_type **proto);

/* check_kfunc_call: 0, or -errno with the kernel's message logged. */
int bv_check_kfunc_call(struct bv_env *env, const struct bv_insn *insn);

#endif
