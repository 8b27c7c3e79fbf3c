/* SPDX-License-Identifier: MIT */
/* Conditional jumps (check_cond_jmp_op and what it calls, and push_stack,
 * kernel/bpf/verifier.c). */
#include "verify/btf_ptr.h"
#include "verify/env.h"

#include <stdlib.h>
#include <string.h>

int bv_push_stack(struct bv_env *env, int insn_idx, int prev_insn_idx)
{
	struct bv_pending *elem;

	if (env->n_pending == env->cap_pending) {
		size_t cap = env->cap_pending ? env->cap_pending * 2 : 16;
		struct bv_pending *grown = realloc(env->pending, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		env->pending = grown;
		env->cap_pending = cap;
	}
	elem = &env->pending[env->n_pending];
	memset(elem, 0, sizeof(*elem));
	elem->insn_idx = insn_idx;
	elem->prev_insn_idx = prev_insn_idx;
	elem->log_pos = env->log.end_pos;
	if (bv_state_copy_compact(env, &elem->st, &env->cur))
		return -ENOMEM;
	if (elem->st.parent)
		elem->st.parent->branches++;
	env->n_pending++;
	if (env->n_pending > BV_COMPLEXITY_LIMIT_JMP_SEQ) {
		bv_verbose(env, "The sequence of %zu jumps is too complex.\n",
			   env->n_pending);
		return -E2BIG;
	}
	return 0;
}

/* sanitize_speculative_path: a loader without CAP_PERFMON must also be
 * safe on the branch the CPU may predict wrongly, with the compared
 * registers unknown there. */
static int push_speculative_path(struct bv_env *env, const struct bv_insn *insn,
				 int next_idx, int curr_idx)
{
	struct bv_reg *regs;
	int err = bv_push_stack(env, next_idx, curr_idx);

	if (err)
		return err;
	env->pending[env->n_pending - 1].st.speculative = true;
	regs = env->pending[env->n_pending - 1].st.frames[env->cur.curframe]->regs;
	bv_reg_mark_unknown(env, &regs[insn->dst_reg]);
	if (BV_SRC(insn->code) == BV_X)
		bv_reg_mark_unknown(env, &regs[insn->src_reg]);
	return 0;
}

#define MAX_VAR_OFF (1ll << 29) /* BPF_MAX_VAR_OFF */

/* reg_not_null: pointer types that are never NULL, unless a variable
 * offset as large as BPF_MAX_VAR_OFF could wrap them to 0 (the 6.18 kernel
 * includes xdp_sock and applies the offset bound: measured) */
static bool reg_not_null(const struct bv_reg *reg)
{
	uint32_t base = BV_BASE_TYPE(reg->type);

	if (reg->type & BV_PTR_MAYBE_NULL)
		return false;
	if (reg->s.smin <= -MAX_VAR_OFF || reg->s.smax >= MAX_VAR_OFF)
		return false;
	return base == BV_PTR_TO_SOCKET || base == BV_PTR_TO_TCP_SOCK ||
	       base == BV_PTR_TO_XDP_SOCK || base == BV_PTR_TO_BUF ||
	       base == BV_PTR_TO_MAP_VALUE || base == BV_PTR_TO_MAP_KEY ||
	       base == BV_PTR_TO_SOCK_COMMON || base == BV_CONST_PTR_TO_MAP ||
	       (base == BV_PTR_TO_BTF_ID && bv_reg_is_trusted(reg)) ||
	       (base == BV_PTR_TO_MEM && !(reg->type & BV_PTR_UNTRUSTED));
}

static bool is_pkt_any(const struct bv_reg *reg)
{
	uint32_t t = reg->type;

	return t == BV_PTR_TO_PACKET || t == BV_PTR_TO_PACKET_META ||
	       t == BV_PTR_TO_PACKET_END;
}

/* flip_opcode: the operation with its operands swapped */
static uint8_t flip_opcode(uint8_t op)
{
	switch (op) {
	case BV_JGT: return BV_JLT;
	case BV_JLT: return BV_JGT;
	case BV_JGE: return BV_JLE;
	case BV_JLE: return BV_JGE;
	case BV_JSGT: return BV_JSLT;
	case BV_JSLT: return BV_JSGT;
	case BV_JSGE: return BV_JSLE;
	case BV_JSLE: return BV_JSGE;
	default: return op;
	}
}

/* A packet pointer known to be at (AT_PKT_END) or past (BEYOND_PKT_END)
 * the end of the packet, from an earlier comparison (mark_pkt_end). */
#define AT_PKT_END (-1)
#define BEYOND_PKT_END (-2)
#define MAX_PACKET_OFF 0xffff

/* is_pkt_ptr_branch_taken */
static int pkt_branch_taken(const struct bv_reg *dst, const struct bv_reg *src,
			    uint8_t op)
{
	const struct bv_reg *pkt;

	if (src->type == BV_PTR_TO_PACKET_END) {
		pkt = dst;
	} else if (dst->type == BV_PTR_TO_PACKET_END) {
		pkt = src;
		op = flip_opcode(op);
	} else {
		return -1;
	}
	if (pkt->range >= 0)
		return -1;
	switch (op) {
	case BV_JLE:
	case BV_JGT:
		if (pkt->range == BEYOND_PKT_END)
			return op == BV_JGT;
		break;
	case BV_JLT:
	case BV_JGE:
		return op == BV_JGE;
	}
	return -1;
}

/* is_branch_taken: 1 always, 0 never, -1 unknown. The 6.18 kernel decides
 * a comparison with a pointer only in the 64-bit form (a non-NULL pointer
 * against 0); the low 32 bits of a valid pointer may be 0, so every JMP32
 * form with a pointer operand explores both sides (measured on 6.18). */
static int branch_taken(const struct bv_reg *a, const struct bv_reg *b,
			uint8_t op, bool jmp32)
{
	if (is_pkt_any(a) && is_pkt_any(b) && !jmp32)
		return pkt_branch_taken(a, b, op);
	if (bv_reg_is_pointer(a) || bv_reg_is_pointer(b)) {
		if (jmp32)
			return -1;
		if (!(b->type == BV_SCALAR_VALUE && bv_scalar_is_const(&b->s, jmp32))) {
			const struct bv_reg *t = a;

			op = flip_opcode(op);
			a = b;
			b = t;
		}
		if (!(b->type == BV_SCALAR_VALUE && bv_scalar_is_const(&b->s, jmp32)))
			return -1;
		if (!reg_not_null(a) || bv_scalar_const_value(&b->s, jmp32) != 0)
			return -1;
		return op == BV_JEQ ? 0 : op == BV_JNE ? 1 : -1;
	}
	return bv_scalar_branch_taken(&a->s, &b->s, op, jmp32);
}


struct null_mark {
	uint32_t id;
	bool is_null;
	bool keep_id; /* reg_may_point_to_spin_lock */
};

/* mark_ptr_not_null_reg: the pointer without PTR_MAYBE_NULL. On the
 * reference build a lookup's result already has the type the map gives it
 * (call.c), so no map turns into another type here. */
void bv_mark_ptr_not_null(struct bv_reg *reg)
{
	reg->type &= ~BV_PTR_MAYBE_NULL;
}

/* mark_ptr_or_null_reg */
static void mark_ptr_or_null(struct bv_reg *reg, void *ctx)
{
	const struct null_mark *m = ctx;

	if (!(reg->type & BV_PTR_MAYBE_NULL) || reg->id != m->id)
		return;
	if (m->is_null) {
		reg->type = BV_SCALAR_VALUE;
		reg->id = 0;
		reg->ref_obj_id = 0;
		return;
	}
	bv_mark_ptr_not_null(reg);
	if (!m->keep_id)
		reg->id = 0;
}

static void release_ref(struct bv_vstate *st, uint32_t id)
{
	for (unsigned i = 0; i < st->n_refs; i++) {
		if (st->refs[i].id != id)
			continue;
		memmove(&st->refs[i], &st->refs[i + 1],
			(st->n_refs - i - 1) * sizeof(st->refs[0]));
		st->n_refs--;
		return;
	}
}

bool bv_reg_may_point_to_spin_lock(const struct bv_env *env,
				   const struct bv_reg *reg)
{
	const struct bv_map_record *rec;

	if (BV_BASE_TYPE(reg->type) != BV_PTR_TO_MAP_VALUE)
		return false;
	rec = bv_env_map_record(env, reg->map_idx);
	for (unsigned i = 0; rec && i < rec->n; i++)
		if (rec->f[i].kind == BV_FIELD_SPIN_LOCK ||
		    rec->f[i].kind == BV_FIELD_RES_SPIN_LOCK)
			return true;
	return false;
}

/* mark_ptr_or_null_regs */
static void mark_ptr_or_null_regs(const struct bv_env *env,
				  struct bv_vstate *st, unsigned regno,
				  bool is_null)
{
	struct bv_reg *reg = &st->frames[st->curframe]->regs[regno];
	struct null_mark m = { .id = reg->id,
			       .is_null = is_null,
			       .keep_id = bv_reg_may_point_to_spin_lock(env,
									reg) };

	if (reg->ref_obj_id && reg->ref_obj_id == reg->id && is_null)
		release_ref(st, reg->id);
	bv_for_each_reg(st, mark_ptr_or_null, &m);
}

struct link_sync {
	const struct bv_reg *known;
};

/* sync_linked_regs: registers sharing the known register's id take its
 * bounds (shifted by their BPF_ADD_CONST offset difference). */
static void sync_linked(struct bv_reg *reg, void *ctx)
{
	const struct bv_reg *known = ((struct link_sync *)ctx)->known;
	uint32_t mask = ~BV_ID_ADD_CONST;

	if (reg->type != BV_SCALAR_VALUE || reg == known ||
	    (reg->id & mask) != (known->id & mask))
		return;
	if ((!(reg->id & BV_ID_ADD_CONST) && !(known->id & BV_ID_ADD_CONST)) ||
	    reg->off == known->off) {
		int32_t def = reg->def_insn;

		*reg = *known;
		reg->def_insn = def;
	} else {
		struct bv_insn add = { .code = BV_ALU64 | BV_ADD | BV_K };
		struct bv_scalar delta =
			bv_scalar_const((uint64_t)(int64_t)(reg->off - known->off));
		int32_t off = reg->off, def = reg->def_insn;
		uint32_t id = reg->id;

		*reg = *known;
		reg->off = off;
		reg->id = id;
		reg->def_insn = def;
		bv_scalar_alu(&reg->s, &delta, &add);
	}
}

/* over the linked scalars collected at the jump only */
static void sync_linked_regs(struct bv_vstate *st, const struct bv_reg *known,
			     const struct bv_linked_regs *linked)
{
	struct link_sync ls = { .known = known };

	bv_linked_regs_for_each(st, linked, sync_linked, &ls);
}

static int cond_jmp_operands(struct bv_env *env, const struct bv_insn *insn,
			     struct bv_reg *fake)
{
	int err = bv_check_reg_arg(env, insn->dst_reg, BV_SRC_OP);

	if (err)
		return err;
	err = bv_check_stage(env, insn, BV_INSN_AFTER_DST);
	if (err)
		return err;
	if (BV_SRC(insn->code) == BV_X)
		return bv_check_reg_arg(env, insn->src_reg, BV_SRC_OP);
	memset(fake, 0, sizeof(*fake));
	fake->type = BV_SCALAR_VALUE;
	fake->map_idx = -1;
	fake->s = bv_scalar_const((uint64_t)(int64_t)insn->imm);
	return 0;
}

/* reg_set_min_max on the two branches' copies of the operands */
static void refine_branches(struct bv_env *env, const struct bv_insn *insn,
			    struct bv_reg *fake, struct bv_vstate *other)
{
	struct bv_reg *regs = bv_cur_regs(env);
	struct bv_reg *oregs = other->frames[other->curframe]->regs;
	bool jmp32 = BV_CLASS(insn->code) == BV_JMP32;
	uint8_t op = BV_OP(insn->code);
	struct bv_reg *fdst = &regs[insn->dst_reg], *tdst = &oregs[insn->dst_reg];
	struct bv_reg fake_copy = *fake;
	struct bv_reg *fsrc, *tsrc;

	if (BV_SRC(insn->code) == BV_X) {
		fsrc = &regs[insn->src_reg];
		tsrc = &oregs[insn->src_reg];
	} else {
		fsrc = &fake_copy;
		tsrc = fake;
	}
	if (fdst->type != BV_SCALAR_VALUE || fsrc->type != BV_SCALAR_VALUE)
		return;
	bv_scalar_branch_refine(&fdst->s, &fsrc->s, op, jmp32, false);
	bv_scalar_branch_refine(&tdst->s, &tsrc->s, op, jmp32, true);
	fdst->cmp_insn = fsrc->cmp_insn = env->insn_idx;
	tdst->cmp_insn = tsrc->cmp_insn = env->insn_idx;
}

static void sync_after_refine(struct bv_env *env, const struct bv_insn *insn,
			      struct bv_vstate *other,
			      const struct bv_linked_regs *linked)
{
	struct bv_reg *regs = bv_cur_regs(env);
	struct bv_reg *oregs = other->frames[other->curframe]->regs;

	if (BV_SRC(insn->code) == BV_X && regs[insn->src_reg].type == BV_SCALAR_VALUE &&
	    regs[insn->src_reg].id) {
		sync_linked_regs(&env->cur, &regs[insn->src_reg], linked);
		sync_linked_regs(other, &oregs[insn->src_reg], linked);
	}
	if (regs[insn->dst_reg].type == BV_SCALAR_VALUE && regs[insn->dst_reg].id) {
		sync_linked_regs(&env->cur, &regs[insn->dst_reg], linked);
		sync_linked_regs(other, &oregs[insn->dst_reg], linked);
	}
}

/* check_cond_jmp_op: where two pointers compare equal (64-bit JEQ/JNE of
 * registers) and one is known non-NULL, the other, if maybe NULL, is
 * non-NULL on the equal branch. Not for BTF pointers, which may be NULL
 * without being marked so. Only that register is marked, not its copies,
 * and it keeps its id. */
static void infer_not_null(struct bv_env *env, const struct bv_insn *insn,
			   struct bv_vstate *other)
{
	struct bv_reg *regs = bv_cur_regs(env);
	const struct bv_reg *dst = &regs[insn->dst_reg], *src = &regs[insn->src_reg];
	uint8_t op = BV_OP(insn->code);
	struct bv_reg *eq;

	if (BV_CLASS(insn->code) == BV_JMP32 || BV_SRC(insn->code) != BV_X ||
	    !bv_reg_is_pointer(dst) || !bv_reg_is_pointer(src) ||
	    BV_BASE_TYPE(dst->type) == BV_PTR_TO_BTF_ID ||
	    BV_BASE_TYPE(src->type) == BV_PTR_TO_BTF_ID)
		return;
	if (op == BV_JEQ)
		eq = other->frames[other->curframe]->regs;
	else if (op == BV_JNE)
		eq = regs;
	else
		return;
	if (reg_not_null(dst) && (src->type & BV_PTR_MAYBE_NULL))
		bv_mark_ptr_not_null(&eq[insn->src_reg]);
	if (reg_not_null(src) && (dst->type & BV_PTR_MAYBE_NULL))
		bv_mark_ptr_not_null(&eq[insn->dst_reg]);
}

/* Null checks: "if rX == 0" on a maybe-NULL pointer settles every copy. */
static void null_check(struct bv_env *env, const struct bv_insn *insn,
		       struct bv_vstate *other)
{
	uint8_t op = BV_OP(insn->code);

	mark_ptr_or_null_regs(env, &env->cur, insn->dst_reg, op == BV_JNE);
	mark_ptr_or_null_regs(env, other, insn->dst_reg, op == BV_JEQ);
}

struct good_pkt {
	uint32_t type;
	uint32_t id;
	int32_t range;
};

static void widen_pkt_range(struct bv_reg *reg, void *ctx)
{
	const struct good_pkt *g = ctx;

	if (reg->type == g->type && reg->id == g->id && reg->range < g->range)
		reg->range = g->range;
}

/* find_good_pkt_pointers: every copy of a packet pointer checked against
 * pkt_end learns how many bytes are known to be in the packet. */
static void find_good_pkt_pointers(struct bv_vstate *st, const struct bv_reg *dst,
				   bool range_right_open)
{
	struct good_pkt g = { .type = dst->type, .id = dst->id, .range = dst->off };

	if (dst->off < 0 || (dst->off == 0 && range_right_open))
		return;
	if (dst->s.umax > MAX_PACKET_OFF ||
	    dst->s.umax + (uint64_t)dst->off > MAX_PACKET_OFF)
		return;
	if (range_right_open)
		g.range++;
	bv_for_each_reg(st, widen_pkt_range, &g);
}

/* mark_pkt_end: on the other side, the pointer is at or past the end */
static void mark_pkt_end(struct bv_vstate *st, unsigned regno, bool range_open)
{
	struct bv_reg *reg = &st->frames[st->curframe]->regs[regno];

	if (reg->type == BV_PTR_TO_PACKET)
		reg->range = range_open ? BEYOND_PKT_END : AT_PKT_END;
}

static bool is_init_pkt_pointer(const struct bv_reg *reg, uint32_t type)
{
	return reg->type == type && !reg->id && !reg->off &&
	       bv_tnum_equals_const(reg->s.var_off, 0);
}

/* The orientation of a packet comparison: "pkt' OP pkt_end" (or "meta' OP
 * pkt") is forward, "pkt_end OP pkt'" (or "pkt OP meta'") is reversed. */
static int pkt_orientation(const struct bv_reg *dst, const struct bv_reg *src)
{
	if ((dst->type == BV_PTR_TO_PACKET && src->type == BV_PTR_TO_PACKET_END) ||
	    (dst->type == BV_PTR_TO_PACKET_META &&
	     is_init_pkt_pointer(src, BV_PTR_TO_PACKET)))
		return 1;
	if ((dst->type == BV_PTR_TO_PACKET_END && src->type == BV_PTR_TO_PACKET) ||
	    (is_init_pkt_pointer(dst, BV_PTR_TO_PACKET) &&
	     src->type == BV_PTR_TO_PACKET_META))
		return -1;
	return 0;
}

/* try_match_pkt_pointers. this is the fall-through state, other the
 * jump's. For each operation: which side learns the range (true: the
 * fall-through side), whether the range is right-open, and the same two
 * for the pkt_end marking of the other side. */
static bool try_match_pkt_pointers(struct bv_env *env, const struct bv_insn *insn,
				   struct bv_vstate *other)
{
	static const struct {
		uint8_t op;
		bool good_here, good_open, end_open;
	} rules[] = {
		{ BV_JGT, true, false, true },
		{ BV_JLT, false, true, false },
		{ BV_JGE, true, true, false },
		{ BV_JLE, false, false, true },
	};
	struct bv_reg *regs = bv_cur_regs(env);
	const struct bv_reg *dst = &regs[insn->dst_reg], *src = &regs[insn->src_reg];
	int dir;

	if (BV_SRC(insn->code) != BV_X || BV_CLASS(insn->code) == BV_JMP32)
		return false;
	dir = pkt_orientation(dst, src);
	if (!dir)
		return false;
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		bool here;
		unsigned ptr;

		if (rules[i].op != BV_OP(insn->code))
			continue;
		/* reversed operands swap which side learns what */
		here = dir > 0 ? rules[i].good_here : !rules[i].good_here;
		ptr = dir > 0 ? insn->dst_reg : insn->src_reg;
		find_good_pkt_pointers(here ? &env->cur : other, &regs[ptr],
				       dir > 0 ? rules[i].good_open : !rules[i].good_open);
		mark_pkt_end(here ? other : &env->cur, ptr,
			     dir > 0 ? rules[i].end_open : !rules[i].end_open);
		return true;
	}
	return false;
}

int bv_check_cond_jmp_op(struct bv_env *env, const struct bv_insn *insn,
			 int *insn_idx)
{
	bool jmp32 = BV_CLASS(insn->code) == BV_JMP32;
	uint8_t op = BV_OP(insn->code);
	struct bv_linked_regs linked;
	struct bv_reg fake;
	struct bv_reg *dst, *src;
	struct bv_vstate *other;
	int pred, err;

	if (op == BV_JCOND) {
		bv_verbose(env, "may_goto is not modelled yet\n");
		return -BV_ENOTSUPP;
	}
	err = cond_jmp_operands(env, insn, &fake);
	if (err)
		return err;
	dst = &bv_cur_regs(env)[insn->dst_reg];
	src = BV_SRC(insn->code) == BV_X ? &bv_cur_regs(env)[insn->src_reg] : &fake;
	if (BV_SRC(insn->code) == BV_X && !(is_pkt_any(dst) && is_pkt_any(src)) &&
	    bv_reg_is_pointer(src) && !env->allow_ptr_leaks) {
		bv_verbose(env, "R%d pointer comparison prohibited\n", insn->src_reg);
		return -EACCES;
	}
	err = bv_push_cond_jmp_flags(env, insn);
	if (err)
		return err;
	pred = branch_taken(dst, src, op, jmp32);
	if (pred == 1 || pred == 0) {
		/* a known outcome relies on the operands' exact values */
		err = bv_mark_cond_operands_precise(env, insn);
		if (err)
			return err;
	}
	if ((pred == 1 || pred == 0) && !env->bypass_spec_v1) {
		err = push_speculative_path(env, insn,
					    pred ? *insn_idx + 1
						 : *insn_idx + insn->off + 1,
					    *insn_idx);
		if (err)
			return err;
	}
	if (pred == 1 || pred == 0) {
		if (env->log.level & (BV_LOG_LEVEL1 | BV_LOG_LEVEL2))
			bv_print_insn_state(env, &env->cur, env->cur.curframe);
		if (pred == 1)
			*insn_idx += insn->off;
		return 0;
	}
	/* both branches share the record of the linked scalars */
	err = bv_push_linked_regs(env, insn, &linked);
	if (err)
		return err;
	err = bv_push_stack(env, *insn_idx + insn->off + 1, *insn_idx);
	if (err)
		return err;
	other = &env->pending[env->n_pending - 1].st;
	refine_branches(env, insn, &fake, other);
	sync_after_refine(env, insn, other, &linked);
	infer_not_null(env, insn, other);
	if (!jmp32 && BV_SRC(insn->code) == BV_K && insn->imm == 0 &&
	    (op == BV_JEQ || op == BV_JNE) && (dst->type & BV_PTR_MAYBE_NULL)) {
		null_check(env, insn, other);
	} else if (!try_match_pkt_pointers(env, insn, other) &&
		   bv_reg_is_pointer(dst) && !env->allow_ptr_leaks) {
		bv_verbose(env, "R%d pointer comparison prohibited\n", insn->dst_reg);
		return -EACCES;
	}
	if (env->log.level & (BV_LOG_LEVEL1 | BV_LOG_LEVEL2))
		bv_print_insn_state(env, &env->cur, env->cur.curframe);
	return 0;
}
