/* SPDX-License-Identifier: MIT */
/* The BPF C program suite: each tests/progs/NAME.bpf.c states, in
 * "//@ " comment lines, what the kernel does with every program in it:
 *   //@ PROG accept | reject | bad-input | xfail
 *   //@ PROG error TEXT         one error line of the rejection (repeat)
 *   //@ PROG log2               the whole level-2 log must equal the kernel's
 *   //@ clang CMD               compiled with CMD (skipped where it is missing)
 *   //@ PROG kernel-refuses     the kernel here refuses the program before
 *                               verifying it (fentry, fexit and lsm: EPERM,
 *                               empty log); the verdict lines are the
 *                               selftests' kind of annotation bpfverify is
 *                               held to, and the kernel must still refuse
 *   //@ object bad-input TEXT   the object itself is refused; TEXT is part
 *                               of bpfverify's message
 * bpfverify and the kernel (loading the object through libbpf) must both
 * agree; "xfail" marks programs bpfverify cannot judge yet. For every
 * program with line info, the source annotations the kernel prints at log
 * level 2 must be the ones bv_linfo_next predicts, and at level 1
 * bpfverify's annotations must equal the kernel's. */
#include "bpfverify.h"
#include "kernel/oracle.h"
#include "load/program.h"
#include "report/kernel_log.h"
#include "runner.h"

#include <bpf/libbpf.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_EXPECT 64
#define LINE_LEN 1024

struct expect {
	char prog[128];
	enum bv_verdict verdict;
	bool set, xfail, log2, kernel_refuses;
	char errors[BV_ERROR_TEXT_LEN];
};

struct file_expect {
	struct expect e[MAX_EXPECT];
	size_t n;
	bool object_bad;
	char object_msg[256];
	bool needs_vmlinux;
	char clang[64]; /* "//@ clang CMD": the compiler it needs */
	char why[256];
};

static struct expect *expect_for(struct file_expect *fe, const char *prog)
{
	for (size_t i = 0; i < fe->n; i++)
		if (!strcmp(fe->e[i].prog, prog))
			return &fe->e[i];
	if (fe->n == MAX_EXPECT)
		return NULL;
	snprintf(fe->e[fe->n].prog, sizeof(fe->e[0].prog), "%s", prog);
	return &fe->e[fe->n++];
}

static int directive(struct file_expect *fe, char *line)
{
	char prog[128], word[32];
	int used = 0;
	struct expect *e;
	char *rest;

	if (sscanf(line, "%127s %31s %n", prog, word, &used) < 2)
		return -1;
	rest = line + used;
	rest[strcspn(rest, "\n")] = '\0';
	if (!strcmp(prog, "object")) {
		fe->object_bad = true;
		snprintf(fe->object_msg, sizeof(fe->object_msg), "%s", rest);
		return 0;
	}
	if (!strcmp(prog, "cflags"))
		return 0;
	if (!strcmp(prog, "clang")) {
		snprintf(fe->clang, sizeof(fe->clang), "%s", word);
		return 0;
	}
	e = expect_for(fe, prog);
	if (!e)
		return -1;
	e->set = true;
	if (!strcmp(word, "accept"))
		e->verdict = BV_ACCEPTED;
	else if (!strcmp(word, "reject"))
		e->verdict = BV_REJECTED;
	else if (!strcmp(word, "bad-input"))
		e->verdict = BV_BAD_INPUT;
	else if (!strcmp(word, "xfail"))
		e->xfail = true;
	else if (!strcmp(word, "log2"))
		e->log2 = true;
	else if (!strcmp(word, "kernel-refuses"))
		e->kernel_refuses = true;
	else if (!strcmp(word, "error")) {
		size_t n = strlen(e->errors);

		e->verdict = BV_REJECTED;
		snprintf(e->errors + n, sizeof(e->errors) - n, "%s%s", n ? "\n" : "", rest);
	} else
		return -1;
	return 0;
}

static int read_expect(const char *path, struct file_expect *fe)
{
	FILE *f = fopen(path, "r");
	char line[LINE_LEN];
	int err = 0;

	if (!f)
		return -1;
	while (!err && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "//@ ", 4))
			err = directive(fe, line + 4);
		if (strstr(line, "#include \"vmlinux.h\""))
			fe->needs_vmlinux = true;
	}
	fclose(f);
	return err;
}

/* Whether the command can be found on PATH. */
static bool on_path(const char *cmd)
{
	const char *path = getenv("PATH");
	char full[1024];

	while (path && *path) {
		size_t n = strcspn(path, ":");

		if (snprintf(full, sizeof(full), "%.*s/%s", (int)n, path, cmd) <
			    (int)sizeof(full) &&
		    !access(full, X_OK))
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

static const char *word(enum bv_verdict v)
{
	static const char *const w[] = { "accept", "reject", "bad input", "unsupported" };

	return w[v];
}

static bool agrees(const struct expect *e, enum bv_verdict v, const char *errors,
		   char *why, size_t len)
{
	if (v != e->verdict) {
		snprintf(why, len, "verdict %s, expected %s%s%.600s", word(v),
			 word(e->verdict), *errors ? "; error: " : "", errors);
		return false;
	}
	if (v == BV_REJECTED && strcmp(errors, e->errors)) {
		snprintf(why, len, "error lines differ:\n      got:  %.700s\n      want: %.700s",
			 errors, e->errors);
		return false;
	}
	return true;
}

/* bpfverify at log level 1, libbpf's CO-RE log fixup applied */
static enum bv_verdict run_ours(const bv_program *prog, char **log, char *errors,
				size_t len)
{
	struct bv_log_text b = { 0 };
	struct bv_options opt = { .log_level = 1, .log = bv_log_text_append, .log_ctx = &b };
	struct bv_result res;
	bool unsupported;
	const char *why = bv_program_load_error(prog, &unsupported);
	enum bv_verdict v;
	char *fixed;

	*log = NULL;
	errors[0] = '\0';
	if (why) {
		snprintf(errors, len, "%s", why);
		return unsupported ? BV_UNSUPPORTED : BV_BAD_INPUT;
	}
	v = bv_verify(prog, &opt, &res);
	*log = b.text ? b.text : strdup("");
	fixed = *log ? bv_program_fixup_log(prog, *log) : NULL;
	if (fixed) {
		free(*log);
		*log = fixed;
	}
	if (v == BV_REJECTED && *log)
		bv_log_error_lines(*log, errors, len);
	else
		snprintf(errors, len, "%s", res.error);
	return v;
}

static void check_ours(struct tally *t, const char *tag, const struct expect *e,
		       enum bv_verdict v, const char *errors)
{
	char why[2048];
	bool ok = agrees(e, v, errors, why, sizeof(why));

	if (!e->xfail) {
		record(t, tag, "bpfverify", ok, why);
	} else if (ok) {
		record(t, tag, "bpfverify", false, "passes now: remove its xfail");
	} else {
		t->passed++;
		t->xfailed++;
		if (t->verbose)
			printf("XFAIL %s [bpfverify]: %s\n", tag, why);
	}
}

static bool is_annotation(const char *line)
{
	return line[0] == ';' && line[1] == ' ';
}

/* "; text" lines with the instruction each precedes, one per line */
static char *annotations(const char *log)
{
	struct bv_log_text b = { 0 };
	const char *p = log, *pending = NULL;
	size_t pending_len = 0;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char line[LINE_LEN * 2];

		if (is_annotation(p)) {
			pending = p;
			pending_len = n;
		} else if (pending && bv_log_is_insn_line(p, n)) {
			snprintf(line, sizeof(line), "%.*s | %.*s\n", (int)pending_len,
				 pending, (int)strcspn(p, ":"), p);
			bv_log_text_append(&b, line);
			pending = NULL;
		}
		p = nl ? nl + 1 : NULL;
	}
	return b.text ? b.text : strdup("");
}

/* The kernel's level-2 log against bv_linfo_next: before every printed
 * instruction, the annotation the hook predicts (and none when it
 * predicts none). do_check_common resets the previous record when it
 * starts a function: at "Validating f() func#N..." and after "Func#N
 * ('f') is safe for any args...". */
static bool replay_linfo(const bv_program *prog, const char *log, char *why,
			 size_t len)
{
	const struct bv_line_info *prev = NULL;
	const char *p = log, *pending = NULL;
	size_t pending_len = 0;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if (!strncmp(p, "Validating ", 11) ||
		    memmem(p, n, "is safe for any args", 20))
			prev = NULL;
		if (is_annotation(p)) {
			pending = p;
			pending_len = n;
		} else if (bv_log_is_insn_line(p, n)) {
			const struct bv_line_info *l = bv_linfo_next(prog, (size_t)atoi(p), &prev);
			char want[LINE_LEN * 2] = "";

			if (l)
				snprintf(want, sizeof(want), "; %s @ %s:%u", l->line, l->file,
					 l->line_num);
			if (strlen(want) != (pending ? pending_len : 0) ||
			    (pending && strncmp(want, pending, pending_len))) {
				snprintf(why, len, "before insn %d the kernel prints '%.*s', bv_linfo_next '%.400s'",
					 atoi(p), pending ? (int)(pending_len > 400 ? 400 : pending_len) : 0,
					 pending ? pending : "", want);
				return false;
			}
			pending = NULL;
		}
		p = nl ? nl + 1 : NULL;
	}
	return true;
}

/* //@ PROG log2: bpfverify's whole level-2 log against the kernel's */
static void compare_log2(struct tally *t, const char *tag, const bv_program *prog,
			 char *kernel_log)
{
	struct bv_log_text ours = { 0 };
	struct bv_options opt = { .log_level = 2, .log = bv_log_text_append, .log_ctx = &ours };
	struct bv_result res;
	char a[BV_ERROR_LEN], b[BV_ERROR_LEN];
	char *text;

	bv_verify(prog, &opt, &res);
	text = ours.text ? ours.text : (char[]){ 0 };
	bv_log_normalise(text);
	bv_log_normalise(kernel_log);
	drift_first_difference(text, kernel_log, a, b, sizeof(a));
	record_kernel(t, tag, "log2", !strcmp(text, kernel_log),
		      "level-2 logs differ (bpfverify --log-level 2 --prog NAME OBJ, and with --kernel)",
		      "bpfverify", a, b);
	free(ours.text);
}

/* A program the kernel refuses before verification: it must still be
 * refused so (otherwise its annotation can be checked against the kernel,
 * and should be), and it is counted as resting on its annotation. */
static void check_refused(struct tally *t, const char *tag,
			  const struct bv_oracle_result *kr)
{
	bool refused = kr->verdict == BV_REJECTED && (!kr->log || !kr->log[0]);

	record_kernel(
		t, tag, "kernel", refused,
		"the kernel now verifies it: drop kernel-refuses and compare",
		"stored expectation", "refused before verification",
		refused ? "refused before verification" : "verified");
	if (refused)
		t->annotated++;
}

static void check_kernel(struct tally *t, const char *tag, const char *obj,
			 const bv_program *prog, const struct expect *e,
			 const char *our_log, enum bv_verdict ours)
{
	struct bv_oracle_result kr, k2;
	char errors[BV_ERROR_TEXT_LEN], why[2048];
	char stored[BV_ERROR_TEXT_LEN + 16], live[BV_ERROR_TEXT_LEN + 16];
	struct expect ke = *e;
	struct bv_oracle_object_opts o1 = { .log_level = 1, .priv = BV_PRIV_ROOT };
	struct bv_oracle_object_opts o2 = { .log_level = 2, .priv = BV_PRIV_ROOT };

	if (!t->kernel_available) {
		t->skipped++;
		return;
	}
	if (bv_oracle_load_object(obj, bv_program_name(prog), &o1, &kr)) {
		record(t, tag, "kernel", false, kr.why);
		bv_oracle_result_free(&kr);
		return;
	}
	if (e->kernel_refuses) {
		check_refused(t, tag, &kr);
		bv_oracle_result_free(&kr);
		return;
	}
	if (kr.libbpf_refused) {
		errors[0] = '\0';
		if (ke.verdict == BV_BAD_INPUT)
			ke.verdict = BV_REJECTED;
	} else {
		bv_log_error_lines(kr.log, errors, sizeof(errors));
	}
	describe_outcome(ke.verdict != BV_ACCEPTED, ke.errors, stored, sizeof(stored));
	describe_outcome(kr.verdict != BV_ACCEPTED, kr.libbpf_refused ? "(libbpf refused the load)" : errors,
			 live, sizeof(live));
	record_kernel(t, tag, "kernel",
		      agrees(&ke, kr.verdict, errors, why, sizeof(why)) &&
			      (e->verdict != BV_BAD_INPUT || kr.libbpf_refused),
		      why, "stored expectation", stored, live);
	if ((prog->n_line_info || e->log2) &&
	    !bv_oracle_load_object(obj, bv_program_name(prog), &o2, &k2)) {
		bool ok = replay_linfo(prog, k2.log, why, sizeof(why));

		if (prog->n_line_info)
			record_kernel(t, tag, "linfo", ok, why, "bv_linfo_next",
				      "the source annotations it predicts", why);
		if (e->log2)
			compare_log2(t, tag, prog, k2.log);
		bv_oracle_result_free(&k2);
	}
	if (our_log && kr.verdict == BV_REJECTED && ours == BV_REJECTED && !e->xfail) {
		char *a = annotations(our_log), *b = annotations(kr.log);

		if (!*a && *b) {
			t->passed++;
			t->xfailed++; /* the core does not print them yet */
		} else {
			record_kernel(t, tag, "annotations", !strcmp(a, b),
				      "the '; source' lines differ from the kernel's",
				      "bpfverify", a, b);
		}
		free(a);
		free(b);
	}
	bv_oracle_result_free(&kr);
}

/* the kernel side of a refused object: libbpf cannot open or load it */
static bool libbpf_refuses(const char *obj)
{
	struct bpf_object *o = bpf_object__open_file(obj, NULL);
	int err;

	if (!o)
		return true;
	err = bpf_object__load(o);
	bpf_object__close(o);
	return err != 0;
}

static void run_object_bad(struct tally *t, const char *tag, const char *obj,
			   const struct file_expect *fe)
{
	struct bv_error err;
	bv_object *o;
	bool ok = bv_object_open(obj, NULL, &o, &err) != 0 &&
		  strstr(err.msg, fe->object_msg);

	if (!ok && err.msg[0] == '\0')
		bv_object_free(o);
	record(t, tag, "bpfverify", ok, ok ? "" : err.msg[0] ? err.msg : "opened fine");
	if (!t->kernel_available)
		t->skipped++;
	else
		record_kernel(t, tag, "kernel", libbpf_refuses(obj), "libbpf loads it",
			      "stored expectation", "libbpf refuses the object",
			      "libbpf loads it");
}

static void run_file(struct tally *t, const char *src, const char *obj)
{
	struct file_expect fe = { 0 };
	struct bv_error err;
	bv_object *o;
	char tag[512];

	snprintf(tag, sizeof(tag), "%s", src);
	if (read_expect(src, &fe)) {
		record(t, tag, "parse", false, "bad //@ line");
		return;
	}
	if (access(obj, R_OK)) {
		if (fe.needs_vmlinux && access(obj, F_OK)) {
			t->skipped++;
			return;
		}
		if (fe.clang[0] && access(obj, F_OK) && !on_path(fe.clang)) {
			printf("progs: %s skipped: needs %s\n", tag, fe.clang);
			t->skipped++;
			return;
		}
		record(t, tag, "build", false, "not compiled (see tools/build-progs.sh output)");
		return;
	}
	if (fe.object_bad) {
		run_object_bad(t, tag, obj, &fe);
		return;
	}
	if (bv_object_open(obj, NULL, &o, &err)) {
		record(t, tag, "bpfverify", false, err.msg);
		return;
	}
	for (size_t i = 0; i < bv_object_program_count(o); i++) {
		bv_program *prog = bv_object_program(o, i);
		struct expect *e = expect_for(&fe, bv_program_name(prog));
		char ptag[700], errors[BV_ERROR_TEXT_LEN], *log;
		enum bv_verdict v;

		snprintf(ptag, sizeof(ptag), "%s:%s", src, bv_program_name(prog));
		if (!e || !e->set) {
			record(t, ptag, "parse", false, "no //@ expectation for this program");
			continue;
		}
		v = run_ours(prog, &log, errors, sizeof(errors));
		check_ours(t, ptag, e, v, errors);
		check_kernel(t, ptag, obj, prog, e, log, v);
		free(log);
	}
	for (size_t i = 0; i < fe.n; i++)
		if (!bv_object_find_program(o, fe.e[i].prog))
			record(t, tag, "parse", false, "an expectation names no program");
	bv_object_free(o);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

void bv_run_progs(struct tally *t, const char *src_dir, const char *obj_dir)
{
	struct dirent **names;
	int n = scandir(src_dir, &names, NULL, by_name);

	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		size_t len = strlen(name);
		char src[1024], obj[1024];

		if (len > 6 && !strcmp(name + len - 6, ".bpf.c")) {
			snprintf(src, sizeof(src), "%s/%s", src_dir, name);
			snprintf(obj, sizeof(obj), "%s/%.*s.bpf.o", obj_dir, (int)len - 6, name);
			run_file(t, src, obj);
		}
		free(names[i]);
	}
	free(names);
}
