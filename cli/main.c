/* SPDX-License-Identifier: MIT */
/* bpfverify: verify an eBPF program as the Linux 6.18 verifier would. */
#include "bpfverify.h"
#include "kernel/oracle.h"
#include "report/kernel_log.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CLI_F_STRICT_ALIGNMENT 1u /* BPF_F_STRICT_ALIGNMENT */

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
	unsigned long prog_flags; /* --prog-flags: ORed into the program's */
	bool disasm;
	bool disasm_kernel_style;
	bool kernel;
	int caps; /* -1: as the file says */
	const char *prog;     /* objects: only this program */
	const char *btf_path; /* objects: the CO-RE target BTF */
};

static void usage(FILE *out)
{
	fputs("usage: bpfverify [options] FILE\n"
	      "Verifies an eBPF program (assembly text, raw instruction bytes, or\n"
	      "every program of an ELF object from clang -target bpf) as the\n"
	      "Linux 6.18 verifier does.\n\n"
	      "  --prog-type TYPE       program type (name, e.g. xdp, or number)\n"
	      "  --attach-type TYPE     expected attach type (name or number)\n"
	      "  --map FD=TYPE,KEY,VALUE,MAX[,FLAGS]\n"
	      "                         a map that raw 64-bit loads name by fd FD\n"
	      "  --log-level N          0, 1 or 2, as the kernel's log_level\n"
	      "  --stats                print verification statistics (BPF_LOG_STATS)\n"
	      "  --strict-alignment     load with BPF_F_STRICT_ALIGNMENT\n"
	      "  --prog-flags N         add prog_flags bits N (e.g. 2: BPF_F_ANY_ALIGNMENT)\n"
	      "  --caps root|bpf        privilege of the loader (default: root)\n"
	      "  --disasm[=kernel]      print the program and stop; the default form\n"
	      "                         assembles back, =kernel is the log's text\n"
	      "  --kernel               ask the running kernel's verifier instead\n"
	      "  --prog NAME            objects: verify only program NAME\n"
	      "  --btf FILE             objects: kernel BTF for CO-RE and attach targets\n"
	      "                         (default /sys/kernel/btf/vmlinux)\n"
	      "  --version              the version and the kernel build it models\n"
	      "  -h, --help             this text\n\n"
	      "Exit status: 0 accepted, 1 rejected, 2 bad input or usage,\n"
	      "3 valid input that bpfverify cannot judge yet.\n",
	      out);
	fprintf(out, "\nModels Linux %s.\n", bv_reference_kernel());
}

static void version(void)
{
	printf("bpfverify %s (models Linux %s)\n", BV_VERSION,
	       bv_reference_kernel());
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

/* A prog_flags number (decimal or 0x hex), at most 32 bits as in bpf_attr */
static int parse_flags(const char *s, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 0);
	return errno || !*s || *end || *out > 0xffffffffUL || s[0] == '-';
}

static int parse_args(int argc, char **argv, struct cli *cli)
{
	enum { O_PROG_TYPE = 256, O_ATTACH, O_MAP, O_LOG, O_STATS, O_STRICT,
	       O_CAPS, O_DISASM, O_KERNEL, O_PROG, O_BTF, O_FLAGS,
	       O_VERSION };
	static const struct option opts[] = {
		{ "prog-type", required_argument, NULL, O_PROG_TYPE },
		{ "attach-type", required_argument, NULL, O_ATTACH },
		{ "map", required_argument, NULL, O_MAP },
		{ "log-level", required_argument, NULL, O_LOG },
		{ "stats", no_argument, NULL, O_STATS },
		{ "strict-alignment", no_argument, NULL, O_STRICT },
		{ "prog-flags", required_argument, NULL, O_FLAGS },
		{ "caps", required_argument, NULL, O_CAPS },
		{ "disasm", optional_argument, NULL, O_DISASM },
		{ "kernel", no_argument, NULL, O_KERNEL },
		{ "prog", required_argument, NULL, O_PROG },
		{ "btf", required_argument, NULL, O_BTF },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, O_VERSION },
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
		case O_FLAGS:
			if (parse_flags(optarg, &cli->prog_flags))
				return bad_usage("--prog-flags takes a number, not '%s'",
						 optarg);
			break;
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
		case O_PROG: cli->prog = optarg; break;
		case O_BTF: cli->btf_path = optarg; break;
		case 'h': usage(stdout); exit(EXIT_ACCEPTED);
		case O_VERSION: version(); exit(EXIT_ACCEPTED);
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
/* The prog_flags bits the command line adds (--strict-alignment,
 * --prog-flags), the same for bpfverify and the kernel load. */
static uint32_t extra_prog_flags(const struct cli *cli)
{
	return (uint32_t)cli->prog_flags | (cli->strict_alignment ? CLI_F_STRICT_ALIGNMENT : 0u);
}

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
	if (extra_prog_flags(cli))
		bv_program_set_flags(prog, bv_program_flags(prog) | extra_prog_flags(cli));
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

/* A verdict's word in the output and its exit status. */
static const char *const words[] = {
	[BV_ACCEPTED] = "accepted", [BV_REJECTED] = "rejected",
	[BV_BAD_INPUT] = "bad input", [BV_UNSUPPORTED] = "unsupported",
};
static const int codes[] = {
	[BV_ACCEPTED] = EXIT_ACCEPTED, [BV_REJECTED] = EXIT_REJECTED,
	[BV_BAD_INPUT] = EXIT_BAD_INPUT, [BV_UNSUPPORTED] = EXIT_UNSUPPORTED,
};

/* The error lines, then one verdict line. At log level 0 nothing else was
 * printed, so the error lines are printed here; above it the log has them. */
static int report(const char *who, const char *file, enum bv_verdict verdict,
		  const char *errors, unsigned log_level)
{

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
	char errors[BV_ERROR_TEXT_LEN];
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

/* ---- ELF objects: one verdict line per program ---- */

/* Severity of a program's outcome for the exit status: bad input, then a
 * rejection, then "cannot judge", then acceptance. */
static int worse(int a, int b)
{
	static const int rank[] = { [EXIT_ACCEPTED] = 0, [EXIT_UNSUPPORTED] = 1,
				    [EXIT_REJECTED] = 2, [EXIT_BAD_INPUT] = 3 };

	return rank[b] > rank[a] ? b : a;
}

struct outcome {
	enum bv_verdict verdict;
	char *log;        /* the log, libbpf's CO-RE fixup applied */
	char errors[BV_ERROR_TEXT_LEN];
	uint32_t insns;
	double usec;
};

/* One bv_verify of an object's program at the given log level, timed;
 * the log (libbpf's CO-RE fixup applied) when level is not 0. */
static void verify_object_at(const struct cli *cli, const bv_program *prog,
			     unsigned level, struct outcome *out,
			     struct bv_result *res)
{
	struct bv_log_text log = { 0 };
	struct bv_options opt = {
		.log_level = level,
		.log_stats = cli->stats,
		.log = level ? bv_log_text_append : NULL,
		.log_ctx = &log,
		.privilege = cli->caps >= 0 ? (enum bv_privilege)cli->caps : BV_PRIV_ROOT,
	};
	struct timespec t0, t1;
	char *fixed;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	out->verdict = bv_verify(prog, &opt, res);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	out->usec += (double)(t1.tv_sec - t0.tv_sec) * 1e6 +
		     (double)(t1.tv_nsec - t0.tv_nsec) / 1e3;
	out->insns = res->insn_processed;
	free(out->log);
	out->log = log.text ? log.text : strdup("");
	fixed = level && out->log ? bv_program_fixup_log(prog, out->log) : NULL;
	if (fixed) {
		free(out->log);
		out->log = fixed;
	}
}

/* At log level 0 only the error lines are printed, and bv_result has them:
 * no log is built. A rejection at a poisoned CO-RE instruction runs again
 * at level 1, because libbpf's fixup_verifier_log rewrites the error from
 * the failing instruction's log line. */
static void verify_object_prog(const struct cli *cli, const bv_program *prog,
			       struct outcome *out)
{
	struct bv_result res;

	verify_object_at(cli, prog, cli->log_level, out, &res);
	if (!cli->log_level && out->verdict == BV_REJECTED &&
	    strstr(res.error, "unknown#195896080"))
		verify_object_at(cli, prog, 1, out, &res);
	if (out->verdict == BV_REJECTED && out->log && *out->log)
		bv_log_error_lines(out->log, out->errors, sizeof(out->errors));
	/* a rejection before the log (a program type needing CAP_PERFMON, ...)
	 * or at level 0 has its reason only in res.error */
	if (!*out->errors)
		snprintf(out->errors, sizeof(out->errors), "%s", res.error);
}

static void kernel_object_prog(const struct cli *cli, const bv_program *prog,
			       struct outcome *out)
{
	struct bv_oracle_object_opts o = {
		.btf_path = cli->btf_path,
		.log_level = cli->log_level ? cli->log_level : 1,
		.stats = cli->stats,
		.priv = cli->caps >= 0 ? (enum bv_privilege)cli->caps : BV_PRIV_ROOT,
		.extra_flags = extra_prog_flags(cli),
	};
	struct bv_oracle_result res;

	if (bv_oracle_load_object(cli->file, bv_program_name(prog), &o, &res)) {
		out->verdict = BV_BAD_INPUT;
		snprintf(out->errors, sizeof(out->errors), "%s", res.why);
		out->log = strdup("");
		bv_oracle_result_free(&res);
		return;
	}
	out->verdict = res.verdict;
	out->log = res.log;
	res.log = NULL;
	if (res.libbpf_refused)
		snprintf(out->errors, sizeof(out->errors),
			 "libbpf refused the program before the kernel saw it (errno %d)",
			 res.load_errno);
	else
		bv_log_error_lines(out->log, out->errors, sizeof(out->errors));
}

static int object_prog(const struct cli *cli, bv_program *prog)
{
	const char *type = bv_prog_type_name(bv_program_type(prog));
	struct outcome out = { 0 };
	const char *why;
	bool unsupported;

	if (apply_overrides(cli, prog))
		return EXIT_BAD_INPUT;
	if (cli->prog_type && bv_program_section_unknown(prog))
		bv_program_clear_load_error(prog);
	why = bv_program_load_error(prog, &unsupported);
	if (why && !cli->kernel) {
		out.verdict = unsupported ? BV_UNSUPPORTED : BV_BAD_INPUT;
		snprintf(out.errors, sizeof(out.errors), "%s", why);
	} else if (cli->kernel) {
		kernel_object_prog(cli, prog, &out);
	} else {
		verify_object_prog(cli, prog, &out);
	}
	if (cli->log_level && out.log && *out.log)
		fputs(out.log, stdout);
	else if (out.verdict == BV_REJECTED && *out.errors)
		printf("%s\n", out.errors);
	if (out.verdict == BV_BAD_INPUT || out.verdict == BV_UNSUPPORTED)
		fprintf(stderr, "%s: %s: %s\n", bv_program_name(prog),
			words[out.verdict], out.errors);
	printf("%s: section %s, type %s: %s", bv_program_name(prog),
	       bv_program_section(prog), type ? type : "?", words[out.verdict]);
	if (!cli->kernel && (out.verdict == BV_ACCEPTED || out.verdict == BV_REJECTED))
		printf(" (%u insns processed, %.0f usec)", out.insns, out.usec);
	putchar('\n');
	free(out.log);
	return codes[out.verdict];
}

static int run_object(const struct cli *cli)
{
	struct bv_object_options opts = { .btf_path = cli->btf_path };
	struct bv_error err;
	bv_object *obj;
	int code = EXIT_ACCEPTED;
	size_t n = 0;

	if (cli->disasm || cli->n_maps)
		return bad_usage("%s is not available for ELF objects",
				 cli->disasm ? "--disasm" : "--map");
	if (bv_object_open(cli->file, &opts, &obj, &err)) {
		fprintf(stderr, "bpfverify: %s: %s\n", cli->file, err.msg);
		return EXIT_BAD_INPUT;
	}
	for (size_t i = 0; i < bv_object_program_count(obj); i++) {
		bv_program *prog = bv_object_program(obj, i);

		if (cli->prog && strcmp(cli->prog, bv_program_name(prog)))
			continue;
		code = worse(code, object_prog(cli, prog));
		n++;
	}
	bv_object_free(obj);
	if (n)
		return code;
	fprintf(stderr, "bpfverify: %s: %s\n", cli->file,
		cli->prog ? "no program of that name (--prog)" : "the object holds no programs");
	return EXIT_BAD_INPUT;
}

static bool is_elf_file(const char *path)
{
	unsigned char magic[4];
	FILE *f = fopen(path, "rb");
	bool elf = f && fread(magic, 1, 4, f) == 4 && !memcmp(magic, "\x7f" "ELF", 4);

	if (f)
		fclose(f);
	return elf;
}

int main(int argc, char **argv)
{
	struct cli cli = { 0 };
	struct bv_error err;
	bv_program *prog;
	int code;

	if (parse_args(argc, argv, &cli))
		return EXIT_BAD_INPUT;
	if (is_elf_file(cli.file)) {
		code = run_object(&cli);
		return code < 0 ? EXIT_BAD_INPUT : code;
	}
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
