/* SPDX-License-Identifier: MIT */
/* One verification's working state (struct bpf_verifier_env). */
#ifndef BV_VERIFY_ENV_H
#define BV_VERIFY_ENV_H

#include "isa/validate.h"
#include "load/func_proto.h"
#include "load/map_record.h"
#include "load/program.h"
#include "report/vlog.h"
#include "verify/arena.h"
#include "verify/cfg.h"
#include "verify/precision.h"
#include "verify/prune.h"
#include "verify/stack_liveness.h"
#include "verify/state.h"

#include <errno.h>

/* BPF_COMPLEXITY_LIMIT_INSNS and BPF_COMPLEXITY_LIMIT_JMP_SEQ */
#define BV_COMPLEXITY_LIMIT_INSNS 1000000
#define BV_COMPLEXITY_LIMIT_JMP_SEQ 8192
/* Returned (negated) where bpfverify meets what it does not model yet: the
 * verdict is then BV_UNSUPPORTED, never a guess. */
#define BV_ENOTSUPP EOPNOTSUPP

/* A branch still to explore (struct bpf_verifier_stack_elem). */
struct bv_pending {
	struct bv_vstate st;
	int insn_idx;
	int prev_insn_idx;
	size_t log_pos; /* where the log stood when the branch was pushed */
};

/* Per-instruction facts (struct bpf_insn_aux_data, the parts used). */
struct bv_insn_aux {
	bool seen;
	/* a speculation barrier follows (Spectre v4): speculative paths
	 * end after this instruction */
	bool nospec_result;
	/* the pointer type the first explored path accessed memory through
	 * (ptr_type; BV_NOT_INIT: none yet) */
	uint32_t ptr_type;
	/* bpf_fastcall: a spill or fill of a pattern, and at the call the
	 * pairs the kernel would remove */
	bool fastcall_pattern;
	uint8_t fastcall_spills;
	/* a tail call: the program array of the paths so far, and whether
	 * they used two (map_ptr_state) */
	bool tail_call_seen;
	bool tail_call_poisoned;
	int tail_call_map;
};

/* A subprogram's bpf_fastcall stack: where the spill slots start, and
 * whether a pattern of a call the kernel does not inline keeps them. */
struct bv_fastcall {
	int16_t stack_off;
	bool keep_stack;
};

/* A subprogram's BTF as the verifier uses it (struct bpf_subprog_info and
 * bpf_func_info_aux, the parts used). */
struct bv_subprog_btf {
	bool args_cached; /* proto holds btf_prepare_func_args' result */
	bool unreliable;  /* a call did not match the prototype */
	bool called;	  /* a global function some verified path calls */
	bool verified;	  /* a global function verified on its own */
	bool changes_pkt_data;
	struct bv_func_proto proto;
};

struct bv_env {
	/* the memory of states, freed in one step at the end (arena.h) */
	struct bv_arena arena;
	const struct bv_program *prog;
	const struct bv_insn *insns;
	size_t n_insns;
	struct bv_insn_aux *aux;

	struct bv_insn_env ienv;
	bool malformed; /* an encoding check failed: bad input */
	enum bv_privilege priv;
	bool allow_ptr_leaks;	 /* CAP_PERFMON */
	bool allow_uninit_stack; /* CAP_PERFMON */
	bool bypass_spec_v1;	 /* CAP_PERFMON */
	bool bypass_spec_v4;	 /* CAP_PERFMON */

	struct bv_cfg cfg;
	/* explored states per instruction, and evicted ones kept alive */
	struct bv_state_list **explored;
	struct bv_state_list *evicted;
	uint32_t explored_states;
	struct idmap *idmap; /* scratch for states_equal */
	/* stack slot liveness (kernel/bpf/liveness.c), and the call chain
	 * it is keyed by, refreshed by bv_live_frames */
	struct bv_stack_liveness *sl;
	struct bv_live_frames lf;
	/* registers live before each instruction (NULL: all of them) */
	uint16_t *live_regs;
	/* precision tracking (precision.h): the scalars being traced back,
	 * the current instruction's history entry (-1: none yet), loops */
	struct bv_backtrack bt;
	struct bv_prec_memo prec_memo;
	int cur_hist_ent;
	struct bv_scc_info *scc;
	uint32_t num_backedges; /* back edge states kept (peak_states) */
	uint32_t jmps_processed;
	uint32_t prev_jmps_processed;
	uint32_t prev_insn_processed;

	struct bv_vstate cur;
	struct bv_pending *pending;
	size_t n_pending, cap_pending;

	int insn_idx;
	int prev_insn_idx;
	uint32_t id_gen;
	uint32_t insn_processed;
	uint32_t max_states_per_insn;
	uint32_t total_states;
	uint32_t peak_states;
	uint32_t *stack_depths; /* per subprogram, bytes */
	size_t stats_subprogs;	/* subprograms found by static checks that failed */
	struct bv_subprog_btf *sub_btf; /* per subprogram */
	/* the special fields of each map's value (bv_map_record), found
	 * once per verification */
	struct bv_map_record *map_rec;
	struct bv_fastcall *fastcall;	/* per subprogram */

	/* log state, as the kernel's env fields of the same names */
	struct bv_vlog log;
	const struct bv_line_info *prev_linfo;
	size_t prev_log_pos;
	size_t prev_insn_print_pos;
	uint64_t scratched_regs;	/* one bit per register */
	uint64_t scratched_stack_slots; /* one bit per 8-byte slot */
};

/* The record of map map_idx's value; NULL when it has none to know of (an
 * inner map template: no BTF). */
static inline const struct bv_map_record *
bv_env_map_record(const struct bv_env *env, int map_idx)
{
	if (!env->map_rec || map_idx < 0 ||
	    (size_t)map_idx >= env->prog->n_maps)
		return NULL;
	return &env->map_rec[map_idx];
}

static inline struct bv_frame *bv_cur_frame(struct bv_env *env)
{
	return env->cur.frames[env->cur.curframe];
}

static inline struct bv_reg *bv_cur_regs(struct bv_env *env)
{
	return bv_cur_frame(env)->regs;
}

__attribute__((format(printf, 2, 3))) void bv_verbose(struct bv_env *env,
						      const char *fmt, ...);

/* verifier.c: the current call chain for stack liveness */
const struct bv_live_frames *bv_live_frames(struct bv_env *env);

/* verifier.c: an encoding check of bv_check_insn, logged as the kernel
 * logs it. Returns 0 or -EINVAL. */
int bv_check_stage(struct bv_env *env, const struct bv_insn *insn,
		   enum bv_insn_stage stage);
/* verbose_linfo at the current instruction (log levels 1 and 2) */
void bv_print_linfo(struct bv_env *env);

/* state.c */
/* A copy whose frames hold only their allocated stack slots (explored
 * and pending states). */
int bv_state_copy_compact(struct bv_env *env, struct bv_vstate *dst,
			  const struct bv_vstate *src);
int bv_state_checkpoint(struct bv_env *env, struct bv_vstate *dst,
			struct bv_vstate *cur);
/* cur continues as saved (a compact copy), which is left empty */
int bv_state_resume(struct bv_env *env, struct bv_vstate *cur,
		    struct bv_vstate *saved);
void bv_state_free(struct bv_env *env, struct bv_vstate *st);
/* a whole frame (every stack slot), zeroed */
struct bv_frame *bv_frame_new(struct bv_env *env);
void bv_reg_mark_not_init(struct bv_reg *reg);
void bv_reg_mark_unknown(struct bv_env *env, struct bv_reg *reg);
void bv_reg_mark_known(struct bv_reg *reg, uint64_t value);
void bv_reg_mark_known_zero(struct bv_reg *reg);
void bv_reg_mark_ptr(struct bv_reg *reg, uint32_t type);
bool bv_reg_is_pointer(const struct bv_reg *reg);
void bv_init_func_regs(struct bv_frame *frame);
void bv_mark_reg_scratched(struct bv_env *env, unsigned regno);
void bv_mark_stack_slot_scratched(struct bv_env *env, unsigned spi);
void bv_for_each_reg(struct bv_vstate *st,
		     void (*fn)(struct bv_reg *reg, void *ctx), void *ctx);

/* state_text.c: print_verifier_state */
void bv_print_verifier_state(struct bv_env *env, const struct bv_vstate *st,
			     unsigned frameno, bool print_all);
void bv_print_insn_state(struct bv_env *env, const struct bv_vstate *st,
			 unsigned frameno);
const char *bv_reg_type_str(uint32_t type, char *buf, size_t len);
/* A register type's name for a message: formatted only where a message is
 * printed, never on the hot path. */
#define TYPE_NAME(type) bv_reg_type_str((type), (char[64]){ 0 }, 64)

/* regs.c: check_reg_arg */
enum bv_reg_arg_type { BV_SRC_OP, BV_DST_OP, BV_DST_OP_NO_MARK };
int bv_check_reg_arg(struct bv_env *env, unsigned regno,
		     enum bv_reg_arg_type t);
/* regs.c: __check_ptr_off_reg (check_ptr_off_reg is fixed_off_ok false) */
int bv_check_ptr_off_reg(struct bv_env *env, const struct bv_reg *reg,
			 unsigned regno, bool fixed_off_ok);

/* alu.c */
int bv_check_alu_op(struct bv_env *env, const struct bv_insn *insn);

/* mem.c */
int bv_check_load_store(struct bv_env *env, const struct bv_insn *insn);
int bv_check_ld_imm64(struct bv_env *env, const struct bv_insn *insn);
int bv_check_ld_abs(struct bv_env *env, const struct bv_insn *insn);
/* stack.c */
int bv_check_stack_access(struct bv_env *env, unsigned regno, int off, int size,
			  bool write, int value_regno, const struct bv_insn *insn);
int bv_stack_range_initialized(struct bv_env *env, unsigned regno, int off,
			       int size, bool zero_size_allowed, bool write,
			       bool raw);
/* check_helper_mem_access: memory a helper reads or writes through regno.
 * raw (MEM_UNINIT arguments) skips the initialisation check; the caller
 * then marks the bytes written (bv_mark_stack_written). */
int bv_check_helper_mem_access(struct bv_env *env, unsigned regno,
			       int64_t access_size, bool zero_size_allowed,
			       bool write, bool raw);
/* may_access_direct_pkt_data for a helper argument (its pkt_access) */
bool bv_helper_may_access_pkt(const struct bv_env *env, bool helper_pkt_access);
/* check_ptr_alignment with strict_alignment_once: a MEM_ALIGNED helper
 * argument of size bytes must be aligned to size, whatever the flags. */
int bv_check_arg_alignment(struct bv_env *env, unsigned regno, int size);
/* The bytes a raw-mode helper argument writes, marked STACK_MISC one by one
 * as check_helper_call does. */
int bv_mark_stack_written(struct bv_env *env, unsigned regno, int size,
			  const struct bv_insn *insn);

/* jmp.c */
/* mark_ptr_not_null_reg: a may-be-NULL pointer known not to be NULL */
void bv_mark_ptr_not_null(struct bv_reg *reg);
int bv_check_cond_jmp_op(struct bv_env *env, const struct bv_insn *insn,
			 int *insn_idx);
int bv_push_stack(struct bv_env *env, int insn_idx, int prev_insn_idx);

/* subprog.c */
int bv_check_subprog_call(struct bv_env *env, const struct bv_insn *insn);
int bv_return_from_subprog(struct bv_env *env);
void bv_update_stack_depth(struct bv_env *env, const struct bv_frame *frame,
			   uint32_t depth);
int bv_check_max_stack_depth(struct bv_env *env);

/* global_func.c */
int bv_subprog_btf_init(struct bv_env *env);
bool bv_subprog_is_global(const struct bv_env *env, size_t subprog);
const char *bv_subprog_name(const struct bv_env *env, size_t subprog);
/* btf_check_subprog_call: 0, or why the caller's r1-r5 do not match the
 * prototype (-EINVAL without BTF) */
int bv_btf_check_subprog_call(struct bv_env *env, size_t subprog);
/* the call of a global function; check_err is bv_btf_check_subprog_call's */
int bv_call_global_func(struct bv_env *env, size_t subprog, int check_err);
int bv_prepare_main_args(struct bv_env *env);
int bv_init_global_func_regs(struct bv_env *env, size_t subprog);
int bv_next_global_func(const struct bv_env *env, size_t after);

/* fastcall.c */
int bv_mark_fastcall_patterns(struct bv_env *env);
/* a stack access at off of frame's stack by the current instruction */
void bv_check_fastcall_stack_contract(struct bv_env *env, const struct bv_frame *frame,
				      int64_t off);
/* after verification: the stack depths without the removable pairs */
void bv_remove_fastcall_spills_fills(struct bv_env *env);

/* call.c */
/* check_func_arg_reg_off: the offsets a pointer passed as arg_type (0:
 * ARG_DONTCARE) may carry */
int bv_check_func_arg_reg_off(struct bv_env *env, unsigned regno,
			      uint32_t arg_type);
int bv_check_helper_call(struct bv_env *env, const struct bv_insn *insn);
/* jmp.c: reg_may_point_to_spin_lock, a value of a map whose value holds a
 * bpf_spin_lock (such a pointer keeps its id once checked for NULL) */
bool bv_reg_may_point_to_spin_lock(const struct bv_env *env,
				   const struct bv_reg *reg);
/* acquire_reference_state: a new reference the state holds, its id (or
 * -errno); release_reference: drops it and invalidates every register and
 * spill holding it (-EINVAL when the state holds no such reference). */
int bv_acquire_reference(struct bv_env *env);
int bv_release_reference(struct bv_env *env, uint32_t ref_obj_id);
/* A call's end for r0-r5: r1-r5 unreadable, all six scratched. */
void bv_clobber_caller_saved(struct bv_env *env);
/* do_misc_fixups: the tail call checks made after verification */
int bv_check_tail_call_fixups(struct bv_env *env);
/* clear_all_pkt_pointers: every packet pointer of the current state (all
 * frames, registers and spilled slots) becomes invalid (mark_reg_invalid) */
void bv_clear_all_pkt_pointers(struct bv_env *env);
int bv_check_exit(struct bv_env *env);
/* verifier.c: check_resource_leak ("PREFIX would lead to reference leak") */
int bv_check_resource_leak(struct bv_env *env, const char *prefix);

#endif
