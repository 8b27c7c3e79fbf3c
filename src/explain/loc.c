/* SPDX-License-Identifier: MIT */
/* Places in source terms: the BTF line info record covering an
 * instruction (find_linfo, the record verbose_linfo prints). */
#include "explain/explain.h"
#include "load/program.h"

#include <stdio.h>
#include <string.h>

void bv_explain_loc_fill(const struct bv_program *prog, int insn,
			 struct bv_explain_loc *loc)
{
	const struct bv_line_info *l;

	memset(loc, 0, sizeof(*loc));
	loc->insn = insn;
	if (insn < 0 || (size_t)insn >= prog->n_insns)
		return;
	bv_disasm_insn(prog, (size_t)insn, BV_DISASM_SOURCE, loc->insn_text,
		       sizeof(loc->insn_text));
	l = bv_linfo_find(prog, (size_t)insn);
	if (!l || !l->file || !l->line_num) /* line 0: compiler-made code */
		return;
	snprintf(loc->file, sizeof(loc->file), "%s", l->file);
	loc->line = l->line_num;
	loc->column = l->line_col;
	snprintf(loc->source, sizeof(loc->source), "%s",
		 l->line ? l->line : "");
}

const char *bv_xat(const struct bv_xctx *x, int insn, char *buf, size_t len)
{
	const struct bv_line_info *l =
		insn >= 0 ? bv_linfo_find(x->prog, (size_t)insn) : NULL;

	if (l && l->file && l->line_num)
		snprintf(buf, len, "%s:%u", l->file, l->line_num);
	else if (insn >= 0)
		snprintf(buf, len, "insn %d", insn);
	else
		snprintf(buf, len, "the start");
	return buf;
}
