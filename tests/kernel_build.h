/* SPDX-License-Identifier: MIT */
/* Kernel drift apart from bpfverify bugs. bpfverify models one reference
 * kernel build (src/spec/reference.h, the library's one record). When the live kernel is another
 * build, a check against the live kernel that disagrees (a stored
 * expectation, or bpfverify in the direct comparisons) is kernel drift:
 * listed in a "kernel drift" section and counted apart, not as a failure,
 * unless KERNEL_STRICT=1. On the reference build it is a failure.
 * BV_TEST_REFERENCE_RELEASE / BV_TEST_REFERENCE_BUILD in the environment
 * replace the reference (for tests/drift). Header-only: the unit tests are
 * built one file each. */
#ifndef BV_TESTS_KERNEL_BUILD_H
#define BV_TESTS_KERNEL_BUILD_H

#include "spec/reference.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#define DRIFT_BUILD_LEN 200

struct drift {
	bool is_reference; /* the live kernel is the reference build */
	bool strict;       /* KERNEL_STRICT=1: drift counts as failure */
	char live[DRIFT_BUILD_LEN], reference[DRIFT_BUILD_LEN];
	unsigned count;
	FILE *section; /* the drift cases, printed by drift_report() */
	char *text;
	size_t len;
};

static inline const char *drift_env(const char *name, const char *dflt)
{
	const char *v = getenv(name);

	return v ? v : dflt;
}

static inline void drift_init(struct drift *d)
{
	struct utsname u;
	const char *rel = drift_env("BV_TEST_REFERENCE_RELEASE",
				    BV_REFERENCE_RELEASE);
	const char *build = drift_env("BV_TEST_REFERENCE_BUILD",
				      BV_REFERENCE_BUILD);

	memset(d, 0, sizeof(*d));
	if (uname(&u))
		snprintf(d->live, sizeof(d->live), "(uname failed)");
	else
		snprintf(d->live, sizeof(d->live), "%s %s", u.release, u.version);
	snprintf(d->reference, sizeof(d->reference), "%s %s", rel, build);
	d->is_reference = !strcmp(d->live, d->reference);
	d->strict = !strcmp(drift_env("KERNEL_STRICT", ""), "1");
	d->section = open_memstream(&d->text, &d->len);
}

/* A check of what against the live kernel disagreed: ours_label/ours is
 * the side the reference build vouches for ("stored expectation" or
 * "bpfverify"), kernel what the live kernel said. Returns true when that
 * is drift to report; false when it is a failure to count. */
static inline bool drift_note(struct drift *d, const char *what,
			      const char *ours_label, const char *ours,
			      const char *kernel)
{
	if (d->is_reference || d->strict)
		return false;
	d->count++;
	if (d->section)
		fprintf(d->section, "DRIFT %s\n  %s: %s\n  live kernel: %s\n",
			what, ours_label, ours, kernel);
	return true;
}

/* The first line where two logs differ, from each, for the drift section. */
static inline void drift_first_difference(const char *a, const char *b,
					  char *ours, char *theirs, size_t len)
{
	unsigned line = 1;

	while (*a && *a == *b) {
		if (*a == '\n')
			line++;
		a++;
		b++;
	}
	while (line > 1 && a[-1] != '\n') {
		a--;
		b--;
	}
	snprintf(ours, len, "log line %u: %.*s", line, (int)strcspn(a, "\n"), a);
	snprintf(theirs, len, "log line %u: %.*s", line, (int)strcspn(b, "\n"), b);
}

/* The "kernel drift" section, then frees it. */
static inline void drift_report(struct drift *d, const char *part)
{
	if (d->section)
		fclose(d->section);
	d->section = NULL;
	if (!d->is_reference)
		printf("%s: live kernel \"%s\" is not the reference build \"%s\"%s\n",
		       part, d->live, d->reference,
		       d->strict ? ": KERNEL_STRICT=1, disagreements with it are failures" : "");
	if (d->count)
		printf("%s: kernel drift (%u, not counted as failures; KERNEL_STRICT=1 counts them):\n%s",
		       part, d->count, d->text ? d->text : "");
	free(d->text);
	d->text = NULL;
}

#endif
