/* SPDX-License-Identifier: MIT */
/* The text form of an explanation: what, where (with the source line),
 * why (the value's provenance, oldest first) and the fix. */
#include "explain_text.h"

static void print_loc(FILE *out, const struct bv_explain_loc *l)
{
	if (*l->file && l->column)
		fprintf(out, "%s:%u:%u", l->file, l->line, l->column);
	else if (*l->file) /* a log shows no columns */
		fprintf(out, "%s:%u", l->file, l->line);
	if (l->insn >= 0)
		fprintf(out, "%sinsn %d: %s", *l->file ? " (" : "", l->insn,
			l->insn_text);
	if (*l->file && l->insn >= 0)
		fputc(')', out);
	if (!*l->file && l->insn < 0)
		fputs("the program as a whole", out);
}

static void print_step(FILE *out, const struct bv_explain_step *s)
{
	fputs("    - ", out);
	if (*s->at.file)
		fprintf(out, "%s:%u: ", s->at.file, s->at.line);
	else if (s->at.insn >= 0)
		fprintf(out, "insn %d: ", s->at.insn);
	fputs(s->text, out);
	if (s->at.insn >= 0)
		fprintf(out, " [%d: %s]", s->at.insn, s->at.insn_text);
	fputc('\n', out);
}

/* A heading ("where:", ...), bold with colour */
static void heading(FILE *out, bool color, const char *indent, const char *word)
{
	fprintf(out, "%s%s%s%s", indent, color ? "\033[1m" : "", word,
		color ? "\033[0m" : "");
}

void cli_print_explanation(FILE *out, const struct bv_explanation *e,
			   bool color)
{
	if (e->kind == BV_EXPLAIN_NONE)
		return;
	heading(out, color, "", "explanation");
	fprintf(out, " (%s): %s\n", bv_explain_kind_name(e->kind), e->what);
	heading(out, color, "  ", "where:");
	fputc(' ', out);
	print_loc(out, &e->where);
	fputc('\n', out);
	if (*e->where.source)
		fprintf(out, "    | %s\n", e->where.source);
	heading(out, color, "  ", "why:");
	fputc('\n', out);
	for (unsigned i = 0; i < e->n_why; i++)
		print_step(out, &e->why[i]);
	heading(out, color, "  ", "fix:");
	fprintf(out, " %s\n", e->fix);
}
