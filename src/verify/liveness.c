/* SPDX-License-Identifier: MIT */
/* compute_insn_live_regs, compute_live_registers and compute_scc of
 * kernel/bpf/verifier.c (Linux 6.18), with bpf_insn_successors of
 * kernel/bpf/liveness.c. */
#include "verify/liveness.h"

#include "isa/opcodes.h"
#include "load/program.h"
#include "spec/helpers.h"
#include "verify/kfunc.h"

#include <bpf/btf.h>

#include <errno.h>
#include <stdlib.h>

/* the default of compute_insn_live_regs: an instruction it does not
 * describe reads everything (LD_ABS and LD_IND among them) */
#define USE_ALL 0xffffu
#define R0 1u
/* BPF_F_SLEEPABLE */
#define PROG_SLEEPABLE (1u << 4)

/* ---- bpf_insn_successors ---- */

static bool is_jmp_class(uint8_t code)
{
	return BV_CLASS(code) == BV_JMP || BV_CLASS(code) == BV_JMP32;
}

/* opcode_info_tbl: exit ends a path, ja only jumps, the conditional jumps
 * (jset and may_goto among them) do both; a call falls through. */
static bool can_fallthrough(uint8_t code)
{
	return !is_jmp_class(code) ||
	       (BV_OP(code) != BV_EXIT && BV_OP(code) != BV_JA);
}

static bool can_jump(uint8_t code)
{
	uint8_t op = BV_OP(code);

	return is_jmp_class(code) && op != BV_EXIT && op != BV_CALL &&
	       op <= BV_JCOND;
}

/* bpf_jmp_offset(): gotol keeps its offset in imm */
static int64_t jmp_offset(const struct bv_insn *insn)
{
	return insn->code == (BV_JMP32 | BV_JA) ? insn->imm : insn->off;
}

unsigned bv_insn_successors(const struct bv_program *prog, size_t idx,
			    uint32_t succ[2])
{
	const struct bv_insn *insn = &prog->insns[idx];
	int64_t n = (int64_t)prog->n_insns;
	int64_t next = (int64_t)idx + (bv_is_ldimm64(insn->code) ? 2 : 1);
	int64_t target = (int64_t)idx + jmp_offset(insn) + 1;
	unsigned cnt = 0;

	if (can_fallthrough(insn->code) && next < n)
		succ[cnt++] = (uint32_t)next;
	if (can_jump(insn->code) && target >= 0 && target < n)
		succ[cnt++] = (uint32_t)target;
	return cnt;
}

/* ---- compute_insn_live_regs ---- */

/* get_call_summary() for a helper: whether get_helper_proto() finds a
 * prototype, and then how many arguments precede its first ARG_DONTCARE. */
static int helper_params(const struct bv_program *prog, int32_t id,
			 enum bv_privilege priv, int *n_params)
{
	const struct bv_helper_caller caller = {
		.prog_type = prog->prog_type,
		.attach_type = prog->attach_type,
		.sleepable = prog->prog_flags & PROG_SLEEPABLE,
		.gpl_compatible = true,
		.priv = priv,
	};
	enum bv_helper_verdict v = bv_helper_check(id, &caller);
	const struct bv_helper_proto *fn;

	*n_params = -1;
	if (v == BV_HELPER_UNMEASURED)
		return -EOPNOTSUPP;
	if (v == BV_HELPER_INVALID || v == BV_HELPER_DENIED)
		return 0;
	fn = bv_helper_proto_attach(id, prog->prog_type, prog->attach_type);
	*n_params = 0;
	while (*n_params < BV_HELPER_ARGS &&
	       fn->arg_type[*n_params] != BV_ARG_DONTCARE)
		++*n_params;
	return 0;
}

/* A call writes r0-r5 and reads r1-r5, or the helper's declared arguments
 * (GENMASK(num_params, 1)). */
static int call_use_def(const struct bv_program *prog,
			const struct bv_insn *insn, enum bv_privilege priv,
			uint16_t *use, uint16_t *def)
{
	int n_params = -1;

	*def = BV_CALLER_SAVED_REGS;
	*use = BV_CALLER_SAVED_REGS & ~R0;
	if (insn->src_reg == BV_PSEUDO_KFUNC_CALL) {
		const struct btf_type *proto;

		if (bv_kfunc_call_proto(prog, insn, &proto))
			*use = (uint16_t)(((1u << btf_vlen(proto)) - 1) << 1);
		return 0;
	}
	if (insn->src_reg == 0 && insn->code == (BV_JMP | BV_CALL) &&
	    helper_params(prog, insn->imm, priv, &n_params))
		return -EOPNOTSUPP;
	if (n_params >= 0)
		*use = (uint16_t)(((1u << n_params) - 1) << 1);
	return 0;
}

static void atomic_use_def(const struct bv_insn *insn, uint16_t src,
			   uint16_t dst, uint16_t *use, uint16_t *def)
{
	switch (insn->imm) {
	case BV_CMPXCHG:
		*use = R0 | dst | src;
		*def = R0;
		break;
	case BV_LOAD_ACQ:
		*use = src;
		*def = dst;
		break;
	case BV_STORE_REL:
		*use = dst | src;
		*def = 0;
		break;
	default: /* the fetching forms load into src */
		*use = dst | src;
		*def = insn->imm & BV_FETCH ? src : 0;
	}
}

static void alu_use_def(const struct bv_insn *insn, uint16_t src,
			uint16_t dst, uint16_t *use, uint16_t *def)
{
	bool k = BV_SRC(insn->code) == BV_K;

	*def = dst;
	if (BV_OP(insn->code) == BV_END)
		*use = dst;
	else if (BV_OP(insn->code) == BV_MOV)
		*use = k ? 0 : src;
	else
		*use = k ? dst : dst | src;
}

static int jmp_use_def(const struct bv_program *prog,
		       const struct bv_insn *insn, enum bv_privilege priv,
		       uint16_t *use, uint16_t *def)
{
	uint16_t src = (uint16_t)(1u << insn->src_reg);
	uint16_t dst = (uint16_t)(1u << insn->dst_reg);

	*def = 0;
	switch (BV_OP(insn->code)) {
	case BV_JA:
	case BV_JCOND:
		*use = 0;
		return 0;
	case BV_EXIT:
		*use = R0;
		return 0;
	case BV_CALL:
		return call_use_def(prog, insn, priv, use, def);
	default:
		*use = BV_SRC(insn->code) == BV_K ? dst : dst | src;
		return 0;
	}
}

/* The memory classes: a 64-bit immediate load only writes; LD_ABS and
 * LD_IND keep the defaults. */
static void mem_use_def(const struct bv_insn *insn, uint16_t src,
			uint16_t dst, uint16_t *use, uint16_t *def)
{
	uint8_t mode = BV_MODE(insn->code);

	switch (BV_CLASS(insn->code)) {
	case BV_LD:
		if (mode == BV_IMM && BV_SIZE(insn->code) == BV_DW) {
			*use = 0;
			*def = dst;
		}
		break;
	case BV_LDX:
		if (mode == BV_MEM || mode == BV_MEMSX) {
			*use = src;
			*def = dst;
		}
		break;
	case BV_ST:
		if (mode == BV_MEM) {
			*use = dst;
			*def = 0;
		}
		break;
	default: /* BV_STX */
		if (mode == BV_MEM) {
			*use = dst | src;
			*def = 0;
		} else if (mode == BV_ATOMIC) {
			atomic_use_def(insn, src, dst, use, def);
		}
	}
}

int bv_insn_use_def(const struct bv_program *prog, size_t idx,
		    enum bv_privilege priv, uint16_t *use, uint16_t *def)
{
	const struct bv_insn *insn = &prog->insns[idx];
	uint16_t src = (uint16_t)(1u << insn->src_reg);
	uint16_t dst = (uint16_t)(1u << insn->dst_reg);

	*use = USE_ALL;
	*def = 0;
	switch (BV_CLASS(insn->code)) {
	case BV_ALU:
	case BV_ALU64:
		alu_use_def(insn, src, dst, use, def);
		return 0;
	case BV_JMP:
	case BV_JMP32:
		return jmp_use_def(prog, insn, priv, use, def);
	default:
		mem_use_def(insn, src, dst, use, def);
		return 0;
	}
}

/* ---- compute_scc ---- */

/* The arrays of the kernel's iterative Tarjan walk. */
struct tarjan {
	uint32_t *stack; /* vertices whose component is not complete yet */
	uint32_t *pre;	 /* preorder number, 0 = not visited */
	uint32_t *low;	 /* lowest preorder number reachable */
	uint32_t *dfs;	 /* the explicit recursion stack */
	size_t stack_sz, dfs_sz;
	uint32_t next_pre, next_scc;
};

#define NOT_ON_STACK UINT32_MAX

/* Assigns a number to the component rooted at w, unless it is a single
 * instruction without a self edge that calls no callback: a call of a
 * helper that runs a callback repeatedly is a loop of its own (the
 * reference build numbers it, so that states inside the callback collect
 * their loop's back edges). */
static void pop_component(struct tarjan *t, const struct bv_program *prog,
			  uint32_t w, const uint32_t *succ, unsigned n_succ,
			  uint32_t *scc)
{
	bool assign = t->stack[t->stack_sz - 1] != w ||
		      bv_insn_calls_sync_callback(&prog->insns[w]);
	uint32_t v;

	for (unsigned j = 0; j < n_succ; j++)
		assign |= succ[j] == w;
	do {
		v = t->stack[--t->stack_sz];
		t->low[v] = NOT_ON_STACK;
		if (assign)
			scc[v] = t->next_scc;
	} while (v != w);
	if (assign)
		t->next_scc++;
}

/* One step on the vertex atop the recursion stack: descend into its first
 * unvisited successor, or finish it. */
static void tarjan_step(struct tarjan *t, const struct bv_program *prog,
			uint32_t *scc)
{
	uint32_t w = t->dfs[t->dfs_sz - 1], succ[2];
	unsigned n_succ;

	if (!t->pre[w]) {
		t->pre[w] = t->low[w] = t->next_pre++;
		t->stack[t->stack_sz++] = w;
	}
	n_succ = bv_insn_successors(prog, w, succ);
	for (unsigned j = 0; j < n_succ; j++) {
		if (!t->pre[succ[j]]) {
			t->dfs[t->dfs_sz++] = succ[j];
			return;
		}
		if (t->low[succ[j]] < t->low[w])
			t->low[w] = t->low[succ[j]];
	}
	t->dfs_sz--;
	/* a vertex that reaches one below it stays for that one's component */
	if (t->low[w] == t->pre[w])
		pop_component(t, prog, w, succ, n_succ, scc);
}

int bv_compute_scc(const struct bv_program *prog, uint32_t *scc)
{
	size_t n = prog->n_insns;
	struct tarjan t = { .next_pre = 1, .next_scc = 1 };
	int err = 0;

	t.stack = calloc(n ? n : 1, sizeof(uint32_t));
	t.pre = calloc(n ? n : 1, sizeof(uint32_t));
	t.low = calloc(n ? n : 1, sizeof(uint32_t));
	t.dfs = calloc(n ? n : 1, sizeof(uint32_t));
	if (!t.stack || !t.pre || !t.low || !t.dfs) {
		err = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		scc[i] = 0;
	for (size_t i = 0; i < n; i++) {
		if (t.pre[i])
			continue;
		t.dfs[0] = (uint32_t)i;
		t.dfs_sz = 1;
		while (t.dfs_sz)
			tarjan_step(&t, prog, scc);
	}
out:
	free(t.stack);
	free(t.pre);
	free(t.low);
	free(t.dfs);
	return err;
}

/* ---- compute_live_registers ---- */

/* The instructions compute_postorder lists, and who precedes whom among
 * them: preds[pred_off[i] .. pred_off[i + 1]) jump or fall into i. */
struct flow {
	uint8_t *reached;
	uint32_t *pred_off;
	uint32_t *preds;
	uint32_t *work; /* worklist, a stack */
	uint8_t *queued;
	size_t n_work;
};

static void flow_free(struct flow *f)
{
	free(f->reached);
	free(f->pred_off);
	free(f->preds);
	free(f->work);
	free(f->queued);
}

/* compute_postorder's walk from each subprogram's start; f->work serves
 * as its stack. */
static void mark_reached(const struct bv_program *prog,
			 const struct bv_cfg *cfg, struct flow *f)
{
	for (size_t s = 0; s < cfg->n_subprogs; s++) {
		size_t sp = 0;
		uint32_t start = (uint32_t)cfg->subprogs[s].start;

		if (start >= prog->n_insns || f->reached[start])
			continue;
		f->reached[start] = 1;
		f->work[sp++] = start;
		while (sp) {
			uint32_t succ[2], t = f->work[--sp];
			unsigned cnt = bv_insn_successors(prog, t, succ);

			for (unsigned j = 0; j < cnt; j++) {
				if (f->reached[succ[j]])
					continue;
				f->reached[succ[j]] = 1;
				f->work[sp++] = succ[j];
			}
		}
	}
}

/* Counts, then places, the edges between reached instructions. */
static void link_preds(const struct bv_program *prog, struct flow *f)
{
	size_t n = prog->n_insns;
	uint32_t succ[2];

	for (size_t i = 0; i < n; i++) {
		unsigned cnt = f->reached[i] ? bv_insn_successors(prog, i, succ) : 0;

		for (unsigned j = 0; j < cnt; j++)
			f->pred_off[succ[j] + 1]++;
	}
	for (size_t i = 0; i < n; i++)
		f->pred_off[i + 1] += f->pred_off[i];
	/* pred_off[i] runs ahead while filling, then is restored */
	for (size_t i = 0; i < n; i++) {
		unsigned cnt = f->reached[i] ? bv_insn_successors(prog, i, succ) : 0;

		for (unsigned j = 0; j < cnt; j++)
			f->preds[f->pred_off[succ[j]]++] = (uint32_t)i;
	}
	for (size_t i = n; i > 0; i--)
		f->pred_off[i] = f->pred_off[i - 1];
	f->pred_off[0] = 0;
}

static int flow_init(const struct bv_program *prog, const struct bv_cfg *cfg,
		     struct flow *f)
{
	size_t n = prog->n_insns ? prog->n_insns : 1;

	f->reached = calloc(n, 1);
	f->pred_off = calloc(n + 1, sizeof(uint32_t));
	f->preds = calloc(2 * n, sizeof(uint32_t));
	f->work = calloc(n, sizeof(uint32_t));
	f->queued = calloc(n, 1);
	if (!f->reached || !f->pred_off || !f->preds || !f->work || !f->queued)
		return -ENOMEM;
	mark_reached(prog, cfg, f);
	link_preds(prog, f);
	return 0;
}

static void enqueue(struct flow *f, uint32_t i)
{
	if (f->reached[i] && !f->queued[i]) {
		f->queued[i] = 1;
		f->work[f->n_work++] = i;
	}
}

/* Worklist iteration to the least fixed point. Each in-set only grows
 * within 16 bits, so an instruction is requeued at most 16 times per
 * successor: the work is bounded by 17 * (instructions + edges). */
static void solve(const struct bv_program *prog, struct flow *f,
		  const uint16_t *use, const uint16_t *def, uint16_t *in)
{
	/* pushed in index order, popped from the end backwards first */
	for (size_t i = 0; i < prog->n_insns; i++)
		enqueue(f, (uint32_t)i);
	while (f->n_work) {
		uint32_t i = f->work[--f->n_work], succ[2];
		unsigned cnt = bv_insn_successors(prog, i, succ);
		uint16_t out = 0, now;

		f->queued[i] = 0;
		for (unsigned j = 0; j < cnt; j++)
			out |= in[succ[j]];
		now = (uint16_t)((out & ~def[i]) | use[i]);
		if (now == in[i])
			continue;
		in[i] = now;
		for (uint32_t p = f->pred_off[i]; p < f->pred_off[i + 1]; p++)
			enqueue(f, f->preds[p]);
	}
}

static int use_def_all(const struct bv_program *prog, enum bv_privilege priv,
		       uint16_t *use, uint16_t *def)
{
	for (size_t i = 0; i < prog->n_insns; i++) {
		int err = bv_insn_use_def(prog, i, priv, &use[i], &def[i]);

		if (err)
			return err;
	}
	return 0;
}

int bv_compute_live_regs(const struct bv_program *prog,
			 const struct bv_cfg *cfg, enum bv_privilege priv,
			 uint16_t *live_before)
{
	size_t n = prog->n_insns ? prog->n_insns : 1;
	uint16_t *use = calloc(n, sizeof(uint16_t));
	uint16_t *def = calloc(n, sizeof(uint16_t));
	struct flow f = { 0 };
	int err = use && def ? 0 : -ENOMEM;

	if (!err)
		err = use_def_all(prog, priv, use, def);
	if (!err)
		err = flow_init(prog, cfg, &f);
	if (!err) {
		for (size_t i = 0; i < prog->n_insns; i++)
			live_before[i] = 0;
		solve(prog, &f, use, def, live_before);
	}
	flow_free(&f);
	free(use);
	free(def);
	return err;
}
