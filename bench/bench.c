/* SPDX-License-Identifier: MIT */
/* make bench: every program of the case corpus verified by bpfverify and by
 * the running kernel in the same run. Reports per program and in total the
 * verification time of each (the kernel's own "verification time" from
 * BPF_LOG_STATS; bpfverify's bv_verify wall time, best of several runs),
 * their ratio, the processed instruction counts, and bpfverify's peak heap
 * use (measured by wrapping the allocator, see bench/memtrack.c). */
#define _XOPEN_SOURCE 700
#include "bpfverify.h"
#include "kernel/oracle.h"
#include "memtrack.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MIN_SAMPLE_NS 20000000ull /* time bpfverify for at least 20 ms */

struct totals {
	unsigned programs, skipped;
	double bv_usec, kernel_usec;
	unsigned long long bv_insns, kernel_insns;
	size_t peak_bytes;
	bool verbose;
};

static struct totals *g_totals; /* nftw() passes no context */

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

/* The best time of repeated runs, in microseconds. */
static double time_bpfverify(const bv_program *prog, struct bv_result *res,
			     size_t *peak)
{
	struct bv_options opt = { .privilege = bv_program_privilege(prog) };
	unsigned long long start = now_ns(), best = ~0ull;

	do {
		unsigned long long t0 = now_ns(), t;

		bv_memtrack_reset();
		bv_verify(prog, &opt, res);
		t = now_ns() - t0;
		if (t < best)
			best = t;
		*peak = bv_memtrack_peak();
	} while (now_ns() - start < MIN_SAMPLE_NS);
	return (double)best / 1000.0;
}

/* The kernel's "verification time N usec" and "processed N insns". */
static bool kernel_stats(const char *log, double *usec, unsigned long long *insns)
{
	const char *t = strstr(log, "verification time ");
	const char *p = strstr(log, "processed ");

	if (!t || !p)
		return false;
	*usec = strtod(t + strlen("verification time "), NULL);
	*insns = strtoull(p + strlen("processed "), NULL, 10);
	return true;
}

static void bench_one(struct totals *tot, const char *path)
{
	struct bv_oracle_result kres;
	struct bv_result res;
	struct bv_error err;
	bv_program *prog;
	double bv_usec, k_usec;
	unsigned long long k_insns;
	size_t peak = 0;

	if (bv_program_from_file(path, &prog, &err))
		return;
	bv_verify(prog, &(struct bv_options){ .privilege = bv_program_privilege(prog) },
		  &res);
	if (res.verdict == BV_UNSUPPORTED || res.verdict == BV_BAD_INPUT ||
	    bv_oracle_load(prog, 0, true, bv_program_privilege(prog), &kres)) {
		tot->skipped++;
		bv_program_free(prog);
		return;
	}
	if (!kernel_stats(kres.log, &k_usec, &k_insns)) {
		tot->skipped++;
		bv_oracle_result_free(&kres);
		bv_program_free(prog);
		return;
	}
	bv_usec = time_bpfverify(prog, &res, &peak);
	tot->programs++;
	tot->bv_usec += bv_usec;
	tot->kernel_usec += k_usec;
	tot->bv_insns += res.insn_processed;
	tot->kernel_insns += k_insns;
	if (peak > tot->peak_bytes)
		tot->peak_bytes = peak;
	if (tot->verbose)
		printf("%-60s %9.1f %9.1f %7.2f %9u %9llu %8zu\n", path, bv_usec,
		       k_usec, k_usec > 0 ? bv_usec / k_usec : 0.0,
		       res.insn_processed, k_insns, peak / 1024);
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
		bench_one(g_totals, path);
	return 0;
}

int main(int argc, char **argv)
{
	struct totals tot = { 0 };
	char why[BV_ERROR_LEN];
	int first = 1;

	if (argc > 1 && !strcmp(argv[1], "-v")) {
		tot.verbose = true;
		first = 2;
	}
	if (!bv_oracle_available(why, sizeof(why))) {
		printf("bench: %s; nothing to compare against\n", why);
		return 0;
	}
	g_totals = &tot;
	if (tot.verbose)
		printf("%-60s %9s %9s %7s %9s %9s %8s\n", "program", "bv_usec",
		       "kern_usec", "ratio", "bv_insns", "kern_insn", "peak_KiB");
	for (int i = first; i < argc; i++)
		nftw(argv[i], visit, 16, FTW_PHYS);
	if (first >= argc)
		nftw("tests/cases", visit, 16, FTW_PHYS);
	printf("bench: %u programs (%u skipped: unsupported or not loadable)\n",
	       tot.programs, tot.skipped);
	printf("bench: bpfverify %.0f usec, kernel %.0f usec, ratio %.3f (bpfverify/kernel; below 1 is faster)\n",
	       tot.bv_usec, tot.kernel_usec,
	       tot.kernel_usec > 0 ? tot.bv_usec / tot.kernel_usec : 0.0);
	printf("bench: processed insns bpfverify %llu, kernel %llu\n",
	       tot.bv_insns, tot.kernel_insns);
	printf("bench: bpfverify peak heap during one verification %zu KiB\n",
	       tot.peak_bytes / 1024);
	return 0;
}
