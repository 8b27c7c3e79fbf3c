/* SPDX-License-Identifier: MIT */
/* kernel/bpf/liveness.c of Linux 6.18, and compute_postorder of
 * kernel/bpf/verifier.c which orders its iterations (the order shows in
 * the level-2 log).
 *
 * Where the kernel reports reads and writes (for the main loop):
 *   bv_sl_mark_write: check_stack_write_fixed_off, when the store covers a
 *     whole aligned slot (off % 8 == 0 and size 8); the stores that create
 *     or destroy dynptr, iterator and irq-flag slots.
 *   bv_sl_mark_read: check_stack_read_fixed_off (the slot of off, whatever
 *     the size); check_stack_range_initialized, each slot of a range a
 *     helper or kfunc reads (not for raw-mode, uninitialised arguments);
 *     mark_stack_slot_obj_read (dynptr, iterator, irq-flag arguments). */
#include "verify/stack_liveness.h"

#include "load/program.h"
#include "verify/liveness.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define N_BUCKETS 256
#define DISCOVERED 1u
#define EXPLORED 2u

/* A call chain: the call instruction of each frame below curframe, and for
 * curframe (whose callsites entry is its start) each subprogram's start. */
struct callchain {
	uint32_t callsites[BV_MAX_CALL_FRAMES];
	uint32_t sp_starts[BV_MAX_CALL_FRAMES];
	uint32_t curframe;
};

struct frame_masks {
	uint64_t may_read;	 /* slots this instruction may read */
	uint64_t must_write;	 /* slots it writes on every visit */
	uint64_t must_write_acc; /* ... it or every path after it writes */
	uint64_t live_before;	 /* ... it or a later one may read */
};

/* struct func_instance: the marks of one subprogram under one call chain,
 * per frame of the chain and per instruction. */
struct instance {
	struct instance *next; /* in its hash bucket */
	struct callchain cc;
	uint32_t insn_cnt;
	bool updated;
	bool must_write_dropped;
	struct frame_masks *frames[BV_MAX_CALL_FRAMES]; /* allocated lazily */
	bool *must_write_set; /* the instruction was committed once */
};

struct bv_stack_liveness {
	const struct bv_program *prog;
	const struct bv_cfg *cfg;
	struct bv_vlog *log;
	uint32_t *postorder; /* each subprogram's instructions, postorder */
	uint32_t *po_start;  /* n_subprogs + 1 entries */
	struct instance *buckets[N_BUCKETS];
	struct instance *cur; /* cur_instance */
	uint64_t write_masks_acc[BV_MAX_CALL_FRAMES];
	uint32_t write_insn_idx;
	/* struct live_stack_query */
	struct instance *query[BV_MAX_CALL_FRAMES];
	uint32_t query_curframe;
	uint32_t query_insn;
};

void bv_live_frames_of(const struct bv_vstate *st, const struct bv_cfg *cfg,
		       struct bv_live_frames *out)
{
	memset(out, 0, sizeof(*out));
	out->curframe = st->curframe;
	for (uint32_t i = 0; i <= st->curframe; i++) {
		out->start[i] = (uint32_t)cfg->subprogs[st->frames[i]->subprogno].start;
		out->callsite[i] = (uint32_t)st->frames[i]->callsite;
	}
}

/* ---- compute_postorder ---- */

static void postorder_of(const struct bv_program *prog, uint32_t start,
			 uint8_t *state, uint32_t *stack, uint32_t *post,
			 uint32_t *cur)
{
	size_t sz = 1;

	stack[0] = start;
	do {
		uint32_t top = stack[sz - 1], succ[2];
		unsigned cnt;

		state[top] |= DISCOVERED;
		if (state[top] & EXPLORED) {
			post[(*cur)++] = top;
			sz--;
			continue;
		}
		cnt = bv_insn_successors(prog, top, succ);
		for (unsigned s = 0; s < cnt; s++) {
			if (!state[succ[s]]) {
				stack[sz++] = succ[s];
				state[succ[s]] |= DISCOVERED;
			}
		}
		state[top] |= EXPLORED;
	} while (sz);
}

static int compute_postorder(struct bv_stack_liveness *sl)
{
	size_t n = sl->prog->n_insns ? sl->prog->n_insns : 1;
	uint8_t *state = calloc(n, 1);
	uint32_t *stack = calloc(n + 1, sizeof(uint32_t)), cur = 0;
	int err = 0;

	sl->postorder = calloc(n, sizeof(uint32_t));
	sl->po_start = calloc(sl->cfg->n_subprogs + 1, sizeof(uint32_t));
	if (!state || !stack || !sl->postorder || !sl->po_start) {
		err = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < sl->cfg->n_subprogs; i++) {
		sl->po_start[i] = cur;
		postorder_of(sl->prog, (uint32_t)sl->cfg->subprogs[i].start,
			     state, stack, sl->postorder, &cur);
	}
	sl->po_start[sl->cfg->n_subprogs] = cur;
out:
	free(state);
	free(stack);
	return err;
}

/* ---- instances ---- */

/* compute_callchain: frames 0..frameno of cur */
static void callchain_of(const struct bv_live_frames *cur, uint32_t frameno,
			 struct callchain *cc)
{
	memset(cc, 0, sizeof(*cc));
	for (uint32_t i = 0; i <= frameno; i++) {
		cc->sp_starts[i] = cur->start[i];
		if (i < cur->curframe)
			cc->callsites[i] = cur->callsite[i + 1];
	}
	cc->curframe = frameno;
	cc->callsites[frameno] = cc->sp_starts[frameno];
}

static uint32_t hash_callchain(const struct callchain *cc)
{
	uint32_t h = 2166136261u;

	for (uint32_t i = 0; i < cc->curframe; i++)
		h = (h ^ cc->callsites[i]) * 16777619u;
	return h % N_BUCKETS;
}

static bool same_callsites(const struct callchain *a, const struct callchain *b)
{
	if (a->curframe != b->curframe)
		return false;
	for (uint32_t i = 0; i <= a->curframe; i++)
		if (a->callsites[i] != b->callsites[i])
			return false;
	return true;
}

static uint32_t subprog_size(const struct bv_cfg *cfg, uint32_t start)
{
	const struct bv_subprog *sp = &cfg->subprogs[bv_cfg_subprog_of(cfg, start)];

	return (uint32_t)(sp->end - sp->start);
}

/* __lookup_instance: finds or makes the instance of cc */
static struct instance *lookup(struct bv_stack_liveness *sl,
			       const struct callchain *cc)
{
	uint32_t key = hash_callchain(cc);
	struct instance *in;

	for (in = sl->buckets[key]; in; in = in->next)
		if (same_callsites(&in->cc, cc))
			return in;
	in = calloc(1, sizeof(*in));
	if (!in)
		return NULL;
	in->insn_cnt = subprog_size(sl->cfg, cc->sp_starts[cc->curframe]);
	in->must_write_set = calloc(in->insn_cnt ? in->insn_cnt : 1, sizeof(bool));
	if (!in->must_write_set) {
		free(in);
		return NULL;
	}
	in->cc = *cc;
	in->next = sl->buckets[key];
	sl->buckets[key] = in;
	return in;
}

static struct instance *lookup_frames(struct bv_stack_liveness *sl,
				      const struct bv_live_frames *st,
				      uint32_t frameno)
{
	struct callchain cc;

	callchain_of(st, frameno, &cc);
	return lookup(sl, &cc);
}

static uint32_t subprog_start(const struct instance *in)
{
	return in->cc.sp_starts[in->cc.curframe];
}

static struct frame_masks *frame_masks(const struct instance *in,
				       uint32_t frame, uint32_t insn)
{
	return in->frames[frame] ? &in->frames[frame][insn - subprog_start(in)]
				 : NULL;
}

static struct frame_masks *alloc_frame_masks(struct instance *in,
					     uint32_t frame, uint32_t insn)
{
	if (!in->frames[frame])
		in->frames[frame] = calloc(in->insn_cnt ? in->insn_cnt : 1,
					   sizeof(struct frame_masks));
	return frame_masks(in, frame, insn);
}

struct bv_stack_liveness *bv_sl_new(const struct bv_program *prog,
				    const struct bv_cfg *cfg,
				    struct bv_vlog *log)
{
	struct bv_stack_liveness *sl = calloc(1, sizeof(*sl));

	if (!sl)
		return NULL;
	sl->prog = prog;
	sl->cfg = cfg;
	sl->log = log;
	if (compute_postorder(sl)) {
		bv_sl_free(sl);
		return NULL;
	}
	return sl;
}

void bv_sl_free(struct bv_stack_liveness *sl)
{
	if (!sl)
		return;
	for (size_t b = 0; b < N_BUCKETS; b++) {
		while (sl->buckets[b]) {
			struct instance *in = sl->buckets[b];

			sl->buckets[b] = in->next;
			for (uint32_t f = 0; f <= in->cc.curframe; f++)
				free(in->frames[f]);
			free(in->must_write_set);
			free(in);
		}
	}
	free(sl->postorder);
	free(sl->po_start);
	free(sl);
}

/* ---- marks ---- */

void bv_sl_reset_callchain(struct bv_stack_liveness *sl)
{
	sl->cur = NULL;
}

/* ensure_cur_instance */
static int ensure_cur(struct bv_stack_liveness *sl,
		      const struct bv_live_frames *cur)
{
	if (!sl->cur)
		sl->cur = lookup_frames(sl, cur, cur->curframe);
	return sl->cur ? 0 : -ENOMEM;
}

/* A read makes the instance worth solving again only if it adds a slot
 * not already live there. */
static int mark_read(struct instance *in, uint32_t frame, uint32_t insn,
		     uint64_t mask)
{
	struct frame_masks *m = alloc_frame_masks(in, frame, insn);
	uint64_t now;

	if (!m)
		return -ENOMEM;
	now = m->may_read | mask;
	if (now != m->may_read && (now | m->live_before) != m->live_before)
		in->updated = true;
	m->may_read = now;
	return 0;
}

int bv_sl_mark_read(struct bv_stack_liveness *sl,
		    const struct bv_live_frames *cur, uint32_t frame,
		    uint32_t insn, uint64_t mask)
{
	int err = ensure_cur(sl, cur);

	return err ? err : mark_read(sl->cur, frame, insn, mask);
}

static void reset_write_marks(struct bv_stack_liveness *sl,
			      const struct instance *in, uint32_t insn)
{
	sl->write_insn_idx = insn;
	for (uint32_t f = 0; f <= in->cc.curframe; f++)
		sl->write_masks_acc[f] = 0;
}

int bv_sl_reset_write_marks(struct bv_stack_liveness *sl,
			    const struct bv_live_frames *cur, uint32_t insn)
{
	int err = ensure_cur(sl, cur);

	if (!err)
		reset_write_marks(sl, sl->cur, insn);
	return err;
}

void bv_sl_mark_write(struct bv_stack_liveness *sl, uint32_t frame,
		      uint64_t mask)
{
	sl->write_masks_acc[frame] |= mask;
}

/* One frame's commit: the first visit sets must_write, later ones
 * intersect. The kernel keeps the old value in a u32, so from the second
 * visit on the slots above 31 (-264 and below) are dropped. */
static int commit_frame(struct bv_stack_liveness *sl, struct instance *in,
			uint32_t frame, uint32_t idx)
{
	uint64_t mask = sl->write_masks_acc[frame];
	struct frame_masks *m;
	uint32_t old;

	if (!mask && !in->must_write_set[idx])
		return 0;
	m = alloc_frame_masks(in, frame, sl->write_insn_idx);
	if (!m)
		return -ENOMEM;
	old = (uint32_t)m->must_write;
	if (in->must_write_set[idx])
		mask &= old;
	if (old != mask) {
		m->must_write = mask;
		in->updated = true;
	}
	if (old & ~mask)
		in->must_write_dropped = true;
	return 0;
}

static int commit_write_marks(struct bv_stack_liveness *sl,
			      struct instance *in)
{
	uint32_t idx;

	if (!in)
		return 0;
	idx = sl->write_insn_idx - subprog_start(in);
	for (uint32_t f = 0; f <= in->cc.curframe; f++) {
		int err = commit_frame(sl, in, f, idx);

		if (err)
			return err;
	}
	in->must_write_set[idx] = true;
	sl->write_insn_idx = 0;
	return 0;
}

int bv_sl_commit_write_marks(struct bv_stack_liveness *sl)
{
	return commit_write_marks(sl, sl->cur);
}

/* ---- the log ---- */

static bool log_level2(const struct bv_stack_liveness *sl)
{
	return sl->log && (sl->log->level & BV_LOG_LEVEL2);
}

/* fmt_callchain: "(8,15,18)" */
static void log_callchain(struct bv_vlog *log, const struct callchain *cc)
{
	bv_vlog(log, "(");
	for (uint32_t i = 0; i <= cc->curframe; i++)
		bv_vlog(log, "%s%u", i ? "," : "", cc->callsites[i]);
	bv_vlog(log, ")");
}

/* bpf_fmt_stack_mask: "-8,-16" */
static void log_stack_mask(struct bv_vlog *log, uint64_t mask)
{
	bool first = true;

	for (int i = 0; i < 64; i++) {
		if (!(mask & (1ull << i)))
			continue;
		bv_vlog(log, "%s%d", first ? "" : ",", -(i + 1) * 8);
		first = false;
	}
}

static void log_mask_change(struct bv_vlog *log, const struct callchain *cc,
			    const char *pfx, uint32_t frame, uint32_t insn,
			    uint64_t old, uint64_t now)
{
	uint64_t changed = old ^ now;

	if (!changed)
		return;
	log_callchain(log, cc);
	bv_vlog(log, " frame %u insn %u ", frame, insn);
	if (now & changed) {
		bv_vlog(log, "+%s ", pfx);
		log_stack_mask(log, now & changed);
		bv_vlog(log, " ");
	}
	if (~now & changed) {
		bv_vlog(log, "-%s ", pfx);
		log_stack_mask(log, ~now & changed);
	}
	bv_vlog(log, "\n");
}

/* ---- solving ---- */

/* update_insn: one step of the data flow; whether anything changed */
static bool update_insn(struct bv_stack_liveness *sl, struct instance *in,
			uint32_t frame, uint32_t insn)
{
	uint32_t succ[2];
	unsigned cnt = bv_insn_successors(sl->prog, insn, succ);
	struct frame_masks *m = frame_masks(in, frame, insn);
	uint64_t after = 0, before, acc = UINT64_MAX;
	bool changed;

	if (!cnt)
		return false;
	for (unsigned s = 0; s < cnt; s++) {
		const struct frame_masks *sm = frame_masks(in, frame, succ[s]);

		after |= sm->live_before;
		acc &= sm->must_write_acc;
	}
	acc |= m->must_write;
	before = (after & ~m->must_write) | m->may_read;
	changed = before != m->live_before || acc != m->must_write_acc;
	/* the kernel logs instructions that touch the stack, the
	 * subprogram's first and the prune points */
	if (log_level2(sl) &&
	    (m->may_read || m->must_write || insn == subprog_start(in) ||
	     bv_cfg_has_mark(sl->cfg, insn, BV_MARK_PRUNE))) {
		log_mask_change(sl->log, &in->cc, "live", frame, insn,
				m->live_before, before);
		log_mask_change(sl->log, &in->cc, "written", frame, insn,
				m->must_write_acc, acc);
	}
	m->live_before = before;
	m->must_write_acc = acc;
	return changed;
}

/* get_outer_instance: the caller's instance */
static struct instance *outer_instance(struct bv_stack_liveness *sl,
				       const struct instance *in)
{
	struct callchain cc = in->cc;

	cc.callsites[cc.curframe] = 0;
	cc.sp_starts[cc.curframe] = 0;
	cc.curframe--;
	cc.callsites[cc.curframe] = cc.sp_starts[cc.curframe];
	return lookup(sl, &cc);
}

/* propagate_to_outer_instance: what the callee reads and surely writes of
 * its callers' frames becomes the call instruction's */
static int propagate_to_outer(struct bv_stack_liveness *sl,
			      const struct instance *in)
{
	struct instance *outer = outer_instance(sl, in);
	uint32_t callsite = in->cc.callsites[in->cc.curframe - 1];

	if (!outer)
		return -ENOMEM;
	reset_write_marks(sl, outer, callsite);
	for (uint32_t f = 0; f < in->cc.curframe; f++) {
		const struct frame_masks *m = frame_masks(in, f, subprog_start(in));
		int err;

		if (!m)
			continue;
		bv_sl_mark_write(sl, f, m->must_write_acc);
		err = mark_read(outer, f, callsite, m->live_before);
		if (err)
			return err;
	}
	return commit_write_marks(sl, outer);
}

/* must_write marks shrank: must_write_acc is recomputed from nothing */
static void reset_write_acc(struct instance *in)
{
	for (uint32_t f = 0; f <= in->cc.curframe; f++)
		for (uint32_t i = 0; in->frames[f] && i < in->insn_cnt; i++)
			in->frames[f][i].must_write_acc = 0;
}

/* update_instance: sweeps the subprogram in postorder until nothing
 * changes */
static int update_instance(struct bv_stack_liveness *sl, struct instance *in)
{
	size_t sp = bv_cfg_subprog_of(sl->cfg, subprog_start(in));
	unsigned iterations = 0;
	bool changed;

	if (in->must_write_dropped)
		reset_write_acc(in);
	do {
		iterations++;
		changed = false;
		for (uint32_t f = 0; f <= in->cc.curframe; f++) {
			if (!in->frames[f])
				continue;
			for (uint32_t i = sl->po_start[sp]; i < sl->po_start[sp + 1]; i++)
				changed |= update_insn(sl, in, f, sl->postorder[i]);
		}
	} while (changed);
	if (log_level2(sl)) {
		log_callchain(sl->log, &in->cc);
		bv_vlog(sl->log, " live stack update done in %u iterations\n",
			iterations);
	}
	return in->cc.curframe ? propagate_to_outer(sl, in) : 0;
}

int bv_sl_update(struct bv_stack_liveness *sl,
		 const struct bv_live_frames *cur)
{
	sl->cur = NULL;
	for (int f = (int)cur->curframe; f >= 0; f--) {
		struct instance *in = lookup_frames(sl, cur, (uint32_t)f);
		int err;

		if (!in)
			return -ENOMEM;
		if (!in->updated)
			continue;
		err = update_instance(sl, in);
		if (err)
			return err;
		in->updated = false;
		in->must_write_dropped = false;
	}
	return 0;
}

/* ---- queries ---- */

int bv_sl_query_init(struct bv_stack_liveness *sl,
		     const struct bv_live_frames *st, uint32_t insn_idx)
{
	memset(sl->query, 0, sizeof(sl->query));
	for (uint32_t f = 0; f <= st->curframe; f++) {
		sl->query[f] = lookup_frames(sl, st, f);
		if (!sl->query[f])
			return -ENOMEM;
	}
	sl->query_curframe = st->curframe;
	sl->query_insn = insn_idx;
	return 0;
}

static bool live_before(const struct instance *in, uint32_t insn,
			uint32_t frameno, uint32_t spi)
{
	const struct frame_masks *m = frame_masks(in, frameno, insn);

	return m && (m->live_before & (1ull << spi));
}

/* Alive if read from the queried instruction on, or, in a caller, after
 * the call (from the call itself when it calls a callback, which may run
 * again). */
bool bv_sl_slot_alive(const struct bv_stack_liveness *sl, uint32_t frameno,
		      uint32_t spi)
{
	const struct instance *top = sl->query[sl->query_curframe];

	if (live_before(top, sl->query_insn, frameno, spi))
		return true;
	for (uint32_t i = frameno; i < sl->query_curframe; i++) {
		uint32_t callsite = top->cc.callsites[i];
		bool cb = bv_cfg_has_mark(sl->cfg, callsite,
					  BV_MARK_CALLS_CALLBACK);

		if (live_before(sl->query[i], cb ? callsite : callsite + 1,
				frameno, spi))
			return true;
	}
	return false;
}
