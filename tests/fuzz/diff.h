/* SPDX-License-Identifier: MIT */
/* One differential comparison: a program through bpfverify and through the
 * running kernel, both at log level 1; verdicts, error lines and processed
 * instruction counts compared. Shared by tests/fuzz/fuzz_diff.c and
 * tests/unit/test_fuzz_diff.c. Also: saving a disagreement as a .bpfasm
 * case, and shrinking it to a smaller program that disagrees the same way. */
#ifndef BV_FUZZ_DIFF_H
#define BV_FUZZ_DIFF_H

#include "bpfverify.h"

#include <stdio.h>

#define DIFF_ERRORS_LEN BV_ERROR_TEXT_LEN
#define DIFF_KEY_LEN 240

enum diff_outcome {
	DIFF_AGREE,
	DIFF_VERDICT,     /* accepted by one side, rejected by the other */
	DIFF_ERROR_LINE,  /* both rejected, with different error lines */
	DIFF_UNSUPPORTED, /* bpfverify cannot judge it yet: skipped */
	DIFF_NO_ORACLE,   /* the kernel could not be asked: skipped */
};

enum diff_processed {
	PROCESSED_NA, /* not both accepted */
	PROCESSED_EQUAL,
	PROCESSED_NEAR, /* within 5% */
	PROCESSED_OFF,
};

struct diff_result {
	enum diff_outcome outcome;
	enum bv_verdict ours, kernel; /* ours: BV_BAD_INPUT counts as reject */
	char our_errors[DIFF_ERRORS_LEN];
	char kernel_errors[DIFF_ERRORS_LEN];
	uint32_t our_processed, kernel_processed;
	enum diff_processed processed;
	char why[BV_ERROR_LEN]; /* DIFF_NO_ORACLE: what went wrong */
	/* The disagreement's class (verdicts and error lines with numbers
	 * blotted out), or for DIFF_UNSUPPORTED bpfverify's reason. */
	char key[DIFF_KEY_LEN];
	/* The kernel's first error line, numbers blotted out, or "". */
	char kernel_reason[DIFF_KEY_LEN];
};

/* Compares one program. Never fails: a kernel that cannot be asked gives
 * DIFF_NO_ORACLE. */
void diff_run(const bv_program *prog, enum bv_privilege priv,
	      struct diff_result *res);

const char *diff_verdict_word(enum bv_verdict v);

/* Writes prog as .bpfasm text: directives (with .caps for priv), then the
 * instructions, one per line. */
void diff_write_program(FILE *f, const bv_program *prog, enum bv_privilege priv);

/* Writes prog as a .bpfasm case whose expectation is the kernel's verdict
 * and error lines, marked .xfail bpfverify, with comment as its first line;
 * then reads it back and checks that it assembles to the same program and
 * that the kernel still agrees with the expectation. Returns 0, or -1 with
 * why filled. */
int diff_save_case(const char *path, const bv_program *prog,
		   enum bv_privilege priv, const struct diff_result *res,
		   const char *comment, char *why, size_t len);

/* Shrinks *prog (deleting instructions and unused maps, jumps kept
 * pointing where they did) while the comparison still gives the same class
 * of disagreement as res; *prog and *res are replaced by the smallest
 * found (the old *prog is freed). At most max_trials comparisons and about
 * max_seconds. Returns how many instructions were removed. */
size_t diff_minimise(bv_program **prog, enum bv_privilege priv,
		     struct diff_result *res, unsigned max_trials,
		     unsigned max_seconds);

#endif
