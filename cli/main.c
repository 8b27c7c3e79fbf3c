/* SPDX-License-Identifier: MIT */
/* bpfverify: verify an eBPF program as the Linux 6.18 verifier would. */
#include "bpfverify.h"
#include "kernel/oracle.h"
#include "report/kernel_log.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_ACCEPTED 0
#define EXIT_REJECTED 1
#define EXIT_BAD_INPUT 2
#define EXIT_UNSUPPORTED 3

#define MAX_CLI_MAPS 16

struct cli {
	const char *file;
	const char *prog_type;
	const char *attach_type;
	struct bv_map_def maps[MAX_CLI_MAPS];
	unsigned n_maps;
	unsigned log_level;
	bool stats;
	bool strict_alignment;
	bool disasm;
	bool disasm_kernel_style;
	bool kernel;
	int caps; /* -1: as the file says */
};

static void usage(FILE *out)
{
	fputs("usage: bpfverify [options] FILE\n"
	      "Verifies an eBPF program (assembly text or raw instruction bytes)\n"
	      "as the Linux 6.18 verifier does.\n\n"
	      "  --prog-type TYPE       program type (name, e.g. xdp, or number)\n"
	      "  --attach-type TYPE     expected attach type (name or number)\n"
	      "  --map FD=TYPE,KEY,VALUE,MAX[,FLAGS]\n"
	      "                         a map that raw 64-bit loads name by fd FD\n"
	      "  --log-level N          0, 1 or 2, as the kernel's log_level\n"
	      "  --stats                print verification statistics (BPF_LOG_STATS)\n"
	      "  --strict-alignment     load with BPF_F_STRICT_ALIGNMENT\n"
	      "  --caps root|bpf        privilege of the loader (default: root)\n"
	      "  --disasm[=kernel]      print the program and stop; the default form\n"
	      "                         assembles back, =kernel is the log's text\n"
	      "  --kernel               ask the running kernel's verifier instead\n"
	      "  -h, --help             this text\n\n"
	      "Exit status: 0 accepted, 1 rejected, 2 bad input or usage,\n"
	      "3 valid input that bpfverify cannot judge yet.\n",
	      out);
}

static int bad_usage(const char *fmt, const char *arg)
{
	fputs("bpfverify: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs(" (see --help)\n", stderr);
	return -1;
}

/* FD=TYPE,KEY,VALUE,MAX[,FLAGS] */
static int parse_map(struct cli *cli, const char *arg)
{
	struct bv_map_def m = { 0 };
	char type[64];
	int used = 0;
	int fields;

	if (cli->n_maps >= MAX_CLI_MAPS)
		return bad_usage("too many --map options%s", "");
	fields = sscanf(arg, "%d=%63[a-z_0-9],%u,%u,%u%n,%u%n", &m.fd, type,
			&m.key_size, &m.value_size, &m.max_entries, &used,
			&m.flags, &used);
	if (fields < 5 || m.fd < 0 || arg[used] != '\0')
		return bad_usage("bad --map '%s': want FD=TYPE,KEY,VALUE,MAX[,FLAGS]",
				 arg);
	if (bv_map_type_from_name(type, &m.type))
		return bad_usage("unknown map type '%s'", type);
	snprintf(m.name, sizeof(m.name), "fd%d", m.fd);
	cli->maps[cli->n_maps++] = m;
	return 0;
}

static int parse_args(int argc, char **argv, struct cli *cli)
{
	enum { O_PROG_TYPE = 256, O_ATTACH, O_MAP, O_LOG, O_STATS, O_STRICT,
	       O_CAPS, O_DISASM, O_KERNEL };
	static const struct option opts[] = {
		{ "prog-type", required_argument, NULL, O_PROG_TYPE },
		{ "attach-type", required_argument, NULL, O_ATTACH },
		{ "map", required_argument, NULL, O_MAP },
		{ "log-level", required_argument, NULL, O_LOG },
		{ "stats", no_argument, NULL, O_STATS },
		{ "strict-alignment", no_argument, NULL, O_STRICT },
		{ "caps", required_argument, NULL, O_CAPS },
		{ "disasm", optional_argument, NULL, O_DISASM },
		{ "kernel", no_argument, NULL, O_KERNEL },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;

	cli->caps = -1;
	opterr = 0; /* bad_usage() says what was wrong, once */
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case O_PROG_TYPE: cli->prog_type = optarg; break;
		case O_ATTACH: cli->attach_type = optarg; break;
		case O_MAP:
			if (parse_map(cli, optarg))
				return -1;
			break;
		case O_LOG:
			if (strlen(optarg) != 1 || optarg[0] < '0' || optarg[0] > '2')
				return bad_usage("--log-level takes 0, 1 or 2, not '%s'",
						 optarg);
			cli->log_level = (unsigned)(optarg[0] - '0');
			break;
		case O_STATS: cli->stats = true; break;
		case O_STRICT: cli->strict_alignment = true; break;
		case O_CAPS:
			if (strcmp(optarg, "root") && strcmp(optarg, "bpf"))
				return bad_usage("--caps takes root or bpf, not '%s'",
						 optarg);
			cli->caps = strcmp(optarg, "root") ? BV_PRIV_BPF_ONLY
							   : BV_PRIV_ROOT;
			break;
		case O_DISASM:
			if (optarg && strcmp(optarg, "kernel"))
				return bad_usage("--disasm takes only =kernel, not '%s'",
						 optarg);
			cli->disasm = true;
			cli->disasm_kernel_style = optarg != NULL;
			break;
		case O_KERNEL: cli->kernel = true; break;
		case 'h': usage(stdout); exit(EXIT_ACCEPTED);
		default: return bad_usage("unknown or incomplete option '%s'",
					  argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return bad_usage("expected one FILE, got %s",
				 optind >= argc ? "none" : "several");
	cli->file = argv[optind];
	return 0;
}

/* Applies the command line's overrides to the program read from FILE. */
static int apply_overrides(const struct cli *cli, bv_program *prog)
{
	struct bv_error err;
	uint32_t v;

	if (cli->prog_type) {
		if (bv_prog_type_from_name(cli->prog_type, &v))
			return bad_usage("unknown program type '%s'", cli->prog_type);
		bv_program_set_type(prog, v);
	}
	if (cli->attach_type) {
		if (bv_attach_type_from_name(cli->attach_type, &v))
			return bad_usage("unknown attach type '%s'", cli->attach_type);
		bv_program_set_attach_type(prog, v);
	}
	if (cli->strict_alignment)
		bv_program_set_flags(prog, bv_program_flags(prog) | 1u);
	for (unsigned i = 0; i < cli->n_maps; i++) {
		if (bv_program_add_map(prog, &cli->maps[i], &err)) {
			fprintf(stderr, "bpfverify: %s\n", err.msg);
			return -1;
		}
	}
	return 0;
}

static const char *flag_names[] = { "strict_alignment", "any_alignment",
				    "test_rnd_hi32", "test_state_freq",
				    "sleepable", "xdp_has_frags" };

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

static int print_disasm(const struct cli *cli, const bv_program *prog)
{
	enum bv_disasm_style style = cli->disasm_kernel_style ? BV_DISASM_KERNEL
							      : BV_DISASM_SOURCE;
	size_t n;
	char text[256];

	bv_program_insns(prog, &n);
	if (style == BV_DISASM_SOURCE)
		print_directives(prog);
	for (size_t i = 0; i < n;) {
		unsigned slots = bv_disasm_insn(prog, i, style, text, sizeof(text));

		printf("%zu: %s\n", i, text);
		i += slots ? slots : 1;
	}
	return EXIT_ACCEPTED;
}

static void print_line(void *ctx, const char *line)
{
	(void)ctx;
	fputs(line, stdout);
}

/* The error lines, then one verdict line. At log level 0 nothing else was
 * printed, so the error lines are printed here; above it the log has them. */
static int report(const char *who, const char *file, enum bv_verdict verdict,
		  const char *errors, unsigned log_level)
{
	static const char *const words[] = {
		[BV_ACCEPTED] = "accepted", [BV_REJECTED] = "rejected",
		[BV_BAD_INPUT] = "bad input", [BV_UNSUPPORTED] = "unsupported",
	};
	static const int codes[] = {
		[BV_ACCEPTED] = EXIT_ACCEPTED, [BV_REJECTED] = EXIT_REJECTED,
		[BV_BAD_INPUT] = EXIT_BAD_INPUT, [BV_UNSUPPORTED] = EXIT_UNSUPPORTED,
	};

	if (verdict == BV_REJECTED && log_level == 0 && *errors)
		printf("%s\n", errors);
	if (verdict == BV_BAD_INPUT || verdict == BV_UNSUPPORTED)
		fprintf(stderr, "%s: %s: %s: %s\n", who, file, words[verdict],
			errors);
	else
		printf("%s: %s: %s\n", who, file, words[verdict]);
	return codes[verdict];
}

static int run_kernel(const struct cli *cli, const bv_program *prog)
{
	enum bv_privilege priv = cli->caps >= 0 ? (enum bv_privilege)cli->caps
					       : bv_program_privilege(prog);
	struct bv_oracle_result res;
	char errors[BV_ERROR_LEN * 2];
	int code;

	if (bv_oracle_load(prog, cli->log_level, cli->stats, priv, &res)) {
		fprintf(stderr, "bpfverify: %s: %s\n", cli->file, res.why);
		bv_oracle_result_free(&res);
		return EXIT_BAD_INPUT;
	}
	bv_log_error_lines(res.log, errors, sizeof(errors));
	if (cli->log_level || cli->stats)
		fputs(res.log, stdout);
	if (res.verdict == BV_REJECTED && !*errors)
		snprintf(errors, sizeof(errors), "(no log; bpf() failed with errno %d)",
			 res.load_errno);
	code = report("kernel", cli->file, res.verdict, errors, cli->log_level);
	bv_oracle_result_free(&res);
	return code;
}

static int run_bpfverify(const struct cli *cli, const bv_program *prog)
{
	struct bv_options opt = {
		.log_level = cli->log_level,
		.log_stats = cli->stats,
		.log = print_line,
		.privilege = cli->caps >= 0 ? (enum bv_privilege)cli->caps
					    : bv_program_privilege(prog),
	};
	struct bv_result res;
	enum bv_verdict verdict = bv_verify(prog, &opt, &res);

	return report("bpfverify", cli->file, verdict, res.error, cli->log_level);
}

int main(int argc, char **argv)
{
	struct cli cli = { 0 };
	struct bv_error err;
	bv_program *prog;
	int code;

	if (parse_args(argc, argv, &cli))
		return EXIT_BAD_INPUT;
	if (bv_program_from_file(cli.file, &prog, &err)) {
		if (err.line)
			fprintf(stderr, "bpfverify: %s:%u: %s\n", cli.file,
				err.line, err.msg);
		else
			fprintf(stderr, "bpfverify: %s: %s\n", cli.file, err.msg);
		return EXIT_BAD_INPUT;
	}
	if (apply_overrides(&cli, prog)) {
		code = EXIT_BAD_INPUT;
	} else {
		if (cli.disasm)
			code = print_disasm(&cli, prog);
		else if (cli.kernel)
			code = run_kernel(&cli, prog);
		else
			code = run_bpfverify(&cli, prog);
	}
	bv_program_free(prog);
	return code;
}
