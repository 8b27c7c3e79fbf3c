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

/* The kinds a test checked with text written from its program; whether
 * a tests/progs object was missing (then not every kind is tested) */
static bool tested[BV_EXPLAIN_KIND_COUNT], progs_missing;

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
	progs_missing = true;
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
	tested[BV_EXPLAIN_NULL_POINTER] |= e->kind == BV_EXPLAIN_NULL_POINTER;
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
	tested[BV_EXPLAIN_MAP_VALUE_RANGE] |=
		e->kind == BV_EXPLAIN_MAP_VALUE_RANGE;
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
	/* r1, the callee's argument, traced into the caller */
	{ "tests/cases/spill/caller-frame-fp-arg.bpfasm", BV_EXPLAIN_SPILL,
	  "the function stores r2, a pointer to the stack, into its caller's "
	  "stack frame (through r1)",
	  "r1 was copied from r10",
	  "keep the pointer in the function's own "
	  "stack" },
	{ "tests/cases/spill/ctx-spill-u32.bpfasm", BV_EXPLAIN_SPILL,
	  "the program stores r1 (ctx) with a 4-byte store to the stack: a "
	  "pointer may be stored only whole, with an 8-byte store",
	  "r1 holds the context at the function's entry",
	  "keep pointers in 64-bit variables" },
	{ "tests/cases/spill/ctx-spill-partial-overwrite-bpf.bpfasm",
	  BV_EXPLAIN_SPILL,
	  "the 4-byte store to fp-8 overwrites part of a pointer spilled "
	  "there: a loader without CAP_PERFMON may not mix a pointer's bytes "
	  "with other data",
	  "r1, a pointer, was spilled to the slot at fp-8",
	  "or load the program with CAP_PERFMON" },
	{ "tests/cases/privilege/w-mov-pointer-bpf.bpfasm", BV_EXPLAIN_SPILL,
	  "`w0 = w1` copies the lower 32 bits of r1, a pointer: a loader "
	  "without CAP_PERFMON may not turn part of an address into a number",
	  "r1 holds the context at the function's entry",
	  "copy pointers with 64-bit moves" },
	{ "tests/cases/spill/misaligned-spill.bpfasm", BV_EXPLAIN_ALIGNMENT,
	  "the 8-byte access at fp-12 is not aligned: on the stack an 8-byte "
	  "access must start at a multiple of 8",
	  "the verifier tracks the stack in 8-byte slots",
	  "use fp-16 or another multiple of 8" },
	{ "tests/cases/doc/lookup-misaligned.bpfasm", BV_EXPLAIN_ALIGNMENT,
	  "the 8-byte access at offset 4 of the map value is not 8-byte "
	  "aligned, and the program is verified with strict alignment",
	  "r0 is the result of the call bpf_map_lookup_elem()",
	  "place the field at an offset that is a multiple of 8" },
	{ "tests/cases/helpers/strtoul-res-misaligned.bpfasm",
	  BV_EXPLAIN_ALIGNMENT,
	  "bpf_strtoul() accesses 8 bytes at fp-20, which is not 8-byte "
	  "aligned: on the stack an 8-byte access must start at a multiple "
	  "of 8",
	  "requires every stack access to be aligned to its size",
	  "use fp-24 or another multiple of 8" },
	{ "tests/cases/shifts/arsh-imm-64.bpfasm", BV_EXPLAIN_SHIFT,
	  "`r0 s>>= 64` shifts by 64, but a 64-bit shift must be by 0..63",
	  "refuses an immediate shift count outside 0..63",
	  "shift by less than 64" },
	{ "tests/cases/shifts/w-lsh-imm-32.bpfasm", BV_EXPLAIN_SHIFT,
	  "`w0 <<= 32` shifts by 32, but a 32-bit shift must be by 0..31",
	  "refuses an immediate shift count outside 0..31",
	  "widen it to __u64 first" },
	{ "tests/cases/doc/invalid-map-fd.bpfasm", BV_EXPLAIN_MAP_USE,
	  "the 64-bit map load at insn 3 names map fd 0, but no map has that "
	  "file descriptor",
	  "libbpf writes it through the relocation of `&map`",
	  "refer to maps by their C name (`&my_map`)" },
	{ "tests/cases/map/direct-value-hash.bpfasm", BV_EXPLAIN_MAP_USE,
	  "the program takes the address of a value of map m directly, which "
	  "only array maps allow; m is a hash map",
	  "global variables (.data, .bss, .rodata) are array maps of one "
	  "value",
	  "look the value up with bpf_map_lookup_elem()" },
	{ "tests/cases/refs/sk-read-after-release.bpfasm",
	  BV_EXPLAIN_USE_AFTER_RELEASE,
	  "r6 is used after its reference was released: it came from "
	  "bpf_sk_lookup_tcp() at insn 7, and bpf_sk_release() at insn 11 "
	  "released it",
	  "r6 was copied from r0",
	  "move bpf_sk_release() after the last use (insn 12)" },
	{ "tests/cases/ringbuf/use-after-submit.bpfasm",
	  BV_EXPLAIN_USE_AFTER_RELEASE,
	  "r6 is used after its reference was released: it came from "
	  "bpf_ringbuf_reserve() at insn 4, and bpf_ringbuf_submit() at insn "
	  "9 released it",
	  "bpf_ringbuf_submit() releases the reference",
	  "move bpf_ringbuf_submit() after the last use" },
	/* generic: the kernel's words and the provenance of the operands */
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
		tested[c->kind] |= r->explanation.kind == c->kind;
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
		tested[BV_EXPLAIN_CTX_ACCESS] |=
			r && r->explanation.kind == BV_EXPLAIN_CTX_ACCESS;
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
		tested[BV_EXPLAIN_RETURN_RANGE] |=
			r && r->explanation.kind == BV_EXPLAIN_RETURN_RANGE;
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

/* The kfunc, kptr, BTF-pointer, global-function and attach-target
 * classes and the user-buffer seed, from BPF C programs with line info. */
struct prog_expect {
	const char *obj, *prog;
	enum bv_explain_kind kind;
	const char *what; /* the start of the what */
	unsigned line;	  /* where (0: not checked) */
	const char *why;  /* a why step's text */
	unsigned why_line;
	const char *fix; /* part of the fix */
};

static const struct prog_expect progs[] = {
	{ "btf_walk", "beyond_struct", BV_EXPLAIN_BTF_ACCESS,
	  "the access of 1 byte at offset 9000 of a struct task_struct goes "
	  "past its end: the struct is ",
	  84, "checked against the struct's layout in the kernel's BTF", 0,
	  "access the struct's fields by name" },
	{ "btf_walk", "write_field", BV_EXPLAIN_BTF_ACCESS,
	  "the program writes through r1, a pointer to a kernel struct "
	  "(trusted_ptr_): the kernel's objects are read-only to this "
	  "program",
	  99, "r1 was loaded from memory through r1", 0,
	  "keep the program's own data in a map" },
	{ "btf_walk", "ptr_member_partial", BV_EXPLAIN_BTF_ACCESS,
	  "the access of 4 bytes at offset 1140 of a struct task_struct falls "
	  "inside its pointer field mm (at offset 1136)",
	  0, "r1 was loaded from memory through r1", 0, "(`p->mm`)" },
	/* (clang's line info puts these two loads on the BPF_PROG line) */
	{ "btf_walk", "nullable_arg", BV_EXPLAIN_NULL_POINTER,
	  "r1 may be NULL here: it is argument 0 of sched_process_wait, which "
	  "the kernel marks as possibly NULL, and was never compared with 0",
	  0, "r1 is used here without a NULL check", 0, "if (!" },
	{ "kfunc_task", "untrusted", BV_EXPLAIN_KFUNC_ARG,
	  "bpf_task_acquire() takes only trusted or RCU-protected pointers, "
	  "but r1 (untrusted_ptr_) is neither",
	  68, "a pointer loaded from a kernel struct's field is untrusted", 68,
	  "between bpf_rcu_read_lock() and bpf_rcu_read_unlock()" },
	{ "kfunc_task", "nullarg", BV_EXPLAIN_KFUNC_ARG,
	  "argument 0 of bpf_task_acquire() may be NULL, but the kfunc "
	  "requires a pointer that is not",
	  101, "r1 was set to the constant 0", 101, "`if (!p) return ...;`" },
	{ "kfunc_task", "release_unacq", BV_EXPLAIN_KFUNC_ARG,
	  "bpf_task_release() releases a reference, but r1 holds a pointer "
	  "the program never acquired",
	  108, "r1 was loaded from memory through r1", 0,
	  "the program's arguments are borrowed, not owned" },
	{ "kfunc_task", "rcu_missing", BV_EXPLAIN_LOCK_REGION,
	  "the program exits while the region opened by bpf_rcu_read_lock() "
	  "is still open",
	  84, "bpf_rcu_read_lock() opens the region here", 86,
	  "call bpf_rcu_read_unlock() on every path before the exit" },
	{ "kfunc_task", "useafter", BV_EXPLAIN_USE_AFTER_RELEASE,
	  "r6 is used after its reference was released: it came from "
	  "bpf_task_from_pid() at kfunc_task.bpf.c:60, and bpf_task_release() "
	  "at kfunc_task.bpf.c:62 released it",
	  63, "bpf_task_release() releases the reference", 62,
	  "move bpf_task_release() after the last use (kfunc_task.bpf.c:63)" },
	{ "task_kptr", "narrow_read", BV_EXPLAIN_KPTR,
	  "the program accesses a kptr field of a map value with a load or "
	  "store narrower than 8 bytes",
	  163, "r0 is the result of the call bpf_map_lookup_elem()", 161,
	  "read the kptr field whole" },
	{ "task_kptr", "store_ref", BV_EXPLAIN_KPTR,
	  "the program stores directly into a referenced kptr field (__kptr): "
	  "only bpf_kptr_xchg() may put a referenced pointer into a map",
	  120, "r0 was compared with the constant 0", 118,
	  "bpf_kptr_xchg(&v->field, new)" },
	{ "map_fields", "store_into_lock", BV_EXPLAIN_SPECIAL_FIELD,
	  "the access touches the struct bpf_spin_lock field of the map "
	  "value: that field may be used only through bpf_spin_lock() and "
	  "bpf_spin_unlock()",
	  68, "r0 is the result of the call bpf_map_lookup_elem()", 64,
	  "read and write the value's other fields only" },
	{ "global_func", "wrong_arg", BV_EXPLAIN_GLOBAL_FUNC,
	  "the call passes in r1 a value of type scalar, but bump_checked() "
	  "declares that argument as a pointer the verifier tracks as fp",
	  172, "a global function is verified once, on its own", 172,
	  "make bump_checked() static" },
	{ "global_func", "pointer_for_scalar", BV_EXPLAIN_GLOBAL_FUNC,
	  "the call passes a pointer in r1, but seven() declares that "
	  "argument as a number",
	  229, "r1 was copied from r10", 229, "pass a number" },
	{ "global_func", "void_result", BV_EXPLAIN_GLOBAL_FUNC,
	  "nothing() is a global function that does not return a number", 0,
	  "a global function is verified once", 0,
	  "return an int and pass results through a pointer argument" },
	{ "trampoline_attach", "fexit_exit", BV_EXPLAIN_ATTACH_TARGET,
	  "the program hooks the exit of do_exit(), a function that never "
	  "returns (__noreturn): its exit hook would never run",
	  0, "section fexit/do_exit names the attach target do_exit", 0,
	  "attach with fentry (or a kprobe)" },
	/* shared/seeds/user-buffer-inv.txt */
	{ "user_buffer", "read_exit", BV_EXPLAIN_SCALAR_POINTER,
	  "r1 is used as a pointer, but the verifier knows it only as a "
	  "number (any value)",
	  47, "r1 was loaded from memory through r0 (8 bytes: any value)", 47,
	  "`bpf_probe_read_user()` for a user-space buffer" },
};

static void test_prog_expect(const struct prog_expect *c, bv_object *obj)
{
	struct bv_result *r = verify_obj_prog(obj, c->prog);
	const struct bv_explanation *e;

	CHECK(r && r->verdict == BV_REJECTED);
	if (!r)
		return;
	e = &r->explanation;
	if (e->kind != c->kind)
		fprintf(stderr, "%s: kind %s\n", c->prog,
			bv_explain_kind_name(e->kind));
	CHECK(e->kind == c->kind);
	tested[c->kind] |= e->kind == c->kind;
	if (strncmp(e->what, c->what, strlen(c->what)))
		fprintf(stderr, "%s: what \"%s\"\n", c->prog, e->what);
	CHECK(!strncmp(e->what, c->what, strlen(c->what)));
	if (c->line)
		CHECK(e->where.line == c->line);
	if (!has_why(e, c->why_line, c->why))
		fprintf(stderr, "%s: no why step \"%s\" at line %u\n", c->prog,
			c->why, c->why_line);
	CHECK(has_why(e, c->why_line, c->why));
	CHECK_HAS(e->fix, c->fix);
	free(r);
}

static void test_prog_table(void)
{
	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		bv_object *obj = open_prog_obj(progs[i].obj);

		if (!obj)
			continue;
		test_prog_expect(&progs[i], obj);
		bv_object_free(obj);
	}
}

/* The user-buffer seed's fix, as documented, is accepted (the kernel's
 * verdict too: //@ read_exit_fixed accept). */
static void test_user_buffer_fix(void)
{
	bv_object *obj = open_prog_obj("user_buffer");
	struct bv_result *r;

	if (!obj)
		return;
	r = verify_obj_prog(obj, "read_exit");
	CHECK(r && !strcmp(r->explanation.where.source,
			   "first = *(const char *)*buf;"));
	CHECK(r && has_why(&r->explanation, 42,
			   "r0 is the result of the call "
			   "bpf_map_lookup_elem()"));
	free(r);
	r = verify_obj_prog(obj, "read_exit_fixed");
	CHECK(r && r->verdict == BV_ACCEPTED &&
	      r->explanation.kind == BV_EXPLAIN_NONE);
	free(r);
	bv_object_free(obj);
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
		{ "misaligned packet access off 2+0+0+1 size 4",
		  BV_EXPLAIN_ALIGNMENT },
		{ "invalid size of register fill", BV_EXPLAIN_SPILL },
		{ "invalid shift 70", BV_EXPLAIN_SHIFT },
		{ "fd 9 is not pointing to valid bpf_map", BV_EXPLAIN_MAP_USE },
		{ "access beyond struct sk_buff at off 300 size 8",
		  BV_EXPLAIN_BTF_ACCESS },
		{ "R2 must be referenced or trusted", BV_EXPLAIN_KFUNC_ARG },
		{ "kptr access cannot have variable offset", BV_EXPLAIN_KPTR },
		{ "tracing progs cannot use bpf_wq yet",
		  BV_EXPLAIN_SPECIAL_FIELD },
		{ "sleepable helper bpf_copy_from_user#148 in rcu_read_lock "
		  "region",
		  BV_EXPLAIN_LOCK_REGION },
		{ "BPF_EXIT instruction in main prog cannot be used inside "
		  "bpf_preempt_disable-ed region",
		  BV_EXPLAIN_LOCK_REGION },
		{ "R1 type=scalar expected=fp\nCaller passes invalid args into "
		  "func#1 ('f')",
		  BV_EXPLAIN_GLOBAL_FUNC },
		{ "attach_btf_id 5 is not a function",
		  BV_EXPLAIN_ATTACH_TARGET },
		{ "R3 invalid mem access 'trusted_ptr_or_null_'",
		  BV_EXPLAIN_NULL_POINTER },
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
		tested[BV_EXPLAIN_TOO_COMPLEX] |=
			r->explanation.kind == BV_EXPLAIN_TOO_COMPLEX;
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

/* Every specific class has a test with expected text (issue 9: at least
 * 30 classes) */
static void test_coverage(void)
{
	unsigned n = 0;

	if (progs_missing) {
		printf("explain: class coverage not checked (tests/progs "
		       "objects missing)\n");
		return;
	}
	for (int k = BV_EXPLAIN_GENERIC + 1; k < BV_EXPLAIN_KIND_COUNT; k++) {
		if (!tested[k])
			fprintf(stderr, "explain: class %s has no test\n",
				bv_explain_kind_name((enum bv_explain_kind)k));
		CHECK(tested[k]);
		n += tested[k];
	}
	CHECK(n >= 30);
	printf("explain: %u specific classes, each tested with expected "
	       "text\n",
	       n);
}

int main(void)
{
	test_portknock();
	test_cases();
	test_prog_classes();
	test_prog_table();
	test_user_buffer_fix();
	test_catalogue();
	test_all_cases();
	test_coverage();
	return check_summary("explain");
}
