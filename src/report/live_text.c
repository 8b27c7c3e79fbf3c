/* SPDX-License-Identifier: MIT */
/* The level-2 log text of add_subprog_and_kfunc ("func#N @START") and of
 * compute_live_registers ("Live regs before insn:" and its table), Linux
 * 6.18 kernel/bpf/verifier.c. */
#include "isa/opcodes.h"
#include "load/program.h"
#include "verify/liveness.h"

#include <stdlib.h>

/* print_bpf_insn's lines are short; this holds the longest */
#define INSN_TEXT_LEN 256

static bool is_subprog_ref(const struct bv_insn *insn)
{
	bool pseudo_call = insn->code == (BV_JMP | BV_CALL) &&
			   insn->src_reg == BV_PSEUDO_CALL;
	bool pseudo_func = bv_is_ldimm64(insn->code) &&
			   insn->src_reg == BV_PSEUDO_FUNC;

	return pseudo_call || pseudo_func;
}

static bool is_kfunc_call(const struct bv_insn *insn)
{
	return insn->code == (BV_JMP | BV_CALL) &&
	       insn->src_reg == BV_PSEUDO_KFUNC_CALL;
}

/* add_subprog_and_kfunc's scan of every slot: marks each subprogram start
 * in is_start; returns the count, or -1 where the pass fails or needs
 * kernel BTF. */
static int find_starts(const struct bv_program *prog, uint8_t *is_start)
{
	int count = 1;

	is_start[0] = 1;
	for (size_t i = 0; i < prog->n_insns; i++) {
		const struct bv_insn *insn = &prog->insns[i];
		int64_t target = (int64_t)i + insn->imm + 1;

		if (is_kfunc_call(insn))
			return -1;
		if (!is_subprog_ref(insn))
			continue;
		if (target < 0 || target >= (int64_t)prog->n_insns)
			return -1; /* call to invalid destination */
		if (!is_start[target] && ++count > BV_MAX_SUBPROGS)
			return -1; /* too many subprograms */
		is_start[target] = 1;
	}
	return count;
}

void bv_log_func_starts(struct bv_vlog *log, const struct bv_program *prog)
{
	uint8_t *is_start = prog->n_insns ? calloc(prog->n_insns, 1) : NULL;
	int func = 0;

	if (!is_start)
		return;
	if (find_starts(prog, is_start) > 0)
		for (size_t i = 0; i < prog->n_insns; i++)
			if (is_start[i])
				bv_vlog(log, "func#%d @%zu\n", func++, i);
	free(is_start);
}

/* r0-r9 as digits or dots; r10 and the bits above are not shown */
static void regs_text(uint16_t live, char out[11])
{
	for (int r = 0; r < 10; r++)
		out[r] = live & (1u << r) ? (char)('0' + r) : '.';
	out[10] = '\0';
}

static void log_live_line(struct bv_vlog *log, const struct bv_program *prog,
			  size_t idx, uint32_t scc, uint16_t live)
{
	char regs[11], text[INSN_TEXT_LEN];

	regs_text(live, regs);
	bv_disasm_insn(prog, idx, BV_DISASM_KERNEL, text, sizeof(text));
	if (scc)
		bv_vlog(log, "%3u ", scc);
	else
		bv_vlog(log, "    ");
	bv_vlog(log, "%3zu: %s %s\n", idx, regs, text);
}

void bv_log_program_prologue(struct bv_vlog *log,
			     const struct bv_program *prog,
			     const struct bv_cfg *cfg, const uint32_t *scc,
			     const uint16_t *live_before)
{
	for (size_t s = 0; s < cfg->n_subprogs; s++)
		bv_vlog(log, "func#%zu @%zu\n", s, cfg->subprogs[s].start);
	bv_vlog(log, "Live regs before insn:\n");
	for (size_t i = 0; i < prog->n_insns; i++) {
		log_live_line(log, prog, i, scc[i], live_before[i]);
		if (bv_is_ldimm64(prog->insns[i].code))
			i++; /* its second slot has no line */
	}
}
