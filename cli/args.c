/* SPDX-License-Identifier: MIT */
/* The command line's options (getopt_long); cli/help.txt describes them. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_bad_usage(const char *fmt, const char *arg)
{
	fputs("bpfverify: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs(" (see --help)\n", stderr);
	return -1;
}

static void version(void)
{
	printf("bpfverify %s (models Linux %s)\n", BV_VERSION,
	       bv_reference_kernel());
}

/* FD=TYPE,KEY,VALUE,MAX[,FLAGS] */
static int parse_map(struct cli *cli, const char *arg)
{
	struct bv_map_def m = { 0 };
	char type[64];
	int used = 0;
	int fields;

	if (cli->n_maps >= MAX_CLI_MAPS)
		return cli_bad_usage("too many --map options%s", "");
	fields = sscanf(arg, "%d=%63[a-z_0-9],%u,%u,%u%n,%u%n", &m.fd, type,
			&m.key_size, &m.value_size, &m.max_entries, &used,
			&m.flags, &used);
	if (fields < 5 || m.fd < 0 || arg[used] != '\0')
		return cli_bad_usage(
			"bad --map '%s': want FD=TYPE,KEY,VALUE,MAX[,FLAGS]",
			arg);
	if (bv_map_type_from_name(type, &m.type))
		return cli_bad_usage("unknown map type '%s'", type);
	snprintf(m.name, sizeof(m.name), "fd%d", m.fd);
	cli->maps[cli->n_maps++] = m;
	return 0;
}

/* A number (decimal or 0x hex) of at most 32 bits */
static int parse_number(const char *s, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 0);
	return errno || !*s || *end || *out > 0xffffffffUL || s[0] == '-';
}

static int add_filter(struct cli_filters *fs, const char *spec)
{
	bool deny = spec[0] == '!';
	const char *s = spec + deny;
	const char *slash = strchr(s, '/');
	struct cli_filter **arr = deny ? &fs->deny : &fs->allow;
	size_t *n = deny ? &fs->n_deny : &fs->n_allow;
	struct cli_filter *grown = realloc(*arr, (*n + 1) * sizeof(**arr));
	struct cli_filter f = { 0 };

	if (!grown)
		return -1;
	*arr = grown;
	if (slash) {
		f.file_glob = strndup(s, (size_t)(slash - s));
		f.prog_glob = strdup(slash + 1);
	} else {
		f.file_glob = strdup(s);
		f.either = true;
	}
	(*arr)[(*n)++] = f;
	return 0;
}

/* -f @FILE: one filter a line; '#' starts a comment line, as veristat. */
static int add_filter_file(struct cli_filters *fs, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int rc = 0;

	if (!f)
		return cli_bad_usage("cannot open filter file '%s'", path);
	while (!rc && fgets(line, sizeof(line), f)) {
		char *s = line + strspn(line, " \t");

		s[strcspn(s, "\r\n")] = '\0';
		if (*s && *s != '#')
			rc = add_filter(fs, s);
	}
	fclose(f);
	return rc;
}

/* --prog NAME: a glob on the program name, in any file */
static int add_prog_filter(struct cli_filters *fs, const char *glob)
{
	struct cli_filter *grown =
		realloc(fs->allow, (fs->n_allow + 1) * sizeof(*grown));

	if (!grown)
		return -1;
	fs->allow = grown;
	fs->allow[fs->n_allow++] =
		(struct cli_filter){ .prog_glob = strdup(glob) };
	return 0;
}

/* --fail-on verdict,insns>10%,states>100 */
static int parse_fail_on(struct cli *cli, const char *spec)
{
	char *copy = strdup(spec), *save = NULL;
	int rc = 0;

	for (char *t = strtok_r(copy, ",", &save); t && !rc;
	     t = strtok_r(NULL, ",", &save)) {
		struct cli_fail_on f = { 0 };
		char *gt = strchr(t, '>'), *end;

		if (cli->n_fail_on >= MAX_FAIL_ON) {
			rc = cli_bad_usage("too many --fail-on conditions%s",
					   "");
			break;
		}
		if (!strcmp(t, "verdict")) {
			f.verdict = true;
		} else if (gt) {
			*gt = '\0';
			f.limit = strtod(gt + 1, &end);
			f.percent = *end == '%';
			if (cli_col_from_name(t, &f.col) ||
			    !cli_col_numeric(f.col) || end == gt + 1 ||
			    end[f.percent] != '\0')
				rc = cli_bad_usage(
					"bad --fail-on condition '%s': want "
					"verdict or STAT>N[%%]",
					spec);
		} else {
			rc = cli_bad_usage("bad --fail-on condition '%s': want "
					   "verdict or STAT>N[%%]",
					   spec);
		}
		cli->fail_on[cli->n_fail_on++] = f;
	}
	free(copy);
	return rc;
}

static int parse_color(struct cli *cli, const char *when)
{
	if (!when || !strcmp(when, "always"))
		cli->color = true;
	else if (!strcmp(when, "never"))
		cli->color = false;
	else if (!strcmp(when, "auto"))
		cli->color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	else
		return cli_bad_usage(
			"--color takes auto, always or never, not '%s'", when);
	return 0;
}

static int parse_format(struct cli *cli, const char *fmt)
{
	if (!strcmp(fmt, "table"))
		cli->format = FMT_TABLE;
	else if (!strcmp(fmt, "csv"))
		cli->format = FMT_CSV;
	else if (!strcmp(fmt, "json"))
		cli->format = FMT_JSON;
	else
		return cli_bad_usage("-o takes table, csv or json, not '%s'",
				     fmt);
	return 0;
}

/* --format text|json|sarif|github */
static int parse_form(struct cli *cli, const char *form)
{
	static const char *const names[] = {
		[FORM_TEXT] = "text",
		[FORM_JSON] = "json",
		[FORM_SARIF] = "sarif",
		[FORM_GITHUB] = "github",
	};

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(form, names[i])) {
			cli->form = (enum cli_form)i;
			return 0;
		}
	}
	return cli_bad_usage(
		"--format takes text, json, sarif or github, not '%s'", form);
}

enum {
	O_PROG_TYPE = 256,
	O_ATTACH,
	O_MAP,
	O_STATS,
	O_STRICT,
	O_CAPS,
	O_DISASM,
	O_KERNEL,
	O_PROG,
	O_BTF,
	O_FLAGS,
	O_COLOR,
	O_CHANGES,
	O_FAIL_ON,
	O_NO_EXPLAIN,
	O_FORM
};

static const struct option long_opts[] = {
	{ "prog-type", required_argument, NULL, O_PROG_TYPE },
	{ "attach-type", required_argument, NULL, O_ATTACH },
	{ "map", required_argument, NULL, O_MAP },
	{ "log-level", required_argument, NULL, 'l' },
	{ "stats", no_argument, NULL, O_STATS },
	{ "strict-alignment", no_argument, NULL, O_STRICT },
	{ "prog-flags", required_argument, NULL, O_FLAGS },
	{ "caps", required_argument, NULL, O_CAPS },
	{ "disasm", optional_argument, NULL, O_DISASM },
	{ "kernel", no_argument, NULL, O_KERNEL },
	{ "prog", required_argument, NULL, O_PROG },
	{ "filter", required_argument, NULL, 'f' },
	{ "btf", required_argument, NULL, O_BTF },
	{ "jobs", required_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "no-explain", no_argument, NULL, O_NO_EXPLAIN },
	{ "verbose", no_argument, NULL, 'v' },
	{ "color", optional_argument, NULL, O_COLOR },
	{ "output-format", required_argument, NULL, 'o' },
	{ "format", required_argument, NULL, O_FORM },
	{ "emit", required_argument, NULL, 'e' },
	{ "sort", required_argument, NULL, 's' },
	{ "compare", no_argument, NULL, 'C' },
	{ "changes-only", no_argument, NULL, O_CHANGES },
	{ "fail-on", required_argument, NULL, O_FAIL_ON },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ 0 },
};

static int parse_log_level(struct cli *cli, const char *arg)
{
	if (strlen(arg) != 1 || arg[0] < '0' || arg[0] > '2')
		return cli_bad_usage("--log-level takes 0, 1 or 2, not '%s'",
				     arg);
	cli->log_level = (unsigned)(arg[0] - '0');
	return 0;
}

static int parse_jobs(struct cli *cli, const char *arg)
{
	unsigned long n;

	if (parse_number(arg, &n) || n == 0 || n > 256)
		return cli_bad_usage(
			"-j takes a number of threads from 1 to 256, not '%s'",
			arg);
	cli->jobs = (unsigned)n;
	return 0;
}

static int parse_caps(struct cli *cli, const char *arg)
{
	if (strcmp(arg, "root") && strcmp(arg, "bpf"))
		return cli_bad_usage("--caps takes root or bpf, not '%s'", arg);
	cli->caps = strcmp(arg, "root") ? BV_PRIV_BPF_ONLY : BV_PRIV_ROOT;
	return 0;
}

static int parse_disasm(struct cli *cli, const char *arg)
{
	if (arg && strcmp(arg, "kernel"))
		return cli_bad_usage("--disasm takes only =kernel, not '%s'",
				     arg);
	cli->disasm = true;
	cli->disasm_kernel_style = arg != NULL;
	return 0;
}

/* One option; -1 on a usage error. */
static int parse_opt(struct cli *cli, int c, const char *arg, const char *word)
{
	switch (c) {
	case O_PROG_TYPE: cli->prog_type = arg; return 0;
	case O_ATTACH: cli->attach_type = arg; return 0;
	case O_MAP: return parse_map(cli, arg);
	case 'l': return parse_log_level(cli, arg);
	case O_STATS: cli->stats = true; return 0;
	case O_STRICT: cli->strict_alignment = true; return 0;
	case O_FLAGS:
		if (parse_number(arg, &cli->prog_flags))
			return cli_bad_usage(
				"--prog-flags takes a number, not '%s'", arg);
		return 0;
	case O_CAPS: return parse_caps(cli, arg);
	case O_DISASM: return parse_disasm(cli, arg);
	case O_KERNEL: cli->kernel = true; return 0;
	case O_PROG: return add_prog_filter(&cli->filters, arg);
	case 'f':
		return arg[0] == '@' ? add_filter_file(&cli->filters, arg + 1)
				     : add_filter(&cli->filters, arg);
	case O_BTF: cli->btf_path = arg; return 0;
	case 'j': return parse_jobs(cli, arg);
	case 'q': cli->quiet = true; return 0;
	case O_NO_EXPLAIN: cli->no_explain = true; return 0;
	case 'v': cli->verbose = true; return 0;
	case O_COLOR: return parse_color(cli, arg);
	case 'o': return parse_format(cli, arg);
	case O_FORM: return parse_form(cli, arg);
	case 'e':
		return cli_parse_cols(arg, &cli->emit)
			       ? cli_bad_usage("bad -e '%s'", arg)
			       : 0;
	case 's':
		return cli_parse_cols(arg, &cli->sort)
			       ? cli_bad_usage("bad -s '%s'", arg)
			       : 0;
	case 'C': cli->mode = MODE_COMPARE; return 0;
	case O_CHANGES: cli->changes_only = true; return 0;
	case O_FAIL_ON: return parse_fail_on(cli, arg);
	case 'h': cli_usage(stdout); exit(EXIT_ACCEPTED);
	case 'V': version(); exit(EXIT_ACCEPTED);
	default:
		return cli_bad_usage("unknown or incomplete option '%s'", word);
	}
}

/* "bpfverify stats|compare|explain ...": the first word. */
static int subcommand(int argc, char **argv, struct cli *cli)
{
	if (argc > 1 && !strcmp(argv[1], "stats"))
		cli->mode = MODE_STATS;
	else if (argc > 1 && !strcmp(argv[1], "compare"))
		cli->mode = MODE_COMPARE;
	else if (argc > 1 && !strcmp(argv[1], "explain"))
		cli->mode = MODE_EXPLAIN;
	else
		return 0;
	return 1;
}

/* The inputs and options each command takes. */
static int check_mode(const struct cli *cli)
{
	if (cli->mode == MODE_COMPARE && cli->n_inputs != 2)
		return cli_bad_usage("compare takes two inputs (CSV files, "
				     "objects or directories), got %s",
				     cli->n_inputs < 2 ? "fewer" : "more");
	if (cli->mode == MODE_EXPLAIN && cli->n_inputs > 2)
		return cli_bad_usage("explain takes LOGFILE [OBJ], got %s",
				     "more");
	if ((cli->mode == MODE_EXPLAIN || cli->disasm) &&
	    cli->form != FORM_TEXT)
		return cli_bad_usage("%s prints text only",
				     cli->disasm ? "--disasm" : "explain");
	if ((cli->mode == MODE_STATS || cli->mode == MODE_COMPARE) &&
	    cli->form != FORM_TEXT)
		return cli_bad_usage("--format is for verdicts; stats and "
				     "compare take -o table|csv|json%s",
				     "");
	if (!cli->n_inputs)
		return cli_bad_usage("expected FILE..., got %s", "none");
	return 0;
}

int cli_parse_args(int argc, char **argv, struct cli *cli)
{
	int shift, c;

	cli->caps = -1;
	cli->jobs = 1;
	parse_color(cli, "auto");
	shift = subcommand(argc, argv, cli);
	argc -= shift;
	argv += shift;
	opterr = 0; /* cli_bad_usage() says what was wrong, once */
	while ((c = getopt_long(argc, argv, "hVvqCl:f:j:o:e:s:", long_opts,
				NULL)) != -1) {
		if (parse_opt(cli, c, optarg, argv[optind - 1]))
			return -1;
	}
	cli->inputs = argv + optind;
	cli->n_inputs = (size_t)(argc - optind);
	return check_mode(cli);
}

void cli_free(struct cli *cli)
{
	for (size_t i = 0; i < cli->filters.n_allow; i++) {
		free(cli->filters.allow[i].file_glob);
		free(cli->filters.allow[i].prog_glob);
	}
	for (size_t i = 0; i < cli->filters.n_deny; i++) {
		free(cli->filters.deny[i].file_glob);
		free(cli->filters.deny[i].prog_glob);
	}
	free(cli->filters.allow);
	free(cli->filters.deny);
}
