/* SPDX-License-Identifier: MIT */
/* Loads and stores (check_mem_access and the stack, map value and packet
 * checks under it, kernel/bpf/verifier.c). */
#include "load/map_record.h"
#include "spec/ctx.h"
#include "verify/btf_ptr.h"
#include "verify/kptr.h"
#include "spec/sock.h"
#include "verify/env.h"

#include <string.h>

#define MAX_VAR_OFF (1ll << 29) /* BPF_MAX_VAR_OFF */
#define NET_IP_ALIGN 2		/* what the kernel assumes for packet data */

enum access { ACCESS_READ, ACCESS_WRITE };

/* check_generic_ptr_alignment and check_pkt_ptr_alignment */
static int check_alignment(struct bv_env *env, const struct bv_reg *reg,
			   int off, int size, bool strict)
{
	static const struct {
		uint32_t type;
		const char *desc;
	} descs[] = {
		{ BV_PTR_TO_FLOW_KEYS, "flow keys " }, { BV_PTR_TO_MAP_KEY, "key " },
		{ BV_PTR_TO_MAP_VALUE, "value " },    { BV_PTR_TO_CTX, "context " },
		{ BV_PTR_TO_STACK, "stack " },	      { BV_PTR_TO_SOCKET, "sock " },
		{ BV_PTR_TO_SOCK_COMMON, "sock_common " },
		{ BV_PTR_TO_TCP_SOCK, "tcp_sock " }, { BV_PTR_TO_XDP_SOCK, "xdp_sock " },
	};
	const char *desc = "";
	char tn[48];
	struct bv_tnum at;

	if (reg->type == BV_PTR_TO_PACKET || reg->type == BV_PTR_TO_PACKET_META) {
		if (!strict || size == 1)
			return 0;
		at = bv_tnum_add(reg->s.var_off,
				 bv_tnum_const((uint64_t)(int64_t)(NET_IP_ALIGN + reg->off + off)));
		if (bv_tnum_is_aligned(at, (uint64_t)size))
			return 0;
		bv_tnum_strn(tn, sizeof(tn), reg->s.var_off);
		bv_verbose(env, "misaligned packet access off %d+%s+%d+%d size %d\n",
			   NET_IP_ALIGN, tn, reg->off, off, size);
		return -EACCES;
	}
	for (size_t i = 0; i < sizeof(descs) / sizeof(descs[0]); i++)
		if (reg->type == descs[i].type)
			desc = descs[i].desc;
	/* stack slot tracking relies on aligned stack accesses */
	if (reg->type == BV_PTR_TO_STACK)
		strict = true;
	if (!strict || size == 1)
		return 0;
	at = bv_tnum_add(reg->s.var_off,
			 bv_tnum_const((uint64_t)(int64_t)(reg->off + off)));
	if (bv_tnum_is_aligned(at, (uint64_t)size))
		return 0;
	bv_tnum_strn(tn, sizeof(tn), reg->s.var_off);
	bv_verbose(env, "misaligned %saccess off %s+%d+%d size %d\n", desc, tn,
		   reg->off, off, size);
	return -EACCES;
}

int bv_check_arg_alignment(struct bv_env *env, unsigned regno, int size)
{
	return check_alignment(env, &bv_cur_regs(env)[regno], 0, size, true);
}

/* __check_mem_access: the message names the memory kind. */
static int mem_access_in(struct bv_env *env, unsigned regno, int64_t off,
			 int size, uint32_t mem_size, bool zero_size_allowed)
{
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];
	bool size_ok = size > 0 || (size == 0 && zero_size_allowed);

	if (off >= 0 && size_ok && (uint64_t)off + (uint64_t)size <= mem_size)
		return 0;
	switch (reg->type) {
	case BV_PTR_TO_MAP_KEY:
		bv_verbose(env, "invalid access to map key, key_size=%u off=%d size=%d\n",
			   mem_size, (int)off, size);
		break;
	case BV_PTR_TO_MAP_VALUE:
		bv_verbose(env, "invalid access to map value, value_size=%u off=%d size=%d\n",
			   mem_size, (int)off, size);
		break;
	case BV_PTR_TO_PACKET:
	case BV_PTR_TO_PACKET_META:
	case BV_PTR_TO_PACKET_END:
		bv_verbose(env, "invalid access to packet, off=%d size=%d, R%u(id=%u,off=%d,r=%u)\n",
			   (int)off, size, regno, reg->id, (int)off, mem_size);
		break;
	default:
		bv_verbose(env, "invalid access to memory, mem_size=%u off=%d size=%d\n",
			   mem_size, (int)off, size);
	}
	return -EACCES;
}

/* check_mem_region_access: both ends of a variable offset must fit. */
static int mem_region_access(struct bv_env *env, unsigned regno, int off,
			     int size, uint32_t mem_size, bool zero_size_allowed)
{
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];
	int64_t smin = reg->s.smin;

	if (smin < 0 && (smin == INT64_MIN ||
			 (int64_t)off + smin != (int64_t)(int32_t)((int64_t)off + smin) ||
			 smin + off < 0)) {
		bv_verbose(env, "R%u min value is negative, either use unsigned index or do a if (index >=0) check.\n",
			   regno);
		return -EACCES;
	}
	if (mem_access_in(env, regno, smin + off, size, mem_size,
			  zero_size_allowed)) {
		bv_verbose(env, "R%u min value is outside of the allowed memory range\n",
			   regno);
		return -EACCES;
	}
	if (reg->s.umax >= (uint64_t)MAX_VAR_OFF) {
		bv_verbose(env, "R%u unbounded memory access, make sure to bounds check any such access\n",
			   regno);
		return -EACCES;
	}
	if (mem_access_in(env, regno, (int64_t)reg->s.umax + off, size,
			  mem_size, zero_size_allowed)) {
		bv_verbose(env, "R%u max value is outside of the allowed memory range\n",
			   regno);
		return -EACCES;
	}
	return 0;
}

#define MAP_F_RDONLY_PROG (1u << 7) /* BPF_F_RDONLY_PROG */
#define MAP_F_WRONLY_PROG (1u << 8) /* BPF_F_WRONLY_PROG */

/* check_map_access_type: maps the program may only read or only write */
static int check_map_access_type(struct bv_env *env, const struct bv_map_def *map,
				 int off, int size, bool write)
{
	uint32_t flags = bv_map_kernel_flags(map);

	if (write && (flags & MAP_F_RDONLY_PROG)) {
		bv_verbose(env, "write into map forbidden, value_size=%u off=%d size=%d\n",
			   map->value_size, off, size);
		return -EACCES;
	}
	if (!write && (flags & MAP_F_WRONLY_PROG)) {
		bv_verbose(env, "read from map forbidden, value_size=%u off=%d size=%d\n",
			   map->value_size, off, size);
		return -EACCES;
	}
	return 0;
}

/* A load from a frozen read-only map (.rodata) is the constant libbpf
 * stored there (bpf_map_is_rdonly and bpf_map_direct_read); any other
 * map value load is unknown. */
static void read_map_value(struct bv_env *env, const struct bv_reg *ptr_reg,
			   int off, int size, struct bv_reg *dst)
{
	const struct bv_reg ptr_copy = *ptr_reg; /* dst may be the pointer */
	const struct bv_reg *ptr = &ptr_copy;
	const struct bv_map_extra *x =
		ptr->map_idx < BV_MAX_MAPS ? &env->prog->map_extra[ptr->map_idx] : NULL;
	const struct bv_map_def *map = bv_program_map_at(env->prog, ptr->map_idx);
	uint64_t val = 0;
	int64_t at;

	bv_reg_mark_unknown(env, dst);
	if (!x || !x->frozen || !x->init || !(map->flags & MAP_F_RDONLY_PROG) ||
	    !bv_tnum_is_const(ptr->s.var_off))
		return;
	at = off + (int64_t)ptr->s.var_off.value;
	if (at < 0 || at + size > (int64_t)map->value_size)
		return;
	for (int i = size - 1; i >= 0; i--)
		val = val << 8 | x->init[at + i]; /* little-endian */
	dst->s = bv_scalar_const(val);
}

/* check_map_access's look at the value's special fields: a load, a store
 * or a helper's access may touch none but a kptr, and a kptr only as one
 * aligned 8-byte load or store at a constant offset. 0: no field is
 * touched; 1: the access is to the kptr field copied to *kptr, for
 * check_map_kptr_access; else -errno. */
static int check_map_fields(struct bv_env *env, unsigned regno, int off,
			    int size, bool by_helper, struct bv_map_field *kptr)
{
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];
	const struct bv_map_record *rec = bv_env_map_record(env, reg->map_idx);
	const struct bv_map_field *f;

	if (!rec)
		return 0;
	if (rec->incomplete) {
		bv_verbose(
			env,
			"this map value's special fields are not modelled\n");
		return -BV_ENOTSUPP;
	}
	f = bv_map_record_overlap(
		rec, reg->s.smin + off,
		(int64_t)(reg->s.umax + (uint64_t)off + (uint64_t)size));
	if (!f)
		return 0;
	if (f->kind != BV_FIELD_KPTR && f->kind != BV_FIELD_UPTR) {
		bv_verbose(env,
			   "%s cannot be accessed directly by load/store\n",
			   bv_map_field_name(f->kind));
		return -EACCES;
	}
	if (by_helper) {
		bv_verbose(env,
			   "kptr cannot be accessed indirectly by helper\n");
		return -EACCES;
	}
	if (!bv_tnum_is_const(reg->s.var_off)) {
		bv_verbose(env, "kptr access cannot have variable offset\n");
		return -EACCES;
	}
	if (f->off != off + reg->s.var_off.value) {
		bv_verbose(env, "kptr access misaligned expected=%u off=%llu\n",
			   f->off,
			   (unsigned long long)(off + reg->s.var_off.value));
		return -EACCES;
	}
	if (size != 8) {
		bv_verbose(env, "kptr access size must be BPF_DW\n");
		return -EACCES;
	}
	if (f->kind == BV_FIELD_UPTR) {
		bv_verbose(env, "uptrs in map values are not modelled yet\n");
		return -BV_ENOTSUPP;
	}
	*kptr = *f;
	return 1;
}

static int check_map_value_access(struct bv_env *env, unsigned regno, int off,
				  int size, enum access t, int value_regno,
				  const struct bv_insn *insn)
{
	struct bv_reg *regs = bv_cur_regs(env);
	struct bv_map_field kptr;
	const struct bv_map_def *map = bv_program_map_at(env->prog, regs[regno].map_idx);
	int err;

	if (t == ACCESS_WRITE && value_regno >= 0 &&
	    bv_reg_is_pointer(&regs[value_regno]) && !env->allow_ptr_leaks) {
		bv_verbose(env, "R%d leaks addr into map\n", value_regno);
		return -EACCES;
	}
	err = check_map_access_type(env, map, off, size, t == ACCESS_WRITE);
	if (!err)
		err = mem_region_access(env, regno, off, size, map->value_size, false);
	if (!err)
		err = check_map_fields(env, regno, off, size, false, &kptr);
	if (err == 1)
		return bv_check_map_kptr_access(env, value_regno, insn, &kptr);
	if (err)
		return err;
	if (t == ACCESS_READ && value_regno >= 0)
		read_map_value(env, &regs[regno], off, size, &regs[value_regno]);
	return 0;
}

/* PTR_TO_MEM (ring buffer records, helper memory): within mem_size */
static int check_mem_mem(struct bv_env *env, unsigned regno, int off, int size,
			 enum access t, int value_regno)
{
	struct bv_reg *regs = bv_cur_regs(env);
	const struct bv_reg *reg = &regs[regno];
	bool rdonly = reg->type & BV_MEM_RDONLY;
	int err = 0;

	if (reg->type & BV_PTR_MAYBE_NULL) {
		bv_verbose(env, "R%u invalid mem access '%s'\n", regno,
			   TYPE_NAME(reg->type));
		return -EACCES;
	}
	if (t == ACCESS_WRITE && rdonly) {
		bv_verbose(env, "R%u cannot write into %s\n", regno,
			   TYPE_NAME(reg->type));
		return -EACCES;
	}
	if (t == ACCESS_WRITE && value_regno >= 0 &&
	    bv_reg_is_pointer(&regs[value_regno]) && !env->allow_ptr_leaks) {
		bv_verbose(env, "R%d leaks addr into mem\n", value_regno);
		return -EACCES;
	}
	if (!(rdonly && (reg->type & BV_PTR_UNTRUSTED)))
		err = mem_region_access(env, regno, off, size, (uint32_t)reg->range,
					false);
	if (!err && value_regno >= 0 && (t == ACCESS_READ || rdonly))
		bv_reg_mark_unknown(env, &regs[value_regno]);
	return err;
}

/* check_ptr_to_map_access: the map's kernel struct, by map type
 * (map->ops->map_btf_name) */
static const char *const map_struct_names[] = {
	[1] = "bpf_htab",     [2] = "bpf_array",    [3] = "bpf_array",
	[4] = "bpf_array",    [5] = "bpf_htab",     [6] = "bpf_array",
	[7] = "bpf_stack_map", [8] = "bpf_array",   [9] = "bpf_htab",
	[10] = "bpf_htab",    [11] = "lpm_trie",    [12] = "bpf_array",
	[13] = "bpf_htab",    [14] = "bpf_dtab",    [15] = "bpf_stab",
	[16] = "bpf_cpu_map", [17] = "xsk_map",     [18] = "bpf_shtab",
	[20] = "reuseport_array", [22] = "bpf_queue_stack",
	[23] = "bpf_queue_stack", [24] = "bpf_local_storage_map",
	[25] = "bpf_dtab",    [27] = "bpf_ringbuf_map",
	[28] = "bpf_local_storage_map", [29] = "bpf_local_storage_map",
	[30] = "bpf_bloom_filter", [31] = "bpf_ringbuf_map",
	[32] = "bpf_local_storage_map",
};

static int check_map_ptr_access(struct bv_env *env, unsigned regno, int off,
				enum access t)
{
	const struct bv_map_def *map =
		bv_program_map_at(env->prog, bv_cur_regs(env)[regno].map_idx);
	const char *name = map->type < sizeof(map_struct_names) / sizeof(map_struct_names[0])
				   ? map_struct_names[map->type]
				   : NULL;

	if (!name || !env->allow_ptr_leaks || off < 0 || t == ACCESS_READ) {
		bv_verbose(env, "reads through map pointers are not modelled yet\n");
		return -BV_ENOTSUPP;
	}
	bv_verbose(env, "only read from %s is supported\n", name);
	return -EACCES;
}

/* check_sock_access: reads of the fields a socket pointer exposes */
static int check_sock_mem(struct bv_env *env, unsigned regno, int off, int size,
			  enum access t, int value_regno)
{
	struct bv_reg *regs = bv_cur_regs(env);
	const struct bv_reg *reg = &regs[regno];

	if (t == ACCESS_WRITE) {
		bv_verbose(env, "R%u cannot write into %s\n", regno,
			   TYPE_NAME(reg->type));
		return -EACCES;
	}
	if (reg->s.smin < 0) {
		bv_verbose(env, "R%u min value is negative, either use unsigned index or do a if (index >=0) check.\n",
			   regno);
		return -EACCES;
	}
	if (!bv_sock_read_ok(reg->type, off, size)) {
		bv_verbose(env, "R%u invalid %s access off=%d size=%d\n", regno,
			   TYPE_NAME(reg->type), off, size);
		return -EACCES;
	}
	if (value_regno >= 0)
		bv_reg_mark_unknown(env, &regs[value_regno]);
	return 0;
}

/* may_access_direct_pkt_data: the program types that may read packets
 * directly, and those that may also write them. */
static bool may_access_pkt(uint32_t prog_type, enum access t)
{
	switch (prog_type) {
	case 10: /* lwt_in */
	case 11: /* lwt_out */
	case 19: /* lwt_seg6local */
	case 21: /* sk_reuseport */
	case 22: /* flow_dissector */
	case 8:	 /* cgroup_skb */
		return t == ACCESS_READ;
	case 3:	 /* sched_cls */
	case 4:	 /* sched_act */
	case 6:	 /* xdp */
	case 12: /* lwt_xmit */
	case 14: /* sk_skb */
	case 16: /* sk_msg */
	case 25: /* cgroup_sockopt */
		return true;
	default:
		return false;
	}
}

/* check_packet_access: within the range a comparison with pkt_end proved */
static int check_pkt_mem(struct bv_env *env, unsigned regno, int off, int size,
			 enum access t, int value_regno)
{
	struct bv_reg *regs = bv_cur_regs(env);
	const struct bv_reg *reg = &regs[regno];

	if (t == ACCESS_WRITE && !may_access_pkt(env->prog->prog_type, t)) {
		bv_verbose(env, "cannot write into packet\n");
		return -EACCES;
	}
	if (t == ACCESS_WRITE && value_regno >= 0 &&
	    bv_reg_is_pointer(&regs[value_regno]) && !env->allow_ptr_leaks) {
		bv_verbose(env, "R%d leaks addr into packet\n", value_regno);
		return -EACCES;
	}
	if (reg->s.smin < 0) {
		bv_verbose(env, "R%u min value is negative, either use unsigned index or do a if (index >=0) check.\n",
			   regno);
		return -EACCES;
	}
	if (reg->range < 0 ||
	    mem_access_in(env, regno, off, size, (uint32_t)reg->range, false)) {
		bv_verbose(env, "R%u offset is outside of the packet\n", regno);
		return -EACCES;
	}
	if (t == ACCESS_READ && value_regno >= 0)
		bv_reg_mark_unknown(env, &regs[value_regno]);
	return 0;
}

/* check_tp_buffer_access (__check_buffer_access): a writable tracepoint's
 * buffer is checked for a negative or variable offset only; its size is
 * checked when the program is attached, not when it is loaded. */
static int check_tp_buffer_mem(struct bv_env *env, unsigned regno, int off,
			       int size, enum access t, int value_regno)
{
	struct bv_reg *regs = bv_cur_regs(env);
	char tn[48];

	if (off < 0) {
		bv_verbose(env, "R%u invalid tracepoint buffer access: off=%d, size=%d\n",
			   regno, off, size);
		return -EACCES;
	}
	if (!bv_tnum_is_const(regs[regno].s.var_off) || regs[regno].s.var_off.value) {
		bv_tnum_strn(tn, sizeof(tn), regs[regno].s.var_off);
		bv_verbose(env, "R%u invalid variable buffer offset: off=%d, var_off=%s\n",
			   regno, off, tn);
		return -EACCES;
	}
	if (t == ACCESS_READ && value_regno >= 0)
		bv_reg_mark_unknown(env, &regs[value_regno]);
	return 0;
}

/* The context access of check_mem_access (check_ctx_access and the
 * program type's is_valid_access). */
static int check_ctx_mem(struct bv_env *env, unsigned regno, int off, int size,
			 enum access t, int value_regno, bool is_ldsx)
{
	struct bv_reg *regs = bv_cur_regs(env);
	enum bv_ctx_op op = t == ACCESS_WRITE ? BV_CTX_WRITE
			    : is_ldsx	      ? BV_CTX_READ_SX
					      : BV_CTX_READ;
	struct bv_ctx_access_info info;
	int err;

	if (bv_prog_has_btf_ctx(env->prog) && t == ACCESS_READ && is_ldsx) {
		bv_verbose(
			env,
			"sign-extending loads from a BTF context are not modelled yet\n");
		return -BV_ENOTSUPP;
	}
	if (!bv_ctx_layout(env->prog->prog_type) &&
	    !bv_prog_has_btf_ctx(env->prog)) {
		bv_verbose(env, "the context of program type %u is not modelled yet\n",
			   env->prog->prog_type);
		return -BV_ENOTSUPP;
	}
	if (t == ACCESS_WRITE && value_regno >= 0 &&
	    bv_reg_is_pointer(&regs[value_regno]) && !env->allow_ptr_leaks) {
		bv_verbose(env, BV_CTX_MSG_LEAK "\n", value_regno);
		return -EACCES;
	}
	err = bv_check_ptr_off_reg(env, &regs[regno], regno, false);
	if (err)
		return err;
	if (bv_prog_has_btf_ctx(env->prog))
		return bv_check_btf_ctx_access(env, off, size,
					       t == ACCESS_WRITE, value_regno);
	if (!bv_ctx_access(env->prog->prog_type, env->prog->attach_type, off,
			   size, op, &info)) {
		bv_verbose(env, BV_CTX_MSG_INVALID "\n", off, size);
		return -EACCES;
	}
	if (t == ACCESS_WRITE || value_regno < 0)
		return 0;
	if (info.reg_type == BV_SCALAR_VALUE) {
		bv_reg_mark_unknown(env, &regs[value_regno]);
		return 0;
	}
	bv_reg_mark_ptr(&regs[value_regno], info.reg_type);
	regs[value_regno].def_insn = env->insn_idx;
	if (info.reg_type & BV_PTR_MAYBE_NULL)
		regs[value_regno].id = ++env->id_gen;
	return 0;
}

/* The case of check_mem_access a pointer type takes: memory with any
 * flags, a BTF pointer that cannot be NULL, the rest by their exact type
 * (a NULL-able pointer of any kind is refused). */
static uint32_t access_class(uint32_t type)
{
	uint32_t base = BV_BASE_TYPE(type);

	if (base == BV_PTR_TO_MEM ||
	    (base == BV_PTR_TO_BTF_ID && !(type & BV_PTR_MAYBE_NULL)))
		return base;
	return type;
}

/* check_mem_access for the register types modelled so far. */
static int check_mem_access(struct bv_env *env, unsigned regno, int off,
			    int size, enum access t, int value_regno,
			    const struct bv_insn *insn, bool is_ldsx,
			    bool strict_once)
{
	struct bv_reg *regs = bv_cur_regs(env);
	struct bv_reg *reg = &regs[regno];
	bool strict = (env->prog->prog_flags & 1u) || strict_once;
	char t_name[64];
	int err;

	err = check_alignment(env, reg, off, size, strict);
	if (err)
		return err;
	off += reg->off;
	switch (access_class(reg->type)) {
	case BV_PTR_TO_MAP_VALUE:
		err = check_map_value_access(env, regno, off, size, t,
					     value_regno, insn);
		break;
	case BV_PTR_TO_STACK:
		err = bv_check_stack_access(env, regno, off, size, t == ACCESS_WRITE, value_regno, insn);
		break;
	case BV_PTR_TO_CTX:
		err = check_ctx_mem(env, regno, off, size, t, value_regno, is_ldsx);
		break;
	case BV_PTR_TO_PACKET:
	case BV_PTR_TO_PACKET_META:
		err = check_pkt_mem(env, regno, off, size, t, value_regno);
		break;
	case BV_PTR_TO_MEM:
		err = check_mem_mem(env, regno, off, size, t, value_regno);
		break;
	case BV_CONST_PTR_TO_MAP:
		err = check_map_ptr_access(env, regno, off, t);
		break;
	case BV_PTR_TO_SOCKET:
	case BV_PTR_TO_SOCK_COMMON:
	case BV_PTR_TO_TCP_SOCK:
	case BV_PTR_TO_XDP_SOCK:
		err = check_sock_mem(env, regno, off, size, t, value_regno);
		break;
	case BV_PTR_TO_TP_BUFFER:
		err = check_tp_buffer_mem(env, regno, off, size, t, value_regno);
		break;
	case BV_PTR_TO_BTF_ID:
		err = bv_check_ptr_to_btf_access(
			env, regno, off, size, t == ACCESS_WRITE, value_regno);
		break;
	case BV_PTR_TO_MAP_KEY:
		bv_verbose(env, "access through %s is not modelled yet\n",
			   bv_reg_type_str(reg->type, t_name, sizeof(t_name)));
		return -BV_ENOTSUPP;
	default:
		bv_verbose(env, "R%u invalid mem access '%s'\n", regno,
			   bv_reg_type_str(reg->type, t_name, sizeof(t_name)));
		return -EACCES;
	}
	if (!err && size < BV_SLOT_SIZE && value_regno >= 0 && t == ACCESS_READ &&
	    regs[value_regno].type == BV_SCALAR_VALUE) {
		if (is_ldsx)
			bv_scalar_coerce_sx(&regs[value_regno].s, (unsigned)size);
		else
			bv_scalar_coerce(&regs[value_regno].s, (unsigned)size);
	}
	return err;
}

/* reg_type_mismatch_ok: the pointer types whose accesses the kernel
 * rewrites per type after verification (context, sockets, BTF objects,
 * arena) may not share an access instruction with another type. */
static bool ptr_type_may_mix(uint32_t type)
{
	switch (BV_BASE_TYPE(type)) {
	case BV_PTR_TO_CTX:
	case BV_PTR_TO_SOCKET:
	case BV_PTR_TO_SOCK_COMMON:
	case BV_PTR_TO_TCP_SOCK:
	case BV_PTR_TO_XDP_SOCK:
	case BV_PTR_TO_BTF_ID:
	case BV_PTR_TO_ARENA:
		return false;
	default:
		return true;
	}
}

/* save_aux_ptr_type: the first path through an access records the type of
 * its pointer register; a later path with another type is refused when
 * either type is one of the above. (The kernel's allow_trust_mismatch
 * fallback concerns PTR_TO_BTF_ID loads, which are not modelled.) */
static int save_aux_ptr_type(struct bv_env *env, uint32_t type)
{
	uint32_t *prev = &env->aux[env->insn_idx].ptr_type;

	if (*prev == BV_NOT_INIT) {
		*prev = type;
		return 0;
	}
	if (type == *prev || (ptr_type_may_mix(type) && ptr_type_may_mix(*prev)))
		return 0;
	bv_verbose(env, "same insn cannot be used with different pointers\n");
	return -EINVAL;
}

/* check_load_mem */
static int check_load_mem(struct bv_env *env, const struct bv_insn *insn,
			  bool strict_once)
{
	uint32_t type;
	int err = bv_check_reg_arg(env, insn->src_reg, BV_SRC_OP);

	if (err)
		return err;
	err = bv_check_reg_arg(env, insn->dst_reg, BV_DST_OP_NO_MARK);
	if (err)
		return err;
	type = bv_cur_regs(env)[insn->src_reg].type;
	err = check_mem_access(env, insn->src_reg, insn->off,
			       (int)BV_SIZE_BYTES(insn->code), ACCESS_READ,
			       insn->dst_reg, insn,
			       BV_CLASS(insn->code) == BV_LDX &&
				       BV_MODE(insn->code) == BV_MEMSX,
			       strict_once);
	return err ? err : save_aux_ptr_type(env, type);
}

/* check_store_reg */
static int check_store_reg(struct bv_env *env, const struct bv_insn *insn,
			   bool strict_once)
{
	uint32_t type;
	int err = bv_check_reg_arg(env, insn->src_reg, BV_SRC_OP);

	if (err)
		return err;
	err = bv_check_reg_arg(env, insn->dst_reg, BV_SRC_OP);
	if (err)
		return err;
	type = bv_cur_regs(env)[insn->dst_reg].type;
	err = check_mem_access(env, insn->dst_reg, insn->off,
			       (int)BV_SIZE_BYTES(insn->code), ACCESS_WRITE,
			       insn->src_reg, insn, false, strict_once);
	return err ? err : save_aux_ptr_type(env, type);
}

/* BPF_ST: an immediate stored */
static int check_st(struct bv_env *env, const struct bv_insn *insn)
{
	uint32_t type;
	int err = bv_check_reg_arg(env, insn->dst_reg, BV_SRC_OP);

	if (err)
		return err;
	type = bv_cur_regs(env)[insn->dst_reg].type;
	err = check_mem_access(env, insn->dst_reg, insn->off,
			       (int)BV_SIZE_BYTES(insn->code), ACCESS_WRITE, -1,
			       insn, false, false);
	return err ? err : save_aux_ptr_type(env, type);
}

/* atomic_ptr_type_ok: atomics may not target the context, packets, flow
 * keys or sockets */
static bool atomic_ptr_type_ok(const struct bv_reg *reg)
{
	switch (BV_BASE_TYPE(reg->type)) {
	case BV_PTR_TO_CTX:
	case BV_PTR_TO_PACKET:
	case BV_PTR_TO_PACKET_META:
	case BV_PTR_TO_FLOW_KEYS:
	case BV_PTR_TO_SOCKET:
	case BV_PTR_TO_SOCK_COMMON:
	case BV_PTR_TO_TCP_SOCK:
	case BV_PTR_TO_XDP_SOCK:
		return false;
	default:
		return true;
	}
}

static int atomic_target(struct bv_env *env, unsigned regno, const char *what)
{
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];
	char t[64];

	if (BV_BASE_TYPE(reg->type) == BV_PTR_TO_ARENA) {
		bv_verbose(env, "atomics on arena memory are not modelled yet\n");
		return -BV_ENOTSUPP;
	}
	if (atomic_ptr_type_ok(reg))
		return 0;
	bv_verbose(env, "BPF_ATOMIC %s R%u %s is not allowed\n", what, regno,
		   bv_reg_type_str(reg->type, t, sizeof(t)));
	return -EACCES;
}

static int leaks_into_mem(struct bv_env *env, unsigned regno)
{
	if (!bv_reg_is_pointer(&bv_cur_regs(env)[regno]) || env->allow_ptr_leaks)
		return 0;
	bv_verbose(env, "R%u leaks addr into mem\n", regno);
	return -EACCES;
}

/* check_atomic_rmw: read-modify-write, with the old value fetched into
 * src (or r0 for cmpxchg) when BPF_FETCH is set */
static int check_atomic_rmw(struct bv_env *env, const struct bv_insn *insn)
{
	int size = (int)BV_SIZE_BYTES(insn->code), load_reg = -1;
	int err = bv_check_reg_arg(env, insn->src_reg, BV_SRC_OP);

	if (!err)
		err = bv_check_reg_arg(env, insn->dst_reg, BV_SRC_OP);
	if (!err && insn->imm == BV_CMPXCHG) {
		err = bv_check_reg_arg(env, 0, BV_SRC_OP);
		if (!err)
			err = leaks_into_mem(env, 0);
	}
	if (!err)
		err = leaks_into_mem(env, insn->src_reg);
	if (!err)
		err = atomic_target(env, insn->dst_reg, "stores into");
	if (err)
		return err;
	if (insn->imm & BV_FETCH) {
		load_reg = insn->imm == BV_CMPXCHG ? 0 : insn->src_reg;
		err = bv_check_reg_arg(env, (unsigned)load_reg, BV_DST_OP);
		if (err)
			return err;
	}
	err = check_mem_access(env, insn->dst_reg, insn->off, size, ACCESS_READ,
			       -1, insn, false, true);
	if (!err && load_reg >= 0)
		err = check_mem_access(env, insn->dst_reg, insn->off, size,
				       ACCESS_READ, load_reg, insn, false, true);
	if (!err)
		err = save_aux_ptr_type(env, bv_cur_regs(env)[insn->dst_reg].type);
	if (err)
		return err;
	return check_mem_access(env, insn->dst_reg, insn->off, size,
				ACCESS_WRITE, -1, insn, false, true);
}

/* check_atomic_load and check_atomic_store: plain accesses, always
 * aligned */
static int check_atomic_load_store(struct bv_env *env, const struct bv_insn *insn)
{
	bool load = insn->imm == BV_LOAD_ACQ;
	unsigned ptr = load ? insn->src_reg : insn->dst_reg;
	int err = atomic_target(env, ptr, load ? "loads from" : "stores into");

	if (err)
		return err;
	return load ? check_load_mem(env, insn, true)
		    : check_store_reg(env, insn, true);
}

int bv_check_load_store(struct bv_env *env, const struct bv_insn *insn)
{
	uint8_t class = BV_CLASS(insn->code);
	int err;

	if (class == BV_LDX)
		return check_load_mem(env, insn, false);
	err = bv_check_stage(env, insn, BV_INSN_FIELDS);
	if (err)
		return err;
	if (class == BV_STX && BV_MODE(insn->code) == BV_ATOMIC)
		return insn->imm == BV_LOAD_ACQ || insn->imm == BV_STORE_REL
			       ? check_atomic_load_store(env, insn)
			       : check_atomic_rmw(env, insn);
	if (class == BV_STX)
		return check_store_reg(env, insn, false);
	return check_st(env, insn);
}

/* check_ld_imm: a 64-bit constant, or a map, map value or function. */
int bv_check_ld_imm64(struct bv_env *env, const struct bv_insn *insn)
{
	struct bv_reg *dst = &bv_cur_regs(env)[insn->dst_reg];
	int err = bv_check_stage(env, insn, BV_INSN_FIELDS);

	if (err)
		return err;
	err = bv_check_reg_arg(env, insn->dst_reg, BV_DST_OP);
	if (err)
		return err;
	switch (insn->src_reg) {
	case 0:
		bv_reg_mark_unknown(env, dst);
		dst->s = bv_scalar_const((uint64_t)(uint32_t)insn[0].imm |
					 ((uint64_t)(uint32_t)insn[1].imm << 32));
		return 0;
	case BV_PSEUDO_MAP_FD:
	case BV_PSEUDO_MAP_IDX:
		bv_reg_mark_ptr(dst, BV_CONST_PTR_TO_MAP);
		dst->map_idx = bv_program_map_for_ldimm(env->prog, env->insn_idx);
		dst->def_insn = env->insn_idx;
		return 0;
	case BV_PSEUDO_MAP_VALUE:
	case BV_PSEUDO_MAP_IDX_VALUE:
		bv_reg_mark_ptr(dst, BV_PTR_TO_MAP_VALUE);
		dst->map_idx = bv_program_map_for_ldimm(env->prog, env->insn_idx);
		dst->off = insn[1].imm;
		dst->def_insn = env->insn_idx;
		return 0;
	default:
		bv_verbose(env, "this 64-bit load is not modelled yet\n");
		return -BV_ENOTSUPP;
	}
}

/* check_packet_access for helper memory: the pointer's fixed offset and
 * the size within the range proven (the variable part is in the range) */
static int helper_pkt_access(struct bv_env *env, unsigned regno, int size,
			     bool zero_size_allowed)
{
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];

	if (reg->s.smin < 0) {
		bv_verbose(env, "R%u min value is negative, either use unsigned index or do a if (index >=0) check.\n",
			   regno);
		return -EACCES;
	}
	if (reg->range < 0 ||
	    mem_access_in(env, regno, reg->off, size, (uint32_t)reg->range, zero_size_allowed)) {
		bv_verbose(env, "R%u offset is outside of the packet\n", regno);
		return -EACCES;
	}
	return 0;
}

bool bv_helper_may_access_pkt(const struct bv_env *env, bool helper_pkt_access)
{
	/* may_access_direct_pkt_data with a helper's meta: where programs
	 * access packets directly, the helper must take packet pointers */
	if (env->prog->prog_type == 25 /* cgroup_sockopt */)
		return true;
	return may_access_pkt(env->prog->prog_type, ACCESS_READ) && helper_pkt_access;
}

int bv_check_helper_mem_access(struct bv_env *env, unsigned regno,
			       int64_t access_size, bool zero_size_allowed,
			       bool write, bool raw)
{
	struct bv_reg *reg = &bv_cur_regs(env)[regno];
	char t[64];

	switch (BV_BASE_TYPE(reg->type)) {
	case BV_PTR_TO_MAP_VALUE:
		if (check_map_access_type(env, bv_program_map_at(env->prog, reg->map_idx),
					  reg->off, (int)access_size, write))
			return -EACCES;
		if (mem_region_access(env, regno, reg->off, (int)access_size,
				      bv_program_map_at(env->prog, reg->map_idx)
					      ->value_size,
				      zero_size_allowed))
			return -EACCES;
		return check_map_fields(env, regno, reg->off, (int)access_size,
					true, NULL);
	case BV_PTR_TO_MEM:
		return mem_region_access(env, regno, reg->off, (int)access_size,
					 (uint32_t)reg->range, zero_size_allowed);
	case BV_PTR_TO_STACK:
		return bv_stack_range_initialized(env, regno, reg->off,
					       (int)access_size,
					       zero_size_allowed, write, raw);
	case BV_SCALAR_VALUE:
		if (zero_size_allowed && access_size == 0 &&
		    bv_tnum_equals_const(reg->s.var_off, 0))
			return 0;
		break;
	case BV_PTR_TO_PACKET:
	case BV_PTR_TO_PACKET_META:
		return helper_pkt_access(env, regno, (int)access_size, zero_size_allowed);
	case BV_PTR_TO_BTF_ID:
		/* the helper's access is checked as a load of access_size
		 * bytes where the register points */
		return bv_check_ptr_to_btf_access(env, regno, reg->off,
						  (int)access_size, false, -1);
	case BV_PTR_TO_MAP_KEY:
	case BV_PTR_TO_BUF:
		bv_verbose(env, "helper access through %s is not modelled yet\n",
			   bv_reg_type_str(reg->type, t, sizeof(t)));
		return -BV_ENOTSUPP;
	default:
		break;
	}
	bv_verbose(env, "R%u type=%s expected=fp\n", regno,
		   bv_reg_type_str(reg->type, t, sizeof(t)));
	return -EACCES;
}

int bv_mark_stack_written(struct bv_env *env, unsigned regno, int size,
			  const struct bv_insn *insn)
{
	for (int i = 0; i < size; i++) {
		int err = check_mem_access(env, regno, i, 1, ACCESS_WRITE, -1,
					   insn, false, false);

		if (err)
			return err;
	}
	return 0;
}

/* check_ld_abs: legacy packet loads through the skb in r6 */
int bv_check_ld_abs(struct bv_env *env, const struct bv_insn *insn)
{
	struct bv_reg *regs = bv_cur_regs(env);
	int err = bv_check_stage(env, insn, BV_INSN_FIELDS);

	/* 6.18 also explores the load's failure inside a subprogram: an
	 * early return of 0 to the caller */
	if (!err && (env->cur.curframe || bv_cur_frame(env)->subprogno)) {
		bv_verbose(env, "BPF_LD_[ABS|IND] in a subprogram is not modelled yet\n");
		return -BV_ENOTSUPP;
	}
	if (!err)
		err = bv_check_reg_arg(env, 6, BV_SRC_OP);
	if (!err)
		err = bv_check_resource_leak(env, "BPF_LD_[ABS|IND]");
	if (err)
		return err;
	if (regs[6].type != BV_PTR_TO_CTX) {
		bv_verbose(env, "at the time of BPF_LD_ABS|IND R6 != pointer to skb\n");
		return -EINVAL;
	}
	if (BV_MODE(insn->code) == BV_IND) {
		err = bv_check_reg_arg(env, insn->src_reg, BV_SRC_OP);
		if (err)
			return err;
	}
	err = bv_check_ptr_off_reg(env, &regs[6], 6, false);
	if (err)
		return err;
	for (unsigned r = 1; r <= 5; r++) {
		bv_reg_mark_not_init(&regs[r]);
		bv_mark_reg_scratched(env, r);
	}
	bv_reg_mark_unknown(env, &regs[0]);
	regs[0].def_insn = env->insn_idx;
	bv_mark_reg_scratched(env, 0);
	return 0;
}
