/* SPDX-License-Identifier: MIT */
/* One differential comparison, saving it as a case, shrinking it (diff.h). */
#include "diff.h"
#include "isa/opcodes.h"
#include "kernel/oracle.h"
#include "report/kernel_log.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define KERNEL_LOG_LEVEL 1

const char *diff_verdict_word(enum bv_verdict v)
{
	static const char *const words[] = {
		[BV_ACCEPTED] = "accept", [BV_REJECTED] = "reject",
		[BV_BAD_INPUT] = "bad input", [BV_UNSUPPORTED] = "unsupported",
	};
	return (unsigned)v < 4 ? words[v] : "?";
}

/* The count of the kernel's last "processed N insns" line, or 0. */
static uint32_t processed_of(const char *log)
{
	const char *p = log, *last = NULL;
	unsigned long n;

	while ((p = strstr(p, "processed ")) != NULL) {
		if (p == log || p[-1] == '\n')
			last = p;
		p++;
	}
	if (!last || sscanf(last, "processed %lu insns", &n) != 1)
		return 0;
	return (uint32_t)n;
}

static enum diff_processed compare_processed(uint32_t ours, uint32_t kernel)
{
	uint32_t d = ours > kernel ? ours - kernel : kernel - ours;

	if (d == 0)
		return PROCESSED_EQUAL;
	return (uint64_t)d * 20 <= kernel ? PROCESSED_NEAR : PROCESSED_OFF;
}

/* Appends text to out with digit runs as "N" and newlines as " / ". */
static size_t blot(char *out, size_t used, size_t len, const char *text)
{
	for (const char *p = text; *p && used + 4 < len; p++) {
		if (p[0] == '0' && p[1] == 'x' && isxdigit((unsigned char)p[2])) {
			out[used++] = 'N';
			for (p += 2; isxdigit((unsigned char)p[1]); p++)
				;
		} else if (isdigit((unsigned char)*p)) {
			out[used++] = 'N';
			while (isdigit((unsigned char)p[1]))
				p++;
		} else if (*p == '\n') {
			used += (size_t)snprintf(out + used, len - used, " / ");
		} else {
			out[used++] = *p;
		}
	}
	out[used < len ? used : len - 1] = '\0';
	return used < len ? used : len - 1;
}

static void blot_first_line(char *out, size_t len, const char *text)
{
	size_t n = strcspn(text, "\n");
	char *line = strndup(text, n);

	out[0] = '\0';
	if (line)
		blot(out, 0, len, line);
	free(line);
}

/* The class of a disagreement: the verdicts and the first error line of
 * each side that rejected, numbers blotted out (so that "R3" and "R7", or
 * two state dumps, fall in the same class). */
static void make_key(struct diff_result *res)
{
	char k[DIFF_KEY_LEN / 2], b[DIFF_KEY_LEN / 2];
	size_t used;

	blot_first_line(k, sizeof(k), res->kernel_errors);
	blot_first_line(b, sizeof(b), res->our_errors);
	used = (size_t)snprintf(res->key, sizeof(res->key), "kernel %s, bpfverify %s",
				diff_verdict_word(res->kernel),
				diff_verdict_word(res->ours));
	if (res->kernel == BV_REJECTED && used < sizeof(res->key))
		used += (size_t)snprintf(res->key + used, sizeof(res->key) - used,
					 " | K: %s", k);
	if (res->ours == BV_REJECTED && used < sizeof(res->key))
		used += (size_t)snprintf(res->key + used, sizeof(res->key) - used,
					 " | B: %s", *b ? b : "(no error line)");
	if (res->ours == BV_REJECTED && res->kernel == BV_REJECTED && !strcmp(k, b) &&
	    used < sizeof(res->key))
		snprintf(res->key + used, sizeof(res->key) - used,
			 " | numbers or later lines differ");
}

static void classify(struct diff_result *res)
{
	if (res->ours != res->kernel)
		res->outcome = DIFF_VERDICT;
	else if (res->ours == BV_REJECTED &&
		 strcmp(res->our_errors, res->kernel_errors))
		res->outcome = DIFF_ERROR_LINE;
	else
		res->outcome = DIFF_AGREE;
	if (res->ours == BV_ACCEPTED && res->kernel == BV_ACCEPTED)
		res->processed = compare_processed(res->our_processed,
						   res->kernel_processed);
	if (res->outcome != DIFF_AGREE)
		make_key(res);
}

/* Runs bpfverify. Its error lines are read from its whole log, as the
 * kernel's are (bv_result.error keeps only BV_ERROR_TEXT_LEN bytes); a
 * rejection without a log (some static checks) has them in res.error. */
static void run_ours(const bv_program *prog, enum bv_privilege priv,
		     struct diff_result *res)
{
	struct bv_log_text log = { 0 };
	struct bv_options opt = { .log_level = KERNEL_LOG_LEVEL, .privilege = priv,
				  .log = bv_log_text_append, .log_ctx = &log };
	struct bv_result ours;

	bv_verify(prog, &opt, &ours);
	res->ours = ours.verdict == BV_BAD_INPUT ? BV_REJECTED : ours.verdict;
	res->our_processed = ours.insn_processed;
	if (ours.verdict != BV_ACCEPTED && log.text)
		bv_log_error_lines(log.text, res->our_errors, sizeof(res->our_errors));
	if (!res->our_errors[0])
		snprintf(res->our_errors, sizeof(res->our_errors), "%s", ours.error);
	bv_log_text_free(&log);
}

void diff_run(const bv_program *prog, enum bv_privilege priv,
	      struct diff_result *res)
{
	struct bv_oracle_result k;

	memset(res, 0, sizeof(*res));
	run_ours(prog, priv, res);
	if (bv_oracle_load(prog, KERNEL_LOG_LEVEL, false, priv, &k)) {
		res->outcome = DIFF_NO_ORACLE;
		snprintf(res->why, sizeof(res->why), "%s", k.why);
		bv_oracle_result_free(&k);
		return;
	}
	res->kernel = k.verdict;
	bv_log_error_lines(k.log, res->kernel_errors, sizeof(res->kernel_errors));
	res->kernel_processed = processed_of(k.log);
	bv_oracle_result_free(&k);
	if (res->kernel == BV_REJECTED)
		blot_first_line(res->kernel_reason, sizeof(res->kernel_reason),
				res->kernel_errors);
	if (res->ours == BV_UNSUPPORTED) {
		res->outcome = DIFF_UNSUPPORTED;
		blot(res->key, 0, sizeof(res->key), res->our_errors);
		return;
	}
	classify(res);
}

/* ---- saving ---- */

static const char *const flag_names[] = { "strict_alignment", "any_alignment",
					  "test_rnd_hi32", "test_state_freq",
					  "sleepable", "xdp_has_frags" };

/* The directives of cli/main.c's print_directives, plus .caps. */
static void write_directives(FILE *f, const bv_program *prog,
			     enum bv_privilege priv)
{
	const char *type = bv_prog_type_name(bv_program_type(prog));
	uint32_t flags = bv_program_flags(prog);

	if (type)
		fprintf(f, ".prog_type %s\n", type);
	else
		fprintf(f, ".prog_type %u\n", bv_program_type(prog));
	if (bv_program_attach_type(prog))
		fprintf(f, ".attach_type %u\n", bv_program_attach_type(prog));
	for (unsigned bit = 0; bit < 32; bit++) {
		if (!(flags & (1u << bit)))
			continue;
		if (bit < sizeof(flag_names) / sizeof(flag_names[0]))
			fprintf(f, ".flags %s\n", flag_names[bit]);
		else
			fprintf(f, ".flags 0x%x\n", 1u << bit);
	}
	if (priv == BV_PRIV_BPF_ONLY)
		fprintf(f, ".caps bpf\n");
	for (size_t i = 0; i < bv_program_map_count(prog); i++) {
		const struct bv_map_def *m = bv_program_map(prog, i);
		const char *mtype = bv_map_type_name(m->type);

		fprintf(f, ".map %s ", m->name);
		if (mtype)
			fprintf(f, "%s", mtype);
		else
			fprintf(f, "%u", m->type);
		fprintf(f, " key=%u value=%u entries=%u", m->key_size,
			m->value_size, m->max_entries);
		if (m->flags)
			fprintf(f, " flags=0x%x", m->flags);
		fputc('\n', f);
	}
}

static void write_comment_lines(FILE *f, const char *prefix, const char *text)
{
	const char *p = text;

	do {
		const char *nl = strchr(p, '\n');
		int n = nl ? (int)(nl - p) : (int)strlen(p);

		fprintf(f, "; %s%.*s\n", prefix, n, p);
		p = nl ? nl + 1 : NULL;
	} while (p && *p);
}

/* Whether the kernel's error lines can be written as .error directives. */
static int expressible(const char *errors, char *why, size_t len)
{
	unsigned lines = 1;

	for (const char *p = errors; *p; p++)
		lines += *p == '\n';
	for (const char *p = errors; *p;) {
		size_t n = strcspn(p, "\n");

		if (n >= BV_ERROR_LEN) {
			snprintf(why, len, "an error line is longer than %d characters",
				 BV_ERROR_LEN - 1);
			return -1;
		}
		p += n + (p[n] == '\n');
	}
	if (lines > BV_MAX_EXPECTED_ERRORS) {
		snprintf(why, len, "the kernel printed %u error lines (at most %d fit)",
			 lines, BV_MAX_EXPECTED_ERRORS);
		return -1;
	}
	return 0;
}

static void write_insns(FILE *f, const bv_program *prog)
{
	size_t n;
	char text[256];

	bv_program_insns(prog, &n);
	for (size_t i = 0; i < n;) {
		unsigned slots = bv_disasm_insn(prog, i, BV_DISASM_SOURCE, text,
						sizeof(text));

		fprintf(f, "%zu: %s\n", i, text);
		i += slots ? slots : 1;
	}
}

void diff_write_program(FILE *f, const bv_program *prog, enum bv_privilege priv)
{
	write_directives(f, prog, priv);
	write_insns(f, prog);
}

static void write_case(FILE *f, const bv_program *prog, enum bv_privilege priv,
		       const struct diff_result *res, const char *comment)
{
	fprintf(f, "; %s\n", comment);
	fprintf(f, "; bpfverify: %s\n", diff_verdict_word(res->ours));
	if (res->ours == BV_REJECTED && res->our_errors[0])
		write_comment_lines(f, "  ", res->our_errors);
	write_directives(f, prog, priv);
	fprintf(f, ".xfail bpfverify\n");
	fprintf(f, ".expect %s\n", diff_verdict_word(res->kernel));
	if (res->kernel == BV_REJECTED) {
		const char *p = res->kernel_errors;

		while (*p) {
			const char *nl = strchr(p, '\n');
			int len = nl ? (int)(nl - p) : (int)strlen(p);

			fprintf(f, ".error %.*s\n", len, p);
			p = nl ? nl + 1 : p + len;
		}
	}
	write_insns(f, prog);
}

static bool same_program(const bv_program *a, const bv_program *b)
{
	size_t na, nb;
	const struct bv_insn *ia = bv_program_insns(a, &na);
	const struct bv_insn *ib = bv_program_insns(b, &nb);

	if (na != nb || bv_program_map_count(a) != bv_program_map_count(b))
		return false;
	for (size_t i = 0; i < na; i++) {
		if (ia[i].code != ib[i].code || ia[i].dst_reg != ib[i].dst_reg ||
		    ia[i].src_reg != ib[i].src_reg || ia[i].off != ib[i].off ||
		    ia[i].imm != ib[i].imm)
			return false;
	}
	return bv_program_type(a) == bv_program_type(b) &&
	       bv_program_flags(a) == bv_program_flags(b);
}

/* Reads the saved case back: same program, and the kernel still agrees
 * with the expectation written (what run_cases checks on its kernel side). */
static int check_saved(const char *path, const bv_program *prog,
		       enum bv_privilege priv, char *why, size_t len)
{
	const struct bv_expectation *e;
	struct diff_result again;
	struct bv_error err;
	bv_program *back;
	char want[DIFF_ERRORS_LEN] = "";
	size_t used = 0;
	int rc = -1;

	if (bv_program_from_file(path, &back, &err)) {
		snprintf(why, len, "%s: line %u: %s", path, err.line, err.msg);
		return -1;
	}
	e = bv_program_expectation(back);
	for (unsigned i = 0; i < e->n_errors && used < sizeof(want); i++)
		used += (size_t)snprintf(want + used, sizeof(want) - used, "%s%s",
					 i ? "\n" : "", e->errors[i]);
	if (!same_program(prog, back) || bv_program_privilege(back) != priv) {
		snprintf(why, len, "%s does not assemble back to the program", path);
	} else {
		diff_run(back, bv_program_privilege(back), &again);
		if (again.outcome == DIFF_NO_ORACLE)
			snprintf(why, len, "kernel: %s", again.why);
		else if (again.kernel != e->verdict ||
			 (e->verdict == BV_REJECTED && strcmp(want, again.kernel_errors)))
			snprintf(why, len, "%s: the kernel disagrees with the saved expectation",
				 path);
		else
			rc = 0;
	}
	bv_program_free(back);
	return rc;
}

int diff_save_case(const char *path, const bv_program *prog,
		   enum bv_privilege priv, const struct diff_result *res,
		   const char *comment, char *why, size_t len)
{
	FILE *f;

	if (res->kernel == BV_REJECTED &&
	    expressible(res->kernel_errors, why, len))
		return -1;
	f = fopen(path, "w");
	if (!f) {
		snprintf(why, len, "cannot write %s", path);
		return -1;
	}
	write_case(f, prog, priv, res, comment);
	if (fclose(f)) {
		snprintf(why, len, "cannot write %s", path);
		return -1;
	}
	return check_saved(path, prog, priv, why, len);
}

/* ---- shrinking ---- */

static bool is_jump(const struct bv_insn *insn)
{
	unsigned cls = BV_CLASS(insn->code), op = BV_OP(insn->code);

	return (cls == BV_JMP || cls == BV_JMP32) && op != BV_CALL && op != BV_EXIT;
}

static bool wide_jump(const struct bv_insn *insn)
{
	return BV_CLASS(insn->code) == BV_JMP32 && BV_OP(insn->code) == BV_JA;
}

/* A copy of prog with its type, flags and maps but other instructions. */
static bv_program *with_insns(const bv_program *prog, const struct bv_insn *insns,
			      size_t n)
{
	bv_program *p = bv_program_new();
	struct bv_error err;

	if (!p || bv_program_set_insns(p, insns, n, &err)) {
		bv_program_free(p);
		return NULL;
	}
	for (size_t i = 0; i < bv_program_map_count(prog); i++) {
		if (bv_program_add_map(p, bv_program_map(prog, i), &err)) {
			bv_program_free(p);
			return NULL;
		}
	}
	bv_program_set_type(p, bv_program_type(prog));
	bv_program_set_attach_type(p, bv_program_attach_type(prog));
	bv_program_set_flags(p, bv_program_flags(prog));
	return p;
}

/* Where old index i lands once [at, at + count) is gone; a target inside
 * the deleted range lands on what follows it. */
static long moved(long i, long at, long count)
{
	if (i < at)
		return i;
	return i >= at + count ? i - count : at;
}

/* prog without slots [at, at + count), jumps re-aimed; NULL when that
 * would split a 64-bit load. */
static bv_program *without(const bv_program *prog, size_t at, size_t count)
{
	size_t n;
	const struct bv_insn *insns = bv_program_insns(prog, &n);
	struct bv_insn *out;
	bv_program *p;
	size_t k = 0;

	if (at + count > n || count >= n)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		bool wide = bv_is_ldimm64(insns[i].code);
		bool first_in = i >= at && i < at + count;
		bool second_in = wide && i + 1 >= at && i + 1 < at + count;

		if (wide && first_in != second_in)
			return NULL;
		i += wide;
	}
	out = malloc(n * sizeof(*out));
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		struct bv_insn insn = insns[i];

		if (i >= at && i < at + count)
			continue;
		if (is_jump(&insn)) {
			long off = wide_jump(&insn) ? insn.imm : insn.off;
			long t = moved((long)i + 1 + off, (long)at, (long)count);
			long j = moved((long)i, (long)at, (long)count);

			if (wide_jump(&insn))
				insn.imm = (int32_t)(t - j - 1);
			else
				insn.off = (int16_t)(t - j - 1);
		}
		out[k++] = insn;
	}
	p = with_insns(prog, out, k);
	free(out);
	return p;
}

static bool refers_to_map(const struct bv_insn *insns, size_t n, int m)
{
	for (size_t i = 0; i < n; i++) {
		if (!bv_is_ldimm64(insns[i].code))
			continue;
		if ((insns[i].src_reg == BV_PSEUDO_MAP_FD ||
		     insns[i].src_reg == BV_PSEUDO_MAP_VALUE) && insns[i].imm == m)
			return true;
		i++;
	}
	return false;
}

/* prog without the maps no instruction names; map i keeps fd i. */
static bv_program *without_unused_maps(const bv_program *prog)
{
	size_t n, n_maps = bv_program_map_count(prog);
	const struct bv_insn *insns = bv_program_insns(prog, &n);
	struct bv_insn *out = malloc(n * sizeof(*out));
	int renum[BV_MAX_MAPS];
	bv_program *p = NULL;
	struct bv_error err;
	int kept = 0;

	if (!out)
		return NULL;
	memcpy(out, insns, n * sizeof(*out));
	for (size_t m = 0; m < n_maps; m++)
		renum[m] = refers_to_map(insns, n, (int)m) ? kept++ : -1;
	for (size_t i = 0; i < n; i++) {
		if (bv_is_ldimm64(out[i].code) && out[i].imm >= 0 &&
		    (size_t)out[i].imm < n_maps &&
		    (out[i].src_reg == BV_PSEUDO_MAP_FD ||
		     out[i].src_reg == BV_PSEUDO_MAP_VALUE))
			out[i].imm = renum[out[i].imm];
		i += bv_is_ldimm64(out[i].code);
	}
	p = bv_program_new();
	if (p && !bv_program_set_insns(p, out, n, &err)) {
		for (size_t m = 0; m < n_maps; m++) {
			struct bv_map_def def = *bv_program_map(prog, m);

			if (renum[m] < 0)
				continue;
			def.fd = renum[m];
			snprintf(def.name, sizeof(def.name), "m%d", renum[m]);
			bv_program_add_map(p, &def, &err);
		}
		bv_program_set_type(p, bv_program_type(prog));
		bv_program_set_attach_type(p, bv_program_attach_type(prog));
		bv_program_set_flags(p, bv_program_flags(prog));
	}
	free(out);
	return p;
}

struct shrink {
	bv_program *prog;
	enum bv_privilege priv;
	struct diff_result *res;
	unsigned trials, max_trials;
	struct timespec deadline;
};

static bool out_of_budget(const struct shrink *s)
{
	struct timespec t;

	if (s->trials >= s->max_trials)
		return true;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec > s->deadline.tv_sec ||
	       (t.tv_sec == s->deadline.tv_sec && t.tv_nsec >= s->deadline.tv_nsec);
}

/* Keeps candidate when it disagrees as the original did. */
static bool try_candidate(struct shrink *s, bv_program *candidate)
{
	struct diff_result r;

	if (!candidate)
		return false;
	if (out_of_budget(s)) {
		bv_program_free(candidate);
		return false;
	}
	s->trials++;
	diff_run(candidate, s->priv, &r);
	if ((r.outcome != DIFF_VERDICT && r.outcome != DIFF_ERROR_LINE) ||
	    strcmp(r.key, s->res->key)) {
		bv_program_free(candidate);
		return false;
	}
	bv_program_free(s->prog);
	s->prog = candidate;
	*s->res = r;
	return true;
}

static size_t insn_count(const bv_program *prog)
{
	size_t n;

	bv_program_insns(prog, &n);
	return n;
}

/* One pass deleting aligned chunks, from the end; whether any went. */
static bool shrink_pass(struct shrink *s, size_t chunk)
{
	bool progress = false;
	size_t n = insn_count(s->prog);

	for (size_t end = n; end >= chunk && !out_of_budget(s); end -= chunk) {
		size_t at = end - chunk;

		if (at + chunk <= insn_count(s->prog) &&
		    try_candidate(s, without(s->prog, at, chunk)))
			progress = true;
		if (end < 2 * chunk)
			break;
	}
	return progress;
}

size_t diff_minimise(bv_program **prog, enum bv_privilege priv,
		     struct diff_result *res, unsigned max_trials,
		     unsigned max_seconds)
{
	struct shrink s = { .prog = *prog, .priv = priv, .res = res,
			    .max_trials = max_trials };
	size_t before = insn_count(*prog), chunk = 1;

	clock_gettime(CLOCK_MONOTONIC, &s.deadline);
	s.deadline.tv_sec += max_seconds;
	while (chunk * 2 <= before / 2)
		chunk *= 2;
	for (; chunk > 1; chunk /= 2)
		shrink_pass(&s, chunk);
	while (shrink_pass(&s, 1)) /* single instructions until none goes */
		;
	if (bv_program_map_count(s.prog))
		try_candidate(&s, without_unused_maps(s.prog));
	*prog = s.prog;
	return before - insn_count(s.prog);
}
