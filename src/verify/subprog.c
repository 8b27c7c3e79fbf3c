/* SPDX-License-Identifier: MIT */
/* Calls of subprograms (check_func_call, setup_func_entry,
 * prepare_func_exit and check_max_stack_depth of kernel/bpf/verifier.c). */
#include "verify/env.h"

#include <stdlib.h>
#include <string.h>

#define MAX_BPF_STACK 512

/* setup_func_entry: a new frame whose r1-r5 are the caller's arguments */
static int push_frame(struct bv_env *env, size_t subprog, int callsite)
{
	struct bv_vstate *st = &env->cur;
	struct bv_frame *caller = st->frames[st->curframe];
	struct bv_frame *callee;

	if (st->curframe + 1 >= BV_MAX_CALL_FRAMES) {
		bv_verbose(env, "the call stack of %u frames is too deep\n",
			   st->curframe + 2);
		return -E2BIG;
	}
	callee = bv_frame_new(env);
	if (!callee)
		return -ENOMEM;
	callee->frameno = st->curframe + 1;
	callee->subprogno = (uint32_t)subprog;
	callee->callsite = callsite;
	bv_init_func_regs(callee);
	for (unsigned r = 1; r <= 5; r++)
		callee->regs[r] = caller->regs[r];
	st->frames[++st->curframe] = callee;
	return 0;
}

/* check_func_call: with BTF every call is checked against the callee's
 * prototype; a global function is then assumed valid (verified on its own
 * later), a static one is walked from here whatever the check said. */
int bv_check_subprog_call(struct bv_env *env, const struct bv_insn *insn)
{
	size_t target = (size_t)(env->insn_idx + insn->imm + 1);
	int subprog = bv_cfg_subprog_at(&env->cfg, target);
	struct bv_reg *caller_regs = bv_cur_regs(env);
	int err;

	if (subprog < 0)
		return -EFAULT; /* bv_cfg_build found every call target */
	err = bv_btf_check_subprog_call(env, (size_t)subprog);
	if (err == -EFAULT || err == -BV_ENOTSUPP)
		return err;
	if (bv_subprog_is_global(env, (size_t)subprog)) {
		/* whether the callee may sleep (subprog_info.might_sleep) is
		 * not tracked */
		if (env->cur.active_rcu_lock || env->cur.active_preempt_locks) {
			bv_verbose(
				env,
				"global function calls in RCU or non-preemptible regions are not modelled yet\n");
			return -BV_ENOTSUPP;
		}
		return bv_call_global_func(env, (size_t)subprog, err);
	}
	err = push_frame(env, (size_t)subprog, env->insn_idx);
	if (err)
		return err;
	bv_sl_reset_callchain(env->sl);
	/* clear_caller_saved_regs: r0-r5 */
	for (unsigned r = 0; r <= 5; r++) {
		bv_reg_mark_not_init(&caller_regs[r]);
		bv_mark_reg_scratched(env, r);
	}
	env->insn_idx = (int)env->cfg.subprogs[subprog].start - 1;
	/* init_func_state marks the whole state for printing */
	env->scratched_regs = env->scratched_stack_slots = ~0ull;
	if (env->log.level & (BV_LOG_LEVEL1 | BV_LOG_LEVEL2)) {
		bv_verbose(env, "caller:\n");
		bv_print_verifier_state(env, &env->cur, env->cur.curframe - 1, true);
		bv_verbose(env, "callee:\n");
		bv_print_verifier_state(env, &env->cur, env->cur.curframe, true);
	}
	return 0;
}

/* prepare_func_exit: back to the caller with the callee's r0 */
int bv_return_from_subprog(struct bv_env *env)
{
	struct bv_vstate *st = &env->cur;
	struct bv_frame *callee = st->frames[st->curframe];
	struct bv_frame *caller = st->frames[st->curframe - 1];
	int err;

	if (callee->regs[0].type == BV_PTR_TO_STACK) {
		bv_verbose(env, "cannot return stack pointer to the caller\n");
		return -EINVAL;
	}
	/* the callee's stack liveness is settled before its frame goes */
	err = bv_sl_update(env->sl, bv_live_frames(env));
	if (err)
		return err;
	caller->regs[0] = callee->regs[0];
	env->insn_idx = callee->callsite;
	if (env->log.level & (BV_LOG_LEVEL1 | BV_LOG_LEVEL2)) {
		bv_verbose(env, "returning from callee:\n");
		bv_print_verifier_state(env, st, st->curframe, true);
		bv_verbose(env, "to caller at %d:\n", env->insn_idx + 1);
		bv_print_verifier_state(env, st, st->curframe - 1, true);
	}
	bv_arena_free(&env->arena, callee);
	st->frames[st->curframe--] = NULL;
	return 0;
}

/* update_stack_depth: the deepest byte a subprogram's frame uses */
void bv_update_stack_depth(struct bv_env *env, const struct bv_frame *frame,
			   uint32_t depth)
{
	if (env->stack_depths && env->stack_depths[frame->subprogno] < depth)
		env->stack_depths[frame->subprogno] = depth;
}

/* round_up_stack_depth for a JIT-compiled program: 16-byte frames */
static uint32_t frame_size(uint32_t depth)
{
	return (depth + 15) / 16 * 16;
}

struct chain {
	size_t subprog;
	size_t insn;
	uint32_t depth;
	unsigned frames;
};

/* check_max_stack_depth: the deepest chain of static calls may use at most
 * MAX_BPF_STACK bytes of stack in all. Walks the calls with an explicit
 * stack, as the kernel does. */
int bv_check_max_stack_depth(struct bv_env *env)
{
	const struct bv_cfg *cfg = &env->cfg;
	struct chain stack[BV_MAX_CALL_FRAMES + 1];
	unsigned top = 0;

	stack[0] = (struct chain){ 0, 0, frame_size(env->stack_depths[0]), 1 };
	while (1) {
		struct chain *c = &stack[top];
		const struct bv_subprog *sp = &cfg->subprogs[c->subprog];
		int callee = -1;

		if (c->depth > MAX_BPF_STACK) {
			bv_verbose(env, "combined stack size of %u calls is %u. Too large\n",
				   c->frames, c->depth);
			return -EACCES;
		}
		for (; c->insn < sp->end && callee < 0; c->insn++) {
			const struct bv_insn *insn = &env->insns[c->insn];

			if (insn->code == (BV_JMP | BV_CALL) &&
			    insn->src_reg == BV_PSEUDO_CALL)
				callee = bv_cfg_subprog_at(cfg, c->insn + (size_t)insn->imm + 1);
		}
		if (callee >= 0 && top + 1 < BV_MAX_CALL_FRAMES) {
			uint32_t depth = c->depth + frame_size(env->stack_depths[callee]);

			stack[top + 1] = (struct chain){ (size_t)callee,
							 cfg->subprogs[callee].start,
							 depth, c->frames + 1 };
			top++;
			continue;
		}
		if (callee >= 0) {
			/* the static walk counts frames even where the paths
			 * explored never recurse that deep */
			bv_verbose(env, "the call stack of %u frames is too deep !\n", top + 1);
			return -E2BIG;
		}
		if (!top)
			return 0;
		top--;
	}
}
