/* SPDX-License-Identifier: MIT */
/* The explanation of one rejection: the error line classified by the
 * catalogue, the failing instruction located in the source, and the kind's
 * own account of what, why and how to fix. */
#include "explain/explain.h"
#include "load/program.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bv_xset(char *dst, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(dst, len, fmt, ap);
	va_end(ap);
}

void bv_xwhy(struct bv_xctx *x, int insn, const char *fmt, ...)
{
	struct bv_explanation *e = x->out;
	struct bv_explain_step *s;
	va_list ap;

	if (e->n_why == BV_EXPLAIN_MAX_STEPS)
		return;
	s = &e->why[e->n_why++];
	bv_explain_loc_fill(x->prog, insn, &s->at);
	va_start(ap, fmt);
	vsnprintf(s->text, sizeof(s->text), fmt, ap);
	va_end(ap);
}

const struct bv_reg *bv_xreg(const struct bv_xctx *x, int regno)
{
	if (!x->st || regno < 0 || regno >= BV_MAX_REG)
		return NULL;
	return &x->st->frames[x->st->curframe]->regs[regno];
}

bool bv_xnum(const struct bv_xctx *x, const char *key, long long *v)
{
	const char *p = strstr(x->line, key);
	char *end;

	if (!p)
		return false;
	*v = strtoll(p + strlen(key), &end, 10);
	return end != p + strlen(key);
}

/* The first "R<n>" of the line, as the kernel names registers. */
static int first_regno(const char *line)
{
	for (const char *p = line; (p = strchr(p, 'R')); p++) {
		if ((p == line || p[-1] == ' ' || p[-1] == '\n') &&
		    p[1] >= '0' && p[1] <= '9')
			return atoi(p + 1) <= 10 ? atoi(p + 1) : -1;
	}
	return -1;
}

static void (*const kinds[BV_EXPLAIN_KIND_COUNT])(struct bv_xctx *) = {
	[BV_EXPLAIN_GENERIC] = bv_explain_generic,
	[BV_EXPLAIN_NULL_POINTER] = bv_explain_null,
	[BV_EXPLAIN_SCALAR_POINTER] = bv_explain_scalar_ptr,
	[BV_EXPLAIN_MAP_VALUE_RANGE] = bv_explain_mem_range,
	[BV_EXPLAIN_PACKET_RANGE] = bv_explain_packet,
	[BV_EXPLAIN_UNINIT_REGISTER] = bv_explain_uninit_reg,
	[BV_EXPLAIN_UNINIT_STACK] = bv_explain_uninit_stack,
	[BV_EXPLAIN_CTX_ACCESS] = bv_explain_ctx,
	[BV_EXPLAIN_REFERENCE_LEAK] = bv_explain_ref_leak,
	[BV_EXPLAIN_HELPER_DENIED] = bv_explain_helper_denied,
	[BV_EXPLAIN_RETURN_RANGE] = bv_explain_return,
	[BV_EXPLAIN_INFINITE_LOOP] = bv_explain_loop,
	[BV_EXPLAIN_TOO_COMPLEX] = bv_explain_complex,
	[BV_EXPLAIN_HELPER_ARG_TYPE] = bv_explain_arg_type,
	[BV_EXPLAIN_MAP_HELPER] = bv_explain_map_helper,
	[BV_EXPLAIN_HELPER_SIZE] = bv_explain_helper_size,
	[BV_EXPLAIN_READ_ONLY] = bv_explain_read_only,
	[BV_EXPLAIN_POINTER_ARITH] = bv_explain_ptr_arith,
	[BV_EXPLAIN_POINTER_LEAK] = bv_explain_ptr_leak,
	[BV_EXPLAIN_DIV_ZERO] = bv_explain_div_zero,
	[BV_EXPLAIN_CTX_POINTER] = bv_explain_ctx_ptr,
	[BV_EXPLAIN_STACK_LIMIT] = bv_explain_stack_limit,
	[BV_EXPLAIN_PROGRAM_SHAPE] = bv_explain_shape,
	[BV_EXPLAIN_ALIGNMENT] = bv_explain_alignment,
	[BV_EXPLAIN_SPILL] = bv_explain_spill,
	[BV_EXPLAIN_SHIFT] = bv_explain_shift,
	[BV_EXPLAIN_MAP_USE] = bv_explain_map_use,
	[BV_EXPLAIN_BTF_ACCESS] = bv_explain_btf_access,
	[BV_EXPLAIN_KFUNC_ARG] = bv_explain_kfunc_arg,
	[BV_EXPLAIN_KPTR] = bv_explain_kptr,
	[BV_EXPLAIN_SPECIAL_FIELD] = bv_explain_special_field,
	[BV_EXPLAIN_LOCK_REGION] = bv_explain_lock_region,
	[BV_EXPLAIN_GLOBAL_FUNC] = bv_explain_global_func,
	[BV_EXPLAIN_ATTACH_TARGET] = bv_explain_attach_target,
};

/* Where a rejection before simulation happened: the instruction its
 * message names ("... insn 5 ...", "... from insn 5 to 9"), or none. */
static int insn_named(const char *line)
{
	const char *p = strstr(line, "insn ");

	return p && p[5] >= '0' && p[5] <= '9' ? atoi(p + 5) : -1;
}

void bv_explain(const struct bv_program *prog, const struct bv_vstate *st,
		struct bv_result *res)
{
	struct bv_explanation *e = &res->explanation;
	struct bv_explain_match m;
	struct bv_xctx *x = calloc(1, sizeof(*x));
	int insn;

	memset(e, 0, sizeof(*e));
	if (!x)
		return;
	x->prog = prog;
	x->out = e;
	x->st = st && st->frames[st->curframe] ? st : NULL;
	bv_explain_classify(res->error, &m);
	snprintf(x->line, sizeof(x->line), "%.*s", (int)m.len, m.line);
	snprintf(e->error, sizeof(e->error), "%s", x->line);
	e->kind = m.kind;
	x->error = res->error;
	x->regno = first_regno(x->line);
	if (x->regno < 0)
		x->regno = first_regno(res->error);
	x->reg = bv_xreg(x, x->regno);
	if (x->st)
		bv_path_start(x->st, &x->fail);
	insn = x->st ? x->st->insn_idx : insn_named(x->line);
	bv_explain_loc_fill(prog, insn, &e->where);
	kinds[m.kind](x);
	/* never a rejection without a why */
	if (!e->n_why)
		bv_xwhy(x, insn, "the verifier stopped here: %s", x->line);
	if (!*e->fix)
		XSET(e->fix, "see the kernel's message above");
	free(x);
}
