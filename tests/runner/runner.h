/* SPDX-License-Identifier: MIT */
/* What the case runner and the BPF C program runner share. */
#ifndef BV_TESTS_RUNNER_H
#define BV_TESTS_RUNNER_H

#include "../kernel_build.h"

#include <stdbool.h>
#include <stddef.h>

struct tally {
	unsigned passed, failed, skipped, xfailed;
	unsigned annotated; /* judged against an annotation only */
	bool kernel_available;
	bool verbose;
	struct drift drift; /* disagreements with a live non-reference kernel */
};

/* Counts one check; prints a failure (and a pass when verbose). */
void record(struct tally *t, const char *path, const char *side, bool ok,
	    const char *why);

/* Counts one check against the live kernel: a disagreement is kernel drift
 * (see kernel_build.h) or a failure; ours_label/ours is the side the
 * reference build vouches for, kernel what the live kernel said. */
void record_kernel(struct tally *t, const char *path, const char *side,
		   bool ok, const char *why, const char *ours_label,
		   const char *ours, const char *kernel);

/* "accept" or "reject: ERRORS", for the drift section. */
void describe_outcome(bool rejected, const char *errors, char *out,
		      size_t len);

/* progs.c: every tests/progs/NAME.bpf.c whose object obj_dir/NAME.bpf.o
 * the test run compiled, against its //@ expectations. */
void bv_run_progs(struct tally *t, const char *src_dir, const char *obj_dir);

#endif
