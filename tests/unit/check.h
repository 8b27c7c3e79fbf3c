/* SPDX-License-Identifier: MIT */
/* A minimal unit-test harness: CHECK() records a pass or a failure, and
 * check_summary() prints "N passed, N failed" for tools/run-tests.sh. */
#ifndef BV_TEST_CHECK_H
#define BV_TEST_CHECK_H

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

static inline int check_summary(const char *suite)
{
	printf("%s: %u passed, %u failed\n", suite, check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif
