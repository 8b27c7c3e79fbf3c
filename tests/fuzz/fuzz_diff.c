/* SPDX-License-Identifier: MIT */
/* fuzz_diff: a randomised differential tester. Generates programs
 * (tests/fuzz/gen.c), verifies each with bpfverify and with the running
 * kernel at log level 1, and compares the verdicts, the error lines and the
 * processed instruction counts (tests/fuzz/diff.c). Disagreements are
 * grouped into classes, printed with the seed that reproduces them and,
 * with --save, written as .bpfasm cases whose expectation is the kernel's.
 *
 *   fuzz_diff [-n COUNT] [-s SEED] [-p PROFILE|all] [-j JOBS] [-v] [--print]
 *             [--save DIR] [--one-per-class] [--minimise]
 *
 * Program i uses seed SEED + i; with -p all its profile is seed % 6, so
 * "-n 1 -s SEED" alone reproduces it. Exit status 1 on any disagreement. */
#include "diff.h"
#include "gen.h"
#include "kernel/oracle.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_JOBS 64
#define SHOW_PER_CLASS 5
#define MINIMISE_TRIALS 4000
#define MINIMISE_SECONDS 60
#define PROGRESS_EVERY 10000
#define NOT_RUN 0xff
/* A program during which the worker died (a crash in bpfverify or the
 * oracle); next to the values of enum diff_outcome. */
#define CRASHED 5
#define N_OUTCOMES 6
#define REASON_LEN 120
#define SHOW_REASONS 25

struct opts {
	uint64_t count, seed;
	int profile;
	unsigned jobs;
	bool verbose, print, minimise, one_per_class;
	const char *save_dir;
};

/* One program's outcome, in memory shared with the worker processes. */
struct rec {
	uint8_t outcome; /* enum diff_outcome, CRASHED or NOT_RUN */
	uint8_t processed;
	uint8_t ours, kernel;
	uint8_t profile;
	uint16_t n_insns;
	char key[DIFF_KEY_LEN];
	char reason[REASON_LEN]; /* the kernel's first error line, blotted */
};

/* A group of records with the same key. */
struct group {
	const struct rec *first;
	unsigned count;
};

static void usage(FILE *f)
{
	fputs("usage: fuzz_diff [-n COUNT] [-s SEED] [-p PROFILE] [-j JOBS] [-v]\n"
	      "                 [--print] [--save DIR] [--one-per-class] [--minimise]\n"
	      "Generates COUNT programs (seeds SEED, SEED+1, ...), verifies each with\n"
	      "bpfverify and with the running kernel and compares verdicts and error\n"
	      "lines.\n\n"
	      "  -n COUNT          programs to try (default 1000)\n"
	      "  -s SEED           first seed (default 1)\n"
	      "  -p PROFILE        alu, branches, stack, maps, loops, mixed, or all\n"
	      "                    (default: the profile is seed % 6)\n"
	      "  -j JOBS           worker processes (default 1)\n"
	      "  -v                print every program's outcome\n"
	      "  --print           print every program (assembly text)\n"
	      "  --save DIR        write each disagreement as DIR/SEED-PROFILE.bpfasm\n"
	      "  --one-per-class   save only the first disagreement of each class\n"
	      "  --minimise        shrink saved disagreements first\n"
	      "Exit status: 1 on any disagreement, 2 on bad usage, else 0.\n",
	      f);
}

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!*s || *s == '-')
		return -1;
	*v = strtoull(s, &end, 0);
	return *end ? -1 : 0;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	enum { O_SAVE = 256, O_ONE, O_MIN, O_PRINT };
	static const struct option longs[] = {
		{ "save", required_argument, NULL, O_SAVE },
		{ "one-per-class", no_argument, NULL, O_ONE },
		{ "minimise", no_argument, NULL, O_MIN },
		{ "minimize", no_argument, NULL, O_MIN },
		{ "print", no_argument, NULL, O_PRINT },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	uint64_t jobs = 1;
	int c;

	*o = (struct opts){ .count = 1000, .seed = 1, .profile = GEN_PROFILE_ALL };
	while ((c = getopt_long(argc, argv, "n:s:p:j:vh", longs, NULL)) != -1) {
		switch (c) {
		case 'n': if (parse_u64(optarg, &o->count)) return -1; break;
		case 's': if (parse_u64(optarg, &o->seed)) return -1; break;
		case 'p': if (gen_profile_parse(optarg, &o->profile)) return -1; break;
		case 'j': if (parse_u64(optarg, &jobs) || !jobs || jobs > MAX_JOBS) return -1; break;
		case 'v': o->verbose = true; break;
		case O_PRINT: o->print = true; break;
		case O_SAVE: o->save_dir = optarg; break;
		case O_ONE: o->one_per_class = true; break;
		case O_MIN: o->minimise = true; break;
		case 'h': usage(stdout); exit(0);
		default: return -1;
		}
	}
	o->jobs = (unsigned)jobs;
	return optind == argc ? 0 : -1;
}

static void print_program(const struct gen_case *c)
{
	printf("; seed %" PRIu64 " profile %s\n", c->seed, gen_profile_name(c->profile));
	diff_write_program(stdout, c->prog, c->priv);
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void print_outcome(const struct gen_case *c, const struct diff_result *r,
			  double ms)
{
	static const char *const words[] = {
		[DIFF_AGREE] = "agree", [DIFF_VERDICT] = "DISAGREE (verdict)",
		[DIFF_ERROR_LINE] = "DISAGREE (error line)",
		[DIFF_UNSUPPORTED] = "skipped (unsupported)",
		[DIFF_NO_ORACLE] = "skipped (kernel not asked)",
	};

	printf("seed %" PRIu64 " %s: %s: kernel %s, bpfverify %s", c->seed,
	       gen_profile_name(c->profile), words[r->outcome],
	       diff_verdict_word(r->kernel), diff_verdict_word(r->ours));
	if (r->processed != PROCESSED_NA)
		printf(", processed %u/%u", r->kernel_processed, r->our_processed);
	printf(" (%.0f ms)\n", ms);
	if (r->outcome == DIFF_VERDICT || r->outcome == DIFF_ERROR_LINE)
		printf("  kernel:    %s\n  bpfverify: %s\n", r->kernel_errors,
		       r->our_errors);
	else if (r->outcome != DIFF_AGREE)
		printf("  %s\n", r->outcome == DIFF_NO_ORACLE ? r->why : r->our_errors);
}

static void run_one(const struct opts *o, uint64_t i, struct rec *rec)
{
	uint64_t seed = o->seed + i;
	enum gen_profile p = gen_profile_for(seed, o->profile);
	struct diff_result r;
	struct gen_case c;
	double t0;
	size_t n;

	if (gen_case_make(seed, p, &c)) {
		rec->outcome = DIFF_NO_ORACLE;
		snprintf(rec->key, sizeof(rec->key), "the generator ran out of memory");
		return;
	}
	if (o->print)
		print_program(&c);
	t0 = now_ms();
	diff_run(c.prog, c.priv, &r);
	if (o->verbose)
		print_outcome(&c, &r, now_ms() - t0);
	bv_program_insns(c.prog, &n);
	rec->outcome = (uint8_t)r.outcome;
	rec->processed = (uint8_t)r.processed;
	rec->ours = (uint8_t)r.ours;
	rec->kernel = (uint8_t)r.kernel;
	rec->profile = (uint8_t)p;
	rec->n_insns = (uint16_t)n;
	memcpy(rec->key, r.outcome == DIFF_NO_ORACLE ? r.why : r.key, sizeof(rec->key));
	rec->key[sizeof(rec->key) - 1] = '\0';
	memcpy(rec->reason, r.kernel_reason, sizeof(rec->reason) - 1);
	rec->reason[sizeof(rec->reason) - 1] = '\0';
	gen_case_free(&c);
}

/* Runs programs first, first + jobs, ... in a child process. */
static pid_t start_worker(const struct opts *o, struct rec *recs,
			  uint64_t first)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid != 0)
		return pid;
	for (uint64_t i = first; i < o->count; i += o->jobs) {
		run_one(o, i, &recs[i]);
		if (i % PROGRESS_EVERY < o->jobs && i && !o->verbose &&
		    i % o->jobs == 0)
			fprintf(stderr, "fuzz-diff: %" PRIu64 "/%" PRIu64 "\n", i, o->count);
	}
	fflush(stdout);
	_exit(0);
}

/* After a worker died: marks the program it died in as CRASHED and returns
 * the index to go on from, or o->count when its slice is done. */
static uint64_t after_crash(const struct opts *o, struct rec *recs,
			    uint64_t first, int status)
{
	uint64_t i = first;

	while (i < o->count && recs[i].outcome != NOT_RUN)
		i += o->jobs;
	if (i >= o->count)
		return o->count;
	recs[i].outcome = CRASHED;
	recs[i].profile = (uint8_t)gen_profile_for(o->seed + i, o->profile);
	snprintf(recs[i].key, sizeof(recs[i].key), "crashed (%s %d)",
		 WIFSIGNALED(status) ? "signal" : "exit status",
		 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	printf("CRASH seed=%" PRIu64 " profile=%s: %s\n", o->seed + i,
	       gen_profile_name((enum gen_profile)recs[i].profile), recs[i].key);
	return i + o->jobs;
}

/* Runs every program in o->jobs worker processes, so that a crash costs
 * one program: the worker is started again after it. */
static void run_all(const struct opts *o, struct rec *recs)
{
	pid_t pids[MAX_JOBS];
	uint64_t first[MAX_JOBS];
	unsigned running = 0;

	for (unsigned w = 0; w < o->jobs; w++) {
		first[w] = w;
		pids[w] = w < o->count ? start_worker(o, recs, w) : -1;
		running += pids[w] > 0;
	}
	while (running) {
		int status;
		pid_t pid = wait(&status);
		unsigned w = 0;

		if (pid < 0)
			break;
		while (w < o->jobs && pids[w] != pid)
			w++;
		if (w == o->jobs)
			continue;
		pids[w] = -1;
		running--;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			continue;
		first[w] = after_crash(o, recs, first[w], status);
		if (first[w] < o->count && (pids[w] = start_worker(o, recs, first[w])) > 0)
			running++;
	}
}

/* ---- the summary ---- */

struct tally {
	uint64_t outcome[N_OUTCOMES], lost, kernel_accepted, kernel_rejected;
	uint64_t processed[4];
};

static struct tally count_up(const struct opts *o, const struct rec *recs)
{
	struct tally t = { 0 };

	for (uint64_t i = 0; i < o->count; i++) {
		const struct rec *r = &recs[i];

		if (r->outcome == NOT_RUN) {
			t.lost++;
			continue;
		}
		t.outcome[r->outcome]++;
		if (r->outcome == CRASHED || r->outcome == DIFF_NO_ORACLE)
			continue;
		t.processed[r->processed]++;
		if (r->kernel == BV_ACCEPTED)
			t.kernel_accepted++;
		else
			t.kernel_rejected++;
	}
	return t;
}

static const char *label(const struct rec *r, bool by_reason)
{
	return by_reason ? r->reason : r->key;
}

static int by_key(const void *a, const void *b)
{
	const struct rec *x = *(const struct rec *const *)a;
	const struct rec *y = *(const struct rec *const *)b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x > y) - (x < y);
}

static int by_reason(const void *a, const void *b)
{
	const struct rec *x = *(const struct rec *const *)a;
	const struct rec *y = *(const struct rec *const *)b;
	int c = strcmp(x->reason, y->reason);

	return c ? c : (x > y) - (x < y);
}

static int by_count(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return (x->first > y->first) - (x->first < y->first);
}

/* Groups the records whose outcome is in mask by key, largest first.
 * Returns the number of groups; *out is malloc'd. members gets the sorted
 * records (malloc'd) so a group's records follow its first. */
static size_t group_by(const struct opts *o, const struct rec *recs,
		       unsigned mask, bool reason, struct group **out,
			   const struct rec ***members, size_t *n_members)
{
	const struct rec **v = malloc((o->count ? o->count : 1) * sizeof(*v));
	struct group *g = malloc((o->count ? o->count : 1) * sizeof(*g));
	size_t n = 0, groups = 0;

	if (!v || !g) {
		free(v);
		free(g);
		*out = NULL;
		*members = NULL;
		*n_members = 0;
		return 0;
	}
	for (uint64_t i = 0; i < o->count; i++)
		if (recs[i].outcome != NOT_RUN && (mask & (1u << recs[i].outcome)) &&
		    (!reason || recs[i].reason[0]))
			v[n++] = &recs[i];
	qsort(v, n, sizeof(*v), reason ? by_reason : by_key);
	for (size_t i = 0; i < n; i++) {
		if (!i || strcmp(label(v[i], reason), label(v[i - 1], reason)))
			g[groups++] = (struct group){ .first = v[i] };
		g[groups - 1].count++;
	}
	qsort(g, groups, sizeof(*g), by_count);
	*out = g;
	*members = v;
	*n_members = n;
	return groups;
}

static uint64_t seed_of(const struct opts *o, const struct rec *recs,
			const struct rec *r)
{
	return o->seed + (uint64_t)(r - recs);
}

static void print_groups(const struct opts *o, const struct rec *recs,
			 const char *title, unsigned mask, bool reason,
			 size_t max_groups, bool list_seeds)
{
	const struct rec **v;
	struct group *g;
	size_t n_members;
	size_t n = group_by(o, recs, mask, reason, &g, &v, &n_members);

	if (!n)
		goto done;
	printf("%s (%zu):\n", title, n);
	for (size_t i = 0; i < n && i < max_groups; i++) {
		const struct rec *r = g[i].first;

		printf("  %6u  seed %-10" PRIu64 " %-8s %s\n", g[i].count,
		       seed_of(o, recs, r), gen_profile_name(r->profile),
		       label(r, reason));
	}
	if (n > max_groups)
		printf("  ... and %zu more\n", n - max_groups);
	if (!list_seeds)
		goto done;
	for (size_t i = 0, shown = 0; i < n_members; i++) {
		bool first = !i || strcmp(v[i]->key, v[i - 1]->key);

		shown = first ? 0 : shown;
		if (shown++ < SHOW_PER_CLASS || o->verbose)
			printf("%s seed=%" PRIu64 " profile=%s insns=%u: %s\n",
			       v[i]->outcome == CRASHED ? "CRASH" : "DISAGREE",
			       seed_of(o, recs, v[i]), gen_profile_name(v[i]->profile),
			       v[i]->n_insns, v[i]->key);
	}
done:
	free(g);
	free(v);
}

static void print_summary(const struct opts *o, const struct rec *recs,
			  const struct tally *t)
{
	uint64_t both = t->processed[PROCESSED_EQUAL] + t->processed[PROCESSED_NEAR] +
			t->processed[PROCESSED_OFF];

	print_groups(o, recs, "kernel rejections (first error line)", ~0u, true,
		     o->verbose ? SIZE_MAX : SHOW_REASONS, false);
	print_groups(o, recs, "unsupported by bpfverify (reasons)",
		     1u << DIFF_UNSUPPORTED, false, SIZE_MAX, false);
	print_groups(o, recs, "disagreement classes", (1u << DIFF_VERDICT) |
		     (1u << DIFF_ERROR_LINE) | (1u << CRASHED), false, SIZE_MAX, true);
	printf("fuzz-diff: %" PRIu64 " programs from seed %" PRIu64 ", profile %s, %u job%s\n",
	       o->count, o->seed,
	       o->profile < 0 ? "all" : gen_profile_name((enum gen_profile)o->profile),
	       o->jobs, o->jobs == 1 ? "" : "s");
	printf("  kernel verdicts:          %" PRIu64 " accepted, %" PRIu64 " rejected\n",
	       t->kernel_accepted, t->kernel_rejected);
	printf("  agree:                    %" PRIu64 "\n", t->outcome[DIFF_AGREE]);
	printf("  disagree (verdict):       %" PRIu64 "\n", t->outcome[DIFF_VERDICT]);
	printf("  disagree (error line):    %" PRIu64 "\n", t->outcome[DIFF_ERROR_LINE]);
	printf("  skipped (unsupported):    %" PRIu64 "\n", t->outcome[DIFF_UNSUPPORTED]);
	if (t->outcome[DIFF_NO_ORACLE])
		printf("  skipped (kernel not asked): %" PRIu64 "\n",
		       t->outcome[DIFF_NO_ORACLE]);
	if (t->outcome[CRASHED])
		printf("  crashed:                  %" PRIu64 "\n", t->outcome[CRASHED]);
	if (t->lost)
		printf("  lost (not run):           %" PRIu64 "\n", t->lost);
	printf("  processed insns, both accepted (%" PRIu64 "): equal %" PRIu64
	       ", within 5%% %" PRIu64 ", off %" PRIu64 "\n",
	       both, t->processed[PROCESSED_EQUAL], t->processed[PROCESSED_NEAR],
	       t->processed[PROCESSED_OFF]);
}

/* ---- saving ---- */

static void save_one(const struct opts *o, uint64_t seed, enum gen_profile p,
		     const char *key)
{
	char path[4096], why[BV_ERROR_LEN + 64], comment[512];
	struct diff_result r;
	struct gen_case c;
	size_t before, n;

	if (gen_case_make(seed, p, &c))
		return;
	diff_run(c.prog, c.priv, &r);
	if ((r.outcome != DIFF_VERDICT && r.outcome != DIFF_ERROR_LINE) ||
	    strcmp(r.key, key)) {
		printf("not saved: seed %" PRIu64 " disagrees differently on a second run\n",
		       seed);
		gen_case_free(&c);
		return;
	}
	bv_program_insns(c.prog, &before);
	if (o->minimise)
		diff_minimise(&c.prog, c.priv, &r, MINIMISE_TRIALS, MINIMISE_SECONDS);
	bv_program_insns(c.prog, &n);
	snprintf(path, sizeof(path), "%s/%" PRIu64 "-%s.bpfasm", o->save_dir, seed,
		 gen_profile_name(p));
	snprintf(comment, sizeof(comment),
		 "fuzz-diff: seed %" PRIu64 " profile %s (%zu insns%s%zu); kernel %s, bpfverify %s",
		 seed, gen_profile_name(p), n, n != before ? ", shrunk from " : "",
		 n != before ? before : (size_t)0, diff_verdict_word(r.kernel),
		 diff_verdict_word(r.ours));
	if (n == before)
		snprintf(comment, sizeof(comment),
			 "fuzz-diff: seed %" PRIu64 " profile %s (%zu insns); kernel %s, bpfverify %s",
			 seed, gen_profile_name(p), n, diff_verdict_word(r.kernel),
			 diff_verdict_word(r.ours));
	if (diff_save_case(path, c.prog, c.priv, &r, comment, why, sizeof(why)))
		printf("not saved: seed %" PRIu64 ": %s\n", seed, why);
	else
		printf("saved %s (%zu insns)\n", path, n);
	gen_case_free(&c);
}

static void save_all(const struct opts *o, const struct rec *recs)
{
	const struct rec **v;
	struct group *g;
	size_t n_members;

	mkdir(o->save_dir, 0755);
	group_by(o, recs, (1u << DIFF_VERDICT) | (1u << DIFF_ERROR_LINE), false,
		 &g, &v, &n_members);
	for (size_t i = 0; i < n_members; i++) {
		bool first = !i || strcmp(v[i]->key, v[i - 1]->key);

		if (first || !o->one_per_class)
			save_one(o, seed_of(o, recs, v[i]),
				 (enum gen_profile)v[i]->profile, v[i]->key);
	}
	free(g);
	free(v);
}

int main(int argc, char **argv)
{
	struct opts o;
	struct rec *recs;
	struct tally t;
	char why[BV_ERROR_LEN];
	uint64_t failed;
	size_t bytes;

	if (parse_args(argc, argv, &o)) {
		usage(stderr);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!bv_oracle_available(why, sizeof(why))) {
		printf("fuzz-diff: kernel side unavailable, everything skipped: %s\n", why);
		printf("fuzz-diff: 0 passed, 0 failed, %" PRIu64 " skipped\n", o.count);
		return 0;
	}
	bytes = (o.count ? o.count : 1) * sizeof(*recs);
	recs = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		    -1, 0);
	if (recs == MAP_FAILED) {
		fprintf(stderr, "fuzz_diff: out of memory\n");
		return 2;
	}
	for (uint64_t i = 0; i < o.count; i++)
		recs[i].outcome = NOT_RUN;
	run_all(&o, recs);
	t = count_up(&o, recs);
	failed = t.outcome[DIFF_VERDICT] + t.outcome[DIFF_ERROR_LINE] +
		 t.outcome[CRASHED] + t.lost;
	print_summary(&o, recs, &t);
	if (o.save_dir)
		save_all(&o, recs);
	printf("fuzz-diff: %" PRIu64 " passed, %" PRIu64 " failed, %" PRIu64 " skipped\n",
	       t.outcome[DIFF_AGREE],
	       failed,
	       t.outcome[DIFF_UNSUPPORTED] + t.outcome[DIFF_NO_ORACLE]);
	munmap(recs, bytes);
	return failed ? 1 : 0;
}
