/* SPDX-License-Identifier: MIT */
/* Unit tests of the encoding checks (src/isa/validate.c): every message,
 * the stage each per-instruction check belongs to, and the order of
 * resolve_pseudo_ldimm64's pass. Expected texts are the kernel's, as
 * test_encoding_kernel confirms against the running kernel. */
#include "check.h"
#include "isa/opcodes.h"
#include "isa/validate.h"
#include "load/program.h"

#include <errno.h>
#include <stdlib.h>

#define INSN(c, d, s, o, i)                                                    \
	((struct bv_insn){ .code = (c), .dst_reg = (d), .src_reg = (s),        \
			   .off = (o), .imm = (i) })
#define MOV0 INSN(BV_ALU64 | BV_MOV | BV_K, 0, 0, 0, 0)
#define EXIT INSN(BV_JMP | BV_EXIT, 0, 0, 0, 0)
#define LD64(dst, src, imm) INSN(BV_LD | BV_IMM | BV_DW, dst, src, 0, imm)
#define HALF(imm) INSN(0, 0, 0, 0, imm)

#define PROG(...)                                                              \
	make_prog((const struct bv_insn[]){ __VA_ARGS__ },                     \
		  sizeof((const struct bv_insn[]){ __VA_ARGS__ }) /            \
			  sizeof(struct bv_insn))

enum { PROG_SOCKET_FILTER = 1, PROG_KPROBE = 2, PROG_XDP = 6,
       PROG_CGROUP_SKB = 8, PROG_TRACING = 26, PROG_STRUCT_OPS = 27,
       PROG_SYSCALL = 31 };
enum { MAP_HASH = 1, MAP_ARRAY = 2, MAP_ARRAY_OF_MAPS = 12, MAP_CGROUP_STORAGE = 19,
       MAP_PERCPU_CGROUP_STORAGE = 21, MAP_STRUCT_OPS = 26, MAP_BLOOM = 30,
       MAP_ARENA = 33 };
#define F_SLEEPABLE (1u << 4)
#define ENOTSUPP 524

static struct bv_program *make_prog(const struct bv_insn *insns, size_t n)
{
	struct bv_program *prog = bv_program_new();
	struct bv_error err;

	if (!prog || bv_program_set_insns(prog, insns, n, &err)) {
		fprintf(stderr, "cannot build a program\n");
		exit(2);
	}
	return prog;
}

static void add_map(struct bv_program *prog, const char *name, uint32_t type,
		    uint32_t value_size, uint32_t max_entries, int fd)
{
	struct bv_map_def def = { .type = type, .key_size = 4,
				  .value_size = value_size,
				  .max_entries = max_entries, .fd = fd };
	struct bv_error err;

	snprintf(def.name, sizeof(def.name), "%s", name);
	if (bv_program_add_map(prog, &def, &err)) {
		fprintf(stderr, "cannot add map %s\n", name);
		exit(2);
	}
}

/* The message bv_resolve_ldimm64 rejects prog with ("" when it passes);
 * frees prog. */
static const char *resolve(struct bv_program *prog, struct bv_fault *f)
{
	int ret = bv_resolve_ldimm64(prog, f);

	bv_program_free(prog);
	return ret ? f->msg : "";
}

static void test_opcode_table(void)
{
	unsigned known = 0;

	for (unsigned code = 0; code < 256; code++)
		known += bv_opcode_known((uint8_t)code);
	/* 104 opcodes are unknown, 24 are LDX with a reserved mode */
	CHECK(known == 128);
	CHECK(bv_opcode_known(BV_ALU64 | BV_END | BV_TO_LE));
	CHECK(!bv_opcode_known(BV_ALU64 | BV_END | BV_TO_BE));
	CHECK(bv_opcode_known(BV_ALU | BV_END | BV_TO_BE));
	CHECK(!bv_opcode_known(BV_ALU | BV_NEG | BV_X));
	CHECK(bv_opcode_known(BV_JMP | BV_JCOND));
	CHECK(!bv_opcode_known(BV_JMP32 | BV_JCOND));
	CHECK(!bv_opcode_known(BV_JMP | BV_JA | BV_X));
	CHECK(bv_opcode_known(BV_JMP32 | BV_JA));
	CHECK(!bv_opcode_known(BV_JMP32 | BV_CALL));
	CHECK(!bv_opcode_known(BV_LD | BV_ABS | BV_DW));
	CHECK(!bv_opcode_known(BV_LD | BV_IMM | BV_W));
	CHECK(!bv_opcode_known(BV_LDX | BV_MEMSX | BV_DW));
	CHECK(bv_opcode_known(BV_STX | BV_ATOMIC | BV_B));
	CHECK(!bv_opcode_known(BV_ST | BV_ATOMIC | BV_W));
	CHECK(!bv_opcode_known(0xff));
}

static void test_privilege(void)
{
	CHECK(bv_priv_bpf_capable(BV_PRIV_ROOT));
	CHECK(bv_priv_bpf_capable(BV_PRIV_BPF_ONLY));
	CHECK(!bv_priv_bpf_capable((enum bv_privilege)7));
	CHECK(bv_priv_perfmon_capable(BV_PRIV_ROOT));
	CHECK(!bv_priv_perfmon_capable(BV_PRIV_BPF_ONLY));
	CHECK(!bv_priv_net_admin_capable(BV_PRIV_BPF_ONLY));
}

static void expect_silent(struct bv_program *prog, enum bv_privilege priv,
			  int error)
{
	struct bv_fault f;

	CHECK(bv_check_load_attr(prog, priv, &f) == -1);
	CHECK(f.kind == BV_FAULT_SILENT && f.error == error);
}

static void test_load_attr(void)
{
	struct bv_program *prog = PROG(MOV0, EXIT);
	struct bv_insn *big = calloc(4097, sizeof(*big));
	struct bv_error err;
	struct bv_fault f;

	CHECK(bv_check_load_attr(prog, BV_PRIV_ROOT, &f) == 0);
	bv_program_set_flags(prog, 1u << 8);
	expect_silent(prog, BV_PRIV_ROOT, EINVAL);
	bv_program_set_flags(prog, 1u << 16); /* a token fd: bpfverify has none */
	expect_silent(prog, BV_PRIV_ROOT, EINVAL);
	bv_program_set_flags(prog, 0xff);
	CHECK(bv_check_load_attr(prog, BV_PRIV_ROOT, &f) == 0);
	bv_program_set_flags(prog, 0);

	bv_program_set_type(prog, PROG_XDP);
	expect_silent(prog, BV_PRIV_BPF_ONLY, EPERM);
	CHECK(bv_check_load_attr(prog, BV_PRIV_ROOT, &f) == 0);
	bv_program_set_type(prog, PROG_KPROBE);
	expect_silent(prog, BV_PRIV_BPF_ONLY, EPERM);
	bv_program_set_type(prog, PROG_CGROUP_SKB);
	CHECK(bv_check_load_attr(prog, BV_PRIV_BPF_ONLY, &f) == 0);
	CHECK(bv_check_load_attr(prog, (enum bv_privilege)7, &f) == 0);
	bv_program_set_type(prog, PROG_XDP);
	expect_silent(prog, (enum bv_privilege)7, EPERM); /* unprivileged */

	bv_program_set_type(prog, PROG_SOCKET_FILTER);
	free(prog->insns);
	prog->insns = NULL;
	prog->n_insns = 0;
	expect_silent(prog, BV_PRIV_ROOT, E2BIG);
	CHECK(big && !bv_program_set_insns(prog, big, 4097, &err));
	CHECK(bv_check_load_attr(prog, BV_PRIV_ROOT, &f) == 0);
	expect_silent(prog, (enum bv_privilege)7, E2BIG);
	prog->n_insns = BV_MAX_INSNS + 1; /* only the count is read */
	expect_silent(prog, BV_PRIV_ROOT, E2BIG);
	prog->n_insns = 4097;
	free(big);
	bv_program_free(prog);
}

static void test_resolve_fields(void)
{
	struct bv_fault f;

	CHECK_STR(resolve(PROG(MOV0, EXIT), &f), "");
	CHECK_STR(resolve(PROG(MOV0, INSN(BV_LDX | BV_ABS | BV_W, 0, 1, 0, 0),
			       EXIT), &f),
		  "BPF_LDX uses reserved fields");
	CHECK(f.insn == 1 && f.kind == BV_FAULT_LOGGED && f.error == EINVAL);
	CHECK_STR(resolve(PROG(MOV0, INSN(BV_LDX | BV_MEM | BV_W, 0, 1, 0, 4),
			       EXIT), &f),
		  "BPF_LDX uses reserved fields");
	CHECK_STR(resolve(PROG(MOV0, INSN(BV_LDX | BV_MEMSX | BV_DW, 0, 1, 0, 0),
			       EXIT), &f),
		  "unknown opcode 99");
	CHECK_STR(resolve(PROG(MOV0, INSN(0x8c, 0, 0, 0, 0), EXIT), &f),
		  "unknown opcode 8c");
	CHECK(f.insn == 1);
	CHECK_STR(resolve(PROG(INSN(0, 0, 0, 0, 0), EXIT), &f),
		  "unknown opcode 00");
	/* one pass: the first faulty slot speaks, whatever its fault */
	CHECK_STR(resolve(PROG(INSN(0xff, 0, 0, 0, 0),
			       INSN(BV_LDX | BV_IND | BV_W, 0, 0, 0, 0), EXIT),
			  &f),
		  "unknown opcode ff");
	CHECK_STR(resolve(PROG(INSN(BV_LDX | BV_IND | BV_W, 0, 0, 0, 0),
			       INSN(0xff, 0, 0, 0, 0), EXIT),
			  &f),
		  "BPF_LDX uses reserved fields");
}

static void test_resolve_ldimm64(void)
{
	struct bv_fault f;

	CHECK_STR(resolve(PROG(MOV0, LD64(1, 0, 5), HALF(7), EXIT), &f), "");
	CHECK_STR(resolve(PROG(MOV0, EXIT, LD64(1, 0, 5)), &f),
		  "invalid bpf_ld_imm64 insn");
	CHECK(f.insn == 2);
	CHECK_STR(resolve(PROG(LD64(1, 0, 5), INSN(0, 0, 0, 1, 0), EXIT), &f),
		  "invalid bpf_ld_imm64 insn");
	CHECK_STR(resolve(PROG(LD64(1, 0, 5), INSN(0, 1, 0, 0, 0), EXIT), &f),
		  "invalid bpf_ld_imm64 insn");
	CHECK_STR(resolve(PROG(LD64(1, 0, 5), INSN(0, 0, 1, 0, 0), EXIT), &f),
		  "invalid bpf_ld_imm64 insn");
	CHECK_STR(resolve(PROG(LD64(1, 0, 5), INSN(0x95, 0, 0, 0, 0), EXIT), &f),
		  "invalid bpf_ld_imm64 insn");
	/* the second half is not looked up in the opcode table */
	CHECK_STR(resolve(PROG(LD64(1, 0, 5), HALF(0), EXIT), &f), "");
	CHECK_STR(resolve(PROG(LD64(1, BV_PSEUDO_FUNC, 5), HALF(9), EXIT), &f),
		  "");
	CHECK_STR(resolve(PROG(LD64(1, 7, 0), HALF(0), EXIT), &f),
		  "unrecognized bpf_ld_imm64 insn");
	CHECK_STR(resolve(PROG(LD64(1, BV_PSEUDO_MAP_FD, 3), HALF(1), EXIT), &f),
		  "unrecognized bpf_ld_imm64 insn");
	CHECK_STR(resolve(PROG(LD64(1, BV_PSEUDO_MAP_IDX, 0), HALF(1), EXIT), &f),
		  "unrecognized bpf_ld_imm64 insn");
	resolve(PROG(LD64(1, BV_PSEUDO_BTF_ID, 1), HALF(0), EXIT), &f);
	CHECK(f.kind == BV_FAULT_UNSUPPORTED);
}

static void test_resolve_maps(void)
{
	struct bv_program *prog;
	struct bv_fault f;

	CHECK_STR(resolve(PROG(LD64(1, BV_PSEUDO_MAP_FD, 9999), HALF(0), EXIT),
			  &f),
		  "fd 9999 is not pointing to valid bpf_map");
	CHECK(f.error == EBADF);
	CHECK_STR(resolve(PROG(LD64(1, BV_PSEUDO_MAP_VALUE, 0), HALF(0), EXIT),
			  &f),
		  "fd 0 is not pointing to valid bpf_map");
	CHECK(f.error == EINVAL);
	CHECK_STR(resolve(PROG(LD64(1, BV_PSEUDO_MAP_IDX, 0), HALF(0), EXIT), &f),
		  "fd_idx without fd_array is invalid");
	CHECK(f.error == EPROTO);
	CHECK_STR(resolve(PROG(LD64(1, BV_PSEUDO_MAP_IDX_VALUE, 0), HALF(0),
			       EXIT), &f),
		  "fd_idx without fd_array is invalid");

	prog = PROG(LD64(1, BV_PSEUDO_MAP_IDX, 3), HALF(0), EXIT);
	add_map(prog, "h", MAP_HASH, 8, 4, -1);
	CHECK(bv_resolve_ldimm64(prog, &f) == -1 &&
	      f.kind == BV_FAULT_UNSUPPORTED);
	bv_program_free(prog);

	prog = PROG(LD64(1, BV_PSEUDO_MAP_FD, 40), HALF(0),
		    LD64(2, BV_PSEUDO_MAP_IDX, 0), HALF(0), EXIT);
	add_map(prog, "h", MAP_HASH, 8, 4, 40);
	CHECK_STR(resolve(prog, &f), "");

	prog = PROG(LD64(1, BV_PSEUDO_MAP_VALUE, 40), HALF(7), EXIT);
	add_map(prog, "a", MAP_ARRAY, 8, 1, 40);
	CHECK_STR(resolve(prog, &f), "");
	prog = PROG(LD64(1, BV_PSEUDO_MAP_VALUE, 40), HALF(8), EXIT);
	add_map(prog, "a", MAP_ARRAY, 8, 1, 40);
	CHECK_STR(resolve(prog, &f),
		  "invalid access to map value pointer, value_size=8 off=8");
	CHECK(f.error == EINVAL);
	prog = PROG(LD64(1, BV_PSEUDO_MAP_VALUE, 40), HALF(0), EXIT);
	add_map(prog, "a", MAP_ARRAY, 8, 2, 40);
	CHECK_STR(resolve(prog, &f),
		  "invalid access to map value pointer, value_size=8 off=0");
	CHECK(f.error == ENOTSUPP);
	prog = PROG(LD64(1, BV_PSEUDO_MAP_VALUE, 40), HALF(1 << 29), EXIT);
	add_map(prog, "h", MAP_HASH, 8, 4, 40);
	CHECK_STR(resolve(prog, &f),
		  "direct value offset of 536870912 is not allowed");
	prog = PROG(LD64(1, BV_PSEUDO_MAP_VALUE, 40), HALF(-1), EXIT);
	add_map(prog, "a", MAP_ARRAY, 8, 1, 40);
	CHECK_STR(resolve(prog, &f),
		  "direct value offset of 4294967295 is not allowed");
	prog = PROG(LD64(1, BV_PSEUDO_MAP_IDX_VALUE, 0), HALF(0), EXIT);
	add_map(prog, "h", MAP_HASH, 8, 4, 40);
	CHECK_STR(resolve(prog, &f),
		  "no direct value access support for this map type");
}

/* A sleepable program loading an array of maps whose inner map has type
 * inner_type. */
static struct bv_program *sleepable_map_of_maps(uint32_t inner_type)
{
	struct bv_program *prog = PROG(LD64(1, BV_PSEUDO_MAP_FD, 40), HALF(0), EXIT);

	add_map(prog, "o", MAP_ARRAY_OF_MAPS, 4, 1, 40);
	prog->map_extra[0].has_inner = true;
	prog->map_extra[0].inner = (struct bv_map_def){
		.type = inner_type, .key_size = 4, .value_size = 8, .max_entries = 4
	};
	bv_program_set_flags(prog, F_SLEEPABLE);
	return prog;
}

static void test_resolve_compat(void)
{
	struct bv_program *prog;
	struct bv_fault f;

	prog = PROG(LD64(1, BV_PSEUDO_MAP_FD, 40), HALF(0), EXIT);
	add_map(prog, "s", MAP_STRUCT_OPS, 8, 1, 40);
	CHECK_STR(resolve(prog, &f), "bpf_struct_ops map cannot be used in prog");

	prog = PROG(LD64(1, BV_PSEUDO_MAP_FD, 40), HALF(0), EXIT);
	add_map(prog, "b", MAP_BLOOM, 8, 4, 40);
	bv_program_set_flags(prog, F_SLEEPABLE);
	CHECK_STR(resolve(prog, &f),
		  "Sleepable programs can only use array, hash, ringbuf and local storage maps, also as inner maps");
	prog = PROG(LD64(1, BV_PSEUDO_MAP_FD, 40), HALF(0), EXIT);
	add_map(prog, "h", MAP_HASH, 8, 4, 40);
	bv_program_set_flags(prog, F_SLEEPABLE);
	CHECK_STR(resolve(prog, &f), "");
	/* a map of maps is judged by its inner map's type too */
	CHECK_STR(resolve(sleepable_map_of_maps(MAP_BLOOM), &f),
		  "Sleepable programs can only use array, hash, ringbuf and local storage maps, also as inner maps");
	CHECK_STR(resolve(sleepable_map_of_maps(MAP_HASH), &f), "");

	prog = PROG(LD64(1, BV_PSEUDO_MAP_FD, 40), HALF(0),
		    LD64(1, BV_PSEUDO_MAP_FD, 41), HALF(0),
		    LD64(1, BV_PSEUDO_MAP_FD, 40), HALF(0), EXIT);
	add_map(prog, "c1", MAP_CGROUP_STORAGE, 8, 0, 40);
	add_map(prog, "c2", MAP_PERCPU_CGROUP_STORAGE, 8, 0, 41);
	CHECK_STR(resolve(prog, &f), "");
	prog = PROG(LD64(1, BV_PSEUDO_MAP_FD, 40), HALF(0),
		    LD64(1, BV_PSEUDO_MAP_FD, 41), HALF(0), EXIT);
	add_map(prog, "c1", MAP_CGROUP_STORAGE, 8, 0, 40);
	add_map(prog, "c2", MAP_CGROUP_STORAGE, 8, 0, 41);
	CHECK_STR(resolve(prog, &f),
		  "only one cgroup storage of each type is allowed");
	CHECK(f.insn == 2 && f.error == EBUSY);

	prog = PROG(LD64(1, BV_PSEUDO_MAP_FD, 40), HALF(0), EXIT);
	add_map(prog, "arena", MAP_ARENA, 0, 1, 40);
	CHECK(bv_resolve_ldimm64(prog, &f) == -1 &&
	      f.kind == BV_FAULT_UNSUPPORTED);
	bv_program_free(prog);
}

static const char *attach(struct bv_program *prog, uint32_t type,
			  uint32_t flags, uint32_t attach_type,
			  struct bv_fault *f)
{
	bv_program_set_type(prog, type);
	bv_program_set_flags(prog, flags);
	bv_program_set_attach_type(prog, attach_type);
	if (!bv_check_attach(prog, f))
		return "";
	return f->kind == BV_FAULT_UNSUPPORTED ? "(unsupported)" : f->msg;
}

static void test_attach(void)
{
	struct bv_program *prog = PROG(MOV0, EXIT);
	struct bv_fault f;

	CHECK_STR(attach(prog, PROG_SOCKET_FILTER, 0, 0, &f), "");
	CHECK_STR(attach(prog, PROG_SYSCALL, 0, 0, &f),
		  "Syscall programs can only be sleepable");
	CHECK_STR(attach(prog, PROG_SYSCALL, F_SLEEPABLE, 0, &f), "");
	CHECK_STR(attach(prog, PROG_SOCKET_FILTER, F_SLEEPABLE, 0, &f),
		  "Only fentry/fexit/fmod_ret, lsm, iter, uprobe, and struct_ops programs can be sleepable");
	CHECK_STR(attach(prog, PROG_KPROBE, F_SLEEPABLE, 0, &f), "");
	CHECK_STR(attach(prog, PROG_TRACING, F_SLEEPABLE, 23, &f),
		  "Only fentry/fexit/fmod_ret, lsm, iter, uprobe, and struct_ops programs can be sleepable");
	CHECK_STR(attach(prog, PROG_TRACING, F_SLEEPABLE, 24, &f),
		  "(unsupported)");
	CHECK_STR(attach(prog, PROG_STRUCT_OPS, 0, 0, &f), "(unsupported)");
	bv_program_free(prog);
}

/* The message of one stage of bv_check_insn for insn ("" when it passes). */
static const char *stage_msg(const struct bv_insn_env *env, struct bv_insn insn,
			     enum bv_insn_stage stage, struct bv_fault *f)
{
	if (!bv_check_insn(env, &insn, 3, stage, f))
		return "";
	CHECK(f->insn == 3 && f->kind == BV_FAULT_LOGGED && f->error == EINVAL);
	return f->msg;
}

#define FIELDS(insn) stage_msg(&env, insn, BV_INSN_FIELDS, &f)

static void test_insn_alu(void)
{
	struct bv_insn_env env = { .prog_type = PROG_SOCKET_FILTER };
	struct bv_fault f;

	CHECK_STR(FIELDS(INSN(BV_ALU64 | BV_ADD | BV_X, 0, 1, 0, 0)), "");
	CHECK_STR(FIELDS(INSN(BV_ALU64 | BV_ADD | BV_X, 0, 1, 0, 1)),
		  "BPF_ALU uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_ALU64 | BV_ADD | BV_X, 0, 1, -1, 0)),
		  "BPF_ALU uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_ALU | BV_ADD | BV_K, 0, 1, 0, 0)),
		  "BPF_ALU uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_ALU | BV_ADD | BV_K, 0, 0, 1, 0)),
		  "BPF_ALU uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_ALU | BV_DIV | BV_K, 0, 0, 1, 3)), "");
	CHECK_STR(FIELDS(INSN(BV_ALU64 | BV_MOD | BV_X, 0, 1, 1, 0)), "");
	CHECK_STR(FIELDS(INSN(BV_ALU64 | BV_MOD | BV_X, 0, 1, 2, 0)),
		  "BPF_ALU uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_ALU64 | BV_NEG, 0, 0, 0, 0)), "");
	CHECK_STR(FIELDS(INSN(BV_ALU64 | BV_NEG, 0, 0, 0, 1)),
		  "BPF_NEG uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_ALU | BV_NEG, 0, 1, 0, 0)),
		  "BPF_NEG uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_ALU | BV_END | BV_TO_BE, 0, 0, 0, 32)), "");
	CHECK_STR(FIELDS(INSN(BV_ALU | BV_END | BV_TO_BE, 0, 0, 0, 8)),
		  "BPF_END uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_ALU64 | BV_END, 0, 0, 1, 16)),
		  "BPF_END uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_ALU64 | BV_END, 0, 1, 0, 64)),
		  "BPF_END uses reserved fields");
	/* nothing about the operands is checked at this stage */
	CHECK_STR(FIELDS(INSN(BV_ALU64 | BV_DIV | BV_K, 0, 0, 0, 0)), "");
	CHECK_STR(stage_msg(&env, INSN(BV_ALU64 | BV_DIV | BV_K, 0, 0, 0, 0),
			    BV_INSN_OPERANDS, &f),
		  "div by zero");
	CHECK_STR(stage_msg(&env, INSN(BV_ALU | BV_MOD | BV_K, 0, 0, 1, 0),
			    BV_INSN_OPERANDS, &f),
		  "div by zero");
	CHECK_STR(stage_msg(&env, INSN(BV_ALU64 | BV_DIV | BV_X, 0, 1, 0, 0),
			    BV_INSN_OPERANDS, &f),
		  "");
	CHECK_STR(stage_msg(&env, INSN(BV_ALU64 | BV_LSH | BV_K, 0, 0, 0, 64),
			    BV_INSN_OPERANDS, &f),
		  "invalid shift 64");
	CHECK_STR(stage_msg(&env, INSN(BV_ALU64 | BV_ARSH | BV_K, 0, 0, 0, 63),
			    BV_INSN_OPERANDS, &f),
		  "");
	CHECK_STR(stage_msg(&env, INSN(BV_ALU | BV_RSH | BV_K, 0, 0, 0, 32),
			    BV_INSN_OPERANDS, &f),
		  "invalid shift 32");
	CHECK_STR(stage_msg(&env, INSN(BV_ALU | BV_LSH | BV_K, 0, 0, 0, -1),
			    BV_INSN_OPERANDS, &f),
		  "invalid shift -1");
	CHECK_STR(stage_msg(&env, INSN(BV_ALU | BV_MOV | BV_K, 0, 0, 0, 99),
			    BV_INSN_OPERANDS, &f),
		  "");
}

static void test_insn_mov(void)
{
	struct bv_insn_env env = { .prog_type = PROG_SOCKET_FILTER };
	struct bv_fault f;

	CHECK_STR(FIELDS(INSN(BV_ALU64 | BV_MOV | BV_K, 0, 0, 0, -7)), "");
	CHECK_STR(FIELDS(INSN(BV_ALU64 | BV_MOV | BV_K, 0, 1, 0, 0)),
		  "BPF_MOV uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_ALU | BV_MOV | BV_K, 0, 0, 8, 0)),
		  "BPF_MOV uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_ALU | BV_MOV | BV_X, 0, 1, 16, 0)), "");
	CHECK_STR(FIELDS(INSN(BV_ALU | BV_MOV | BV_X, 0, 1, 32, 0)),
		  "BPF_MOV uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_ALU | BV_MOV | BV_X, 0, 1, 1, 1)),
		  "BPF_MOV uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_ALU64 | BV_MOV | BV_X, 0, 1, 32, 0)), "");
	CHECK_STR(FIELDS(INSN(BV_ALU64 | BV_MOV | BV_X, 0, 1, 0, 1)),
		  "BPF_MOV uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_ALU64 | BV_MOV | BV_X, 0, 1, 1, 2)),
		  "addr_space_cast insn can only convert between address space 1 and 0");
	CHECK_STR(FIELDS(INSN(BV_ALU64 | BV_MOV | BV_X, 0, 1, 1, 1)),
		  "addr_space_cast insn can only be used in a program that has an associated arena");
	env.has_arena = true;
	CHECK_STR(FIELDS(INSN(BV_ALU64 | BV_MOV | BV_X, 0, 1, 1, 1 << 16)), "");
}

static void test_insn_mem(void)
{
	struct bv_insn_env env = { .prog_type = PROG_SOCKET_FILTER };
	struct bv_fault f;

	CHECK_STR(FIELDS(INSN(BV_LDX | BV_MEM | BV_W, 0, 1, 0, 0)), "");
	CHECK_STR(FIELDS(INSN(BV_STX | BV_MEM | BV_W, 10, 1, -8, 0)), "");
	CHECK_STR(FIELDS(INSN(BV_STX | BV_MEM | BV_W, 10, 1, -8, 1)),
		  "BPF_STX uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_ST | BV_MEM | BV_B, 10, 0, -8, 1)), "");
	CHECK_STR(FIELDS(INSN(BV_ST | BV_MEM | BV_B, 10, 2, -8, 1)),
		  "BPF_ST uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_STX | BV_ATOMIC | BV_DW, 10, 1, -8, BV_XCHG)),
		  "");
	CHECK_STR(FIELDS(INSN(BV_STX | BV_ATOMIC | BV_W, 10, 1, -8, 3)),
		  "BPF_ATOMIC uses invalid atomic opcode 03");
	CHECK_STR(FIELDS(INSN(BV_STX | BV_ATOMIC | BV_W, 10, 1, -8, -1)),
		  "BPF_ATOMIC uses invalid atomic opcode ffffffff");
	CHECK_STR(FIELDS(INSN(BV_STX | BV_ATOMIC | BV_H, 10, 1, -8, 0x111)),
		  "BPF_ATOMIC uses invalid atomic opcode 111");
	CHECK_STR(FIELDS(INSN(BV_STX | BV_ATOMIC | BV_H, 10, 1, -8, BV_ADD)),
		  "invalid atomic operand size");
	CHECK_STR(FIELDS(INSN(BV_STX | BV_ATOMIC | BV_B, 10, 1, -8,
			      BV_CMPXCHG)),
		  "invalid atomic operand size");
	CHECK_STR(FIELDS(INSN(BV_STX | BV_ATOMIC | BV_B, 1, 10, -8,
			      BV_LOAD_ACQ)),
		  "");
	CHECK_STR(FIELDS(INSN(BV_STX | BV_ATOMIC | BV_H, 10, 1, -8,
			      BV_STORE_REL)),
		  "");
}

static void test_insn_jmp(void)
{
	struct bv_insn_env env = { .prog_type = PROG_SOCKET_FILTER };
	struct bv_fault f;

	CHECK_STR(FIELDS(INSN(BV_JMP | BV_CALL, 0, 0, 0, 1)), "");
	CHECK_STR(FIELDS(INSN(BV_JMP | BV_CALL, 1, 0, 0, 1)),
		  "BPF_CALL uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_JMP | BV_CALL, 0, 0, 1, 1)),
		  "BPF_CALL uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_JMP | BV_CALL, 0, 3, 0, 1)),
		  "BPF_CALL uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_JMP | BV_CALL, 0, BV_PSEUDO_CALL, 1, 1)),
		  "BPF_CALL uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_JMP | BV_CALL, 0, BV_PSEUDO_KFUNC_CALL, 1, 1)),
		  "");
	CHECK_STR(FIELDS(INSN(BV_JMP | BV_JA, 0, 0, 3, 0)), "");
	CHECK_STR(FIELDS(INSN(BV_JMP | BV_JA, 0, 0, 3, 1)),
		  "BPF_JA uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_JMP | BV_JA, 1, 0, 3, 0)),
		  "BPF_JA uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_JMP32 | BV_JA, 0, 0, 0, 3)), "");
	CHECK_STR(FIELDS(INSN(BV_JMP32 | BV_JA, 0, 0, 1, 3)),
		  "BPF_JA uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_JMP32 | BV_JA, 0, 1, 0, 3)),
		  "BPF_JA uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_JMP | BV_EXIT, 0, 0, 5, 0)), "");
	CHECK_STR(FIELDS(INSN(BV_JMP | BV_EXIT, 0, 0, 0, 1)),
		  "BPF_EXIT uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_JMP | BV_EXIT, 0, 1, 0, 0)),
		  "BPF_EXIT uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_JMP | BV_JCOND, 0, 0, 4, 0)), "");
	CHECK_STR(FIELDS(INSN(BV_JMP | BV_JCOND, 0, 0, 4, 7)),
		  "invalid may_goto imm 7");
	CHECK_STR(FIELDS(INSN(BV_JMP | BV_JCOND, 0, 1, 4, 0)),
		  "invalid may_goto imm 0");
	CHECK_STR(FIELDS(INSN(BV_JMP | BV_JCOND, 2, 0, 4, 0)),
		  "invalid may_goto imm 0");
	/* conditional jumps: checked after dst is read */
	CHECK_STR(FIELDS(INSN(BV_JMP | BV_JEQ | BV_K, 0, 1, 0, 0)), "");
	CHECK_STR(stage_msg(&env, INSN(BV_JMP | BV_JEQ | BV_K, 0, 1, 0, 0),
			    BV_INSN_AFTER_DST, &f),
		  "BPF_JMP/JMP32 uses reserved fields");
	CHECK_STR(stage_msg(&env, INSN(BV_JMP32 | BV_JSET | BV_X, 0, 1, 0, 4),
			    BV_INSN_AFTER_DST, &f),
		  "BPF_JMP/JMP32 uses reserved fields");
	CHECK_STR(stage_msg(&env, INSN(BV_JMP32 | BV_JSET | BV_X, 0, 1, 0, 0),
			    BV_INSN_AFTER_DST, &f),
		  "");
	CHECK_STR(stage_msg(&env, INSN(BV_JMP | BV_JA, 0, 1, 0, 0),
			    BV_INSN_AFTER_DST, &f),
		  "");
}

static void test_insn_ld(void)
{
	struct bv_insn_env env = { .prog_type = PROG_SOCKET_FILTER };
	struct bv_fault f;

	CHECK_STR(FIELDS(INSN(BV_LD | BV_ABS | BV_W, 0, 0, 0, 4)), "");
	CHECK_STR(FIELDS(INSN(BV_LD | BV_ABS | BV_W, 0, 1, 0, 4)),
		  "BPF_LD_[ABS|IND] uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_LD | BV_IND | BV_H, 0, 1, 0, 4)), "");
	CHECK_STR(FIELDS(INSN(BV_LD | BV_IND | BV_H, 1, 1, 0, 4)),
		  "BPF_LD_[ABS|IND] uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_LD | BV_IND | BV_B, 0, 1, 2, 4)),
		  "BPF_LD_[ABS|IND] uses reserved fields");
	CHECK_STR(FIELDS(INSN(BV_LD | BV_IMM | BV_DW, 1, 0, 0, 4)), "");
	CHECK_STR(FIELDS(INSN(BV_LD | BV_IMM | BV_DW, 1, 0, 1, 4)),
		  "BPF_LD_IMM64 uses reserved fields");
	env.prog_type = PROG_XDP;
	CHECK_STR(FIELDS(INSN(BV_LD | BV_ABS | BV_W, 0, 1, 0, 4)),
		  "BPF_LD_[ABS|IND] instructions not allowed for this program type");
	/* opcodes the kernel does not know never reach do_check */
	CHECK_STR(FIELDS(INSN(0xff, 0, 0, 0, 0)), "");
}

static void test_insn_env(void)
{
	struct bv_program *prog = PROG(LD64(1, BV_PSEUDO_MAP_FD, 41), HALF(0),
				       LD64(1, BV_PSEUDO_MAP_FD, 40), HALF(0),
				       EXIT);
	struct bv_insn_env env;

	add_map(prog, "h", MAP_HASH, 8, 1, 40);
	bv_program_set_type(prog, PROG_XDP);
	bv_insn_env_init(prog, &env);
	CHECK(env.prog_type == PROG_XDP && !env.has_arena);
	add_map(prog, "arena", MAP_ARENA, 0, 1, 41);
	bv_insn_env_init(prog, &env);
	CHECK(env.has_arena);
	bv_program_free(prog);
}

static void test_fault_set(void)
{
	struct bv_fault f;

	CHECK(bv_fault_set(&f, BV_FAULT_SILENT, E2BIG, 9, "x %d", 4) == -1);
	CHECK_STR(f.msg, "x 4");
	CHECK(f.insn == 9 && f.kind == BV_FAULT_SILENT && f.error == E2BIG);
}

int main(void)
{
	test_opcode_table();
	test_privilege();
	test_load_attr();
	test_resolve_fields();
	test_resolve_ldimm64();
	test_resolve_maps();
	test_resolve_compat();
	test_attach();
	test_insn_alu();
	test_insn_mov();
	test_insn_mem();
	test_insn_jmp();
	test_insn_ld();
	test_insn_env();
	test_fault_set();
	return check_summary("validate");
}
