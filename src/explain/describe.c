/* SPDX-License-Identifier: MIT */
/* The words for a value's provenance: each step of a trace (trace.c) as a
 * sentence, and register values as ranges. */
#include "explain/explain.h"
#include "load/program.h"
#include "spec/helpers.h"

#include <inttypes.h>
#include <stdio.h>

const char *bv_xrange(const struct bv_scalar *s, char *buf, size_t len)
{
	if (s->umin == s->umax)
		snprintf(buf, len, "%" PRIu64, s->umin);
	else if (s->umax <= (uint64_t)INT64_MAX)
		snprintf(buf, len, "%" PRIu64 "..%" PRIu64, s->umin, s->umax);
	else if (s->smin > INT64_MIN || s->smax < INT64_MAX)
		snprintf(buf, len, "%" PRId64 "..%" PRId64, s->smin, s->smax);
	else
		snprintf(buf, len, "any value");
	return buf;
}

const char *bv_xcallee(const struct bv_xctx *x, int insn)
{
	const struct bv_insn *in = &x->prog->insns[insn];
	const char *name;

	if (in->src_reg == BV_PSEUDO_CALL)
		return "a function";
	if (in->src_reg == BV_PSEUDO_KFUNC_CALL) {
		name = bv_program_kfunc_name(x->prog, in);
		return name ? name : "a kfunc";
	}
	name = bv_helper_name(in->imm);
	return name ? name : "a helper";
}

/* What a load of each size can yield, unless the memory is a known constant */
static const char *const load_words[] = {
	[BV_W >> 3] = "4 bytes: 0..4294967295",
	[BV_H >> 3] = "2 bytes: 0..65535",
	[BV_B >> 3] = "1 byte: 0..255",
	[BV_DW >> 3] = "8 bytes: any value",
};

/* Where the other operand of a comparison came from, in a few words. */
static const char *other_origin(struct bv_xctx *x,
				const struct bv_trace_step *s)
{
	static const char *const words[] = {
		[BV_TRACE_CALL] = "returned by a call",
		[BV_TRACE_LOAD] = "loaded from memory",
		[BV_TRACE_CONST] = "a constant",
		[BV_TRACE_LD_IMM64] = "a 64-bit constant",
		[BV_TRACE_ENTRY] = "an argument",
		[BV_TRACE_CLOBBER] = "undefined",
		[BV_TRACE_UNKNOWN] = "of unknown origin",
	};
	struct bv_trace t;
	const struct bv_trace_step *o;

	bv_trace_reg(x->prog, &s->pos, s->other_reg, &t);
	o = bv_trace_origin(&t);
	if (!o || o->kind > BV_TRACE_UNKNOWN)
		return "computed";
	if (o->insn < 0)
		return words[o->kind];
	snprintf(x->scratch, sizeof(x->scratch), "%s at %s", words[o->kind],
		 XAT(x, o->insn));
	return x->scratch;
}

static void describe(struct bv_xctx *x, const struct bv_trace_step *s)
{
	const struct bv_insn *in =
		s->insn >= 0 ? &x->prog->insns[s->insn] : NULL;

	switch (s->kind) {
	case BV_TRACE_CALL:
		bv_xwhy(x, s->insn, "r0 is the result of the call %s()",
			bv_xcallee(x, s->insn));
		break;
	case BV_TRACE_LOAD:
		if (BV_CLASS(in->code) == BV_LD)
			bv_xwhy(x, s->insn,
				"r0 was loaded from the packet (a legacy "
				"packet load)");
		else if (BV_CLASS(in->code) == BV_STX)
			bv_xwhy(x, s->insn,
				"r%d was set by an atomic operation on memory",
				s->reg);
		else
			bv_xwhy(x, s->insn,
				"r%d was loaded from memory through r%d (%s)",
				s->reg, in->src_reg,
				load_words[BV_SIZE(in->code) >> 3]);
		break;
	case BV_TRACE_CONST:
		if (s->reg < 0)
			bv_xwhy(x, s->insn,
				"the constant %d was stored at fp%d", in->imm,
				in->off);
		else
			bv_xwhy(x, s->insn, "r%d was set to the constant %d",
				s->reg, in->imm);
		break;
	case BV_TRACE_LD_IMM64:
		bv_xwhy(x, s->insn, "r%d was set by a 64-bit load (%s)", s->reg,
			in->src_reg ? "a map or its value" : "a constant");
		break;
	case BV_TRACE_ENTRY:
		if (s->insn >= 0) { /* the entry of a function called here */
			bv_xwhy(x, s->insn,
				"r%d holds nothing at the entry of the "
				"function "
				"called here",
				s->reg);
			break;
		}
		bv_xwhy(x, -1,
			s->reg == 1
				? "r1 holds the context at the function's entry"
			: s->reg == BV_REG_FP ? "r10 is the frame pointer"
			: s->reg < 0 ? "nothing was stored at that stack slot "
				       "since the function's entry"
				     : "nothing wrote r%d since the function's "
				       "entry",
			s->reg);
		break;
	case BV_TRACE_CLOBBER:
		bv_xwhy(x, s->insn,
			"the call here leaves r%d undefined (calls clobber "
			"r1-r5)",
			s->reg);
		break;
	case BV_TRACE_UNKNOWN:
		bv_xwhy(x, -1, "the path is too long to follow further");
		break;
	case BV_TRACE_MOVE:
		bv_xwhy(x, s->insn, "r%d was copied from r%d", in->dst_reg,
			in->src_reg);
		break;
	case BV_TRACE_SPILL:
		bv_xwhy(x, s->insn, "r%d was saved to the stack at fp%d",
			in->src_reg, in->off);
		break;
	case BV_TRACE_FILL:
		bv_xwhy(x, s->insn, "r%d was read back from the stack at fp%d",
			in->dst_reg, in->off);
		break;
	case BV_TRACE_ALU:
		bv_xwhy(x, s->insn, "r%d was changed by arithmetic", s->reg);
		break;
	case BV_TRACE_CMP:
		if (s->other_reg >= 0)
			bv_xwhy(x, s->insn,
				"r%d was compared with r%d (%s), which is not "
				"a "
				"constant: it bounds r%d only as far as r%d is "
				"bounded",
				s->reg, s->other_reg, other_origin(x, s),
				s->reg, s->other_reg);
		else
			bv_xwhy(x, s->insn,
				"r%d was compared with the constant %d", s->reg,
				in->imm);
		break;
	case BV_TRACE_RETURN:
		bv_xwhy(x, s->insn, "r0 was returned by the called function");
		break;
	}
}

void bv_xwhy_traces(struct bv_xctx *x, const struct bv_trace *const *t,
		    unsigned n)
{
	const struct bv_trace_step *last = NULL;
	unsigned next[8] = { 0 };

	/* steps further from the failure came first; each trace lists its
	 * steps nearest first */
	for (unsigned i = 0; i < n && i < 8; i++)
		next[i] = t[i]->n;

	for (;;) {
		const struct bv_trace_step *best = NULL;
		unsigned which = 0;

		for (unsigned i = 0; i < n && i < 8; i++) {
			const struct bv_trace_step *s =
				next[i] ? &t[i]->steps[next[i] - 1] : NULL;

			if (s && (!best || s->pos.walked > best->pos.walked)) {
				best = s;
				which = i;
			}
		}
		if (!best)
			return;
		next[which]--;
		/* two traces that meet share their older steps */
		if (!last || last->insn != best->insn ||
		    last->kind != best->kind || last->reg != best->reg)
			describe(x, best);
		last = best;
	}
}

void bv_xtrace(const struct bv_xctx *x, int regno, struct bv_trace *t)
{
	t->n = 0;
	if (x->st && regno >= 0)
		bv_trace_reg(x->prog, &x->fail, regno, t);
}

void bv_xwhy_reg(struct bv_xctx *x, int regno)
{
	const struct bv_trace *ts[1];
	struct bv_trace t;

	bv_xtrace(x, regno, &t);
	ts[0] = &t;
	bv_xwhy_traces(x, ts, 1);
}

int bv_xmem_base(const struct bv_xctx *x)
{
	const struct bv_insn *in;

	if (x->out->where.insn < 0)
		return -1;
	in = &x->prog->insns[x->out->where.insn];
	switch (BV_CLASS(in->code)) {
	case BV_LDX: return in->src_reg;
	case BV_ST:
	case BV_STX: return in->dst_reg;
	default: return -1;
	}
}
