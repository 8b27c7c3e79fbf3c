/* SPDX-License-Identifier: MIT */
/* Judging the jobs: bpfverify (bv_verify, which keeps no global state, so
 * jobs run on several threads) or the running kernel (--kernel). */
#include "cli.h"
#include "kernel/oracle.h"
#include "report/kernel_log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define CLI_F_STRICT_ALIGNMENT 1u /* BPF_F_STRICT_ALIGNMENT */

/* The prog_flags bits the command line adds (--strict-alignment,
 * --prog-flags), the same for bpfverify and the kernel load. */
uint32_t cli_extra_prog_flags(const struct cli *cli)
{
	return (uint32_t)cli->prog_flags |
	       (cli->strict_alignment ? CLI_F_STRICT_ALIGNMENT : 0u);
}

static int set_error(struct outcome *out, enum bv_verdict v, const char *fmt,
		     const char *arg)
{
	out->verdict = v;
	snprintf(out->errors, sizeof(out->errors), fmt, arg);
	return -1;
}

/* Applies the command line's overrides to the job's program. */
static int apply_overrides(const struct cli *cli, struct job *job)
{
	bv_program *prog = job->prog;
	struct bv_error err;
	uint32_t v;

	if (cli->prog_type) {
		if (bv_prog_type_from_name(cli->prog_type, &v))
			return set_error(&job->out, BV_BAD_INPUT,
					 "unknown program type '%s'",
					 cli->prog_type);
		bv_program_set_type(prog, v);
	}
	if (cli->attach_type) {
		if (bv_attach_type_from_name(cli->attach_type, &v))
			return set_error(&job->out, BV_BAD_INPUT,
					 "unknown attach type '%s'",
					 cli->attach_type);
		bv_program_set_attach_type(prog, v);
	}
	if (cli_extra_prog_flags(cli))
		bv_program_set_flags(prog, bv_program_flags(prog) |
						   cli_extra_prog_flags(cli));
	if (job->elf && (cli->disasm || cli->n_maps))
		return set_error(&job->out, BV_BAD_INPUT,
				 "%s is not available for ELF objects",
				 cli->disasm ? "--disasm" : "--map");
	for (unsigned i = 0; !job->elf && i < cli->n_maps; i++) {
		if (bv_program_add_map(prog, &cli->maps[i], &err))
			return set_error(&job->out, BV_BAD_INPUT, "%s",
					 err.msg);
	}
	return 0;
}

static enum bv_privilege privilege(const struct cli *cli, const struct job *job)
{
	if (cli->caps >= 0)
		return (enum bv_privilege)cli->caps;
	return job->elf ? BV_PRIV_ROOT : bv_program_privilege(job->prog);
}

static bool log_stats(const struct cli *cli)
{
	return cli->stats || cli->mode != MODE_VERIFY;
}

/* One bv_verify of the job at the given log level; a log (libbpf's CO-RE
 * fixup applied) is built only when there is something to print. */
static void verify_at(const struct cli *cli, struct job *job, unsigned level,
		      struct bv_result *res)
{
	struct bv_log_text log = { 0 };
	struct bv_options opt = {
		.log_level = level,
		.log_stats = cli->stats,
		.log = level || cli->stats ? bv_log_text_append : NULL,
		.log_ctx = &log,
		.privilege = privilege(cli, job),
	};
	struct outcome *out = &job->out;
	char *fixed;

	out->verdict = bv_verify(job->prog, &opt, res);
	free(out->log);
	out->log = log.text ? log.text : strdup("");
	fixed = out->log && job->elf ? bv_program_fixup_log(job->prog, out->log)
				     : NULL;
	if (fixed) {
		free(out->log);
		out->log = fixed;
	}
}

/* At log level 0 only the error lines are printed, and bv_result has them:
 * no log is built. A rejection at a poisoned CO-RE instruction runs again
 * at level 1, because libbpf's fixup_verifier_log rewrites the error from
 * the failing instruction's log line. */
static void verify_job(const struct cli *cli, struct job *job)
{
	struct outcome *out = &job->out;
	struct bv_result res;

	verify_at(cli, job, cli->log_level, &res);
	if (job->elf && !cli->log_level && out->verdict == BV_REJECTED &&
	    strstr(res.error, "unknown#195896080"))
		verify_at(cli, job, 1, &res);
	out->has_stats =
		out->verdict == BV_ACCEPTED || out->verdict == BV_REJECTED;
	out->insns = res.insn_processed;
	out->states = res.total_states;
	out->peak_states = res.peak_states;
	out->max_states_per_insn = res.max_states_per_insn;
	out->stack = res.stack_depth;
	out->usec = res.verification_usec;
	out->expl = res.explanation;
	if (job->elf && out->verdict == BV_REJECTED && out->log && *out->log)
		bv_log_error_lines(out->log, out->errors, sizeof(out->errors));
	/* a rejection before the log (a program type needing CAP_PERFMON, ...)
	 * or at level 0 has its reason only in res.error */
	if (!*out->errors)
		snprintf(out->errors, sizeof(out->errors), "%s", res.error);
}

/* The kernel's statistics lines, as veristat reads them. */
static void parse_kernel_stats(struct outcome *out)
{
	for (const char *p = out->log; p && *p;
	     p = strchr(p, '\n') ? strchr(p, '\n') + 1 : "") {
		unsigned long long usec;
		unsigned a, b, c, d, m = 0;

		if (sscanf(p,
			   "processed %u insns (limit %*d) max_states_per_insn "
			   "%u total_states %u peak_states %u mark_read %u",
			   &a, &b, &c, &d, &m) >= 4) {
			out->insns = a;
			out->max_states_per_insn = b;
			out->states = c;
			out->peak_states = d;
			out->mark_read = m;
			out->has_stats = true;
		} else if (sscanf(p, "verification time %llu usec", &usec) ==
			   1) {
			out->usec = usec;
		} else if (!strncmp(p, "stack depth ", 12)) {
			const char *q = p + 12;

			out->stack = 0;
			while (sscanf(q, "%u", &a) == 1) {
				out->stack += a;
				q += strspn(q, "0123456789");
				if (*q != '+')
					break;
				q++;
			}
		}
	}
}

static void kernel_object_job(const struct cli *cli, struct job *job)
{
	struct bv_oracle_object_opts o = {
		.btf_path = cli->btf_path,
		.log_level = cli->log_level,
		.stats = log_stats(cli),
		.priv = privilege(cli, job),
		.extra_flags = cli_extra_prog_flags(cli),
		/* at level 0 only the error lines of a rejection are shown */
		.error_lines_only = !cli->log_level,
	};
	struct outcome *out = &job->out;
	struct bv_oracle_result res;

	if (bv_oracle_load_object(job->path, bv_program_name(job->prog), &o,
				  &res)) {
		set_error(out, BV_BAD_INPUT, "%s", res.why);
		out->log = strdup("");
		bv_oracle_result_free(&res);
		return;
	}
	out->verdict = res.verdict;
	out->log = res.log;
	out->libbpf_log = res.libbpf_log;
	res.log = res.libbpf_log = NULL;
	if (res.libbpf_refused)
		snprintf(out->errors, sizeof(out->errors),
			 "libbpf refused the program before the kernel saw it "
			 "(errno %d)",
			 res.load_errno);
	else
		bv_log_error_lines(out->log, out->errors, sizeof(out->errors));
	parse_kernel_stats(out);
}

static void kernel_raw_job(const struct cli *cli, struct job *job)
{
	struct outcome *out = &job->out;
	struct bv_oracle_result res;

	if (bv_oracle_load(job->prog, cli->log_level, log_stats(cli),
			   privilege(cli, job), &res)) {
		set_error(out, BV_BAD_INPUT, "%s", res.why);
		bv_oracle_result_free(&res);
		return;
	}
	out->verdict = res.verdict;
	out->log = res.log;
	res.log = NULL;
	bv_log_error_lines(out->log, out->errors, sizeof(out->errors));
	if (res.verdict == BV_REJECTED && !*out->errors)
		snprintf(out->errors, sizeof(out->errors),
			 "(no log; bpf() failed with errno %d)",
			 res.load_errno);
	parse_kernel_stats(out);
	bv_oracle_result_free(&res);
}

static void judge(const struct cli *cli, struct job *job)
{
	const char *why;
	bool unsupported;

	if (!job->prog || apply_overrides(cli, job))
		return;
	job->prog_insns = 0;
	bv_program_insns(job->prog, &job->prog_insns);
	if (cli->disasm)
		return;
	if (job->elf && cli->prog_type && bv_program_section_unknown(job->prog))
		bv_program_clear_load_error(job->prog);
	why = job->elf ? bv_program_load_error(job->prog, &unsupported) : NULL;
	if (why && !cli->kernel)
		set_error(&job->out,
			  unsupported ? BV_UNSUPPORTED : BV_BAD_INPUT, "%s",
			  why);
	else if (cli->kernel && job->elf)
		kernel_object_job(cli, job);
	else if (cli->kernel)
		kernel_raw_job(cli, job);
	else
		verify_job(cli, job);
}

struct pool {
	const struct cli *cli;
	struct job_list *list;
	atomic_size_t next;
};

static void *worker(void *arg)
{
	struct pool *p = arg;
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->list->n)
		judge(p->cli, &p->list->jobs[i]);
	return NULL;
}

void cli_run(const struct cli *cli, struct job_list *list)
{
	struct pool p = { cli, list, 0 };
	pthread_t threads[256];
	unsigned n = cli->jobs < list->n ? cli->jobs : (unsigned)list->n;
	unsigned started = 0;

	while (started + 1 < n &&
	       !pthread_create(&threads[started], NULL, worker, &p))
		started++;
	worker(&p);
	for (unsigned i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
}
