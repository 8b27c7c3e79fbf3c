/* SPDX-License-Identifier: MIT */
/* State pruning: an explored state at an instruction that covers the
 * current one proves the current path safe (is_state_visited and
 * states_equal of kernel/bpf/verifier.c, Linux 6.18). */
#include "verify/prune.h"
#include "verify/cfg.h"
#include "verify/env.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define ID_MAP_SIZE (BV_MAX_REG * BV_MAX_CALL_FRAMES + BV_STACK_SLOTS * BV_MAX_CALL_FRAMES)

enum exact_level { NOT_EXACT, EXACT, RANGE_WITHIN };

/* struct bpf_idmap: old ids paired with current ids during one comparison */
struct idmap {
	uint32_t old[ID_MAP_SIZE];
	uint32_t cur[ID_MAP_SIZE];
	uint32_t tmp_id_gen;
};

/* check_ids: ids must correspond one to one */
static bool check_ids(uint32_t old_id, uint32_t cur_id, struct idmap *map)
{
	if (!!old_id != !!cur_id)
		return false;
	if (!old_id)
		return true;
	for (size_t i = 0; i < ID_MAP_SIZE; i++) {
		if (!map->old[i]) {
			map->old[i] = old_id;
			map->cur[i] = cur_id;
			return true;
		}
		if (map->old[i] == old_id)
			return map->cur[i] == cur_id;
		if (map->cur[i] == cur_id)
			return false;
	}
	return false;
}

/* check_scalar_ids: a scalar without an id is unique */
static bool check_scalar_ids(uint32_t old_id, uint32_t cur_id, struct idmap *map)
{
	old_id = old_id ? old_id : ++map->tmp_id_gen;
	cur_id = cur_id ? cur_id : ++map->tmp_id_gen;
	return check_ids(old_id, cur_id, map);
}

static bool range_within(const struct bv_scalar *o, const struct bv_scalar *c)
{
	return o->umin <= c->umin && o->umax >= c->umax && o->smin <= c->smin &&
	       o->smax >= c->smax && o->u32_min <= c->u32_min &&
	       o->u32_max >= c->u32_max && o->s32_min <= c->s32_min &&
	       o->s32_max >= c->s32_max;
}

static bool same_ptr_base(const struct bv_reg *a, const struct bv_reg *b)
{
	return a->type == b->type && a->off == b->off && a->range == b->range &&
	       a->map_idx == b->map_idx && a->btf_id == b->btf_id;
}

/* The fields before "id" in struct bpf_reg_state: type, offset, the
 * type-specific union, the value. */
static bool same_value(const struct bv_reg *a, const struct bv_reg *b)
{
	return same_ptr_base(a, b) && !memcmp(&a->s, &b->s, sizeof(a->s));
}

static bool regs_exact(const struct bv_reg *o, const struct bv_reg *c,
		       struct idmap *map)
{
	return same_value(o, c) && check_ids(o->id, c->id, map) &&
	       check_ids(o->ref_obj_id, c->ref_obj_id, map);
}

static bool scalar_safe(const struct bv_reg *o, const struct bv_reg *c,
			struct idmap *map, enum exact_level exact)
{
	/* only what an explored path relied on must still hold */
	if (!o->precise && exact == NOT_EXACT)
		return true;
	if ((o->id & BV_ID_ADD_CONST) != (c->id & BV_ID_ADD_CONST))
		return false;
	if ((o->id & BV_ID_ADD_CONST) && o->off != c->off)
		return false;
	if (!check_scalar_ids(o->id, c->id, map))
		return false;
	return range_within(&o->s, &c->s) && bv_tnum_in(o->s.var_off, c->s.var_off);
}

/* regsafe */
static bool regsafe(const struct bv_reg *o, const struct bv_reg *c,
		    struct idmap *map, enum exact_level exact)
{
	if (exact == EXACT)
		return regs_exact(o, c, map);
	if (o->type == BV_NOT_INIT &&
	    (exact == NOT_EXACT || c->type == BV_NOT_INIT))
		return true;
	if (o->type != c->type)
		return false;
	switch (BV_BASE_TYPE(o->type)) {
	case BV_SCALAR_VALUE:
		return scalar_safe(o, c, map, exact);
	case BV_PTR_TO_MAP_KEY:
	case BV_PTR_TO_MAP_VALUE:
	case BV_PTR_TO_MEM:
	case BV_PTR_TO_BUF:
	case BV_PTR_TO_TP_BUFFER:
		return same_ptr_base(o, c) && range_within(&o->s, &c->s) &&
		       bv_tnum_in(o->s.var_off, c->s.var_off) &&
		       check_ids(o->id, c->id, map) &&
		       check_ids(o->ref_obj_id, c->ref_obj_id, map);
	case BV_PTR_TO_PACKET_META:
	case BV_PTR_TO_PACKET:
		if (o->range > c->range || o->off != c->off ||
		    !check_ids(o->id, c->id, map))
			return false;
		return range_within(&o->s, &c->s) &&
		       bv_tnum_in(o->s.var_off, c->s.var_off);
	case BV_PTR_TO_STACK:
		return regs_exact(o, c, map) && o->frameno == c->frameno;
	case BV_PTR_TO_ARENA:
		return true;
	default:
		return regs_exact(o, c, map);
	}
}

static bool slot_all_misc(const struct bv_env *env, const struct bv_stack_slot *s)
{
	for (int i = 0; i < BV_SLOT_SIZE; i++)
		if (s->type[i] != BV_STACK_MISC &&
		    !(s->type[i] == BV_STACK_INVALID && env->allow_uninit_stack))
			return false;
	return true;
}

/* scalar_reg_for_stack: a 64-bit spilled scalar, or an unknown one for a
 * slot of MISC bytes, so the two compare as registers */
static const struct bv_reg *scalar_reg_for_stack(const struct bv_env *env,
						 const struct bv_stack_slot *s,
						 const struct bv_reg *unbound)
{
	if (s->type[0] == BV_STACK_SPILL && s->spilled.type == BV_SCALAR_VALUE)
		return &s->spilled;
	if (slot_all_misc(env, s))
		return unbound;
	return NULL;
}

static bool slot_safe(const struct bv_stack_slot *o,
		      const struct bv_stack_slot *c, struct idmap *map,
		      enum exact_level exact)
{
	if (o->type[BV_SLOT_SIZE - 1] == BV_STACK_SPILL)
		return regsafe(&o->spilled, &c->spilled, map, exact);
	return o->type[BV_SLOT_SIZE - 1] == BV_STACK_MISC ||
	       o->type[BV_SLOT_SIZE - 1] == BV_STACK_ZERO ||
	       o->type[BV_SLOT_SIZE - 1] == BV_STACK_INVALID;
}

/* stacksafe: byte by byte over the explored state's stack */
static bool stacksafe(const struct bv_env *env, const struct bv_frame *o,
		      const struct bv_frame *c, struct idmap *map,
		      enum exact_level exact)
{
	struct bv_reg unbound;

	memset(&unbound, 0, sizeof(unbound));
	unbound.type = BV_SCALAR_VALUE;
	unbound.s = bv_scalar_unknown(); /* __mark_reg_unknown_imprecise */
	for (uint32_t i = 0; i < o->allocated_stack; i++) {
		uint32_t spi = i / BV_SLOT_SIZE, b = i % BV_SLOT_SIZE;
		const struct bv_reg *oreg, *creg;
		uint8_t ot = o->stack[spi].type[b];

		if (exact != NOT_EXACT && (i >= c->allocated_stack ||
					   ot != c->stack[spi].type[b]))
			return false;
		if (ot == BV_STACK_INVALID)
			continue;
		if (env->allow_uninit_stack && ot == BV_STACK_MISC)
			continue;
		if (i >= c->allocated_stack)
			return false;
		oreg = scalar_reg_for_stack(env, &o->stack[spi], &unbound);
		creg = scalar_reg_for_stack(env, &c->stack[spi], &unbound);
		if (oreg && creg) {
			if (!regsafe(oreg, creg, map, exact))
				return false;
			i += BV_SLOT_SIZE - 1 - b;
			continue;
		}
		if (ot == BV_STACK_MISC && c->stack[spi].type[b] == BV_STACK_ZERO)
			continue;
		if (ot != c->stack[spi].type[b])
			return false;
		if (b != BV_SLOT_SIZE - 1)
			continue;
		if (!slot_safe(&o->stack[spi], &c->stack[spi], map, exact))
			return false;
	}
	return true;
}

static bool refsafe(const struct bv_vstate *o, const struct bv_vstate *c,
		    struct idmap *map)
{
	if (o->n_refs != c->n_refs ||
	    o->active_rcu_lock != c->active_rcu_lock ||
	    o->active_preempt_locks != c->active_preempt_locks)
		return false;
	for (uint32_t i = 0; i < o->n_refs; i++)
		if (!check_ids(o->refs[i].id, c->refs[i].id, map))
			return false;
	return true;
}

static bool func_states_equal(const struct bv_env *env, const struct bv_frame *o,
			      const struct bv_frame *c, int insn_idx,
			      struct idmap *map, enum exact_level exact)
{
	uint16_t live = env->live_regs ? env->live_regs[insn_idx] : 0xffff;

	for (unsigned i = 0; i < BV_MAX_REG; i++)
		if ((live & (1u << i)) && !regsafe(&o->regs[i], &c->regs[i], map, exact))
			return false;
	return stacksafe(env, o, c, map, exact);
}

/* The instruction a frame is at: the current one for the innermost frame,
 * the call site for the others (frame_insn_idx). */
static int frame_insn_idx(const struct bv_vstate *st, unsigned frame)
{
	return frame == st->curframe ? st->insn_idx
				     : st->frames[frame + 1]->callsite;
}

static bool states_equal(const struct bv_env *env, const struct bv_vstate *o,
			 const struct bv_vstate *c, enum exact_level exact)
{
	struct idmap *map = env->idmap;

	if (o->curframe != c->curframe)
		return false;
	/* reset_idmap_scratch: unique ids for id-less scalars start above
	 * every id in use */
	memset(map, 0, sizeof(*map));
	map->tmp_id_gen = env->id_gen;
	if (o->speculative && !c->speculative)
		return false;
	if (!refsafe(o, c, map))
		return false;
	for (unsigned i = 0; i <= o->curframe; i++) {
		if (o->frames[i]->callsite != c->frames[i]->callsite)
			return false;
		if (!func_states_equal(env, o->frames[i], c->frames[i],
				       frame_insn_idx(o, i), map, exact))
			return false;
	}
	return true;
}

/* The value and identity of two registers are the same (the fields
 * before frameno: two fixed-size compares the compiler inlines) */
static bool same_reg_value(const struct bv_reg *a, const struct bv_reg *b)
{
	const size_t rest = BV_REG_VALUE_BYTES - sizeof(a->s);

	return !memcmp(&a->s, &b->s, sizeof(a->s)) &&
	       !memcmp(&a->type, &b->type, rest);
}

/* states_maybe_looping: the registers of the innermost frame are equal */
static bool states_maybe_looping(const struct bv_vstate *o, const struct bv_vstate *c)
{
	const struct bv_frame *fo, *fc;

	if (o->curframe != c->curframe)
		return false;
	fo = o->frames[o->curframe];
	fc = c->frames[c->curframe];
	for (unsigned i = 0; i < BV_MAX_REG; i++)
		if (!same_reg_value(&fo->regs[i], &fc->regs[i]))
			return false;
	return true;
}

/* maybe_free_verifier_state: an evicted state no path continues from
 * (and no loop still needs) is freed, as the kernel frees it. */
static void maybe_free(struct bv_env *env, struct bv_state_list *sl)
{
	if (!sl->evicted || sl->st.branches || bv_incomplete_read_marks(env, &sl->st))
		return;
	if (sl->prev)
		sl->prev->next = sl->next;
	else
		env->evicted = sl->next;
	if (sl->next)
		sl->next->prev = sl->prev;
	env->explored_states--;
	if (env->prec_memo.parent == &sl->st)
		bv_precision_forget(env);
	bv_state_free(env, &sl->st);
	bv_arena_free(&env->arena, sl);
}

/* st is the current state; its parents are explored states */
int bv_update_branch_counts(struct bv_env *env, struct bv_vstate *st)
{
	for (bool cur = true; st; cur = false) {
		struct bv_vstate *parent;
		int err;

		if (--st->branches)
			break;
		/* every path from st is done: a loop it entered is too */
		err = bv_maybe_exit_scc(env, st);
		if (err)
			return err;
		parent = st->parent;
		if (!cur)
			maybe_free(env, (struct bv_state_list *)((char *)st -
				   offsetof(struct bv_state_list, st)));
		st = parent;
	}
	return 0;
}

static int report_infinite_loop(struct bv_env *env, const struct bv_vstate *old,
				int insn_idx)
{
	/* at level 0 too: the error lines are those of a level-1 log */
	bv_print_linfo(env);
	bv_verbose(env, "infinite loop detected at insn %d\n", insn_idx);
	bv_verbose(env, "cur state:");
	bv_print_verifier_state(env, &env->cur, env->cur.curframe, true);
	bv_verbose(env, "old state:");
	bv_print_verifier_state(env, old, env->cur.curframe, true);
	return -EINVAL;
}

/* The explored state at the head of the list is kept; one that keeps
 * missing is evicted ("the state is unlikely to be useful"). */
static bool count_miss(struct bv_env *env, struct bv_state_list *sl,
		       struct bv_state_list **link, bool add_new_state,
		       int insn_idx)
{
	unsigned n = bv_cfg_has_mark(&env->cfg, (size_t)insn_idx,
				     BV_MARK_FORCE_CHECKPOINT) &&
				     sl->st.branches > 0
			     ? 64
			     : 3;

	if (add_new_state)
		sl->miss_cnt++;
	if (sl->miss_cnt <= sl->hit_cnt * n + n)
		return false;
	/* unlinked; kept while states continuing from it point at it */
	*link = sl->next;
	sl->evicted = true;
	sl->next = env->evicted;
	sl->prev = NULL;
	if (env->evicted)
		env->evicted->prev = sl;
	env->evicted = sl;
	maybe_free(env, sl);
	return true;
}

static void mark_all_scalars_imprecise(struct bv_vstate *st)
{
	for (unsigned f = 0; f <= st->curframe; f++) {
		struct bv_frame *frame = st->frames[f];

		for (unsigned r = 0; r < BV_MAX_REG; r++)
			if (frame->regs[r].type == BV_SCALAR_VALUE)
				frame->regs[r].precise = false;
		for (unsigned s = 0; s < frame->allocated_stack / BV_SLOT_SIZE; s++)
			if (frame->stack[s].type[BV_SLOT_SIZE - 1] == BV_STACK_SPILL &&
			    frame->stack[s].spilled.type == BV_SCALAR_VALUE)
				frame->stack[s].spilled.precise = false;
	}
}

/* explored_state: the states of an instruction are kept in the bucket
 * of the instruction and the innermost frame's call site, which other
 * instructions may share */
static struct bv_state_list **explored_bucket(struct bv_env *env, int insn_idx)
{
	uint32_t key = (uint32_t)(insn_idx ^ env->cur.frames[env->cur.curframe]->callsite);

	return &env->explored[key % env->n_insns];
}

static int add_explored_state(struct bv_env *env, int insn_idx)
{
	struct bv_state_list *sl = bv_arena_calloc(&env->arena, sizeof(*sl));

	if (!sl)
		return -ENOMEM;
	env->total_states++;
	env->explored_states++;
	bv_update_peak_states(env);
	env->prev_jmps_processed = env->jmps_processed;
	env->prev_insn_processed = env->insn_processed;
	mark_all_scalars_imprecise(&env->cur);
	if (bv_state_checkpoint(env, &sl->st, &env->cur)) {
		bv_arena_free(&env->arena, sl);
		return -ENOMEM;
	}
	sl->st.insn_idx = insn_idx;
	sl->next = *explored_bucket(env, insn_idx);
	*explored_bucket(env, insn_idx) = sl;
	/* the current state continues from the checkpoint, with a fresh
	 * jump history */
	env->cur.parent = &sl->st;
	env->cur.first_insn_idx = insn_idx;
	return bv_maybe_enter_scc(env, &sl->st);
}

/* A hit: precision the explored state needed flows into the current
 * state's parents; in a loop still being explored, the current state is
 * kept as a back edge to do that again once the loop is done. */
static int prune_hit(struct bv_env *env, struct bv_vstate *old, bool loop)
{
	int err = 0;

	if (bv_cfg_has_mark(&env->cfg, (size_t)env->insn_idx, BV_MARK_JMP))
		err = bv_push_jmp_history(env, &env->cur, 0, 0);
	if (!err)
		err = bv_propagate_precision(env, old, &env->cur, NULL);
	if (!err && loop)
		err = bv_add_scc_backedge(env, old);
	return err ? err : 1;
}

/* clean_func_state: registers that are not live at the frame's
 * instruction, and stack slots that are dead there, are forgotten, so
 * that states differing only in them compare equal. */
static void clean_func_state(const struct bv_env *env, struct bv_frame *frame,
			     int ip)
{
	uint16_t live = env->live_regs ? env->live_regs[ip] : 0xffff;

	for (unsigned i = 0; i < BV_REG_FP; i++)
		if (!(live & (1u << i)))
			bv_reg_mark_not_init(&frame->regs[i]);
	for (unsigned spi = 0; spi < frame->allocated_stack / BV_SLOT_SIZE; spi++) {
		if (bv_sl_slot_alive(env->sl, frame->frameno, spi))
			continue;
		bv_reg_mark_not_init(&frame->stack[spi].spilled);
		memset(frame->stack[spi].type, BV_STACK_INVALID, BV_SLOT_SIZE);
	}
}

static int clean_verifier_state(struct bv_env *env, struct bv_vstate *st)
{
	struct bv_live_frames lf;
	int err;

	bv_live_frames_of(st, &env->cfg, &lf);
	err = bv_sl_query_init(env->sl, &lf, (uint32_t)st->insn_idx);
	if (err)
		return err;
	st->cleaned = true;
	for (unsigned f = 0; f <= st->curframe; f++)
		clean_func_state(env, st->frames[f], frame_insn_idx(st, f));
	return 0;
}

static bool same_callsites(const struct bv_vstate *a, const struct bv_vstate *b)
{
	if (a->curframe != b->curframe)
		return false;
	for (unsigned f = 0; f <= a->curframe; f++)
		if (a->frames[f]->callsite != b->frames[f]->callsite)
			return false;
	return true;
}

/* clean_live_states: the explored states at insn whose paths all ended
 * are cleaned once, when first compared */
static int clean_live_states(struct bv_env *env, int insn_idx)
{
	for (struct bv_state_list *sl = *explored_bucket(env, insn_idx); sl;
	     sl = sl->next) {
		int err;

		if (sl->st.branches || sl->st.cleaned || sl->st.insn_idx != insn_idx ||
		    !same_callsites(&sl->st, &env->cur) ||
		    bv_incomplete_read_marks(env, &sl->st))
			continue;
		err = clean_verifier_state(env, &sl->st);
		if (err)
			return err;
	}
	return 0;
}

int bv_is_state_visited(struct bv_env *env, int insn_idx)
{
	bool force_new = bv_cfg_has_mark(&env->cfg, (size_t)insn_idx,
					 BV_MARK_FORCE_CHECKPOINT) ||
			 (env->prog->prog_flags & (1u << 3)) || /* test_state_freq */
			 env->cur.hist_cnt > 40; /* bound the jump history */
	bool add_new_state = force_new;
	struct bv_state_list **link = explored_bucket(env, insn_idx);
	uint32_t states_cnt = 0;

	int err;

	if (env->jmps_processed - env->prev_jmps_processed >= 2 &&
	    env->insn_processed - env->prev_insn_processed >= 8)
		add_new_state = true;
	env->cur.insn_idx = insn_idx;
	err = clean_live_states(env, insn_idx);
	if (err)
		return err;
	while (*link) {
		struct bv_state_list *sl = *link;

		states_cnt++;
		if (sl->st.insn_idx != insn_idx) {
			link = &sl->next;
			continue;
		}
		if (sl->st.branches) {
			if (states_maybe_looping(&sl->st, &env->cur) &&
			    states_equal(env, &sl->st, &env->cur, EXACT))
				return report_infinite_loop(env, &sl->st, insn_idx);
			/* a loop: do not save every iteration's state */
			if (!force_new &&
			    env->jmps_processed - env->prev_jmps_processed < 20 &&
			    env->insn_processed - env->prev_insn_processed < 100)
				add_new_state = false;
		} else {
			/* a loop's states compare whole while its marks are
			 * incomplete */
			bool loop = bv_incomplete_read_marks(env, &sl->st);

			if (states_equal(env, &sl->st, &env->cur,
					 loop ? RANGE_WITHIN : NOT_EXACT)) {
				sl->hit_cnt++;
				return prune_hit(env, &sl->st, loop);
			}
		}
		if (!count_miss(env, sl, link, add_new_state, insn_idx))
			link = &sl->next;
	}
	if (env->max_states_per_insn < states_cnt)
		env->max_states_per_insn = states_cnt;
	return add_new_state ? add_explored_state(env, insn_idx) : 0;
}

static void free_list(struct bv_env *env, struct bv_state_list *sl)
{
	bv_precision_forget(env);
	while (sl) {
		struct bv_state_list *next = sl->next;

		bv_state_free(env, &sl->st);
		bv_arena_free(&env->arena, sl);
		sl = next;
	}
}

void bv_explored_clear(struct bv_env *env)
{
	for (size_t i = 0; env->explored && i < env->n_insns; i++) {
		free_list(env, env->explored[i]);
		env->explored[i] = NULL;
	}
	free_list(env, env->evicted);
	env->evicted = NULL;
}

void bv_explored_free(struct bv_env *env)
{
	bv_explored_clear(env);
	free(env->explored);
	env->explored = NULL;
	free(env->idmap);
	env->idmap = NULL;
}

size_t bv_idmap_size(void)
{
	return sizeof(struct idmap);
}
