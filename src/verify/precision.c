/* SPDX-License-Identifier: MIT */
/* Scalar precision tracking: jump history, backtracking, precision
 * propagation and loop back edges (push_jmp_history, backtrack_insn,
 * __mark_chain_precision, propagate_precision and the SCC visits of
 * kernel/bpf/verifier.c, Linux 6.18). See precision.h. */
#include "verify/precision.h"
#include "verify/env.h"
#include "verify/liveness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* BPF_REGMASK_ARGS: r1-r5 */
#define REGMASK_ARGS 0x3eu
/* the packing of linked_regs_pack: per register 3 bits of frame, 6 of
 * register or slot, 1 "is a register"; 4 bits of count */
#define LR_FRAMENO_BITS 3
#define LR_SPI_BITS 6
#define LR_ENTRY_BITS (LR_SPI_BITS + LR_FRAMENO_BITS + 1)
#define LR_SIZE_BITS 4
#define LR_IS_REG_OFF (LR_SPI_BITS + LR_FRAMENO_BITS)
/* MAX_BACKEDGE_ITERS */
#define MAX_BACKEDGE_ITERS 64

/* struct bpf_scc_callchain: the call sites leading to the outermost frame
 * that is inside a loop, and that loop's number */
struct callchain {
	uint32_t callsites[BV_MAX_CALL_FRAMES - 1];
	uint32_t scc;
};

/* struct bpf_scc_backedge: a state found equal to a state of its loop
 * while the loop's marks were incomplete */
struct backedge {
	struct bv_vstate st;
	struct bv_vstate *equal; /* the explored state it matched */
	struct backedge *next;
};

/* struct bpf_scc_visit */
struct scc_visit {
	struct callchain cc;
	struct bv_vstate *entry; /* the checkpoint that entered the loop */
	struct backedge *backedges;
	uint32_t num_backedges;
};

struct bv_scc_info {
	uint32_t *scc; /* per instruction, 0 outside loops */
	struct scc_visit *visits;
	size_t n_visits, cap_visits;
};

static bool level2(const struct bv_env *env)
{
	return env->log.level & BV_LOG_LEVEL2;
}

/* verifier_bug(): an internal inconsistency, reported as the kernel does */
static int verifier_bug(struct bv_env *env, const char *what)
{
	bv_verbose(env, "verifier bug: %s\n", what);
	return -EFAULT;
}

/* ---- jump history ---- */

int bv_hist_copy(struct bv_env *env, struct bv_vstate *dst,
		 const struct bv_vstate *src)
{
	dst->hist = NULL;
	dst->hist_cnt = dst->hist_cap = 0;
	if (!src->hist_cnt)
		return 0;
	dst->hist =
		bv_arena_alloc(&env->arena, src->hist_cnt * sizeof(*dst->hist));
	if (!dst->hist)
		return -ENOMEM;
	memcpy(dst->hist, src->hist, src->hist_cnt * sizeof(*dst->hist));
	dst->hist_cnt = dst->hist_cap = src->hist_cnt;
	return 0;
}

void bv_hist_clear(struct bv_env *env, struct bv_vstate *st)
{
	bv_arena_free(&env->arena, st->hist);
	st->hist = NULL;
	st->hist_cnt = st->hist_cap = 0;
}

static int hist_grow(struct bv_env *env, struct bv_vstate *st)
{
	uint32_t cap = st->hist_cap ? st->hist_cap * 2 : 8;
	struct bv_hist_entry *grown =
		bv_arena_realloc(&env->arena, st->hist, cap * sizeof(*grown));

	if (!grown)
		return -ENOMEM;
	st->hist = grown;
	st->hist_cap = cap;
	return 0;
}

/* push_jmp_history: one entry per instruction; a second push by the same
 * instruction (an atomic's read and write, a jump's flags and linked
 * registers) adds to the entry. */
int bv_push_jmp_history(struct bv_env *env, struct bv_vstate *st,
			uint32_t flags, uint64_t linked_regs)
{
	struct bv_hist_entry *e;

	if (env->cur_hist_ent >= 0) {
		e = &st->hist[env->cur_hist_ent];
		e->flags |= flags;
		e->linked_regs = linked_regs;
		return 0;
	}
	if (st->hist_cnt == st->hist_cap && hist_grow(env, st))
		return -ENOMEM;
	e = &st->hist[st->hist_cnt];
	e->idx = env->insn_idx;
	e->prev_idx = (uint32_t)env->prev_insn_idx & 0xfffffu;
	e->flags = flags;
	e->linked_regs = linked_regs;
	env->cur_hist_ent = (int)st->hist_cnt++;
	return 0;
}

/* insn_stack_access_flags */
int bv_push_stack_access(struct bv_env *env, uint32_t frameno, int spi)
{
	return bv_push_jmp_history(env, &env->cur,
				   BV_HIST_STACK_ACCESS |
					   (uint32_t)spi << BV_HIST_SPI_SHIFT |
					   frameno,
				   0);
}

/* The operands of a conditional jump that are stack pointers are not
 * scalars to trace back (INSN_F_DST_REG_STACK, INSN_F_SRC_REG_STACK). */
int bv_push_cond_jmp_flags(struct bv_env *env, const struct bv_insn *insn)
{
	const struct bv_reg *regs = bv_cur_regs(env);
	uint32_t flags = 0;

	if (BV_SRC(insn->code) == BV_X &&
	    regs[insn->src_reg].type == BV_PTR_TO_STACK)
		flags |= BV_HIST_SRC_REG_STACK;
	if (regs[insn->dst_reg].type == BV_PTR_TO_STACK)
		flags |= BV_HIST_DST_REG_STACK;
	return flags ? bv_push_jmp_history(env, &env->cur, flags, 0) : 0;
}

/* linked_regs_pack */
static uint64_t linked_regs_pack(const struct bv_linked_regs *s)
{
	uint64_t val = 0;

	for (int i = 0; i < s->cnt; i++) {
		const struct bv_linked_reg *e = &s->entries[i];

		val <<= LR_ENTRY_BITS;
		val |= e->frameno | (uint64_t)e->spi_or_reg << LR_FRAMENO_BITS |
		       (uint64_t)e->is_reg << LR_IS_REG_OFF;
	}
	return val << LR_SIZE_BITS | (uint64_t)s->cnt;
}

static void linked_regs_unpack(uint64_t val, struct bv_linked_regs *s)
{
	s->cnt = (int)(val & ((1u << LR_SIZE_BITS) - 1));
	val >>= LR_SIZE_BITS;
	for (int i = 0; i < s->cnt; i++) {
		struct bv_linked_reg *e = &s->entries[i];

		e->frameno = val & ((1u << LR_FRAMENO_BITS) - 1);
		e->spi_or_reg = (val >> LR_FRAMENO_BITS) & ((1u << LR_SPI_BITS) - 1);
		e->is_reg = (val >> LR_IS_REG_OFF) & 1;
		val >>= LR_ENTRY_BITS;
	}
}

/* __collect_linked_regs: a scalar with the id joins the set; past six, it
 * loses its id */
static void collect_one(struct bv_linked_regs *s, struct bv_reg *reg,
			uint32_t id, unsigned frameno, unsigned spi_or_reg,
			bool is_reg)
{
	if (reg->type != BV_SCALAR_VALUE || (reg->id & ~BV_ID_ADD_CONST) != id)
		return;
	if (s->cnt == BV_LINKED_REGS_MAX) {
		reg->id = 0;
		return;
	}
	s->entries[s->cnt].frameno = (uint8_t)frameno;
	s->entries[s->cnt].spi_or_reg = (uint8_t)spi_or_reg;
	s->entries[s->cnt++].is_reg = is_reg;
}

/* frame_insn_idx */
static uint32_t frame_insn(const struct bv_vstate *st, uint32_t frame)
{
	return (uint32_t)(frame == st->curframe ? st->insn_idx
						: st->frames[frame + 1]->callsite);
}

/* collect_linked_regs: innermost frame first, live registers before
 * slots */
static void collect_linked_regs(const struct bv_env *env, struct bv_vstate *st,
				uint32_t id, struct bv_linked_regs *s)
{
	id &= ~BV_ID_ADD_CONST;
	for (int f = (int)st->curframe; f >= 0; f--) {
		struct bv_frame *frame = st->frames[f];
		uint16_t live = env->live_regs
					? env->live_regs[frame_insn(st, (uint32_t)f)]
					: 0xffff;

		for (unsigned r = 0; r < BV_REG_FP; r++)
			if (live & (1u << r))
				collect_one(s, &frame->regs[r], id, (unsigned)f,
					    r, true);
		for (unsigned i = 0; i < frame->allocated_stack / BV_SLOT_SIZE; i++)
			if (frame->stack[i].type[BV_SLOT_SIZE - 1] == BV_STACK_SPILL)
				collect_one(s, &frame->stack[i].spilled, id,
					    (unsigned)f, i, false);
	}
}

int bv_push_linked_regs(struct bv_env *env, const struct bv_insn *insn,
			struct bv_linked_regs *set)
{
	struct bv_reg *regs = bv_cur_regs(env);
	const struct bv_reg *dst = &regs[insn->dst_reg];

	set->cnt = 0;
	if (BV_SRC(insn->code) == BV_X &&
	    regs[insn->src_reg].type == BV_SCALAR_VALUE && regs[insn->src_reg].id)
		collect_linked_regs(env, &env->cur, regs[insn->src_reg].id, set);
	if (dst->type == BV_SCALAR_VALUE && dst->id)
		collect_linked_regs(env, &env->cur, dst->id, set);
	if (set->cnt < 2)
		return 0;
	return bv_push_jmp_history(env, &env->cur, 0, linked_regs_pack(set));
}

void bv_linked_regs_for_each(struct bv_vstate *st,
			     const struct bv_linked_regs *set,
			     void (*fn)(struct bv_reg *reg, void *ctx), void *ctx)
{
	for (int i = 0; i < set->cnt; i++) {
		struct bv_frame *frame = st->frames[set->entries[i].frameno];
		unsigned n = set->entries[i].spi_or_reg;

		fn(set->entries[i].is_reg ? &frame->regs[n]
					  : &frame->stack[n].spilled,
		   ctx);
	}
}

/* get_jmp_hist_entry: the entry of insn_idx if it is the last of the
 * first hist_end entries */
static const struct bv_hist_entry *hist_entry(const struct bv_vstate *st,
					      uint32_t hist_end, int insn_idx)
{
	if (hist_end > 0 && st->hist[hist_end - 1].idx == insn_idx)
		return &st->hist[hist_end - 1];
	return NULL;
}

/* get_prev_insn_idx: the instruction before i on the state's path, or
 * -ENOENT once the state's first instruction is done */
static int prev_insn_idx(const struct bv_vstate *st, int i, uint32_t *history)
{
	uint32_t cnt = *history;

	if (i == st->first_insn_idx) {
		if (cnt == 0)
			return -ENOENT;
		if (cnt == 1 && st->hist[0].idx == i)
			return -ENOENT;
	}
	if (cnt && st->hist[cnt - 1].idx == i) {
		(*history)--;
		return st->hist[cnt - 1].prev_idx;
	}
	return i - 1;
}

/* ---- struct backtrack_state ---- */

static void bt_reset(struct bv_backtrack *bt)
{
	memset(bt, 0, sizeof(*bt));
}

static bool bt_empty(const struct bv_backtrack *bt)
{
	uint64_t mask = 0;

	for (uint32_t i = 0; i <= bt->frame; i++)
		mask |= bt->reg_masks[i] | bt->stack_masks[i];
	return mask == 0;
}

static void bt_set_frame_reg(struct bv_backtrack *bt, uint32_t frame, unsigned reg)
{
	bt->reg_masks[frame] |= 1u << reg;
}

static void bt_set_reg(struct bv_backtrack *bt, unsigned reg)
{
	bt_set_frame_reg(bt, bt->frame, reg);
}

static void bt_clear_reg(struct bv_backtrack *bt, unsigned reg)
{
	bt->reg_masks[bt->frame] &= ~(1u << reg);
}

static bool bt_is_reg_set(const struct bv_backtrack *bt, unsigned reg)
{
	return bt->reg_masks[bt->frame] & (1u << reg);
}

static void bt_set_frame_slot(struct bv_backtrack *bt, uint32_t frame, unsigned spi)
{
	bt->stack_masks[frame] |= 1ull << spi;
}

static bool bt_is_frame_slot_set(const struct bv_backtrack *bt, uint32_t frame,
				 unsigned spi)
{
	return bt->stack_masks[frame] & (1ull << spi);
}

/* fmt_reg_mask: "r0,r2,r4" */
static void fmt_reg_mask(char *buf, size_t len, uint32_t mask)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < 32 && used < len; i++)
		if (mask & (1u << i))
			used += (size_t)snprintf(buf + used, len - used, "%sr%u",
						 used ? "," : "", i);
}

/* bpf_fmt_stack_mask: "-8,-24,-40" */
static void fmt_stack_mask(char *buf, size_t len, uint64_t mask)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < 64 && used < len; i++)
		if (mask & (1ull << i))
			used += (size_t)snprintf(buf + used, len - used, "%s%d",
						 used ? "," : "", -(i + 1) * 8);
}

/* "regs=r1 stack=-8" of frame fr, followed by sep */
static void log_masks(struct bv_env *env, uint32_t fr, const char *sep)
{
	char regs[96], stack[512];

	fmt_reg_mask(regs, sizeof(regs), env->bt.reg_masks[fr]);
	fmt_stack_mask(stack, sizeof(stack), env->bt.stack_masks[fr]);
	bv_verbose(env, "regs=%s stack=%s%s", regs, stack, sep);
}

/* bt_sync_linked_regs: if one register of a linked set is traced, all are */
static void bt_sync_linked_regs(struct bv_backtrack *bt,
				const struct bv_hist_entry *hist)
{
	struct bv_linked_regs s;
	bool some = false;

	if (!hist || !hist->linked_regs)
		return;
	linked_regs_unpack(hist->linked_regs, &s);
	for (int i = 0; i < s.cnt && !some; i++) {
		const struct bv_linked_reg *e = &s.entries[i];

		some = e->is_reg ? bt->reg_masks[e->frameno] & (1u << e->spi_or_reg)
				 : bt_is_frame_slot_set(bt, e->frameno, e->spi_or_reg);
	}
	for (int i = 0; some && i < s.cnt; i++) {
		const struct bv_linked_reg *e = &s.entries[i];

		if (e->is_reg)
			bt_set_frame_reg(bt, e->frameno, e->spi_or_reg);
		else
			bt_set_frame_slot(bt, e->frameno, e->spi_or_reg);
	}
}

/* ---- backtrack_insn, per instruction class ---- */

/* Return values of the class handlers: 1 means "done with this
 * instruction" (the kernel's early return 0), 0 "go on to the final
 * linked register sync", < 0 an error; -BV_ENOTSUPP asks for the
 * fallback of marking every scalar precise. */
#define BT_DONE 1

static int bt_alu(struct bv_backtrack *bt, const struct bv_insn *insn)
{
	uint8_t op = BV_OP(insn->code);

	if (!bt_is_reg_set(bt, insn->dst_reg) || op == BV_END || op == BV_NEG)
		return BT_DONE;
	if (op == BV_MOV)
		bt_clear_reg(bt, insn->dst_reg);
	if (BV_SRC(insn->code) == BV_X && insn->src_reg != BV_REG_FP)
		bt_set_reg(bt, insn->src_reg);
	return 0;
}

/* A load: only a fill from a stack slot carries the value further back. */
static int bt_load(struct bv_backtrack *bt, const struct bv_insn *insn,
		   const struct bv_hist_entry *hist)
{
	if (!bt_is_reg_set(bt, insn->dst_reg))
		return BT_DONE;
	bt_clear_reg(bt, insn->dst_reg);
	if (!hist || !(hist->flags & BV_HIST_STACK_ACCESS))
		return BT_DONE;
	bt_set_frame_slot(bt, hist->flags & BV_HIST_FRAMENO_MASK,
			  (hist->flags >> BV_HIST_SPI_SHIFT) & BV_HIST_SPI_MASK);
	return 0;
}

/* A store: a spill of a traced slot traces the stored register. */
static int bt_store(struct bv_backtrack *bt, const struct bv_insn *insn,
		    const struct bv_hist_entry *hist)
{
	uint32_t fr, spi;

	if (bt_is_reg_set(bt, insn->dst_reg))
		return -BV_ENOTSUPP; /* pointer subtraction */
	if (!hist || !(hist->flags & BV_HIST_STACK_ACCESS))
		return BT_DONE;
	fr = hist->flags & BV_HIST_FRAMENO_MASK;
	spi = (hist->flags >> BV_HIST_SPI_SHIFT) & BV_HIST_SPI_MASK;
	if (!bt_is_frame_slot_set(bt, fr, spi))
		return BT_DONE;
	bt->stack_masks[fr] &= ~(1ull << spi);
	if (BV_CLASS(insn->code) == BV_STX)
		bt_set_reg(bt, insn->src_reg);
	return 0;
}

/* The call of a static subprogram, reached from its first instruction:
 * r1-r5 go on in the caller. */
static int bt_subprog_call(struct bv_env *env, struct bv_backtrack *bt)
{
	if (bt->reg_masks[bt->frame] & ~REGMASK_ARGS)
		return verifier_bug(env, "static subprog unexpected regs");
	if (bt->stack_masks[bt->frame])
		return verifier_bug(env, "static subprog leftover stack slots");
	if (bt->frame == 0)
		return verifier_bug(env, "subprog exit from frame 0");
	bt->reg_masks[bt->frame - 1] |= bt->reg_masks[bt->frame] & REGMASK_ARGS;
	bt->reg_masks[bt->frame] = 0;
	bt->frame--;
	return BT_DONE;
}

static bool is_global_call(struct bv_env *env, int idx)
{
	int subprog = bv_cfg_subprog_at(&env->cfg, (size_t)(idx + env->insns[idx].imm + 1));

	return subprog > 0 && bv_subprog_is_global(env, (size_t)subprog);
}

/* The call of a global function, never walked from here: r1-r5 are
 * clobbered and r0 is its unknown result. */
static int bt_global_call(struct bv_env *env, struct bv_backtrack *bt)
{
	if (bt->reg_masks[bt->frame] & REGMASK_ARGS)
		return verifier_bug(env, "global subprog unexpected regs");
	bt_clear_reg(bt, 0);
	return 0;
}

/* A helper call: it sets r0 and may not have been given traced r1-r5. */
static int bt_helper_call(struct bv_env *env, struct bv_backtrack *bt)
{
	bt_clear_reg(bt, 0);
	if (bt->reg_masks[bt->frame] & REGMASK_ARGS)
		return verifier_bug(env, "backtracking call unexpected regs");
	return 0;
}

/* A subprogram's exit, reached from the instruction after its call site:
 * r0 goes on inside the callee. */
static int bt_exit(struct bv_env *env, struct bv_backtrack *bt, int subseq_idx)
{
	bool r0_precise;

	if (subseq_idx >= 0 && bv_cfg_has_mark(&env->cfg, (size_t)subseq_idx,
					       BV_MARK_CALLS_CALLBACK))
		bt->reg_masks[bt->frame] &= ~REGMASK_ARGS;
	if (bt->reg_masks[bt->frame] & REGMASK_ARGS)
		return verifier_bug(env, "backtracking exit unexpected regs");
	r0_precise = subseq_idx - 1 >= 0 &&
		     env->insns[subseq_idx - 1].code == (BV_JMP | BV_CALL) &&
		     env->insns[subseq_idx - 1].src_reg == BV_PSEUDO_CALL &&
		     bt_is_reg_set(bt, 0);
	bt_clear_reg(bt, 0);
	if (bt->frame == BV_MAX_CALL_FRAMES - 1)
		return verifier_bug(env, "subprog enter from frame 7");
	bt->frame++;
	if (r0_precise)
		bt_set_reg(bt, 0);
	return BT_DONE;
}

/* The exit of a callback, reached from the helper that called it. */
static int bt_callback_return(struct bv_env *env, struct bv_backtrack *bt)
{
	if (bt->reg_masks[bt->frame] & ~REGMASK_ARGS)
		return verifier_bug(env, "callback unexpected regs");
	if (bt->stack_masks[bt->frame])
		return verifier_bug(env, "callback leftover stack slots");
	if (bt->frame == 0)
		return verifier_bug(env, "subprog exit from frame 0");
	bt->reg_masks[bt->frame] = 0;
	bt->frame--;
	return BT_DONE;
}

static int bt_jmp(struct bv_env *env, struct bv_backtrack *bt, int idx,
		  int subseq_idx, const struct bv_hist_entry *hist)
{
	const struct bv_insn *insn = &env->insns[idx];
	uint8_t op = BV_OP(insn->code);

	if (insn->code == (BV_JMP | BV_CALL) && insn->src_reg == BV_PSEUDO_CALL)
		return is_global_call(env, idx) ? bt_global_call(env, bt)
						: bt_subprog_call(env, bt);
	if (bv_cfg_has_mark(&env->cfg, (size_t)idx, BV_MARK_CALLS_CALLBACK) &&
	    idx != subseq_idx - 1)
		return bt_callback_return(env, bt);
	if (op == BV_CALL)
		return bt_helper_call(env, bt);
	if (op == BV_EXIT)
		return bt_exit(env, bt, subseq_idx);
	if (BV_SRC(insn->code) != BV_X)
		return 0;
	/* dreg <cond> sreg: both need precision before the jump */
	if (!bt_is_reg_set(bt, insn->dst_reg) && !bt_is_reg_set(bt, insn->src_reg))
		return BT_DONE;
	if (!hist || !(hist->flags & BV_HIST_SRC_REG_STACK))
		bt_set_reg(bt, insn->src_reg);
	if (!hist || !(hist->flags & BV_HIST_DST_REG_STACK))
		bt_set_reg(bt, insn->dst_reg);
	return 0;
}

/* ld_imm64 sets a constant; LD_ABS and LD_IND are not analysed. */
static int bt_ld(struct bv_backtrack *bt, const struct bv_insn *insn)
{
	if (!bt_is_reg_set(bt, insn->dst_reg))
		return BT_DONE;
	bt_clear_reg(bt, insn->dst_reg);
	return BV_MODE(insn->code) == BV_IMM ? 0 : -BV_ENOTSUPP;
}

static bool is_atomic_load(const struct bv_insn *insn)
{
	return BV_CLASS(insn->code) == BV_STX && BV_MODE(insn->code) == BV_ATOMIC &&
	       insn->imm == BV_LOAD_ACQ;
}

static void log_backtrack_insn(struct bv_env *env, int idx)
{
	char text[256];

	bv_disasm_insn(env->prog, (size_t)idx, BV_DISASM_KERNEL, text, sizeof(text));
	bv_verbose(env, "mark_precise: frame%u: ", env->bt.frame);
	log_masks(env, env->bt.frame, " before ");
	bv_verbose(env, "%d: %s\n", idx, text);
}

/* backtrack_insn: turns "needed precise after idx" into "needed precise
 * before idx". subseq_idx is the instruction that followed idx on the
 * path (the one backtracked just before). */
static int backtrack_insn(struct bv_env *env, int idx, int subseq_idx,
			  const struct bv_hist_entry *hist)
{
	const struct bv_insn *insn = &env->insns[idx];
	struct bv_backtrack *bt = &env->bt;
	int ret;

	if (insn->code == 0) /* the second half of a 64-bit load */
		return 0;
	if (level2(env))
		log_backtrack_insn(env, idx);
	bt_sync_linked_regs(bt, hist);
	switch (BV_CLASS(insn->code)) {
	case BV_ALU:
	case BV_ALU64:
		ret = bt_alu(bt, insn);
		break;
	case BV_LDX:
		ret = bt_load(bt, insn, hist);
		break;
	case BV_STX:
	case BV_ST:
		ret = is_atomic_load(insn) ? bt_load(bt, insn, hist)
					   : bt_store(bt, insn, hist);
		break;
	case BV_JMP:
	case BV_JMP32:
		ret = bt_jmp(env, bt, idx, subseq_idx, hist);
		break;
	default:
		ret = bt_ld(bt, insn);
		break;
	}
	if (ret)
		return ret == BT_DONE ? 0 : ret;
	bt_sync_linked_regs(bt, hist);
	return 0;
}

/* ---- __mark_chain_precision ---- */

/* mark_all_scalars_precise: the fallback when backtracking cannot follow
 * a value; the current state is skipped, as its marks do not matter. */
static void mark_all_scalars_precise(struct bv_env *env, struct bv_vstate *st)
{
	if (level2(env))
		bv_verbose(env, "mark_precise: frame%u: falling back to forcing all scalars precise\n",
			   st->curframe);
	for (st = st->parent; st; st = st->parent) {
		for (unsigned f = 0; f <= st->curframe; f++) {
			struct bv_frame *frame = st->frames[f];

			for (unsigned r = 0; r < BV_REG_FP; r++) {
				struct bv_reg *reg = &frame->regs[r];

				if (reg->type != BV_SCALAR_VALUE || reg->precise)
					continue;
				reg->precise = true;
				if (level2(env))
					bv_verbose(env, "force_precise: frame%u: forcing r%u to be precise\n",
						   f, r);
			}
			for (unsigned s = 0; s < frame->allocated_stack / BV_SLOT_SIZE; s++) {
				struct bv_reg *reg = &frame->stack[s].spilled;

				if (frame->stack[s].type[BV_SLOT_SIZE - 1] != BV_STACK_SPILL ||
				    reg->type != BV_SCALAR_VALUE || reg->precise)
					continue;
				reg->precise = true;
				if (level2(env))
					bv_verbose(env, "force_precise: frame%u: forcing fp%d to be precise\n",
						   f, -((int)s + 1) * 8);
			}
		}
	}
}

static void fallback_all_precise(struct bv_env *env, struct bv_vstate *start)
{
	mark_all_scalars_precise(env, start);
	bt_reset(&env->bt);
}

void bv_precision_forget(struct bv_env *env)
{
	env->prec_memo.valid = false;
}

static bool bt_subset(const struct bv_backtrack *a, const struct bv_backtrack *b)
{
	if (a->frame != b->frame)
		return false;
	for (uint32_t fr = 0; fr <= a->frame; fr++)
		if ((a->reg_masks[fr] & ~b->reg_masks[fr]) ||
		    (a->stack_masks[fr] & ~b->stack_masks[fr]))
			return false;
	return true;
}

/* The walk from the current state is at instruction i, done with it,
 * with history entries left: has an earlier walk done the rest? */
static bool memo_covers(const struct bv_env *env, const struct bv_vstate *st,
			int i, uint32_t history)
{
	const struct bv_prec_memo *m = &env->prec_memo;

	return m->valid && st == &env->cur && i == m->idx &&
	       history == m->hist_cnt && st->parent == m->parent &&
	       st->first_insn_idx == m->first_insn_idx &&
	       bt_subset(&env->bt, &m->bt) &&
	       (!history ||
		!memcmp(st->hist, m->hist, history * sizeof(*m->hist)));
}

/* Remembers that the walk that starts from the current state, with
 * what bt holds, was done. */
static void memo_record(struct bv_env *env, const struct bv_backtrack *bt)
{
	struct bv_prec_memo *m = &env->prec_memo;
	const struct bv_vstate *cur = &env->cur;

	m->valid = false;
	if (cur->hist_cnt > m->hist_cap) {
		struct bv_hist_entry *h = bv_arena_realloc(
			&env->arena, m->hist, cur->hist_cnt * sizeof(*h));

		if (!h)
			return; /* no memo: the next walk is done whole */
		m->hist = h;
		m->hist_cap = cur->hist_cnt;
	}
	if (cur->hist_cnt)
		memcpy(m->hist, cur->hist, cur->hist_cnt * sizeof(*m->hist));
	m->idx = cur->insn_idx;
	m->first_insn_idx = cur->first_insn_idx;
	m->hist_cnt = cur->hist_cnt;
	m->parent = cur->parent;
	m->bt = *bt;
	m->valid = true;
}

/* Walks back over st's own instructions, last_idx first. Returns 1 when
 * nothing is left to trace, 0 when st's first instruction was reached,
 * < 0 on error. */
static int backtrack_state(struct bv_env *env, struct bv_vstate *start,
			   struct bv_vstate *st, int last_idx, int *subseq_idx,
			   bool *skip_first)
{
	uint32_t history = st->hist_cnt;

	for (int i = last_idx;;) {
		int err = 0;

		if (*skip_first)
			*skip_first = false;
		else
			err = backtrack_insn(env, i, *subseq_idx,
					     hist_entry(st, history, i));
		if (err == -BV_ENOTSUPP) {
			fallback_all_precise(env, start);
			return 1;
		}
		if (err)
			return err;
		if (bt_empty(&env->bt))
			return 1;
		if (memo_covers(env, st, i, history)) {
			bt_reset(&env->bt);
			return 1;
		}
		*subseq_idx = i;
		i = prev_insn_idx(st, i, &history);
		if (i == -ENOENT)
			return 0;
		if (i < 0 || (size_t)i >= env->n_insns)
			return verifier_bug(env, "backtracking idx");
	}
}

/* Marks in the parent st what is still traced, frame by frame; registers
 * that are not scalars or are precise already need no more tracing. */
static void mark_in_parent(struct bv_env *env, struct bv_vstate *st,
			   bool *changed)
{
	struct bv_backtrack *bt = &env->bt;

	for (int fr = (int)bt->frame; fr >= 0; fr--) {
		struct bv_frame *frame = st->frames[fr];

		/* only the traced registers and slots: the set bits */
		for (uint32_t m = bt->reg_masks[fr]; m; m &= m - 1) {
			unsigned r = (unsigned)__builtin_ctz(m);
			struct bv_reg *reg = &frame->regs[r];

			if (reg->type != BV_SCALAR_VALUE || reg->precise) {
				bt->reg_masks[fr] &= ~(1u << r);
				continue;
			}
			reg->precise = true;
			*changed = true;
		}
		for (uint64_t m = bt->stack_masks[fr]; m; m &= m - 1) {
			unsigned s = (unsigned)__builtin_ctzll(m);
			struct bv_stack_slot *slot = &frame->stack[s];

			if (slot->type[BV_SLOT_SIZE - 1] != BV_STACK_SPILL ||
			    slot->spilled.type != BV_SCALAR_VALUE ||
			    slot->spilled.precise) {
				bt->stack_masks[fr] &= ~(1ull << s);
				continue;
			}
			slot->spilled.precise = true;
			*changed = true;
		}
		if (level2(env)) {
			bv_verbose(env, "mark_precise: frame%d: parent state ", fr);
			log_masks(env, (uint32_t)fr, ": ");
			bv_print_verifier_state(env, st, (unsigned)fr, true);
		}
	}
}

/* Stack slots traced beyond what the parent allocated are a bug. */
static int check_parent_slots(struct bv_env *env, const struct bv_vstate *st)
{
	for (uint32_t fr = 0; fr <= env->bt.frame; fr++) {
		uint32_t slots = st->frames[fr]->allocated_stack / BV_SLOT_SIZE;

		if (slots < 64 && env->bt.stack_masks[fr] >> slots)
			return verifier_bug(env, "stack slot beyond allocated stack");
	}
	return 0;
}

/* The entry of a global function verified on its own: its scalar
 * arguments are precise from the start; nothing else can be traced here. */
static int global_func_entry(struct bv_env *env, struct bv_vstate *st)
{
	struct bv_backtrack *bt = &env->bt;
	struct bv_frame *frame = st->frames[0];

	if (st->curframe || !frame->subprogno || frame->callsite != -1 ||
	    bt->stack_masks[0] || (bt->reg_masks[0] & ~REGMASK_ARGS))
		return verifier_bug(env, "backtracking func entry");
	for (unsigned r = 1; r <= 5; r++) {
		if (!bt_is_reg_set(bt, r))
			continue;
		bt_clear_reg(bt, r);
		if (frame->regs[r].type == BV_SCALAR_VALUE)
			frame->regs[r].precise = true;
	}
	return 0;
}

/* The walk of __mark_chain_precision once env->bt is set up: through
 * start's instructions from last_idx, then its parents'. */
static int walk_chain(struct bv_env *env, struct bv_vstate *start, bool *changed)
{
	struct bv_backtrack *bt = &env->bt;
	struct bv_vstate *st = start;
	int first_idx = st->first_insn_idx, last_idx = st->insn_idx;
	int subseq_idx = -1, err;
	bool skip_first = true;

	for (;;) {
		if (level2(env))
			bv_verbose(env, "mark_precise: frame%u: last_idx %d first_idx %d subseq_idx %d \n",
				   bt->frame, last_idx, first_idx, subseq_idx);
		if (last_idx < 0)
			return global_func_entry(env, st);
		err = backtrack_state(env, start, st, last_idx, &subseq_idx,
				      &skip_first);
		if (err)
			return err < 0 ? err : 0;
		st = st->parent;
		if (!st)
			break;
		err = check_parent_slots(env, st);
		if (err)
			return err;
		mark_in_parent(env, st, changed);
		if (bt_empty(bt))
			return 0;
		subseq_idx = first_idx;
		last_idx = st->last_insn_idx;
		first_idx = st->first_insn_idx;
	}
	/* something was missed (a stack access through another register) */
	if (!bt_empty(bt))
		fallback_all_precise(env, start);
	return 0;
}

/* __mark_chain_precision: backtracks from start, whose instruction
 * needs what env->bt holds (plus regno, if >= 0), through start's
 * instructions and its parents'. A walk from the current state is
 * remembered (struct bv_prec_memo), except at level 2, whose
 * mark_precise lines every walk prints. */
static int mark_chain_precision_from(struct bv_env *env, struct bv_vstate *start,
				     int regno, bool *changed)
{
	struct bv_backtrack *bt = &env->bt, start_bt;
	bool unused, memo = start == &env->cur && !level2(env);
	int err;

	bt->frame = start->curframe;
	if (regno >= 0) {
		if (start->frames[bt->frame]->regs[regno].type != BV_SCALAR_VALUE)
			return verifier_bug(env, "backtracking misuse");
		bt_set_reg(bt, (unsigned)regno);
	}
	if (bt_empty(bt))
		return 0;
	start_bt = *bt;
	err = walk_chain(env, start, changed ? changed : &unused);
	if (!err && memo)
		memo_record(env, &start_bt);
	return err;
}

int bv_mark_chain_precision(struct bv_env *env, int regno)
{
	if (regno < 0)
		return 0;
	return mark_chain_precision_from(env, &env->cur, regno, NULL);
}

int bv_mark_cond_operands_precise(struct bv_env *env, const struct bv_insn *insn)
{
	const struct bv_reg *regs = bv_cur_regs(env);
	int err = 0;

	/* a pointer operand here is one compared with 0 */
	if (regs[insn->dst_reg].type == BV_SCALAR_VALUE)
		err = bv_mark_chain_precision(env, insn->dst_reg);
	if (!err && BV_SRC(insn->code) == BV_X &&
	    regs[insn->src_reg].type == BV_SCALAR_VALUE)
		err = bv_mark_chain_precision(env, insn->src_reg);
	return err;
}

int bv_get_constant_map_key(struct bv_env *env, const struct bv_reg *key,
			    uint32_t key_size, int64_t *value)
{
	const struct bv_stack_slot *slot;
	uint32_t zeros = 0, spilled = 0;
	int stack_off, spi, off, err;

	if (key->type != BV_PTR_TO_STACK || !bv_tnum_is_const(key->s.var_off))
		return 1;
	stack_off = key->off + (int)key->s.var_off.value;
	spi = (-stack_off - 1) / BV_SLOT_SIZE;
	off = (-stack_off - 1) % BV_SLOT_SIZE;
	slot = &env->cur.frames[key->frameno]->stack[spi];
	for (int i = off; i >= 0 && slot->type[i] == BV_STACK_ZERO; i--)
		zeros++;
	if (zeros >= key_size) {
		*value = 0;
		return 0;
	}
	if (slot->type[BV_SLOT_SIZE - 1] != BV_STACK_SPILL ||
	    slot->spilled.type != BV_SCALAR_VALUE)
		return 1;
	for (int i = off; i >= 0 && slot->type[i] == BV_STACK_SPILL; i--)
		spilled++;
	if (spilled != key_size || !bv_tnum_is_const(slot->spilled.s.var_off))
		return 1;
	/* mark_chain_precision_batch for the slot */
	bt_set_frame_slot(&env->bt, key->frameno, (unsigned)spi);
	err = mark_chain_precision_from(env, &env->cur, -1, NULL);
	if (err)
		return err;
	*value = (int64_t)slot->spilled.s.var_off.value;
	return 0;
}

/* ---- propagate_precision ---- */

/* "frame 0: propagating r1,fp-8": the precise scalars of frame fr of old
 * become traced in env->bt */
static void collect_precise(struct bv_env *env, const struct bv_frame *frame,
			    uint32_t fr)
{
	bool first = true;

	for (unsigned r = 0; r < BV_REG_FP; r++) {
		const struct bv_reg *reg = &frame->regs[r];

		if (reg->type != BV_SCALAR_VALUE || !reg->precise)
			continue;
		if (level2(env) && first)
			bv_verbose(env, "frame %u: propagating r%u", fr, r);
		else if (level2(env))
			bv_verbose(env, ",r%u", r);
		bt_set_frame_reg(&env->bt, fr, r);
		first = false;
	}
	for (unsigned s = 0; s < frame->allocated_stack / BV_SLOT_SIZE; s++) {
		const struct bv_stack_slot *slot = &frame->stack[s];
		int off = -((int)s + 1) * BV_SLOT_SIZE;

		if (slot->type[BV_SLOT_SIZE - 1] != BV_STACK_SPILL ||
		    slot->spilled.type != BV_SCALAR_VALUE || !slot->spilled.precise)
			continue;
		if (level2(env)) {
			if (first)
				bv_verbose(env, "frame %u: propagating fp%d", fr, off);
			else
				bv_verbose(env, ",fp%d", off);
		}
		bt_set_frame_slot(&env->bt, fr, s);
		first = false;
	}
	/* the kernel ends the line at any log level */
	if (!first && env->log.level)
		bv_verbose(env, "\n");
}

int bv_propagate_precision(struct bv_env *env, const struct bv_vstate *old,
			   struct bv_vstate *cur, bool *changed)
{
	for (int fr = (int)old->curframe; fr >= 0; fr--)
		collect_precise(env, old->frames[fr], (uint32_t)fr);
	return mark_chain_precision_from(env, cur, -1, changed);
}

/* ---- loops (strongly connected components) ---- */

int bv_precision_init(struct bv_env *env)
{
	struct bv_scc_info *info = calloc(1, sizeof(*info));

	env->cur_hist_ent = -1;
	env->scc = info;
	if (!info)
		return -ENOMEM;
	info->scc = calloc(env->n_insns ? env->n_insns : 1, sizeof(*info->scc));
	if (!info->scc)
		return -ENOMEM;
	return bv_compute_scc(env->prog, info->scc);
}

static void free_backedges(struct bv_env *env, struct scc_visit *visit)
{
	struct backedge *b = visit->backedges;

	while (b) {
		struct backedge *next = b->next;

		bv_state_free(env, &b->st);
		bv_arena_free(&env->arena, b);
		b = next;
	}
	visit->backedges = NULL;
}

void bv_scc_visits_clear(struct bv_env *env)
{
	struct bv_scc_info *info = env->scc;

	for (size_t i = 0; info && i < info->n_visits; i++)
		free_backedges(env, &info->visits[i]);
	if (info)
		info->n_visits = 0;
}

void bv_precision_free(struct bv_env *env)
{
	struct bv_scc_info *info = env->scc;

	if (!info)
		return;
	bv_scc_visits_clear(env);
	free(info->visits);
	free(info->scc);
	free(info);
	env->scc = NULL;
}

/* compute_scc_callchain: false when no frame of st is in a loop */
static bool scc_callchain(const struct bv_env *env, const struct bv_vstate *st,
			  struct callchain *cc)
{
	memset(cc, 0, sizeof(*cc));
	for (uint32_t i = 0; i <= st->curframe; i++) {
		uint32_t insn = frame_insn(st, i);
		uint32_t scc = env->scc->scc[insn];

		if (scc) {
			cc->scc = scc;
			return true;
		}
		if (i == st->curframe)
			return false;
		cc->callsites[i] = insn;
	}
	return false;
}

static struct scc_visit *visit_lookup(const struct bv_env *env,
				      const struct callchain *cc)
{
	struct bv_scc_info *info = env->scc;

	for (size_t i = 0; i < info->n_visits; i++)
		if (!memcmp(&info->visits[i].cc, cc, sizeof(*cc)))
			return &info->visits[i];
	return NULL;
}

static struct scc_visit *visit_alloc(struct bv_env *env,
				     const struct callchain *cc)
{
	struct bv_scc_info *info = env->scc;
	struct scc_visit *visit;

	if (info->n_visits == info->cap_visits) {
		size_t cap = info->cap_visits ? info->cap_visits * 2 : 4;
		struct scc_visit *grown = realloc(info->visits, cap * sizeof(*grown));

		if (!grown)
			return NULL;
		info->visits = grown;
		info->cap_visits = cap;
	}
	visit = &info->visits[info->n_visits++];
	memset(visit, 0, sizeof(*visit));
	visit->cc = *cc;
	return visit;
}

/* format_callchain: "(callsite,...,scc)" */
static void log_callchain(struct bv_env *env, const char *what,
			  const struct callchain *cc)
{
	bv_verbose(env, "SCC %s (", what);
	for (size_t i = 0; i < BV_MAX_CALL_FRAMES - 1 && cc->callsites[i]; i++)
		bv_verbose(env, "%u,", cc->callsites[i]);
	bv_verbose(env, "%u)\n", cc->scc);
}

void bv_update_peak_states(struct bv_env *env)
{
	uint32_t cur = env->explored_states + env->num_backedges;

	if (cur > env->peak_states)
		env->peak_states = cur;
}

bool bv_incomplete_read_marks(struct bv_env *env, const struct bv_vstate *st)
{
	struct callchain cc;
	struct scc_visit *visit;

	if (!scc_callchain(env, st, &cc))
		return false;
	visit = visit_lookup(env, &cc);
	return visit && visit->backedges;
}

int bv_maybe_enter_scc(struct bv_env *env, struct bv_vstate *st)
{
	struct callchain cc;
	struct scc_visit *visit;

	if (!scc_callchain(env, st, &cc))
		return 0;
	visit = visit_lookup(env, &cc);
	if (!visit)
		visit = visit_alloc(env, &cc);
	if (!visit)
		return -ENOMEM;
	if (!visit->entry) {
		visit->entry = st;
		if (level2(env))
			log_callchain(env, "enter", &cc);
	}
	return 0;
}

/* propagate_backedges: to a fixed point, bounded */
static int propagate_backedges(struct bv_env *env, struct scc_visit *visit)
{
	bool changed;
	int i = 0;

	do {
		if (i++ > MAX_BACKEDGE_ITERS) {
			if (level2(env))
				bv_verbose(env, "propagate_backedges: too many iterations\n");
			for (struct backedge *b = visit->backedges; b; b = b->next)
				mark_all_scalars_precise(env, &b->st);
			break;
		}
		changed = false;
		for (struct backedge *b = visit->backedges; b; b = b->next) {
			int err = bv_propagate_precision(env, b->equal, &b->st,
							 &changed);

			if (err)
				return err;
		}
	} while (changed);
	free_backedges(env, visit);
	return 0;
}

int bv_maybe_exit_scc(struct bv_env *env, struct bv_vstate *st)
{
	struct callchain cc;
	struct scc_visit *visit;

	if (!scc_callchain(env, st, &cc))
		return 0;
	visit = visit_lookup(env, &cc);
	if (!visit)
		return st->speculative ? 0 : verifier_bug(env, "scc exit: no visit info");
	if (visit->entry != st)
		return 0;
	if (level2(env))
		log_callchain(env, "exit", &cc);
	visit->entry = NULL;
	env->num_backedges -= visit->num_backedges;
	visit->num_backedges = 0;
	bv_update_peak_states(env);
	return propagate_backedges(env, visit);
}

int bv_add_scc_backedge(struct bv_env *env, struct bv_vstate *old)
{
	struct backedge *b = bv_arena_calloc(&env->arena, sizeof(*b));
	struct scc_visit *visit;
	struct callchain cc;

	if (!b)
		return -ENOMEM;
	if (bv_state_copy_compact(env, &b->st, &env->cur)) {
		bv_arena_free(&env->arena, b);
		return -ENOMEM;
	}
	b->equal = old;
	b->st.insn_idx = old->insn_idx;
	visit = scc_callchain(env, old, &cc) ? visit_lookup(env, &cc) : NULL;
	if (!visit) {
		bv_state_free(env, &b->st);
		bv_arena_free(&env->arena, b);
		return verifier_bug(env, "add backedge: no visit info");
	}
	if (level2(env))
		log_callchain(env, "backedge", &cc);
	b->next = visit->backedges;
	visit->backedges = b;
	visit->num_backedges++;
	env->num_backedges++;
	bv_update_peak_states(env);
	return 0;
}
