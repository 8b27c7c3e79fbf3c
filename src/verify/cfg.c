/* SPDX-License-Identifier: MIT */
/* The control-flow passes bpf_check runs before do_check; see cfg.h. */
#include "verify/cfg.h"
#include "isa/opcodes.h"
#include "load/func_proto.h"
#include "load/program.h"
#include "verify/kfunc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Helper ids visit_insn looks at (enum bpf_func_id). */
enum {
	FUNC_TAIL_CALL = 12,
	FUNC_FOR_EACH_MAP_ELEM = 164,
	FUNC_TIMER_SET_CALLBACK = 170,
	FUNC_FIND_VMA = 180,
	FUNC_LOOP = 181,
	FUNC_USER_RINGBUF_DRAIN = 209,
};

/* check_cfg's instruction states and edge kinds (insn_state). */
enum {
	DISCOVERED = 0x10,
	EXPLORED = 0x20,
	FALLTHROUGH = 1,
	BRANCH = 2,
};

/* visit_insn's and push_insn's results besides errors. */
enum { DONE_EXPLORING = 0, KEEP_EXPLORING = 1 };

/* The depth-first walk of check_cfg: an explicit stack, so that a program
 * of a million instructions needs no recursion. */
struct cfg_walk {
	const struct bv_program *prog;
	struct bv_cfg *cfg;
	bool bpf_capable;
	struct bv_fault *fault;
	uint8_t *state;  /* insn_state */
	uint32_t *stack; /* insn_stack */
	size_t depth;
};

static int out_of_memory(struct bv_fault *fault)
{
	return bv_fault_set(fault, BV_FAULT_UNSUPPORTED, ENOMEM, 0,
			    "out of memory");
}

static int cfg_error(struct bv_fault *fault, size_t insn, const char *msg)
{
	return bv_fault_set(fault, BV_FAULT_LOGGED, EINVAL, insn, "%s", msg);
}

/* The kernel computes jump targets in int, which wraps (it is built with
 * -fno-strict-overflow): "from + delta + 1". */
static int32_t jump_target(size_t from, int32_t delta)
{
	return (int32_t)((uint32_t)from + (uint32_t)delta + 1u);
}

static bool target_inside(int32_t target, size_t lo, size_t hi)
{
	return target >= 0 && (size_t)target >= lo && (size_t)target < hi;
}

static bool is_pseudo_call(const struct bv_insn *insn)
{
	return insn->code == (BV_JMP | BV_CALL) &&
	       insn->src_reg == BV_PSEUDO_CALL;
}

static bool is_kfunc_call(const struct bv_insn *insn)
{
	return insn->code == (BV_JMP | BV_CALL) &&
	       insn->src_reg == BV_PSEUDO_KFUNC_CALL;
}

static bool is_helper_call(const struct bv_insn *insn)
{
	return insn->code == (BV_JMP | BV_CALL) && insn->src_reg == 0;
}

/* bpf_pseudo_func(): a 64-bit load of a subprogram's address */
static bool is_pseudo_func(const struct bv_insn *insn)
{
	return bv_is_ldimm64(insn->code) && insn->src_reg == BV_PSEUDO_FUNC;
}

static void mark(struct bv_cfg *cfg, size_t idx, enum bv_insn_mark what)
{
	if (idx < cfg->n_insns)
		cfg->marks[idx] |= what;
}

void bv_cfg_free(struct bv_cfg *cfg)
{
	free(cfg->subprogs);
	free(cfg->marks);
	memset(cfg, 0, sizeof(*cfg));
}

static int cfg_alloc(struct bv_cfg *cfg, size_t n_insns,
		     struct bv_fault *fault)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->subprogs = calloc(BV_MAX_SUBPROGS, sizeof(*cfg->subprogs));
	cfg->marks = calloc(n_insns ? n_insns : 1, 1);
	if (!cfg->subprogs || !cfg->marks) {
		bv_cfg_free(cfg);
		return out_of_memory(fault);
	}
	cfg->n_insns = n_insns;
	return 0;
}

int bv_cfg_subprog_at(const struct bv_cfg *cfg, size_t insn)
{
	size_t lo = 0, hi = cfg->n_subprogs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cfg->subprogs[mid].start == insn)
			return (int)mid;
		if (cfg->subprogs[mid].start < insn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

size_t bv_cfg_subprog_of(const struct bv_cfg *cfg, size_t insn)
{
	size_t lo = 0, hi = cfg->n_subprogs;

	/* the last subprogram whose start is at or before insn */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (cfg->subprogs[mid].start <= insn)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* ---- add_subprog_and_kfunc ---- */

/* add_subprog(): records a subprogram starting at target, keeping the
 * table sorted. */
static int add_subprog(struct bv_cfg *cfg, int32_t target, size_t insn,
		       struct bv_fault *fault)
{
	size_t pos = 0;

	if (!target_inside(target, 0, cfg->n_insns))
		return cfg_error(fault, insn, "call to invalid destination");
	if (bv_cfg_subprog_at(cfg, (size_t)target) >= 0)
		return 0;
	if (cfg->n_subprogs >= BV_MAX_SUBPROGS)
		return bv_fault_set(fault, BV_FAULT_LOGGED, E2BIG, insn,
				    "too many subprograms");
	while (pos < cfg->n_subprogs && cfg->subprogs[pos].start < (size_t)target)
		pos++;
	memmove(&cfg->subprogs[pos + 1], &cfg->subprogs[pos],
		(cfg->n_subprogs - pos) * sizeof(cfg->subprogs[0]));
	memset(&cfg->subprogs[pos], 0, sizeof(cfg->subprogs[0]));
	cfg->subprogs[pos].start = (size_t)target;
	cfg->n_subprogs++;
	return 0;
}

/* Every slot is scanned, the second halves of 64-bit loads included, as
 * the kernel does. */
static int add_subprogs(const struct bv_program *prog, bool bpf_capable,
			struct bv_cfg *cfg, struct bv_fault *fault)
{
	if (add_subprog(cfg, 0, 0, fault))
		return -1;
	for (size_t i = 0; i < prog->n_insns; i++) {
		const struct bv_insn *insn = &prog->insns[i];

		if (!is_pseudo_func(insn) && !is_pseudo_call(insn) &&
		    !is_kfunc_call(insn))
			continue;
		if (!bpf_capable)
			return bv_fault_set(fault, BV_FAULT_LOGGED, EPERM, i,
					    "loading/calling other bpf or kernel functions are allowed for CAP_BPF and CAP_SYS_ADMIN");
		if (is_kfunc_call(insn)) {
			if (bv_add_kfunc_call(prog, i, fault))
				return -1;
			continue;
		}
		if (add_subprog(cfg, jump_target(i, insn->imm), i, fault))
			return -1;
	}
	for (size_t s = 0; s < cfg->n_subprogs; s++)
		cfg->subprogs[s].end = s + 1 < cfg->n_subprogs
					       ? cfg->subprogs[s + 1].start
					       : prog->n_insns;
	return 0;
}

/* ---- check_subprogs ---- */

static bool is_ld_abs_or_ind(uint8_t code)
{
	return BV_CLASS(code) == BV_LD &&
	       (BV_MODE(code) == BV_ABS || BV_MODE(code) == BV_IND);
}

static bool is_jump(uint8_t code)
{
	return (BV_CLASS(code) == BV_JMP || BV_CLASS(code) == BV_JMP32) &&
	       BV_OP(code) != BV_EXIT && BV_OP(code) != BV_CALL;
}

/* JMP32's ja (gotol) keeps its offset in imm; every other jump in off. */
static int32_t jump_offset(const struct bv_insn *insn)
{
	return insn->code == (BV_JMP32 | BV_JA) ? insn->imm : insn->off;
}

/* A subprogram must not fall through into the next one. */
static bool ends_subprog(uint8_t code)
{
	return code == (BV_JMP | BV_EXIT) || code == (BV_JMP | BV_JA) ||
	       code == (BV_JMP32 | BV_JA);
}

static int check_subprog_insn(const struct bv_insn *insn, size_t i,
			      struct bv_subprog *sub, struct bv_fault *fault)
{
	if (is_helper_call(insn) && insn->imm == FUNC_TAIL_CALL)
		sub->has_tail_call = true;
	if (is_ld_abs_or_ind(insn->code))
		sub->has_ld_abs = true;
	if (is_jump(insn->code)) {
		int32_t target = jump_target(i, jump_offset(insn));

		if (!target_inside(target, sub->start, sub->end))
			return bv_fault_set(fault, BV_FAULT_LOGGED, EINVAL, i,
					    "jump out of range from insn %zu to %d",
					    i, target);
	}
	if (i + 1 == sub->end && !ends_subprog(insn->code))
		return cfg_error(fault, i, "last insn is not an exit or jmp");
	return 0;
}

static int check_subprogs(const struct bv_program *prog, struct bv_cfg *cfg,
			  struct bv_fault *fault)
{
	for (size_t s = 0; s < cfg->n_subprogs; s++) {
		struct bv_subprog *sub = &cfg->subprogs[s];

		for (size_t i = sub->start; i < sub->end; i++)
			if (check_subprog_insn(&prog->insns[i], i, sub, fault))
				return -1;
	}
	return 0;
}

/* check_abnormal_return(): without BTF, subprograms other than the main
 * one may neither use LD_ABS nor tail calls; with BTF (check_btf_func) they
 * may where they return a small int or an enum. */
static int check_abnormal_return(const struct bv_program *prog,
				 const struct bv_cfg *cfg, struct bv_fault *fault)
{
	for (size_t s = 1; s < cfg->n_subprogs; s++) {
		const struct bv_subprog *sub = &cfg->subprogs[s];
		const struct bv_func_info *fi = bv_func_info_at(prog, sub->start);
		bool btf = prog->n_func_info != 0;

		if (btf && (!fi || bv_func_returns_scalar(prog, fi)))
			continue;
		if (sub->has_ld_abs)
			return cfg_error(fault, sub->start,
					 btf ? "LD_ABS is only allowed in functions that return 'int'."
					     : "LD_ABS is not allowed in subprogs without BTF");
		if (sub->has_tail_call)
			return cfg_error(fault, sub->start,
					 btf ? "tail_call is only allowed in functions that return 'int'."
					     : "tail_call is not allowed in subprogs without BTF");
	}
	return 0;
}

/* ---- check_cfg ---- */

/* push_insn(): follows edge e from t to w. */
static int push_insn(struct cfg_walk *walk, size_t t, int32_t w, int e)
{
	uint8_t *state = walk->state;

	if (state[t] >= (DISCOVERED | e))
		return DONE_EXPLORING; /* this edge was followed before */
	if (!target_inside(w, 0, walk->cfg->n_insns))
		return bv_fault_set(walk->fault, BV_FAULT_LOGGED, EINVAL, t,
				    "jump out of range from insn %zu to %d", t, w);
	if (e == BRANCH)
		mark(walk->cfg, (size_t)w, BV_MARK_PRUNE | BV_MARK_JMP | BV_MARK_JUMP_TARGET);
	if (state[w] == 0) {
		state[t] = DISCOVERED | e;
		state[w] = DISCOVERED;
		walk->stack[walk->depth++] = (uint32_t)w;
		return KEEP_EXPLORING;
	}
	if ((state[w] & 0xf0) == DISCOVERED) {
		if (walk->bpf_capable)
			return DONE_EXPLORING;
		return bv_fault_set(walk->fault, BV_FAULT_LOGGED, EINVAL, t,
				    "back-edge from insn %zu to %d", t, w);
	}
	state[t] = DISCOVERED | e; /* forward or cross edge */
	return DONE_EXPLORING;
}

static size_t insn_slots(const struct bv_insn *insn)
{
	return bv_is_ldimm64(insn->code) ? 2 : 1;
}

/* visit_func_call_insn(): a call, or the load of a callback's address, goes
 * on to the next instruction; a pseudo call or callback load also enters
 * the callee. */
static int visit_call(struct cfg_walk *walk, size_t t, bool visit_callee)
{
	const struct bv_insn *insn = &walk->prog->insns[t];
	size_t next = t + insn_slots(insn);
	int ret = push_insn(walk, t, (int32_t)next, FALLTHROUGH);

	if (ret)
		return ret;
	mark(walk->cfg, next, BV_MARK_PRUNE | BV_MARK_JMP);
	if (!visit_callee)
		return DONE_EXPLORING;
	mark(walk->cfg, t, BV_MARK_PRUNE);
	return push_insn(walk, t, jump_target(t, insn->imm), BRANCH);
}

bool bv_insn_calls_sync_callback(const struct bv_insn *insn)
{
	if (!is_helper_call(insn))
		return false;
	switch (insn->imm) {
	case FUNC_FOR_EACH_MAP_ELEM:
	case FUNC_FIND_VMA:
	case FUNC_LOOP:
	case FUNC_USER_RINGBUF_DRAIN:
		return true;
	default:
		return false;
	}
}

static int visit_call_insn(struct cfg_walk *walk, size_t t)
{
	const struct bv_insn *insn = &walk->prog->insns[t];

	/* an async callback's state is pushed at the call: prune before it */
	if (is_helper_call(insn) && insn->imm == FUNC_TIMER_SET_CALLBACK)
		mark(walk->cfg, t, BV_MARK_PRUNE);
	if (bv_insn_calls_sync_callback(insn))
		mark(walk->cfg, t,
		     BV_MARK_CALLS_CALLBACK | BV_MARK_FORCE_CHECKPOINT |
			     BV_MARK_PRUNE | BV_MARK_JMP);
	return visit_call(walk, t, insn->src_reg == BV_PSEUDO_CALL);
}

static int visit_ja(struct cfg_walk *walk, size_t t)
{
	int32_t target = jump_target(t, jump_offset(&walk->prog->insns[t]));
	int ret = push_insn(walk, t, target, FALLTHROUGH);

	if (ret)
		return ret;
	mark(walk->cfg, (size_t)target, BV_MARK_PRUNE | BV_MARK_JMP | BV_MARK_JUMP_TARGET);
	return DONE_EXPLORING;
}

static int visit_cond_jump(struct cfg_walk *walk, size_t t)
{
	const struct bv_insn *insn = &walk->prog->insns[t];
	int ret;

	mark(walk->cfg, t, BV_MARK_PRUNE);
	if (insn->code == (BV_JMP | BV_JCOND) && insn->src_reg == 0)
		mark(walk->cfg, t, BV_MARK_FORCE_CHECKPOINT); /* may_goto */
	ret = push_insn(walk, t, (int32_t)(t + 1), FALLTHROUGH);
	if (ret)
		return ret;
	return push_insn(walk, t, jump_target(t, insn->off), BRANCH);
}

/* visit_insn(): DONE_EXPLORING, KEEP_EXPLORING or -1 with the fault. */
static int visit_insn(struct cfg_walk *walk, size_t t)
{
	const struct bv_insn *insn = &walk->prog->insns[t];
	unsigned cls = BV_CLASS(insn->code);

	if (is_pseudo_func(insn))
		return visit_call(walk, t, true);
	if (cls != BV_JMP && cls != BV_JMP32)
		return push_insn(walk, t, (int32_t)(t + insn_slots(insn)),
				 FALLTHROUGH);
	switch (BV_OP(insn->code)) {
	case BV_EXIT:
		return DONE_EXPLORING;
	case BV_CALL:
		return visit_call_insn(walk, t);
	case BV_JA:
		return visit_ja(walk, t);
	default:
		return visit_cond_jump(walk, t);
	}
}

static int walk_from_entry(struct cfg_walk *walk)
{
	walk->state[0] = DISCOVERED;
	walk->stack[0] = 0;
	walk->depth = 1;
	while (walk->depth > 0) {
		size_t t = walk->stack[walk->depth - 1];
		int ret = visit_insn(walk, t);

		if (ret < 0)
			return -1;
		if (ret == DONE_EXPLORING) {
			walk->state[t] = EXPLORED;
			walk->depth--;
		}
	}
	return 0;
}

/* After the walk: every instruction reached, none entered in the middle of
 * a 64-bit load. */
static int check_all_explored(const struct cfg_walk *walk)
{
	size_t n = walk->cfg->n_insns;

	for (size_t i = 0; i < n; i++) {
		if (walk->state[i] != EXPLORED)
			return bv_fault_set(walk->fault, BV_FAULT_LOGGED, EINVAL,
					    i, "unreachable insn %zu", i);
		if (!bv_is_ldimm64(walk->prog->insns[i].code))
			continue;
		if (i + 1 < n && walk->state[i + 1] != 0)
			return bv_fault_set(walk->fault, BV_FAULT_LOGGED, EINVAL,
					    i, "jump into the middle of ldimm64 insn %zu",
					    i);
		i++;
	}
	return 0;
}

static int check_cfg(const struct bv_program *prog, bool bpf_capable,
		     struct bv_cfg *cfg, struct bv_fault *fault)
{
	size_t n = prog->n_insns ? prog->n_insns : 1;
	struct cfg_walk walk = {
		.prog = prog,
		.cfg = cfg,
		.bpf_capable = bpf_capable,
		.fault = fault,
		.state = calloc(n, sizeof(uint8_t)),
		.stack = calloc(n, sizeof(uint32_t)),
	};
	int ret;

	if (!walk.state || !walk.stack)
		ret = out_of_memory(fault);
	else
		ret = walk_from_entry(&walk) ? -1 : check_all_explored(&walk);
	free(walk.state);
	free(walk.stack);
	return ret;
}

/* ---- the sequence ---- */

static int fail(struct bv_cfg *cfg)
{
	bv_cfg_free(cfg);
	return -1;
}

int bv_cfg_build(const struct bv_program *prog, enum bv_privilege priv,
		 struct bv_cfg *cfg, struct bv_fault *fault)
{
	bool bpf_capable = bv_priv_bpf_capable(priv);

	if (cfg_alloc(cfg, prog->n_insns, fault))
		return -1;
	if (add_subprogs(prog, bpf_capable, cfg, fault) ||
	    check_subprogs(prog, cfg, fault) ||
	    check_cfg(prog, bpf_capable, cfg, fault))
		return fail(cfg);
	return 0;
}

static int run_static_checks(const struct bv_program *prog,
			     enum bv_privilege priv, struct bv_cfg *cfg,
			     struct bv_fault *fault)
{
	bool bpf_capable = bv_priv_bpf_capable(priv);
	int err;

	memset(cfg, 0, sizeof(*cfg));
	fault->subprogs = 0;
	if (bv_check_load_attr(prog, priv, fault) ||
	    cfg_alloc(cfg, prog->n_insns, fault))
		return -1;
	err = add_subprogs(prog, bpf_capable, cfg, fault);
	/* add_subprog_and_kfunc adds the main program first */
	fault->subprogs = cfg->n_subprogs ? cfg->n_subprogs : 1;
	if (err)
		return fail(cfg);
	if (check_subprogs(prog, cfg, fault) ||
	    check_abnormal_return(prog, cfg, fault) ||
	    bv_resolve_ldimm64(prog, fault) ||
	    check_cfg(prog, bpf_capable, cfg, fault) ||
	    bv_check_attach(prog, fault))
		return fail(cfg);
	return 0;
}

int bv_static_checks(const struct bv_program *prog, enum bv_privilege priv,
		     struct bv_cfg *cfg, struct bv_fault *fault)
{
	struct bv_cfg scratch;
	int ret;

	if (cfg)
		return run_static_checks(prog, priv, cfg, fault);
	ret = run_static_checks(prog, priv, &scratch, fault);
	if (!ret)
		bv_cfg_free(&scratch);
	return ret;
}
