/* SPDX-License-Identifier: MIT */
/* Explanations of rejections (issue 9): computed once, after a rejection,
 * from the state the verifier keeps at the failing instruction. Nothing
 * here runs on an accepted program or writes to the log. */
#ifndef BV_EXPLAIN_EXPLAIN_H
#define BV_EXPLAIN_EXPLAIN_H

#include "bpfverify.h"
#include "verify/state.h"

struct bv_program;

/* Fills res->explanation for a rejection whose error lines are in
 * res->error. st is the state at the failing instruction, or NULL when
 * the program was rejected before it was simulated. */
void bv_explain(const struct bv_program *prog, const struct bv_vstate *st,
		struct bv_result *res);

/* ---- catalogue.c: the kernel's rejection messages, by pattern ---- */

struct bv_explain_match {
	enum bv_explain_kind kind;
	const char *line; /* the error line that matched (in the error text) */
	size_t len;	  /* its length */
};
/* The explanation kind of a rejection's error lines: the first line that
 * matches an entry of the catalogue, or GENERIC with the last line. */
void bv_explain_classify(const char *error, struct bv_explain_match *m);

/* ---- path.c: the failing path, walked backward ---- */

/* A position on the path: an instruction of a state, with how much of
 * that state's jump history is still ahead of it (get_prev_insn_idx) and
 * the call depth relative to the failing frame (> 0: a callee). */
struct bv_path_pos {
	const struct bv_vstate *st;
	uint32_t history;
	int insn;
	int depth;
	unsigned walked;
};
/* A long loop's path is millions of instructions; an explanation needs
 * only the recent ones. */
#define BV_PATH_MAX_WALK 200000u
void bv_path_start(const struct bv_vstate *st, struct bv_path_pos *pos);
/* Whether the bpf-to-bpf call at insn call was followed by its callee's
 * first instruction next (a global function's call is not). */
bool bv_path_entered_call(const struct bv_program *prog, int call, int next);
/* Moves to the instruction executed before; false at the path's start. */
bool bv_path_prev(const struct bv_program *prog, struct bv_path_pos *pos);

/* ---- trace.c: where a register's value came from ---- */

enum bv_trace_kind {
	BV_TRACE_CALL,	   /* r0 = a helper's or kfunc's result (origin) */
	BV_TRACE_LOAD,	   /* loaded from memory (origin) */
	BV_TRACE_CONST,	   /* a constant (origin) */
	BV_TRACE_LD_IMM64, /* a 64-bit load: map, map value, constant (origin)
			    */
	BV_TRACE_ENTRY, /* set at the entry of the program or function (origin)
			 */
	BV_TRACE_CLOBBER, /* r1-r5 after a call: nothing (origin) */
	BV_TRACE_UNKNOWN, /* the walk ended without an origin */
	BV_TRACE_MOVE,	  /* copied from another register */
	BV_TRACE_SPILL,	  /* stored to the stack ... */
	BV_TRACE_FILL,	  /* ... and read back */
	BV_TRACE_ALU,	  /* changed by arithmetic */
	BV_TRACE_CMP,	  /* compared by a conditional jump */
	BV_TRACE_RETURN,  /* returned by a bpf-to-bpf call */
};

struct bv_trace_step {
	enum bv_trace_kind kind;
	int insn;
	int reg;       /* the register traced at this step */
	int other_reg; /* ALU/CMP: the other register operand, -1: an immediate
			*/
	struct bv_path_pos pos; /* where the step is, to trace other_reg */
};

#define BV_TRACE_MAX 24
struct bv_trace {
	struct bv_trace_step steps[BV_TRACE_MAX]; /* newest first */
	unsigned n;
};

/* The provenance of register regno as the instruction at pos reads it,
 * walking back from pos until an origin. */
void bv_trace_reg(const struct bv_program *prog, const struct bv_path_pos *pos,
		  int regno, struct bv_trace *out);
/* The origin step of a trace (its last one), or NULL when empty. */
const struct bv_trace_step *bv_trace_origin(const struct bv_trace *t);

/* ---- the working context of one explanation (explain.c) ---- */

struct bv_xctx {
	const struct bv_program *prog;
	const struct bv_vstate *st; /* NULL: rejected before simulation */
	struct bv_path_pos fail;    /* the failing instruction (with st) */
	char line[BV_ERROR_LEN];    /* the error line explained */
	const char *error;	    /* all the error lines */
	int regno;		    /* the first "R<n>" it names, -1 */
	const struct bv_reg *reg;   /* that register at the failure, or NULL */
	struct bv_explanation *out;
	char scratch[256]; /* words formatted for one step */
};

__attribute__((format(printf, 3, 4))) void bv_xset(char *dst, size_t len,
						   const char *fmt, ...);
#define XSET(field, ...) bv_xset((field), sizeof(field), __VA_ARGS__)
/* Adds a why step at insn (-1: none) with a printf-style text. */
__attribute__((format(printf, 3, 4))) void bv_xwhy(struct bv_xctx *x, int insn,
						   const char *fmt, ...);
/* Adds the steps of n traces merged in path order, oldest first. */
void bv_xwhy_traces(struct bv_xctx *x, const struct bv_trace *const *t,
		    unsigned n);
/* The trace of register regno as the failing instruction reads it. */
void bv_xtrace(const struct bv_xctx *x, int regno, struct bv_trace *t);
/* Adds the steps of register regno's trace (bv_xtrace). */
void bv_xwhy_reg(struct bv_xctx *x, int regno);
/* The base register of the failing instruction's memory access, -1 */
int bv_xmem_base(const struct bv_xctx *x);
/* loc.c: the instruction, its disassembly and its source line */
void bv_explain_loc_fill(const struct bv_program *prog, int insn,
			 struct bv_explain_loc *loc);
/* "file.c:42" with line info, else "insn 42" */
const char *bv_xat(const struct bv_xctx *x, int insn, char *buf, size_t len);
#define XAT(x, insn) bv_xat((x), (insn), (char[160]){ 0 }, 160)
/* The register's value range, "0..508" or "7" or "any value" */
const char *bv_xrange(const struct bv_scalar *s, char *buf, size_t len);
#define XRANGE(s) bv_xrange((s), (char[96]){ 0 }, 96)
/* A helper's name for the call instruction at insn */
const char *bv_xcallee(const struct bv_xctx *x, int insn);
/* The register's state at the failure in the failing frame, or NULL */
const struct bv_reg *bv_xreg(const struct bv_xctx *x, int regno);
/* Reads the integer after key ("off=") in the error line; false when absent */
bool bv_xnum(const struct bv_xctx *x, const char *key, long long *v);

/* the kinds: explain_mem.c and explain_flow.c */
void bv_explain_null(struct bv_xctx *x);
void bv_explain_scalar_ptr(struct bv_xctx *x);
void bv_explain_mem_range(struct bv_xctx *x);
void bv_explain_packet(struct bv_xctx *x);
void bv_explain_uninit_stack(struct bv_xctx *x);
void bv_explain_ctx(struct bv_xctx *x);
void bv_explain_uninit_reg(struct bv_xctx *x);
void bv_explain_ref_leak(struct bv_xctx *x);
void bv_explain_helper_denied(struct bv_xctx *x);
void bv_explain_return(struct bv_xctx *x);
void bv_explain_loop(struct bv_xctx *x);
void bv_explain_complex(struct bv_xctx *x);
void bv_explain_generic(struct bv_xctx *x);
/* explain_rules.c */
void bv_explain_arg_type(struct bv_xctx *x);
void bv_explain_map_helper(struct bv_xctx *x);
void bv_explain_helper_size(struct bv_xctx *x);
void bv_explain_read_only(struct bv_xctx *x);
void bv_explain_ptr_arith(struct bv_xctx *x);
void bv_explain_ptr_leak(struct bv_xctx *x);
void bv_explain_div_zero(struct bv_xctx *x);
void bv_explain_ctx_ptr(struct bv_xctx *x);
void bv_explain_stack_limit(struct bv_xctx *x);
void bv_explain_shape(struct bv_xctx *x);
/* explain_insn.c */
void bv_explain_alignment(struct bv_xctx *x);
void bv_explain_spill(struct bv_xctx *x);
void bv_explain_shift(struct bv_xctx *x);
void bv_explain_map_use(struct bv_xctx *x);
/* explain_btf.c */
void bv_explain_btf_access(struct bv_xctx *x);
void bv_explain_kfunc_arg(struct bv_xctx *x);
void bv_explain_kptr(struct bv_xctx *x);
void bv_explain_special_field(struct bv_xctx *x);
void bv_explain_lock_region(struct bv_xctx *x);
void bv_explain_global_func(struct bv_xctx *x);
void bv_explain_attach_target(struct bv_xctx *x);
/* Whether the scalar in register regno at the failure was a pointer
 * whose reference a call on the path released: then explained as such
 * (kind USE_AFTER_RELEASE) and true. */
bool bv_explain_released(struct bv_xctx *x, int regno);

#endif
