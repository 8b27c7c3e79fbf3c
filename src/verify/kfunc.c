/* SPDX-License-Identifier: MIT */
/* Calls of kernel functions (kfuncs), as add_kfunc_call and
 * check_kfunc_call of kernel/bpf/verifier.c (Linux 6.18) judge them, for
 * the kfuncs whose arguments are scalars and pointers to kernel structs
 * (the task, cgroup and cpumask families and their like) and for
 * bpf_rcu_read_lock/unlock. The kfuncs that need more of the verifier
 * (iterators, dynptrs, allocated objects, lists and trees, callbacks,
 * memory and size pairs, constant strings, maps) are "cannot judge yet". */
#include "verify/kfunc.h"

#include "load/sec_def.h"
#include "spec/kfuncs.h"
#include "verify/btf_ptr.h"

#include <bpf/btf.h>
#include <errno.h>
#include <string.h>

#define MAX_BPF_FUNC_REG_ARGS 5

/* The kfuncs check_kfunc_call treats by name (special_kfunc_list), the
 * two RCU ones aside: none is modelled. */
static const char *const special_kfuncs[] = {
	"bpf_obj_new_impl",
	"bpf_obj_drop_impl",
	"bpf_refcount_acquire_impl",
	"bpf_list_push_front_impl",
	"bpf_list_push_back_impl",
	"bpf_list_pop_front",
	"bpf_list_pop_back",
	"bpf_list_front",
	"bpf_list_back",
	"bpf_cast_to_kern_ctx",
	"bpf_rdonly_cast",
	"bpf_rbtree_remove",
	"bpf_rbtree_add_impl",
	"bpf_rbtree_first",
	"bpf_rbtree_root",
	"bpf_rbtree_left",
	"bpf_rbtree_right",
	"bpf_dynptr_from_skb",
	"bpf_dynptr_from_xdp",
	"bpf_dynptr_slice",
	"bpf_dynptr_slice_rdwr",
	"bpf_dynptr_clone",
	"bpf_percpu_obj_new_impl",
	"bpf_percpu_obj_drop_impl",
	"bpf_throw",
	"bpf_wq_set_callback_impl",
	"bpf_iter_css_task_new",
	"bpf_session_cookie",
	"bpf_get_kmem_cache",
	"bpf_local_irq_save",
	"bpf_local_irq_restore",
	"bpf_res_spin_lock",
	"bpf_res_spin_unlock",
	"bpf_res_spin_lock_irqsave",
	"bpf_res_spin_unlock_irqrestore",
	"bpf_dynptr_from_skb_meta",
	"bpf_dynptr_from_file",
	"bpf_task_work_schedule_signal",
	"bpf_task_work_schedule_resume",
};

static bool is_special(const char *name)
{
	for (size_t i = 0;
	     i < sizeof(special_kfuncs) / sizeof(special_kfuncs[0]); i++)
		if (!strcmp(special_kfuncs[i], name))
			return true;
	return false;
}

static const struct btf *target_btf(const bv_program *prog)
{
	return prog->target_btf ? prog->target_btf->btf : NULL;
}

/* The FUNC a call names and its prototype; NULL when it is none. */
static const struct btf_type *kfunc_func(const struct btf *btf,
					 const struct bv_insn *insn,
					 const struct btf_type **proto)
{
	const struct btf_type *func = btf__type_by_id(btf, (uint32_t)insn->imm);

	if (!func || !btf_is_func(func))
		return NULL;
	*proto = btf__type_by_id(btf, func->type);
	return *proto && btf_is_func_proto(*proto) ? func : NULL;
}

int bv_add_kfunc_call(const bv_program *prog, size_t insn_idx,
		      struct bv_fault *fault)
{
	const struct bv_insn *insn = &prog->insns[insn_idx];
	const struct btf *btf = target_btf(prog);
	const struct btf_type *func =
		btf ? btf__type_by_id(btf, (uint32_t)insn->imm) : NULL;
	const struct btf_type *proto;

	if (!btf)
		return bv_fault_set(fault, BV_FAULT_UNSUPPORTED, 0, insn_idx,
				    "kfunc calls need kernel BTF");
	if (insn->off)
		return bv_fault_set(
			fault, BV_FAULT_UNSUPPORTED, 0, insn_idx,
			"kfuncs of kernel modules are not modelled yet");
	if (!bv_program_gpl_compatible(prog))
		return bv_fault_set(fault, BV_FAULT_LOGGED, EINVAL, insn_idx,
				    BV_MSG_KFUNC_GPL);
	if (!func || !btf_is_func(func))
		return bv_fault_set(fault, BV_FAULT_LOGGED, EINVAL, insn_idx,
				    "kernel btf_id %d is not a function",
				    insn->imm);
	if (!kfunc_func(btf, insn, &proto))
		return bv_fault_set(
			fault, BV_FAULT_LOGGED, EINVAL, insn_idx,
			"kernel function btf_id %d does not have a valid func_proto",
			insn->imm);
	return 0;
}

/* What check_kfunc_call learns of the callee (struct
 * bpf_kfunc_call_arg_meta, the parts used). */
struct kfunc_meta {
	const struct btf *btf;
	const struct btf_type *proto;
	const char *name;
	uint32_t flags;
	unsigned release_regno;
	uint32_t ref_obj_id;
};

/* fetch_kfunc_meta: the kfunc, if the program may call it. */
static bool fetch_kfunc_meta(const bv_program *prog, const struct bv_insn *insn,
			     struct kfunc_meta *m, int *col)
{
	const struct btf_type *func;
	const struct bv_kfunc *k;

	memset(m, 0, sizeof(*m));
	m->btf = target_btf(prog);
	*col = -1;
	func = m->btf ? kfunc_func(m->btf, insn, &m->proto) : NULL;
	if (!func)
		return false;
	m->name = btf__name_by_offset(m->btf, func->name_off);
	*col = bv_kfunc_column_find(prog->prog_type, prog->attach_type,
				    prog->prog_flags & BV_F_SLEEPABLE);
	k = m->name ? bv_kfunc_by_name(m->name) : NULL;
	if (!k || *col < 0 || !bv_kfunc_in_column(m->name, *col))
		return false;
	m->flags = k->flags;
	return true;
}

bool bv_kfunc_call_proto(const bv_program *prog, const struct bv_insn *insn,
			 const struct btf_type **proto)
{
	struct kfunc_meta m;
	int col;

	if (!fetch_kfunc_meta(prog, insn, &m, &col))
		return false;
	*proto = m.proto;
	return true;
}

static bool is_scalar_type(const struct btf_type *t)
{
	return t && (btf_is_int(t) || btf_is_any_enum(t) || btf_is_float(t));
}

/* A scalar argument: __k constants are checked and made precise; the
 * buffer-size names that shape the result are not modelled. */
static int check_scalar_arg(struct bv_env *env, const struct kfunc_meta *m,
			    const struct btf_param *p, unsigned regno)
{
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];
	const char *name = btf__name_by_offset(m->btf, p->name_off);

	if (reg->type != BV_SCALAR_VALUE) {
		bv_verbose(env, "R%u is not a scalar\n", regno);
		return -EINVAL;
	}
	if (bv_btf_param_has_suffix(m->btf, p, "__szk") ||
	    bv_btf_param_has_suffix(m->btf, p, "__sz")) {
		bv_verbose(
			env,
			"kfunc memory and size arguments are not modelled yet\n");
		return -BV_ENOTSUPP;
	}
	if (bv_btf_param_has_suffix(m->btf, p, "__k")) {
		bv_verbose(
			env,
			"constant kfunc arguments (__k) are not modelled yet\n");
		return -BV_ENOTSUPP;
	}
	if (name && (!strcmp(name, "rdonly_buf_size") ||
		     !strcmp(name, "rdwr_buf_size"))) {
		bv_verbose(env, "kfunc buffer results are not modelled yet\n");
		return -BV_ENOTSUPP;
	}
	return 0;
}

static const char *kind_of(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	return t ? bv_btf_kind_str(t) : "UNKN";
}

/* KF_ARG_PTR_TO_BTF_ID: a PTR_TO_BTF_ID that every kfunc of this kernel
 * wants trusted (or, for KF_RCU ones, RCU protected), and of the struct
 * the prototype names (process_kf_arg_ptr_to_btf_id). */
static int check_btf_id_arg(struct bv_env *env, struct kfunc_meta *m,
			    unsigned regno, uint32_t arg, uint32_t ref_id)
{
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];
	bool release = (m->flags & BV_KF_RELEASE) && reg->ref_obj_id;
	uint32_t base_flags = BV_TYPE_FLAGS(reg->type) & BV_PTR_TRUSTED;
	char t[64], want[64];
	int err;

	if (!bv_reg_is_trusted(reg)) {
		if (!(m->flags & BV_KF_RCU)) {
			bv_verbose(env, "R%u must be referenced or trusted\n",
				   regno);
			return -EINVAL;
		}
		if (!(reg->type & BV_MEM_RCU)) {
			bv_verbose(env, "R%u must be a rcu pointer\n", regno);
			return -EINVAL;
		}
	}
	err = bv_check_func_arg_reg_off(
		env, regno, release ? BV_OBJ_RELEASE : BV_ARG_PTR_TO_BTF_ID);
	if (err)
		return err;
	if ((BV_TYPE_FLAGS(reg->type) & ~BV_PTR_TRUSTED) &&
	    !(reg->type & BV_MEM_RCU)) {
		bv_verbose(env, "arg#%u is %s ", arg,
			   bv_reg_type_str(reg->type, t, sizeof(t)));
		bv_verbose(env, "expected %s or socket\n",
			   bv_reg_type_str(BV_PTR_TO_BTF_ID | base_flags, want,
					   sizeof(want)));
		return -EINVAL;
	}
	if (bv_btf_struct_ids_match(env, reg->btf_id, reg->off, ref_id,
				    release))
		return 0;
	bv_verbose(
		env,
		"kernel function %s args#%u expected pointer to %s %s but R%u has a pointer to %s %s\n",
		m->name, arg, kind_of(m->btf, ref_id),
		bv_btf_type_name(m->btf, ref_id), regno,
		kind_of(m->btf, reg->btf_id),
		bv_btf_type_name(m->btf, reg->btf_id));
	return -EINVAL;
}

/* The argument kinds get_kfunc_ptr_arg_type finds by the parameter's name
 * or type before a plain struct pointer: none is modelled. */
static bool arg_needs_more(const struct kfunc_meta *m,
			   const struct btf_param *p,
			   const struct btf_type *ref_t)
{
	static const char *const suffixes[] = {
		"__alloc",    "__refcounted_kptr", "__str",
		"__map",      "__uninit",	   "__opt",
		"__ign",      "__nullable",	   "__prog",
		"__irq_flag",
	};
	static const char *const structs[] = {
		"bpf_dynptr",	     "bpf_list_head", "bpf_list_node",
		"bpf_rb_root",	     "bpf_rb_node",   "bpf_wq",
		"bpf_res_spin_lock", "bpf_task_work",
	};
	const char *name = btf__name_by_offset(m->btf, ref_t->name_off);

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
		if (bv_btf_param_has_suffix(m->btf, p, suffixes[i]))
			return true;
	if (!name)
		return false;
	for (size_t i = 0; i < sizeof(structs) / sizeof(structs[0]); i++)
		if (!strcmp(structs[i], name))
			return true;
	return !strncmp(name, "bpf_iter_", 9) || btf_is_func_proto(ref_t);
}

/* A pointer argument. */
static int check_ptr_arg(struct bv_env *env, struct kfunc_meta *m,
			 const struct btf_param *p, const struct btf_type *t,
			 uint32_t arg)
{
	unsigned regno = arg + 1;
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];
	const struct btf_type *ref_t;
	uint32_t ref_id;

	ref_t = bv_btf_skip_modifiers(m->btf, t->type, &ref_id);
	if (!ref_t || arg_needs_more(m, p, ref_t)) {
		bv_verbose(env,
			   "this kind of kfunc argument is not modelled yet\n");
		return -BV_ENOTSUPP;
	}
	/* every kfunc of the reference build takes trusted arguments */
	if ((reg->type == BV_SCALAR_VALUE &&
	     bv_tnum_equals_const(reg->s.var_off, 0)) ||
	    (reg->type & BV_PTR_MAYBE_NULL)) {
		bv_verbose(env,
			   "Possibly NULL pointer passed to trusted arg%u\n",
			   arg);
		return -EACCES;
	}
	if (reg->ref_obj_id) {
		if ((m->flags & BV_KF_RELEASE) && m->ref_obj_id) {
			bv_verbose(
				env,
				"verifier internal error: more than one arg with ref_obj_id R%u %u %u\n",
				regno, reg->ref_obj_id, m->ref_obj_id);
			return -EFAULT;
		}
		m->ref_obj_id = reg->ref_obj_id;
		if (m->flags & BV_KF_RELEASE)
			m->release_regno = regno;
	}
	if (BV_BASE_TYPE(reg->type) != BV_PTR_TO_BTF_ID) {
		bv_verbose(
			env,
			"kfunc arguments other than BTF objects are not modelled yet\n");
		return -BV_ENOTSUPP;
	}
	if (!btf_is_struct(ref_t) && !btf_is_union(ref_t)) {
		bv_verbose(
			env,
			"kernel function %s args#%u pointer type %s %s is not supported\n",
			m->name, arg, bv_btf_kind_str(ref_t),
			bv_btf_type_name(m->btf, ref_id));
		return -EINVAL;
	}
	return check_btf_id_arg(env, m, regno, arg, ref_id);
}

/* check_kfunc_args */
static int check_kfunc_args(struct bv_env *env, struct kfunc_meta *m)
{
	const struct btf_param *args = btf_params(m->proto);
	uint32_t nargs = btf_vlen(m->proto);

	if (nargs > MAX_BPF_FUNC_REG_ARGS) {
		bv_verbose(env, "Function %s has %u > %d args\n", m->name,
			   nargs, MAX_BPF_FUNC_REG_ARGS);
		return -EINVAL;
	}
	for (uint32_t i = 0; i < nargs; i++) {
		const struct btf_type *t =
			bv_btf_skip_modifiers(m->btf, args[i].type, NULL);
		int err;

		if (bv_btf_param_has_suffix(m->btf, &args[i], "__ign")) {
			bv_verbose(
				env,
				"ignored kfunc arguments are not modelled yet\n");
			return -BV_ENOTSUPP;
		}
		err = bv_check_reg_arg(env, i + 1, BV_SRC_OP);
		if (err)
			return err;
		if (is_scalar_type(t))
			err = check_scalar_arg(env, m, &args[i], i + 1);
		else if (t && btf_is_ptr(t))
			err = check_ptr_arg(env, m, &args[i], t, i);
		else {
			bv_verbose(env, "Unrecognized arg#%u type %s\n", i,
				   t ? bv_btf_kind_str(t) : "UNKN");
			err = -EINVAL;
		}
		if (err)
			return err;
	}
	if ((m->flags & BV_KF_RELEASE) && !m->release_regno) {
		bv_verbose(
			env,
			"release kernel function %s expects refcounted PTR_TO_BTF_ID\n",
			m->name);
		return -EINVAL;
	}
	return 0;
}

/* bpf_rcu_read_unlock: RCU pointers become untrusted */
static void rcu_unlock_reg(struct bv_reg *reg, void *ctx)
{
	(void)ctx;
	if (reg->type & BV_MEM_RCU) {
		reg->type &= ~(BV_MEM_RCU | BV_PTR_MAYBE_NULL);
		reg->type |= BV_PTR_UNTRUSTED;
	}
}

/* The RCU read-side section check_kfunc_call tracks. */
static int check_rcu_region(struct bv_env *env, const struct kfunc_meta *m)
{
	bool lock = !strcmp(m->name, "bpf_rcu_read_lock");
	bool unlock = !strcmp(m->name, "bpf_rcu_read_unlock");

	if (env->cur.active_rcu_lock) {
		if (lock) {
			bv_verbose(
				env,
				"nested rcu read lock (kernel function %s)\n",
				m->name);
			return -EINVAL;
		}
		if (unlock) {
			bv_for_each_reg(&env->cur, rcu_unlock_reg, NULL);
			env->cur.active_rcu_lock = false;
		} else if (m->flags & BV_KF_SLEEPABLE) {
			bv_verbose(
				env,
				"kernel func %s is sleepable within rcu_read_lock region\n",
				m->name);
			return -EACCES;
		}
	} else if (lock) {
		env->cur.active_rcu_lock = true;
	} else if (unlock) {
		bv_verbose(env,
			   "unmatched rcu read unlock (kernel function %s)\n",
			   m->name);
		return -EINVAL;
	}
	return 0;
}

/* The non-preemptible regions check_kfunc_call counts. */
static int check_preempt_region(struct bv_env *env, const struct kfunc_meta *m)
{
	bool disable = !strcmp(m->name, "bpf_preempt_disable");
	bool enable = !strcmp(m->name, "bpf_preempt_enable");

	if (env->cur.active_preempt_locks) {
		if (disable) {
			env->cur.active_preempt_locks++;
		} else if (enable) {
			env->cur.active_preempt_locks--;
		} else if (m->flags & BV_KF_SLEEPABLE) {
			bv_verbose(
				env,
				"kernel func %s is sleepable within non-preemptible region\n",
				m->name);
			return -EACCES;
		}
	} else if (disable) {
		env->cur.active_preempt_locks++;
	} else if (enable) {
		bv_verbose(
			env,
			"unmatched attempt to enable preemption (kernel function %s)\n",
			m->name);
		return -EINVAL;
	}
	return 0;
}

/* The result: a scalar, nothing, or a pointer to a kernel struct (NULL-able
 * for KF_RET_NULL, a new reference for KF_ACQUIRE). */
static int set_kfunc_return(struct bv_env *env, const struct kfunc_meta *m)
{
	struct bv_reg *r0 = &bv_cur_regs(env)[0];
	const struct btf_type *t =
		bv_btf_skip_modifiers(m->btf, m->proto->type, NULL);
	const struct btf_type *ptr_t;
	uint32_t ptr_id;
	int id;

	if (!t || (!m->proto->type && !(m->flags & BV_KF_ACQUIRE)))
		return 0; /* void: r0 stays unreadable */
	if (is_scalar_type(t) && !(m->flags & BV_KF_ACQUIRE)) {
		bv_reg_mark_unknown(env, r0);
		r0->def_insn = env->insn_idx;
		return 0;
	}
	ptr_t = btf_is_ptr(t) ? bv_btf_skip_modifiers(m->btf, t->type, &ptr_id)
			      : NULL;
	if (!ptr_t || !btf_is_struct(ptr_t)) {
		if (m->flags & BV_KF_ACQUIRE) {
			bv_verbose(
				env,
				"acquire kernel function does not return PTR_TO_BTF_ID\n");
			return -EINVAL;
		}
		bv_verbose(env,
			   "kfuncs returning memory are not modelled yet\n");
		return -BV_ENOTSUPP;
	}
	bv_reg_mark_ptr(r0, BV_PTR_TO_BTF_ID);
	r0->btf_id = ptr_id;
	r0->def_insn = env->insn_idx;
	if (m->flags & BV_KF_RET_NULL) {
		r0->type |= BV_PTR_MAYBE_NULL;
		r0->id = ++env->id_gen;
	}
	if (!(m->flags & BV_KF_ACQUIRE))
		return 0;
	id = bv_acquire_reference(env);
	if (id < 0)
		return id;
	if (m->flags & BV_KF_RET_NULL)
		r0->id = (uint32_t)id;
	r0->ref_obj_id = (uint32_t)id;
	return 0;
}

/* The checks of check_kfunc_call before the arguments. */
static int check_kfunc_allowed(struct bv_env *env, const struct bv_insn *insn,
			       struct kfunc_meta *m)
{
	int col;

	if (!fetch_kfunc_meta(env->prog, insn, m, &col)) {
		if (col < 0 || !m->name) {
			bv_verbose(
				env,
				"kfunc availability for this program variant is not known\n");
			return -BV_ENOTSUPP;
		}
		bv_verbose(env, BV_MSG_KFUNC_DENIED "\n", m->name);
		return -EACCES;
	}
	if ((m->flags & BV_KF_SLEEPABLE) &&
	    !(env->prog->prog_flags & BV_F_SLEEPABLE)) {
		bv_verbose(env, BV_MSG_KFUNC_SLEEPABLE "\n", m->name);
		return -EACCES;
	}
	if (is_special(m->name) ||
	    (m->flags & (BV_KF_ITER_NEW | BV_KF_ITER_NEXT | BV_KF_ITER_DESTROY |
			 BV_KF_DESTRUCTIVE | BV_KF_ARENA_RET |
			 BV_KF_ARENA_ARG1 | BV_KF_ARENA_ARG2))) {
		bv_verbose(env, "the kfunc %s is not modelled yet\n", m->name);
		return -BV_ENOTSUPP;
	}
	return 0;
}

int bv_check_kfunc_call(struct bv_env *env, const struct bv_insn *insn)
{
	struct kfunc_meta m;
	int err = check_kfunc_allowed(env, insn, &m);

	if (!err)
		err = check_kfunc_args(env, &m);
	if (!err)
		err = check_rcu_region(env, &m);
	if (!err)
		err = check_preempt_region(env, &m);
	if (err)
		return err;
	if (m.release_regno) {
		err = bv_release_reference(env, m.ref_obj_id);
		if (err) {
			bv_verbose(
				env,
				"kfunc %s#%d reference has not been acquired before\n",
				m.name, insn->imm);
			return err;
		}
	}
	bv_clobber_caller_saved(env);
	bv_reg_mark_not_init(&bv_cur_regs(env)[0]);
	return set_kfunc_return(env, &m);
}
