/* SPDX-License-Identifier: MIT */
/* bpfverify explain LOGFILE [OBJ]: a verifier log, as libbpf or another
 * loader printed it, explained. With the object, bpfverify verifies the
 * program the log is about and, when it stops with the same error lines,
 * gives its own explanation (the value's provenance along the path);
 * otherwise, and without the object, the explanation is the log's: the
 * catalogue's kind of the error, the failing instruction, its source
 * line and the registers the log shows there. */
#include "cli.h"
#include "explain/log_in.h"
#include "explain_text.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

/* The whole of a file ("-": standard input), NUL-terminated. */
static char *read_all(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char *buf = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (!f)
		return NULL;
	do {
		char *grown;

		if (cap - *len < 65536) {
			cap = cap * 2 + 65536;
			grown = realloc(buf, cap + 1);
			if (!grown) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = grown;
		}
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
	} while (n);
	if (f != stdin)
		fclose(f);
	if (buf)
		buf[*len] = '\0';
	return buf;
}

/* --prog GLOB, the only filter explain reads */
static const char *prog_glob(const struct cli *cli)
{
	for (size_t i = 0; i < cli->filters.n_allow; i++)
		if (!cli->filters.allow[i].file_glob)
			return cli->filters.allow[i].prog_glob;
	return NULL;
}

/* The object's program the log is about: --prog, the name libbpf
 * printed, or the object's only program. */
static bv_program *find_prog(const struct cli *cli, const bv_object *obj,
			     const struct bv_log_in *l)
{
	const char *glob = prog_glob(cli);
	size_t n = bv_object_program_count(obj);

	for (size_t i = 0; i < n; i++) {
		bv_program *p = bv_object_program(obj, i);

		if (glob ? !fnmatch(glob, bv_program_name(p), 0)
			 : *l->prog && !strcmp(l->prog, bv_program_name(p)))
			return p;
	}
	return !glob && !*l->prog && n == 1 ? bv_object_program(obj, 0) : NULL;
}

struct verified {
	enum bv_verdict verdict;
	char errors[BV_ERROR_TEXT_LEN];
	struct bv_explanation expl;
};

/* bpfverify's verdict, error lines (read from its level-1 log as from
 * the kernel's) and explanation of prog loaded with priv. */
static void verify(const struct cli *cli, bv_program *prog,
		   enum bv_privilege priv, struct verified *v)
{
	struct bv_log_text log = { 0 };
	struct bv_options opt = {
		.log_level = 1,
		.log = bv_log_text_append,
		.log_ctx = &log,
		.privilege = priv,
	};
	struct bv_result *res = calloc(1, sizeof(*res));
	char *fixed;

	v->verdict = BV_BAD_INPUT;
	if (!res)
		return;
	bv_program_set_flags(prog, bv_program_flags(prog) |
					   cli_extra_prog_flags(cli));
	v->verdict = bv_verify(prog, &opt, res);
	fixed = log.text ? bv_program_fixup_log(prog, log.text) : NULL;
	bv_log_in_error_lines(fixed	 ? fixed
			      : log.text ? log.text
					 : "",
			      v->errors, sizeof(v->errors));
	if (!*v->errors)
		snprintf(v->errors, sizeof(v->errors), "%s", res->error);
	v->expl = res->explanation;
	free(fixed);
	bv_log_text_free(&log);
	free(res);
}

static void print_indented(const char *text)
{
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		int n = nl ? (int)(nl - p) : (int)strlen(p);

		printf("    %.*s\n", n, p);
		p += n + (nl != NULL);
	}
}

static void no_prog(const struct cli *cli, const struct bv_log_in *l,
		    const char *path, size_t n)
{
	if (prog_glob(cli))
		fprintf(stderr,
			"bpfverify: %s: no program matches --prog '%s'\n", path,
			prog_glob(cli));
	else if (*l->prog)
		fprintf(stderr,
			"bpfverify: %s: no program '%s' (the one the log "
			"names)\n",
			path, l->prog);
	else
		fprintf(stderr,
			"bpfverify: %s: the log names no program and the "
			"object has %zu: name it with --prog\n",
			path, n);
}

/* With the object: bpfverify's explanation into e when it agrees with
 * the log. Returns an exit status on a problem with the object, else -1. */
/* bpfverify's verdict on prog against the log's: its explanation into e
 * when it stops with the same error lines. what names prog in the notes. */
static void compare(const struct cli *cli, const struct bv_log_in *l,
		    bv_program *prog, enum bv_privilege priv, const char *what,
		    struct bv_explanation *e)
{
	struct verified *v = calloc(1, sizeof(*v));

	if (!v)
		return;
	verify(cli, prog, priv, v);
	if (v->verdict == BV_REJECTED && !strcmp(v->errors, l->errors)) {
		printf("note: bpfverify, verifying %s, stops with the same "
		       "error lines\n",
		       what);
		*e = v->expl;
	} else {
		printf("note: bpfverify, verifying %s, %s; explained from the "
		       "log alone\n",
		       what,
		       v->verdict == BV_REJECTED
			       ? "stops with other error lines"
		       : v->verdict == BV_ACCEPTED ? "accepts it"
						   : "cannot judge it");
		if (v->verdict == BV_REJECTED)
			print_indented(v->errors);
	}
	free(v);
}

static bool is_elf(const char *path)
{
	FILE *f = fopen(path, "rb");
	char magic[4] = { 0 };
	bool elf =
		f && fread(magic, 1, 4, f) == 4 && !memcmp(magic, "\177ELF", 4);

	if (f)
		fclose(f);
	return elf;
}

/* An assembly or raw program (a test case): the program itself, with
 * the privilege it states unless --caps says otherwise. */
static int from_program(const struct cli *cli, const struct bv_log_in *l,
			const char *path, struct bv_explanation *e)
{
	struct bv_error err;
	bv_program *prog;

	if (bv_program_from_file(path, &prog, &err)) {
		fprintf(stderr, "bpfverify: %s\n", err.msg);
		return EXIT_BAD_INPUT;
	}
	compare(cli, l, prog,
		cli->caps >= 0 ? (enum bv_privilege)cli->caps
			       : bv_program_privilege(prog),
		path, e);
	bv_program_free(prog);
	return -1;
}

/* With the object (or program): bpfverify's explanation into e when it
 * agrees with the log. Returns an exit status on a problem with the
 * object, else -1. */
static int from_object(const struct cli *cli, const struct bv_log_in *l,
		       const char *path, struct bv_explanation *e)
{
	struct bv_object_options o = { .btf_path = cli->btf_path };
	struct bv_error err;
	bv_object *obj;
	bv_program *prog;
	bool unsupported;
	char what[512];
	int rc = -1;

	if (!is_elf(path))
		return from_program(cli, l, path, e);
	if (bv_object_open(path, &o, &obj, &err)) {
		fprintf(stderr, "bpfverify: %s\n", err.msg);
		return EXIT_BAD_INPUT;
	}
	prog = find_prog(cli, obj, l);
	if (!prog) {
		no_prog(cli, l, path, bv_object_program_count(obj));
		rc = EXIT_BAD_INPUT;
	} else if (bv_program_load_error(prog, &unsupported)) {
		printf("note: bpfverify cannot verify %s of %s (%s): explained "
		       "from the log alone\n",
		       bv_program_name(prog), path,
		       bv_program_load_error(prog, &unsupported));
	} else {
		snprintf(what, sizeof(what), "%s of %s", bv_program_name(prog),
			 path);
		compare(cli, l, prog,
			cli->caps >= 0 ? (enum bv_privilege)cli->caps
				       : BV_PRIV_ROOT,
			what, e);
	}
	bv_object_free(obj);
	return rc;
}

/* A log without error lines: an accepted program's, or a cut one. */
static int no_error(const char *path, const struct bv_log_in *l)
{
	if (l->ended) {
		printf("%s: the log shows no rejection: the program was "
		       "accepted\n",
		       path);
		return EXIT_ACCEPTED;
	}
	fprintf(stderr,
		"bpfverify: %s: no error line in the log (is it cut before "
		"its end? a larger log buffer keeps it)\n",
		path);
	return EXIT_BAD_INPUT;
}

int cli_explain(const struct cli *cli)
{
	const char *path = cli->inputs[0];
	struct bv_explanation *e = calloc(1, sizeof(*e));
	struct bv_log_in l;
	size_t len;
	char *text = read_all(path, &len);
	int rc = -1;

	if (!text || !e || bv_log_in_parse(text, len, prog_glob(cli), &l)) {
		fprintf(stderr, "bpfverify: cannot read the log '%s'\n", path);
		free(text);
		free(e);
		return EXIT_BAD_INPUT;
	}
	free(text);
	if (!*l.errors)
		rc = no_error(path, &l);
	if (rc < 0) {
		printf("%s\n", l.errors);
		if (cli->n_inputs == 2)
			rc = from_object(cli, &l, cli->inputs[1], e);
		else
			printf("note: explained from the log alone (with the "
			       "object, bpfverify follows the value back)\n");
	}
	if (rc < 0) {
		if (e->kind == BV_EXPLAIN_NONE)
			bv_log_in_explain(&l, e);
		cli_print_explanation(stdout, e, cli->color);
		rc = EXIT_REJECTED;
	}
	bv_log_in_free(&l);
	free(e);
	return rc;
}
