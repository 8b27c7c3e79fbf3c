/* SPDX-License-Identifier: MIT */
/* Subprograms with BTF (kernel/bpf/verifier.c, Linux 6.18): the calls
 * checked against the callee's prototype (btf_check_subprog_call), global
 * functions assumed valid at their call sites and verified once on their
 * own from the types of their arguments (check_func_call, do_check_common,
 * do_check_subprogs). */
#include "spec/helpers.h"
#include "verify/env.h"

#include <stdlib.h>
#include <string.h>

static const struct bv_func_info *func_info_of(const struct bv_env *env,
					       size_t subprog)
{
	return bv_func_info_at(env->prog, env->cfg.subprogs[subprog].start);
}

bool bv_subprog_is_global(const struct bv_env *env, size_t subprog)
{
	const struct bv_func_info *fi = func_info_of(env, subprog);

	return fi && fi->global;
}

const char *bv_subprog_name(const struct bv_env *env, size_t subprog)
{
	const struct bv_func_info *fi = func_info_of(env, subprog);

	return fi && fi->name ? fi->name : "";
}

/* visit_insn marks a subprogram that may change packet data (a helper of
 * bpf_helper_changes_pkt_data, tail calls included); a call passes the
 * callee's mark on (merge_callee_effects). */
static bool insn_changes_pkt_data(const struct bv_insn *insn)
{
	return insn->code == (BV_JMP | BV_CALL) && insn->src_reg == 0 &&
	       bv_helper_changes_pkt_data(insn->imm);
}

static void mark_changes_pkt_data(struct bv_env *env)
{
	bool changed = true;

	while (changed) {
		changed = false;
		for (size_t s = 0; s < env->cfg.n_subprogs; s++) {
			const struct bv_subprog *sub = &env->cfg.subprogs[s];
			bool mark = env->sub_btf[s].changes_pkt_data;

			for (size_t i = sub->start; i < sub->end && !mark;
			     i++) {
				const struct bv_insn *insn = &env->insns[i];
				int callee = -1;

				if (insn->code == (BV_JMP | BV_CALL) &&
				    insn->src_reg == BV_PSEUDO_CALL)
					callee = bv_cfg_subprog_at(
						&env->cfg,
						i + (size_t)insn->imm + 1);
				mark = insn_changes_pkt_data(insn) ||
				       (callee >= 0 &&
					env->sub_btf[callee].changes_pkt_data);
			}
			changed |= mark != env->sub_btf[s].changes_pkt_data;
			env->sub_btf[s].changes_pkt_data = mark;
		}
	}
}

int bv_subprog_btf_init(struct bv_env *env)
{
	env->sub_btf = calloc(env->cfg.n_subprogs, sizeof(*env->sub_btf));
	if (!env->sub_btf)
		return -ENOMEM;
	mark_changes_pkt_data(env);
	return 0;
}

/* btf_prepare_func_args, cached once it succeeds; its refusals are logged
 * each time, as the kernel logs them */
static int prepare_func_args(struct bv_env *env, size_t subprog)
{
	struct bv_subprog_btf *sb = &env->sub_btf[subprog];
	const struct bv_func_info *fi = func_info_of(env, subprog);
	char msg[256];
	int err = 0;

	if (sb->args_cached)
		return 0;
	if (!fi) {
		bv_verbose(env, "Verifier bug\n");
		return -EFAULT;
	}
	switch (bv_prepare_func_args(env->prog, fi, env->prog->prog_type,
				     &sb->proto, &err, msg, sizeof(msg))) {
	case BV_PROTO_OK: sb->args_cached = true; return 0;
	case BV_PROTO_UNMODELLED:
		bv_verbose(env, "%s\n", msg);
		return -BV_ENOTSUPP;
	default:
		if (msg[0])
			bv_verbose(env, "%s\n", msg);
		return -err;
	}
}

static bool reg_is_null(const struct bv_reg *reg)
{
	return reg->type == BV_SCALAR_VALUE &&
	       bv_tnum_equals_const(reg->s.var_off, 0);
}

/* check_mem_reg: the memory must be readable and writable for mem_size
 * bytes, assuming a may-be-NULL pointer is not NULL */
static int check_mem_reg(struct bv_env *env, unsigned regno, uint32_t mem_size)
{
	struct bv_reg *reg = &bv_cur_regs(env)[regno];
	struct bv_reg saved = *reg;
	int err;

	if (reg_is_null(reg))
		return 0;
	/* checked as if not NULL */
	if (reg->type & BV_PTR_MAYBE_NULL)
		bv_mark_ptr_not_null(reg);
	err = bv_check_helper_mem_access(env, regno, mem_size, true, false,
					 false);
	if (!err)
		err = bv_check_helper_mem_access(env, regno, mem_size, true,
						 true, false);
	bv_cur_regs(env)[regno] = saved;
	return err;
}

static int check_ctx_arg(struct bv_env *env, unsigned regno, unsigned i)
{
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];
	int err = bv_check_func_arg_reg_off(env, regno, 0);

	if (err)
		return err;
	if (reg->type != BV_PTR_TO_CTX) {
		bv_verbose(env, "arg#%u expects pointer to ctx\n", i);
		return -EINVAL;
	}
	return 0;
}

static int check_mem_arg(struct bv_env *env, unsigned regno, unsigned i,
			 const struct bv_func_arg *arg)
{
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];
	int err = bv_check_func_arg_reg_off(env, regno, 0);

	if (err)
		return err;
	err = check_mem_reg(env, regno, arg->mem_size);
	if (err)
		return err == -BV_ENOTSUPP ? err : -EINVAL;
	if (!arg->maybe_null && (reg->type & BV_PTR_MAYBE_NULL)) {
		bv_verbose(env, "arg#%u is expected to be non-NULL\n", i);
		return -EINVAL;
	}
	return 0;
}

/* btf_check_func_arg_match */
static int check_func_arg_match(struct bv_env *env, size_t subprog)
{
	const struct bv_func_proto *proto = &env->sub_btf[subprog].proto;
	int err = prepare_func_args(env, subprog);

	for (unsigned i = 0; !err && i < proto->n_args; i++) {
		const struct bv_func_arg *arg = &proto->args[i];
		unsigned regno = i + 1;

		switch (arg->kind) {
		case BV_FARG_SCALAR:
			if (bv_cur_regs(env)[regno].type != BV_SCALAR_VALUE) {
				bv_verbose(env, "R%u is not a scalar\n", regno);
				err = -EINVAL;
			}
			break;
		case BV_FARG_CTX: err = check_ctx_arg(env, regno, i); break;
		case BV_FARG_MEM:
			err = check_mem_arg(env, regno, i, arg);
			break;
		}
	}
	return err;
}

int bv_btf_check_subprog_call(struct bv_env *env, size_t subprog)
{
	int err;

	if (!env->prog->n_func_info || env->sub_btf[subprog].unreliable)
		return -EINVAL;
	err = check_func_arg_match(env, subprog);
	/* a mismatch (or a prototype the kernel refuses) makes the BTF of
	 * the function unreliable: later calls fail without a word */
	if (err && err != -BV_ENOTSUPP)
		env->sub_btf[subprog].unreliable = true;
	return err;
}

/* check_func_call for a global function: checked against its prototype,
 * assumed valid, verified later on its own */
int bv_call_global_func(struct bv_env *env, size_t subprog, int check_err)
{
	struct bv_reg *regs = bv_cur_regs(env);

	if (check_err) {
		bv_verbose(env,
			   "Caller passes invalid args into func#%zu ('%s')\n",
			   subprog, bv_subprog_name(env, subprog));
		return check_err;
	}
	bv_verbose(env, "Func#%zu ('%s') is global and assumed valid.\n",
		   subprog, bv_subprog_name(env, subprog));
	if (env->sub_btf[subprog].changes_pkt_data)
		bv_clear_all_pkt_pointers(env);
	env->sub_btf[subprog].called = true;
	/* clear_caller_saved_regs; the result is an unknown 64-bit scalar */
	for (unsigned r = 0; r <= 5; r++) {
		bv_reg_mark_not_init(&regs[r]);
		bv_mark_reg_scratched(env, r);
	}
	bv_reg_mark_unknown(env, &regs[0]);
	return 0;
}

/* do_check_main: with BTF, the main program's prototype is prepared too
 * (its refusals are logged; they only make its BTF unreliable) */
int bv_prepare_main_args(struct bv_env *env)
{
	int err;

	if (!env->prog->n_func_info)
		return 0;
	/* bpf_find_exception_callback_insn_off: bpf_throw's callback */
	if (func_info_of(env, 0) &&
	    bv_func_has_decl_tag(env->prog, func_info_of(env, 0),
				 "exception_callback:")) {
		bv_verbose(env, "exception callbacks (the exception_callback: "
				"decl tag) are not modelled yet\n");
		return -BV_ENOTSUPP;
	}
	err = prepare_func_args(env, 0);
	return err == -BV_ENOTSUPP ? err : 0;
}

/* do_check_common for a global function: r1-r5 as its prototype types
 * them */
int bv_init_global_func_regs(struct bv_env *env, size_t subprog)
{
	struct bv_reg *regs = bv_cur_regs(env);
	const struct bv_func_proto *proto = &env->sub_btf[subprog].proto;
	int err;

	bv_verbose(env, "Validating %s() func#%zu...\n",
		   bv_subprog_name(env, subprog), subprog);
	err = prepare_func_args(env, subprog);
	if (err)
		return err;
	for (unsigned i = 0; i < proto->n_args; i++) {
		struct bv_reg *reg = &regs[i + 1];

		switch (proto->args[i].kind) {
		case BV_FARG_CTX: bv_reg_mark_ptr(reg, BV_PTR_TO_CTX); break;
		case BV_FARG_SCALAR: bv_reg_mark_unknown(env, reg); break;
		case BV_FARG_MEM:
			bv_reg_mark_ptr(reg,
					BV_PTR_TO_MEM |
						(proto->args[i].maybe_null
							 ? BV_PTR_MAYBE_NULL
							 : 0));
			reg->range = (int32_t)proto->args[i].mem_size;
			/* an id for the NULL check to follow (6.18 gives
			 * none to an __arg_nonnull pointer) */
			if (proto->args[i].maybe_null)
				reg->id = ++env->id_gen;
			break;
		}
	}
	return 0;
}

/* do_check_subprogs: the next global function after subprogram after that
 * is called and not verified yet, or -1 */
int bv_next_global_func(const struct bv_env *env, size_t after)
{
	for (size_t i = after + 1; i < env->cfg.n_subprogs; i++) {
		const struct bv_subprog_btf *sb = &env->sub_btf[i];

		if (bv_subprog_is_global(env, i) && sb->called && !sb->verified)
			return (int)i;
	}
	return -1;
}
