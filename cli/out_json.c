/* SPDX-License-Identifier: MIT */
/* --format json: one JSON array, one object a program judged (on a line
 * of its own), in the order of the text form; the schema is
 * tests/schemas/bpfverify-result.schema.json. */
#include "cli.h"
#include "json_out.h"

#include <inttypes.h>
#include <string.h>

static void json_uint(FILE *out, const char *key, unsigned long long v)
{
	fprintf(out, ", \"%s\": %llu", key, v);
}

/* A whole number, or null when 0 stands for "not known" */
static void json_known(FILE *out, const char *key, long long v)
{
	if (v > 0)
		fprintf(out, ", \"%s\": %lld", key, v);
	else
		fprintf(out, ", \"%s\": null", key);
}

static const char *or_null(const char *s)
{
	return s && *s ? s : NULL;
}

static void json_loc(FILE *out, const struct bv_explain_loc *l)
{
	fputs("{", out);
	if (l->insn >= 0)
		fprintf(out, "\"insn\": %d", l->insn);
	else
		fputs("\"insn\": null", out);
	cli_json_kv(out, false, "insn_text", or_null(l->insn_text));
	cli_json_kv(out, false, "file", or_null(l->file));
	json_known(out, "line", *l->file ? l->line : 0);
	json_known(out, "column", *l->file ? l->column : 0);
	cli_json_kv(out, false, "source", or_null(l->source));
	fputs("}", out);
}

static void json_explanation(FILE *out, const struct bv_explanation *e)
{
	if (!e) {
		fputs("null", out);
		return;
	}
	fputs("{", out);
	cli_json_kv(out, true, "class", bv_explain_kind_name(e->kind));
	cli_json_kv(out, false, "error", e->error);
	cli_json_kv(out, false, "what", e->what);
	fputs(", \"where\": ", out);
	json_loc(out, &e->where);
	fputs(", \"why\": [", out);
	for (unsigned i = 0; i < e->n_why; i++) {
		fputs(i ? ", {" : "{", out);
		cli_json_kv(out, true, "text", e->why[i].text);
		fputs(", \"at\": ", out);
		json_loc(out, &e->why[i].at);
		fputs("}", out);
	}
	fputs("]", out);
	cli_json_kv(out, false, "fix", e->fix);
	fputs("}", out);
}

/* The error lines, one string each */
static void json_lines(FILE *out, const char *text)
{
	fputs("[", out);
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char line[BV_ERROR_LEN];

		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		if (p != text)
			fputs(", ", out);
		cli_json_str(out, line);
		p += n + (nl != NULL);
	}
	fputs("]", out);
}

static void json_stats(FILE *out, const struct outcome *o)
{
	if (!o->has_stats) {
		fputs("null", out);
		return;
	}
	fprintf(out, "{\"insns_processed\": %" PRIu32, o->insns);
	json_uint(out, "max_states_per_insn", o->max_states_per_insn);
	json_uint(out, "total_states", o->states);
	json_uint(out, "peak_states", o->peak_states);
	json_uint(out, "mark_read", o->mark_read);
	json_uint(out, "stack_depth", o->stack);
	json_uint(out, "verification_usec", o->usec);
	fputs("}", out);
}

static void json_job(const struct cli *cli, const struct job *job)
{
	const struct outcome *o = &job->out;
	const struct bv_explanation *e;
	struct bv_explanation buf;
	const char *type =
		job->prog ? bv_prog_type_name(bv_program_type(job->prog))
			  : NULL;
	bool rejected = o->verdict == BV_REJECTED;

	fputs("{", stdout);
	cli_json_kv(stdout, true, "file", job->file);
	cli_json_kv(stdout, false, "program",
		    job->elf && job->prog ? bv_program_name(job->prog) : NULL);
	cli_json_kv(stdout, false, "section",
		    job->elf && job->prog ? bv_program_section(job->prog)
					  : NULL);
	cli_json_kv(stdout, false, "program_type", type);
	cli_json_kv(stdout, false, "verdict", cli_form_verdict(o->verdict));
	cli_json_kv(stdout, false, "reason",
		    rejected || o->verdict == BV_ACCEPTED ? NULL : o->errors);
	fputs(", \"errors\": ", stdout);
	json_lines(stdout, rejected ? o->errors : "");
	fputs(", \"explanation\": ", stdout);
	e = cli_job_explanation(cli, job, &buf);
	json_explanation(stdout, cli->no_explain ? NULL : e);
	fputs(", \"stats\": ", stdout);
	json_stats(stdout, o);
	cli_json_kv(stdout, false, "log",
		    (cli->log_level || cli->stats) && o->log ? o->log : NULL);
	fputs("}", stdout);
}

int cli_report_json(const struct cli *cli, const struct job_list *list)
{
	fputs("[", stdout);
	for (size_t i = 0; i < list->n; i++) {
		fputs(i ? ",\n" : "\n", stdout);
		json_job(cli, &list->jobs[i]);
	}
	fputs("\n]\n", stdout);
	return cli_list_status(list);
}
