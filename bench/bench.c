/* SPDX-License-Identifier: MIT */
/* make bench: bpfverify against the running kernel on three corpora in one
 * run, measured as a user meets them:
 *   cases      the .bpfasm programs of tests/cases
 *   progs      the BPF C programs of tests/progs (build/rel/progs/\*.o)
 *   selftests  the kernel's verifier selftests objects (build/selftests/obj,
 *              loaded into the kernel by build/selftests/sel_oracle --stats
 *              with the flags of their annotations), where present
 * The kernel side is loaded at log_level 4 (BPF_LOG_STATS only) and its time
 * is the "verification time N usec" line; bpfverify runs at log level 0 and
 * its time is bv_verify's wall time. Every time is the median of repeated
 * runs (the machine is shared). Per program also: processed instructions,
 * bpfverify's peak heap during bv_verify (bench/memtrack.c), and the wall
 * time and peak RSS of a whole `bpfverify` process (object loading
 * included; the commands run from a small process forked first). Per corpus: summed and median ratio (bpfverify / kernel), the
 * worst ratio, the ratio on the ten largest programs (by the kernel's
 * processed instructions). */
#define _XOPEN_SOURCE 700
#include "bpfverify.h"
#include "kernel/oracle.h"
#include "memtrack.h"

#include <ftw.h>
#include <sched.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUNS 3                    /* timing runs, the median is kept */
#define BV_RUNS 5                 /* bv_verify runs (cheap, noisier) */
#define MIN_SAMPLE_NS 20000000ull /* and bpfverify for at least 20 ms */
#define MAX_RUNS 101
#define NAME_LEN 160

extern char **environ;

struct sample {
	char name[NAME_LEN];
	double bv_usec, k_usec, wall_usec, ratio;
	unsigned long long bv_insns, k_insns;
	size_t heap;   /* bytes */
	long rss_kib;  /* of the whole process */
};

struct corpus {
	const char *title;
	struct sample *s;
	size_t n, cap;
	unsigned skipped;
};

struct bench {
	const char *cli;  /* the bpfverify command spawned for process times */
	FILE *detail;     /* per-program lines, or NULL */
	struct corpus *cur;
};

static struct bench *g_bench; /* nftw() passes no context */

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* bv_verify at log level 0: the median of at least BV_RUNS runs, in usec. */
static double time_bpfverify(const bv_program *prog, struct bv_result *res,
			     size_t *peak)
{
	struct bv_options opt = { .privilege = bv_program_privilege(prog) };
	unsigned long long start = now_ns();
	double t[MAX_RUNS];
	size_t n = 0;

	do {
		unsigned long long t0 = now_ns();

		bv_memtrack_reset();
		bv_verify(prog, &opt, res);
		t[n++] = (double)(now_ns() - t0) / 1000.0;
		*peak = bv_memtrack_peak();
	} while (n < MAX_RUNS && (n < BV_RUNS || now_ns() - start < MIN_SAMPLE_NS));
	return median(t, n);
}

/* One run of the bpfverify command: wall time in usec and peak RSS. */
static double run_child(char *const argv[], long *rss_kib)
{
	posix_spawn_file_actions_t fa;
	unsigned long long t0 = now_ns();
	struct rusage ru;
	int status;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1 /* O_WRONLY */, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", 1, 0);
	if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ)) {
		posix_spawn_file_actions_destroy(&fa);
		return -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	if (wait4(pid, &status, 0, &ru) < 0)
		return -1;
	*rss_kib = ru.ru_maxrss;
	return (double)(now_ns() - t0) / 1000.0;
}

/* The commands run from a small process forked at the start: a child's
 * ru_maxrss includes the memory of the process it was spawned from (exec
 * records the old mm's high-water mark), and the bench grows. Requests
 * are NUL-separated argv strings, replies a struct spawn_reply. */
#define SPAWN_REQ_MAX 8192
struct spawn_reply {
	double usec;
	long rss_kib;
};
static int g_req_fd = -1, g_rep_fd = -1;

static void spawner_loop(int req, int rep)
{
	char buf[SPAWN_REQ_MAX];
	uint32_t len;

	while (read(req, &len, sizeof(len)) == sizeof(len) && len < sizeof(buf) &&
	       read(req, buf, len) == (ssize_t)len) {
		char *argv[16];
		size_t n = 0;
		struct spawn_reply r = { 0 };

		for (size_t i = 0; i < len && n + 1 < 16; i += strlen(buf + i) + 1)
			argv[n++] = buf + i;
		argv[n] = NULL;
		r.usec = run_child(argv, &r.rss_kib);
		if (write(rep, &r, sizeof(r)) != sizeof(r))
			break;
	}
	_exit(0);
}

static void start_spawner(void)
{
	int req[2], rep[2];
	pid_t pid;

	if (pipe(req) || pipe(rep))
		return;
	pid = fork();
	if (pid == 0) {
		close(req[1]);
		close(rep[0]);
		spawner_loop(req[0], rep[1]);
	}
	close(req[0]);
	close(rep[1]);
	if (pid > 0) {
		g_req_fd = req[1];
		g_rep_fd = rep[0];
	}
}

static double spawn_once(char *const argv[], long *rss_kib)
{
	char buf[SPAWN_REQ_MAX];
	struct spawn_reply r;
	uint32_t len = 0;

	if (g_req_fd < 0)
		return run_child(argv, rss_kib);
	for (size_t i = 0; argv[i]; i++) {
		size_t n = strlen(argv[i]) + 1;

		if (len + n > sizeof(buf))
			return -1;
		memcpy(buf + len, argv[i], n);
		len += (uint32_t)n;
	}
	if (write(g_req_fd, &len, sizeof(len)) != sizeof(len) ||
	    write(g_req_fd, buf, len) != (ssize_t)len ||
	    read(g_rep_fd, &r, sizeof(r)) != sizeof(r))
		return -1;
	*rss_kib = r.rss_kib;
	return r.usec;
}

static double time_process(char *const argv[], long *rss_kib)
{
	double t[RUNS];

	*rss_kib = 0;
	for (size_t i = 0; i < RUNS; i++) {
		long rss = 0;

		t[i] = spawn_once(argv, &rss);
		if (rss > *rss_kib)
			*rss_kib = rss;
	}
	return median(t, RUNS);
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

static struct sample *add_sample(struct corpus *c, const char *name)
{
	struct sample *s;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		struct sample *ns = realloc(c->s, cap * sizeof(*ns));

		if (!ns)
			return NULL;
		c->s = ns;
		c->cap = cap;
	}
	s = &c->s[c->n];
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", name);
	return s;
}

/* bpfverify's side of one program: in-process time, heap, instructions,
 * then a whole process (argv) for wall time and RSS. The sample is kept
 * only when bpfverify judges the program. */
static void measure(struct bench *b, struct sample *s, const bv_program *prog,
		    char *const argv[])
{
	struct bv_result res;

	s->bv_usec = time_bpfverify(prog, &res, &s->heap);
	if (res.verdict != BV_ACCEPTED && res.verdict != BV_REJECTED) {
		b->cur->skipped++;
		return;
	}
	s->bv_insns = res.insn_processed;
	s->wall_usec = time_process(argv, &s->rss_kib);
	s->ratio = s->k_usec > 0 ? s->bv_usec / s->k_usec : s->bv_usec;
	if (b->detail)
		fprintf(b->detail, "%-9s %-70s %10.1f %10.1f %7.2f %8llu %8llu %8zu %7ld %9.0f\n",
			b->cur->title, s->name, s->bv_usec, s->k_usec, s->ratio,
			s->bv_insns, s->k_insns, s->heap / 1024, s->rss_kib,
			s->wall_usec);
	b->cur->n++;
}

/* ---- corpus 1: the case corpus ---- */

static bool kernel_case(const bv_program *prog, struct sample *s)
{
	double t[RUNS];

	for (size_t i = 0; i < RUNS; i++) {
		struct bv_oracle_result kres;
		bool ok = !bv_oracle_load(prog, 0, true, bv_program_privilege(prog), &kres) &&
			  kernel_stats(kres.log, &t[i], &s->k_insns);

		bv_oracle_result_free(&kres);
		if (!ok)
			return false;
	}
	s->k_usec = median(t, RUNS);
	return true;
}

static void bench_case(struct bench *b, const char *path)
{
	char *argv[] = { (char *)b->cli, (char *)path, NULL };
	struct bv_result res;
	struct bv_error err;
	struct sample *s;
	bv_program *prog;

	if (bv_program_from_file(path, &prog, &err))
		return;
	bv_verify(prog, &(struct bv_options){ .privilege = bv_program_privilege(prog) },
		  &res);
	s = add_sample(b->cur, path);
	if (!s || res.verdict == BV_UNSUPPORTED || res.verdict == BV_BAD_INPUT ||
	    !kernel_case(prog, s))
		b->cur->skipped++;
	else
		measure(b, s, prog, argv);
	bv_program_free(prog);
}

static int visit_case(const char *path, const struct stat *st, int type,
		      struct FTW *ftw)
{
	size_t n = strlen(path);

	(void)st;
	(void)ftw;
	if (type == FTW_F && n > 7 && !strcmp(path + n - 7, ".bpfasm"))
		bench_case(g_bench, path);
	return 0;
}

/* ---- corpora 2 and 3: ELF objects ---- */

/* The kernel's time for one program of an object (median of RUNS). */
typedef bool (*kernel_fn)(const char *path, const char *name, void *ctx,
			  struct sample *s, unsigned *flags);

static bool kernel_progs(const char *path, const char *name, void *ctx,
			 struct sample *s, unsigned *flags)
{
	struct bv_oracle_object_opts o = { .stats = true, .priv = BV_PRIV_ROOT };
	double t[RUNS];

	(void)ctx;
	*flags = 0;
	for (size_t i = 0; i < RUNS; i++) {
		struct bv_oracle_result kres;
		bool ok = !bv_oracle_load_object(path, name, &o, &kres) &&
			  !kres.libbpf_refused &&
			  kernel_stats(kres.log, &t[i], &s->k_insns);

		bv_oracle_result_free(&kres);
		if (!ok)
			return false;
	}
	s->k_usec = median(t, RUNS);
	return true;
}

/* sel_oracle --stats OBJ, RUNS times: NAME FLAGS VERDICT USEC INSNS lines */
struct sel_stats {
	size_t n;
	struct {
		char name[NAME_LEN];
		unsigned flags;
		unsigned long long insns;
		double usec[RUNS];
		unsigned runs;
	} *e;
};

static void sel_read(struct sel_stats *st, const char *oracle, const char *obj)
{
	char cmd[4096], line[1024];

	for (unsigned run = 0; run < RUNS; run++) {
		FILE *p;

		snprintf(cmd, sizeof(cmd), "'%s' --stats '%s' 2>/dev/null", oracle, obj);
		p = popen(cmd, "r");
		if (!p)
			return;
		for (size_t i = 0; fgets(line, sizeof(line), p);) {
			char name[NAME_LEN], verdict[64];
			unsigned flags;
			double usec;
			unsigned long long insns;

			if (sscanf(line, "%159s %u %63s %lf %llu", name, &flags, verdict,
				   &usec, &insns) != 5 || strncmp(verdict, "skip", 4) == 0)
				continue;
			if (run == 0) {
				void *ne = realloc(st->e, (st->n + 1) * sizeof(*st->e));

				if (!ne)
					break;
				st->e = ne;
				memset(&st->e[st->n], 0, sizeof(*st->e));
				snprintf(st->e[st->n].name, NAME_LEN, "%s", name);
				st->e[st->n].flags = flags;
				st->e[st->n].insns = insns;
				st->n++;
			}
			for (; i < st->n && strcmp(st->e[i].name, name); i++)
				;
			if (i < st->n && st->e[i].runs < RUNS)
				st->e[i].usec[st->e[i].runs++] = usec;
		}
		pclose(p);
	}
}

static bool kernel_sel(const char *path, const char *name, void *ctx,
		       struct sample *s, unsigned *flags)
{
	struct sel_stats *st = ctx;

	(void)path;
	for (size_t i = 0; i < st->n; i++) {
		if (strcmp(st->e[i].name, name))
			continue;
		if (st->e[i].runs != RUNS)
			return false;
		*flags = st->e[i].flags;
		s->k_insns = st->e[i].insns;
		s->k_usec = median(st->e[i].usec, RUNS);
		return true;
	}
	return false;
}

static void bench_object(struct bench *b, const char *path, kernel_fn kernel,
			 void *ctx)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct bv_error err;
	bv_object *obj;

	if (bv_object_open(path, NULL, &obj, &err))
		return;
	for (size_t i = 0; i < bv_object_program_count(obj); i++) {
		bv_program *prog = bv_object_program(obj, i);
		const char *name = bv_program_name(prog);
		char label[NAME_LEN], flagbuf[32];
		char *argv[] = { (char *)b->cli, "--prog-flags", flagbuf, "--prog",
				 (char *)name, (char *)path, NULL };
		unsigned flags = 0;
		struct sample *s;
		bool unsupported;

		snprintf(label, sizeof(label), "%s:%s", base, name);
		s = add_sample(b->cur, label);
		if (!s || bv_program_load_error(prog, &unsupported) ||
		    !kernel(path, name, ctx, s, &flags)) {
			b->cur->skipped++;
			continue;
		}
		snprintf(flagbuf, sizeof(flagbuf), "%u", flags);
		bv_program_set_flags(prog, bv_program_flags(prog) | flags);
		measure(b, s, prog, argv);
	}
	bv_object_free(obj);
}

static int visit_prog(const char *path, const struct stat *st, int type,
		      struct FTW *ftw)
{
	size_t n = strlen(path);

	(void)st;
	(void)ftw;
	if (type == FTW_F && n > 6 && !strcmp(path + n - 6, ".bpf.o"))
		bench_object(g_bench, path, kernel_progs, NULL);
	return 0;
}

static const char *g_sel_oracle;

static int visit_sel(const char *path, const struct stat *st, int type,
		     struct FTW *ftw)
{
	size_t n = strlen(path);
	struct sel_stats stats = { 0 };

	(void)st;
	(void)ftw;
	if (type != FTW_F || n < 2 || strcmp(path + n - 2, ".o"))
		return 0;
	sel_read(&stats, g_sel_oracle, path);
	bench_object(g_bench, path, kernel_sel, &stats);
	free(stats.e);
	return 0;
}

/* ---- the CLI's -j mode: all objects of a corpus in one process ---- */

struct obj_list {
	char **paths;
	size_t n, cap;
};
static struct obj_list g_objs; /* nftw() passes no context */

static int collect_obj(const char *path, const struct stat *st, int type,
		       struct FTW *ftw)
{
	size_t n = strlen(path);

	(void)st;
	(void)ftw;
	if (type != FTW_F || n < 2 || strcmp(path + n - 2, ".o"))
		return 0;
	if (g_objs.n == g_objs.cap) {
		size_t cap = g_objs.cap ? g_objs.cap * 2 : 64;
		char **grown = realloc(g_objs.paths, cap * sizeof(*grown));

		if (!grown)
			return 1;
		g_objs.paths = grown;
		g_objs.cap = cap;
	}
	g_objs.paths[g_objs.n] = strdup(path);
	return g_objs.paths[g_objs.n++] ? 0 : 1;
}

/* Wall time of `bpfverify -q -j jobs OBJ...` over every object, median
 * of RUNS runs, in usec. */
static double time_jobs(const char *cli, unsigned jobs)
{
	char jarg[16], **argv = calloc(g_objs.n + 5, sizeof(*argv));
	double t[RUNS] = { 0 };

	if (!argv)
		return -1;
	snprintf(jarg, sizeof(jarg), "%u", jobs);
	argv[0] = (char *)cli;
	argv[1] = "-q";
	argv[2] = "-j";
	argv[3] = jarg;
	memcpy(argv + 4, g_objs.paths, g_objs.n * sizeof(*argv));
	for (size_t i = 0; i < RUNS; i++) {
		long rss;

		t[i] = run_child(argv, &rss);
		if (t[i] < 0)
			break;
	}
	free(argv);
	for (size_t i = 0; i < RUNS; i++)
		if (t[i] < 0)
			return -1;
	return median(t, RUNS);
}

/* Both sides of a ratio are timed in this process; pinned to one CPU,
 * they run on the same core. On a small VM the cores differ (the first
 * takes most interrupts: a 1M-instruction program measured 60% slower
 * there), and a ratio of two timings taken on different cores says
 * nothing. The last allowed CPU is taken; the -j section gets them all
 * back. */
static cpu_set_t g_all_cpus;

static int pin_to_one_cpu(void)
{
	cpu_set_t one;

	if (sched_getaffinity(0, sizeof(g_all_cpus), &g_all_cpus))
		return -1;
	for (int cpu = CPU_SETSIZE - 1; cpu >= 0; cpu--) {
		if (!CPU_ISSET(cpu, &g_all_cpus))
			continue;
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		return sched_setaffinity(0, sizeof(one), &one) ? -1 : cpu;
	}
	return -1;
}

static void bench_parallel(const char *cli, const char *dir)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	double one, two;

	sched_setaffinity(0, sizeof(g_all_cpus), &g_all_cpus);
	nftw(dir, collect_obj, 16, FTW_PHYS);
	one = g_objs.n ? time_jobs(cli, 1) : -1;
	two = g_objs.n ? time_jobs(cli, 2) : -1;
	if (one < 0 || two < 0) {
		printf("\n== -j: could not run %s over the objects of %s\n",
		       cli, dir);
	} else {
		printf("\n== -j: every program of the %zu objects of %s in one bpfverify "
		       "process (%ld cores)\n",
		       g_objs.n, dir, cores);
		printf("   wall      -j 1: %.0f ms, -j 2: %.0f ms: speedup %.2f\n",
		       one / 1000.0, two / 1000.0, one / two);
	}
	for (size_t i = 0; i < g_objs.n; i++)
		free(g_objs.paths[i]);
	free(g_objs.paths);
}

/* ---- the report ---- */

static int cmp_kinsns_desc(const void *a, const void *b)
{
	const struct sample *x = a, *y = b;

	return x->k_insns < y->k_insns ? 1 : x->k_insns > y->k_insns ? -1 : 0;
}

static void report(struct corpus *c)
{
	double bv = 0, k = 0, wall = 0, tbv = 0, tk = 0;
	double *ratios = calloc(c->n + 1, sizeof(double));
	double *heaps = calloc(c->n + 1, sizeof(double));
	double *rss = calloc(c->n + 1, sizeof(double));
	double *walls = calloc(c->n + 1, sizeof(double));
	unsigned long long bvi = 0, ki = 0;
	size_t worst = 0, top = c->n < 10 ? c->n : 10, diff = 0;

	if (!ratios || !heaps || !rss || !walls)
		goto out;
	printf("\n== %s: %zu programs (%u skipped: not judged by both)\n", c->title,
	       c->n, c->skipped);
	if (!c->n)
		goto out;
	for (size_t i = 0; i < c->n; i++) {
		struct sample *s = &c->s[i];

		bv += s->bv_usec;
		k += s->k_usec;
		wall += s->wall_usec;
		bvi += s->bv_insns;
		ki += s->k_insns;
		diff += s->bv_insns != s->k_insns;
		ratios[i] = s->ratio;
		heaps[i] = (double)s->heap;
		rss[i] = (double)s->rss_kib;
		walls[i] = s->wall_usec;
		if (s->ratio > c->s[worst].ratio)
			worst = i;
	}
	printf("   time      bpfverify %.0f usec, kernel %.0f usec: summed ratio %.3f, median ratio %.3f\n",
	       bv, k, k > 0 ? bv / k : 0, median(ratios, c->n));
	printf("   worst     ratio %.2f: %s (%.0f against %.0f usec)\n",
	       c->s[worst].ratio, c->s[worst].name, c->s[worst].bv_usec,
	       c->s[worst].k_usec);
	printf("   insns     processed bpfverify %llu, kernel %llu (%zu programs differ)\n",
	       bvi, ki, diff);
	qsort(heaps, c->n, sizeof(double), cmp_double);
	printf("   heap      bv_verify peak: worst %.0f KiB, median %.0f KiB\n",
	       heaps[c->n - 1] / 1024, median(heaps, c->n) / 1024);
	qsort(rss, c->n, sizeof(double), cmp_double);
	printf("   process   wall: summed %.0f ms, median %.1f ms; peak RSS: worst %.0f KiB, median %.0f KiB\n",
	       wall / 1000, median(walls, c->n) / 1000, rss[c->n - 1],
	       median(rss, c->n));
	qsort(c->s, c->n, sizeof(*c->s), cmp_kinsns_desc);
	printf("   ten largest (kernel insns, bpfverify usec, kernel usec, ratio):\n");
	for (size_t i = 0; i < top; i++) {
		struct sample *s = &c->s[i];

		tbv += s->bv_usec;
		tk += s->k_usec;
		printf("     %-64s %8llu %10.0f %10.0f %6.2f\n", s->name, s->k_insns,
		       s->bv_usec, s->k_usec, s->ratio);
	}
	printf("     summed ratio on these: %.3f\n", tk > 0 ? tbv / tk : 0);
out:
	free(ratios);
	free(heaps);
	free(rss);
	free(walls);
}

static void usage(void)
{
	fprintf(stderr, "usage: bench [-o DETAIL] [-c CLI] [--cases DIR] [--progs DIR] "
			"[--selftests DIR] [--sel-oracle BIN]\n");
}

int main(int argc, char **argv)
{
	struct corpus cases = { .title = "cases" }, progs = { .title = "progs" },
		      sel = { .title = "selftests" };
	const char *cases_dir = "tests/cases", *progs_dir = "build/rel/progs";
	const char *sel_dir = "build/selftests/obj";
	struct bench b = { .cli = "build/rel/bpfverify" };
	char why[BV_ERROR_LEN];
	int cpu;

	start_spawner();
	cpu = pin_to_one_cpu();
	g_sel_oracle = "build/selftests/sel_oracle";
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!v) {
			usage();
			return 2;
		}
		if (!strcmp(a, "-o"))
			b.detail = fopen(v, "w");
		else if (!strcmp(a, "-c"))
			b.cli = v;
		else if (!strcmp(a, "--cases"))
			cases_dir = v;
		else if (!strcmp(a, "--progs"))
			progs_dir = v;
		else if (!strcmp(a, "--selftests"))
			sel_dir = v;
		else if (!strcmp(a, "--sel-oracle"))
			g_sel_oracle = v;
		else {
			usage();
			return 2;
		}
		i++;
	}
	if (!bv_oracle_available(why, sizeof(why))) {
		printf("bench: %s; nothing to compare against\n", why);
		return 0;
	}
	if (b.detail)
		fprintf(b.detail, "%-9s %-70s %10s %10s %7s %8s %8s %8s %7s %9s\n",
			"corpus", "program", "bv_usec", "kern_usec", "ratio",
			"bv_insns", "kern_ins", "heap_KiB", "rss_KiB", "wall_usec");
	g_bench = &b;
	b.cur = &cases;
	if (*cases_dir)
		nftw(cases_dir, visit_case, 16, FTW_PHYS);
	b.cur = &progs;
	if (*progs_dir)
		nftw(progs_dir, visit_prog, 16, FTW_PHYS);
	b.cur = &sel;
	if (*sel_dir && access(g_sel_oracle, X_OK) == 0)
		nftw(sel_dir, visit_sel, 16, FTW_PHYS);
	else if (*sel_dir)
		printf("bench: selftests skipped: %s missing (tools/selftests.sh builds it)\n",
		       g_sel_oracle);
	printf("bench: bpfverify at log level 0 against the kernel at log_level 4; "
	       "times are medians of %d+ runs; ratio = bpfverify / kernel\n", RUNS);
	if (cpu >= 0)
		printf("bench: both sides timed on cpu %d (the -j section on all cpus)\n", cpu);
	report(&cases);
	report(&progs);
	report(&sel);
	if (*sel_dir && access(sel_dir, R_OK) == 0)
		bench_parallel(b.cli, sel_dir);
	else if (*progs_dir)
		bench_parallel(b.cli, progs_dir);
	if (b.detail)
		fclose(b.detail);
	free(cases.s);
	free(progs.s);
	free(sel.s);
	return 0;
}
