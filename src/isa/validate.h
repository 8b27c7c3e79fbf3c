/* SPDX-License-Identifier: MIT */
/* Encoding checks with the kernel's messages: the opcode table and reserved
 * fields (resolve_pseudo_ldimm64 and do_check in kernel/bpf/verifier.c), and
 * the checks bpf_prog_load (kernel/bpf/syscall.c) makes before the verifier
 * runs.
 *
 * Where each check sits in the kernel's sequence, as measured on 6.18:
 *
 *   bpf_prog_load     bv_check_load_attr      no log: flags, size, privilege
 *   bpf_check
 *     add_subprog_and_kfunc, check_subprogs    src/verify/cfg.c
 *     check_btf_info (no BTF: check_abnormal_return)   src/verify/cfg.c
 *     resolve_pseudo_ldimm64   bv_resolve_ldimm64   one pass over all slots
 *     check_cfg                                src/verify/cfg.c
 *     check_attach_btf_id      bv_check_attach
 *     do_check                 bv_check_insn   when an instruction is reached
 *
 * bv_static_checks (src/verify/cfg.h) runs everything before do_check in
 * that order. */
#ifndef BV_ISA_VALIDATE_H
#define BV_ISA_VALIDATE_H

#include "bpfverify.h"

/* How a fault shows in the kernel. */
enum bv_fault_kind {
	/* The verifier logs msg as its error line and bpf() fails. */
	BV_FAULT_LOGGED = 0,
	/* bpf_prog_load refuses before the verifier runs: the log stays
	 * empty and only the errno tells; msg describes it for people. */
	BV_FAULT_SILENT = 1,
	/* bpfverify cannot tell what the kernel does here (kernel BTF,
	 * kfuncs, arena maps, ...); msg says what is missing. */
	BV_FAULT_UNSUPPORTED = 2,
};

/* A rejection before or outside simulation: the instruction it names and
 * the kernel's log line(s) for it. */
struct bv_fault {
	size_t insn;
	char msg[BV_ERROR_LEN];
	enum bv_fault_kind kind;
	/* The instruction's encoding is invalid in itself (unknown opcode,
	 * reserved fields, a broken 64-bit load): bad input, not a program
	 * the verifier judged. */
	bool malformed;
	/* The errno bpf(BPF_PROG_LOAD) fails with (EINVAL, E2BIG, ...); 0 for
	 * BV_FAULT_UNSUPPORTED. */
	int error;
	/* The subprograms found before the fault (add_subprog_and_kfunc ran:
	 * the statistics print one stack depth each); 0 before. */
	size_t subprogs;
};

/* Fills fault (msg from fmt, without the trailing newline) and returns -1,
 * so that a check can end with "return bv_fault_set(...)". */
int bv_fault_set(struct bv_fault *fault, enum bv_fault_kind kind, int error,
		 size_t insn, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* bpf_opcode_in_insntable(): whether the kernel knows the opcode at all. */
bool bv_opcode_known(uint8_t code);

/* The capabilities behind a privilege. Both bpfverify privileges are
 * bpf_capable() (CAP_BPF); BV_PRIV_ROOT also has CAP_PERFMON, CAP_NET_ADMIN
 * and CAP_SYS_ADMIN, BV_PRIV_BPF_ONLY none of them. A value outside the enum
 * is read as an unprivileged loader, the most restrictive reading. */
bool bv_priv_bpf_capable(enum bv_privilege priv);
bool bv_priv_perfmon_capable(enum bv_privilege priv);
bool bv_priv_net_admin_capable(enum bv_privilege priv);

/* bpf_prog_load's checks before bpf_check, in its order: unknown
 * prog_flags (EINVAL), instruction count 0 or above the limit (E2BIG:
 * 1,000,000 for bpf_capable, 4096 otherwise), program types the privilege
 * may not load (EPERM). All are BV_FAULT_SILENT. Not modelled: the license
 * (bpfverify loads as "GPL"), the program type's existence and its
 * expected_attach_type (bpf_prog_load_check_attach), attach_btf_id. */
int bv_check_load_attr(const struct bv_program *prog, enum bv_privilege priv,
		       struct bv_fault *fault);

/* resolve_pseudo_ldimm64(): one pass over every slot except the second
 * halves of 64-bit loads, stopping at the first of, per slot in this order:
 *   "BPF_LDX uses reserved fields" (mode not MEM/MEMSX, or imm != 0)
 *   for a 64-bit load: "invalid bpf_ld_imm64 insn" (no second half, or its
 *   code/dst/src/off not zero), "unrecognized bpf_ld_imm64 insn", the map
 *   lookup ("fd %d is not pointing to valid bpf_map", "fd_idx without
 *   fd_array is invalid"), the map's compatibility with the program, and
 *   for map values "direct value offset of %u is not allowed", "no direct
 *   value access support for this map type", "invalid access to map value
 *   pointer, value_size=%u off=%u"
 *   otherwise "unknown opcode %02x".
 * Map "fds" are resolved with bv_program_map_for_ldimm; an index load
 * (BPF_PSEUDO_MAP_IDX*) in a program without maps has no fd_array, as in the
 * oracle. BPF_PSEUDO_BTF_ID loads and arena maps (whose privilege and JIT
 * rules this pass would apply) are BV_FAULT_UNSUPPORTED. */
int bv_resolve_ldimm64(const struct bv_program *prog, struct bv_fault *fault);

/* check_attach_btf_id(), which runs after check_cfg: "Syscall programs can
 * only be sleepable", "Only fentry/fexit/fmod_ret, lsm, iter, uprobe, and
 * struct_ops programs can be sleepable"; tracing, LSM, extension and
 * struct_ops programs need kernel BTF: BV_FAULT_UNSUPPORTED. */
int bv_check_attach(const struct bv_program *prog, struct bv_fault *fault);

/* What the per-instruction checks need to know about the program. */
struct bv_insn_env {
	uint32_t prog_type;
	/* A 64-bit load names an arena map (prog->aux->arena). */
	bool has_arena;
};

void bv_insn_env_init(const struct bv_program *prog, struct bv_insn_env *env);

/* The points in do_check's handling of one instruction at which the kernel
 * checks its encoding. The verifier core calls bv_check_insn at each point
 * in turn and does the register work in between, exactly as listed here
 * (check_reg_arg: "R%d is invalid", "R%d !read_ok", "frame pointer is read
 * only"), so that the first error is the kernel's:
 *
 * class/op          BV_INSN_FIELDS   then               then
 * ALU NEG, END      fields           read dst, write dst
 * ALU MOV           fields (*)       X: read src; write dst
 * ALU other ops     fields           X: read src; read dst; BV_INSN_OPERANDS;
 *                                    write dst
 * LDX               (none: resolve)  read src, write dst
 * STX MEM           fields           read src, read dst
 * STX ATOMIC        opcode, size     reads (check_atomic)
 * ST                fields           read dst
 * JMP CALL          fields           the call
 * JMP/JMP32 JA      fields           -
 * JMP EXIT          fields           the exit
 * JMP JCOND         may_goto fields  -
 * other jumps       (none)           read dst; BV_INSN_AFTER_DST; X: read src
 * LD ABS/IND        program type,    read R6, ..., IND: read src
 *                   fields
 * LD IMM (64-bit)   off              write dst
 *
 * (*) the 64-bit register move with off 1 is addr_space_cast: its two
 * checks ("addr_space_cast insn can only convert between address space 1
 * and 0", "... can only be used in a program that has an associated arena")
 * come before the source read like the field check.
 *
 * Opcodes outside the kernel's table never reach do_check
 * (bv_resolve_ldimm64 rejects them first), so "invalid BPF_ALU opcode",
 * "invalid BPF_JMP/JMP32 opcode", "invalid BPF_LD mode", "invalid
 * BPF_LD_IMM insn" and "unknown insn class" cannot occur; bv_check_insn
 * passes such opcodes. */
enum bv_insn_stage {
	BV_INSN_FIELDS,    /* on reaching the instruction, before registers */
	BV_INSN_AFTER_DST, /* conditional jumps: after reading dst */
	BV_INSN_OPERANDS,  /* ALU: after reading the operands ("div by zero",
			      "invalid shift %d") */
};

/* Returns 0 when insn (at index idx) passes the checks of the stage, else
 * -1 with a BV_FAULT_LOGGED fault carrying the kernel's message. */
int bv_check_insn(const struct bv_insn_env *env, const struct bv_insn *insn,
		  size_t idx, enum bv_insn_stage stage, struct bv_fault *fault);

#endif
