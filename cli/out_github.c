/* SPDX-License-Identifier: MIT */
/* --format github: GitHub Actions workflow commands, which the runner
 * turns into annotations: "::error file=F,line=L,col=C,title=T::MESSAGE"
 * for each rejected program (and bad input), "::warning" for a program
 * bpfverify cannot judge yet; nothing for an accepted one. */
#include "cli.h"
#include "json_out.h"

static void command(const char *level, const char *file, unsigned line,
		    unsigned column, const char *title)
{
	printf("::%s file=", level);
	cli_gh_escape(stdout, file, true);
	if (line)
		printf(",line=%u", line);
	if (line && column)
		printf(",col=%u", column);
	fputs(",title=", stdout);
	cli_gh_escape(stdout, title, true);
	fputs("::", stdout);
}

static void github_job(const struct cli *cli, const struct job *job)
{
	const struct outcome *o = &job->out;
	const char *name =
		job->elf && job->prog ? bv_program_name(job->prog) : job->file;
	struct bv_explanation buf;
	const struct bv_explanation *e = cli_job_explanation(cli, job, &buf);
	unsigned line, column;
	const char *file = cli_job_location(job, e, &line, &column);
	char title[128];

	if (o->verdict == BV_ACCEPTED)
		return;
	if (o->verdict != BV_REJECTED) {
		command(o->verdict == BV_BAD_INPUT ? "error" : "warning", file,
			0, 0,
			o->verdict == BV_BAD_INPUT
				? "bpfverify: bad input"
				: "bpfverify: cannot judge yet");
		cli_gh_escape(stdout, name, false);
		fputs(": ", stdout);
		cli_gh_escape(stdout, o->errors, false);
		putchar('\n');
		return;
	}
	snprintf(title, sizeof(title), "bpfverify: %s",
		 e ? bv_explain_kind_name(e->kind) : "rejected");
	command("error", file, line, column, title);
	cli_gh_escape(stdout, name, false);
	fputs(": ", stdout);
	cli_gh_escape(stdout, e ? e->what : o->errors, false);
	if (e) {
		fputs(". Fix: ", stdout);
		cli_gh_escape(stdout, e->fix, false);
	}
	putchar('\n');
}

int cli_report_github(const struct cli *cli, const struct job_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		github_job(cli, &list->jobs[i]);
	return cli_list_status(list);
}
