/* SPDX-License-Identifier: MIT */
/* Helper calls (check_helper_call, check_func_arg, check_reg_type,
 * check_mem_size_reg and the return-value rules of kernel/bpf/verifier.c). */
#include "spec/helpers.h"
#include "spec/map_func.h"
#include "verify/btf_ptr.h"
#include "verify/kptr.h"
#include "verify/env.h"

#include <stdio.h>
#include <string.h>

#define MAX_VAR_SIZ (1ll << 29) /* BPF_MAX_VAR_SIZ */
#define MAX_ERRNO 4095

/* The helpers whose result carries a reference (is_acquire_function). */
enum {
	FUNC_MAP_LOOKUP_ELEM = 1,
	FUNC_GET_SMP_PROCESSOR_ID = 8,
	FUNC_TAIL_CALL = 12,
	FUNC_PROBE_READ_STR = 45,
	FUNC_GET_STACK = 67,
	FUNC_GET_LOCAL_STORAGE = 81,
	FUNC_SK_LOOKUP_TCP = 84,
	FUNC_SK_LOOKUP_UDP = 85,
	FUNC_SK_RELEASE = 86,
	FUNC_SK_FULLSOCK = 95,
	FUNC_TCP_SOCK = 96,
	FUNC_SKC_LOOKUP_TCP = 99,
	FUNC_PROBE_READ_USER_STR = 114,
	FUNC_PROBE_READ_KERNEL_STR = 115,
	FUNC_RINGBUF_RESERVE = 131,
	FUNC_SKC_TO_TCP6_SOCK = 136,
	FUNC_SKC_TO_TCP_SOCK = 137,
	FUNC_SKC_TO_TCP_TIMEWAIT_SOCK = 138,
	FUNC_SKC_TO_TCP_REQUEST_SOCK = 139,
	FUNC_SKC_TO_UDP6_SOCK = 140,
	FUNC_GET_TASK_STACK = 141,
	FUNC_KPTR_XCHG = 194,
	FUNC_SKC_TO_MPTCP_SOCK = 196,
};

/* What check_func_arg learns about a call (struct bpf_call_arg_meta). */
struct call_meta {
	int32_t func_id;
	int map_idx;
	unsigned release_regno;
	uint32_t ref_obj_id;
	uint64_t msize_max_value;
	int64_t mem_size;
	unsigned raw_regno; /* a MEM_UNINIT stack argument, its size below */
	int raw_size;
	bool raw_mode;
	int64_t const_map_key; /* -1: not a known constant */
	struct bv_map_field kptr_field; /* bpf_kptr_xchg's destination */
};

/* compatible_reg_types: the register types each argument type accepts, in
 * the order the kernel lists them in "expected=" messages. */
static const uint32_t mem_types[] = {
	BV_PTR_TO_STACK,    BV_PTR_TO_PACKET,	BV_PTR_TO_PACKET_META,
	BV_PTR_TO_MAP_KEY,  BV_PTR_TO_MAP_VALUE, BV_PTR_TO_MEM,
	BV_PTR_TO_MEM | BV_MEM_RINGBUF, BV_PTR_TO_BUF,
	BV_PTR_TO_BTF_ID | BV_PTR_TRUSTED, 0,
};
static const uint32_t scalar_types[] = { BV_SCALAR_VALUE, 0 };
static const uint32_t map_ptr_types[] = { BV_CONST_PTR_TO_MAP, 0 };
static const uint32_t ctx_types[] = { BV_PTR_TO_CTX, 0 };
static const uint32_t ringbuf_types[] = { BV_PTR_TO_MEM | BV_MEM_RINGBUF, 0 };
static const uint32_t stack_types[] = { BV_PTR_TO_STACK, 0 };
static const uint32_t const_str_types[] = { BV_PTR_TO_MAP_VALUE, 0 };
static const uint32_t sock_types[] = { BV_PTR_TO_SOCK_COMMON, BV_PTR_TO_SOCKET,
				       BV_PTR_TO_TCP_SOCK, BV_PTR_TO_XDP_SOCK, 0 };
static const uint32_t fullsock_types[] = { BV_PTR_TO_SOCKET, 0 };
static const uint32_t btf_sock_common_types[] = {
	BV_PTR_TO_SOCK_COMMON, BV_PTR_TO_SOCKET, BV_PTR_TO_TCP_SOCK,
	BV_PTR_TO_XDP_SOCK, BV_PTR_TO_BTF_ID, BV_PTR_TO_BTF_ID | BV_PTR_TRUSTED, 0,
};

static const uint32_t kptr_xchg_dest_types[] = {
	BV_PTR_TO_MAP_VALUE,
	BV_PTR_TO_BTF_ID | BV_MEM_ALLOC,
	0,
};
static const uint32_t btf_id_types[] = {
	BV_PTR_TO_BTF_ID,
	BV_PTR_TO_BTF_ID | BV_PTR_TRUSTED,
	BV_PTR_TO_BTF_ID | BV_MEM_RCU,
	0,
};

static const uint32_t *const compatible[BV_ARG_TYPE_MAX] = {
	[BV_ARG_CONST_MAP_PTR] = map_ptr_types,
	[BV_ARG_PTR_TO_MAP_KEY] = mem_types,
	[BV_ARG_PTR_TO_MAP_VALUE] = mem_types,
	[BV_ARG_PTR_TO_MEM] = mem_types,
	[BV_ARG_CONST_SIZE] = scalar_types,
	[BV_ARG_CONST_SIZE_OR_ZERO] = scalar_types,
	[BV_ARG_CONST_ALLOC_SIZE_OR_ZERO] = scalar_types,
	[BV_ARG_PTR_TO_CTX] = ctx_types,
	[BV_ARG_PTR_TO_RINGBUF_MEM] = ringbuf_types,
	[BV_ARG_PTR_TO_STACK] = stack_types,
	[BV_ARG_PTR_TO_CONST_STR] = const_str_types,
	[BV_ARG_PTR_TO_SOCK_COMMON] = sock_types,
	[BV_ARG_PTR_TO_SOCKET] = fullsock_types,
	[BV_ARG_PTR_TO_BTF_ID_SOCK_COMMON] = btf_sock_common_types,
	[BV_ARG_PTR_TO_BTF_ID] = btf_id_types,
	[BV_ARG_KPTR_XCHG_DEST] = kptr_xchg_dest_types,
};

static bool reg_is_null(const struct bv_reg *reg)
{
	return reg->type == BV_SCALAR_VALUE &&
	       bv_tnum_equals_const(reg->s.var_off, 0);
}

/* check_reg_type */
static int check_reg_type(struct bv_env *env, unsigned regno, uint32_t arg_type)
{
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];
	const uint32_t *types = compatible[BV_BASE_TYPE(arg_type)];
	uint32_t type = reg->type;
	char t[64];
	size_t i;

	if (!types) {
		bv_verbose(env, "helper argument type %u is not modelled yet\n",
			   BV_BASE_TYPE(arg_type));
		return -BV_ENOTSUPP;
	}
	if (arg_type & BV_MEM_RDONLY)
		type &= ~BV_MEM_RDONLY;
	if (arg_type & BV_PTR_MAYBE_NULL)
		type &= ~BV_PTR_MAYBE_NULL;
	for (i = 0; types[i]; i++)
		if (type == types[i])
			return 0;
	bv_verbose(env, "R%u type=%s expected=", regno,
		   bv_reg_type_str(reg->type, t, sizeof(t)));
	for (i = 0; types[i]; i++)
		bv_verbose(env, "%s%s", i ? ", " : "",
			   bv_reg_type_str(types[i], t, sizeof(t)));
	bv_verbose(env, "\n");
	return -EACCES;
}

/* check_reg_type's second half for a PTR_TO_BTF_ID register: memory
 * arguments must be read only; otherwise not NULL unless the argument may
 * be, and pointing to the struct the helper expects (btf_struct_ids_match,
 * strictly for release arguments but bpf_sk_release's). */
static int check_btf_id_reg(struct bv_env *env, unsigned regno,
			    uint32_t arg_type, const char *arg_btf,
			    const struct call_meta *meta)
{
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];
	bool strict =
		(arg_type & BV_OBJ_RELEASE) && meta->func_id != FUNC_SK_RELEASE;
	uint32_t need;
	char t[64];

	if (compatible[BV_BASE_TYPE(arg_type)] == mem_types) {
		if (arg_type & BV_MEM_RDONLY)
			return 0;
		bv_verbose(
			env,
			"%s() may write into memory pointed by R%u type=%s\n",
			bv_helper_name(meta->func_id), regno,
			bv_reg_type_str(reg->type, t, sizeof(t)));
		return -EACCES;
	}
	if ((reg->type & BV_PTR_MAYBE_NULL) &&
	    (!(arg_type & BV_PTR_MAYBE_NULL) || (arg_type & BV_OBJ_RELEASE))) {
		bv_verbose(env,
			   "Possibly NULL pointer passed to helper arg%u\n",
			   regno);
		return -EACCES;
	}
	if (meta->func_id == FUNC_KPTR_XCHG)
		return bv_map_kptr_match_type(env, &meta->kptr_field, regno);
	if (BV_BASE_TYPE(arg_type) == BV_ARG_PTR_TO_BTF_ID_SOCK_COMMON)
		arg_btf = "sock_common";
	need = arg_btf ? bv_btf_struct_id(env, arg_btf) : 0;
	if (!need) {
		bv_verbose(env,
			   "this helper's BTF argument is not modelled yet\n");
		return -BV_ENOTSUPP;
	}
	if (bv_btf_struct_ids_match(env, reg->btf_id, reg->off, need, strict))
		return 0;
	bv_verbose(env, "R%u is of type %s but %s is expected\n", regno,
		   bv_btf_type_name(bv_env_kernel_btf(env), reg->btf_id),
		   arg_btf);
	return -EACCES;
}

/* check_func_arg_reg_off: a release argument must point at its object's
 * start; stack, packet, map key/value, memory, buffer and arena pointers
 * (and scalars) may carry any offset; PTR_TO_BTF_ID a fixed one; every
 * other pointer (ctx, sockets, ...) only its original form. */
int bv_check_func_arg_reg_off(struct bv_env *env, unsigned regno,
			      uint32_t arg_type)
{
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];

	if (arg_type & BV_OBJ_RELEASE) {
		if (reg->off) {
			bv_verbose(env, "R%u must have zero offset when passed to release func or trusted arg to kfunc\n",
				   regno);
			return -EINVAL;
		}
		return bv_check_ptr_off_reg(env, reg, regno, false);
	}
	switch (reg->type) {
	case BV_PTR_TO_STACK:
	case BV_PTR_TO_PACKET:
	case BV_PTR_TO_PACKET_META:
	case BV_PTR_TO_MAP_KEY:
	case BV_PTR_TO_MAP_VALUE:
	case BV_PTR_TO_MEM:
	case BV_PTR_TO_MEM | BV_MEM_RDONLY:
	case BV_PTR_TO_MEM | BV_MEM_RINGBUF:
	case BV_PTR_TO_BUF:
	case BV_PTR_TO_BUF | BV_MEM_RDONLY:
	case BV_PTR_TO_ARENA:
	case BV_SCALAR_VALUE:
		return 0;
	case BV_PTR_TO_BTF_ID:
	case BV_PTR_TO_BTF_ID | BV_MEM_ALLOC:
	case BV_PTR_TO_BTF_ID | BV_PTR_TRUSTED:
	case BV_PTR_TO_BTF_ID | BV_MEM_RCU:
		return bv_check_ptr_off_reg(env, reg, regno, true);
	default:
		return bv_check_ptr_off_reg(env, reg, regno, false);
	}
}

/* check_mem_size_reg: a size argument bounds the memory before it. */
static int check_mem_size(struct bv_env *env, unsigned regno, uint32_t mem_arg,
			  bool zero_ok, struct call_meta *meta)
{
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];
	bool write = mem_arg & BV_MEM_WRITE;
	bool raw = (mem_arg & BV_MEM_UNINIT) && bv_tnum_is_const(reg->s.var_off);
	int err;

	meta->msize_max_value = reg->s.umax;
	if (reg->s.smin < 0) {
		bv_verbose(env, "R%u min value is negative, either use unsigned or 'var &= const'\n",
			   regno);
		return -EACCES;
	}
	if (reg->s.umin == 0 && !zero_ok) {
		bv_verbose(env, "R%u invalid zero-sized read: u64=[%lld,%lld]\n",
			   regno, (long long)reg->s.umin, (long long)reg->s.umax);
		return -EACCES;
	}
	if (reg->s.umax >= (uint64_t)MAX_VAR_SIZ) {
		bv_verbose(env, "R%u unbounded memory access, use 'var &= const' or 'if (var < const)'\n",
			   regno);
		return -EACCES;
	}
	if (raw && bv_cur_regs(env)[regno - 1].type == BV_PTR_TO_STACK) {
		meta->raw_regno = regno - 1;
		meta->raw_size = (int)reg->s.umax;
	}
	err = bv_check_helper_mem_access(env, regno - 1, (int64_t)reg->s.umax,
					 zero_ok, write, raw);
	/* the access was checked against the size's exact range */
	return err ? err : bv_mark_chain_precision(env, (int)regno);
}

static int check_map_arg(struct bv_env *env, unsigned regno,
			 struct call_meta *meta)
{
	meta->map_idx = bv_cur_regs(env)[regno].map_idx;
	return 0;
}

/* can_elide_value_nullness: array lookups with a constant key in range
 * cannot fail */
static bool is_array_map(uint32_t map_type)
{
	return map_type == 2 /* array */ || map_type == 6 /* percpu_array */;
}

static int check_map_mem_arg(struct bv_env *env, unsigned regno,
			     uint32_t arg_type, struct call_meta *meta)
{
	const struct bv_map_def *map;
	bool key = BV_BASE_TYPE(arg_type) == BV_ARG_PTR_TO_MAP_KEY;
	int err;

	if (meta->map_idx < 0)
		return -EFAULT; /* prototypes put the map first */
	if (!key && (arg_type & BV_PTR_MAYBE_NULL) &&
	    reg_is_null(&bv_cur_regs(env)[regno]))
		return 0;
	map = bv_program_map_at(env->prog, meta->map_idx);
	err = bv_check_helper_mem_access(env, regno,
					 key ? map->key_size : map->value_size,
					 false, !key && (arg_type & BV_MEM_WRITE),
					 !key && (arg_type & BV_MEM_UNINIT));
	if (!err && key && is_array_map(map->type)) {
		/* get_constant_map_key; a spilled key is then relied on */
		int64_t value;

		err = bv_get_constant_map_key(env, &bv_cur_regs(env)[regno],
					      map->key_size, &value);
		meta->const_map_key = err ? -1 : value;
		if (err > 0)
			err = 0;
	}
	return err;
}

static int check_release_arg(struct bv_env *env, unsigned regno,
			     struct call_meta *meta)
{
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];

	if (!reg->ref_obj_id && !reg_is_null(reg)) {
		bv_verbose(env, "R%u must be referenced when passed to release function\n",
			   regno);
		return -EINVAL;
	}
	meta->release_regno = regno;
	return 0;
}

static int check_arg_by_type(struct bv_env *env, unsigned regno,
			     const struct bv_helper_proto *fn, int arg,
			     uint32_t arg_type, struct call_meta *meta)
{
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];

	switch (BV_BASE_TYPE(arg_type)) {
	case BV_ARG_CONST_MAP_PTR:
		return check_map_arg(env, regno, meta);
	case BV_ARG_PTR_TO_MAP_KEY:
	case BV_ARG_PTR_TO_MAP_VALUE:
		return check_map_mem_arg(env, regno, arg_type, meta);
	case BV_ARG_PTR_TO_MEM: {
		int err;

		if (!(arg_type & BV_MEM_FIXED_SIZE))
			return 0; /* checked with the size argument after it */
		err = bv_check_helper_mem_access(env, regno, fn->arg_size[arg],
						 false, arg_type & BV_MEM_WRITE,
						 arg_type & BV_MEM_UNINIT);
		/* check_func_arg: MEM_ALIGNED memory is then checked aligned */
		if (!err && (arg_type & BV_MEM_ALIGNED))
			err = bv_check_arg_alignment(env, regno, (int)fn->arg_size[arg]);
		return err;
	}
	case BV_ARG_CONST_SIZE:
	case BV_ARG_CONST_SIZE_OR_ZERO:
		return check_mem_size(env, regno, fn->arg_type[arg - 1],
				      BV_BASE_TYPE(arg_type) == BV_ARG_CONST_SIZE_OR_ZERO,
				      meta);
	case BV_ARG_CONST_ALLOC_SIZE_OR_ZERO:
		if (!bv_tnum_is_const(reg->s.var_off)) {
			bv_verbose(env, "R%u is not a known constant'\n", regno);
			return -EACCES;
		}
		meta->mem_size = (int64_t)reg->s.var_off.value;
		return bv_mark_chain_precision(env, (int)regno);
	case BV_ARG_KPTR_XCHG_DEST:
		return bv_process_kptr_func(env, regno, &meta->kptr_field);
	case BV_ARG_PTR_TO_BTF_ID_SOCK_COMMON:
	case BV_ARG_PTR_TO_BTF_ID:
	case BV_ARG_PTR_TO_CTX:
	case BV_ARG_PTR_TO_RINGBUF_MEM:
	case BV_ARG_PTR_TO_STACK:
	case BV_ARG_PTR_TO_SOCK_COMMON:
	case BV_ARG_PTR_TO_SOCKET:
		return 0;
	default:
		bv_verbose(env, "helper argument type %u is not modelled yet\n",
			   BV_BASE_TYPE(arg_type));
		return -BV_ENOTSUPP;
	}
}

enum {
	MAP_SOCKMAP = 15,
	MAP_SOCKHASH = 18,
	MAP_BLOOM_FILTER = 30,
	FUNC_MAP_PEEK_ELEM = 89,
};

/* resolve_map_arg_type: sockmaps and sockhashes hold sockets, so the value
 * an update passes is a socket (and no other value argument is allowed);
 * a bloom filter's peek reads the value it checks for. */
static int resolve_map_arg_type(struct bv_env *env,
				const struct call_meta *meta,
				uint32_t *arg_type)
{
	uint32_t map_type;

	if (meta->map_idx < 0) {
		bv_verbose(env, "invalid map_ptr to access map->type\n");
		return -EACCES;
	}
	map_type = bv_program_map_at(env->prog, meta->map_idx)->type;
	if (map_type == MAP_SOCKMAP || map_type == MAP_SOCKHASH) {
		if (*arg_type != BV_ARG_PTR_TO_MAP_VALUE) {
			bv_verbose(env, "invalid arg_type for sockmap/sockhash\n");
			return -EINVAL;
		}
		*arg_type = BV_ARG_PTR_TO_BTF_ID_SOCK_COMMON;
	} else if (map_type == MAP_BLOOM_FILTER &&
		   meta->func_id == FUNC_MAP_PEEK_ELEM) {
		*arg_type = BV_ARG_PTR_TO_MAP_VALUE;
	}
	return 0;
}

/* check_func_arg */
static int check_func_arg(struct bv_env *env, int arg,
			  const struct bv_helper_proto *fn, struct call_meta *meta)
{
	unsigned regno = 1 + (unsigned)arg;
	uint32_t arg_type = fn->arg_type[arg];
	const struct bv_reg *reg;
	int err;

	if (arg_type == BV_ARG_DONTCARE)
		return 0;
	err = bv_check_reg_arg(env, regno, BV_SRC_OP);
	if (err)
		return err;
	reg = &bv_cur_regs(env)[regno];
	if (arg_type == BV_ARG_ANYTHING) {
		if (bv_reg_is_pointer(reg) && !env->allow_ptr_leaks) {
			bv_verbose(env, "R%u leaks addr into helper function\n", regno);
			return -EACCES;
		}
		return 0;
	}
	if ((BV_BASE_TYPE(reg->type) == BV_PTR_TO_PACKET ||
	     BV_BASE_TYPE(reg->type) == BV_PTR_TO_PACKET_META) &&
	    !bv_helper_may_access_pkt(env, fn->pkt_access)) {
		bv_verbose(env, "helper access to the packet is not allowed\n");
		return -EACCES;
	}
	if (BV_BASE_TYPE(arg_type) == BV_ARG_PTR_TO_MAP_VALUE) {
		err = resolve_map_arg_type(env, meta, &arg_type);
		if (err)
			return err;
	}
	if (reg_is_null(reg) && (arg_type & BV_PTR_MAYBE_NULL)) {
		/* check_func_arg: a NULL for a may-be-NULL argument skips the
		 * type checks, and the verdict now relies on that register
		 * being exactly 0, so it is marked precise */
		err = bv_mark_chain_precision(env, (int)regno);
	} else {
		err = check_reg_type(env, regno, arg_type);
		if (!err && BV_BASE_TYPE(reg->type) == BV_PTR_TO_BTF_ID)
			err = check_btf_id_reg(env, regno, arg_type,
					       fn->arg_btf[arg], meta);
		if (!err)
			err = bv_check_func_arg_reg_off(env, regno, arg_type);
	}
	if (err)
		return err;
	if (arg_type & BV_OBJ_RELEASE) {
		err = check_release_arg(env, regno, meta);
		if (err)
			return err;
	}
	if (reg->ref_obj_id) {
		if (meta->ref_obj_id) {
			bv_verbose(env, "more than one arg with ref_obj_id R%u %u %u",
				   regno, reg->ref_obj_id, meta->ref_obj_id);
			return -EACCES;
		}
		meta->ref_obj_id = reg->ref_obj_id;
	}
	return check_arg_by_type(env, regno, fn, arg, arg_type, meta);
}

struct release {
	uint32_t ref_obj_id;
	bool allow_ptr_leaks;
};

/* mark_reg_invalid for every copy of a released reference */
static void invalidate_ref(struct bv_reg *reg, void *ctx)
{
	const struct release *r = ctx;

	if (reg->ref_obj_id != r->ref_obj_id)
		return;
	if (r->allow_ptr_leaks)
		bv_reg_mark_unknown(NULL, reg);
	else
		bv_reg_mark_not_init(reg);
}


/* release_reference */
int bv_release_reference(struct bv_env *env, uint32_t ref_obj_id)
{
	struct release r = { ref_obj_id, env->allow_ptr_leaks };
	struct bv_vstate *st = &env->cur;

	for (unsigned i = 0; i < st->n_refs; i++) {
		if (st->refs[i].id != ref_obj_id)
			continue;
		memmove(&st->refs[i], &st->refs[i + 1],
			(st->n_refs - i - 1) * sizeof(st->refs[0]));
		st->n_refs--;
		bv_for_each_reg(st, invalidate_ref, &r);
		return 0;
	}
	return -EINVAL;
}

int bv_acquire_reference(struct bv_env *env)
{
	struct bv_vstate *st = &env->cur;

	if (st->n_refs >= BV_MAX_REFS) {
		bv_verbose(env, "too many references held at once\n");
		return -BV_ENOTSUPP;
	}
	if (st->n_refs == st->cap_refs) {
		uint32_t cap = st->cap_refs ? st->cap_refs * 2 : 4;
		struct bv_ref *grown = bv_arena_realloc(&env->arena, st->refs,
							cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		st->refs = grown;
		st->cap_refs = cap;
	}
	st->refs[st->n_refs].id = ++env->id_gen;
	st->refs[st->n_refs].insn_idx = env->insn_idx;
	return (int)st->refs[st->n_refs++].id;
}

static int release_args(struct bv_env *env, int32_t func_id,
			const struct call_meta *meta)
{
	int err = 0;

	if (!meta->release_regno)
		return 0;
	if (meta->ref_obj_id)
		err = bv_release_reference(env, meta->ref_obj_id);
	else if (!reg_is_null(&bv_cur_regs(env)[meta->release_regno]))
		err = -EINVAL;
	if (err)
		bv_verbose(env, "func %s#%d reference has not been acquired before\n",
			   bv_helper_name(func_id), func_id);
	return err;
}

static bool is_acquire_function(int32_t func_id, const struct bv_env *env,
				int map_idx)
{
	uint32_t map_type = map_idx >= 0 ? bv_program_map_at(env->prog, map_idx)->type : 0;

	if (func_id == FUNC_SK_LOOKUP_TCP || func_id == FUNC_SK_LOOKUP_UDP ||
	    func_id == FUNC_SKC_LOOKUP_TCP || func_id == FUNC_RINGBUF_RESERVE ||
	    func_id == FUNC_KPTR_XCHG)
		return true;
	/* lookups in sockmap (15) and sockhash (18) return sockets */
	return func_id == FUNC_MAP_LOOKUP_ELEM && (map_type == 15 || map_type == 18);
}

/* is_ptr_cast_function: the result is the argument seen as another socket
 * type, so it holds the argument's reference (and dies with it) */
static bool is_ptr_cast_function(int32_t func_id)
{
	return func_id == FUNC_TCP_SOCK || func_id == FUNC_SK_FULLSOCK ||
	       func_id == FUNC_SKC_TO_TCP_SOCK || func_id == FUNC_SKC_TO_TCP6_SOCK ||
	       func_id == FUNC_SKC_TO_UDP6_SOCK || func_id == FUNC_SKC_TO_MPTCP_SOCK ||
	       func_id == FUNC_SKC_TO_TCP_TIMEWAIT_SOCK ||
	       func_id == FUNC_SKC_TO_TCP_REQUEST_SOCK;
}

static int nr_cpu_ids(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/possible", "r");
	int lo = 0, hi = 0;

	if (!f)
		return 1;
	if (fscanf(f, "%d-%d", &lo, &hi) < 2)
		hi = lo;
	fclose(f);
	return hi + 1;
}

/* do_refine_retval_range */
static void refine_retval(struct bv_env *env, int32_t func_id,
			  const struct call_meta *meta, struct bv_reg *r0)
{
	struct bv_scalar *s = &r0->s;

	switch (func_id) {
	case FUNC_GET_STACK:
	case FUNC_GET_TASK_STACK:
	case FUNC_PROBE_READ_STR:
	case FUNC_PROBE_READ_KERNEL_STR:
	case FUNC_PROBE_READ_USER_STR:
		s->smax = (int64_t)meta->msize_max_value;
		s->s32_max = (int32_t)meta->msize_max_value;
		s->smin = -MAX_ERRNO;
		s->s32_min = -MAX_ERRNO;
		bv_scalar_sync(s);
		break;
	case FUNC_GET_SMP_PROCESSOR_ID: {
		int max = nr_cpu_ids() - 1;

		s->umin = s->u32_min = 0;
		s->smin = s->s32_min = 0;
		s->umax = s->u32_max = (uint32_t)max;
		s->smax = s->s32_max = max;
		bv_scalar_sync(s);
		break;
	}
	default:
		(void)env;
		break;
	}
}

/* The reference build types bpf_map_lookup_elem's result by the map, as
 * the NULL check used to (mark_ptr_or_null_reg): a map of maps returns its
 * inner map ("map_ptr_or_null"), a sockmap or sockhash a socket, an xskmap
 * an AF_XDP socket; NULL or not, the result is never the map's value. A
 * socket keeps the map it came from: the states of sockets from two maps
 * are not equal (null-check/sock-two-maps-not-pruned.bpfasm). */
enum { MAP_XSKMAP = 17 };

static void type_lookup_result(const struct bv_program *prog, struct bv_reg *r0)
{
	uint32_t flags = BV_TYPE_FLAGS(r0->type);

	if (r0->map_idx < 0)
		return;
	/* an inner map (BV_INNER_MAP) is never a map of maps itself */
	if (r0->map_idx < BV_MAX_MAPS &&
	    prog->map_extra[r0->map_idx].has_inner) {
		r0->type = BV_CONST_PTR_TO_MAP | flags;
		r0->map_idx = BV_INNER_MAP(r0->map_idx);
		return;
	}
	switch (bv_program_map_at(prog, r0->map_idx)->type) {
	case MAP_XSKMAP:
		r0->type = BV_PTR_TO_XDP_SOCK | flags;
		break;
	case MAP_SOCKMAP:
	case MAP_SOCKHASH:
		r0->type = BV_PTR_TO_SOCKET | flags;
		break;
	default:
		break;
	}
}

static int set_return_value(struct bv_env *env, int32_t func_id,
			    const struct bv_helper_proto *fn,
			    const struct call_meta *meta)
{
	struct bv_reg *r0 = &bv_cur_regs(env)[0];
	uint32_t flags = BV_TYPE_FLAGS(fn->ret_type);

	switch (BV_BASE_TYPE(fn->ret_type)) {
	case BV_RET_INTEGER:
		bv_reg_mark_unknown(env, r0);
		break;
	case BV_RET_VOID:
		r0->type = BV_NOT_INIT;
		break;
	case BV_RET_PTR_TO_MAP_VALUE:
		if (func_id == FUNC_MAP_LOOKUP_ELEM && meta->map_idx >= 0 &&
		    is_array_map(bv_program_map_at(env->prog, meta->map_idx)->type) &&
		    meta->const_map_key >= 0 &&
		    meta->const_map_key < bv_program_map_at(env->prog, meta->map_idx)->max_entries)
			flags &= ~BV_PTR_MAYBE_NULL;
		bv_reg_mark_ptr(r0, BV_PTR_TO_MAP_VALUE | flags);
		r0->map_idx = meta->map_idx;
		if (func_id == FUNC_MAP_LOOKUP_ELEM)
			type_lookup_result(env->prog, r0);
		break;
	case BV_RET_PTR_TO_SOCKET:
		bv_reg_mark_ptr(r0, BV_PTR_TO_SOCKET | flags);
		break;
	case BV_RET_PTR_TO_SOCK_COMMON:
		bv_reg_mark_ptr(r0, BV_PTR_TO_SOCK_COMMON | flags);
		break;
	case BV_RET_PTR_TO_TCP_SOCK:
		bv_reg_mark_ptr(r0, BV_PTR_TO_TCP_SOCK | flags);
		break;
	case BV_RET_PTR_TO_MEM:
		bv_reg_mark_ptr(r0, BV_PTR_TO_MEM | flags);
		r0->range = (int32_t)meta->mem_size;
		break;
	case BV_RET_PTR_TO_BTF_ID:
		if (func_id == FUNC_KPTR_XCHG) {
			uint32_t id;
			int err = bv_kptr_btf_id(env, &meta->kptr_field, &id);

			if (err)
				return err;
			bv_reg_mark_ptr(r0, BV_PTR_TO_BTF_ID | flags);
			r0->btf_id = id;
			break;
		}
		if (!fn->ret_btf || !bv_btf_struct_id(env, fn->ret_btf)) {
			bv_verbose(
				env,
				"this helper's BTF result is not modelled yet\n");
			return -BV_ENOTSUPP;
		}
		bv_reg_mark_ptr(r0, BV_PTR_TO_BTF_ID | flags);
		r0->btf_id = bv_btf_struct_id(env, fn->ret_btf);
		break;
	default:
		bv_verbose(env, "helpers returning BTF objects are not modelled yet\n");
		return -BV_ENOTSUPP;
	}
	r0->def_insn = env->insn_idx;
	if ((r0->type & BV_PTR_MAYBE_NULL) ||
	    bv_reg_may_point_to_spin_lock(env, r0))
		r0->id = ++env->id_gen;
	if (is_ptr_cast_function(func_id)) {
		/* check_helper_call: for release_reference */
		r0->ref_obj_id = meta->ref_obj_id;
	} else if (is_acquire_function(func_id, env, meta->map_idx)) {
		int id = bv_acquire_reference(env);

		if (id < 0)
			return id;
		r0->id = (uint32_t)id;
		r0->ref_obj_id = (uint32_t)id;
	}
	refine_retval(env, func_id, meta, r0);
	return 0;
}

/* Helpers that need more than their prototype: callbacks, dynptrs,
 * timers, locks and BTF objects. */
static bool needs_special_handling(const struct bv_helper_proto *fn)
{
	for (int i = 0; i < BV_HELPER_ARGS; i++) {
		uint32_t base = BV_BASE_TYPE(fn->arg_type[i]);

		if (base == BV_ARG_PTR_TO_FUNC ||
		    base == BV_ARG_PTR_TO_DYNPTR ||
		    base == BV_ARG_PTR_TO_TIMER ||
		    base == BV_ARG_PTR_TO_SPIN_LOCK)
			return true;
	}
	return false;
}

enum {
	FUNC_MAP_UPDATE_ELEM = 2,
	FUNC_MAP_DELETE_ELEM = 3,
	FUNC_MAP_PUSH_ELEM = 87,
	FUNC_MAP_POP_ELEM = 88,
	MAP_PROG_ARRAY = 3,
	MAP_F_RDONLY_PROG = 1u << 7,
};

/* record_func_map: a map the program may only read cannot be changed
 * through helpers */
static int record_func_map(struct bv_env *env, int32_t func_id, int map_idx)
{
	if (map_idx < 0 ||
	    !(bv_map_kernel_flags(bv_program_map_at(env->prog, map_idx)) & MAP_F_RDONLY_PROG))
		return 0;
	if (func_id != FUNC_MAP_UPDATE_ELEM && func_id != FUNC_MAP_DELETE_ELEM &&
	    func_id != FUNC_MAP_PUSH_ELEM && func_id != FUNC_MAP_POP_ELEM)
		return 0;
	bv_verbose(env, "write into map forbidden\n");
	return -EACCES;
}

/* record_func_map for a tail call: a call site that sees two program
 * arrays is poisoned (bpf_map_ptr_store) */
static void record_tail_call_map(struct bv_insn_aux *aux, int map_idx)
{
	if (!aux->tail_call_seen) {
		aux->tail_call_seen = true;
		aux->tail_call_map = map_idx;
	} else if (aux->tail_call_map != map_idx) {
		aux->tail_call_map = map_idx;
		aux->tail_call_poisoned = true;
	}
}

int bv_check_tail_call_fixups(struct bv_env *env)
{
	/* do_misc_fixups: where the maps' creator may not bypass Spectre v1,
	 * the index of a tail call is masked with its one program array */
	if (env->bypass_spec_v1)
		return 0;
	for (size_t i = 0; i < env->n_insns; i++)
		if (env->aux[i].tail_call_poisoned) {
			bv_verbose(env, "tail_call abusing map_ptr\n");
			return -EINVAL;
		}
	return 0;
}

/* record_func_key: a tail call needs a program array. The kernel's message
 * has no newline, so the next log line runs on after it. */
static int record_func_key(struct bv_env *env, int32_t func_id, int map_idx)
{
	const struct bv_reg *r3 = &bv_cur_regs(env)[3];

	if (func_id != FUNC_TAIL_CALL)
		return 0;
	if (map_idx < 0 || bv_program_map_at(env->prog, map_idx)->type != MAP_PROG_ARRAY) {
		bv_verbose(env, "expected prog array map for tail call");
		return -EINVAL;
	}
	record_tail_call_map(&env->aux[env->insn_idx], map_idx);
	/* a constant index in range is relied on */
	if (r3->type != BV_SCALAR_VALUE || !bv_tnum_is_const(r3->s.var_off) ||
	    r3->s.var_off.value >= bv_program_map_at(env->prog, map_idx)->max_entries)
		return 0;
	return bv_mark_chain_precision(env, 3);
}

static int check_helper_allowed(struct bv_env *env, int32_t func_id)
{
	struct bv_helper_caller caller = {
		.prog_type = env->prog->prog_type,
		.attach_type = env->prog->attach_type,
		.sleepable = env->prog->prog_flags & (1u << 4),
		.gpl_compatible = true,
		.priv = env->priv,
	};
	enum bv_helper_verdict v = bv_helper_check(func_id, &caller);
	char msg[BV_ERROR_LEN];

	if (v == BV_HELPER_OK)
		return 0;
	if (v == BV_HELPER_UNMEASURED) {
		bv_verbose(env, "the helpers of this program variant are not known yet\n");
		return -BV_ENOTSUPP;
	}
	bv_helper_message(v, func_id, msg, sizeof(msg));
	bv_verbose(env, "%s\n", msg);
	return -EINVAL;
}

/* mark_reg_invalid as clear_all_pkt_pointers applies it: a packet pointer
 * (PTR_TO_PACKET, PTR_TO_PACKET_META, PTR_TO_PACKET_END) becomes an unknown
 * scalar for a loader with CAP_PERFMON (allow_ptr_leaks), else NOT_INIT */
static void invalidate_pkt_pointer(struct bv_reg *reg, void *ctx)
{
	const struct bv_env *env = ctx;
	uint32_t base = BV_BASE_TYPE(reg->type);

	if (base != BV_PTR_TO_PACKET && base != BV_PTR_TO_PACKET_META &&
	    base != BV_PTR_TO_PACKET_END)
		return;
	if (env->allow_ptr_leaks)
		bv_reg_mark_unknown(NULL, reg);
	else
		bv_reg_mark_not_init(reg);
}

void bv_clear_all_pkt_pointers(struct bv_env *env)
{
	bv_for_each_reg(&env->cur, invalidate_pkt_pointer, env);
}

/* The end of check_helper_call: after a helper that may move the packet no
 * packet pointer is valid, in any frame, registers and spilled slots alike.
 * A tail call from the main program keeps them (measured): if it returns,
 * no other program ran. From a subprogram the kernel explores the failed
 * call as a branch and returns from the subprogram with the pointers
 * cleared, which is not modelled. */
static int clear_changed_pkt_pointers(struct bv_env *env, int32_t func_id)
{
	if (!bv_helper_changes_pkt_data(func_id))
		return 0;
	if (func_id == FUNC_TAIL_CALL) {
		if (!env->cur.curframe && !bv_cur_frame(env)->subprogno)
			return 0;
		bv_verbose(env, "tail calls in subprograms are not modelled yet\n");
		return -BV_ENOTSUPP;
	}
	bv_clear_all_pkt_pointers(env);
	return 0;
}

void bv_clobber_caller_saved(struct bv_env *env)
{
	for (unsigned r = 1; r <= 5; r++) {
		bv_reg_mark_not_init(&bv_cur_regs(env)[r]);
		bv_mark_reg_scratched(env, r);
	}
	bv_mark_reg_scratched(env, 0);
}

/* check_map_func_compatibility, from the tables of src/spec/map_func.c */
static int check_map_func_compatibility(struct bv_env *env, int map_idx,
					int32_t func_id)
{
	uint32_t map_type;
	enum bv_map_func_verdict v;

	if (map_idx < 0)
		return 0;
	map_type = bv_program_map_at(env->prog, map_idx)->type;
	v = bv_map_func_check(map_type, func_id, env->prog->prog_type,
			      env->prog->attach_type);
	if (v == BV_MAP_FUNC_OK)
		return 0;
	if (v == BV_MAP_FUNC_SOCKMAP_CONTEXT)
		bv_verbose(env, BV_MSG_SOCKMAP_CONTEXT "\n");
	bv_verbose(env, BV_MSG_MAP_FUNC "\n", map_type, bv_helper_name(func_id),
		   func_id);
	return -EINVAL;
}

/* check_helper_call: bpf_get_local_storage() cannot return an error, so its
 * flags argument must be a known zero, and that zero is relied on. */
static int check_local_storage_flags(struct bv_env *env)
{
	const struct bv_reg *r2 = &bv_cur_regs(env)[2];

	if (r2->type != BV_SCALAR_VALUE || !bv_scalar_is_const(&r2->s, false) ||
	    bv_scalar_const_value(&r2->s, false)) {
		bv_verbose(env, "get_local_storage() doesn't support non-zero flags\n");
		return -EINVAL;
	}
	return bv_mark_chain_precision(env, 2);
}

int bv_check_helper_call(struct bv_env *env, const struct bv_insn *insn)
{
	int32_t func_id = insn->imm;
	struct call_meta meta = { .func_id = func_id, .map_idx = -1,
				  .const_map_key = -1 };
	const struct bv_helper_proto *fn;
	int err = check_helper_allowed(env, func_id);

	if (err)
		return err;
	fn = bv_helper_proto_attach(func_id, env->prog->prog_type,
				    env->prog->attach_type);
	if (!fn || needs_special_handling(fn)) {
		bv_verbose(env, "the helper %s is not modelled yet\n",
			   bv_helper_name(func_id));
		return -BV_ENOTSUPP;
	}
	if (env->cur.active_rcu_lock && fn->might_sleep) {
		bv_verbose(env,
			   "sleepable helper %s#%d in rcu_read_lock region\n",
			   bv_helper_name(func_id), func_id);
		return -EINVAL;
	}
	if (env->cur.active_preempt_locks && fn->might_sleep) {
		bv_verbose(env,
			   "sleepable helper %s#%d in non-preemptible region\n",
			   bv_helper_name(func_id), func_id);
		return -EINVAL;
	}
	for (int i = 0; i < BV_HELPER_ARGS; i++) {
		err = check_func_arg(env, i, fn, &meta);
		if (err)
			return err;
	}
	err = record_func_map(env, func_id, meta.map_idx);
	if (!err)
		err = record_func_key(env, func_id, meta.map_idx);
	if (err)
		return err;
	if (meta.raw_size) {
		err = bv_mark_stack_written(env, meta.raw_regno, meta.raw_size, insn);
		if (err)
			return err;
	}
	err = release_args(env, func_id, &meta);
	if (!err && func_id == FUNC_TAIL_CALL)
		err = bv_check_resource_leak(env, "tail_call");
	if (!err && func_id == FUNC_GET_LOCAL_STORAGE)
		err = check_local_storage_flags(env);
	if (err)
		return err;
	bv_clobber_caller_saved(env);
	err = set_return_value(env, func_id, fn, &meta);
	if (!err)
		err = check_map_func_compatibility(env, meta.map_idx, func_id);
	return err ? err : clear_changed_pkt_pointers(env, func_id);
}
