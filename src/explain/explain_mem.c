/* SPDX-License-Identifier: MIT */
/* Explanations of memory accesses the verifier refuses (check_mem_access
 * and the region checks of kernel/bpf/verifier.c): maybe-NULL pointers,
 * numbers used as pointers, offsets past a map value or memory region,
 * packet data not range-checked, uninitialised stack, context fields. */
#include "explain/explain.h"
#include "load/program.h"
#include "spec/helpers.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* The trace's comparisons of the traced register with the constant 0 */
static bool compared_with_zero(const struct bv_xctx *x,
			       const struct bv_trace *t)
{
	for (unsigned i = 0; i < t->n; i++)
		if (t->steps[i].kind == BV_TRACE_CMP &&
		    t->steps[i].other_reg < 0 &&
		    x->prog->insns[t->steps[i].insn].imm == 0)
			return true;
	return false;
}

static const char *map_of(const struct bv_xctx *x, const struct bv_reg *reg)
{
	if (!reg || reg->map_idx < 0 || (size_t)reg->map_idx >= x->prog->n_maps)
		return NULL;
	return x->prog->maps[reg->map_idx].name;
}

/* The C variable the source line assigns the call's result to
 * ("struct ip_state *state = bpf_map_lookup_elem(...)": "state"), or "p". */
static const char *assigned_name(const char *src, const char *callee, char *buf,
				 size_t len)
{
	const char *call = strstr(src, callee), *end, *start;

	if (!call || call == src)
		return "p";
	end = call;
	while (end > src && end[-1] == ' ')
		end--;
	if (end == src || end[-1] != '=' ||
	    (end - 1 > src && strchr("=!<>", end[-2])))
		return "p";
	end--;
	while (end > src && end[-1] == ' ')
		end--;
	start = end;
	while (start > src &&
	       (isalnum((unsigned char)start[-1]) || start[-1] == '_'))
		start--;
	if (start == end || (size_t)(end - start) >= len)
		return "p";
	snprintf(buf, len, "%.*s", (int)(end - start), start);
	return buf;
}

/* check_mem_access / check_reg_type on a PTR_MAYBE_NULL register: the
 * pointer must be compared with 0 first (mark_ptr_or_null_regs). */
/* The argument a load at the trace's origin reads from the context of a
 * program typed by its attach target's prototype (ctx[i], 8 bytes each),
 * or -1. */
static int ctx_argument(const struct bv_xctx *x, const struct bv_trace_step *o)
{
	const struct bv_insn *in = &x->prog->insns[o->insn];
	const struct bv_trace_step *base;
	struct bv_trace t;

	if (!bv_prog_has_btf_ctx(x->prog) || BV_CLASS(in->code) != BV_LDX ||
	    in->off < 0 || in->off % 8)
		return -1;
	bv_trace_reg(x->prog, &o->pos, in->src_reg, &t);
	base = bv_trace_origin(&t);
	return base && base->kind == BV_TRACE_ENTRY && base->reg == 1 &&
			       base->pos.depth == 0
		       ? in->off / 8
		       : -1;
}

void bv_explain_null(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	const struct bv_trace_step *o;
	const struct bv_trace *ts[1];
	struct bv_trace t;
	char origin[256] = "a pointer that may be NULL";
	const char *map = map_of(x, x->reg);
	int r = x->regno;

	bv_xtrace(x, r, &t);
	o = bv_trace_origin(&t);
	if (o && o->kind == BV_TRACE_CALL)
		snprintf(origin, sizeof(origin), "the result of %s at %s",
			 bv_xcallee(x, o->insn), XAT(x, o->insn));
	else if (o && o->kind == BV_TRACE_LOAD && ctx_argument(x, o) >= 0)
		snprintf(
			origin, sizeof(origin),
			"argument %d of %s, which the kernel marks as possibly "
			"NULL,",
			ctx_argument(x, o),
			x->prog->attach_name[0] ? x->prog->attach_name
						: "the attach target");
	else if (o && o->kind == BV_TRACE_LOAD)
		snprintf(origin, sizeof(origin),
			 "a pointer loaded at %s, which may be NULL",
			 XAT(x, o->insn));
	XSET(e->what, "r%d may be NULL here: it is %s and was %s", r, origin,
	     compared_with_zero(x, &t) ? "compared with 0 only on another path"
				       : "never compared with 0");
	ts[0] = &t;
	bv_xwhy_traces(x, ts, 1);
	if (map)
		bv_xwhy(x, -1,
			"a lookup in map %s returns NULL when the key is not "
			"in the map",
			map);
	bv_xwhy(x, e->where.insn, "r%d is used here without a NULL check", r);
	if (o && o->kind == BV_TRACE_CALL) {
		struct bv_explain_loc call;
		char var[64];

		bv_explain_loc_fill(x->prog, o->insn, &call);
		XSET(e->fix,
		     "check the pointer right after %s (%s) and before any "
		     "use: "
		     "`if (!%s) return ...;`",
		     bv_xcallee(x, o->insn), XAT(x, o->insn),
		     assigned_name(call.source, bv_xcallee(x, o->insn), var,
				   sizeof(var)));
	} else
		XSET(e->fix, "check the pointer before using it: `if (!p) "
			     "return ...;`");
}

/* A helper call between the value's origin and the failure that may
 * change packet data (clear_all_pkt_pointers turns every packet pointer
 * into an unknown scalar), or -1. */
static int pkt_change_call(const struct bv_xctx *x,
			   const struct bv_trace_step *o)
{
	struct bv_path_pos pos = x->fail;

	while (pos.walked < o->pos.walked && bv_path_prev(x->prog, &pos)) {
		const struct bv_insn *in = &x->prog->insns[pos.insn];

		if (in->code == (BV_JMP | BV_CALL) && in->src_reg == 0 &&
		    bv_helper_changes_pkt_data(in->imm))
			return pos.insn;
	}
	return -1;
}

/* check_mem_access on a SCALAR_VALUE: only pointers the verifier tracks
 * may be dereferenced. */
void bv_explain_scalar_ptr(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	const struct bv_trace_step *o;
	const struct bv_trace *ts[2];
	struct bv_trace t, base = { .n = 0 };
	int r = x->regno;

	if (bv_explain_released(x, r))
		return;
	bv_xtrace(x, r, &t);
	o = bv_trace_origin(&t);
	XSET(e->what,
	     "r%d is used as a pointer, but the verifier knows it only as a "
	     "number (%s)",
	     r, x->reg ? XRANGE(&x->reg->s) : "a scalar");
	/* a load: where the memory it was read from came from */
	if (o && o->kind == BV_TRACE_LOAD &&
	    BV_CLASS(x->prog->insns[o->insn].code) == BV_LDX)
		bv_trace_reg(x->prog, &o->pos, x->prog->insns[o->insn].src_reg,
			     &base);
	ts[0] = &t;
	ts[1] = &base;
	bv_xwhy_traces(x, ts, 2);
	if (x->reg && x->reg->s.umax == 0 && compared_with_zero(x, &t)) {
		XSET(e->what,
		     "r%d is NULL here: this is the branch of the NULL check "
		     "where the "
		     "pointer is 0",
		     r);
		XSET(e->fix,
		     "use the pointer only on the branch where it is not NULL: "
		     "`if (!p) return ...;` and the accesses after it");
	} else if (o && o->kind == BV_TRACE_LOAD &&
		   pkt_change_call(x, o) >= 0) {
		int call = pkt_change_call(x, o);

		bv_xwhy(x, call,
			"%s may change the packet: after it every packet "
			"pointer "
			"(from ctx->data) is an unknown number",
			bv_xcallee(x, call));
		XSET(e->fix,
		     "after %s (%s), load data and data_end from the context "
		     "again and repeat the range check before using the packet",
		     bv_xcallee(x, call), XAT(x, call));
		return;
	} else if (o && o->kind == BV_TRACE_LOAD) {
		bv_xwhy(x, o->insn,
			"a value read from memory (a map value, a context "
			"field, a buffer) "
			"is a number to the verifier, even when it holds an "
			"address");
		XSET(e->fix,
		     "read the memory that address points to with a helper: "
		     "`bpf_probe_read_kernel(&dst, sizeof(dst), ptr)`, or "
		     "`bpf_probe_read_user()` for a user-space buffer");
	} else if (o && o->kind == BV_TRACE_CONST) {
		XSET(e->fix,
		     "r%d is a constant, not an address: dereference only "
		     "pointers "
		     "the verifier tracks (the context, the stack, a map value "
		     "after its "
		     "NULL check, checked packet data)",
		     r);
	} else {
		XSET(e->fix, "dereference only pointers the verifier tracks "
			     "(the context, the stack, "
			     "a map value after its NULL check, checked packet "
			     "data); a pointer "
			     "that went through integer casts or arithmetic "
			     "with unknown values "
			     "becomes a number");
	}
}

/* The scale an index is multiplied by on its way into the offset
 * (r <<= K, r *= K), from its trace. */
static long long index_scale(const struct bv_xctx *x, const struct bv_trace *t)
{
	long long scale = 1;

	for (unsigned i = 0; i < t->n; i++) {
		const struct bv_insn *in = &x->prog->insns[t->steps[i].insn];

		if (t->steps[i].kind != BV_TRACE_ALU ||
		    BV_SRC(in->code) != BV_K)
			continue;
		if (BV_OP(in->code) == BV_LSH && in->imm > 0 && in->imm < 16)
			scale <<= in->imm;
		else if (BV_OP(in->code) == BV_MUL && in->imm > 0 &&
			 in->imm < 65536)
			scale *= in->imm;
	}
	return scale;
}

/* The trace of the register added to the pointer (ptr += idx), and
 * whether a comparison with another register bounded it. */
static bool index_trace(const struct bv_xctx *x, const struct bv_trace *ptr,
			struct bv_trace *idx, bool *by_register)
{
	*by_register = false;
	for (unsigned i = 0; i < ptr->n; i++) {
		const struct bv_trace_step *s = &ptr->steps[i];

		if (s->kind != BV_TRACE_ALU || s->other_reg < 0)
			continue;
		bv_trace_reg(x->prog, &s->pos, s->other_reg, idx);
		for (unsigned j = 0; j < idx->n; j++)
			if (idx->steps[j].kind == BV_TRACE_CMP &&
			    idx->steps[j].other_reg >= 0)
				*by_register = true;
		return true;
	}
	idx->n = 0;
	return false;
}

struct region {
	long long size;	  /* bytes of the value or memory */
	long long fixed;  /* the pointer's constant offset */
	long long ioff;	  /* the instruction's offset */
	long long access; /* bytes accessed */
	const char *what; /* "the 48-byte value of map config_map" */
};

static void region_of(struct bv_xctx *x, struct region *g, char *buf,
		      size_t len)
{
	const struct bv_insn *in = &x->prog->insns[x->out->where.insn];
	const char *map = map_of(x, x->reg);

	g->size = 0;
	if (!bv_xnum(x, "value_size=", &g->size))
		bv_xnum(x, "mem_size=", &g->size);
	if (!bv_xnum(x, " size=", &g->access))
		g->access = (long long)BV_SIZE_BYTES((in)->code);
	g->fixed = x->reg ? x->reg->off : 0;
	g->ioff = in->off;
	if (map && BV_BASE_TYPE(x->reg->type) == BV_PTR_TO_MAP_VALUE) {
		if (!g->size)
			g->size = x->prog->maps[x->reg->map_idx].value_size;
		snprintf(buf, len, "the %lld-byte value of map %s", g->size,
			 map);
	} else {
		if (!g->size && x->reg)
			g->size = x->reg->range;
		snprintf(buf, len, "the %lld-byte memory region", g->size);
	}
	g->what = buf;
}

static void range_fix(struct bv_xctx *x, const struct region *g,
		      long long scale, bool by_register)
{
	long long room = g->size - g->access - g->fixed - g->ioff;

	if (room < 0) {
		XSET(x->out->fix,
		     "the constant part of the offset (%lld) already reaches "
		     "past "
		     "the end of %s: access a field inside it",
		     g->fixed + g->ioff, g->what);
		return;
	}
	XSET(x->out->fix,
	     "compare the index with a constant before the access, so that the "
	     "variable offset stays within 0..%lld: for example `if (idx > "
	     "%lld) "
	     "return ...;`%s%s",
	     room, room / scale,
	     scale > 1 ? " (the index is scaled by its element size)" : "",
	     by_register ? "; a bound taken from another variable only counts "
			   "if that variable "
			   "is itself bounded by a constant"
			 : "");
}

/* check_map_access / check_mem_region_access: the smallest and largest
 * offsets the pointer may have must stay inside the region. */
void bv_explain_mem_range(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	const struct bv_trace *ts[2];
	struct bv_trace ptr, idx;
	struct region g;
	char desc[160];
	bool by_register;
	long long scale, last;

	if (!x->reg || !x->st || e->where.insn < 0) {
		bv_explain_generic(x);
		return;
	}
	region_of(x, &g, desc, sizeof(desc));
	bv_xtrace(x, x->regno, &ptr);
	index_trace(x, &ptr, &idx, &by_register);
	scale = index_scale(x, &idx);
	ts[0] = &ptr;
	ts[1] = &idx;
	if (strstr(x->error, "min value is negative")) {
		XSET(e->what,
		     "the offset added to r%d may be negative (down to %lld), "
		     "before the start of %s",
		     x->regno, (long long)x->reg->s.smin, g.what);
		bv_xwhy_traces(x, ts, 2);
		XSET(e->fix, "use an unsigned type for the index, or check it "
			     "first: `if (idx < 0) return ...;`");
		return;
	}
	if (strstr(x->error, "unbounded memory access")) {
		XSET(e->what,
		     "the offset added to r%d has no upper bound (%s), so the "
		     "access may go past the end of %s",
		     x->regno, XRANGE(&x->reg->s), g.what);
		bv_xwhy_traces(x, ts, 2);
		range_fix(x, &g, scale, by_register);
		return;
	}
	last = g.fixed + (long long)x->reg->s.umax + g.ioff;
	XSET(e->what,
	     "the access may touch bytes %lld..%lld of %s: r%d points %lld "
	     "bytes into it, "
	     "plus a variable offset of %s",
	     last, last + g.access - 1, g.what, x->regno, g.fixed,
	     XRANGE(&x->reg->s));
	bv_xwhy_traces(x, ts, 2);
	if (scale > 1)
		bv_xwhy(x, -1,
			"the variable offset is an index of %llu..%llu times "
			"%lld (the element size)",
			(unsigned long long)(x->reg->s.umin / (uint64_t)scale),
			(unsigned long long)(x->reg->s.umax / (uint64_t)scale),
			scale);
	bv_xwhy(x, e->where.insn,
		"%lld (constant offset) + %llu (largest variable offset) + "
		"%lld "
		"(instruction offset) = %lld, and %lld + %lld bytes > %lld",
		g.fixed, (unsigned long long)x->reg->s.umax, g.ioff, last, last,
		g.access, g.size);
	range_fix(x, &g, scale, by_register);
}

/* check_packet_access: the bytes must be inside the range a comparison
 * with data_end proved (find_good_pkt_pointers). */
void bv_explain_packet(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	const struct bv_trace *ts[1];
	struct bv_trace t;
	long long off = 0, size = 0, range = 0;

	bv_xnum(x, "off=", &off);
	bv_xnum(x, "size=", &size);
	if (!bv_xnum(x, "r=", &range) && x->reg)
		range = x->reg->range;
	XSET(e->what,
	     "the access reads %lld byte%s at offset %lld from the packet "
	     "pointer r%d, "
	     "but only %lld bytes past it were checked against data_end",
	     size, size == 1 ? "" : "s", off, x->regno, range);
	bv_xtrace(x, x->regno, &t);
	ts[0] = &t;
	bv_xwhy_traces(x, ts, 1);
	bv_xwhy(x, -1,
		"a packet pointer may be dereferenced only within the bytes a "
		"comparison "
		"with data_end (ctx->data_end) proved to be in the packet");
	if (x->reg && x->reg->cmp_insn >= 0)
		bv_xwhy(x, x->reg->cmp_insn,
			"the last comparison of r%d on this path proved only "
			"%lld bytes",
			x->regno, range);
	else
		bv_xwhy(x, -1,
			"no comparison with data_end covers r%d on this path",
			x->regno);
	XSET(e->fix,
	     "check the bytes against the packet end before the access: "
	     "`if ((void *)p + %lld > data_end) return ...;` (p being the "
	     "pointer in r%d)",
	     off + size, x->regno);
}

/* check_stack_read / check_stack_range_initialized for a loader without
 * CAP_PERFMON (allow_uninit_stack is false). */
void bv_explain_uninit_stack(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	const struct bv_trace *ts[1];
	struct bv_trace t;
	long long off = 0, size = 0;

	if (!bv_xnum(x, "off=", &off))
		bv_xnum(x, "off ", &off);
	if (!bv_xnum(x, "size=", &size))
		bv_xnum(x, "size ", &size);
	XSET(e->what,
	     "the program reads %lld bytes of the stack at fp%lld that nothing "
	     "wrote on this path",
	     size, off);
	bv_xtrace(x, x->regno, &t);
	ts[0] = &t;
	bv_xwhy_traces(x, ts, 1);
	bv_xwhy(x, e->where.insn,
		"a loader without CAP_PERFMON may read only stack bytes the "
		"program wrote");
	XSET(e->fix,
	     "initialise the variable before reading it or passing it to a "
	     "helper: "
	     "`struct ... v = {};` or `__builtin_memset(&v, 0, sizeof(v));` "
	     "(padding bytes of a struct count too)");
}

/* The context struct of the common program types (the type's
 * bpf_verifier_ops->is_valid_access governs it). */
static const char *ctx_struct(uint32_t prog_type)
{
	static const char *const names[] = {
		[1] = "struct __sk_buff",
		[2] = "struct pt_regs",
		[3] = "struct __sk_buff",
		[4] = "struct __sk_buff",
		[5] = "the tracepoint's record",
		[6] = "struct xdp_md",
		[7] = "struct bpf_perf_event_data",
		[8] = "struct __sk_buff",
		[9] = "struct bpf_sock",
		[13] = "struct bpf_sock_ops",
	};

	return prog_type < sizeof(names) / sizeof(names[0]) && names[prog_type]
		       ? names[prog_type]
		       : "the context";
}

/* check_ctx_access: the program type's is_valid_access refused */
void bv_explain_ctx(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	const char *type = bv_prog_type_name(x->prog->prog_type);
	const struct bv_insn *in =
		e->where.insn >= 0 ? &x->prog->insns[e->where.insn] : NULL;
	bool write = in && BV_CLASS(in->code) != BV_LDX;
	long long off = 0, size = 0;

	bv_xnum(x, "off=", &off);
	bv_xnum(x, "size=", &size);
	XSET(e->what,
	     "the program %s %lld bytes at offset %lld of its context (%s), "
	     "which a %s program may not %s",
	     write ? "writes" : "reads", size, off,
	     ctx_struct(x->prog->prog_type),
	     type ? type : "program of this type", write ? "write" : "read");
	if (x->st) {
		const struct bv_trace *ts[1];
		struct bv_trace t;

		bv_xtrace(x, bv_xmem_base(x), &t);
		ts[0] = &t;
		bv_xwhy_traces(x, ts, 1);
	}
	bv_xwhy(x, e->where.insn,
		"each program type allows its own set of context fields, "
		"each at its declared offset and size; most are read-only");
	XSET(e->fix,
	     "access only the fields of %s this program type allows, with "
	     "their "
	     "declared size (read a __u32 field as 4 bytes), and write only "
	     "the writable ones",
	     ctx_struct(x->prog->prog_type));
}
