/* SPDX-License-Identifier: MIT */
/* bpf_fastcall (kernel/bpf/verifier.c, Linux 6.18): clang surrounds a call
 * of a bpf_fastcall helper with spills and fills of the registers the
 * helper leaves alone. Where the kernel inlines the helper and those stack
 * slots serve nothing else, it removes the pairs and the subprogram's stack
 * depth shrinks by their slots (mark_fastcall_patterns,
 * check_fastcall_stack_contract, remove_fastcall_spills_fills). */
#include "spec/helpers.h"
#include "verify/env.h"

#include <stdlib.h>

#define CALLER_SAVED 0x3fu /* r0-r5 */
#define NO_FASTCALL_STACK INT16_MIN

/* helper_fastcall_clobber_mask: r0 unless void, and each argument */
static uint32_t clobber_mask(const struct bv_helper_proto *fn)
{
	uint32_t mask = fn->ret_type != BV_RET_VOID ? 1u : 0;

	for (unsigned i = 0; i < BV_HELPER_ARGS; i++)
		if (fn->arg_type[i] != BV_ARG_DONTCARE)
			mask |= 1u << (i + 1);
	return mask;
}

/* verifier_inlines_helper_call and bpf_jit_inlines_helper_call on x86-64
 * with the JIT: of the bpf_fastcall helpers, bpf_get_smp_processor_id */
static bool inlined(int32_t func_id)
{
	return func_id == 8 /* get_smp_processor_id */;
}

static bool is_spill(const struct bv_insn *insn)
{
	return insn->code == (BV_STX | BV_MEM | BV_DW) && insn->dst_reg == BV_REG_FP;
}

static bool is_fill(const struct bv_insn *insn)
{
	return insn->code == (BV_LDX | BV_MEM | BV_DW) && insn->src_reg == BV_REG_FP;
}

static bool jump_target(const struct bv_env *env, size_t idx)
{
	return bv_cfg_has_mark(&env->cfg, idx, BV_MARK_JUMP_TARGET);
}

/* mark_fastcall_pattern_for_call: the spill/fill pairs around the call at
 * idx, at offsets rising from lowest_off, of registers the helper keeps */
static void mark_call(struct bv_env *env, size_t s, size_t idx, int16_t lowest_off)
{
	const struct bv_insn *call = &env->insns[idx];
	const struct bv_helper_proto *fn = bv_helper_proto(call->imm, env->prog->prog_type);
	uint32_t expected;
	int16_t off = lowest_off;
	size_t i;

	if (call->src_reg != 0 || !fn || clobber_mask(fn) == CALLER_SAVED)
		return;
	expected = ~clobber_mask(fn) & CALLER_SAVED;
	for (i = 1; i <= 5; i++, off = (int16_t)(off + 8)) {
		const struct bv_insn *stx, *ldx;

		if (i > idx || idx + i >= env->n_insns)
			break;
		if (jump_target(env, idx - i + 1) || jump_target(env, idx + i))
			break;
		stx = &env->insns[idx - i];
		ldx = &env->insns[idx + i];
		if (!is_spill(stx) || !is_fill(ldx) || stx->src_reg != ldx->dst_reg ||
		    !(expected & (1u << stx->src_reg)) || stx->off != off || ldx->off != off)
			break;
		expected &= ~(1u << stx->src_reg);
		env->aux[idx - i].fastcall_pattern = true;
		env->aux[idx + i].fastcall_pattern = true;
	}
	if (i == 1)
		return;
	if (fn->allow_fastcall && inlined(call->imm))
		env->aux[idx].fastcall_spills = (uint8_t)(i - 1);
	else
		env->fastcall[s].keep_stack = true;
	if (off < env->fastcall[s].stack_off)
		env->fastcall[s].stack_off = off;
}

int bv_mark_fastcall_patterns(struct bv_env *env)
{
	env->fastcall = calloc(env->cfg.n_subprogs, sizeof(*env->fastcall));
	if (!env->fastcall)
		return -ENOMEM;
	for (size_t s = 0; s < env->cfg.n_subprogs; s++) {
		const struct bv_subprog *sub = &env->cfg.subprogs[s];
		int16_t lowest_off = 0;

		for (size_t i = sub->start; i < sub->end; i++)
			if (is_spill(&env->insns[i]) && env->insns[i].off < lowest_off)
				lowest_off = env->insns[i].off;
		for (size_t i = sub->start; i < sub->end; i++)
			if (env->insns[i].code == (BV_JMP | BV_CALL))
				mark_call(env, s, i, lowest_off);
	}
	return 0;
}

void bv_check_fastcall_stack_contract(struct bv_env *env, const struct bv_frame *frame,
				      int64_t off)
{
	struct bv_fastcall *fc = &env->fastcall[frame->subprogno];
	const struct bv_subprog *sub = &env->cfg.subprogs[frame->subprogno];

	if (fc->stack_off <= off || env->aux[env->insn_idx].fastcall_pattern)
		return;
	/* something else uses the spill slots: no rewrite in this subprogram */
	fc->stack_off = NO_FASTCALL_STACK;
	for (size_t i = sub->start; i < sub->end; i++) {
		env->aux[i].fastcall_spills = 0;
		env->aux[i].fastcall_pattern = false;
	}
}

void bv_remove_fastcall_spills_fills(struct bv_env *env)
{
	for (size_t s = 0; s < env->cfg.n_subprogs; s++) {
		const struct bv_subprog *sub = &env->cfg.subprogs[s];
		bool removed = false;

		for (size_t i = sub->start; i < sub->end; i++)
			removed |= env->aux[i].fastcall_spills > 0;
		if (removed && !env->fastcall[s].keep_stack)
			env->stack_depths[s] = (uint32_t)-env->fastcall[s].stack_off;
	}
}
