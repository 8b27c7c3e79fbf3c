/* SPDX-License-Identifier: MIT */
/* The differential case runner: every case in tests/cases runs through
 * bpfverify and, where bpf() is allowed, through the running kernel; each
 * side must agree with the case's expected verdict and error lines, and, for
 * cases that ask, the two logs must be identical. On a live kernel that is
 * not the reference build, its disagreements are kernel drift
 * (kernel_build.h). */
#define _XOPEN_SOURCE 700
#include "bpfverify.h"
#include "kernel/oracle.h"
#include "report/kernel_log.h"
#include "runner.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* nftw() passes no context pointer. */
static struct tally *g_tally;

static const char *verdict_word(enum bv_verdict v)
{
	static const char *const words[] = { "accept", "reject", "bad input",
					     "unsupported" };
	return words[v];
}

static void expected_errors(const struct bv_expectation *e, char *out,
			    size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (unsigned i = 0; i < e->n_errors && used < len; i++)
		used += (size_t)snprintf(out + used, len - used, "%s%s",
					 i ? "\n" : "", e->errors[i]);
}

/* Whether a side's verdict and error lines equal the expectation; if not,
 * why says how they differ. */
static bool agrees(const struct bv_expectation *e, enum bv_verdict verdict,
		   const char *errors, char *why, size_t len)
{
	char want[BV_ERROR_LEN * BV_MAX_EXPECTED_ERRORS];

	/* input bpfverify calls malformed is input the kernel rejects */
	if (verdict == BV_BAD_INPUT)
		verdict = BV_REJECTED;
	if (verdict != e->verdict) {
		snprintf(why, len, "verdict %s, expected %s%s%s",
			 verdict_word(verdict), verdict_word(e->verdict),
			 *errors ? "; error: " : "", errors);
		return false;
	}
	expected_errors(e, want, sizeof(want));
	if (verdict == BV_REJECTED && strcmp(want, errors)) {
		snprintf(why, len, "error lines differ:\n      got:  %s\n      want: %s",
			 errors, want);
		return false;
	}
	return true;
}

void record(struct tally *t, const char *path, const char *side, bool ok,
	    const char *why)
{
	if (ok) {
		t->passed++;
		if (t->verbose)
			printf("PASS %s [%s]\n", path, side);
		return;
	}
	t->failed++;
	printf("FAIL %s [%s]: %s\n", path, side, why);
}

void record_kernel(struct tally *t, const char *path, const char *side,
		   bool ok, const char *why, const char *ours_label,
		   const char *ours, const char *kernel)
{
	char what[1024];

	snprintf(what, sizeof(what), "%s [%s]", path, side);
	if (!ok && drift_note(&t->drift, what, ours_label, ours, kernel))
		return;
	record(t, path, side, ok, why);
}

void describe_outcome(bool rejected, const char *errors, char *out,
		      size_t len)
{
	snprintf(out, len, "%s%s%s", rejected ? "reject" : "accept",
		 rejected ? ": " : "", rejected ? errors : "");
}

/* Verdict and error lines come from a level-1 run on both sides, as the
 * expectations were written; .compare_log adds a run at its level. */
static void run_bpfverify_side(struct tally *t, const char *path,
			       const bv_program *prog)
{
	const struct bv_expectation *e = bv_program_expectation(prog);
	struct bv_options opt = {
		.log_level = 1,
		.privilege = bv_program_privilege(prog),
	};
	struct bv_result res;
	char why[4096];
	bool ok = agrees(e, bv_verify(prog, &opt, &res), res.error, why,
			 sizeof(why));

	if (!e->xfail_bpfverify) {
		record(t, path, "bpfverify", ok, why);
	} else if (ok) {
		record(t, path, "bpfverify", false,
		       "passes now: remove its .xfail marker");
	} else {
		t->passed++;
		t->xfailed++;
		if (t->verbose)
			printf("XFAIL %s [bpfverify]: %s\n", path, why);
	}
}

static bool kernel_side(struct tally *t, const char *path,
			const bv_program *prog, struct bv_oracle_result *res)
{
	const struct bv_expectation *e = bv_program_expectation(prog);
	char errors[BV_ERROR_TEXT_LEN];
	char want[BV_ERROR_LEN * BV_MAX_EXPECTED_ERRORS];
	char stored[sizeof(want) + 16], live[sizeof(errors) + 16];
	char why[4096];

	if (!t->kernel_available) {
		t->skipped++;
		return false;
	}
	if (bv_oracle_load(prog, 1, false, bv_program_privilege(prog), res)) {
		record(t, path, "kernel", false, res->why);
		return false;
	}
	bv_log_error_lines(res->log, errors, sizeof(errors));
	expected_errors(e, want, sizeof(want));
	describe_outcome(e->verdict == BV_REJECTED, want, stored, sizeof(stored));
	describe_outcome(res->verdict != BV_ACCEPTED, errors, live, sizeof(live));
	record_kernel(t, path, "kernel",
		      agrees(e, res->verdict, errors, why, sizeof(why)), why,
		      "stored expectation", stored, live);
	return true;
}

/* The statistics' "verification time N usec" is the one text that cannot
 * agree: it goes, up to its line's end (an error message without a
 * newline may precede it on the line). */
static void drop_verification_time(char *log)
{
	char *p = strstr(log, "verification time ");
	char *end;

	if (!p)
		return;
	end = strchr(p, '\n');
	end = end ? end + 1 : p + strlen(p);
	memmove(p, end, strlen(end) + 1);
}

/* The whole log at the case's .compare_log level with the statistics
 * (BPF_LOG_STATS: stack depths), both sides. */
static void compare_logs(struct tally *t, const char *path,
			 const bv_program *prog, unsigned level)
{
	struct bv_log_text ours = { 0 };
	struct bv_options opt = {
		.log_level = level,
		.log_stats = true,
		.log = bv_log_text_append,
		.log_ctx = &ours,
		.privilege = bv_program_privilege(prog),
	};
	struct bv_oracle_result kres = { 0 };
	struct bv_result res;

	bv_verify(prog, &opt, &res);
	if (bv_oracle_load(prog, level, true, bv_program_privilege(prog), &kres)) {
		record(t, path, "log", false, kres.why);
	} else {
		char *text = ours.text ? ours.text : (char[]){ 0 };
		char a[BV_ERROR_LEN], b[BV_ERROR_LEN];

		drop_verification_time(text);
		drop_verification_time(kres.log);
		bv_log_normalise(text);
		bv_log_normalise(kres.log);
		drift_first_difference(text, kres.log, a, b, sizeof(a));
		record_kernel(t, path, "log", !strcmp(text, kres.log),
			      "logs differ (run bpfverify and bpfverify --kernel with the case's log level and diff)",
			      "bpfverify", a, b);
	}
	bv_oracle_result_free(&kres);
	free(ours.text);
}

static void run_case(struct tally *t, const char *path)
{
	struct bv_oracle_result kres = { 0 };
	struct bv_error err;
	bv_program *prog;

	if (bv_program_from_file(path, &prog, &err)) {
		char why[BV_ERROR_LEN + 32];

		snprintf(why, sizeof(why), "line %u: %s", err.line, err.msg);
		record(t, path, "parse", false, why);
		return;
	}
	if (!bv_program_expectation(prog)->has_verdict) {
		record(t, path, "parse", false, "no .expect or .error directive");
	} else {
		unsigned level = bv_program_expectation(prog)->compare_log_level;

		run_bpfverify_side(t, path, prog);
		if (kernel_side(t, path, prog, &kres) && level)
			compare_logs(t, path, prog, level);
	}
	bv_oracle_result_free(&kres);
	bv_program_free(prog);
}

static int visit(const char *path, const struct stat *st, int type,
		 struct FTW *ftw)
{
	size_t n = strlen(path);

	(void)st;
	(void)ftw;
	if (type == FTW_F && n > 7 && !strcmp(path + n - 7, ".bpfasm"))
		run_case(g_tally, path);
	return 0;
}

/* The kernel drift section, then the part's summary line. */
static int summary(struct tally *t, const char *part)
{
	drift_report(&t->drift, part);
	printf("%s: %u passed, %u failed, %u skipped, %u kernel-drift\n", part,
	       t->passed, t->failed, t->skipped, t->drift.count);
	return t->failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct tally t = { 0 };
	char why[BV_ERROR_LEN];
	int first = 1;

	drift_init(&t.drift);
	if (argc > first && !strcmp(argv[first], "-v")) {
		t.verbose = true;
		first++;
	}
	if (argc > first + 2 && !strcmp(argv[first], "--progs")) {
		t.kernel_available = bv_oracle_available(why, sizeof(why));
		if (!t.kernel_available)
			printf("progs: kernel side skipped: %s\n", why);
		bv_run_progs(&t, argv[first + 1], argv[first + 2]);
		printf("progs: %u expected failures on the bpfverify side (xfail)\n",
		       t.xfailed);
		printf("progs: %u programs the kernel refuses before "
		       "verifying, judged by their annotation\n",
		       t.annotated);
		return summary(&t, "progs");
	}
	t.kernel_available = bv_oracle_available(why, sizeof(why));
	if (!t.kernel_available)
		printf("cases: kernel side skipped: %s\n", why);
	g_tally = &t;
	for (int i = first; i < argc; i++)
		nftw(argv[i], visit, 16, FTW_PHYS);
	if (first >= argc)
		nftw("tests/cases", visit, 16, FTW_PHYS);
	printf("cases: %u expected failures on the bpfverify side (.xfail)\n",
	       t.xfailed);
	return summary(&t, "cases");
}
