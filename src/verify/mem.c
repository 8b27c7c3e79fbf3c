/* SPDX-License-Identifier: MIT */
/* Loads and stores (check_mem_access and the stack, map value and packet
 * checks under it, kernel/bpf/verifier.c). */
#include "spec/ctx.h"
#include "verify/env.h"

#include <string.h>

#define MAX_VAR_OFF (1ll << 29) /* BPF_MAX_VAR_OFF */
#define NET_IP_ALIGN 2		/* what the kernel assumes for packet data */

enum access { ACCESS_READ, ACCESS_WRITE };

static unsigned size_bytes(uint8_t code)
{
	static const unsigned bytes[] = { [BV_W >> 3] = 4, [BV_H >> 3] = 2,
					  [BV_B >> 3] = 1, [BV_DW >> 3] = 8 };
	return bytes[BV_SIZE(code) >> 3];
}

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

static int check_map_value_access(struct bv_env *env, unsigned regno, int off,
				  int size, enum access t, int value_regno)
{
	struct bv_reg *regs = bv_cur_regs(env);
	const struct bv_map_def *map = &env->prog->maps[regs[regno].map_idx];
	int err;

	if (t == ACCESS_WRITE && value_regno >= 0 &&
	    bv_reg_is_pointer(&regs[value_regno]) && !env->allow_ptr_leaks) {
		bv_verbose(env, "R%d leaks addr into map\n", value_regno);
		return -EACCES;
	}
	err = mem_region_access(env, regno, off, size, map->value_size, false);
	if (err)
		return err;
	if (t == ACCESS_READ && value_regno >= 0)
		bv_reg_mark_unknown(env, &regs[value_regno]);
	return 0;
}

/* check_stack_access_within_bounds */
static int stack_bounds(struct bv_env *env, unsigned regno, int off, int size,
			enum access t, int64_t *min_off_out)
{
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];
	struct bv_frame *frame = env->cur.frames[reg->frameno];
	const char *extra = t == ACCESS_READ ? " read from" : " write to";
	int64_t min_off, max_off, min_valid;
	bool bad;

	if (bv_tnum_is_const(reg->s.var_off)) {
		min_off = (int64_t)reg->s.var_off.value + off;
		max_off = min_off + size;
	} else {
		if (reg->s.smax >= MAX_VAR_OFF || reg->s.smin <= -MAX_VAR_OFF) {
			bv_verbose(env, "invalid unbounded variable-offset%s stack R%u\n",
				   extra, regno);
			return -EACCES;
		}
		min_off = reg->s.smin + off;
		max_off = reg->s.smax + off + size;
	}
	min_valid = t == ACCESS_WRITE || env->allow_uninit_stack
			    ? -BV_MAX_STACK
			    : -(int64_t)frame->allocated_stack;
	bad = min_off < min_valid || min_off > -1 || max_off > 0 || size < 0;
	if (bad) {
		if (bv_tnum_is_const(reg->s.var_off)) {
			bv_verbose(env, "invalid%s stack R%u off=%d size=%d\n",
				   extra, regno, off, size);
		} else {
			char tn[48];

			bv_tnum_strn(tn, sizeof(tn), reg->s.var_off);
			bv_verbose(env, "invalid variable-offset%s stack R%u var_off=%s off=%d size=%d\n",
				   extra, regno, tn, off, size);
		}
		return -EACCES;
	}
	/* grow_stack_state and update_stack_depth */
	if ((uint64_t)-min_off > frame->allocated_stack)
		frame->allocated_stack = (uint32_t)((-min_off + 7) / 8 * 8);
	if (reg->frameno == 0 && (uint32_t)-min_off > env->stack_depth)
		env->stack_depth = (uint32_t)-min_off;
	*min_off_out = min_off;
	return 0;
}

static bool is_spillable_regtype(uint32_t type)
{
	switch (BV_BASE_TYPE(type)) {
	case BV_PTR_TO_MAP_VALUE:
	case BV_PTR_TO_STACK:
	case BV_PTR_TO_CTX:
	case BV_PTR_TO_PACKET:
	case BV_PTR_TO_PACKET_META:
	case BV_PTR_TO_PACKET_END:
	case BV_PTR_TO_FLOW_KEYS:
	case BV_CONST_PTR_TO_MAP:
	case BV_PTR_TO_SOCKET:
	case BV_PTR_TO_SOCK_COMMON:
	case BV_PTR_TO_TCP_SOCK:
	case BV_PTR_TO_XDP_SOCK:
	case BV_PTR_TO_BTF_ID:
	case BV_PTR_TO_BUF:
	case BV_PTR_TO_MEM:
	case BV_PTR_TO_FUNC:
	case BV_PTR_TO_MAP_KEY:
	case BV_PTR_TO_ARENA:
		return true;
	default:
		return false;
	}
}

/* save_register_state: the top size bytes of the slot hold the register */
static void save_register_state(struct bv_stack_slot *slot,
				const struct bv_reg *reg, int size,
				bool allow_ptr_leaks)
{
	int i;

	slot->spilled = *reg;
	for (i = BV_SLOT_SIZE; i > BV_SLOT_SIZE - size; i--)
		slot->type[i - 1] = BV_STACK_SPILL;
	for (; i; i--) {
		uint8_t *t = &slot->type[i - 1];

		/* mark_stack_slot_misc */
		if (*t == BV_STACK_ZERO ||
		    (allow_ptr_leaks && *t == BV_STACK_INVALID))
			continue;
		*t = BV_STACK_MISC;
	}
}

static bool is_spilled_reg(const struct bv_stack_slot *slot)
{
	return slot->type[BV_SLOT_SIZE - 1] == BV_STACK_SPILL;
}

static bool is_special_slot(const struct bv_stack_slot *slot)
{
	uint8_t t = slot->type[BV_SLOT_SIZE - 1];

	return t == BV_STACK_SPILL || t == BV_STACK_DYNPTR ||
	       t == BV_STACK_ITER || t == BV_STACK_IRQ_FLAG;
}

static void scrub_special_slot(struct bv_stack_slot *slot)
{
	for (int i = 0; i < BV_SLOT_SIZE; i++)
		if (slot->type[i] != BV_STACK_INVALID)
			slot->type[i] = BV_STACK_MISC;
}

static bool reg_is_const_zero(const struct bv_reg *reg)
{
	return reg->type == BV_SCALAR_VALUE &&
	       bv_tnum_equals_const(reg->s.var_off, 0);
}

/* check_stack_write_fixed_off */
static int stack_write(struct bv_env *env, struct bv_frame *frame, int off,
		       int size, int value_regno, const struct bv_insn *insn)
{
	int slot = -off - 1, spi = slot / BV_SLOT_SIZE;
	struct bv_stack_slot *st = &frame->stack[spi];
	const struct bv_reg *reg =
		value_regno >= 0 ? &bv_cur_regs(env)[value_regno] : NULL;
	uint8_t type = BV_STACK_MISC;

	if (!env->allow_ptr_leaks && is_spilled_reg(st) &&
	    st->spilled.type != BV_SCALAR_VALUE && size != BV_SLOT_SIZE) {
		bv_verbose(env, "attempt to corrupt spilled pointer on stack\n");
		return -EACCES;
	}
	bv_mark_stack_slot_scratched(env, (unsigned)spi);
	if (reg && !(off % BV_SLOT_SIZE) && reg->type == BV_SCALAR_VALUE) {
		struct bv_reg copy = *reg;
		bool fits = size == 8 || copy.s.umax < (1ull << (8 * size));

		if (fits && !(copy.id & BV_ID_ADD_CONST) && !copy.id &&
		    !bv_tnum_is_const(copy.s.var_off)) {
			/* assign_scalar_id_before_mov on the source */
			struct bv_reg *src = &bv_cur_regs(env)[value_regno];

			src->id = ++env->id_gen;
			copy.id = src->id;
		}
		if (!fits)
			copy.id = 0;
		save_register_state(st, &copy, size, env->allow_ptr_leaks);
		return 0;
	}
	if (!reg && !(off % BV_SLOT_SIZE) && BV_CLASS(insn->code) == BV_ST) {
		struct bv_reg fake;

		memset(&fake, 0, sizeof(fake));
		fake.type = BV_SCALAR_VALUE;
		fake.s = bv_scalar_const((uint64_t)(int64_t)insn->imm);
		fake.map_idx = -1;
		save_register_state(st, &fake, size, env->allow_ptr_leaks);
		return 0;
	}
	if (reg && is_spillable_regtype(reg->type)) {
		if (size != BV_SLOT_SIZE) {
			bv_verbose(env, "invalid size of register spill\n");
			return -EACCES;
		}
		save_register_state(st, reg, size, env->allow_ptr_leaks);
		return 0;
	}
	/* a plain write of data destroys any spilled register */
	st->spilled.type = BV_NOT_INIT;
	if (is_special_slot(st))
		scrub_special_slot(st);
	if ((reg && reg_is_const_zero(reg)) ||
	    (!reg && BV_CLASS(insn->code) == BV_ST && insn->imm == 0))
		type = BV_STACK_ZERO; /* the kernel also marks reg precise here */
	for (int i = 0; i < size; i++)
		st->type[(slot - i) % BV_SLOT_SIZE] = type;
	return 0;
}

/* mark_reg_stack_read: known zero if every byte read is STACK_ZERO */
static void fill_from_bytes(struct bv_env *env, struct bv_reg *dst,
			    const struct bv_stack_slot *st, int slot, int size)
{
	int zeros = 0;

	for (int i = 0; i < size; i++)
		zeros += st->type[(slot - i) % BV_SLOT_SIZE] == BV_STACK_ZERO;
	if (zeros == size) {
		bv_reg_mark_unknown(env, dst);
		bv_reg_mark_known_zero(dst);
	} else {
		bv_reg_mark_unknown(env, dst);
	}
}

static int check_bytes_readable(struct bv_env *env,
				const struct bv_stack_slot *st, int off,
				int slot, int size, bool spill_ok)
{
	for (int i = 0; i < size; i++) {
		uint8_t t = st->type[(slot - i) % BV_SLOT_SIZE];

		if (t == BV_STACK_MISC || t == BV_STACK_ZERO ||
		    (spill_ok && t == BV_STACK_SPILL) ||
		    (t == BV_STACK_INVALID && env->allow_uninit_stack))
			continue;
		bv_verbose(env, "invalid read from stack off %d+%d size %d\n",
			   off, i, size);
		return -EACCES;
	}
	return 0;
}

/* A narrower read of a spilled scalar (the spill_size < 8 and size < 8
 * cases of check_stack_read_fixed_off). */
static int fill_partial(struct bv_env *env, struct bv_stack_slot *st, int off,
			int slot, int size, int spill_size, int dst_regno)
{
	struct bv_reg *dst = &bv_cur_regs(env)[dst_regno];
	int spills = 0, zeros = 0, err;

	/* bpf_stack_narrow_access_ok: little-endian, the low bytes */
	if (size <= spill_size && !(off % BV_SLOT_SIZE)) {
		if (size == 4 && spill_size == 4 && st->spilled.s.umax <= UINT32_MAX &&
		    !st->spilled.id && !bv_tnum_is_const(st->spilled.s.var_off))
			st->spilled.id = ++env->id_gen;
		*dst = st->spilled;
		if (size != 4 || spill_size != 4)
			dst->id = 0;
		dst->def_insn = env->insn_idx;
		return 0;
	}
	err = check_bytes_readable(env, st, off, slot, size, true);
	if (err)
		return err;
	for (int i = 0; i < size; i++) {
		uint8_t t = st->type[(slot - i) % BV_SLOT_SIZE];

		spills += t == BV_STACK_SPILL;
		zeros += t == BV_STACK_ZERO;
	}
	bv_reg_mark_unknown(env, dst);
	if ((spills == size && bv_tnum_equals_const(st->spilled.s.var_off, 0)) ||
	    zeros == size)
		bv_reg_mark_known_zero(dst);
	return 0;
}

/* check_stack_read_fixed_off */
static int stack_read(struct bv_env *env, struct bv_frame *frame, int off,
		      int size, int dst_regno)
{
	int slot = -off - 1, spi = slot / BV_SLOT_SIZE;
	struct bv_stack_slot *st = &frame->stack[spi];
	int err;

	bv_mark_stack_slot_scratched(env, (unsigned)spi);
	if (is_spilled_reg(st)) {
		int spill_size = 1;

		for (int i = BV_SLOT_SIZE - 1;
		     i > 0 && st->type[i - 1] == BV_STACK_SPILL; i--)
			spill_size++;
		if (size != BV_SLOT_SIZE || spill_size != BV_SLOT_SIZE) {
			if (st->spilled.type != BV_SCALAR_VALUE) {
				bv_verbose(env, "invalid size of register fill\n");
				return -EACCES;
			}
			if (dst_regno < 0)
				return 0;
			return fill_partial(env, st, off, slot, size, spill_size,
					    dst_regno);
		}
		if (dst_regno >= 0) {
			struct bv_reg *dst = &bv_cur_regs(env)[dst_regno];

			if (st->spilled.type == BV_SCALAR_VALUE &&
			    !(st->spilled.id & BV_ID_ADD_CONST) && !st->spilled.id &&
			    !bv_tnum_is_const(st->spilled.s.var_off))
				st->spilled.id = ++env->id_gen;
			*dst = st->spilled;
			dst->def_insn = env->insn_idx;
		} else if (bv_reg_is_pointer(&st->spilled) && !env->allow_ptr_leaks) {
			bv_verbose(env, "leaking pointer from stack off %d\n", off);
			return -EACCES;
		}
		return 0;
	}
	err = check_bytes_readable(env, st, off, slot, size, false);
	if (err)
		return err;
	if (dst_regno >= 0)
		fill_from_bytes(env, &bv_cur_regs(env)[dst_regno], st, slot, size);
	return 0;
}

static int check_stack_access(struct bv_env *env, unsigned regno, int off,
			      int size, enum access t, int value_regno,
			      const struct bv_insn *insn)
{
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];
	struct bv_frame *frame = env->cur.frames[reg->frameno];
	int64_t min_off;
	int err = stack_bounds(env, regno, off, size, t, &min_off);

	if (err)
		return err;
	if (!bv_tnum_is_const(reg->s.var_off)) {
		bv_verbose(env, "variable-offset stack access is not modelled yet\n");
		return -BV_ENOTSUPP;
	}
	if (t == ACCESS_READ)
		return stack_read(env, frame, (int)min_off, size, value_regno);
	return stack_write(env, frame, (int)min_off, size, value_regno, insn);
}

/* __check_ptr_off_reg for a context pointer: only its original form may
 * be dereferenced. */
static int check_ctx_ptr_off(struct bv_env *env, const struct bv_reg *reg,
			     unsigned regno)
{
	char tn[48];

	if (reg->off < 0) {
		bv_verbose(env, BV_CTX_MSG_NEGATIVE "\n", regno, reg->off);
		return -EACCES;
	}
	if (reg->off) {
		bv_verbose(env, BV_CTX_MSG_MODIFIED "\n", regno, reg->off);
		return -EACCES;
	}
	if (!bv_tnum_is_const(reg->s.var_off) || reg->s.var_off.value) {
		bv_tnum_strn(tn, sizeof(tn), reg->s.var_off);
		bv_verbose(env, BV_CTX_MSG_VARIABLE "\n", tn);
		return -EACCES;
	}
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

	if (!bv_ctx_layout(env->prog->prog_type)) {
		bv_verbose(env, "the context of program type %u is not modelled yet\n",
			   env->prog->prog_type);
		return -BV_ENOTSUPP;
	}
	if (t == ACCESS_WRITE && value_regno >= 0 &&
	    bv_reg_is_pointer(&regs[value_regno]) && !env->allow_ptr_leaks) {
		bv_verbose(env, BV_CTX_MSG_LEAK "\n", value_regno);
		return -EACCES;
	}
	err = check_ctx_ptr_off(env, &regs[regno], regno);
	if (err)
		return err;
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

/* check_mem_access for the register types modelled so far. */
static int check_mem_access(struct bv_env *env, unsigned regno, int off,
			    int size, enum access t, int value_regno,
			    const struct bv_insn *insn, bool is_ldsx)
{
	struct bv_reg *regs = bv_cur_regs(env);
	struct bv_reg *reg = &regs[regno];
	bool strict = env->prog->prog_flags & 1u; /* BPF_F_STRICT_ALIGNMENT */
	char t_name[64];
	int err;

	err = check_alignment(env, reg, off, size, strict);
	if (err)
		return err;
	off += reg->off;
	switch (reg->type) {
	case BV_PTR_TO_MAP_VALUE:
		err = check_map_value_access(env, regno, off, size, t, value_regno);
		break;
	case BV_PTR_TO_STACK:
		err = check_stack_access(env, regno, off, size, t, value_regno, insn);
		break;
	case BV_PTR_TO_CTX:
		err = check_ctx_mem(env, regno, off, size, t, value_regno, is_ldsx);
		break;
	case BV_PTR_TO_PACKET:
	case BV_PTR_TO_PACKET_META:
	case BV_PTR_TO_MAP_KEY:
	case BV_PTR_TO_MEM:
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

static int check_ldx(struct bv_env *env, const struct bv_insn *insn)
{
	int err = bv_check_reg_arg(env, insn->src_reg, BV_SRC_OP);

	if (err)
		return err;
	err = bv_check_reg_arg(env, insn->dst_reg, BV_DST_OP_NO_MARK);
	if (err)
		return err;
	return check_mem_access(env, insn->src_reg, insn->off,
				(int)size_bytes(insn->code), ACCESS_READ,
				insn->dst_reg, insn,
				BV_MODE(insn->code) == BV_MEMSX);
}

static int check_stx(struct bv_env *env, const struct bv_insn *insn)
{
	int err = bv_check_reg_arg(env, insn->src_reg, BV_SRC_OP);

	if (err)
		return err;
	err = bv_check_reg_arg(env, insn->dst_reg, BV_SRC_OP);
	if (err)
		return err;
	return check_mem_access(env, insn->dst_reg, insn->off,
				(int)size_bytes(insn->code), ACCESS_WRITE,
				insn->src_reg, insn, false);
}

static int check_st(struct bv_env *env, const struct bv_insn *insn)
{
	int err = bv_check_reg_arg(env, insn->dst_reg, BV_SRC_OP);

	if (err)
		return err;
	return check_mem_access(env, insn->dst_reg, insn->off,
				(int)size_bytes(insn->code), ACCESS_WRITE, -1,
				insn, false);
}

int bv_check_load_store(struct bv_env *env, const struct bv_insn *insn)
{
	uint8_t class = BV_CLASS(insn->code);
	int err;

	if (class == BV_LDX)
		return check_ldx(env, insn);
	err = bv_check_stage(env, insn, BV_INSN_FIELDS);
	if (err)
		return err;
	if (class == BV_STX && BV_MODE(insn->code) == BV_ATOMIC) {
		bv_verbose(env, "atomic instructions are not modelled yet\n");
		return -BV_ENOTSUPP;
	}
	if (class == BV_STX)
		return check_stx(env, insn);
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
		dst->map_idx = bv_program_map_for_ldimm(env->prog, insn);
		dst->def_insn = env->insn_idx;
		return 0;
	case BV_PSEUDO_MAP_VALUE:
	case BV_PSEUDO_MAP_IDX_VALUE:
		bv_reg_mark_ptr(dst, BV_PTR_TO_MAP_VALUE);
		dst->map_idx = bv_program_map_for_ldimm(env->prog, insn);
		dst->off = insn[1].imm;
		dst->def_insn = env->insn_idx;
		return 0;
	default:
		bv_verbose(env, "this 64-bit load is not modelled yet\n");
		return -BV_ENOTSUPP;
	}
}

/* check_stack_range_initialized for a helper's memory argument */
static int stack_range_initialized(struct bv_env *env, unsigned regno,
				   int off, int size, bool zero_size_allowed,
				   bool write, bool raw)
{
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];
	struct bv_frame *frame = env->cur.frames[reg->frameno];
	int64_t min_off, max_off;
	int err;

	if (size == 0 && !zero_size_allowed) {
		bv_verbose(env, "invalid zero-sized read\n");
		return -EACCES;
	}
	err = stack_bounds(env, regno, off, size, write ? ACCESS_WRITE : ACCESS_READ,
			   &min_off);
	if (err)
		return err;
	if (!bv_tnum_is_const(reg->s.var_off)) {
		bv_verbose(env, "variable-offset stack access by helpers is not modelled yet\n");
		return -BV_ENOTSUPP;
	}
	min_off = max_off = (int64_t)reg->s.var_off.value + off;
	if (raw)
		return 0;
	for (int64_t i = min_off; i < max_off + size; i++) {
		int slot = (int)(-i - 1), spi = slot / BV_SLOT_SIZE;
		struct bv_stack_slot *st = &frame->stack[spi];
		uint8_t *t = &st->type[slot % BV_SLOT_SIZE];

		if (*t == BV_STACK_MISC)
			continue;
		if (*t == BV_STACK_ZERO ||
		    (*t == BV_STACK_INVALID && env->allow_uninit_stack)) {
			if (write)
				*t = BV_STACK_MISC;
			continue;
		}
		if (is_spilled_reg(st) && (st->spilled.type == BV_SCALAR_VALUE ||
					   env->allow_ptr_leaks)) {
			if (write) {
				bv_reg_mark_unknown(env, &st->spilled);
				scrub_special_slot(st);
			}
			continue;
		}
		bv_verbose(env, "invalid read from stack R%u off %lld+%lld size %d\n",
			   regno, (long long)min_off, (long long)(i - min_off), size);
		return -EACCES;
	}
	return 0;
}

int bv_check_helper_mem_access(struct bv_env *env, unsigned regno,
			       int64_t access_size, bool zero_size_allowed,
			       bool write, bool raw)
{
	struct bv_reg *reg = &bv_cur_regs(env)[regno];
	char t[64];

	switch (BV_BASE_TYPE(reg->type)) {
	case BV_PTR_TO_MAP_VALUE:
		return mem_region_access(env, regno, reg->off, (int)access_size,
					 env->prog->maps[reg->map_idx].value_size,
					 zero_size_allowed);
	case BV_PTR_TO_MEM:
		return mem_region_access(env, regno, reg->off, (int)access_size,
					 (uint32_t)reg->range, zero_size_allowed);
	case BV_PTR_TO_STACK:
		return stack_range_initialized(env, regno, reg->off,
					       (int)access_size,
					       zero_size_allowed, write, raw);
	case BV_SCALAR_VALUE:
		if (zero_size_allowed && access_size == 0 &&
		    bv_tnum_equals_const(reg->s.var_off, 0))
			return 0;
		break;
	case BV_PTR_TO_PACKET:
	case BV_PTR_TO_PACKET_META:
	case BV_PTR_TO_MAP_KEY:
	case BV_PTR_TO_BUF:
	case BV_PTR_TO_BTF_ID:
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
					   insn, false);

		if (err)
			return err;
	}
	return 0;
}
