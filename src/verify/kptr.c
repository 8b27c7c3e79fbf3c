/* SPDX-License-Identifier: MIT */
/* Kernel objects kept in map values as kptrs (__kptr, __kptr_untrusted):
 * loads and stores of the field (check_map_kptr_access), the pointers it
 * accepts (map_kptr_match_type), and bpf_kptr_xchg's destination
 * (process_kptr_func), as kernel/bpf/verifier.c of Linux 6.18 checks them.
 * Kptrs of program-allocated objects and per-CPU kptrs are not modelled. */
#include "verify/kptr.h"

#include "verify/btf_ptr.h"

#include <errno.h>
#include <string.h>

/* rcu_protected_types: the kernel objects whose kptrs may be read as RCU
 * pointers inside an RCU read-side section */
static bool rcu_protected(const char *name)
{
	static const char *const types[] = {
		"prog_test_ref_kfunc", "cgroup",	 "bpf_cpumask",
		"task_struct",	       "bpf_crypto_ctx",
	};

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(types[i], name))
			return true;
	return false;
}

int bv_kptr_btf_id(struct bv_env *env, const struct bv_map_field *f,
		   uint32_t *btf_id)
{
	*btf_id = f->kptr_type ? bv_btf_struct_id(env, f->kptr_type) : 0;
	if (*btf_id && f->kptr != BV_KPTR_PERCPU)
		return 0;
	bv_verbose(
		env,
		"kptrs of program-allocated or per-CPU objects are not modelled yet\n");
	return -BV_ENOTSUPP;
}

/* btf_ld_kptr_type */
static uint32_t loaded_kptr_flags(const struct bv_env *env,
				  const struct bv_map_field *f)
{
	if (f->kptr == BV_KPTR_REF && rcu_protected(f->kptr_type) &&
	    bv_in_rcu_cs(env))
		return BV_MEM_RCU | BV_PTR_MAYBE_NULL;
	return BV_PTR_UNTRUSTED | BV_PTR_MAYBE_NULL;
}

int bv_map_kptr_match_type(struct bv_env *env, const struct bv_map_field *f,
			   unsigned regno)
{
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];
	uint32_t perm = BV_PTR_MAYBE_NULL | BV_PTR_TRUSTED | BV_MEM_RCU;
	const struct btf *btf = bv_env_kernel_btf(env);
	const char *reg_name = "";
	char t[64], want[64];
	uint32_t need;
	int err = bv_kptr_btf_id(env, f, &need);

	if (err)
		return err;
	if (f->kptr == BV_KPTR_UNREF)
		perm |= BV_PTR_UNTRUSTED; /* only stores may be untrusted */
	if (BV_BASE_TYPE(reg->type) == BV_PTR_TO_BTF_ID &&
	    !(BV_TYPE_FLAGS(reg->type) & ~perm)) {
		reg_name = bv_btf_type_name(btf, reg->btf_id);
		if (bv_check_ptr_off_reg(env, reg, regno, true))
			return -EACCES;
		if (bv_btf_struct_ids_match(env, reg->btf_id, reg->off, need,
					    f->kptr != BV_KPTR_UNREF))
			return 0;
	}
	bv_verbose(env, "invalid kptr access, R%u type=%s%s ", regno,
		   bv_reg_type_str(reg->type, t, sizeof(t)), reg_name);
	bv_verbose(env, "expected=%s%s",
		   bv_reg_type_str(BV_PTR_TO_BTF_ID, want, sizeof(want)),
		   f->kptr_type);
	if (f->kptr == BV_KPTR_UNREF)
		bv_verbose(env, " or %s%s\n",
			   bv_reg_type_str(BV_PTR_TO_BTF_ID | BV_PTR_UNTRUSTED,
					   want, sizeof(want)),
			   f->kptr_type);
	else
		bv_verbose(env, "\n");
	return -EINVAL;
}

int bv_check_map_kptr_access(struct bv_env *env, int value_regno,
			     const struct bv_insn *insn,
			     const struct bv_map_field *f)
{
	unsigned cls = BV_CLASS(insn->code);
	uint32_t btf_id;
	int err = bv_kptr_btf_id(env, f, &btf_id);

	if (err)
		return err;
	if (BV_MODE(insn->code) != BV_MEM) {
		bv_verbose(
			env,
			"kptr in map can only be accessed using BPF_MEM instruction mode\n");
		return -EACCES;
	}
	/* a referenced kptr changes hands through bpf_kptr_xchg only */
	if (cls != BV_LDX && f->kptr != BV_KPTR_UNREF) {
		bv_verbose(env, "store to referenced kptr disallowed\n");
		return -EACCES;
	}
	if (cls == BV_LDX) {
		bv_mark_btf_ld_reg(env, &bv_cur_regs(env)[value_regno],
				   BV_PTR_TO_BTF_ID | loaded_kptr_flags(env, f),
				   btf_id);
		return 0;
	}
	if (cls == BV_STX) {
		const struct bv_reg *val = &bv_cur_regs(env)[value_regno];

		if (val->type == BV_SCALAR_VALUE &&
		    bv_tnum_equals_const(val->s.var_off, 0))
			return 0;
		return bv_map_kptr_match_type(env, f, (unsigned)value_regno);
	}
	if (insn->imm) {
		bv_verbose(
			env,
			"BPF_ST imm must be 0 when storing to kptr at off=%u\n",
			f->off);
		return -EACCES;
	}
	return 0;
}

int bv_process_kptr_func(struct bv_env *env, unsigned regno,
			 struct bv_map_field *out)
{
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];
	const struct bv_map_field *f = NULL;
	const struct bv_map_record *rec;
	int64_t off;

	if (BV_BASE_TYPE(reg->type) != BV_PTR_TO_MAP_VALUE) {
		bv_verbose(
			env,
			"kptr_xchg on program-allocated objects is not modelled yet\n");
		return -BV_ENOTSUPP;
	}
	rec = bv_env_map_record(env, reg->map_idx);
	if (!rec) {
		bv_verbose(env,
			   "kptr_xchg into inner maps is not modelled yet\n");
		return -BV_ENOTSUPP;
	}
	if (!env->prog->map_extra[reg->map_idx].btf_value_type_id) {
		bv_verbose(
			env,
			"map '%s' has to have BTF in order to use bpf_kptr_xchg\n",
			bv_program_map_at(env->prog, reg->map_idx)->name);
		return -EINVAL;
	}
	if (!bv_tnum_is_const(reg->s.var_off)) {
		bv_verbose(
			env,
			"R%u doesn't have constant offset. kptr has to be at the constant offset\n",
			regno);
		return -EINVAL;
	}
	off = reg->off + (int64_t)reg->s.var_off.value;
	for (unsigned i = 0; i < rec->n; i++) {
		if (rec->f[i].kind != BV_FIELD_KPTR)
			continue;
		if (!f)
			f = &rec->f[i]; /* some kptr exists */
		if (rec->f[i].off == off) {
			f = &rec->f[i];
			break;
		}
	}
	if (!f) {
		bv_verbose(env, "R%u has no valid kptr\n", regno);
		return -EINVAL;
	}
	if (f->off != off) {
		bv_verbose(env, "off=%lld doesn't point to kptr\n",
			   (long long)off);
		return -EACCES;
	}
	if (f->kptr != BV_KPTR_REF && f->kptr != BV_KPTR_PERCPU) {
		bv_verbose(env, "off=%lld kptr isn't referenced kptr\n",
			   (long long)off);
		return -EACCES;
	}
	*out = *f;
	return 0;
}
