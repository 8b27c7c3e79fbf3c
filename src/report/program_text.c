/* SPDX-License-Identifier: MIT */
/* Disassembly of a whole program's instruction, with its maps' names. */
#include "isa/disasm.h"
#include "load/program.h"

/* The disassembler names instructions of prog->insns. */
static int map_index(const void *ctx, const struct bv_insn *insn)
{
	const struct bv_program *prog = ctx;

	return bv_program_map_for_ldimm(prog, (size_t)(insn - prog->insns));
}

static const char *map_name(const void *ctx, const struct bv_insn *insn)
{
	const struct bv_program *prog = ctx;
	int idx = map_index(prog, insn);

	return idx >= 0 && prog->maps[idx].name[0] ? prog->maps[idx].name : NULL;
}

static const char *kfunc_name(const void *ctx, const struct bv_insn *insn)
{
	return bv_program_kfunc_name(ctx, insn);
}

unsigned bv_disasm_insn(const bv_program *prog, size_t idx,
			enum bv_disasm_style style, char *buf, size_t len)
{
	const struct bv_disasm_maps maps = {
		.index = map_index,
		.name = map_name,
		.kfunc_name = kfunc_name,
		.ctx = prog,
	};

	if (idx >= prog->n_insns) {
		if (len)
			buf[0] = '\0';
		return 0;
	}
	return bv_isa_disasm(prog->insns, prog->n_insns, idx, style, &maps,
			     prog->privilege == BV_PRIV_ROOT, buf, len);
}
