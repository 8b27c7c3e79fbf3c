/* SPDX-License-Identifier: MIT */
/* Explanations of rejections (issue 9): for one program of each class, the
 * kind, what, where, why and fix, with the expected text written by
 * reading the program; the port-knocking seed rebuilt in
 * tests/progs/portknock.bpf.c; the catalogue; and every rejection case of
 * tests/cases has a what, a where and a why. */
#include "bpfverify.h"
#include "check.h"
#include "explain/explain.h"

#include <ftw.h>
#include <stdlib.h>
#include <string.h>

static struct bv_result *verify_prog(bv_program *prog)
{
	struct bv_result *res = calloc(1, sizeof(*res));
	struct bv_options opt = { .log_level = 1,
				  .privilege = bv_program_privilege(prog) };

	if (res)
		bv_verify(prog, &opt, res);
	return res;
}

static struct bv_result *verify_case(const char *path)
{
	struct bv_error err;
	bv_program *prog;
	struct bv_result *res;

	if (bv_program_from_file(path, &prog, &err)) {
		fprintf(stderr, "%s: %s\n", path, err.msg);
		return NULL;
	}
	res = verify_prog(prog);
	bv_program_free(prog);
	return res;
}

/* The compiled tests/progs object NAME, or NULL (skipped) when missing. */
static bv_object *open_prog_obj(const char *name)
{
	static const char *const dirs[] = { "build/san/progs",
					    "build/rel/progs" };
	struct bv_object_options opts = { 0 };
	struct bv_error err;
	bv_object *obj;
	char path[256];

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s.bpf.o", dirs[i], name);
		if (!bv_object_open(path, &opts, &obj, &err))
			return obj;
	}
	printf("explain: %s.bpf.o not built (tools/build-progs.sh): skipped\n",
	       name);
	return NULL;
}

static struct bv_result *verify_obj_prog(bv_object *obj, const char *name)
{
	bv_program *prog = bv_object_find_program(obj, name);

	return prog ? verify_prog(prog) : NULL;
}

/* A why step whose text contains text (and, if line, at that line). */
static bool has_why(const struct bv_explanation *e, unsigned line,
		    const char *text)
{
	for (unsigned i = 0; i < e->n_why; i++)
		if (strstr(e->why[i].text, text) &&
		    (!line || e->why[i].at.line == line))
			return true;
	return false;
}

#define CHECK_HAS(hay, needle)                                                 \
	do {                                                                   \
		if (strstr((hay), (needle))) {                                 \
			check_passed++;                                        \
		} else {                                                       \
			check_failed++;                                        \
			fprintf(stderr, "%s:%d: \"%s\" lacks \"%s\"\n",        \
				__FILE__, __LINE__, (hay), (needle));          \
		}                                                              \
	} while (0)

/* shared/seeds/portknock-verifier-errors.txt, problems 1 and 2, and the fix */
static void test_portknock(void)
{
	bv_object *obj = open_prog_obj("portknock");
	struct bv_result *r;
	const struct bv_explanation *e;

	if (!obj)
		return;
	r = verify_obj_prog(obj, "knock_null");
	CHECK(r && r->verdict == BV_REJECTED);
	e = &r->explanation;
	CHECK(e->kind == BV_EXPLAIN_NULL_POINTER);
	CHECK_STR(e->what, "r0 may be NULL here: it is the result of "
			   "bpf_map_lookup_elem at "
			   "portknock.bpf.c:53 and was never compared with 0");
	CHECK_STR(e->where.file, "portknock.bpf.c");
	CHECK(e->where.line == 55);
	CHECK_STR(e->where.source, "if (state->sequence_step >= seq->length)");
	CHECK_STR(e->where.insn_text, "(71) r1 = *(u8 *)(r0 +0)");
	CHECK(has_why(e, 53,
		      "r0 is the result of the call bpf_map_lookup_elem()"));
	CHECK(has_why(e, 0, "a lookup in map ip_tracking_map returns NULL"));
	CHECK_HAS(e->fix,
		  "right after bpf_map_lookup_elem (portknock.bpf.c:53)");
	CHECK_HAS(e->fix, "`if (!state) return ...;`");
	free(r);

	r = verify_obj_prog(obj, "knock_oob");
	CHECK(r && r->verdict == BV_REJECTED);
	e = &r->explanation;
	CHECK(e->kind == BV_EXPLAIN_MAP_VALUE_RANGE);
	CHECK_STR(e->what, "the access may touch bytes 516..517 of the 48-byte "
			   "value of map "
			   "config_map: r6 points 8 bytes into it, plus a "
			   "variable offset of 0..508");
	CHECK(e->where.line == 72);
	CHECK_STR(e->where.source,
		  "if (port == seq->ports[state->sequence_step])");
	/* state->sequence_step: a byte, bounded only by seq->length */
	CHECK(has_why(e, 70,
		      "r1 was loaded from memory through r0 (1 byte: 0..255)"));
	CHECK(has_why(e, 70,
		      "r1 was compared with r2 (loaded from memory at "
		      "portknock.bpf.c:70), "
		      "which is not a constant"));
	CHECK(has_why(e, 0,
		      "the variable offset is an index of 0..254 times 2"));
	CHECK(has_why(e, 72,
		      "8 (constant offset) + 508 (largest variable offset) + 0 "
		      "(instruction offset) = 516, and 516 + 2 bytes > 48"));
	CHECK_HAS(e->fix, "the variable offset stays within 0..38");
	CHECK_HAS(e->fix, "`if (idx > 19) return ...;`");
	free(r);

	/* the documented fix (also the kernel's verdict: //@ knock_fixed
	 * accept) */
	r = verify_obj_prog(obj, "knock_fixed");
	CHECK(r && r->verdict == BV_ACCEPTED &&
	      r->explanation.kind == BV_EXPLAIN_NONE);
	free(r);
	bv_object_free(obj);
}

struct case_expect {
	const char *path;
	enum bv_explain_kind kind;
	const char *what;
	const char *why; /* a why step's text */
	const char *fix; /* part of the fix */
};

/* Expected texts written from each program's instructions. */
static const struct case_expect cases[] = {
	{ "tests/cases/explain/user-buffer-deref.bpfasm",
	  BV_EXPLAIN_SCALAR_POINTER,
	  "r1 is used as a pointer, but the verifier knows it only as a number "
	  "(any value)",
	  "r1 was loaded from memory through r6 (8 bytes: any value)",
	  "`bpf_probe_read_user()` for a user-space buffer" },
	{ "tests/cases/doc/lookup-one-branch.bpfasm", BV_EXPLAIN_SCALAR_POINTER,
	  "r0 is NULL here: this is the branch of the NULL check where the "
	  "pointer is 0",
	  "r0 was compared with the constant 0",
	  "only on the branch where it is not NULL" },
	{ "tests/cases/ctx/xdp/packet-read-no-check.bpfasm",
	  BV_EXPLAIN_PACKET_RANGE,
	  "the access reads 2 bytes at offset 12 from the packet pointer r2, "
	  "but only 0 bytes "
	  "past it were checked against data_end",
	  "no comparison with data_end covers r2 on this path",
	  "`if ((void *)p + 14 > data_end) return ...;`" },
	{ "tests/cases/helpers/clobbered-r3-after-call.bpfasm",
	  BV_EXPLAIN_UNINIT_REGISTER,
	  "r3 is read here, but nothing wrote it on this path",
	  "the call here leaves r3 undefined (calls clobber r1-r5)",
	  "in r6-r9 or on the stack" },
	{ "tests/cases/doc/no-r0-at-exit.bpfasm", BV_EXPLAIN_UNINIT_REGISTER,
	  "r0 is read here, but nothing wrote it on this path",
	  "nothing wrote r0 since the function's entry",
	  "set r0, the return value" },
	{ "tests/cases/doc/uninit-stack-read.bpfasm", BV_EXPLAIN_UNINIT_STACK,
	  "the program reads 4 bytes of the stack at fp-4 that nothing wrote "
	  "on this path",
	  "a loader without CAP_PERFMON may read only stack bytes the program "
	  "wrote",
	  "initialise the variable" },
	{ "tests/cases/doc/sk-lookup-leak.bpfasm", BV_EXPLAIN_REFERENCE_LEAK,
	  "the reference acquired by bpf_sk_lookup_tcp at insn 7 is still held "
	  "when the "
	  "program exits at insn 9",
	  "bpf_sk_lookup_tcp returns a reference the program must release",
	  "bpf_sk_release()" },
	{ "tests/cases/helpers/xdp-skb-load-bytes.bpfasm",
	  BV_EXPLAIN_HELPER_DENIED,
	  "bpf_skb_load_bytes may not be called by programs of type xdp",
	  "bpf_skb_load_bytes is not one of them",
	  "a program type (section name)" },
	{ "tests/cases/loops/infinite-self-loop.bpfasm",
	  BV_EXPLAIN_INFINITE_LOOP,
	  "the loop at insn 4 comes back to a state the verifier has already "
	  "seen on this "
	  "path, so it may never end",
	  "the loop jumps back from here to insn 4", "bpf_loop()" },
	{ "tests/cases/map-value-bounds/unbounded-u32-access.bpfasm",
	  BV_EXPLAIN_MAP_VALUE_RANGE,
	  "the offset added to r3 has no upper bound (0..4294967295), so the "
	  "access may go "
	  "past the end of the 48-byte value of map a",
	  "r2 was loaded from memory through r3 (4 bytes: 0..4294967295)",
	  "within 0..47: for example `if (idx > 47) return ...;`" },
	{ "tests/cases/helpers/skb-load-bytes-ctx-arg.bpfasm",
	  BV_EXPLAIN_HELPER_ARG_TYPE,
	  "argument r1 of bpf_skb_load_bytes() is fp, but the helper expects "
	  "ctx",
	  "r1 was copied from r10",
	  "pass in r1 a value of a type the helper takes (ctx)" },
	{ "tests/cases/map-func/lookup-prog-array.bpfasm",
	  BV_EXPLAIN_MAP_HELPER,
	  "bpf_map_lookup_elem() cannot be used with map m, of type prog_array",
	  "r1 was set by a 64-bit load",
	  "a prog_array is for bpf_tail_call()" },
	{ "tests/cases/helpers/probe-read-kernel-size-unbounded.bpfasm",
	  BV_EXPLAIN_HELPER_SIZE,
	  "the size passed to bpf_probe_read_kernel() in r2 may be negative "
	  "(any value)",
	  "r2 was loaded from memory through r1 (8 bytes: any value)",
	  "`len &= MASK;`" },
	{ "tests/cases/map-func/devmap-lookup-write.bpfasm",
	  BV_EXPLAIN_READ_ONLY,
	  "the program writes into a map value it may only read",
	  "r0 is the result of the call bpf_map_lookup_elem()",
	  "write to a copy" },
	{ "tests/cases/refs/sk-write-field.bpfasm", BV_EXPLAIN_READ_ONLY,
	  "the program writes through r0, a pointer to sock, which is "
	  "read-only",
	  "r0 is the result of the call bpf_sk_lookup_tcp()",
	  "write to a copy" },
	{ "tests/cases/alu/mov-to-fp.bpfasm", BV_EXPLAIN_READ_ONLY,
	  "the instruction writes r10, the frame pointer, which is read-only",
	  "r10 always points to the top of this function's stack",
	  "`r1 = r10; r1 += -8`" },
	{ "tests/cases/map-value-bounds/unbounded-min-math.bpfasm",
	  BV_EXPLAIN_POINTER_ARITH,
	  "r2, added to a pointer, has no lower bound (any value): the result "
	  "could point "
	  "anywhere before the object",
	  "r2 was loaded from memory through r3", "`off &= MASK;`" },
	{ "tests/cases/privilege/return-map-value-bpf.bpfasm",
	  BV_EXPLAIN_POINTER_LEAK,
	  "the program hands out a kernel address (r0, map_value): a loader "
	  "without CAP_PERFMON "
	  "may not leak pointers (R0 leaks addr as return value)",
	  "r0 was set by a 64-bit load", "not the pointer itself" },
	{ "tests/cases/div/div-imm-zero.bpfasm", BV_EXPLAIN_DIV_ZERO,
	  "the instruction divides by the constant 0", "an immediate 0",
	  "divide by a nonzero constant" },
	{ "tests/cases/ctx/socket_filter/modified-ctx-deref.bpfasm",
	  BV_EXPLAIN_CTX_POINTER,
	  "the context pointer r1 was moved before this access: the context "
	  "may be accessed "
	  "only at constant offsets from its start (dereference of modified "
	  "ctx ptr R1 off=4 "
	  "disallowed)",
	  "r1 was changed by arithmetic", "(`ctx->field`)" },
	{ "tests/cases/doc/stack-out-of-bounds.bpfasm", BV_EXPLAIN_STACK_LIMIT,
	  "the access of 8 bytes at fp+8 falls outside the stack, which spans "
	  "fp-512 to fp-1",
	  "r10 is the frame pointer", "per-CPU array map" },
	{ "tests/cases/doc/unreachable.bpfasm", BV_EXPLAIN_PROGRAM_SHAPE,
	  "instruction 1 can never run: the verifier refuses dead code",
	  "every instruction must be reachable",
	  "hand-written or patched bytecode" },
	{ "tests/cases/branch/last-insn-not-exit.bpfasm",
	  BV_EXPLAIN_PROGRAM_SHAPE,
	  "the last instruction neither exits nor jumps: execution could run "
	  "past the end of "
	  "the program",
	  "every path must end in an exit", "a missing exit" },
	/* a packet pointer a callee's bpf_skb_pull_data invalidated */
	{ "tests/cases/pkt-invalidate/subprog-callee-invalidates-caller.bpfasm",
	  BV_EXPLAIN_SCALAR_POINTER,
	  "r7 is used as a pointer, but the verifier knows it only as a number "
	  "(any value)",
	  "bpf_skb_pull_data may change the packet",
	  "load data and data_end from the context again" },
	/* r0 of a callee that never set it, traced through its exit */
	{ "tests/cases/cfg/subprog-r0-uninit.bpfasm",
	  BV_EXPLAIN_UNINIT_REGISTER,
	  "r0 is read here, but nothing wrote it on this path",
	  "r0 holds nothing at the entry of the function called here",
	  "set r0, the return value" },
	/* generic: the kernel's words and the provenance of the operands
	 * (r1, an argument, traced into the caller) */
	{ "tests/cases/spill/caller-frame-fp-arg.bpfasm", BV_EXPLAIN_GENERIC,
	  "the verifier refused the instruction at insn 7: cannot spill "
	  "pointers "
	  "to stack into stack frame of the caller",
	  "r1 was copied from r10", "see the kernel's message" },
	{ "tests/cases/ptr-type-mismatch/sock-then-ctx-load.bpfasm",
	  BV_EXPLAIN_GENERIC,
	  "the verifier refused the instruction at insn 17: same insn cannot "
	  "be used with "
	  "different pointers",
	  "r2 was copied from r6", "see the kernel's message" },
};

static void test_cases(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct case_expect *c = &cases[i];
		struct bv_result *r = verify_case(c->path);

		CHECK(r && r->verdict == BV_REJECTED);
		if (!r)
			continue;
		if (r->explanation.kind != c->kind)
			fprintf(stderr, "%s: kind %s\n", c->path,
				bv_explain_kind_name(r->explanation.kind));
		CHECK(r->explanation.kind == c->kind);
		CHECK_STR(r->explanation.what, c->what);
		if (!has_why(&r->explanation, 0, c->why))
			fprintf(stderr, "%s: no why step \"%s\"\n", c->path,
				c->why);
		CHECK(has_why(&r->explanation, 0, c->why));
		CHECK_HAS(r->explanation.fix, c->fix);
		free(r);
	}
}

/* Programs with BTF line info: the context class and the return range. */
static void test_prog_classes(void)
{
	bv_object *obj = open_prog_obj("ctx_write_bad");
	struct bv_result *r;

	if (obj) {
		r = verify_obj_prog(obj, "write_mark");
		CHECK(r && r->explanation.kind == BV_EXPLAIN_CTX_ACCESS);
		CHECK_STR(r->explanation.what,
			  "the program writes 4 bytes at offset 8 of its "
			  "context (struct __sk_buff), which a socket_filter "
			  "program may not write");
		CHECK(r->explanation.where.line == 9);
		CHECK_STR(r->explanation.where.source, "skb->mark = 1;");
		free(r);
		bv_object_free(obj);
	}
	obj = open_prog_obj("sec_cgroup_bad_ret");
	if (obj) {
		r = verify_obj_prog(obj, "cg_bad_ret");
		CHECK(r && r->explanation.kind == BV_EXPLAIN_RETURN_RANGE);
		CHECK_STR(r->explanation.what, "the program may return 7, but "
					       "its type allows only [0, 1]");
		CHECK(has_why(&r->explanation, 9,
			      "r0 was set to the constant 7"));
		CHECK_HAS(r->explanation.fix,
			  "return a value in [0, 1] on every path");
		free(r);
		bv_object_free(obj);
	}
}

/* Every catalogue class from its message alone, and the limits, whose
 * programs take a million instructions to reach: explained without a
 * state, still with a where and a why. */
static void test_catalogue(void)
{
	static const struct {
		const char *error;
		enum bv_explain_kind kind;
	} lines[] = {
		{ "R3 invalid mem access 'sock_or_null'",
		  BV_EXPLAIN_NULL_POINTER },
		{ "R1 type=map_value_or_null expected=fp",
		  BV_EXPLAIN_NULL_POINTER },
		{ "R1 invalid mem access 'inv'", BV_EXPLAIN_SCALAR_POINTER },
		{ "invalid access to packet, off=0 size=4, R2(id=0,off=0,r=0)\n"
		  "R2 offset is outside of the packet",
		  BV_EXPLAIN_PACKET_RANGE },
		{ "invalid access to memory, mem_size=8 off=8 size=1",
		  BV_EXPLAIN_MAP_VALUE_RANGE },
		{ "R2 !read_ok", BV_EXPLAIN_UNINIT_REGISTER },
		{ "invalid read from stack R2 off -8+0 size 8",
		  BV_EXPLAIN_UNINIT_STACK },
		{ "invalid bpf_context access off=76 size=4",
		  BV_EXPLAIN_CTX_ACCESS },
		{ "At program exit the register R0 is not a known value (ctx)",
		  BV_EXPLAIN_RETURN_RANGE },
		{ "The sequence of 8193 jumps is too complex.",
		  BV_EXPLAIN_TOO_COMPLEX },
		{ "div by zero", BV_EXPLAIN_DIV_ZERO },
		{ "R1 pointer comparison prohibited",
		  BV_EXPLAIN_POINTER_ARITH },
		{ "value -4294967168 makes map_value pointer be out of bounds",
		  BV_EXPLAIN_POINTER_ARITH },
		{ "variable ctx access var_off=(0x0; 0x4) disallowed",
		  BV_EXPLAIN_CTX_POINTER },
		{ "same insn cannot be used with different pointers",
		  BV_EXPLAIN_GENERIC },
	};
	static const char text[] = "r0 = 0\nexit\n";
	struct bv_error err;
	bv_program *prog = NULL;

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		struct bv_explain_match m;

		bv_explain_classify(lines[i].error, &m);
		CHECK(m.kind == lines[i].kind);
	}
	CHECK(!bv_program_from_asm(text, sizeof(text) - 1, &prog, &err));
	if (prog) {
		struct bv_result *r = calloc(1, sizeof(*r));

		snprintf(r->error, sizeof(r->error),
			 "BPF program is too large. Processed 1000001 insn");
		bv_explain(prog, NULL, r);
		CHECK(r->explanation.kind == BV_EXPLAIN_TOO_COMPLEX);
		CHECK_STR(
			r->explanation.what,
			"the verifier gave up after simulating 1000001 "
			"instructions (the limit is 1000000): the program has "
			"too many paths to check");
		CHECK(r->explanation.n_why == 1 && *r->explanation.fix);
		free(r);
		bv_program_free(prog);
	}
}

/* ---- every rejection case of the suite ---- */

static unsigned n_rejected, n_static;

static int check_one(const char *path, const struct stat *sb, int type,
		     struct FTW *ftw)
{
	const struct bv_explanation *e;
	struct bv_result *r;
	size_t len = strlen(path);

	(void)sb;
	(void)ftw;
	if (type != FTW_F || len < 7 || strcmp(path + len - 7, ".bpfasm"))
		return 0;
	r = verify_case(path);
	if (!r || r->verdict != BV_REJECTED) {
		free(r);
		return 0;
	}
	n_rejected++;
	e = &r->explanation;
	if (e->where.insn < 0)
		n_static++;
	if (e->kind == BV_EXPLAIN_NONE || !*e->what || !e->n_why || !*e->fix ||
	    !*e->why[0].text) {
		fprintf(stderr, "%s: explanation incomplete (kind %s)\n", path,
			bv_explain_kind_name(e->kind));
		check_failed++;
	} else {
		check_passed++;
	}
	free(r);
	return 0;
}

static void test_all_cases(void)
{
	nftw("tests/cases", check_one, 16, FTW_PHYS);
	CHECK(n_rejected > 100);
	printf("explain: %u rejection cases explained (%u rejected before "
	       "simulation, "
	       "located by the program as a whole or the instruction their "
	       "message names)\n",
	       n_rejected, n_static);
}

int main(void)
{
	test_portknock();
	test_cases();
	test_prog_classes();
	test_catalogue();
	test_all_cases();
	return check_summary("explain");
}
