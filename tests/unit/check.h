/* SPDX-License-Identifier: MIT */
/* A minimal unit-test harness: CHECK() records a pass or a failure, and
 * check_summary() prints "N passed, N failed" for tools/run-tests.sh.
 * check_kernel() and check_kernel_summary() are for checks against the live
 * kernel, whose disagreements may be kernel drift (../kernel_build.h). */
#ifndef BV_TEST_CHECK_H
#define BV_TEST_CHECK_H

#include "../kernel_build.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static unsigned check_passed, check_failed;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (cond) {                                                    \
			check_passed++;                                        \
		} else {                                                       \
			check_failed++;                                        \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
		}                                                              \
	} while (0)

#define CHECK_STR(got, want)                                                   \
	do {                                                                   \
		const char *g_ = (got), *w_ = (want);                          \
		if (g_ && w_ && !strcmp(g_, w_)) {                             \
			check_passed++;                                        \
		} else {                                                       \
			check_failed++;                                        \
			fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n",    \
				__FILE__, __LINE__, g_ ? g_ : "(null)",        \
				w_ ? w_ : "(null)");                           \
		}                                                              \
	} while (0)

/* The drift record of the checks against the live kernel
 * (../kernel_build.h), set up on first use. */
static inline struct drift *check_drift(void)
{
	static struct drift d;
	static bool ready;

	if (!ready)
		drift_init(&d);
	ready = true;
	return &d;
}

/* A check of bpfverify (ours) against the live kernel (kernel): a pass,
 * kernel drift on a non-reference build, or a failure (returns false, the
 * caller says why). */
static inline bool check_kernel(bool ok, const char *what, const char *ours,
				const char *kernel)
{
	if (ok) {
		check_passed++;
		return true;
	}
	if (drift_note(check_drift(), what, "bpfverify", ours, kernel))
		return true;
	check_failed++;
	return false;
}

/* check_kernel() for two logs: the drift section shows the first line
 * where they differ. */
static inline bool check_kernel_log(const char *what, const char *ours,
				    const char *kernel)
{
	char a[512], b[512];

	if (ours && kernel && !strcmp(ours, kernel))
		return check_kernel(true, what, ours, kernel);
	drift_first_difference(ours ? ours : "", kernel ? kernel : "", a, b,
			       sizeof(a));
	return check_kernel(false, what, a, b);
}

/* The kernel drift section and the summary line of a suite that compares
 * with the live kernel. */
static inline int check_kernel_summary(const char *suite, unsigned skipped)
{
	drift_report(check_drift(), suite);
	printf("%s: %u passed, %u failed, %u skipped, %u kernel-drift\n", suite,
	       check_passed, check_failed, skipped, check_drift()->count);
	return check_failed ? 1 : 0;
}

static inline int check_summary(const char *suite)
{
	printf("%s: %u passed, %u failed\n", suite, check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif
