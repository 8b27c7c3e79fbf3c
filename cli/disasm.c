/* SPDX-License-Identifier: MIT */
/* --disasm: a raw or assembly program printed back as assembly text. */
#include "cli.h"

static const char *flag_names[] = { "strict_alignment", "any_alignment",
				    "test_rnd_hi32",	"test_state_freq",
				    "sleepable",	"xdp_has_frags" };

/* The directives that make the printed program a complete assembly file. */
static void print_directives(const bv_program *prog)
{
	const char *type = bv_prog_type_name(bv_program_type(prog));
	uint32_t flags = bv_program_flags(prog);

	if (type)
		printf(".prog_type %s\n", type);
	else
		printf(".prog_type %u\n", bv_program_type(prog));
	if (bv_program_attach_type(prog))
		printf(".attach_type %u\n", bv_program_attach_type(prog));
	for (unsigned bit = 0; bit < 32; bit++) {
		if (!(flags & (1u << bit)))
			continue;
		if (bit < sizeof(flag_names) / sizeof(flag_names[0]))
			printf(".flags %s\n", flag_names[bit]);
		else
			printf(".flags 0x%x\n", 1u << bit);
	}
	for (size_t i = 0; i < bv_program_map_count(prog); i++) {
		const struct bv_map_def *m = bv_program_map(prog, i);
		const char *mtype = bv_map_type_name(m->type);
		char num[16];

		snprintf(num, sizeof(num), "%u", m->type);
		printf(".map %s %s key=%u value=%u entries=%u", m->name,
		       mtype ? mtype : num, m->key_size, m->value_size,
		       m->max_entries);
		if (m->flags)
			printf(" flags=0x%x", m->flags);
		putchar('\n');
	}
}

int cli_print_disasm(const struct cli *cli, const bv_program *prog)
{
	enum bv_disasm_style style =
		cli->disasm_kernel_style ? BV_DISASM_KERNEL : BV_DISASM_SOURCE;
	size_t n;
	char text[256];

	bv_program_insns(prog, &n);
	if (style == BV_DISASM_SOURCE)
		print_directives(prog);
	for (size_t i = 0; i < n;) {
		unsigned slots =
			bv_disasm_insn(prog, i, style, text, sizeof(text));

		printf("%zu: %s\n", i, text);
		i += slots ? slots : 1;
	}
	return EXIT_ACCEPTED;
}
