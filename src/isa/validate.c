/* SPDX-License-Identifier: MIT */
/* Encoding checks with the kernel's messages; see validate.h for where each
 * sits in the kernel's sequence. */
#include "isa/validate.h"
#include "isa/opcodes.h"
#include "load/map_record.h"
#include "load/program.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* enum bpf_prog_type values the checks name */
enum {
	PROG_SOCKET_FILTER = 1,
	PROG_KPROBE = 2,
	PROG_SCHED_CLS = 3,
	PROG_SCHED_ACT = 4,
	PROG_TRACEPOINT = 5,
	PROG_XDP = 6,
	PROG_PERF_EVENT = 7,
	PROG_CGROUP_SKB = 8,
	PROG_CGROUP_SOCK = 9,
	PROG_LWT_IN = 10,
	PROG_LWT_OUT = 11,
	PROG_LWT_XMIT = 12,
	PROG_SOCK_OPS = 13,
	PROG_SK_SKB = 14,
	PROG_CGROUP_DEVICE = 15,
	PROG_SK_MSG = 16,
	PROG_RAW_TRACEPOINT = 17,
	PROG_CGROUP_SOCK_ADDR = 18,
	PROG_LWT_SEG6LOCAL = 19,
	PROG_LIRC_MODE2 = 20,
	PROG_FLOW_DISSECTOR = 22,
	PROG_CGROUP_SYSCTL = 23,
	PROG_RAW_TRACEPOINT_WRITABLE = 24,
	PROG_CGROUP_SOCKOPT = 25,
	PROG_TRACING = 26,
	PROG_STRUCT_OPS = 27,
	PROG_EXT = 28,
	PROG_LSM = 29,
	PROG_SYSCALL = 31,
	PROG_NETFILTER = 32,
};

/* enum bpf_map_type values the checks name */
enum {
	MAP_HASH = 1,
	MAP_ARRAY = 2,
	MAP_PERCPU_HASH = 5,
	MAP_PERCPU_ARRAY = 6,
	MAP_LRU_HASH = 9,
	MAP_LRU_PERCPU_HASH = 10,
	MAP_ARRAY_OF_MAPS = 12,
	MAP_HASH_OF_MAPS = 13,
	MAP_CGROUP_STORAGE = 19,
	MAP_PERCPU_CGROUP_STORAGE = 21,
	MAP_QUEUE = 22,
	MAP_STACK = 23,
	MAP_SK_STORAGE = 24,
	MAP_STRUCT_OPS = 26,
	MAP_RINGBUF = 27,
	MAP_INODE_STORAGE = 28,
	MAP_TASK_STORAGE = 29,
	MAP_USER_RINGBUF = 31,
	MAP_CGRP_STORAGE = 32,
	MAP_ARENA = 33,
};

/* enum bpf_attach_type values can_be_sleepable() names */
enum {
	ATTACH_TRACE_FENTRY = 24,
	ATTACH_TRACE_FEXIT = 25,
	ATTACH_MODIFY_RETURN = 26,
	ATTACH_TRACE_ITER = 28,
};

/* prog_flags bits (uapi/linux/bpf.h) */
#define F_STRICT_ALIGNMENT (1u << 0)
#define F_ANY_ALIGNMENT (1u << 1)
#define F_TEST_RND_HI32 (1u << 2)
#define F_TEST_STATE_FREQ (1u << 3)
#define F_SLEEPABLE (1u << 4)
#define F_XDP_HAS_FRAGS (1u << 5)
#define F_TEST_REG_INVARIANTS (1u << 6)
#define F_TEST_SANITY_STRICT (1u << 7)

/* The flags bpf_prog_load accepts. BPF_F_TOKEN_FD (1 << 16) is left out: it
 * needs a BPF token, which bpfverify never has, and without one the kernel
 * fails the load with EINVAL as for an unknown flag. */
#define KNOWN_PROG_FLAGS                                                       \
	(F_STRICT_ALIGNMENT | F_ANY_ALIGNMENT | F_TEST_RND_HI32 |              \
	 F_TEST_STATE_FREQ | F_SLEEPABLE | F_XDP_HAS_FRAGS |                   \
	 F_TEST_REG_INVARIANTS | F_TEST_SANITY_STRICT)

/* The kernel-internal errno array_map_direct_value_addr() returns, which
 * reaches user space as is. */
#define ENOTSUPP 524

#define BPF_MAXINSNS 4096              /* the unprivileged size limit */
#define BPF_MAX_VAR_OFF (1u << 29)     /* direct map value offsets */
#define ADDR_SPACE_CAST_FROM_1 1       /* addr_space_cast imm: as(1) -> as(0) */
#define ADDR_SPACE_CAST_TO_1 (1 << 16) /* as(0) -> as(1) */

int bv_fault_set(struct bv_fault *fault, enum bv_fault_kind kind, int error,
		 size_t insn, const char *fmt, ...)
{
	va_list ap;

	fault->insn = insn;
	fault->kind = kind;
	fault->malformed = false;
	fault->error = error;
	va_start(ap, fmt);
	vsnprintf(fault->msg, sizeof(fault->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* The kernel's error line for instruction idx, as the verifier logs it. */
#define LOGGED(fault, error, idx, ...)                                         \
	bv_fault_set(fault, BV_FAULT_LOGGED, error, idx, __VA_ARGS__)

/* The same, for an instruction whose encoding is invalid in itself: the
 * input is malformed, whatever the program around it. */
#define MALFORMED(fault, error, idx, ...)                                      \
	(bv_fault_set(fault, BV_FAULT_LOGGED, error, idx, __VA_ARGS__),        \
	 (fault)->malformed = true, -1)

/* ---- the opcode table (BPF_INSN_MAP in kernel/bpf/core.c) ---- */

#define WITH_K_AND_X(code) [(code) | BV_K] = true, [(code) | BV_X] = true

/* The arithmetic both ALU classes share, with an immediate or a register
 * source; NEG only takes the immediate form. */
#define ALU_OPS(cls)                                                           \
	WITH_K_AND_X(cls | BV_ADD), WITH_K_AND_X(cls | BV_SUB),                \
	WITH_K_AND_X(cls | BV_MUL), WITH_K_AND_X(cls | BV_DIV),                \
	WITH_K_AND_X(cls | BV_OR), WITH_K_AND_X(cls | BV_AND),                 \
	WITH_K_AND_X(cls | BV_LSH), WITH_K_AND_X(cls | BV_RSH),                \
	WITH_K_AND_X(cls | BV_MOD), WITH_K_AND_X(cls | BV_XOR),                \
	WITH_K_AND_X(cls | BV_MOV), WITH_K_AND_X(cls | BV_ARSH),               \
	[cls | BV_NEG | BV_K] = true

/* The conditional jumps both jump classes share. */
#define COND_JUMPS(cls)                                                        \
	WITH_K_AND_X(cls | BV_JEQ), WITH_K_AND_X(cls | BV_JGT),                \
	WITH_K_AND_X(cls | BV_JGE), WITH_K_AND_X(cls | BV_JSET),               \
	WITH_K_AND_X(cls | BV_JNE), WITH_K_AND_X(cls | BV_JSGT),               \
	WITH_K_AND_X(cls | BV_JSGE), WITH_K_AND_X(cls | BV_JLT),               \
	WITH_K_AND_X(cls | BV_JLE), WITH_K_AND_X(cls | BV_JSLT),               \
	WITH_K_AND_X(cls | BV_JSLE)

#define ALL_SIZES(code)                                                        \
	[(code) | BV_B] = true, [(code) | BV_H] = true,                        \
	[(code) | BV_W] = true, [(code) | BV_DW] = true

static const bool opcode_table[256] = {
	ALU_OPS(BV_ALU),
	WITH_K_AND_X(BV_ALU | BV_END), /* to little / big endian */
	ALU_OPS(BV_ALU64),
	[BV_ALU64 | BV_END | BV_TO_LE] = true, /* bswap */
	COND_JUMPS(BV_JMP),
	[BV_JMP | BV_JA] = true,
	[BV_JMP | BV_CALL] = true,
	[BV_JMP | BV_EXIT] = true,
	[BV_JMP | BV_JCOND] = true, /* may_goto */
	COND_JUMPS(BV_JMP32),
	[BV_JMP32 | BV_JA] = true, /* gotol */
	[BV_LD | BV_IMM | BV_DW] = true,
	[BV_LD | BV_ABS | BV_B] = true,
	[BV_LD | BV_ABS | BV_H] = true,
	[BV_LD | BV_ABS | BV_W] = true,
	[BV_LD | BV_IND | BV_B] = true,
	[BV_LD | BV_IND | BV_H] = true,
	[BV_LD | BV_IND | BV_W] = true,
	ALL_SIZES(BV_LDX | BV_MEM),
	[BV_LDX | BV_MEMSX | BV_B] = true,
	[BV_LDX | BV_MEMSX | BV_H] = true,
	[BV_LDX | BV_MEMSX | BV_W] = true,
	ALL_SIZES(BV_ST | BV_MEM),
	ALL_SIZES(BV_STX | BV_MEM),
	ALL_SIZES(BV_STX | BV_ATOMIC),
};

bool bv_opcode_known(uint8_t code)
{
	return opcode_table[code];
}

/* ---- privilege ---- */

bool bv_priv_bpf_capable(enum bv_privilege priv)
{
	return priv == BV_PRIV_ROOT || priv == BV_PRIV_BPF_ONLY;
}

bool bv_priv_perfmon_capable(enum bv_privilege priv)
{
	return priv == BV_PRIV_ROOT;
}

bool bv_priv_net_admin_capable(enum bv_privilege priv)
{
	return priv == BV_PRIV_ROOT;
}

/* ---- bpf_prog_load ---- */

/* is_net_admin_prog_type() in kernel/bpf/syscall.c */
static bool prog_type_needs_net_admin(uint32_t type)
{
	switch (type) {
	case PROG_SCHED_CLS:
	case PROG_SCHED_ACT:
	case PROG_XDP:
	case PROG_LWT_IN:
	case PROG_LWT_OUT:
	case PROG_LWT_XMIT:
	case PROG_LWT_SEG6LOCAL:
	case PROG_SK_SKB:
	case PROG_SK_MSG:
	case PROG_LIRC_MODE2:
	case PROG_FLOW_DISSECTOR:
	case PROG_CGROUP_DEVICE:
	case PROG_CGROUP_SOCK:
	case PROG_CGROUP_SOCK_ADDR:
	case PROG_CGROUP_SOCKOPT:
	case PROG_CGROUP_SYSCTL:
	case PROG_SOCK_OPS:
	case PROG_EXT:
	case PROG_NETFILTER:
		return true;
	default:
		return false;
	}
}

/* is_perfmon_prog_type() in kernel/bpf/syscall.c */
static bool prog_type_needs_perfmon(uint32_t type)
{
	switch (type) {
	case PROG_KPROBE:
	case PROG_TRACEPOINT:
	case PROG_PERF_EVENT:
	case PROG_RAW_TRACEPOINT:
	case PROG_RAW_TRACEPOINT_WRITABLE:
	case PROG_TRACING:
	case PROG_LSM:
	case PROG_STRUCT_OPS:
	case PROG_EXT:
		return true;
	default:
		return false;
	}
}

/* Without bpf_capable() only socket filters and cgroup skb programs load. */
static bool prog_type_unprivileged(uint32_t type)
{
	return type == PROG_SOCKET_FILTER || type == PROG_CGROUP_SKB;
}

static int check_prog_type_privilege(uint32_t type, enum bv_privilege priv,
				     struct bv_fault *fault)
{
	const char *need = NULL;

	if (!bv_priv_bpf_capable(priv) && !prog_type_unprivileged(type))
		need = "CAP_BPF";
	else if (prog_type_needs_net_admin(type) &&
		 !bv_priv_net_admin_capable(priv))
		need = "CAP_NET_ADMIN";
	else if (prog_type_needs_perfmon(type) && !bv_priv_perfmon_capable(priv))
		need = "CAP_PERFMON";
	if (!need)
		return 0;
	return bv_fault_set(fault, BV_FAULT_SILENT, EPERM, 0,
			    "loading program type %u needs %s (EPERM, no log)",
			    type, need);
}

int bv_check_load_attr(const struct bv_program *prog, enum bv_privilege priv,
		       struct bv_fault *fault)
{
	size_t limit = bv_priv_bpf_capable(priv) ? BV_MAX_INSNS : BPF_MAXINSNS;

	if (prog->prog_flags & ~KNOWN_PROG_FLAGS)
		return bv_fault_set(fault, BV_FAULT_SILENT, EINVAL, 0,
				    "unknown prog_flags 0x%x (EINVAL, no log)",
				    prog->prog_flags & ~KNOWN_PROG_FLAGS);
	if (prog->n_insns == 0 || prog->n_insns > limit)
		return bv_fault_set(fault, BV_FAULT_SILENT, E2BIG, 0,
				    "program has %zu instructions, outside 1..%zu (E2BIG, no log)",
				    prog->n_insns, limit);
	return check_prog_type_privilege(prog->prog_type, priv, fault);
}

/* ---- resolve_pseudo_ldimm64 ---- */

/* The maps the program has used so far (env->used_maps), by index in the
 * program's map list, and what their first use established. */
struct used_maps {
	uint64_t seen;            /* bit i: map i was added */
	int cgroup_storage[2];    /* map index per storage type, or -1 */
};

static bool sleepable(const struct bv_program *prog)
{
	return prog->prog_flags & F_SLEEPABLE;
}

/* The map types check_map_prog_compatibility() lets sleepable programs
 * use. */
static bool map_type_sleepable_ok(uint32_t type)
{
	switch (type) {
	case MAP_HASH:
	case MAP_LRU_HASH:
	case MAP_ARRAY:
	case MAP_PERCPU_HASH:
	case MAP_PERCPU_ARRAY:
	case MAP_LRU_PERCPU_HASH:
	case MAP_ARRAY_OF_MAPS:
	case MAP_HASH_OF_MAPS:
	case MAP_RINGBUF:
	case MAP_USER_RINGBUF:
	case MAP_INODE_STORAGE:
	case MAP_SK_STORAGE:
	case MAP_TASK_STORAGE:
	case MAP_CGRP_STORAGE:
	case MAP_QUEUE:
	case MAP_STACK:
	case MAP_ARENA:
		return true;
	default:
		return false;
	}
}

/* A map of maps passes only if its inner map's type does too (measured on
 * the reference build, whose message says "also as inner maps"). */
static bool map_sleepable_ok(const struct bv_program *prog, int idx)
{
	const struct bv_map_extra *extra = &prog->map_extra[idx];

	if (!map_type_sleepable_ok(prog->maps[idx].type))
		return false;
	return !extra->has_inner || map_type_sleepable_ok(extra->inner.type);
}

/* bpf_cgroup_storage_assign(): one cgroup storage map of each type. */
static int assign_cgroup_storage(struct used_maps *used, int idx,
				 uint32_t type, size_t insn,
				 struct bv_fault *fault)
{
	int *slot = &used->cgroup_storage[type == MAP_PERCPU_CGROUP_STORAGE];

	if (*slot >= 0 && *slot != idx)
		return LOGGED(fault, EBUSY, insn,
			      "only one cgroup storage of each type is allowed");
	*slot = idx;
	return 0;
}

static bool is_tracing_prog_type(uint32_t type)
{
	/* kprobe, tracepoint, perf_event, raw_tracepoint(_writable) */
	return type == 2 || type == 5 || type == 7 || type == 17 || type == 24;
}

static bool record_has(const struct bv_map_record *rec, enum bv_field_kind a,
		       enum bv_field_kind b)
{
	for (unsigned i = 0; i < rec->n; i++)
		if (rec->f[i].kind == a || rec->f[i].kind == b)
			return true;
	return false;
}

/* check_map_prog_compatibility()'s rules on the value's special fields (a
 * map from an ELF object has its value's BTF; assembly maps have none). */
static int check_map_fields_compat(const struct bv_program *prog, int idx,
				   size_t insn, struct bv_fault *fault)
{
	bool tracing = is_tracing_prog_type(prog->prog_type);
	struct bv_map_record rec;

	bv_map_record(prog, idx, &rec);
	if (tracing && record_has(&rec, BV_FIELD_LIST_HEAD, BV_FIELD_RB_ROOT))
		return LOGGED(
			fault, EINVAL, insn,
			"tracing progs cannot use bpf_{list_head,rb_root} yet");
	if (record_has(&rec, BV_FIELD_SPIN_LOCK, BV_FIELD_RES_SPIN_LOCK)) {
		if (prog->prog_type == 1 /* socket_filter */)
			return LOGGED(
				fault, EINVAL, insn,
				"socket filter progs cannot use bpf_spin_lock yet");
		if (tracing)
			return LOGGED(
				fault, EINVAL, insn,
				"tracing progs cannot use bpf_spin_lock yet");
	}
	if (tracing && record_has(&rec, BV_FIELD_TIMER, BV_FIELD_TIMER))
		return LOGGED(fault, EINVAL, insn,
			      "tracing progs cannot use bpf_timer yet");
	if (tracing && record_has(&rec, BV_FIELD_WORKQUEUE, BV_FIELD_WORKQUEUE))
		return LOGGED(fault, EINVAL, insn,
			      "tracing progs cannot use bpf_wq yet");
	if (tracing && record_has(&rec, BV_FIELD_TASK_WORK, BV_FIELD_TASK_WORK))
		return bv_fault_set(
			fault, BV_FAULT_UNSUPPORTED, 0, insn,
			"bpf_task_work fields in tracing programs are not modelled");
	return 0;
}

/* check_map_prog_compatibility(), run on the map's first use
 * (__add_used_map). */
static int check_map_compat(const struct bv_program *prog, int idx,
			    struct used_maps *used, size_t insn,
			    struct bv_fault *fault)
{
	uint32_t type = prog->maps[idx].type;

	if (check_map_fields_compat(prog, idx, insn, fault))
		return -1;

	if (type == MAP_STRUCT_OPS)
		return LOGGED(fault, EINVAL, insn,
			      "bpf_struct_ops map cannot be used in prog");
	if (sleepable(prog) && !map_sleepable_ok(prog, idx))
		return LOGGED(fault, EINVAL, insn,
			      "Sleepable programs can only use array, hash, ringbuf and local storage maps, also as inner maps");
	if (type == MAP_CGROUP_STORAGE || type == MAP_PERCPU_CGROUP_STORAGE)
		return assign_cgroup_storage(used, idx, type, insn, fault);
	if (type == MAP_ARENA)
		return bv_fault_set(fault, BV_FAULT_UNSUPPORTED, 0, insn,
				    "arena maps are not modelled (map '%s')",
				    prog->maps[idx].name);
	return 0;
}

static int add_used_map(const struct bv_program *prog, int idx,
			struct used_maps *used, size_t insn,
			struct bv_fault *fault)
{
	uint64_t bit = (uint64_t)1 << idx;

	if (used->seen & bit)
		return 0;
	used->seen |= bit;
	return check_map_compat(prog, idx, used, insn, fault);
}

static bool is_map_index_load(const struct bv_insn *insn)
{
	return insn->src_reg == BV_PSEUDO_MAP_IDX ||
	       insn->src_reg == BV_PSEUDO_MAP_IDX_VALUE;
}

static bool is_map_value_load(const struct bv_insn *insn)
{
	return insn->src_reg == BV_PSEUDO_MAP_VALUE ||
	       insn->src_reg == BV_PSEUDO_MAP_IDX_VALUE;
}

/* __bpf_map_get() fails with EBADF for a closed fd and EINVAL for an open
 * one that is not a map; the fds a loader always has open are 0 to 2. */
static int fd_lookup_errno(int32_t fd)
{
	return fd >= 0 && fd <= 2 ? EINVAL : EBADF;
}

/* The map a map load names (its fd, or its index into fd_array), or -1
 * with the fault. */
static int lookup_map(const struct bv_program *prog, const struct bv_insn *insn,
		      size_t idx, struct bv_fault *fault)
{
	int map = bv_program_map_for_ldimm(prog, idx);

	if (map >= 0)
		return map;
	if (bv_program_ldimm_is_raw(prog, idx) && is_map_index_load(insn))
		return bv_fault_set(fault, BV_FAULT_UNSUPPORTED, 0, idx,
				    "a map index load no relocation filled in (fd_array of libbpf) is not modelled yet");
	if (!is_map_index_load(insn))
		return LOGGED(fault, fd_lookup_errno(insn->imm), idx,
			      "fd %d is not pointing to valid bpf_map", insn->imm);
	if (prog->n_maps == 0)
		return LOGGED(fault, EPROTO, idx,
			      "fd_idx without fd_array is invalid");
	return bv_fault_set(fault, BV_FAULT_UNSUPPORTED, 0, idx,
			    "map index %d is outside the fd_array of %zu maps",
			    insn->imm, prog->n_maps);
}

/* The value offset of BPF_PSEUDO_MAP_VALUE: map_direct_value_addr() exists
 * only for plain arrays (array_map_direct_value_addr: one entry, offset
 * inside the value). */
static int check_map_value_offset(const struct bv_map_def *map, uint32_t off,
				  size_t idx, struct bv_fault *fault)
{
	if (off >= BPF_MAX_VAR_OFF)
		return LOGGED(fault, EINVAL, idx,
			      "direct value offset of %u is not allowed", off);
	if (map->type != MAP_ARRAY)
		return LOGGED(fault, EINVAL, idx,
			      "no direct value access support for this map type");
	if (map->max_entries != 1 || off >= map->value_size)
		return LOGGED(fault, map->max_entries != 1 ? ENOTSUPP : EINVAL,
			      idx,
			      "invalid access to map value pointer, value_size=%u off=%u",
			      map->value_size, off);
	return 0;
}

/* Which src_reg values a 64-bit load may carry, given its second half. */
static bool ldimm64_src_recognized(const struct bv_insn *insn)
{
	switch (insn[0].src_reg) {
	case BV_PSEUDO_MAP_VALUE:
	case BV_PSEUDO_MAP_IDX_VALUE:
		return true;
	case BV_PSEUDO_MAP_FD:
	case BV_PSEUDO_MAP_IDX:
		return insn[1].imm == 0;
	default:
		return false;
	}
}

static bool ldimm64_second_half_ok(const struct bv_insn *second)
{
	return second->code == 0 && second->dst_reg == 0 &&
	       second->src_reg == 0 && second->off == 0;
}

/* One 64-bit immediate load at insns[idx] (the kernel's loop body). */
static int resolve_one_ldimm64(const struct bv_program *prog,
			       struct used_maps *used, size_t idx,
			       struct bv_fault *fault)
{
	const struct bv_insn *insn = &prog->insns[idx];
	int map;

	if (idx + 1 == prog->n_insns || !ldimm64_second_half_ok(&insn[1]))
		return MALFORMED(fault, EINVAL, idx, "invalid bpf_ld_imm64 insn");
	if (insn->src_reg == 0 || insn->src_reg == BV_PSEUDO_FUNC)
		return 0;
	if (insn->src_reg == BV_PSEUDO_BTF_ID)
		return bv_fault_set(fault, BV_FAULT_UNSUPPORTED, 0, idx,
				    "kernel variables (BPF_PSEUDO_BTF_ID) need kernel BTF");
	if (!ldimm64_src_recognized(insn))
		return MALFORMED(fault, EINVAL, idx, "unrecognized bpf_ld_imm64 insn");
	map = lookup_map(prog, insn, idx, fault);
	if (map < 0 || add_used_map(prog, map, used, idx, fault))
		return -1;
	if (!is_map_value_load(insn))
		return 0;
	return check_map_value_offset(&prog->maps[map], (uint32_t)insn[1].imm,
				      idx, fault);
}

static bool ldx_fields_reserved(const struct bv_insn *insn)
{
	return BV_CLASS(insn->code) == BV_LDX &&
	       ((BV_MODE(insn->code) != BV_MEM &&
		 BV_MODE(insn->code) != BV_MEMSX) ||
		insn->imm != 0);
}

int bv_resolve_ldimm64(const struct bv_program *prog, struct bv_fault *fault)
{
	struct used_maps used = { .seen = 0, .cgroup_storage = { -1, -1 } };

	for (size_t i = 0; i < prog->n_insns; i++) {
		const struct bv_insn *insn = &prog->insns[i];

		if (ldx_fields_reserved(insn))
			return MALFORMED(fault, EINVAL, i,
				      "BPF_LDX uses reserved fields");
		if (bv_is_ldimm64(insn->code)) {
			if (resolve_one_ldimm64(prog, &used, i, fault))
				return -1;
			i++; /* the second half is not an instruction */
			continue;
		}
		if (!bv_opcode_known(insn->code))
			return MALFORMED(fault, EINVAL, i, "unknown opcode %02x",
				      insn->code);
	}
	return 0;
}

/* ---- check_attach_btf_id ---- */

/* can_be_sleepable() */
static bool prog_can_sleep(const struct bv_program *prog)
{
	switch (prog->prog_type) {
	case PROG_TRACING:
		return prog->attach_type == ATTACH_TRACE_FENTRY ||
		       prog->attach_type == ATTACH_TRACE_FEXIT ||
		       prog->attach_type == ATTACH_MODIFY_RETURN ||
		       prog->attach_type == ATTACH_TRACE_ITER;
	case PROG_LSM:
	case PROG_KPROBE: /* uprobes */
	case PROG_STRUCT_OPS:
		return true;
	default:
		return false;
	}
}

static bool prog_type_attaches_by_btf(uint32_t type)
{
	return type == PROG_STRUCT_OPS || type == PROG_TRACING ||
	       type == PROG_LSM || type == PROG_EXT;
}

static bool name_in(const char *name, const char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(name, set[i]))
			return true;
	return false;
}

/* bpf_check_attach_target and check_attach_btf_id for fentry, fexit and
 * fmod_ret: the functions the kernel refuses to trace (btf_id_deny), the
 * __noreturn ones an exit hook cannot attach to (noreturn_deny), and what
 * needs lists BTF does not carry (the error-injection list: sleepable
 * programs, fmod_ret outside the security_ hooks) */
static int check_trampoline_target(const struct bv_program *prog,
				   struct bv_fault *fault)
{
	static const char *const deny[] = {
		"migrate_disable",	  "migrate_enable",
		"rcu_read_unlock_strict", "preempt_count_add",
		"preempt_count_sub",	  "__rcu_read_lock",
		"__rcu_read_unlock",
	};
	static const char *const noreturn[] = {
		"__ia32_sys_exit",
		"__ia32_sys_exit_group",
		"__kunit_abort",
		"kunit_try_catch_throw",
		"__module_put_and_kthread_exit",
		"__x64_sys_exit",
		"__x64_sys_exit_group",
		"do_exit",
	};
	/* __noreturn functions newer lists name: 6.18's list is not known */
	static const char *const noreturn_maybe[] = {
		"do_group_exit",
		"kthread_complete_and_exit",
		"kthread_exit",
		"make_task_dead",
	};
	const char *name = prog->attach_name;
	uint32_t at = prog->attach_type;

	if (prog->prog_type != PROG_TRACING ||
	    (at != ATTACH_TRACE_FENTRY && at != ATTACH_TRACE_FEXIT &&
	     at != ATTACH_MODIFY_RETURN))
		return 0;
	if (name_in(name, deny, sizeof(deny) / sizeof(deny[0])))
		return bv_fault_set(
			fault, BV_FAULT_UNSUPPORTED, 0, 0,
			"the kernel refuses to trace %s (btf_id_deny), without a message",
			name);
	if (at != ATTACH_TRACE_FENTRY &&
	    name_in(name, noreturn, sizeof(noreturn) / sizeof(noreturn[0])))
		return LOGGED(
			fault, EINVAL, 0,
			"Attaching fexit/fmod_ret to __noreturn functions is rejected.");
	if (at != ATTACH_TRACE_FENTRY &&
	    name_in(name, noreturn_maybe,
		    sizeof(noreturn_maybe) / sizeof(noreturn_maybe[0])))
		return bv_fault_set(
			fault, BV_FAULT_UNSUPPORTED, 0, 0,
			"whether the kernel lets exit hooks attach to %s is not known",
			name);
	if (sleepable(prog))
		return bv_fault_set(
			fault, BV_FAULT_UNSUPPORTED, 0, 0,
			"whether %s may be traced by a sleepable program (the error-injection list) is not known",
			name);
	if (at == ATTACH_MODIFY_RETURN && strncmp(name, "security_", 9))
		return bv_fault_set(
			fault, BV_FAULT_UNSUPPORTED, 0, 0,
			"whether %s() is modifiable (the error-injection list) is not known",
			name);
	return 0;
}

int bv_check_attach(const struct bv_program *prog, struct bv_fault *fault)
{
	if (prog->prog_type == PROG_SYSCALL) {
		if (sleepable(prog))
			return 0;
		return LOGGED(fault, EINVAL, 0,
			      "Syscall programs can only be sleepable");
	}
	if (sleepable(prog) && !prog_can_sleep(prog))
		return LOGGED(fault, EINVAL, 0,
			      "Only fentry/fexit/fmod_ret, lsm, iter, uprobe, and struct_ops programs can be sleepable");
	if (prog_type_attaches_by_btf(prog->prog_type) &&
	    !bv_prog_has_btf_ctx(prog))
		return bv_fault_set(fault, BV_FAULT_UNSUPPORTED, 0, 0,
				    "%s programs attach through kernel BTF, which is not modelled yet",
				    bv_prog_type_name(prog->prog_type));
	return check_trampoline_target(prog, fault);
}

/* ---- do_check: one instruction ---- */

void bv_insn_env_init(const struct bv_program *prog, struct bv_insn_env *env)
{
	env->prog_type = prog->prog_type;
	env->has_arena = false;
	for (size_t i = 0; i + 1 < prog->n_insns; i++) {
		const struct bv_insn *insn = &prog->insns[i];
		int map;

		if (!bv_is_ldimm64(insn->code))
			continue;
		map = bv_program_map_for_ldimm(prog, i);
		if (map >= 0 && prog->maps[map].type == MAP_ARENA)
			env->has_arena = true;
		i++;
	}
}

static bool alu_off_reserved(const struct bv_insn *insn)
{
	unsigned op = BV_OP(insn->code);

	/* off 1 selects the signed division and modulo */
	return insn->off != 0 &&
	       !(insn->off == 1 && (op == BV_DIV || op == BV_MOD));
}

static bool neg_fields_reserved(const struct bv_insn *insn)
{
	return BV_SRC(insn->code) != BV_K || insn->src_reg != 0 ||
	       insn->off != 0 || insn->imm != 0;
}

static bool end_fields_reserved(const struct bv_insn *insn)
{
	return insn->src_reg != 0 || insn->off != 0 ||
	       (insn->imm != 16 && insn->imm != 32 && insn->imm != 64) ||
	       (BV_CLASS(insn->code) == BV_ALU64 &&
		BV_SRC(insn->code) != BV_TO_LE);
}

/* The sign-extension widths a register move accepts in off. */
static bool mov_off_ok(const struct bv_insn *insn)
{
	return insn->off == 0 || insn->off == 8 || insn->off == 16 ||
	       (insn->off == 32 && BV_CLASS(insn->code) == BV_ALU64);
}

static int check_addr_space_cast(const struct bv_insn_env *env,
				 const struct bv_insn *insn, size_t idx,
				 struct bv_fault *fault)
{
	if (insn->imm != ADDR_SPACE_CAST_FROM_1 &&
	    insn->imm != ADDR_SPACE_CAST_TO_1)
		return MALFORMED(fault, EINVAL, idx,
			      "addr_space_cast insn can only convert between address space 1 and 0");
	if (!env->has_arena)
		return LOGGED(fault, EINVAL, idx,
			      "addr_space_cast insn can only be used in a program that has an associated arena");
	return 0;
}

static int check_mov_fields(const struct bv_insn_env *env,
			    const struct bv_insn *insn, size_t idx,
			    struct bv_fault *fault)
{
	bool reserved;

	if (BV_SRC(insn->code) == BV_K)
		reserved = insn->src_reg != 0 || insn->off != 0;
	else if (BV_CLASS(insn->code) == BV_ALU64 &&
		 insn->off == BV_ADDR_SPACE_CAST_OFF)
		return check_addr_space_cast(env, insn, idx, fault);
	else
		reserved = !mov_off_ok(insn) || insn->imm != 0;
	if (reserved)
		return MALFORMED(fault, EINVAL, idx, "BPF_MOV uses reserved fields");
	return 0;
}

/* check_alu_op() up to its first register access. */
static int check_alu_fields(const struct bv_insn_env *env,
			    const struct bv_insn *insn, size_t idx,
			    struct bv_fault *fault)
{
	unsigned op = BV_OP(insn->code);
	bool reserved;

	if (op == BV_NEG) {
		if (neg_fields_reserved(insn))
			return MALFORMED(fault, EINVAL, idx,
				      "BPF_NEG uses reserved fields");
		return 0;
	}
	if (op == BV_END) {
		if (end_fields_reserved(insn))
			return MALFORMED(fault, EINVAL, idx,
				      "BPF_END uses reserved fields");
		return 0;
	}
	if (op == BV_MOV)
		return check_mov_fields(env, insn, idx, fault);
	if (BV_SRC(insn->code) == BV_X)
		reserved = insn->imm != 0 || alu_off_reserved(insn);
	else
		reserved = insn->src_reg != 0 || alu_off_reserved(insn);
	if (reserved)
		return MALFORMED(fault, EINVAL, idx, "BPF_ALU uses reserved fields");
	return 0;
}

/* check_alu_op() after reading both operands: constant divisors and shift
 * amounts. */
static int check_alu_operands(const struct bv_insn *insn, size_t idx,
			      struct bv_fault *fault)
{
	unsigned op = BV_OP(insn->code);
	int32_t width = BV_CLASS(insn->code) == BV_ALU64 ? 64 : 32;

	if (BV_SRC(insn->code) != BV_K)
		return 0;
	if ((op == BV_DIV || op == BV_MOD) && insn->imm == 0)
		return LOGGED(fault, EINVAL, idx, "div by zero");
	if ((op == BV_LSH || op == BV_RSH || op == BV_ARSH) &&
	    (insn->imm < 0 || insn->imm >= width))
		return LOGGED(fault, EINVAL, idx, "invalid shift %d", insn->imm);
	return 0;
}

/* The atomic operations check_atomic() knows, by imm; the read-modify-write
 * ones only come in 32 and 64 bits. */
static const struct atomic_op {
	int32_t imm;
	bool any_size;
} atomic_ops[] = {
	{ BV_ADD, false },
	{ BV_ADD | BV_FETCH, false },
	{ BV_AND, false },
	{ BV_AND | BV_FETCH, false },
	{ BV_OR, false },
	{ BV_OR | BV_FETCH, false },
	{ BV_XOR, false },
	{ BV_XOR | BV_FETCH, false },
	{ BV_XCHG, false },
	{ BV_CMPXCHG, false },
	{ BV_LOAD_ACQ, true },
	{ BV_STORE_REL, true },
};

static const struct atomic_op *find_atomic_op(int32_t imm)
{
	for (size_t i = 0; i < sizeof(atomic_ops) / sizeof(atomic_ops[0]); i++)
		if (atomic_ops[i].imm == imm)
			return &atomic_ops[i];
	return NULL;
}

static int check_atomic_fields(const struct bv_insn *insn, size_t idx,
			       struct bv_fault *fault)
{
	const struct atomic_op *op = find_atomic_op(insn->imm);
	unsigned size = BV_SIZE(insn->code);

	if (!op)
		return MALFORMED(fault, EINVAL, idx,
			      "BPF_ATOMIC uses invalid atomic opcode %02x",
			      (unsigned)insn->imm);
	if (!op->any_size && size != BV_W && size != BV_DW)
		return MALFORMED(fault, EINVAL, idx, "invalid atomic operand size");
	return 0;
}

static int check_stx_fields(const struct bv_insn *insn, size_t idx,
			    struct bv_fault *fault)
{
	if (BV_MODE(insn->code) == BV_ATOMIC)
		return check_atomic_fields(insn, idx, fault);
	if (BV_MODE(insn->code) != BV_MEM || insn->imm != 0)
		return MALFORMED(fault, EINVAL, idx, "BPF_STX uses reserved fields");
	return 0;
}

static int check_st_fields(const struct bv_insn *insn, size_t idx,
			   struct bv_fault *fault)
{
	if (BV_MODE(insn->code) != BV_MEM || insn->src_reg != 0)
		return MALFORMED(fault, EINVAL, idx, "BPF_ST uses reserved fields");
	return 0;
}

static bool call_fields_reserved(const struct bv_insn *insn)
{
	return BV_SRC(insn->code) != BV_K ||
	       (insn->src_reg != BV_PSEUDO_KFUNC_CALL && insn->off != 0) ||
	       (insn->src_reg != 0 && insn->src_reg != BV_PSEUDO_CALL &&
		insn->src_reg != BV_PSEUDO_KFUNC_CALL) ||
	       insn->dst_reg != 0 || BV_CLASS(insn->code) == BV_JMP32;
}

/* JMP's ja takes its offset from off, JMP32's gotol from imm; the other
 * field must be zero. */
static bool ja_fields_reserved(const struct bv_insn *insn)
{
	bool wide = BV_CLASS(insn->code) == BV_JMP32;

	return BV_SRC(insn->code) != BV_K || insn->src_reg != 0 ||
	       insn->dst_reg != 0 || (!wide && insn->imm != 0) ||
	       (wide && insn->off != 0);
}

static bool exit_fields_reserved(const struct bv_insn *insn)
{
	return BV_SRC(insn->code) != BV_K || insn->imm != 0 ||
	       insn->src_reg != 0 || insn->dst_reg != 0 ||
	       BV_CLASS(insn->code) == BV_JMP32;
}

/* may_goto: BPF_MAY_GOTO is src_reg 0 */
static bool may_goto_fields_reserved(const struct bv_insn *insn)
{
	return insn->code != (BV_JMP | BV_JCOND) || insn->src_reg != 0 ||
	       insn->dst_reg != 0 || insn->imm != 0;
}

static int check_jmp_fields(const struct bv_insn *insn, size_t idx,
			    struct bv_fault *fault)
{
	switch (BV_OP(insn->code)) {
	case BV_CALL:
		if (call_fields_reserved(insn))
			return MALFORMED(fault, EINVAL, idx,
				      "BPF_CALL uses reserved fields");
		return 0;
	case BV_JA:
		if (ja_fields_reserved(insn))
			return MALFORMED(fault, EINVAL, idx,
				      "BPF_JA uses reserved fields");
		return 0;
	case BV_EXIT:
		if (exit_fields_reserved(insn))
			return MALFORMED(fault, EINVAL, idx,
				      "BPF_EXIT uses reserved fields");
		return 0;
	case BV_JCOND:
		if (may_goto_fields_reserved(insn))
			return MALFORMED(fault, EINVAL, idx,
				      "invalid may_goto imm %d", insn->imm);
		return 0;
	default:
		return 0; /* conditional jumps: see check_cond_jmp_fields */
	}
}

static bool is_cond_jump(const struct bv_insn *insn)
{
	unsigned cls = BV_CLASS(insn->code), op = BV_OP(insn->code);

	return (cls == BV_JMP || cls == BV_JMP32) && op != BV_JA &&
	       op != BV_CALL && op != BV_EXIT && op != BV_JCOND;
}

/* check_cond_jmp_op() after reading dst: the unused source field. */
static int check_cond_jmp_fields(const struct bv_insn *insn, size_t idx,
				 struct bv_fault *fault)
{
	bool reserved = BV_SRC(insn->code) == BV_X ? insn->imm != 0
						   : insn->src_reg != 0;

	if (reserved)
		return MALFORMED(fault, EINVAL, idx,
			      "BPF_JMP/JMP32 uses reserved fields");
	return 0;
}

/* may_access_skb(): the program types whose context is an skb */
static bool prog_type_has_skb(uint32_t type)
{
	return type == PROG_SOCKET_FILTER || type == PROG_SCHED_CLS ||
	       type == PROG_SCHED_ACT;
}

/* check_ld_abs() up to its first register access. */
static int check_ld_abs_fields(const struct bv_insn_env *env,
			       const struct bv_insn *insn, size_t idx,
			       struct bv_fault *fault)
{
	if (!prog_type_has_skb(env->prog_type))
		return LOGGED(fault, EINVAL, idx,
			      "BPF_LD_[ABS|IND] instructions not allowed for this program type");
	if (insn->dst_reg != 0 || insn->off != 0 ||
	    BV_SIZE(insn->code) == BV_DW ||
	    (BV_MODE(insn->code) == BV_ABS && insn->src_reg != 0))
		return MALFORMED(fault, EINVAL, idx,
			      "BPF_LD_[ABS|IND] uses reserved fields");
	return 0;
}

static int check_ld_fields(const struct bv_insn_env *env,
			   const struct bv_insn *insn, size_t idx,
			   struct bv_fault *fault)
{
	unsigned mode = BV_MODE(insn->code);

	if (mode == BV_ABS || mode == BV_IND)
		return check_ld_abs_fields(env, insn, idx, fault);
	if (bv_is_ldimm64(insn->code) && insn->off != 0)
		return MALFORMED(fault, EINVAL, idx,
			      "BPF_LD_IMM64 uses reserved fields");
	return 0;
}

static int check_fields(const struct bv_insn_env *env,
			const struct bv_insn *insn, size_t idx,
			struct bv_fault *fault)
{
	switch (BV_CLASS(insn->code)) {
	case BV_ALU:
	case BV_ALU64:
		return check_alu_fields(env, insn, idx, fault);
	case BV_STX:
		return check_stx_fields(insn, idx, fault);
	case BV_ST:
		return check_st_fields(insn, idx, fault);
	case BV_JMP:
	case BV_JMP32:
		return check_jmp_fields(insn, idx, fault);
	case BV_LD:
		return check_ld_fields(env, insn, idx, fault);
	default:
		return 0; /* LDX: checked by resolve_pseudo_ldimm64 */
	}
}

static bool is_alu_arith(const struct bv_insn *insn)
{
	unsigned cls = BV_CLASS(insn->code), op = BV_OP(insn->code);

	return (cls == BV_ALU || cls == BV_ALU64) && op != BV_NEG &&
	       op != BV_END && op != BV_MOV;
}

int bv_check_insn(const struct bv_insn_env *env, const struct bv_insn *insn,
		  size_t idx, enum bv_insn_stage stage, struct bv_fault *fault)
{
	if (!bv_opcode_known(insn->code))
		return 0;
	switch (stage) {
	case BV_INSN_FIELDS:
		return check_fields(env, insn, idx, fault);
	case BV_INSN_AFTER_DST:
		return is_cond_jump(insn) ? check_cond_jmp_fields(insn, idx, fault)
					  : 0;
	case BV_INSN_OPERANDS:
		return is_alu_arith(insn) ? check_alu_operands(insn, idx, fault)
					  : 0;
	}
	return 0;
}
