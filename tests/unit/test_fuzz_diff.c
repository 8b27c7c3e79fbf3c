/* SPDX-License-Identifier: MIT */
/* A fixed slice of the differential fuzzer (tests/fuzz/fuzz_diff.c) for
 * make test: the programs of seeds 1..SLICE, each with its seed's profile,
 * through bpfverify and the running kernel; a program passes when both
 * give the same verdict and error lines. Also checks that the generator is
 * deterministic and keeps to its length limits. Skips cleanly where bpf()
 * is not permitted. On a live kernel that is not the reference build a
 * disagreement is kernel drift (../kernel_build.h).
 *
 * The Makefile builds each tests/unit/test_*.c alone against the static
 * library, so the generator and the comparison are compiled in here. */
#include "../fuzz/gen.c"
#include "../fuzz/diff.c"
#include "../kernel_build.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define SLICE 1000
#define FIRST_SEED 1

struct slice_tally {
	unsigned passed, failed, skipped;
	struct drift drift;
};

/* The generator gives the same program for the same seed, within limits. */
static bool generator_sound(uint64_t seed, enum gen_profile profile,
			    const bv_program *prog)
{
	struct gen_case again;
	size_t n, m;
	const struct bv_insn *a = bv_program_insns(prog, &n), *b;
	bool same;

	if (n < GEN_MIN_INSNS || n > GEN_MAX_INSNS) {
		printf("FAIL seed %" PRIu64 ": %zu instructions, outside [%d, %d]\n",
		       seed, n, GEN_MIN_INSNS, GEN_MAX_INSNS);
		return false;
	}
	if (gen_case_make(seed, profile, &again))
		return false;
	b = bv_program_insns(again.prog, &m);
	same = n == m && !memcmp(a, b, n * sizeof(*a)) &&
	       bv_program_map_count(prog) == bv_program_map_count(again.prog);
	gen_case_free(&again);
	if (!same)
		printf("FAIL seed %" PRIu64 ": the generator is not deterministic\n", seed);
	return same;
}

/* A disagreement on a non-reference kernel: listed as kernel drift. */
static bool drift_disagreement(uint64_t seed, enum gen_profile profile,
			       const struct diff_result *r,
			       struct slice_tally *t)
{
	char what[128], ours[DIFF_ERRORS_LEN + 16], kernel[DIFF_ERRORS_LEN + 16];

	snprintf(what, sizeof(what), "seed %" PRIu64 " %s", seed,
		 gen_profile_name(profile));
	snprintf(ours, sizeof(ours), "%s: %s", diff_verdict_word(r->ours),
		 r->our_errors);
	snprintf(kernel, sizeof(kernel), "%s: %s", diff_verdict_word(r->kernel),
		 r->kernel_errors);
	return drift_note(&t->drift, what, "bpfverify", ours, kernel);
}

static void run_seed(uint64_t seed, struct slice_tally *t)
{
	enum gen_profile profile = gen_profile_for(seed, GEN_PROFILE_ALL);
	struct diff_result r;
	struct gen_case c;

	if (gen_case_make(seed, profile, &c)) {
		printf("FAIL seed %" PRIu64 ": the generator ran out of memory\n", seed);
		t->failed++;
		return;
	}
	if (!generator_sound(seed, profile, c.prog)) {
		t->failed++;
		gen_case_free(&c);
		return;
	}
	diff_run(c.prog, c.priv, &r);
	switch (r.outcome) {
	case DIFF_AGREE:
		t->passed++;
		break;
	case DIFF_UNSUPPORTED:
	case DIFF_NO_ORACLE:
		t->skipped++;
		break;
	default:
		if (drift_disagreement(seed, profile, &r, t))
			break;
		t->failed++;
		printf("FAIL seed %" PRIu64 " %s: %s\n"
		       "  kernel:    %s\n  bpfverify: %s\n"
		       "  reproduce: fuzz_diff -n 1 -s %" PRIu64 " -v --save DIR --minimise\n",
		       seed, gen_profile_name(profile), r.key, r.kernel_errors,
		       r.our_errors, seed);
		break;
	}
	gen_case_free(&c);
}

int main(void)
{
	struct slice_tally t = { 0 };
	char why[BV_ERROR_LEN];

	setvbuf(stdout, NULL, _IOLBF, 0);
	drift_init(&t.drift);
	if (!bv_oracle_available(why, sizeof(why))) {
		printf("fuzz-diff-slice: kernel side skipped: %s\n", why);
		drift_report(&t.drift, "fuzz-diff-slice");
		printf("fuzz-diff-slice: 0 passed, 0 failed, %d skipped, 0 kernel-drift\n",
		       SLICE);
		return 0;
	}
	for (uint64_t seed = FIRST_SEED; seed < FIRST_SEED + SLICE; seed++)
		run_seed(seed, &t);
	drift_report(&t.drift, "fuzz-diff-slice");
	printf("fuzz-diff-slice: %u passed, %u failed, %u skipped, %u kernel-drift\n",
	       t.passed, t.failed, t.skipped, t.drift.count);
	return t.failed ? 1 : 0;
}
