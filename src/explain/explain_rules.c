/* SPDX-License-Identifier: MIT */
/* Explanations of the rules about operands and the program's shape:
 * helper argument types (check_reg_type, check_map_func_compatibility,
 * check_mem_size_reg), read-only memory, pointer arithmetic
 * (adjust_ptr_min_max_vals), pointer leaks for loaders without
 * CAP_PERFMON, division by zero, the stack's size, the context pointer's
 * offset (__check_ptr_off_reg), and check_cfg's shape rules. */
#include "explain/explain.h"
#include "load/program.h"
#include "verify/env.h"

#include <stdio.h>
#include <string.h>

static const char *callee_at_fail(const struct bv_xctx *x)
{
	int i = x->out->where.insn;

	return i >= 0 && x->prog->insns[i].code == (BV_JMP | BV_CALL)
		       ? bv_xcallee(x, i)
		       : "the helper";
}

/* check_reg_type: "R1 type=fp expected=ctx" */
void bv_explain_arg_type(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	const char *t = strstr(x->line, "type="),
		   *exp = strstr(x->line, " expected=");
	int tlen = t && exp && exp > t ? (int)(exp - t - 5) : 0;

	XSET(e->what, "argument r%d of %s() is %.*s, but the helper expects %s",
	     x->regno, callee_at_fail(x), tlen, t ? t + 5 : "",
	     exp ? exp + 10 : "another type");
	bv_xwhy_reg(x, x->regno);
	XSET(e->fix,
	     "pass in r%d a value of a type the helper takes (%s), e.g. the "
	     "context "
	     "for a ctx argument, a pointer to a local variable for a memory "
	     "argument",
	     x->regno, exp ? exp + 10 : "see its prototype");
}

/* check_map_func_compatibility */
void bv_explain_map_helper(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	const struct bv_trace_step *o;
	const struct bv_trace *ts[1];
	struct bv_trace t;
	long long type = -1;
	const char *tname, *map = NULL;

	bv_xnum(x, "map_type ", &type);
	tname = bv_map_type_name((uint32_t)type);
	/* the map: where r1 was loaded */
	bv_xtrace(x, 1, &t);
	o = bv_trace_origin(&t);
	if (o && o->kind == BV_TRACE_LD_IMM64) {
		int idx = bv_program_map_for_ldimm(x->prog, (size_t)o->insn);

		map = idx >= 0 ? bv_program_map_at(x->prog, idx)->name : NULL;
	}
	XSET(e->what, "%s() cannot be used with map %s, of type %s",
	     callee_at_fail(x), map ? map : "(r1)", tname ? tname : "?");
	ts[0] = &t;
	bv_xwhy_traces(x, ts, 1);
	bv_xwhy(x, e->where.insn,
		"each map type serves its own set of helpers");
	XSET(e->fix,
	     "use the helpers a %s map serves (a prog_array is for "
	     "bpf_tail_call(), a "
	     "perf_event_array for bpf_perf_event_output(), a ringbuf for "
	     "bpf_ringbuf_*()), or a map type %s() accepts",
	     tname ? tname : "map of this type", callee_at_fail(x));
}

/* check_map_access_type, check_mem_access on MEM_RDONLY, the frame
 * pointer (check_reg_arg on BPF_REG_FP as a destination) */
void bv_explain_read_only(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;

	if (strstr(x->line, "frame pointer")) {
		XSET(e->what, "the instruction writes r10, the frame pointer, "
			      "which is read-only");
		bv_xwhy(x, e->where.insn,
			"r10 always points to the top of this function's "
			"stack");
		XSET(e->fix, "copy r10 to another register and change the copy "
			     "(`r1 = r10; r1 += -8`)");
		return;
	}
	if (strstr(x->line, "write into map forbidden"))
		XSET(e->what,
		     "the program writes into a map value it may only read");
	else
		XSET(e->what,
		     "the program writes through r%d, a pointer to %s, which "
		     "is read-only",
		     bv_xmem_base(x),
		     strstr(x->line, "cannot write into ") + 18);
	bv_xwhy_reg(x, bv_xmem_base(x));
	bv_xwhy(x, e->where.insn,
		"maps loaded with BPF_F_RDONLY_PROG (.rodata, const globals) "
		"and "
		"the values of some map types (devmap, xskmap, ...) are "
		"read-only "
		"to programs, as are sockets and read-only helper memory");
	XSET(e->fix, "write to a copy in a local variable, or keep writable "
		     "data in a writable "
		     "map (.data/.bss instead of const, an array or hash map)");
}

/* adjust_ptr_min_max_vals and adjust_reg_min_max_vals on pointers */
void bv_explain_ptr_arith(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	const struct bv_insn *in =
		e->where.insn >= 0 ? &x->prog->insns[e->where.insn] : NULL;
	int src = in && BV_SRC(in->code) == BV_X ? in->src_reg : -1;
	const struct bv_reg *off = bv_xreg(x, src);

	if (strstr(x->line, "unbounded min value")) {
		XSET(e->what,
		     "r%d, added to a pointer, has no lower bound (%s): the "
		     "result could "
		     "point anywhere before the object",
		     src, off ? XRANGE(&off->s) : "any value");
		bv_xwhy_reg(x, src);
		XSET(e->fix,
		     "bound the offset before adding it, as an unsigned value: "
		     "`if (off > MAX) return ...;` or `off &= MASK;`");
		return;
	}
	XSET(e->what, "this operation on a pointer is not allowed: %s",
	     x->line);
	bv_xwhy_reg(x, in ? in->dst_reg : -1);
	if (src >= 0)
		bv_xwhy_reg(x, src);
	XSET(e->fix,
	     "only add or subtract bounded numbers to pointers, with 64-bit "
	     "instructions; keep pointers out of bitwise, multiplicative and "
	     "32-bit "
	     "operations, and compare them only with pointers of the same "
	     "object");
}

/* check_stack_write, check_ptr_alignment..., for CAP_BPF without
 * CAP_PERFMON (allow_ptr_leaks false) */
void bv_explain_ptr_leak(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	const struct bv_reg *r = x->reg;

	XSET(e->what,
	     "the program hands out a kernel address (r%d, %s): a loader "
	     "without "
	     "CAP_PERFMON may not leak pointers (%s)",
	     x->regno, r ? TYPE_NAME(r->type) : "a pointer", x->line);
	bv_xwhy_reg(x, x->regno);
	XSET(e->fix, "store or return data, not the pointer itself (for "
		     "example the value it "
		     "points to), or load the program with CAP_PERFMON");
}

/* check_alu_op: BPF_DIV/BPF_MOD by the constant 0 */
void bv_explain_div_zero(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;

	XSET(e->what, "the instruction divides by the constant 0");
	bv_xwhy(x, e->where.insn,
		"a division or modulo by an immediate 0 is refused outright");
	XSET(e->fix,
	     "divide by a nonzero constant (a division by a register that is 0 "
	     "at run "
	     "time is allowed: it yields 0, or the dividend for a modulo)");
}

/* check_mem_size_reg: the size argument of a helper's memory */
void bv_explain_helper_size(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	const char *name = callee_at_fail(x);

	if (strstr(x->line, "zero-sized")) {
		XSET(e->what,
		     "%s() would access 0 bytes of memory, which it does not "
		     "accept",
		     name);
		bv_xwhy(x, e->where.insn,
			"a size that may be 0, or a map whose key or value has "
			"no bytes (a queue or stack map's key, a ringbuf map's "
			"value)");
		XSET(e->fix, "make sure the size is at least 1 (`if (len == 0) "
			     "return ...;`), or "
			     "use the map type's own helpers "
			     "(bpf_map_peek_elem() for a queue)");
		return;
	}
	XSET(e->what, "the size passed to %s() in r%d %s (%s)", name, x->regno,
	     strstr(x->line, "negative") ? "may be negative"
					 : "has no upper bound",
	     x->reg ? XRANGE(&x->reg->s) : "unknown");
	bv_xwhy_reg(x, x->regno);
	XSET(e->fix, "bound the size before the call, unsigned: `if (len > "
		     "sizeof(buf)) "
		     "len = sizeof(buf);` or `len &= MASK;`");
}

/* check_stack_access_within_bounds, check_max_stack_depth */
void bv_explain_stack_limit(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	long long off = 0, size = 0;

	if (bv_xnum(x, "off=", &off) && bv_xnum(x, "size=", &size)) {
		XSET(e->what,
		     "the access of %lld bytes at fp%+lld falls outside the "
		     "stack, which "
		     "spans fp-512 to fp-1",
		     size, off);
		bv_xwhy_reg(x, x->regno);
	} else {
		XSET(e->what, "the stack is too large: %s", x->line);
		bv_xwhy(x, e->where.insn,
			"all frames of one call chain share 512 bytes of "
			"stack, "
			"and calls nest at most 8 deep");
	}
	XSET(e->fix, "keep local variables within 512 bytes per call chain; "
		     "put large buffers "
		     "in a per-CPU array map");
}

/* __check_ptr_off_reg on PTR_TO_CTX */
void bv_explain_ctx_ptr(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;

	XSET(e->what,
	     "the context pointer r%d was moved before this access: the "
	     "context may "
	     "be accessed only at constant offsets from its start (%s)",
	     x->regno, x->line);
	bv_xwhy_reg(x, x->regno);
	XSET(e->fix, "read context fields directly (`ctx->field`), not through "
		     "a pointer moved "
		     "by arithmetic or passed on with an offset");
}

/* check_cfg and check_subprogs: the program's shape */
void bv_explain_shape(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;

	if (strstr(x->line, "unreachable"))
		XSET(e->what,
		     "instruction %d can never run: the verifier refuses dead "
		     "code",
		     e->where.insn);
	else if (strstr(x->line, "last insn")) {
		bv_explain_loc_fill(x->prog, (int)x->prog->n_insns - 1,
				    &e->where);
		XSET(e->what, "the last instruction neither exits nor jumps: "
			      "execution could run "
			      "past the end of the program");
	} else
		XSET(e->what, "a jump goes outside its function: %s", x->line);
	bv_xwhy(x, e->where.insn,
		"every instruction must be reachable and every path must end "
		"in an exit within its own function");
	XSET(e->fix, "compilers do not emit this: check hand-written or "
		     "patched bytecode "
		     "(jump offsets, a missing exit, instructions after the "
		     "last exit)");
}
