/* SPDX-License-Identifier: MIT */
/* The verifier's entry and main loop (bpf_check, do_check_common, do_check
 * and do_check_insn of kernel/bpf/verifier.c, Linux 6.18). */
#include "explain/explain.h"
#include "isa/disasm.h"
#include "report/kernel_log.h"
#include "verify/cfg.h"
#include "verify/env.h"
#include "verify/kfunc.h"
#include "verify/liveness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* do_check_insn's "this path ended at an exit" */
#define PROCESS_BPF_EXIT 1

int bv_check_stage(struct bv_env *env, const struct bv_insn *insn,
		   enum bv_insn_stage stage)
{
	struct bv_fault fault;

	if (!bv_check_insn(&env->ienv, insn, (size_t)env->insn_idx, stage, &fault))
		return 0;
	env->malformed = fault.malformed;
	bv_verbose(env, "%s\n", fault.msg);
	return -EINVAL;
}

static bool log_insns(const struct bv_env *env)
{
	return env->log.level & (BV_LOG_LEVEL1 | BV_LOG_LEVEL2);
}

static void mark_state_scratched(struct bv_env *env)
{
	env->scratched_regs = ~0ull;
	env->scratched_stack_slots = ~0ull;
}

static bool state_scratched(const struct bv_env *env)
{
	return env->scratched_regs || env->scratched_stack_slots;
}

static int pop_stack(struct bv_env *env, bool pop_log)
{
	struct bv_pending *head;

	if (!env->n_pending)
		return -ENOENT;
	head = &env->pending[--env->n_pending];
	if (bv_state_resume(env, &env->cur, &head->st)) {
		bv_state_free(env, &head->st);
		return -ENOMEM;
	}
	if (pop_log)
		bv_vlog_reset(&env->log, head->log_pos);
	env->insn_idx = head->insn_idx;
	env->prev_insn_idx = head->prev_insn_idx;
	return 0;
}

/* verbose_linfo: the source line of the instruction, when it differs from
 * the last one printed */
void bv_print_linfo(struct bv_env *env)
{
	const struct bv_line_info *l =
		bv_linfo_next(env->prog, (size_t)env->insn_idx, &env->prev_linfo);

	if (l)
		bv_verbose(env, "; %s @ %s:%u\n", l->line, l->file, l->line_num);
}

static void print_insn(struct bv_env *env)
{
	char text[256];

	bv_disasm_insn(env->prog, (size_t)env->insn_idx, BV_DISASM_KERNEL, text,
		       sizeof(text));
	env->prev_log_pos = env->log.end_pos;
	bv_verbose(env, "%d: %s\n", env->insn_idx, text);
	env->prev_insn_print_pos = env->log.end_pos - env->prev_log_pos;
	env->prev_log_pos = env->log.end_pos;
}

/* check_return_code, BPF_PROG_TYPE_CGROUP_SOCK_ADDR: recvmsg, getpeername
 * and getsockname hooks must return 1, bind hooks 0..3, the others 0..1. */
static void sock_addr_return_range(uint32_t attach_type, int32_t *lo, int32_t *hi)
{
	switch (attach_type) {
	case 19: /* cgroup_udp4_recvmsg */
	case 20: /* cgroup_udp6_recvmsg */
	case 29: /* cgroup_inet4_getpeername */
	case 30: /* cgroup_inet6_getpeername */
	case 31: /* cgroup_inet4_getsockname */
	case 32: /* cgroup_inet6_getsockname */
	case 51: /* cgroup_unix_recvmsg */
	case 52: /* cgroup_unix_getpeername */
	case 53: /* cgroup_unix_getsockname */
		*lo = *hi = 1;
		return;
	case 8: /* cgroup_inet4_bind */
	case 9: /* cgroup_inet6_bind */
		*lo = 0;
		*hi = 3;
		return;
	default:
		*lo = 0;
		*hi = 1;
	}
}

/* check_return_code for the main program: the program types whose return
 * value the kernel bounds, and the range. */
static bool return_range(const struct bv_env *env, int32_t *lo, int32_t *hi)
{
	switch (env->prog->prog_type) {
	case 8: /* cgroup_skb */
		*lo = 0;
		*hi = env->prog->attach_type == 1 /* egress */ ? 3 : 1;
		return true;
	case 9:	 /* cgroup_sock */
	case 13: /* sock_ops */
	case 15: /* cgroup_device */
	case 23: /* cgroup_sysctl */
	case 25: /* cgroup_sockopt */
	case 30: /* sk_lookup: SK_DROP..SK_PASS */
	case 32: /* netfilter: NF_DROP..NF_ACCEPT */
		*lo = 0;
		*hi = 1;
		return true;
	case 18: /* cgroup_sock_addr: the range depends on the hook */
		sock_addr_return_range(env->prog->attach_type, lo, hi);
		return true;
	case 26: /* tracing: fentry and fexit return 0, iterators 0 or 1 */
		*lo = 0;
		*hi = env->prog->attach_type == 28 /* trace_iter */ ? 1 : 0;
		return env->prog->attach_type == 24 ||
		       env->prog->attach_type == 25 ||
		       env->prog->attach_type == 28;
	case 17: /* raw_tracepoint with an attach type: void */
		*lo = *hi = 0;
		return env->prog->attach_type != 0;
	default:
		return false;
	}
}

static int check_return_code(struct bv_env *env)
{
	struct bv_reg *r0 = &bv_cur_regs(env)[0];
	int32_t lo, hi;
	char t[64];
	int err = bv_check_reg_arg(env, 0, BV_SRC_OP);

	if (err)
		return err;
	if (bv_reg_is_pointer(r0) && !env->allow_ptr_leaks) {
		bv_verbose(env, "R0 leaks addr as return value\n");
		return -EACCES;
	}
	if (bv_cur_frame(env)->subprogno) { /* a global function */
		if (r0->type == BV_SCALAR_VALUE)
			return 0;
		bv_verbose(env, "At subprogram exit the register R0 is not a scalar value (%s)\n",
			   TYPE_NAME(r0->type));
		return -EINVAL;
	}
	if (!return_range(env, &lo, &hi))
		return 0;
	if (r0->type != BV_SCALAR_VALUE) {
		bv_verbose(env, "At program exit the register R0 is not a known value (%s)\n",
			   bv_reg_type_str(r0->type, t, sizeof(t)));
		return -EINVAL;
	}
	/* the range check relies on r0's exact value */
	err = bv_mark_chain_precision(env, 0);
	if (err)
		return err;
	if (r0->s.smin >= lo && r0->s.smax <= hi)
		return 0;
	bv_verbose(env, "At program exit the register R0 has");
	if (r0->s.smin > INT64_MIN)
		bv_verbose(env, " smin=%lld", (long long)r0->s.smin);
	if (r0->s.smax < INT64_MAX)
		bv_verbose(env, " smax=%lld", (long long)r0->s.smax);
	if (r0->s.smin == INT64_MIN && r0->s.smax == INT64_MAX)
		bv_verbose(env, " unknown scalar value");
	bv_verbose(env, " should have been in [%d, %d]\n", lo, hi);
	return -EINVAL;
}

int bv_check_resource_leak(struct bv_env *env, const char *prefix)
{
	for (unsigned i = 0; i < env->cur.n_refs; i++)
		bv_verbose(env, "Unreleased reference id=%u alloc_insn=%d\n",
			   env->cur.refs[i].id, env->cur.refs[i].insn_idx);
	if (env->cur.n_refs) {
		bv_verbose(env, "%s would lead to reference leak\n", prefix);
		return -EINVAL;
	}
	if (env->cur.active_rcu_lock) {
		bv_verbose(
			env,
			"%s cannot be used inside bpf_rcu_read_lock-ed region\n",
			prefix);
		return -EINVAL;
	}
	if (env->cur.active_preempt_locks) {
		bv_verbose(
			env,
			"%s cannot be used inside bpf_preempt_disable-ed region\n",
			prefix);
		return -EINVAL;
	}
	return 0;
}

int bv_check_exit(struct bv_env *env)
{
	int err = env->cur.curframe ? 0
			: bv_check_resource_leak(env, "BPF_EXIT instruction in main prog");

	if (err)
		return err;
	if (env->cur.curframe)
		return bv_return_from_subprog(env);
	err = check_return_code(env);
	return err ? err : PROCESS_BPF_EXIT;
}

static int check_jmp_class(struct bv_env *env, const struct bv_insn *insn)
{
	uint8_t op = BV_OP(insn->code);
	int err;

	env->jmps_processed++;
	if (op == BV_CALL || op == BV_JA || op == BV_EXIT) {
		err = bv_check_stage(env, insn, BV_INSN_FIELDS);
		if (err)
			return err;
	}
	if (op == BV_CALL) {
		bv_mark_reg_scratched(env, 0);
		if (insn->src_reg == BV_PSEUDO_CALL)
			return bv_check_subprog_call(env, insn);
		if (insn->src_reg == BV_PSEUDO_KFUNC_CALL)
			return bv_check_kfunc_call(env, insn);
		err = bv_check_helper_call(env, insn);
	} else if (op == BV_JA) {
		env->insn_idx += BV_CLASS(insn->code) == BV_JMP ? insn->off : insn->imm;
		err = 0;
	} else if (op == BV_EXIT) {
		return bv_check_exit(env);
	} else {
		err = bv_check_cond_jmp_op(env, insn, &env->insn_idx);
	}
	return err;
}

static int check_ld_class(struct bv_env *env, const struct bv_insn *insn)
{
	if (BV_MODE(insn->code) == BV_IMM) {
		int err = bv_check_ld_imm64(env, insn);

		if (err)
			return err;
		env->insn_idx++; /* the second half */
		return 0;
	}
	return bv_check_ld_abs(env, insn);
}

/* do_check_insn: one instruction; advances env->insn_idx. */
static int do_check_insn(struct bv_env *env)
{
	const struct bv_insn *insn = &env->insns[env->insn_idx];
	int err;

	switch (BV_CLASS(insn->code)) {
	case BV_ALU:
	case BV_ALU64:
		err = bv_check_alu_op(env, insn);
		break;
	case BV_LDX:
	case BV_STX:
	case BV_ST:
		err = bv_check_load_store(env, insn);
		break;
	case BV_JMP:
	case BV_JMP32:
		err = check_jmp_class(env, insn);
		break;
	default:
		err = check_ld_class(env, insn);
		break;
	}
	if (err)
		return err;
	env->insn_idx++;
	return 0;
}

static void print_state_header(struct bv_env *env, bool *do_print_state)
{
	if ((env->log.level & BV_LOG_LEVEL2) && *do_print_state) {
		bv_verbose(env, "\nfrom %d to %d%s:", env->prev_insn_idx,
			   env->insn_idx,
			   env->cur.speculative ? " (speculative execution)" : "");
		bv_print_verifier_state(env, &env->cur, env->cur.curframe, true);
		*do_print_state = false;
	}
	if (state_scratched(env))
		bv_print_insn_state(env, &env->cur, env->cur.curframe);
}

/* The call chain of the current state, as stack liveness keys it. */
const struct bv_live_frames *bv_live_frames(struct bv_env *env)
{
	bv_live_frames_of(&env->cur, &env->cfg, &env->lf);
	return &env->lf;
}

/* error_recoverable_with_nospec: a speculative path that would fault is
 * cut off with a barrier instead of failing the program */
static bool recoverable_with_nospec(int err)
{
	return err == -EPERM || err == -EACCES || err == -EINVAL;
}

/* At a prune point, a state explored before may cover this one. */
static int prune_point(struct bv_env *env, bool do_print_state)
{
	int err;

	if (!bv_cfg_has_mark(&env->cfg, (size_t)env->insn_idx, BV_MARK_PRUNE))
		return 0;
	err = bv_is_state_visited(env, env->insn_idx);
	if (err <= 0)
		return err;
	if (log_insns(env)) {
		if (do_print_state)
			bv_verbose(env, "\nfrom %d to %d%s: safe\n",
				   env->prev_insn_idx, env->insn_idx,
				   env->cur.speculative ? " (speculative execution)" : "");
		else
			bv_verbose(env, "%d: safe\n", env->insn_idx);
	}
	return PROCESS_BPF_EXIT;
}

static int do_check(struct bv_env *env)
{
	bool pop_log = !(env->log.level & BV_LOG_LEVEL2);
	bool do_print_state = false;

	for (;;) {
		int err, prev_insn_idx;

		if (env->insn_idx < 0 || (size_t)env->insn_idx >= env->n_insns) {
			bv_verbose(env, "invalid insn idx %d insn_cnt %zu\n",
				   env->insn_idx, env->n_insns);
			return -EFAULT;
		}
		if (++env->insn_processed > BV_COMPLEXITY_LIMIT_INSNS) {
			bv_verbose(env, "BPF program is too large. Processed %u insn\n",
				   env->insn_processed);
			return -E2BIG;
		}
		/* precision: no history entry for this instruction yet; the
		 * state knows where it is and where it came from */
		env->cur_hist_ent = -1;
		env->cur.last_insn_idx = env->prev_insn_idx;
		env->cur.insn_idx = env->insn_idx;
		err = prune_point(env, do_print_state);
		if (err < 0)
			return err;
		if (err == PROCESS_BPF_EXIT)
			goto process_exit;
		if (bv_cfg_has_mark(&env->cfg, (size_t)env->insn_idx, BV_MARK_JMP)) {
			err = bv_push_jmp_history(env, &env->cur, 0, 0);
			if (err)
				return err;
		}
		if (log_insns(env)) {
			print_state_header(env, &do_print_state);
			bv_print_linfo(env);
			print_insn(env);
		} else {
			/* keep only what follows the last instruction: the
			 * error lines of a rejection, which are those of a
			 * level-1 log, so the source line advances as there
			 * (verbose_linfo before "infinite loop detected") */
			bv_linfo_next(env->prog, (size_t)env->insn_idx, &env->prev_linfo);
			bv_vlog_reset(&env->log, 0);
		}
		env->aux[env->insn_idx].seen = true;
		/* during the instruction, prev_insn_idx is the one before */
		prev_insn_idx = env->insn_idx;
		err = bv_sl_reset_write_marks(env->sl, bv_live_frames(env),
					      (uint32_t)env->insn_idx);
		if (!err)
			err = do_check_insn(env);
		if (err >= 0 || recoverable_with_nospec(err)) {
			int cerr = bv_sl_commit_write_marks(env->sl);

			if (cerr)
				return cerr;
		}
		if (err < 0 && env->cur.speculative && recoverable_with_nospec(err))
			err = PROCESS_BPF_EXIT; /* the kernel fences this path */
		/* a barrier after this instruction ends a speculative path */
		if (err >= 0 && env->cur.speculative &&
		    env->aux[prev_insn_idx].nospec_result)
			err = PROCESS_BPF_EXIT;
		if (err < 0)
			return err;
		env->prev_insn_idx = prev_insn_idx;
		/* a subprogram's exit: the caller's state is printed again
		 * (prepare_func_exit's do_print_state) */
		if (!err && env->insns[prev_insn_idx].code == (BV_JMP | BV_EXIT))
			do_print_state = true;
		if (err != PROCESS_BPF_EXIT)
			continue;
process_exit:
		mark_state_scratched(env);
		err = bv_update_branch_counts(env, &env->cur);
		if (!err)
			err = bv_sl_update(env->sl, bv_live_frames(env));
		if (err)
			return err;
		err = pop_stack(env, pop_log);
		if (err == -ENOENT) {
			/* at level 1 only a failing path is worth showing:
			 * every path ended well */
			if (pop_log)
				bv_vlog_reset(&env->log, 0);
			return 0;
		}
		if (err)
			return err;
		do_print_state = true;
	}
}

/* At log level 2 the kernel lists the subprograms and the live registers
 * before simulating ("func#0 @0", "Live regs before insn:"). */
static int print_prologue(struct bv_env *env)
{
	uint32_t *scc = calloc(env->n_insns ? env->n_insns : 1, sizeof(*scc));
	int err = scc ? bv_compute_scc(env->prog, scc) : -ENOMEM;

	if (!err)
		bv_log_program_prologue(&env->log, env->prog, &env->cfg, scc,
					env->live_regs);
	free(scc);
	return err;
}

/* compute_live_registers: states_equal compares only the registers that
 * the instruction or one after it may read. Where that is not known (the
 * helpers of an unmeasured program variant), every register counts. */
static int compute_live_regs(struct bv_env *env)
{
	int err;

	env->live_regs = calloc(env->n_insns ? env->n_insns : 1,
				sizeof(*env->live_regs));
	if (!env->live_regs)
		return -ENOMEM;
	err = bv_compute_live_regs(env->prog, &env->cfg, env->priv,
				   env->live_regs);
	if (!err && (env->log.level & BV_LOG_LEVEL2))
		err = print_prologue(env);
	if (err != -EOPNOTSUPP)
		return err;
	free(env->live_regs);
	env->live_regs = NULL;
	return 0;
}

/* do_check_common: a state of one frame that starts at subprog */
static int init_frame0_state(struct bv_env *env, size_t subprog)
{
	struct bv_frame *frame = bv_frame_new(env);

	if (!frame)
		return -ENOMEM;
	memset(&env->cur, 0, sizeof(env->cur));
	bv_precision_forget(env);
	env->cur.frames[0] = frame;
	frame->callsite = -1;
	frame->subprogno = (uint32_t)subprog;
	bv_init_func_regs(frame);
	env->cur.branches = 1;
	/* no instruction before the first */
	env->insn_idx = (int)env->cfg.subprogs[subprog].start;
	env->cur.first_insn_idx = env->insn_idx;
	env->cur.last_insn_idx = -1;
	env->prev_insn_idx = -1;
	env->prev_linfo = NULL;
	mark_state_scratched(env);
	return 0;
}

static int init_state(struct bv_env *env)
{
	int err = init_frame0_state(env, 0);

	if (err)
		return err;
	bv_reg_mark_ptr(&env->cur.frames[0]->regs[1], BV_PTR_TO_CTX);
	env->cur.frames[0]->regs[1].def_insn = -1;
	if (bv_precision_init(env) || compute_live_regs(env) || bv_subprog_btf_init(env))
		return -ENOMEM;
	env->sl = bv_sl_new(env->prog, &env->cfg, &env->log);
	if (!env->sl)
		return -ENOMEM;
	env->explored = calloc(env->n_insns, sizeof(*env->explored));
	env->stack_depths = calloc(env->cfg.n_subprogs, sizeof(*env->stack_depths));
	if (!env->stack_depths)
		return -ENOMEM;
	env->idmap = malloc(bv_idmap_size());
	return env->explored && env->idmap ? 0 : -ENOMEM;
}

/* do_check_common for a global function, after the explored states of the
 * pass before are freed (free_states) */
static int check_global_func(struct bv_env *env, size_t subprog)
{
	int err;

	bv_state_free(env, &env->cur);
	bv_explored_clear(env);
	bv_scc_visits_clear(env);
	err = init_frame0_state(env, subprog);
	if (!err)
		err = bv_init_global_func_regs(env, subprog);
	return err ? err : do_check(env);
}

/* do_check_subprogs: every global function a verified path calls, once,
 * until a pass finds none new */
static int check_global_funcs(struct bv_env *env)
{
	unsigned verified;

	do {
		verified = 0;
		for (int i = bv_next_global_func(env, 0); i > 0;
		     i = bv_next_global_func(env, (size_t)i)) {
			int err = check_global_func(env, (size_t)i);

			if (err)
				return err;
			/* at level 0 too: a later failure's error lines
			 * (those of a level-1 log) begin with it */
			bv_verbose(env, "Func#%d ('%s') is safe for any args that match its prototype\n",
				   i, bv_subprog_name(env, (size_t)i));
			env->sub_btf[i].verified = true;
			verified++;
		}
	} while (verified);
	return 0;
}

/* The subprograms the "stack depth" statistic lists: those found by the
 * CFG, or by the static checks that failed before it. */
static size_t stats_subprog_count(const struct bv_env *env)
{
	return env->cfg.n_subprogs ? env->cfg.n_subprogs : env->stats_subprogs;
}

static void print_stats(struct bv_env *env, double usec)
{
	if (env->log.level & BV_LOG_STATS) {
		size_t n = stats_subprog_count(env);

		bv_verbose(env, "verification time %lld usec\n", (long long)usec);
		bv_verbose(env, "stack depth ");
		for (size_t i = 0; i < n; i++)
			bv_verbose(env, "%s%u", i ? "+" : "",
				   env->stack_depths ? env->stack_depths[i] : 0);
		bv_verbose(env, "\n");
	}
	if (env->log.level)
		bv_verbose(env, "processed %u insns (limit %d) max_states_per_insn %u total_states %u peak_states %u mark_read 0\n",
			   env->insn_processed, BV_COMPLEXITY_LIMIT_INSNS,
			   env->max_states_per_insn, env->total_states,
			   env->peak_states);
}

/* Hands the log to the caller line by line. */
static void deliver_log(const struct bv_env *env, const struct bv_options *opt)
{
	const char *p = env->log.buf;

	if (!opt || !opt->log || !p || !env->log.level)
		return;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
		char stack_line[512];
		char *line = len < sizeof(stack_line) ? stack_line : malloc(len + 1);

		if (!line)
			return;
		memcpy(line, p, len);
		line[len] = '\0';
		opt->log(opt->log_ctx, line);
		if (line != stack_line)
			free(line);
		p += len;
	}
}

static enum bv_verdict verdict_of(const struct bv_env *env, int err)
{
	if (err == 0)
		return BV_ACCEPTED;
	if (err == -BV_ENOTSUPP)
		return BV_UNSUPPORTED;
	return env->malformed ? BV_BAD_INPUT : BV_REJECTED;
}

static void env_init(struct bv_env *env, const bv_program *prog,
		     const struct bv_options *opt)
{
	memset(env, 0, sizeof(*env));
	bv_arena_init(&env->arena);
	env->prog = prog;
	env->insns = prog->insns;
	env->n_insns = prog->n_insns;
	env->priv = opt ? opt->privilege : prog->privilege;
	env->allow_ptr_leaks = env->priv == BV_PRIV_ROOT;
	env->allow_uninit_stack = env->priv == BV_PRIV_ROOT;
	env->bypass_spec_v1 = env->priv == BV_PRIV_ROOT;
	env->bypass_spec_v4 = env->priv == BV_PRIV_ROOT;
	env->log.level = opt ? (opt->log_level & 3) | (opt->log_stats ? BV_LOG_STATS : 0) : 0;
	bv_insn_env_init(prog, &env->ienv);
}

static void env_free(struct bv_env *env)
{
	bv_precision_free(env);
	bv_explored_free(env);
	bv_cfg_free(&env->cfg);
	bv_state_free(env, &env->cur);
	for (size_t i = 0; i < env->n_pending; i++)
		bv_state_free(env, &env->pending[i].st);
	free(env->pending);
	free(env->aux);
	free(env->stack_depths);
	free(env->sub_btf);
	free(env->map_rec);
	free(env->fastcall);
	free(env->live_regs);
	bv_sl_free(env->sl);
	bv_vlog_free(&env->log);
	bv_arena_release(&env->arena);
}

/* Each map's special fields, found once for the whole verification. */
static int map_records_init(struct bv_env *env)
{
	size_t n = env->prog->n_maps;

	if (!n)
		return 0;
	env->map_rec = calloc(n, sizeof(*env->map_rec));
	if (!env->map_rec)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		bv_map_record(env->prog, (int)i, &env->map_rec[i]);
	return 0;
}

/* The first pass: every check bpf_check makes before simulation. */
static int static_checks(struct bv_env *env, struct bv_result *res)
{
	struct bv_fault fault;

	if (!bv_static_checks(env->prog, env->priv, &env->cfg, &fault))
		return 0;
	env->stats_subprogs = fault.subprogs;
	if (fault.kind == BV_FAULT_LOGGED) {
		env->malformed = fault.malformed;
		if (env->log.level & BV_LOG_LEVEL2)
			bv_log_func_starts(&env->log, env->prog);
		bv_verbose(env, "%s\n", fault.msg);
		return -EINVAL;
	}
	res->verdict = fault.kind == BV_FAULT_SILENT ? BV_REJECTED : BV_UNSUPPORTED;
	snprintf(res->error, sizeof(res->error), "%s", fault.msg);
	return 1;
}

/* fail_st: the state at the failing instruction when simulation failed */
static void finish(struct bv_env *env, const struct bv_options *opt,
		   struct bv_result *res, int err, double usec,
		   const struct bv_vstate *fail_st)
{
	res->verdict = verdict_of(env, err);
	res->insn_processed = env->insn_processed;
	res->max_states_per_insn = env->max_states_per_insn;
	res->total_states = env->total_states;
	res->peak_states = env->peak_states;
	res->verification_usec = (uint64_t)usec;
	/* the sum of the "stack depth" line's numbers, as veristat adds them */
	for (size_t i = 0; env->stack_depths && i < stats_subprog_count(env); i++)
		res->stack_depth += env->stack_depths[i];
	print_stats(env, usec);
	if (err)
		bv_log_error_lines(env->log.buf ? env->log.buf : "", res->error,
				   sizeof(res->error));
	if (res->verdict == BV_REJECTED)
		bv_explain(env->prog, fail_st, res);
	deliver_log(env, opt);
}

enum bv_verdict bv_verify(const bv_program *prog, const struct bv_options *opt,
			  struct bv_result *res)
{
	struct timespec t0, t1;
	const struct bv_vstate *fail_st = NULL;
	struct bv_env env;
	int err;

	memset(res, 0, sizeof(*res));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	env_init(&env, prog, opt);
	err = static_checks(&env, res);
	if (err > 0) {
		if (res->verdict == BV_REJECTED)
			bv_explain(prog, NULL, res);
		env_free(&env);
		return res->verdict;
	}
	if (!err) {
		env.aux = calloc(env.n_insns, sizeof(*env.aux));
		err = env.aux ? map_records_init(&env) : -ENOMEM;
		if (!err)
			err = init_state(&env);
		if (!err)
			err = bv_mark_fastcall_patterns(&env);
		if (!err)
			err = bv_prepare_main_args(&env);
		if (!err) {
			err = do_check(&env);
			if (!err)
				err = check_global_funcs(&env);
			fail_st = err ? &env.cur : NULL;
		}
		if (!err)
			bv_remove_fastcall_spills_fills(&env);
		if (!err)
			err = bv_check_max_stack_depth(&env);
		if (!err)
			err = bv_check_tail_call_fixups(&env);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	finish(&env, opt, res, err,
	       (double)(t1.tv_sec - t0.tv_sec) * 1e6 +
		       (double)(t1.tv_nsec - t0.tv_nsec) / 1e3,
	       fail_st);
	env_free(&env);
	return res->verdict;
}
