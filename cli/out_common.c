/* SPDX-License-Identifier: MIT */
/* What the machine-read forms (--format json, sarif, github) share: the
 * exit status, verdict words, a rejection's explanation and place. */
#include "cli.h"
#include "explain/log_in.h"

#include <string.h>

int cli_list_status(const struct job_list *list)
{
	int code = EXIT_ACCEPTED;

	for (size_t i = 0; i < list->n; i++)
		code = cli_worse(code,
				 cli_exit_code(list->jobs[i].out.verdict));
	if (!list->n) {
		fprintf(stderr,
			"bpfverify: no program matches --prog or -f%s\n",
			list->n_files ? "" : " (no input files found)");
		return EXIT_BAD_INPUT;
	}
	return code;
}

/* The verdicts as the JSON form spells them (one word each) */
const char *cli_form_verdict(enum bv_verdict v)
{
	static const char *const words[] = {
		[BV_ACCEPTED] = "accepted",
		[BV_REJECTED] = "rejected",
		[BV_BAD_INPUT] = "bad-input",
		[BV_UNSUPPORTED] = "cannot-judge",
	};

	return words[v];
}

const struct bv_explanation *cli_job_explanation(const struct cli *cli,
						 const struct job *job,
						 struct bv_explanation *buf)
{
	const struct outcome *out = &job->out;
	struct bv_log_in l;
	const char *log;

	if (!job->prog || out->verdict != BV_REJECTED)
		return NULL;
	if (!cli->kernel)
		return &out->expl;
	/* the kernel's log, or at level 0 its error lines alone */
	log = out->log && *out->log ? out->log : out->errors;
	if (bv_log_in_parse(log, strlen(log), NULL, &l))
		return NULL;
	bv_log_in_explain(&l, buf);
	bv_log_in_free(&l);
	return buf->kind == BV_EXPLAIN_NONE ? NULL : buf;
}

const char *cli_job_location(const struct job *job,
			     const struct bv_explanation *e, unsigned *line,
			     unsigned *column)
{
	if (e && *e->where.file && e->where.line) {
		*line = e->where.line;
		*column = e->where.column;
		return e->where.file;
	}
	*line = *column = 0;
	return job->file;
}
