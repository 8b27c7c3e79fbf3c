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
static size_t compact_bytes(const struct bv_frame *f)
{
	return offsetof(struct bv_frame, stack) +
	       f->allocated_stack / BV_SLOT_SIZE * sizeof(struct bv_stack_slot);
}

static int copy_refs(struct bv_env *env, struct bv_vstate *dst,
		     const struct bv_vstate *src)
{
	size_t bytes = src->n_refs * sizeof(*src->refs);

	if (!src->n_refs)
		return 0;
	dst->refs = bv_arena_alloc(&env->arena, bytes);
	if (!dst->refs)
		return -ENOMEM;
	memcpy(dst->refs, src->refs, bytes);
	dst->cap_refs = src->n_refs;
	return 0;
}

/* A saved state's frames end with their allocated stack, as the kernel
 * sizes a func state's stack array by allocated_stack: explored states
 * are compared and marked, pending ones are resumed by bv_state_resume. */
int bv_state_copy_compact(struct bv_env *env, struct bv_vstate *dst,
			  const struct bv_vstate *src)
{
	struct bv_vstate copy = *src;

	copy.refs = NULL;
	copy.cap_refs = 0;
	for (unsigned i = 0; i < BV_MAX_CALL_FRAMES; i++)
		copy.frames[i] = NULL;
	if (bv_hist_copy(env, &copy, src) || copy_refs(env, &copy, src)) {
		bv_state_free(env, &copy);
		return -ENOMEM;
	}
	for (unsigned i = 0; i < BV_MAX_CALL_FRAMES; i++) {
		size_t n;

		if (!src->frames[i] || i > src->curframe)
			continue;
		n = compact_bytes(src->frames[i]);
		copy.frames[i] = bv_arena_alloc(&env->arena, n);
		if (!copy.frames[i]) {
			bv_state_free(env, &copy);
			return -ENOMEM;
		}
		memcpy(copy.frames[i], src->frames[i], n);
	}
	bv_state_free(env, dst);
	*dst = copy;
	return 0;
}

/* The explored state add_explored_state makes of the current one: a
 * compact copy with the jump history at its exact size; the current
 * state goes on with an empty history (the kernel clears it after the
 * copy) and keeps its buffer for the next entries. */
int bv_state_checkpoint(struct bv_env *env, struct bv_vstate *dst,
			struct bv_vstate *cur)
{
	int err = bv_state_copy_compact(env, dst, cur);

	if (!err)
		cur->hist_cnt = 0;
	return err;
}

/* Copies a compact frame into a whole one. The slots past its allocated
 * stack are zero, as in a frame calloc made: the current state's frames
 * keep that invariant (allocated_stack only grows). */
static void expand_frame(struct bv_frame *whole, const struct bv_frame *part)
{
	uint32_t had = whole->allocated_stack / BV_SLOT_SIZE;
	uint32_t has = part->allocated_stack / BV_SLOT_SIZE;

	memcpy(whole, part, compact_bytes(part));
	if (had > has)
		memset(&whole->stack[has], 0,
		       (had - has) * sizeof(whole->stack[0]));
}

/* The current state becomes the saved one (a pending branch): its whole
 * frames are reused, so resuming a branch allocates nothing. */
int bv_state_resume(struct bv_env *env, struct bv_vstate *cur,
		    struct bv_vstate *saved)
{
	struct bv_frame *frames[BV_MAX_CALL_FRAMES] = { 0 };

	for (unsigned i = 0; i <= saved->curframe; i++) {
		frames[i] = cur->frames[i];
		cur->frames[i] = NULL;
		if (!frames[i])
			frames[i] = bv_frame_new(env);
		if (!frames[i]) {
			for (unsigned j = 0; j < i; j++)
				bv_arena_free(&env->arena, frames[j]);
			return -ENOMEM;
		}
		expand_frame(frames[i], saved->frames[i]);
		bv_arena_free(&env->arena, saved->frames[i]);
		saved->frames[i] = NULL;
	}
	bv_state_free(env, cur);
	*cur = *saved;
	memcpy(cur->frames, frames, sizeof(frames));
	memset(saved, 0, sizeof(*saved));
	return 0;
}

struct bv_frame *bv_frame_new(struct bv_env *env)
{
	return bv_arena_calloc(&env->arena, sizeof(struct bv_frame));
}

void bv_state_free(struct bv_env *env, struct bv_vstate *st)
{
	bv_hist_clear(env, st);
	bv_arena_free(&env->arena, st->refs);
	st->refs = NULL;
	st->n_refs = st->cap_refs = 0;
	for (unsigned i = 0; i < BV_MAX_CALL_FRAMES; i++) {
		bv_arena_free(&env->arena, st->frames[i]);
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
