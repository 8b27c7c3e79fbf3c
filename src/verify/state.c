/* SPDX-License-Identifier: MIT */
/* Register and state primitives (__mark_reg_* and copy_verifier_state). */
#include "verify/env.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

void bv_verbose(struct bv_env *env, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bv_vlogv(&env->log, fmt, ap);
	va_end(ap);
}

/* The bytes of a frame up to the end of its allocated stack. */
static size_t frame_bytes(const struct bv_frame *f, bool compact)
{
	return compact ? offsetof(struct bv_frame, stack) +
				 f->allocated_stack / BV_SLOT_SIZE * sizeof(struct bv_stack_slot)
		       : sizeof(struct bv_frame);
}

static int copy_state(struct bv_vstate *dst, const struct bv_vstate *src,
		      bool compact)
{
	struct bv_vstate copy = *src;

	if (bv_hist_copy(&copy, src))
		return -ENOMEM;
	for (unsigned i = 0; i < BV_MAX_CALL_FRAMES; i++) {
		size_t n;

		copy.frames[i] = NULL;
		if (!src->frames[i] || i > src->curframe)
			continue;
		n = frame_bytes(src->frames[i], compact);
		copy.frames[i] = malloc(n);
		if (!copy.frames[i]) {
			bv_state_free(&copy);
			return -ENOMEM;
		}
		memcpy(copy.frames[i], src->frames[i], n);
	}
	bv_state_free(dst);
	*dst = copy;
	return 0;
}

int bv_state_copy(struct bv_vstate *dst, const struct bv_vstate *src)
{
	return copy_state(dst, src, false);
}

/* An explored state's frames end with their allocated stack, as the
 * kernel sizes a func state's stack array by allocated_stack: such a
 * state is compared and marked, never run again. */
int bv_state_copy_explored(struct bv_vstate *dst, const struct bv_vstate *src)
{
	return copy_state(dst, src, true);
}

void bv_state_free(struct bv_vstate *st)
{
	bv_hist_clear(st);
	for (unsigned i = 0; i < BV_MAX_CALL_FRAMES; i++) {
		free(st->frames[i]);
		st->frames[i] = NULL;
	}
}

/* __mark_reg_unknown_imprecise: a scalar about which nothing is known. */
static void reg_reset_to_scalar(struct bv_reg *reg)
{
	int32_t def = reg->def_insn;

	memset(reg, 0, sizeof(*reg));
	reg->type = BV_SCALAR_VALUE;
	reg->s = bv_scalar_unknown();
	reg->def_insn = def;
	reg->cmp_insn = -1;
}

void bv_reg_mark_unknown(struct bv_env *env, struct bv_reg *reg)
{
	(void)env; /* precise = !bpf_capable, and every loader here has CAP_BPF */
	reg_reset_to_scalar(reg);
}

void bv_reg_mark_not_init(struct bv_reg *reg)
{
	reg_reset_to_scalar(reg);
	reg->type = BV_NOT_INIT;
}

/* ___mark_reg_known: keeps the type, clears the offset and ids. */
void bv_reg_mark_known(struct bv_reg *reg, uint64_t value)
{
	reg->off = 0;
	reg->id = 0;
	reg->ref_obj_id = 0;
	reg->s = bv_scalar_const(value);
}

void bv_reg_mark_known_zero(struct bv_reg *reg)
{
	bv_reg_mark_known(reg, 0);
}

/* mark_reg_known_zero followed by setting a pointer type */
void bv_reg_mark_ptr(struct bv_reg *reg, uint32_t type)
{
	int32_t def = reg->def_insn;

	memset(reg, 0, sizeof(*reg));
	reg->s = bv_scalar_const(0);
	reg->type = type;
	reg->map_idx = -1;
	reg->def_insn = def;
	reg->cmp_insn = -1;
}

bool bv_reg_is_pointer(const struct bv_reg *reg)
{
	return reg->type != BV_NOT_INIT && reg->type != BV_SCALAR_VALUE;
}

/* init_reg_state: all registers unreadable but the frame pointer. */
void bv_init_func_regs(struct bv_frame *frame)
{
	for (unsigned i = 0; i < BV_MAX_REG; i++) {
		bv_reg_mark_not_init(&frame->regs[i]);
		frame->regs[i].def_insn = -1;
	}
	bv_reg_mark_ptr(&frame->regs[BV_REG_FP], BV_PTR_TO_STACK);
	frame->regs[BV_REG_FP].frameno = (uint8_t)frame->frameno;
}

void bv_mark_reg_scratched(struct bv_env *env, unsigned regno)
{
	env->scratched_regs |= 1ull << regno;
}

void bv_mark_stack_slot_scratched(struct bv_env *env, unsigned spi)
{
	env->scratched_stack_slots |= 1ull << spi;
}

/* bpf_for_each_reg_in_vstate: every register and spilled register of every
 * frame */
void bv_for_each_reg(struct bv_vstate *st,
		     void (*fn)(struct bv_reg *reg, void *ctx), void *ctx)
{
	for (unsigned f = 0; f <= st->curframe; f++) {
		struct bv_frame *frame = st->frames[f];

		for (unsigned r = 0; r < BV_MAX_REG; r++)
			fn(&frame->regs[r], ctx);
		for (unsigned s = 0; s < frame->allocated_stack / BV_SLOT_SIZE; s++)
			if (frame->stack[s].type[BV_SLOT_SIZE - 1] == BV_STACK_SPILL)
				fn(&frame->stack[s].spilled, ctx);
	}
}
