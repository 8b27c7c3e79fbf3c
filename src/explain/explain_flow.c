/* SPDX-License-Identifier: MIT */
/* Explanations of the rules about registers, references, helpers, exits
 * and the program's shape (check_reg_arg, check_reference_leak,
 * check_helper_call, check_return_code, is_state_visited), and
 * the generic form for every other message. */
#include "explain/explain.h"
#include "load/program.h"

#include <stdio.h>
#include <string.h>

/* check_reg_arg: a source register must have been written (!read_ok) */
void bv_explain_uninit_reg(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	struct bv_trace t;
	const struct bv_trace_step *o;
	const struct bv_trace *ts[1];

	if (bv_explain_released(x, x->regno))
		return;
	bv_xtrace(x, x->regno, &t);
	o = bv_trace_origin(&t);
	XSET(e->what, "r%d is read here, but nothing wrote it on this path",
	     x->regno);
	ts[0] = &t;
	bv_xwhy_traces(x, ts, 1);
	if (x->regno == 0 &&
	    x->prog->insns[e->where.insn].code == (BV_JMP | BV_EXIT))
		XSET(e->fix, "set r0, the return value, on every path before "
			     "exit (in C, "
			     "return a value)");
	else if (o && o->kind == BV_TRACE_CLOBBER)
		XSET(e->fix,
		     "a call leaves r1-r5 undefined: keep a value needed after "
		     "a call in "
		     "r6-r9 or on the stack, or set r%d again after the call",
		     x->regno);
	else
		XSET(e->fix,
		     "set r%d before it is read; at a program's entry only r1 "
		     "(the context) "
		     "and r10 (the frame pointer) hold values, at a function's "
		     "entry r1-r5 "
		     "(its arguments) too",
		     x->regno);
}

/* The helper that releases what an acquiring helper returned. */
static const char *release_of(const char *acquire)
{
	if (!acquire)
		return NULL;
	if (strstr(acquire, "sk_lookup") || strstr(acquire, "skc_lookup"))
		return "bpf_sk_release()";
	if (strstr(acquire, "ringbuf_reserve"))
		return "bpf_ringbuf_submit() or bpf_ringbuf_discard()";
	return NULL;
}

/* The source lines the path passes through from insn from to the end. */
static void path_lines(const struct bv_xctx *x, int from, char *buf, size_t len)
{
	unsigned lines[16], n = 0;
	struct bv_path_pos pos = x->fail;
	size_t used = 0;

	buf[0] = '\0';
	do {
		const struct bv_line_info *l =
			bv_linfo_find(x->prog, (size_t)pos.insn);

		if (l && (!n || lines[n - 1] != l->line_num) && n < 16)
			lines[n++] = l->line_num;
		if (pos.insn == from)
			break;
	} while (bv_path_prev(x->prog, &pos));
	for (unsigned i = n; i-- > 0 && used + 12 < len;)
		used += (size_t)snprintf(buf + used, len - used, "%s%u",
					 used ? ", " : "", lines[i]);
}

/* check_reference_leak: every acquired reference must be released (or
 * stored in a map) before the program exits. */
void bv_explain_ref_leak(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	long long alloc = -1;
	const char *acq = NULL, *rel;
	char lines[160];

	bv_xnum(x, "alloc_insn=", &alloc);
	if (alloc >= 0 && (size_t)alloc < x->prog->n_insns &&
	    BV_CLASS(x->prog->insns[alloc].code) == BV_JMP)
		acq = bv_xcallee(x, (int)alloc);
	XSET(e->what,
	     "the reference acquired by %s at %s is still held when the "
	     "program exits at %s",
	     acq ? acq : "a call", XAT(x, (int)alloc), XAT(x, e->where.insn));
	bv_xwhy(x, (int)alloc,
		"%s returns a reference the program must release",
		acq ? acq : "the call");
	path_lines(x, (int)alloc, lines, sizeof(lines));
	if (*lines)
		bv_xwhy(x, e->where.insn,
			"the path that leaks it passes through line%s %s",
			strchr(lines, ',') ? "s" : "", lines);
	else
		bv_xwhy(x, e->where.insn,
			"the program exits here without releasing it");
	rel = release_of(acq);
	XSET(e->fix,
	     "release the reference with %s on this path before returning "
	     "(also "
	     "on early returns)",
	     rel ? rel : "its release helper");
}

/* check_helper_call: the program type's get_func_proto has no such helper */
void bv_explain_helper_denied(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	const char *type = bv_prog_type_name(x->prog->prog_type);
	const char *name = e->where.insn >= 0 ? bv_xcallee(x, e->where.insn)
					      : "the helper";

	XSET(e->what, "%s may not be called by programs of type %s", name,
	     type ? type : "this one");
	bv_xwhy(x, e->where.insn,
		"each program type offers its own set of helpers; %s is not "
		"one of them%s",
		name,
		strstr(x->line, "unknown func")
			? " (or this kernel does not have it)"
			: "");
	XSET(e->fix,
	     "use a helper this program type offers, or a program type "
	     "(section "
	     "name) that may call %s",
	     name);
}

/* check_return_code: R0 must be in the range the program type expects */
void bv_explain_return(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	const struct bv_reg *r0 = bv_xreg(x, 0);
	const char *p = strstr(x->line, "should have been in ");
	char range[64] = "the allowed range";

	if (p)
		snprintf(range, sizeof(range), "%s", p + 20);
	if (r0 && r0->type == BV_SCALAR_VALUE)
		XSET(e->what,
		     "the program may return %s, but its type allows only %s",
		     XRANGE(&r0->s), range);
	else
		XSET(e->what,
		     "the program returns something that is not a number; its "
		     "type allows only %s",
		     range);
	bv_xwhy_reg(x, 0);
	XSET(e->fix,
	     "return a value in %s on every path (a constant such as `return "
	     "1;`, or "
	     "clamp the computed value)",
	     range);
}

/* is_state_visited: a state equal to one seen before at the same
 * instruction, on the same path, never terminates */
void bv_explain_loop(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	struct bv_path_pos pos = x->fail;
	int head = e->where.insn, from = -1;

	while (bv_path_prev(x->prog, &pos)) {
		if (pos.insn >= head && from < 0)
			from = pos.insn;
		if (pos.insn == head)
			break;
	}
	XSET(e->what,
	     "the loop at %s comes back to a state the verifier has already "
	     "seen on "
	     "this path, so it may never end",
	     XAT(x, head));
	if (from >= 0)
		bv_xwhy(x, from,
			"the loop jumps back from here to %s with every "
			"register and "
			"stack slot unchanged",
			XAT(x, head));
	else
		bv_xwhy(x, head, "the loop starts here");
	XSET(e->fix,
	     "make each iteration change the loop condition: count with a "
	     "variable "
	     "compared with a constant bound, or use bpf_loop() / bpf_for()");
}

/* do_check's BPF_COMPLEXITY_LIMIT_INSNS and the jump sequence limit */
void bv_explain_complex(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	long long n = 0;

	if (strstr(x->line, "too large")) {
		bv_xnum(x, "Processed ", &n);
		XSET(e->what,
		     "the verifier gave up after simulating %lld instructions "
		     "(the limit is "
		     "1000000): the program has too many paths to check",
		     n);
	} else {
		XSET(e->what,
		     "too many branches are waiting to be explored at once");
	}
	bv_xwhy(x, e->where.insn,
		"the verifier was exploring this instruction when it stopped; "
		"each branch inside a loop doubles the paths it must walk");
	XSET(e->fix, "lower the loop bounds, move the loop body into a "
		     "bpf_loop() callback "
		     "or a global function, and avoid branches whose outcome "
		     "depends on the "
		     "iteration count");
}

/* Every other message: the kernel's words, where, and the provenance of
 * each register the line names. */
void bv_explain_generic(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	const struct bv_trace *ts[4];
	struct bv_trace t[4];
	unsigned n = 0, seen = 0;

	XSET(e->what, "the verifier refused the instruction at %s: %s",
	     XAT(x, e->where.insn), x->line);
	for (const char *p = x->line; (p = strchr(p, 'R')) && n < 4; p++) {
		int r;

		if ((p != x->line && p[-1] != ' ') || p[1] < '0' || p[1] > '9')
			continue;
		r = p[1] - '0';
		if (p[2] >= '0' && p[2] <= '9')
			r = r * 10 + p[2] - '0';
		if (r > 10 || (seen & (1u << r)))
			continue;
		seen |= 1u << r;
		bv_xtrace(x, r, &t[n]);
		ts[n] = &t[n];
		n++;
	}
	/* no register named: the ones the instruction reads */
	if (!n && e->where.insn >= 0 && x->st) {
		const struct bv_insn *in = &x->prog->insns[e->where.insn];
		int regs[2] = { BV_CLASS(in->code) == BV_LDX ? in->src_reg
							     : in->dst_reg,
				(BV_CLASS(in->code) == BV_STX ||
				 ((BV_CLASS(in->code) == BV_ALU64 ||
				   BV_CLASS(in->code) == BV_ALU ||
				   BV_CLASS(in->code) == BV_JMP ||
				   BV_CLASS(in->code) == BV_JMP32) &&
				  BV_SRC(in->code) == BV_X))
					? in->src_reg
					: -1 };

		for (unsigned i = 0; i < 2; i++) {
			if (regs[i] < 0 || regs[i] == BV_REG_FP ||
			    (i && regs[1] == regs[0]) ||
			    in->code == (BV_JMP | BV_CALL) ||
			    in->code == (BV_JMP | BV_EXIT))
				continue;
			bv_xtrace(x, regs[i], &t[n]);
			ts[n] = &t[n];
			n++;
		}
	}
	bv_xwhy_traces(x, ts, n);
	XSET(e->fix, "see the kernel's message: %s", x->line);
}
