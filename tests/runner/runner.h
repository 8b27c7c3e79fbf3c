/* SPDX-License-Identifier: MIT */
/* What the case runner and the BPF C program runner share. */
#ifndef BV_TESTS_RUNNER_H
#define BV_TESTS_RUNNER_H

#include <stdbool.h>

struct tally {
	unsigned passed, failed, skipped, xfailed;
	bool kernel_available;
	bool verbose;
};

/* Counts one check; prints a failure (and a pass when verbose). */
void record(struct tally *t, const char *path, const char *side, bool ok,
	    const char *why);

/* progs.c: every tests/progs/NAME.bpf.c whose object obj_dir/NAME.bpf.o
 * the test run compiled, against its //@ expectations. */
void bv_run_progs(struct tally *t, const char *src_dir, const char *obj_dir);

#endif
