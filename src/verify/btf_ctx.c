/* SPDX-License-Identifier: MIT */
/* The context of programs attached through the kernel's BTF (tp_btf,
 * fentry, fexit, fmod_ret, iter): u64 slots holding the target's
 * arguments, typed by its BTF prototype (bpf_tracing_btf_ctx_access and
 * btf_ctx_access of kernel/bpf/btf.c, Linux 6.18). */
#include "verify/btf_ptr.h"

#include "spec/ctx.h"
#include "spec/iter_ctx.h"
#include "spec/raw_tp_null.h"

#include <bpf/btf.h>
#include <errno.h>
#include <string.h>

enum {
	ATTACH_TRACE_RAW_TP = 23,
	ATTACH_TRACE_FENTRY = 24,
	ATTACH_TRACE_FEXIT = 25,
	ATTACH_MODIFY_RETURN = 26,
	ATTACH_TRACE_ITER = 28,
	MAX_BPF_FUNC_ARGS = 12,
};

#define BTF_TRACE_PREFIX "btf_trace_"

/* The attach target as bpf_check_attach_target leaves it in prog->aux:
 * its prototype, its name, and whether the first argument is the
 * tracepoint's hidden 'void *__data' (attach_btf_trace). */
struct target {
	const struct btf *btf;
	const struct btf_type *proto;
	const char *name;
	bool btf_trace;
};

static bool find_target(const struct bv_env *env, struct target *tg)
{
	const bv_program *prog = env->prog;
	const struct btf_type *t;

	tg->btf = bv_env_kernel_btf(env);
	t = tg->btf ? btf__type_by_id(tg->btf, prog->attach_btf_id) : NULL;
	if (!t)
		return false;
	tg->name = btf__name_by_offset(tg->btf, t->name_off);
	tg->btf_trace = prog->attach_type == ATTACH_TRACE_RAW_TP;
	if (tg->btf_trace) {
		if (!btf_is_typedef(t) || !tg->name ||
		    strncmp(tg->name, BTF_TRACE_PREFIX,
			    strlen(BTF_TRACE_PREFIX)))
			return false;
		tg->name += strlen(BTF_TRACE_PREFIX);
		t = btf__type_by_id(tg->btf, t->type);
		if (!t || !btf_is_ptr(t))
			return false;
	} else if (!btf_is_func(t) || !tg->name) {
		return false;
	}
	tg->proto = btf__type_by_id(tg->btf, t->type);
	return tg->proto && btf_is_func_proto(tg->proto);
}

/* The size a parameter takes in the context: a pointer 8 bytes, anything
 * else its size rounded up to 8. */
static uint32_t slot_bytes(const struct btf *btf, uint32_t type_id)
{
	const struct btf_type *t = bv_btf_skip_modifiers(btf, type_id, NULL);

	if (!t || btf_is_ptr(t))
		return 8;
	return (t->size + 7) / 8 * 8;
}

/* get_ctx_arg_idx: the argument (counting the hidden first one of a
 * tracepoint) whose slots hold off; the count of arguments for the return
 * value's slot, and one more past it. */
static uint32_t ctx_arg_idx(const struct target *tg, int off)
{
	const struct btf_param *args = btf_params(tg->proto);
	uint32_t n = btf_vlen(tg->proto), offset = 0;

	for (uint32_t i = 0; i < n; i++) {
		offset += slot_bytes(tg->btf, args[i].type);
		if ((uint32_t)off < offset)
			return i;
	}
	offset += slot_bytes(tg->btf, tg->proto->type);
	return (uint32_t)off < offset ? n : n + 1;
}

/* What a context load yields. */
struct ctx_load {
	uint32_t reg_type;
	uint32_t btf_id;
};

static bool is_small_int(const struct btf_type *t)
{
	return btf_is_int(t) && t->size <= 8;
}

/* is_void_or_int_ptr */
static bool points_to_void_or_int(const struct btf *btf,
				  const struct btf_type *ptr)
{
	uint32_t id;
	const struct btf_type *t = bv_btf_skip_modifiers(btf, ptr->type, &id);

	return id == 0 || (t && btf_is_int(t));
}

/* The return value's slot: fexit and fmod_ret read it. */
static const struct btf_type *retval_type(struct bv_env *env,
					  const struct target *tg, uint32_t arg)
{
	const struct btf_type *t;

	switch (env->prog->attach_type) {
	case ATTACH_TRACE_FEXIT:
		return btf__type_by_id(tg->btf, tg->proto->type);
	case ATTACH_MODIFY_RETURN:
		t = bv_btf_skip_modifiers(tg->btf, tg->proto->type, NULL);
		if (!t || !is_small_int(t)) {
			bv_verbose(env,
				   "ret type %s not allowed for fmod_ret\n",
				   t ? bv_btf_kind_str(t) : "UNKN");
			return NULL;
		}
		return t;
	default:
		bv_verbose(env, "func '%s' doesn't have %u-th argument\n",
			   tg->name, arg + 1);
		return NULL;
	}
}

/* An iterator's registered argument at this member of its context. */
static const struct bv_iter_ctx_arg *
iter_arg(const struct bv_env *env, const struct target *tg, uint32_t arg)
{
	const struct btf_param *args = btf_params(tg->proto);
	const char *member = btf__name_by_offset(tg->btf, args[arg].name_off);

	if (env->prog->attach_type != ATTACH_TRACE_ITER || !member)
		return NULL;
	return bv_iter_ctx_arg(env->prog->attach_name, member);
}

/* The struct a pointer argument points to, with the flags its type tags
 * give; false (logged) when it is not a struct. */
static bool pointee_struct(struct bv_env *env, const struct target *tg,
			   uint32_t arg, const struct btf_type *ptr,
			   struct ctx_load *ld)
{
	const struct btf_type *t = btf__type_by_id(tg->btf, ptr->type);
	uint32_t id = ptr->type;

	if (t && btf_is_type_tag(t)) {
		const char *tag = btf__name_by_offset(tg->btf, t->name_off);

		if (tag && !strcmp(tag, "user"))
			ld->reg_type |= BV_MEM_USER;
		if (tag && !strcmp(tag, "percpu"))
			ld->reg_type |= BV_MEM_PERCPU;
	}
	t = bv_btf_skip_modifiers(tg->btf, id, &id);
	if (!t || !(btf_is_struct(t) || btf_is_union(t))) {
		bv_verbose(env, "func '%s' arg%u type %s is not a struct\n",
			   tg->name, arg, t ? bv_btf_kind_str(t) : "UNKN");
		return false;
	}
	ld->btf_id = id;
	bv_verbose(env, "func '%s' arg%u has btf_id %u type %s '%s'\n",
		   tg->name, arg, id, bv_btf_kind_str(t),
		   bv_btf_type_name(tg->btf, id));
	return true;
}

/* prog_args_trusted: tracepoint and iterator arguments are trusted. */
static bool args_trusted(const bv_program *prog)
{
	return prog->attach_type == ATTACH_TRACE_RAW_TP ||
	       prog->attach_type == ATTACH_TRACE_ITER;
}

/* The pointer argument arg (t its type, past modifiers). */
static bool ctx_pointer(struct bv_env *env, const struct target *tg,
			uint32_t arg, uint32_t nr_args,
			const struct btf_param *args, const struct btf_type *t,
			struct ctx_load *ld)
{
	const struct bv_iter_ctx_arg *ia =
		arg < nr_args ? iter_arg(env, tg, arg) : NULL;

	if (t->type == 0 || points_to_void_or_int(tg->btf, t))
		return true; /* a scalar: nothing to walk */
	if (ia) {
		ld->reg_type = ia->reg_type;
		bv_btf_skip_modifiers(tg->btf, t->type, &ld->btf_id);
		return true;
	}
	ld->reg_type = BV_PTR_TO_BTF_ID;
	if (args_trusted(env->prog))
		ld->reg_type |= BV_PTR_TRUSTED;
	if (arg < nr_args &&
	    bv_btf_param_has_suffix(tg->btf, &args[arg], "__nullable"))
		ld->reg_type |= BV_PTR_MAYBE_NULL;
	/* raw_tp_null_args (module tracepoints, all may-be-NULL, are not
	 * in the kernel's BTF bpfverify reads) */
	if (tg->btf_trace && bv_raw_tp_arg_may_be_null(tg->name, arg))
		ld->reg_type |= BV_PTR_MAYBE_NULL;
	if (!pointee_struct(env, tg, arg, t, ld))
		return false;
	/* all checks made, an argument that may encode an error is a
	 * scalar */
	if (tg->btf_trace && bv_raw_tp_arg_may_be_err(tg->name, arg)) {
		bv_verbose(
			env,
			"marking pointer arg%u as scalar as it may encode error",
			arg);
		ld->reg_type = BV_SCALAR_VALUE;
	}
	return true;
}

/* btf_ctx_access: false (with the kernel's log lines) when the access is
 * refused. */
static bool btf_ctx_access(struct bv_env *env, const struct target *tg, int off,
			   int size, struct ctx_load *ld)
{
	const struct btf_param *args = btf_params(tg->proto);
	uint32_t nr_args = btf_vlen(tg->proto);
	const struct btf_type *t;
	uint32_t arg;

	ld->reg_type = BV_SCALAR_VALUE;
	if (off % 8) {
		bv_verbose(env, "func '%s' offset %d is not multiple of 8\n",
			   tg->name, off);
		return false;
	}
	arg = ctx_arg_idx(tg, off);
	if (tg->btf_trace) {
		args++;
		nr_args--;
	}
	if (arg > nr_args) {
		bv_verbose(env, "func '%s' doesn't have %u-th argument\n",
			   tg->name, arg + 1);
		return false;
	}
	t = arg == nr_args ? retval_type(env, tg, arg)
			   : btf__type_by_id(tg->btf, args[arg].type);
	if (!t)
		return false;
	t = bv_btf_skip_modifiers(
		tg->btf, arg == nr_args ? tg->proto->type : args[arg].type,
		NULL);
	if (t && (is_small_int(t) || btf_is_any_enum(t) || btf_is_struct(t)))
		return true;
	if (!t || !btf_is_ptr(t)) {
		bv_verbose(
			env,
			"func '%s' arg%u '%s' has type %s. Only pointer access is allowed\n",
			tg->name, arg,
			t ? btf__name_by_offset(tg->btf, t->name_off) : "",
			t ? bv_btf_kind_str(t) : "UNKN");
		return false;
	}
	if (size != 8) {
		bv_verbose(env, "func '%s' size %d must be 8\n", tg->name,
			   size);
		return false;
	}
	return ctx_pointer(env, tg, arg, nr_args, args, t, ld);
}

int bv_check_btf_ctx_access(struct bv_env *env, int off, int size, bool write,
			    int value_regno)
{
	struct bv_reg *regs = bv_cur_regs(env);
	struct ctx_load ld = { BV_SCALAR_VALUE, 0 };
	struct target tg;

	if (!find_target(env, &tg)) {
		bv_verbose(env,
			   "the attach target's prototype is not modelled\n");
		return -BV_ENOTSUPP;
	}
	/* bpf_tracing_ctx_access: u64 slots, read only, aligned */
	if (off < 0 || off >= 8 * MAX_BPF_FUNC_ARGS || write || off % size ||
	    !btf_ctx_access(env, &tg, off, size, &ld)) {
		bv_verbose(env, BV_CTX_MSG_INVALID "\n", off, size);
		return -EACCES;
	}
	if (value_regno >= 0)
		bv_mark_btf_ld_reg(env, &regs[value_regno], ld.reg_type,
				   ld.btf_id);
	return 0;
}
