/* SPDX-License-Identifier: MIT */
/* --format sarif: a SARIF 2.1.0 log (OASIS SARIF v2.1.0) of one run, with
 * a rule for each explanation kind and a result for each rejected
 * program, placed at the failing instruction's source line; what GitHub
 * code scanning requires is there (version, $schema, tool.driver.name,
 * each result's message.text and a location with startLine). */
#include "cli.h"
#include "explain/log_in.h"
#include "json_out.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

/* A path as a URI reference (RFC 3986): relative paths stay relative,
 * absolute ones become file: URIs; everything outside the unreserved and
 * path characters is percent-encoded, ':' too, so that a relative
 * path's first segment cannot read as a scheme. */
static void put_uri(char *buf, size_t len, const char *path)
{
	static const char ok[] = "-._~/!$&'()*+,;=@";
	size_t n = 0;

	if (path[0] == '/')
		n = (size_t)snprintf(buf, len, "file://");
	for (const unsigned char *p = (const unsigned char *)path;
	     *p && n + 4 < len; p++) {
		if ((*p < 0x80 && isalnum(*p)) || strchr(ok, *p))
			buf[n++] = (char)*p;
		else
			n += (size_t)snprintf(buf + n, len - n, "%%%02X", *p);
	}
	buf[n] = '\0';
}

static void sarif_rules(void)
{
	for (int k = BV_EXPLAIN_GENERIC; k < BV_EXPLAIN_KIND_COUNT; k++) {
		enum bv_explain_kind kind = (enum bv_explain_kind)k;

		printf("%s{", k == BV_EXPLAIN_GENERIC ? "" : ",\n        ");
		cli_json_kv(stdout, true, "id", bv_explain_kind_name(kind));
		fputs(", \"shortDescription\": {", stdout);
		cli_json_kv(stdout, true, "text", bv_explain_kind_what(kind));
		fputs("}, \"help\": {", stdout);
		cli_json_kv(stdout, true, "text", bv_explain_kind_fix(kind));
		fputs("}, \"defaultConfiguration\": {\"level\": \"error\"}}",
		      stdout);
	}
}

static void sarif_location(const struct job *job,
			   const struct bv_explanation *e)
{
	unsigned line, column;
	const char *file = cli_job_location(job, e, &line, &column);
	char uri[4 * 4096 + 8];

	put_uri(uri, sizeof(uri), file);
	fputs("\"locations\": [{\"physicalLocation\": {\"artifactLocation\": "
	      "{",
	      stdout);
	cli_json_kv(stdout, true, "uri", uri);
	/* without line info the input file itself, from its start */
	printf("}, \"region\": {\"startLine\": %u", line ? line : 1);
	if (column)
		printf(", \"startColumn\": %u", column);
	fputs("}}}]", stdout);
}

static void sarif_result(const struct cli *cli, const struct job *job,
			 bool first)
{
	struct bv_explanation buf;
	const struct bv_explanation *e = cli_job_explanation(cli, job, &buf);
	enum bv_explain_kind kind = e ? e->kind : BV_EXPLAIN_GENERIC;
	const char *name = job->elf ? bv_program_name(job->prog) : job->file;
	char *msg = NULL;

	if (e && asprintf(&msg, "%s: %s. Fix: %s", name, e->what, e->fix) < 0)
		msg = NULL;
	else if (!e &&
		 asprintf(&msg, "%s: rejected: %s", name, job->out.errors) < 0)
		msg = NULL;
	printf("%s{", first ? "" : ",\n        ");
	cli_json_kv(stdout, true, "ruleId", bv_explain_kind_name(kind));
	printf(", \"ruleIndex\": %d, \"level\": \"error\", \"message\": {",
	       (int)kind - BV_EXPLAIN_GENERIC);
	cli_json_kv(stdout, true, "text", msg ? msg : name);
	fputs("}, ", stdout);
	sarif_location(job, e);
	fputs(", \"properties\": {", stdout);
	cli_json_kv(stdout, true, "object", job->file);
	cli_json_kv(stdout, false, "program",
		    job->elf ? bv_program_name(job->prog) : NULL);
	cli_json_kv(stdout, false, "section",
		    job->elf ? bv_program_section(job->prog) : NULL);
	cli_json_kv(stdout, false, "kernelError", job->out.errors);
	if (e && e->where.insn >= 0)
		printf(", \"insn\": %d", e->where.insn);
	fputs("}}", stdout);
	free(msg);
}

int cli_report_sarif(const struct cli *cli, const struct job_list *list)
{
	int code = cli_list_status(list);
	bool first = true;

	printf("{\n  \"$schema\": \"%s\",\n  \"version\": \"2.1.0\",\n"
	       "  \"runs\": [{\n    \"tool\": {\"driver\": {"
	       "\"name\": \"bpfverify\", \"version\": \"%s\", "
	       "\"semanticVersion\": \"%s\",\n      \"rules\": [",
	       SARIF_SCHEMA, BV_VERSION, BV_VERSION);
	sarif_rules();
	printf("]}},\n    \"invocations\": [{\"executionSuccessful\": %s}],\n"
	       "    \"results\": [",
	       code == EXIT_BAD_INPUT ? "false" : "true");
	for (size_t i = 0; i < list->n; i++) {
		const struct job *job = &list->jobs[i];

		if (!job->prog || job->out.verdict != BV_REJECTED)
			continue;
		sarif_result(cli, job, first);
		first = false;
	}
	fputs("]\n  }]\n}\n", stdout);
	return code;
}
