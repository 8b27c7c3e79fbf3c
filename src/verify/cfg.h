/* SPDX-License-Identifier: MIT */
/* The kernel's control-flow passes before simulation (kernel/bpf/verifier.c
 * add_subprog_and_kfunc, check_subprogs, check_cfg with visit_insn and
 * push_insn) and everything else bpf_check runs before do_check, in its
 * order (bv_static_checks). */
#ifndef BV_VERIFY_CFG_H
#define BV_VERIFY_CFG_H

#include "bpfverify.h"
#include "isa/validate.h"

/* BPF_MAX_SUBPROGS */
#define BV_MAX_SUBPROGS 256

/* One subprogram (struct bpf_subprog_info), as check_subprogs leaves it. */
struct bv_subprog {
	size_t start;       /* its first instruction */
	size_t end;         /* one past its last instruction */
	bool has_tail_call; /* calls bpf_tail_call */
	bool has_ld_abs;    /* contains BPF_LD_[ABS|IND] */
};

/* What visit_insn marks on an instruction (struct bpf_insn_aux_data). */
enum bv_insn_mark {
	BV_MARK_PRUNE = 1u << 0,            /* mark_prune_point: do_check runs
					       is_state_visited() here */
	BV_MARK_JMP = 1u << 1,              /* mark_jmp_point: jump history is
					       recorded on arrival */
	BV_MARK_FORCE_CHECKPOINT = 1u << 2, /* mark_force_checkpoint */
	BV_MARK_CALLS_CALLBACK = 1u << 3,   /* mark_calls_callback */
	BV_MARK_JUMP_TARGET = 1u << 4,      /* mark_jump_target: a jump or
					       call lands here */
};

/* The result of the control-flow passes. Owns its arrays. */
struct bv_cfg {
	struct bv_subprog *subprogs; /* sorted by start; subprogs[0].start 0 */
	size_t n_subprogs;
	uint8_t *marks; /* n_insns entries of enum bv_insn_mark bits */
	size_t n_insns;
};

/* is_sync_callback_calling_insn for helpers: bpf_loop, for_each_map_elem,
 * find_vma and user_ringbuf_drain call a callback synchronously, an
 * unknown number of times; the verifier iterates over the callback until
 * states converge (visit_insn marks the call BV_MARK_CALLS_CALLBACK). */
bool bv_insn_calls_sync_callback(const struct bv_insn *insn);

/* Runs add_subprog_and_kfunc, check_subprogs and check_cfg on prog, in that
 * order, as a loader with privilege priv. Returns 0 and fills cfg, or -1
 * with the first fault (cfg is then empty). The passes assume what the
 * kernel's passes before them established only where stated:
 * bv_static_checks runs the whole sequence. Messages:
 *   "call to invalid destination", "too many subprograms" (a pseudo call or
 *   BPF_PSEUDO_FUNC load outside the program, or more than 256 subprograms;
 *   kfunc calls are BV_FAULT_UNSUPPORTED),
 *   "jump out of range from insn %d to %d" (a jump leaving its subprogram),
 *   "last insn is not an exit or jmp" (a subprogram that falls through),
 *   "unreachable insn %d", "jump into the middle of ldimm64 insn %d",
 *   "back-edge from insn %d to %d" (only for a loader that is not
 *   bpf_capable, as is "loading/calling other bpf or kernel functions are
 *   allowed for CAP_BPF and CAP_SYS_ADMIN"; both bpfverify privileges are
 *   bpf_capable). */
int bv_cfg_build(const struct bv_program *prog, enum bv_privilege priv,
		 struct bv_cfg *cfg, struct bv_fault *fault);

/* Frees cfg's arrays and empties it; cfg may be empty already. */
void bv_cfg_free(struct bv_cfg *cfg);

static inline bool bv_cfg_has_mark(const struct bv_cfg *cfg, size_t idx,
				   enum bv_insn_mark mark)
{
	return idx < cfg->n_insns && (cfg->marks[idx] & mark);
}

/* find_subprog(): the subprogram starting at insn, or -1. */
int bv_cfg_subprog_at(const struct bv_cfg *cfg, size_t insn);

/* The subprogram that contains insn (insn < cfg->n_insns). */
size_t bv_cfg_subprog_of(const struct bv_cfg *cfg, size_t insn);

/* Every check bpf_prog_load and bpf_check make before do_check, in the
 * kernel's order, stopping at the first fault:
 *   1. bv_check_load_attr       (bpf_prog_load, no log)
 *   2. add_subprog_and_kfunc
 *   3. check_subprogs
 *   4. check_btf_info, which without BTF is check_abnormal_return: "LD_ABS
 *      is not allowed in subprogs without BTF", "tail_call is not allowed
 *      in subprogs without BTF"
 *   5. bv_resolve_ldimm64       (resolve_pseudo_ldimm64)
 *   6. check_cfg
 *   7. bv_check_attach          (check_attach_btf_id)
 * Returns 0 when all pass, with cfg filled for do_check when cfg is not
 * NULL; else -1 with fault (and cfg empty). The passes after
 * check_attach_btf_id and before do_check (live registers, strongly
 * connected components, fastcall patterns) report nothing a program can
 * trigger. */
int bv_static_checks(const struct bv_program *prog, enum bv_privilege priv,
		     struct bv_cfg *cfg, struct bv_fault *fault);

#endif
