/* SPDX-License-Identifier: MIT */
/* Loads and stores through PTR_TO_BTF_ID: the field a (off, size) access
 * reaches in the kernel struct (btf_struct_walk and btf_struct_access of
 * kernel/bpf/btf.c), and the type the loaded register gets
 * (check_ptr_to_btf_access of kernel/bpf/verifier.c), Linux 6.18. */
#include "verify/btf_ptr.h"

#include "domain/tnum.h"
#include "load/sec_def.h"

#include <bpf/btf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* MAX_RESOLVE_DEPTH of kernel/bpf/btf.c: a chain of modifiers longer than
 * this is not followed (the kernel refuses such BTF when loading it). */
#define MAX_RESOLVE_DEPTH 32

/* The three outcomes of btf_struct_walk besides an error. */
enum walk_result {
	WALK_SCALAR,
	WALK_PTR,
	WALK_PTR_UNTRUSTED, /* a pointer to something that is not a struct */
	WALK_STRUCT,
};

/* What a walk found: the type a pointer field points to, the flags it
 * collected on the way (union walks, __rcu/__user/__percpu tags), and the
 * pointer field's name for the __safe_* allow lists. */
struct walk {
	uint32_t next_id;
	uint32_t flag;
	const char *field;
};

const struct btf *bv_env_kernel_btf(const struct bv_env *env)
{
	return env->prog->target_btf ? env->prog->target_btf->btf : NULL;
}

const char *bv_btf_type_name(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *name = t ? btf__name_by_offset(btf, t->name_off) : NULL;

	return name ? name : "";
}

/* btf_type_is_modifier: types that name another and have no size of
 * their own (typedefs count, pointers do not) */
static bool is_modifier(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG: return true;
	default: return false;
	}
}

const struct btf_type *bv_btf_skip_modifiers(const struct btf *btf, uint32_t id,
					     uint32_t *res_id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	for (int depth = 0; t && is_modifier(t); depth++) {
		if (depth == MAX_RESOLVE_DEPTH)
			return NULL;
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (res_id)
		*res_id = id;
	return t;
}

bool bv_btf_param_has_suffix(const struct btf *btf, const struct btf_param *p,
			     const char *suffix)
{
	const char *name = btf__name_by_offset(btf, p->name_off);
	size_t len, slen = strlen(suffix);

	if (!name)
		return false;
	len = strlen(name);
	return len > slen && !strcmp(name + len - slen, suffix);
}

const char *bv_btf_kind_str(const struct btf_type *t)
{
	static const char *const kinds[] = {
		"UNKN",	   "INT",      "PTR",	   "ARRAY",	 "STRUCT",
		"UNION",   "ENUM",     "FWD",	   "TYPEDEF",	 "VOLATILE",
		"CONST",   "RESTRICT", "FUNC",	   "FUNC_PROTO", "VAR",
		"DATASEC", "FLOAT",    "DECL_TAG", "TYPE_TAG",	 "ENUM64",
	};
	unsigned kind = btf_kind(t);

	return kind < sizeof(kinds) / sizeof(kinds[0]) ? kinds[kind] : "UNKN";
}

/* btf_type_is_struct: a struct or a union */
static bool is_struct(const struct btf_type *t)
{
	return t && (btf_is_struct(t) || btf_is_union(t));
}

static const char *type_name(const struct btf *btf, const struct btf_type *t)
{
	const char *name = btf__name_by_offset(btf, t->name_off);

	return name ? name : "";
}

/* The size of a member's type, arrays linearised (__btf_resolve_size). */
struct resolved {
	const struct btf_type *type; /* the outermost array, or the type */
	const struct btf_type *elem; /* the type after arrays and modifiers */
	uint32_t elem_id;	     /* the innermost array's element id */
	uint32_t type_id;	     /* the id after the last modifier */
	uint32_t size;		     /* of the whole member */
	uint32_t nelems;	     /* 1 unless an array */
};

static bool resolve_size(const struct btf *btf, uint32_t id, struct resolved *r)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const struct btf_type *array_type = NULL;
	uint64_t nelems = 1, size;

	r->elem_id = 0;
	r->type_id = id;
	for (int depth = 0; t && depth < MAX_RESOLVE_DEPTH; depth++) {
		switch (btf_kind(t)) {
		case BTF_KIND_INT:
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_ENUM:
		case BTF_KIND_FLOAT:
		case BTF_KIND_ENUM64:
		case BTF_KIND_PTR:
			size = btf_is_ptr(t) ? 8 : t->size;
			if (nelems * size > UINT32_MAX)
				return false;
			r->size = (uint32_t)(nelems * size);
			r->nelems = (uint32_t)nelems;
			r->elem = t;
			r->type = array_type ? array_type : t;
			return true;
		case BTF_KIND_ARRAY:
			if (!array_type)
				array_type = t;
			nelems *= btf_array(t)->nelems;
			if (nelems > UINT32_MAX)
				return false;
			r->elem_id = btf_array(t)->type;
			t = btf__type_by_id(btf, btf_array(t)->type);
			break;
		default:
			if (!is_modifier(t))
				return false;
			r->type_id = t->type;
			t = btf__type_by_id(btf, t->type);
			break;
		}
	}
	return false;
}

/* A member access past the struct's size is allowed only into a flexible
 * array at its end; the walk goes on in the array's element. */
static int walk_flex_array(struct bv_env *env, const struct btf *btf,
			   const struct btf_type **t, uint32_t *off,
			   uint32_t size)
{
	const struct btf_type *s = *t, *mtype, *elem;
	uint16_t vlen = btf_vlen(s);
	uint32_t moff;

	if (vlen == 0)
		goto error;
	mtype = bv_btf_skip_modifiers(btf, btf_members(s)[vlen - 1].type, NULL);
	if (!mtype || !btf_is_array(mtype) || btf_array(mtype)->nelems != 0)
		goto error;
	moff = btf_member_bit_offset(s, vlen - 1) / 8;
	if (*off < moff)
		goto error;
	elem = bv_btf_skip_modifiers(btf, btf_array(mtype)->type, NULL);
	if (elem && btf_is_int(elem))
		return WALK_SCALAR;
	if (!is_struct(elem) || !elem->size)
		goto error;
	*off = (*off - moff) % elem->size;
	*t = elem;
	return WALK_STRUCT;
error:
	bv_verbose(env, "access beyond struct %s at off %u size %u\n",
		   type_name(btf, s), *off, size);
	return -EACCES;
}

/* The flag a type tag on a pointer field's target gives the loaded
 * pointer. */
static uint32_t tag_flag(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *tag;

	if (!t || !btf_is_type_tag(t))
		return 0;
	tag = type_name(btf, t);
	if (!strcmp(tag, "user"))
		return BV_MEM_USER;
	if (!strcmp(tag, "percpu"))
		return BV_MEM_PERCPU;
	if (!strcmp(tag, "rcu"))
		return BV_MEM_RCU;
	return 0;
}

static int walk_ptr_member(struct bv_env *env, const struct btf *btf,
			   const struct btf_type *s,
			   const struct btf_type *mtype, const char *mname,
			   uint32_t moff, uint32_t off, uint32_t size,
			   uint32_t msize, struct walk *w)
{
	const struct btf_type *target;
	uint32_t id;

	if (msize != size || off != moff) {
		bv_verbose(
			env,
			"cannot access ptr member %s with moff %u in struct %s with off %u size %u\n",
			mname, moff, type_name(btf, s), off, size);
		return -EACCES;
	}
	target = bv_btf_skip_modifiers(btf, mtype->type, &id);
	if (!is_struct(target))
		return WALK_PTR_UNTRUSTED;
	w->next_id = id;
	w->flag |= tag_flag(btf, mtype->type);
	w->field = mname;
	return WALK_PTR;
}

/* What one member tells the walk besides an outcome: look at the next
 * member, stop looking (off is in a hole, or before this member), or walk
 * again inside the nested struct the member is. */
enum member_step {
	NEXT_MEMBER = -1000,
	NO_MEMBER = -1001,
	WALK_AGAIN = -1002,
};

static int walk_member(struct bv_env *env, const struct btf *btf,
		       const struct btf_type **t, uint32_t i, uint32_t *off,
		       uint32_t size, struct walk *w)
{
	const struct btf_type *s = *t;
	const struct btf_member *m = &btf_members(s)[i];
	uint32_t bit_off = btf_member_bit_offset(s, i);
	uint32_t bits = btf_member_bitfield_size(s, i);
	uint32_t moff = bit_off / 8, mtrue_end, msize;
	const char *mname = btf__name_by_offset(btf, m->name_off);
	const struct btf_type *mtype;
	struct resolved r;
	uint32_t mid;

	if (*off + size <= moff)
		return NO_MEMBER;
	if (bits) {
		/* off <= moff: clang emits no member for an anonymous
		 * bitfield, so a read may start before this one */
		if (*off <= moff && (bit_off + bits + 7) / 8 <= *off + size)
			return WALK_SCALAR;
		return NEXT_MEMBER;
	}
	if (*off < moff)
		return NO_MEMBER;
	if (!resolve_size(btf, m->type, &r)) {
		bv_verbose(env, "field %s doesn't have size\n",
			   mname ? mname : "");
		return -EFAULT;
	}
	mtype = r.type;
	msize = r.size;
	mid = r.type_id;
	mtrue_end = moff + msize;
	if (*off >= mtrue_end)
		return NEXT_MEMBER;
	if (btf_is_array(mtype)) {
		if (moff == mtrue_end)
			return NEXT_MEMBER; /* an empty array */
		msize /= r.nelems;
		moff += (*off - moff) / msize * msize;
		mtype = r.elem;
		mid = r.elem_id;
	}
	if (is_struct(mtype)) {
		*t = mtype;
		if (*off == moff) {
			w->next_id = mid;
			return WALK_STRUCT;
		}
		*off -= moff;
		return WALK_AGAIN;
	}
	if (btf_is_ptr(mtype)) {
		int ret =
			walk_ptr_member(env, btf, s, mtype, mname ? mname : "",
					moff, *off, size, msize, w);

		if (ret != WALK_SCALAR)
			return ret;
	}
	/* an int may be read anywhere up to the member's true end, so an
	 * array of ints is scratch space (skb->cb[]) */
	if (*off + size > mtrue_end && !(w->flag & BV_PTR_UNTRUSTED)) {
		bv_verbose(
			env,
			"access beyond the end of member %s (mend:%u) in struct %s with off %u size %u\n",
			mname ? mname : "", mtrue_end, type_name(btf, s), *off,
			size);
		return -EACCES;
	}
	return WALK_SCALAR;
}

/* btf_struct_walk */
static int struct_walk(struct bv_env *env, const struct btf *btf,
		       const struct btf_type *t, uint32_t off, uint32_t size,
		       struct walk *w)
{
	for (int depth = 0; depth < MAX_RESOLVE_DEPTH * 8; depth++) {
		int ret = NO_MEMBER;
		uint16_t vlen;

		if (t && is_modifier(t))
			t = bv_btf_skip_modifiers(btf, t->type, NULL);
		if (!is_struct(t)) {
			bv_verbose(env, "Type '%s' is not a struct\n",
				   t ? type_name(btf, t) : "");
			return -EINVAL;
		}
		vlen = btf_vlen(t);
		/* walking a union yields untrusted pointers, unless it has
		 * a single member (__bpf_md_ptr) */
		if (btf_is_union(t) && vlen != 1)
			w->flag |= BV_PTR_UNTRUSTED;
		if (off + size > t->size) {
			ret = walk_flex_array(env, btf, &t, &off, size);
			if (ret == WALK_STRUCT)
				continue;
			return ret;
		}
		for (uint32_t i = 0; i < vlen; i++) {
			ret = walk_member(env, btf, &t, i, &off, size, w);
			if (ret != NEXT_MEMBER)
				break;
			ret = NO_MEMBER;
		}
		if (ret == WALK_AGAIN)
			continue;
		if (ret != NO_MEMBER)
			return ret;
		bv_verbose(env, "struct %s doesn't have field at offset %u\n",
			   type_name(btf, t), off);
		return -EINVAL;
	}
	return -EINVAL;
}

/* btf_struct_access: the register type a load yields (SCALAR_VALUE,
 * PTR_TO_BTF_ID or PTR_TO_MEM), or -errno. */
static int struct_access(struct bv_env *env, const struct bv_reg *reg,
			 uint32_t off, uint32_t size, struct walk *w)
{
	const struct btf *btf = bv_env_kernel_btf(env);
	const struct btf_type *t = btf__type_by_id(btf, reg->btf_id);
	struct walk step = { 0 };

	for (;;) {
		int ret = struct_walk(env, btf, t, off, size, &step);

		switch (ret) {
		case WALK_PTR: *w = step; return BV_PTR_TO_BTF_ID;
		case WALK_PTR_UNTRUSTED:
			w->flag = BV_MEM_RDONLY | BV_PTR_UNTRUSTED;
			return BV_PTR_TO_MEM;
		case WALK_SCALAR: return BV_SCALAR_VALUE;
		case WALK_STRUCT:
			/* the nested struct starts at off: walk it from 0 */
			t = btf__type_by_id(btf, step.next_id);
			off = 0;
			break;
		default: return ret;
		}
	}
}

/* btf_nested_type_is_trusted: whether the kernel lists the field (by name
 * and type) in the struct "<reg's struct><suffix>" it emits into its BTF
 * (BTF_TYPE_SAFE_RCU, _RCU_OR_NULL, _TRUSTED, _TRUSTED_OR_NULL). */
static bool nested_type_is_trusted(struct bv_shared_btf *target,
				   const struct bv_reg *reg,
				   const struct walk *w, const char *suffix)
{
	const struct btf *btf = target->btf;
	const struct btf_type *walk_type = btf__type_by_id(btf, reg->btf_id);
	const struct btf_type *safe;
	char safe_name[64];
	int safe_id;

	if (!walk_type || !w->field)
		return false;
	if ((size_t)snprintf(safe_name, sizeof(safe_name), "%s%s",
			     type_name(btf, walk_type),
			     suffix) >= sizeof(safe_name))
		return false;
	safe_id = bv_shared_btf_find(target, safe_name, btf_kind(walk_type));
	if (safe_id < 0)
		return false;
	safe = btf__type_by_id(btf, (uint32_t)safe_id);
	for (uint16_t i = 0; i < btf_vlen(safe); i++) {
		const struct btf_member *m = &btf_members(safe)[i];
		const struct btf_type *mtype = btf__type_by_id(btf, m->type);
		const char *name = btf__name_by_offset(btf, m->name_off);
		uint32_t id;

		if (!mtype || !btf_is_ptr(mtype))
			continue;
		bv_btf_skip_modifiers(btf, mtype->type, &id);
		if (id == w->next_id && name && !strcmp(name, w->field))
			return true;
	}
	return false;
}

/* BPF_REG_TRUSTED_MODIFIERS */
#define TRUSTED_MODIFIERS (BV_MEM_ALLOC | BV_PTR_TRUSTED)

/* is_trusted_reg for a PTR_TO_BTF_ID: referenced, or trusted by its flags
 * and no other flag (bpf_type_has_unsafe_modifiers) */
bool bv_reg_is_trusted(const struct bv_reg *reg)
{
	uint32_t flags = BV_TYPE_FLAGS(reg->type);

	return reg->ref_obj_id ||
	       ((flags & TRUSTED_MODIFIERS) && !(flags & ~TRUSTED_MODIFIERS));
}

/* in_rcu_cs: inside bpf_rcu_read_lock(), or a non-sleepable program,
 * which runs in an RCU read-side section (spin locks are not modelled) */
bool bv_in_rcu_cs(const struct bv_env *env)
{
	return env->cur.active_rcu_lock ||
	       !(env->prog->prog_flags & BV_F_SLEEPABLE);
}

/* The trust of a pointer loaded from a trusted or RCU pointer: what the
 * kernel's allow lists and the field's __rcu tag say; any other field
 * yields an untrusted pointer. */
static uint32_t walked_from_trusted(const struct bv_env *env,
				    const struct bv_reg *reg,
				    const struct walk *w)
{
	struct bv_shared_btf *target = env->prog->target_btf;
	uint32_t flag = w->flag;
	bool rcu_or_null;

	if (nested_type_is_trusted(target, reg, w, "__safe_trusted"))
		return flag | BV_PTR_TRUSTED;
	if (nested_type_is_trusted(target, reg, w, "__safe_trusted_or_null"))
		return flag | BV_PTR_TRUSTED | BV_PTR_MAYBE_NULL;
	if (!bv_in_rcu_cs(env) || (reg->type & BV_PTR_MAYBE_NULL))
		return BV_PTR_UNTRUSTED;
	if (nested_type_is_trusted(target, reg, w, "__safe_rcu"))
		return flag | BV_MEM_RCU;
	rcu_or_null =
		nested_type_is_trusted(target, reg, w, "__safe_rcu_or_null");
	if ((flag & BV_MEM_RCU) || rcu_or_null) {
		flag |= BV_MEM_RCU | BV_PTR_MAYBE_NULL;
		if (rcu_or_null)
			flag &= ~BV_PTR_UNTRUSTED; /* always trusted */
		return flag;
	}
	if (flag & (BV_MEM_PERCPU | BV_MEM_USER))
		return flag;
	/* the reference build marks other walked pointers untrusted
	 * (measured: task->mm is untrusted_ptr_mm_struct) */
	return BV_PTR_UNTRUSTED;
}

/* The flags of a PTR_TO_BTF_ID loaded through reg. */
static uint32_t loaded_ptr_flags(const struct bv_env *env,
				 const struct bv_reg *reg, const struct walk *w)
{
	if (reg->type & BV_PTR_UNTRUSTED)
		return BV_PTR_UNTRUSTED; /* inherited by all it reaches */
	if (bv_reg_is_trusted(reg) || (reg->type & BV_MEM_RCU))
		return walked_from_trusted(env, reg, w);
	/* old compat: a plain pointer stays plain */
	return w->flag & ~(TRUSTED_MODIFIERS | BV_MEM_RCU);
}

void bv_mark_btf_ld_reg(struct bv_env *env, struct bv_reg *reg,
			uint32_t reg_type, uint32_t btf_id)
{
	if (reg_type == BV_SCALAR_VALUE) {
		bv_reg_mark_unknown(env, reg);
		reg->def_insn = env->insn_idx;
		return;
	}
	bv_reg_mark_ptr(reg, reg_type);
	reg->def_insn = env->insn_idx;
	if (BV_BASE_TYPE(reg_type) == BV_PTR_TO_BTF_ID)
		reg->btf_id = btf_id;
	if (reg_type & BV_PTR_MAYBE_NULL)
		reg->id = ++env->id_gen;
}

/* The checks of check_ptr_to_btf_access before the walk. */
static int btf_access_allowed(struct bv_env *env, unsigned regno, int off,
			      bool write, const char *tname)
{
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];

	if (!env->allow_ptr_leaks) {
		bv_verbose(
			env,
			"'struct %s' access is allowed only to CAP_PERFMON and CAP_SYS_ADMIN\n",
			tname);
		return -EPERM;
	}
	if (!bv_program_gpl_compatible(env->prog)) {
		bv_verbose(
			env,
			"Cannot access kernel 'struct %s' from non-GPL compatible program\n",
			tname);
		return -EINVAL;
	}
	if (off < 0) {
		bv_verbose(env,
			   "R%u is ptr_%s invalid negative access: off=%d\n",
			   regno, tname, off);
		return -EACCES;
	}
	if (!bv_tnum_is_const(reg->s.var_off) || reg->s.var_off.value) {
		char tn[48];

		bv_tnum_strn(tn, sizeof(tn), reg->s.var_off);
		bv_verbose(
			env,
			"R%u is ptr_%s invalid variable offset: off=%d, var_off=%s\n",
			regno, tname, off, tn);
		return -EACCES;
	}
	if (reg->type & BV_MEM_USER) {
		bv_verbose(env, "R%u is ptr_%s access user memory: off=%d\n",
			   regno, tname, off);
		return -EACCES;
	}
	if (reg->type & BV_MEM_PERCPU) {
		bv_verbose(env, "R%u is ptr_%s access percpu memory: off=%d\n",
			   regno, tname, off);
		return -EACCES;
	}
	if (write) {
		/* no program type with BTF pointers here has a
		 * btf_struct_access callback for writes */
		bv_verbose(env, "only read is supported\n");
		return -EACCES;
	}
	return 0;
}

int bv_check_ptr_to_btf_access(struct bv_env *env, unsigned regno, int off,
			       int size, bool write, int value_regno)
{
	struct bv_reg *regs = bv_cur_regs(env);
	const struct bv_reg *reg = &regs[regno];
	const struct btf *btf = bv_env_kernel_btf(env);
	struct walk w = { 0 };
	int ret;

	if (!btf || (reg->type & BV_MEM_ALLOC)) {
		bv_verbose(env, "this BTF object is not modelled yet\n");
		return -BV_ENOTSUPP;
	}
	ret = btf_access_allowed(env, regno, off, write,
				 bv_btf_type_name(btf, reg->btf_id));
	if (ret)
		return ret;
	ret = struct_access(env, reg, (uint32_t)off, (uint32_t)size, &w);
	if (ret < 0)
		return ret;
	if (ret == BV_PTR_TO_BTF_ID)
		ret |= (int)loaded_ptr_flags(env, reg, &w);
	else if (ret == BV_PTR_TO_MEM)
		ret |= (int)w.flag;
	if (value_regno >= 0)
		bv_mark_btf_ld_reg(env, &regs[value_regno], (uint32_t)ret,
				   w.next_id);
	return 0;
}

bool bv_btf_struct_ids_match(struct bv_env *env, uint32_t id, int off,
			     uint32_t need_id, bool strict)
{
	const struct btf *btf = bv_env_kernel_btf(env);

	if (off == 0 && id == need_id)
		return true;
	/* a strict match (release arguments) does not look inside */
	if (strict || off < 0)
		return false;
	/* the struct at off (its first member, recursively) may be the one
	 * needed: a struct tcp_sock starts with its struct sock */
	for (int depth = 0; depth < MAX_RESOLVE_DEPTH; depth++) {
		struct walk w = { 0 };
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (!t || struct_walk(env, btf, t, (uint32_t)off, 1, &w) !=
				  WALK_STRUCT)
			return false;
		id = w.next_id;
		if (id == need_id)
			return true;
		off = 0;
	}
	return false;
}

uint32_t bv_btf_struct_id(const struct bv_env *env, const char *name)
{
	struct bv_shared_btf *target = env->prog->target_btf;
	int id =
		target ? bv_shared_btf_find(target, name, BTF_KIND_STRUCT) : -1;

	return id > 0 ? (uint32_t)id : 0;
}
