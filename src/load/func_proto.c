/* SPDX-License-Identifier: MIT */
/* btf_prepare_func_args (kernel/bpf/btf.c, Linux 6.18): what the verifier
 * assumes of a subprogram's arguments, from the BTF of its prototype and the
 * "arg:" decl tags of its parameters. */
#include "load/func_proto.h"
#include "spec/ctx.h"

#include <bpf/btf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* the kernel's bound on chains of modifiers (btf.c) */
#define MAX_RESOLVE_DEPTH 32

enum arg_tag {
	TAG_CTX = 1u << 0,
	TAG_TRUSTED = 1u << 1,
	TAG_NONNULL = 1u << 2,
	TAG_NULLABLE = 1u << 3,
	TAG_ARENA = 1u << 4,
	TAG_UNTRUSTED = 1u << 5,
};

struct prep {
	const struct btf *btf;
	uint32_t func_id;
	bool global;
	uint32_t prog_type;
	const char *tname;
	int *err;
	char *msg;
	size_t len;
};

__attribute__((format(printf, 3, 4))) static enum bv_proto_status
refuse(struct prep *p, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->msg, p->len, fmt, ap);
	va_end(ap);
	*p->err = err;
	return BV_PROTO_INVALID;
}

/* a static function's prototype that the kernel refuses without a word */
static enum bv_proto_status refuse_silently(struct prep *p)
{
	return refuse(p, EINVAL, "%s", "");
}

static enum bv_proto_status unmodelled(struct prep *p, unsigned arg,
				       const char *what)
{
	snprintf(p->msg, p->len, "arg#%u of %s(): %s is not modelled yet", arg,
		 p->tname, what);
	return BV_PROTO_UNMODELLED;
}

/* btf_type_is_modifier: typedef, volatile, const, restrict, type tag */
static bool is_modifier(const struct btf_type *t)
{
	return btf_is_mod(t) || btf_is_typedef(t);
}

static const struct btf_type *skip_modifiers(const struct btf *btf,
					     uint32_t *id)
{
	const struct btf_type *t = btf__type_by_id(btf, *id);

	for (unsigned depth = 0; t && is_modifier(t); depth++) {
		if (depth == MAX_RESOLVE_DEPTH)
			return NULL; /* a loop of typedefs the kernel refuses */
		*id = t->type;
		t = btf__type_by_id(btf, *id);
	}
	return t;
}

static bool is_int_or_enum(const struct btf_type *t)
{
	return t && (btf_is_int(t) || btf_is_any_enum(t));
}

/* btf_type_str */
static const char *kind_str(const struct btf_type *t)
{
	static const char *const names[] = {
		"UNKNOWN", "INT",      "PTR",	   "ARRAY",	 "STRUCT",
		"UNION",   "ENUM",     "FWD",	   "TYPEDEF",	 "VOLATILE",
		"CONST",   "RESTRICT", "FUNC",	   "FUNC_PROTO", "VAR",
		"DATASEC", "FLOAT",    "DECL_TAG", "TYPE_TAG",	 "ENUM64",
	};
	unsigned k = t ? btf_kind(t) : 0;

	return k < sizeof(names) / sizeof(names[0]) ? names[k] : "UNKNOWN";
}

/* The "arg:" decl tags of parameter arg, in BTF order
 * (btf_find_next_decl_tag). */
static enum bv_proto_status read_tags(struct prep *p, unsigned arg,
				      uint32_t *tags)
{
	static const struct {
		const char *name;
		uint32_t tag;
	} known[] = {
		{ "ctx", TAG_CTX },
		{ "trusted", TAG_TRUSTED },
		{ "untrusted", TAG_UNTRUSTED },
		{ "nonnull", TAG_NONNULL },
		{ "nullable", TAG_NULLABLE },
		{ "arena", TAG_ARENA },
	};
	uint32_t n = btf__type_cnt(p->btf);

	*tags = 0;
	for (uint32_t id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(p->btf, id);
		const char *name;
		size_t k;

		if (!btf_is_decl_tag(t) || t->type != p->func_id ||
		    btf_decl_tag(t)->component_idx != (int)arg)
			continue;
		name = btf__name_by_offset(p->btf, t->name_off);
		if (!name || strncmp(name, "arg:", 4))
			continue;
		if (!p->global)
			return refuse(p, EOPNOTSUPP,
				      "arg#%u type tag is not supported in "
				      "static functions",
				      arg);
		for (k = 0; k < sizeof(known) / sizeof(known[0]); k++)
			if (!strcmp(name + 4, known[k].name))
				break;
		if (k == sizeof(known) / sizeof(known[0]))
			return refuse(p, EOPNOTSUPP,
				      "arg#%u has unsupported set of tags",
				      arg);
		*tags |= known[k].tag;
	}
	return BV_PROTO_OK;
}

/* btf_is_prog_ctx_type: the pointee's name against the program type's
 * context (kprobe also takes the bpf_user_pt_regs_t typedef itself) */
static bool is_prog_ctx(struct prep *p, const struct btf_type *ptr)
{
	uint32_t id = ptr->type;
	const struct btf_type *t = btf__type_by_id(p->btf, id);

	if (p->prog_type == 2 /* kprobe */) {
		for (unsigned depth = 0;
		     t && btf_is_mod(t) && depth < MAX_RESOLVE_DEPTH; depth++) {
			id = t->type;
			t = btf__type_by_id(p->btf, id);
		}
		if (t && btf_is_typedef(t) &&
		    !strcmp(btf__name_by_offset(p->btf, t->name_off),
			    "bpf_user_pt_regs_t"))
			return true;
	}
	t = skip_modifiers(p->btf, &id);
	if (!t || !btf_is_composite(t))
		return false;
	return bv_ctx_btf_name_matches(
		p->prog_type, btf__name_by_offset(p->btf, t->name_off));
}

/* btf_validate_prog_ctx_type, for the cases modelled: __arg_ctx on void *
 * or on the program type's own context */
static bool tagged_ctx_ok(struct prep *p, const struct btf_type *ptr)
{
	uint32_t id = ptr->type;
	const struct btf_type *t = skip_modifiers(p->btf, &id);

	return id == 0 || (t && btf_is_composite(t) &&
			   bv_ctx_btf_name_matches(
				   p->prog_type,
				   btf__name_by_offset(p->btf, t->name_off)));
}

static bool is_dynptr_ptr(struct prep *p, const struct btf_type *ptr)
{
	uint32_t id = ptr->type;
	const struct btf_type *t = skip_modifiers(p->btf, &id);

	return t && btf_is_struct(t) &&
	       !strcmp(btf__name_by_offset(p->btf, t->name_off), "bpf_dynptr");
}

/* a global function's generic pointer: memory of the pointee's size */
static enum bv_proto_status user_mem_arg(struct prep *p, unsigned i,
					 const struct btf_type *ptr,
					 uint32_t tags, struct bv_func_arg *a)
{
	uint32_t id = ptr->type;
	const struct btf_type *t = skip_modifiers(p->btf, &id);
	long size;

	if (tags & TAG_NULLABLE)
		return refuse(p, EINVAL,
			      "arg#%u has invalid combination of tags", i);
	size = id ? btf__resolve_size(p->btf, id) : -EINVAL;
	if (size < 0)
		return refuse(p, EINVAL,
			      "arg#%u reference type('%s %s') size cannot be "
			      "determined: %ld",
			      i, kind_str(t),
			      t ? btf__name_by_offset(p->btf, t->name_off) : "",
			      size);
	a->kind = BV_FARG_MEM;
	a->maybe_null = !(tags & TAG_NONNULL);
	a->mem_size = (uint32_t)size;
	return BV_PROTO_OK;
}

static enum bv_proto_status pointer_arg(struct prep *p, unsigned i,
					const struct btf_type *t, uint32_t tags,
					struct bv_func_arg *a)
{
	if ((tags & TAG_CTX) || is_prog_ctx(p, t)) {
		if (tags & ~TAG_CTX)
			return refuse(p, EINVAL,
				      "arg#%u has invalid combination of tags",
				      i);
		if ((tags & TAG_CTX) && !tagged_ctx_ok(p, t))
			return unmodelled(p, i,
					  "__arg_ctx on a type other than the "
					  "program's context");
		a->kind = BV_FARG_CTX;
		return BV_PROTO_OK;
	}
	if (is_dynptr_ptr(p, t))
		return tags ? refuse(p, EINVAL,
				     "arg#%u has invalid combination of tags",
				     i)
			    : unmodelled(p, i, "a dynptr argument");
	if (tags & (TAG_TRUSTED | TAG_UNTRUSTED))
		return unmodelled(p, i, "__arg_trusted or __arg_untrusted");
	if (tags & TAG_ARENA)
		return unmodelled(p, i, "__arg_arena");
	if (!p->global)
		return refuse_silently(p);
	return user_mem_arg(p, i, t, tags, a);
}

static enum bv_proto_status one_arg(struct prep *p, unsigned i,
				    const struct btf_param *param,
				    struct bv_func_arg *a)
{
	uint32_t tags, id = param->type;
	enum bv_proto_status s = read_tags(p, i, &tags);
	const struct btf_type *t;

	if (s != BV_PROTO_OK)
		return s;
	t = skip_modifiers(p->btf, &id);
	if (t && btf_is_ptr(t))
		return pointer_arg(p, i, t, tags, a);
	if (tags)
		return refuse(
			p, EINVAL,
			"arg#%u has pointer tag, but is not a pointer type", i);
	if (is_int_or_enum(t)) {
		a->kind = BV_FARG_SCALAR;
		return BV_PROTO_OK;
	}
	if (!p->global)
		return refuse_silently(p);
	return refuse(p, EINVAL, "Arg#%u type %s in %s() is not supported yet.",
		      i, kind_str(t), p->tname);
}

enum bv_proto_status bv_prepare_func_args(const bv_program *prog,
					  const struct bv_func_info *fi,
					  uint32_t prog_type,
					  struct bv_func_proto *out, int *err,
					  char *msg, size_t len)
{
	const struct btf *btf = prog->btf ? prog->btf->btf : NULL;
	const struct btf_type *fn =
		btf ? btf__type_by_id(btf, fi->type_id) : NULL;
	const struct btf_type *proto =
		fn ? btf__type_by_id(btf, fn->type) : NULL;
	struct prep p = { btf,
			  fi->type_id,
			  fi->global,
			  prog_type,
			  fi->name ? fi->name : "",
			  err,
			  msg,
			  len };
	uint32_t ret_id;
	unsigned n;

	memset(out, 0, sizeof(*out));
	msg[0] = '\0';
	if (!proto || !btf_is_func_proto(proto))
		return refuse(&p, EFAULT, "Invalid type of function %s()",
			      p.tname);
	n = btf_vlen(proto);
	if (n > BV_FUNC_MAX_ARGS)
		return p.global ? refuse(&p, EINVAL,
					 "Global function %s() with %u > %d "
					 "args. Buggy compiler.",
					 p.tname, n, BV_FUNC_MAX_ARGS)
				: refuse_silently(&p);
	ret_id = proto->type;
	if (!is_int_or_enum(skip_modifiers(btf, &ret_id)))
		return p.global ? refuse(&p, EINVAL,
					 "Global function %s() doesn't return "
					 "scalar. Only those are supported.",
					 p.tname)
				: refuse_silently(&p);
	for (unsigned i = 0; i < n; i++) {
		enum bv_proto_status s =
			one_arg(&p, i, &btf_params(proto)[i], &out->args[i]);

		if (s != BV_PROTO_OK)
			return s;
	}
	out->n_args = n;
	return BV_PROTO_OK;
}

bool bv_func_returns_scalar(const bv_program *prog,
			    const struct bv_func_info *fi)
{
	const struct btf *btf = prog->btf ? prog->btf->btf : NULL;
	const struct btf_type *fn =
		btf ? btf__type_by_id(btf, fi->type_id) : NULL;
	const struct btf_type *proto =
		fn ? btf__type_by_id(btf, fn->type) : NULL;
	uint32_t id;
	const struct btf_type *t;

	if (!proto || !btf_is_func_proto(proto))
		return false;
	id = proto->type;
	t = skip_modifiers(btf, &id);
	/* btf_type_is_small_int: an int of at most 8 bytes */
	return t && ((btf_is_int(t) && t->size <= 8) || btf_is_any_enum(t));
}

bool bv_func_has_decl_tag(const bv_program *prog, const struct bv_func_info *fi,
			  const char *prefix)
{
	const struct btf *btf = prog->btf ? prog->btf->btf : NULL;
	uint32_t n = btf ? btf__type_cnt(btf) : 0;

	for (uint32_t id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name;

		if (!btf_is_decl_tag(t) || t->type != fi->type_id ||
		    btf_decl_tag(t)->component_idx != -1)
			continue;
		name = btf__name_by_offset(btf, t->name_off);
		if (name && !strncmp(name, prefix, strlen(prefix)))
			return true;
	}
	return false;
}
