/* SPDX-License-Identifier: MIT */
/* Stack accesses: bounds, spills and fills, byte-granular slot types
 * (check_stack_access_within_bounds, check_stack_write_fixed_off,
 * check_stack_read_fixed_off and check_stack_range_initialized of
 * kernel/bpf/verifier.c). */
#include "verify/env.h"

#include <string.h>

#define MAX_VAR_OFF (1ll << 29) /* BPF_MAX_VAR_OFF */

/* check_stack_access_within_bounds */
static int stack_bounds(struct bv_env *env, unsigned regno, int off, int size,
			bool write, int64_t *min_off_out)
{
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];
	struct bv_frame *frame = env->cur.frames[reg->frameno];
	const char *extra = !write ? " read from" : " write to";
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
	min_valid = write || env->allow_uninit_stack
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
	/* grow_stack_state: the frame and the subprogram's depth grow in
	 * whole 8-byte slots */
	if ((uint64_t)-min_off > frame->allocated_stack)
		frame->allocated_stack = (uint32_t)((-min_off + 7) / 8 * 8);
	bv_update_stack_depth(env, frame, (uint32_t)((-min_off + 7) / 8 * 8));
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
				const struct bv_reg *reg, int size)
{
	int i;

	slot->spilled = *reg;
	for (i = BV_SLOT_SIZE; i > BV_SLOT_SIZE - size; i--)
		slot->type[i - 1] = BV_STACK_SPILL;
	for (; i; i--) {
		uint8_t *t = &slot->type[i - 1];

		/* mark_stack_slot_misc: zero and never-written bytes stay */
		if (*t == BV_STACK_ZERO || *t == BV_STACK_INVALID)
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
/* Spectre v4 (speculative store bypass): for a loader without
 * CAP_PERFMON the kernel puts a barrier after a store that spills a
 * pointer or overwrites anything but plain data. The kernel looks at the
 * first size slot bytes, not the written ones. */
static bool spec_v4_sanitize(const struct bv_stack_slot *st,
			     const struct bv_reg *reg, int size)
{
	if (reg && is_spillable_regtype(reg->type))
		return true;
	for (int i = 0; i < size; i++)
		if (st->type[i] != BV_STACK_MISC && st->type[i] != BV_STACK_ZERO)
			return true;
	return false;
}

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
	if (!env->bypass_spec_v4 && spec_v4_sanitize(st, reg, size))
		env->aux[env->insn_idx].nospec_result = true;
	bv_check_fastcall_stack_contract(env, frame, off);
	bv_mark_stack_slot_scratched(env, (unsigned)spi);
	if (reg && !(off % BV_SLOT_SIZE) && reg->type == BV_SCALAR_VALUE) {
		struct bv_reg *src = &bv_cur_regs(env)[value_regno];
		bool fits = size == 8 || src->s.umax < (1ull << (8 * size));
		struct bv_reg copy;

		if (fits) {
			/* assign_scalar_id_before_mov on the source: a
			 * register linked with an offset starts afresh */
			if (src->id & BV_ID_ADD_CONST) {
				src->id = 0;
				src->off = 0;
			}
			if (!src->id && !bv_tnum_is_const(src->s.var_off))
				src->id = ++env->id_gen;
		}
		copy = *src;
		if (!fits)
			copy.id = 0;
		save_register_state(st, &copy, size);
		return bv_push_stack_access(env, frame->frameno, spi);
	}
	if (!reg && !(off % BV_SLOT_SIZE) && BV_CLASS(insn->code) == BV_ST) {
		struct bv_reg fake;

		memset(&fake, 0, sizeof(fake));
		fake.type = BV_SCALAR_VALUE;
		fake.s = bv_scalar_const((uint64_t)(int64_t)insn->imm);
		fake.map_idx = -1;
		save_register_state(st, &fake, size);
		return bv_push_stack_access(env, frame->frameno, spi);
	}
	if (reg && is_spillable_regtype(reg->type)) {
		if (size != BV_SLOT_SIZE) {
			bv_verbose(env, "invalid size of register spill\n");
			return -EACCES;
		}
		/* check_stack_write_fixed_off: a frame may hold pointers to
		 * its own or its callers' stacks, never a callee's */
		if (frame->frameno != env->cur.curframe &&
		    reg->type == BV_PTR_TO_STACK) {
			bv_verbose(env, "cannot spill pointers to stack into stack frame of the caller\n");
			return -EINVAL;
		}
		save_register_state(st, reg, size);
		return bv_push_stack_access(env, frame->frameno, spi);
	}
	/* a plain write of data destroys any spilled register */
	st->spilled.type = BV_NOT_INIT;
	if (is_special_slot(st))
		scrub_special_slot(st);
	if ((reg && reg_is_const_zero(reg)) ||
	    (!reg && BV_CLASS(insn->code) == BV_ST && insn->imm == 0)) {
		/* not a spill: STACK_ZERO relies on the register's value */
		int err = bv_mark_chain_precision(env, value_regno);

		if (err)
			return err;
		type = BV_STACK_ZERO;
	}
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
		*dst = st->spilled;
		/* a narrowing fill breaks the relation (get_reg_width) */
		if (st->spilled.s.umax >> (8 * size - 1) >> 1)
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

/* Whether a narrower read of a spilled scalar restores the register (a
 * copy, or the spilled zero read whole): the history then records it as
 * a fill, for backtracking. */
static bool partial_is_fill(const struct bv_stack_slot *st, int off, int slot,
			    int size, int spill_size)
{
	int spills = 0;

	if (size <= spill_size && !(off % BV_SLOT_SIZE))
		return true;
	for (int i = 0; i < size; i++)
		spills += st->type[(slot - i) % BV_SLOT_SIZE] == BV_STACK_SPILL;
	return spills == size && bv_tnum_equals_const(st->spilled.s.var_off, 0);
}

/* check_stack_read_fixed_off */
static int stack_read(struct bv_env *env, struct bv_frame *frame, int off,
		      int size, int dst_regno)
{
	int slot = -off - 1, spi = slot / BV_SLOT_SIZE;
	struct bv_stack_slot *st = &frame->stack[spi];
	int err;

	bv_mark_stack_slot_scratched(env, (unsigned)spi);
	bv_check_fastcall_stack_contract(env, frame, off);
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
			err = fill_partial(env, st, off, slot, size, spill_size,
					   dst_regno);
			if (err || !partial_is_fill(st, off, slot, size, spill_size))
				return err;
			return bv_push_stack_access(env, frame->frameno, spi);
		}
		if (dst_regno >= 0) {
			struct bv_reg *dst = &bv_cur_regs(env)[dst_regno];

			*dst = st->spilled;
			dst->def_insn = env->insn_idx;
		} else if (bv_reg_is_pointer(&st->spilled) && !env->allow_ptr_leaks) {
			bv_verbose(env, "leaking pointer from stack off %d\n", off);
			return -EACCES;
		}
		return bv_push_stack_access(env, frame->frameno, spi);
	}
	err = check_bytes_readable(env, st, off, slot, size, false);
	if (err)
		return err;
	if (dst_regno >= 0)
		fill_from_bytes(env, &bv_cur_regs(env)[dst_regno], st, slot, size);
	return 0;
}

/* check_stack_write_var_off: any byte in the range may be written, so
 * every byte becomes MISC (ZERO stays ZERO for a zero write) and spilled
 * registers in the range are forgotten. Reached by privileged loaders
 * only: sanitize_check_bounds stops variable stack pointers otherwise. */
static int stack_write_var_off(struct bv_env *env, struct bv_frame *frame,
			       unsigned regno, int off, int size,
			       int value_regno, const struct bv_insn *insn)
{
	const struct bv_reg *ptr = &bv_cur_regs(env)[regno];
	const struct bv_reg *value =
		value_regno >= 0 ? &bv_cur_regs(env)[value_regno] : NULL;
	int64_t min_off = ptr->s.smin + off, max_off = ptr->s.smax + off + size;
	bool writing_zero = (value && reg_is_const_zero(value)) ||
			    (!value && BV_CLASS(insn->code) == BV_ST && insn->imm == 0);
	bool zero_used = false; /* some byte stays zero thanks to the write */

	bv_check_fastcall_stack_contract(env, frame, min_off);
	for (int64_t i = min_off; i < max_off; i++) {
		int slot = (int)(-i - 1), spi = slot / BV_SLOT_SIZE;
		struct bv_stack_slot *st = &frame->stack[spi];
		uint8_t *t = &st->type[slot % BV_SLOT_SIZE];

		bv_mark_stack_slot_scratched(env, (unsigned)spi);
		/* a spilled zero stays a spilled zero */
		if (writing_zero && *t == BV_STACK_SPILL &&
		    st->spilled.type == BV_SCALAR_VALUE &&
		    bv_tnum_equals_const(st->spilled.s.var_off, 0)) {
			zero_used = true;
			continue;
		}
		/* a spilled register in the range is gone: its other bytes
		 * become plain data (as the kernel's log shows) */
		if (is_special_slot(st))
			scrub_special_slot(st);
		st->spilled.type = BV_NOT_INIT;
		zero_used |= writing_zero && *t == BV_STACK_ZERO;
		*t = writing_zero && *t == BV_STACK_ZERO ? BV_STACK_ZERO : BV_STACK_MISC;
	}
	/* backtracking does not follow STACK_ZERO: rely on the written zero */
	return zero_used ? bv_mark_chain_precision(env, value_regno) : 0;
}

/* check_stack_read_var_off: every byte in the range must be readable; the
 * result is known zero only if all of them are STACK_ZERO
 * (mark_reg_stack_read). */
static int stack_read_var_off(struct bv_env *env, struct bv_frame *frame,
			      unsigned regno, int off, int size, int dst_regno)
{
	const struct bv_reg *ptr = &bv_cur_regs(env)[regno];
	int64_t min_off = ptr->s.smin + off, max_off = ptr->s.smax + off + size;
	int64_t zeros = 0;
	struct bv_reg *dst;
	int err;

	if (dst_regno < 0) {
		char tn[48];

		bv_tnum_strn(tn, sizeof(tn), ptr->s.var_off);
		bv_verbose(env, "variable offset stack pointer cannot be passed into helper function; var_off=%s off=%d size=%d\n",
			   tn, off, size);
		return -EACCES;
	}
	err = bv_stack_range_initialized(env, regno, off, size, false, false, false);
	if (err)
		return err;
	for (int64_t i = min_off; i < max_off; i++) {
		int slot = (int)(-i - 1), spi = slot / BV_SLOT_SIZE;

		bv_mark_stack_slot_scratched(env, (unsigned)spi);
		if (frame->stack[spi].type[slot % BV_SLOT_SIZE] != BV_STACK_ZERO)
			break;
		zeros++;
	}
	bv_check_fastcall_stack_contract(env, frame, min_off);
	dst = &bv_cur_regs(env)[dst_regno];
	bv_reg_mark_unknown(env, dst);
	if (zeros == max_off - min_off)
		bv_reg_mark_known_zero(dst);
	dst->def_insn = env->insn_idx;
	return 0;
}

int bv_check_stack_access(struct bv_env *env, unsigned regno, int off, int size,
			  bool write, int value_regno, const struct bv_insn *insn)
{
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];
	struct bv_frame *frame = env->cur.frames[reg->frameno];
	int64_t min_off;
	int spi, err = stack_bounds(env, regno, off, size, write, &min_off);

	if (err)
		return err;
	if (!bv_tnum_is_const(reg->s.var_off)) {
		if (write)
			return stack_write_var_off(env, frame, regno, off, size,
						   value_regno, insn);
		return stack_read_var_off(env, frame, regno, off, size, value_regno);
	}
	spi = (int)((-min_off - 1) / BV_SLOT_SIZE);
	if (!write) {
		/* bpf_mark_stack_read: the slot is live before this insn */
		err = bv_sl_mark_read(env->sl, bv_live_frames(env), reg->frameno,
				      (uint32_t)env->insn_idx, 1ull << spi);
		return err ? err : stack_read(env, frame, (int)min_off, size,
					      value_regno);
	}
	err = stack_write(env, frame, (int)min_off, size, value_regno, insn);
	/* only a whole, aligned slot counts as written */
	if (!err && !(min_off % BV_SLOT_SIZE) && size == BV_SLOT_SIZE)
		bv_sl_mark_write(env->sl, reg->frameno, 1ull << spi);
	return err;
}

/* check_stack_range_initialized for a helper's memory argument */
int bv_stack_range_initialized(struct bv_env *env, unsigned regno, int off,
			       int size, bool zero_size_allowed, bool write,
			       bool raw)
{
	const struct bv_reg *reg = &bv_cur_regs(env)[regno];
	struct bv_frame *frame = env->cur.frames[reg->frameno];
	int64_t min_off, max_off;
	char tn[48];
	int err;

	if (size == 0 && !zero_size_allowed) {
		bv_verbose(env, "invalid zero-sized read\n");
		return -EACCES;
	}
	err = stack_bounds(env, regno, off, size, write,
			   &min_off);
	if (err)
		return err;
	if (bv_tnum_is_const(reg->s.var_off)) {
		min_off = max_off = (int64_t)reg->s.var_off.value + off;
	} else {
		if (!env->bypass_spec_v1) {
			bv_tnum_strn(tn, sizeof(tn), reg->s.var_off);
			bv_verbose(env, "R%u variable offset stack access prohibited for !root, var_off=%s\n",
				   regno, tn);
			return -EACCES;
		}
		/* only initialised stack may be passed with a variable offset */
		raw = false;
		min_off = reg->s.smin + off;
		max_off = reg->s.smax + off;
	}
	if (raw)
		return 0;
	for (int64_t i = min_off; i < max_off + size; i++) {
		int slot = (int)(-i - 1), spi = slot / BV_SLOT_SIZE;

		/* every slot the helper may read is live here */
		if (i == min_off || (slot + 1) % BV_SLOT_SIZE == 0) {
			err = bv_sl_mark_read(env->sl, bv_live_frames(env),
					      reg->frameno,
					      (uint32_t)env->insn_idx, 1ull << spi);
			if (err)
				return err;
		}
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
		/* a spill covers only the bytes it wrote: the others of a
		 * partly spilled slot stay uninitialised (as the reference
		 * build has it; the previous one let the spill cover them) */
		if (is_spilled_reg(st) && *t == BV_STACK_SPILL &&
		    (st->spilled.type == BV_SCALAR_VALUE || env->allow_ptr_leaks)) {
			if (write) {
				bv_reg_mark_unknown(env, &st->spilled);
				scrub_special_slot(st);
			}
			continue;
		}
		if (bv_tnum_is_const(reg->s.var_off)) {
			bv_verbose(env, "invalid read from stack R%u off %lld+%lld size %d\n",
				   regno, (long long)min_off,
				   (long long)(i - min_off), size);
		} else {
			bv_tnum_strn(tn, sizeof(tn), reg->s.var_off);
			bv_verbose(env, "invalid read from stack R%u var_off %s+%lld size %d\n",
				   regno, tn, (long long)(i - min_off), size);
		}
		return -EACCES;
	}
	return 0;
}

