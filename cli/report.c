/* SPDX-License-Identifier: MIT */
/* The verify run's output: per program its log or error lines and one
 * verdict line, then (for more than one program) the summary line; the exit
 * status is the worst outcome. */
#include "cli.h"
#include "explain_text.h"

#include <string.h>

/* A verdict's word in the output and its exit status. */
static const char *const words[] = {
	[BV_ACCEPTED] = "accepted",
	[BV_REJECTED] = "rejected",
	[BV_BAD_INPUT] = "bad input",
	[BV_UNSUPPORTED] = "unsupported",
};
static const int codes[] = {
	[BV_ACCEPTED] = EXIT_ACCEPTED,
	[BV_REJECTED] = EXIT_REJECTED,
	[BV_BAD_INPUT] = EXIT_BAD_INPUT,
	[BV_UNSUPPORTED] = EXIT_UNSUPPORTED,
};
/* ANSI colours of the verdict words (only with --color, or on a terminal
 * without NO_COLOR) */
static const char *const colors[] = {
	[BV_ACCEPTED] = "\033[32m",
	[BV_REJECTED] = "\033[31m",
	[BV_BAD_INPUT] = "\033[35m",
	[BV_UNSUPPORTED] = "\033[33m",
};

const char *cli_verdict_word(enum bv_verdict v)
{
	return words[v];
}

/* Reads a verdict back (also veristat's success and failure). */
int cli_verdict_from_word(const char *w, enum bv_verdict *v)
{
	for (unsigned i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (!strcmp(w, words[i])) {
			*v = (enum bv_verdict)i;
			return 0;
		}
	}
	if (!strcmp(w, "success") || !strcmp(w, "failure")) {
		*v = w[0] == 's' ? BV_ACCEPTED : BV_REJECTED;
		return 0;
	}
	return -1;
}

int cli_exit_code(enum bv_verdict v)
{
	return codes[v];
}

/* Severity of a program's outcome for the exit status: bad input (the
 * build is broken), then a rejection (the kernel would refuse it), then
 * "cannot judge yet" (no verdict), then acceptance. */
int cli_worse(int a, int b)
{
	static const int rank[] = { [EXIT_ACCEPTED] = 0,
				    [EXIT_UNSUPPORTED] = 1,
				    [EXIT_REJECTED] = 2,
				    [EXIT_BAD_INPUT] = 3 };

	return rank[b] > rank[a] ? b : a;
}

static void verdict_word(const struct cli *cli, enum bv_verdict v)
{
	if (cli->color)
		printf("%s%s\033[0m", colors[v], words[v]);
	else
		fputs(words[v], stdout);
}

/* bpfverify's explanation of a rejection, after the kernel-format lines */
static void print_explanation(const struct cli *cli, const struct outcome *out)
{
	if (!cli->quiet && !cli->kernel && !cli->no_explain &&
	    out->verdict == BV_REJECTED)
		cli_print_explanation(stdout, &out->expl, cli->color);
}

/* A raw or assembly file: "bpfverify: FILE: accepted" (or "kernel: ...") */
static void report_raw(const struct cli *cli, const struct job *job)
{
	const struct outcome *out = &job->out;
	const char *who = cli->kernel ? "kernel" : "bpfverify";

	if (!cli->quiet && (cli->log_level || cli->stats) && out->log)
		fputs(out->log, stdout);
	if (!cli->quiet && out->verdict == BV_REJECTED && cli->log_level == 0 &&
	    *out->errors)
		printf("%s\n", out->errors);
	print_explanation(cli, out);
	if (out->verdict == BV_BAD_INPUT || out->verdict == BV_UNSUPPORTED) {
		fprintf(stderr, "%s: %s: %s: %s\n", who, job->file,
			words[out->verdict], out->errors);
	} else if (!cli->quiet) {
		printf("%s: %s: ", who, job->file);
		verdict_word(cli, out->verdict);
		putchar('\n');
	}
}

/* An object's program: "NAME: section S, type T: accepted (...)", with the
 * file in front when the run has several files. */
static void report_elf(const struct cli *cli, const struct job *job,
		       bool several)
{
	const struct outcome *out = &job->out;
	const char *type = bv_prog_type_name(bv_program_type(job->prog));
	const char *name = bv_program_name(job->prog);

	if (cli->quiet) {
		/* nothing on standard output */
	} else if (cli->log_level && out->log && *out->log) {
		fputs(out->log, stdout);
	} else if (out->verdict == BV_REJECTED && *out->errors) {
		printf("%s\n", out->errors);
	}
	print_explanation(cli, out);
	if (out->verdict == BV_BAD_INPUT || out->verdict == BV_UNSUPPORTED)
		fprintf(stderr, "%s%s%s: %s: %s\n", several ? job->file : "",
			several ? ": " : "", name, words[out->verdict],
			out->errors);
	if (cli->quiet)
		return;
	if (several)
		printf("%s: ", job->file);
	printf("%s: section %s, type %s: ", name, bv_program_section(job->prog),
	       type ? type : "?");
	verdict_word(cli, out->verdict);
	if (!cli->kernel && out->has_stats)
		printf(" (%u insns processed, %llu usec)", out->insns,
		       (unsigned long long)out->usec);
	putchar('\n');
}

static void report_job(const struct cli *cli, const struct job *job,
		       bool several)
{
	if (cli->verbose && job->out.libbpf_log)
		fputs(job->out.libbpf_log, stderr);
	if (!job->prog)
		fprintf(stderr, "bpfverify: %s\n", job->out.errors);
	else if (cli->disasm && !job->elf && job->out.verdict == BV_ACCEPTED)
		cli_print_disasm(cli, job->prog);
	else if (job->elf)
		report_elf(cli, job, several);
	else
		report_raw(cli, job);
}

int cli_report(const struct cli *cli, const struct job_list *list)
{
	static int (*const forms[])(const struct cli *,
				    const struct job_list *) = {
		[FORM_JSON] = cli_report_json,
		[FORM_SARIF] = cli_report_sarif,
		[FORM_GITHUB] = cli_report_github,
	};
	unsigned counts[4] = { 0 };

	if (cli->form != FORM_TEXT)
		return forms[cli->form](cli, list);
	for (size_t i = 0; i < list->n; i++) {
		const struct job *job = &list->jobs[i];

		report_job(cli, job, list->n_files > 1);
		counts[job->out.verdict]++;
	}
	if (list->n > 1) {
		printf("%zu programs: %u ", list->n, counts[BV_ACCEPTED]);
		verdict_word(cli, BV_ACCEPTED);
		printf(", %u ", counts[BV_REJECTED]);
		verdict_word(cli, BV_REJECTED);
		printf(", %u cannot judge yet, %u bad input\n",
		       counts[BV_UNSUPPORTED], counts[BV_BAD_INPUT]);
	}
	return cli_list_status(list);
}
