/* SPDX-License-Identifier: MIT */
/* A verifier log as users have it: libbpf prints the kernel's text inside
 * "libbpf: prog 'NAME': -- BEGIN PROG LOAD LOG --" and "-- END PROG LOAD
 * LOG --" (libbpf.c, bpf_object_load_prog), other loaders prefix each
 * line, and a log cut by a small buffer lost its start (the kernel keeps
 * the end of a rotating log, kernel/bpf/log.c) or its end. */
#include "explain/log_in.h"
#include "explain/explain.h"
#include "report/kernel_log.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct text {
	char *p;
	size_t len, cap;
};

static int text_add(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 2 > t->cap) {
		size_t cap = (t->len + n + 2) * 2;
		char *p = realloc(t->p, cap);

		if (!p)
			return -1;
		t->p = p;
		t->cap = cap;
	}
	memcpy(t->p + t->len, s, n);
	t->len += n;
	t->p[t->len++] = '\n';
	t->p[t->len] = '\0';
	return 0;
}

static bool starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(s, prefix, n);
}

/* One input line with the loader's prefixes taken off. */
struct in_line {
	const char *s;
	size_t len;
	bool libbpf;	/* it began with "libbpf: " */
	char prog[128]; /* "prog 'NAME': " named NAME, or "" */
};

/* A CI log's "2024-05-01T12:00:00.1234567Z " (GitHub Actions' raw logs) */
static size_t timestamp_len(const char *s, size_t len)
{
	unsigned y, mo, d, h, mi, sec;
	int used = 0;

	if (len < 20 ||
	    sscanf(s, "%4u-%2u-%2uT%2u:%2u:%2u%n", &y, &mo, &d, &h, &mi, &sec,
		   &used) != 6 ||
	    used != 19)
		return 0;
	while ((size_t)used < len &&
	       (isdigit((unsigned char)s[used]) || strchr(".Z+-:", s[used])))
		used++;
	return (size_t)used < len && s[used] == ' ' ? (size_t)used + 1 : 0;
}

static void strip_prefixes(struct in_line *l)
{
	size_t ts = timestamp_len(l->s, l->len);
	const char *q;

	l->s += ts;
	l->len -= ts;
	l->libbpf = starts(l->s, l->len, "libbpf: ");
	if (l->libbpf) {
		l->s += 8;
		l->len -= 8;
	}
	l->prog[0] = '\0';
	if (!starts(l->s, l->len, "prog '"))
		return;
	q = memchr(l->s + 6, '\'', l->len - 6);
	if (!q || q + 2 >= l->s + l->len || q[1] != ':' || q[2] != ' ')
		return;
	snprintf(l->prog, sizeof(l->prog), "%.*s", (int)(q - l->s - 6),
		 l->s + 6);
	l->len -= (size_t)(q + 3 - l->s);
	l->s = q + 3;
}

/* libbpf's own words around a failed load, not the kernel's */
static bool loader_message(const struct in_line *l)
{
	static const char *const words[] = {
		"BPF program load failed",
		"failed to load",
		"load bpf program failed",
		"-- END PROG LOAD LOG --",
	};

	if (l->libbpf && !*l->prog)
		return true; /* object-level messages: "libbpf: elf: ..." */
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (starts(l->s, l->len, words[i]))
			return true;
	return false;
}

struct pick {
	const char *glob;
	struct text frame, loose;
	bool in_frame, frame_done, frame_taken;
	char frame_prog[128], loose_prog[128];
};

static bool wanted(const struct pick *k, const char *prog)
{
	return !k->glob || !*prog || !fnmatch(k->glob, prog, 0);
}

static int take_line(struct pick *k, struct in_line *l)
{
	strip_prefixes(l);
	if (starts(l->s, l->len, "-- BEGIN PROG LOAD LOG --")) {
		k->in_frame = !k->frame_done && wanted(k, l->prog);
		k->frame_taken |= k->in_frame;
		if (k->in_frame)
			snprintf(k->frame_prog, sizeof(k->frame_prog), "%s",
				 l->prog);
		return 0;
	}
	if (starts(l->s, l->len, "-- END PROG LOAD LOG --")) {
		k->frame_done |= k->in_frame;
		k->in_frame = false;
		return 0;
	}
	if (k->in_frame)
		return text_add(&k->frame, l->s, l->len);
	if (loader_message(l) || !wanted(k, l->prog))
		return 0;
	if (*l->prog && !*k->loose_prog)
		snprintf(k->loose_prog, sizeof(k->loose_prog), "%s", l->prog);
	return text_add(&k->loose, l->s, l->len);
}

/* The log's lines, indexed. */
struct lines {
	const char **s;
	size_t *len;
	size_t n;
};

static int index_lines(const char *log, struct lines *ls)
{
	size_t n = 0;

	for (const char *p = log; *p; p++)
		n += *p == '\n';
	ls->n = 0;
	ls->s = malloc((n + 1) * sizeof(*ls->s));
	ls->len = malloc((n + 1) * sizeof(*ls->len));
	if (!ls->s || !ls->len) {
		free(ls->s);
		free(ls->len);
		return -1;
	}
	for (const char *p = log; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		ls->s[ls->n] = p;
		ls->len[ls->n++] = len;
		p += len + (nl != NULL);
	}
	return 0;
}

static void free_lines(struct lines *ls)
{
	free(ls->s);
	free(ls->len);
}

/* verbose_linfo's "; SOURCE @ FILE:LINE" */
static bool linfo_line(const char *s, size_t len, char *file, size_t flen,
		       unsigned *line, char *src, size_t slen)
{
	const char *at = NULL, *colon = NULL;

	if (!starts(s, len, "; "))
		return false;
	for (const char *p = s; p + 3 <= s + len; p++)
		if (!memcmp(p, " @ ", 3))
			at = p;
	if (!at)
		return false;
	for (const char *p = at + 3; p < s + len; p++)
		if (*p == ':')
			colon = p;
	if (!colon || colon + 1 >= s + len || !isdigit((unsigned char)colon[1]))
		return false;
	*line = (unsigned)strtoul(colon + 1, NULL, 10);
	snprintf(file, flen, "%.*s", (int)(colon - at - 3), at + 3);
	snprintf(src, slen, "%.*s", (int)(at - s - 2), s + 2);
	return true;
}

/* "N: (xx) TEXT   ; STATE": N and "(xx) TEXT" */
static int insn_of(const char *s, size_t len, char *text, size_t tlen)
{
	const char *t = memchr(s, '(', len), *semi;
	size_t n;

	semi = memchr(t, ';', len - (size_t)(t - s));
	n = semi ? (size_t)(semi - t) : len - (size_t)(t - s);
	while (n && t[n - 1] == ' ')
		n--;
	if (text)
		snprintf(text, tlen, "%.*s", (int)n, t);
	return atoi(s);
}

/* Lines a level-2 or cut log puts where error lines are */
static bool not_an_error(const char *s, size_t len)
{
	unsigned a, b;
	int used = 0;

	if (!len || starts(s, len, "; ") || starts(s, len, "mark_precise: ") ||
	    starts(s, len, "Live regs before insn:") || s[0] == ' ')
		return true;
	if (sscanf(s, "func#%u @%u%n", &a, &b, &used) == 2 &&
	    (size_t)used == len)
		return true;
	if (sscanf(s, "from %u to %u: %n", &a, &b, &used) == 2 && used)
		return true;
	return sscanf(s, "%u: R%u%n", &a, &b, &used) == 2 && used;
}

void bv_log_in_error_lines(const char *log, char *out, size_t len)
{
	char raw[BV_ERROR_TEXT_LEN];
	size_t used = 0;

	if (!len)
		return;
	out[0] = '\0';
	bv_log_error_lines(log, raw, sizeof(raw));
	for (const char *p = raw; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		size_t keep = n;

		while (keep && (p[keep - 1] == ' ' || p[keep - 1] == '\r'))
			keep--;
		if (keep && !not_an_error(p, keep) && used + keep + 2 <= len) {
			if (used)
				out[used++] = '\n';
			memcpy(out + used, p, keep);
			used += keep;
			out[used] = '\0';
		}
		p += n + (nl != NULL);
	}
}

/* The failing instruction: the last instruction line, with the source
 * line verbose_linfo printed last before it. */
static void find_failure(struct bv_log_in *l, const struct lines *ls)
{
	size_t i = ls->n;

	l->insn = -1;
	while (i-- > 0)
		if (bv_log_is_insn_line(ls->s[i], ls->len[i]))
			break;
	if (i == (size_t)-1)
		return;
	l->insn = insn_of(ls->s[i], ls->len[i], l->insn_text,
			  sizeof(l->insn_text));
	l->fail_at = (size_t)(ls->s[i] - l->log);
	while (i-- > 0) {
		if (linfo_line(ls->s[i], ls->len[i], l->file, sizeof(l->file),
			       &l->line, l->source, sizeof(l->source)))
			break;
	}
	if (!l->line) /* "@ file:0": code the compiler made */
		l->file[0] = l->source[0] = '\0';
}

static int finish(struct bv_log_in *l)
{
	struct lines ls;

	bv_log_in_error_lines(l->log, l->errors, sizeof(l->errors));
	if (index_lines(l->log, &ls))
		return -1;
	for (size_t i = 0; i < ls.n; i++)
		l->ended |= bv_log_stats_at(ls.s[i], ls.len[i]) >= 0;
	find_failure(l, &ls);
	free_lines(&ls);
	return 0;
}

int bv_log_in_parse(const char *text, size_t len, const char *prog,
		    struct bv_log_in *out)
{
	struct pick k = { .glob = prog };
	const char *p = text, *end = text + len;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	while (p < end && !rc) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct in_line l = { .s = p };

		l.len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		p += l.len + (nl != NULL);
		if (l.len && l.s[l.len - 1] == '\r')
			l.len--;
		rc = take_line(&k, &l);
	}
	out->framed = k.frame_taken;
	out->log = k.frame_taken ? k.frame.p : k.loose.p;
	free(k.frame_taken ? k.loose.p : k.frame.p);
	snprintf(out->prog, sizeof(out->prog), "%s",
		 k.frame_taken ? k.frame_prog : k.loose_prog);
	if (!rc && !out->log)
		out->log = strdup("");
	if (rc || !out->log || finish(out)) {
		bv_log_in_free(out);
		return -1;
	}
	return 0;
}

void bv_log_in_free(struct bv_log_in *l)
{
	free(l->log);
	l->log = NULL;
}

/* The value of "R<regno>=" (or R<regno>_w=, _rw=, ...) in a state text,
 * up to the space that ends it outside parentheses. */
static bool reg_in_line(const char *s, size_t len, int regno, char *state,
			size_t slen)
{
	char name[8];
	size_t n = (size_t)snprintf(name, sizeof(name), "R%d", regno);

	for (size_t i = 0; i + n < len; i++) {
		const char *v;
		size_t k = 0;
		int depth = 0;

		if ((i && s[i - 1] != ' ') || memcmp(s + i, name, n) ||
		    isdigit((unsigned char)s[i + n]))
			continue;
		v = s + i + n;
		while (v < s + len && *v != '=' && *v != ' ')
			v++;
		if (v >= s + len || *v != '=')
			continue;
		v++;
		while (v + k < s + len && (depth || v[k] != ' ')) {
			depth += v[k] == '(' ? 1 : v[k] == ')' ? -1 : 0;
			k++;
		}
		snprintf(state, slen, "%.*s", (int)k, v);
		return true;
	}
	return false;
}

/* The instruction index a state line belongs to: an instruction line's
 * own, "N: R...", "from A to B: R..." (B). */
static int state_insn(const char *s, size_t len)
{
	unsigned a, b;

	if (bv_log_is_insn_line(s, len))
		return insn_of(s, len, NULL, 0);
	if (sscanf(s, "from %u to %u:", &a, &b) == 2)
		return (int)b;
	return isdigit((unsigned char)s[0]) ? atoi(s) : -1;
}

bool bv_log_in_reg(const struct bv_log_in *l, int regno, char *state,
		   size_t len, int *printed_at)
{
	struct lines ls;
	bool found = false;
	size_t i;

	if (l->insn < 0 || index_lines(l->log, &ls))
		return false;
	for (i = 0; i < ls.n && (size_t)(ls.s[i] - l->log) < l->fail_at; i++)
		;
	while (i-- > 0 && !found) {
		const char *s = ls.s[i];
		size_t n = ls.len[i];
		const char *semi =
			bv_log_is_insn_line(s, n) ? memchr(s, ';', n) : s;

		if (!semi || starts(s, n, "; ") || state_insn(s, n) < 0)
			continue;
		found = reg_in_line(semi, n - (size_t)(semi - s), regno, state,
				    len);
		if (found)
			*printed_at = state_insn(s, n);
	}
	free_lines(&ls);
	return found;
}

/* The instruction line of index insn last shown before the failure, and
 * the source line before it. */
static void loc_in_log(const struct bv_log_in *l, int insn,
		       struct bv_explain_loc *loc)
{
	struct lines ls;
	size_t i;

	memset(loc, 0, sizeof(*loc));
	loc->insn = insn;
	if (insn < 0 || index_lines(l->log, &ls))
		return;
	for (i = 0; i < ls.n && (size_t)(ls.s[i] - l->log) <= l->fail_at; i++)
		;
	while (i-- > 0)
		if (bv_log_is_insn_line(ls.s[i], ls.len[i]) &&
		    insn_of(ls.s[i], ls.len[i], loc->insn_text,
			    sizeof(loc->insn_text)) == insn)
			break;
	while (i != (size_t)-1 && i-- > 0)
		if (linfo_line(ls.s[i], ls.len[i], loc->file, sizeof(loc->file),
			       &loc->line, loc->source, sizeof(loc->source)))
			break;
	if (!loc->line)
		loc->file[0] = loc->source[0] = '\0';
	free_lines(&ls);
}

/* Whether "(xx) TEXT" writes register regno: "rN = ", "wN += ", ..., or a
 * call (r0). */
static bool writes_reg(const char *text, int regno)
{
	const char *t = strchr(text, ' ');
	char want[8], op[8];
	int n;

	if (!t)
		return false;
	t++;
	if (regno == 0 && !strncmp(t, "call ", 5))
		return true;
	n = snprintf(want, sizeof(want), "r%d ", regno);
	if (strncmp(t, want, (size_t)n)) {
		want[0] = 'w'; /* a 32-bit operation */
		if (strncmp(t, want, (size_t)n))
			return false;
	}
	if (sscanf(t + n, "%7s", op) != 1)
		return false;
	n = (int)strlen(op);
	return op[n - 1] == '=' && strcmp(op, "==") && strcmp(op, "!=") &&
	       strcmp(op, "<=") && strcmp(op, ">=");
}

/* The registers a line names as the kernel does ("R0 ...", "R1(id=...")
 * in order, each once. */
static unsigned regs_named(const char *line, int *regs, unsigned max)
{
	unsigned n = 0;

	for (const char *p = line; (p = strchr(p, 'R')) && n < max; p++) {
		int r;
		bool seen = false;

		if ((p != line && !strchr(" ,\n", p[-1])) ||
		    !isdigit((unsigned char)p[1]))
			continue;
		r = atoi(p + 1);
		for (unsigned i = 0; i < n; i++)
			seen |= regs[i] == r;
		if (r <= 10 && !seen)
			regs[n++] = r;
	}
	return n;
}

static void add_step(struct bv_explanation *e, const struct bv_explain_loc *at,
		     const char *fmt, const char *a, const char *b)
{
	struct bv_explain_step *s;

	if (e->n_why == BV_EXPLAIN_MAX_STEPS)
		return;
	s = &e->why[e->n_why++];
	s->at = *at;
	snprintf(s->text, sizeof(s->text), fmt, a, b);
}

/* The last instruction before the failure on its path that wrote
 * register regno, or -1. Walking back, a "from A to B:" line (the path
 * was popped from the branch at A) continues at A's last line before it,
 * as a level-2 log interleaves the paths. */
static int last_writer(const struct bv_log_in *l, int regno)
{
	struct lines ls;
	char text[128];
	int found = -1, jump = -1;
	size_t i;
	unsigned a, b;

	if (l->insn < 0 || index_lines(l->log, &ls))
		return -1;
	for (i = 0; i < ls.n && (size_t)(ls.s[i] - l->log) < l->fail_at; i++)
		;
	while (i-- > 0 && found < 0) {
		bool insn = bv_log_is_insn_line(ls.s[i], ls.len[i]);
		int idx = insn ? insn_of(ls.s[i], ls.len[i], text, sizeof(text))
			       : -1;

		if (jump >= 0 && idx != jump)
			continue;
		jump = -1;
		if (insn && writes_reg(text, regno))
			found = idx;
		else if (sscanf(ls.s[i], "from %u to %u:", &a, &b) == 2)
			jump = (int)a;
	}
	free_lines(&ls);
	return found;
}

static void explain_reg(const struct bv_log_in *l, struct bv_explanation *e,
			int r)
{
	struct bv_explain_loc at;
	char state[BV_EXPLAIN_TEXT_LEN - 96], name[8];
	int printed = -1, writer = last_writer(l, r);

	snprintf(name, sizeof(name), "r%d", r);
	if (!bv_log_in_reg(l, r, state, sizeof(state), &printed)) {
		add_step(e, &e->where,
			 "the log shows no state of %s before this "
			 "instruction%s",
			 name, "");
		return;
	}
	if (writer >= 0 && writer != printed) {
		loc_in_log(l, writer, &at);
		add_step(e, &at, "%s was last set here%s", name, "");
	}
	loc_in_log(l, printed, &at);
	if (at.insn_text[0] && writes_reg(at.insn_text, r))
		add_step(e, &at, "%s was set here, to %s (as the log shows it)",
			 name, state);
	else if (printed == l->insn) /* level 2: the state before each insn */
		add_step(e, &at, "the log shows %s = %s at this instruction",
			 name, state);
	else
		add_step(e, &at,
			 "the log shows %s = %s here, its last state before "
			 "the failing instruction",
			 name, state);
}

void bv_log_in_explain(const struct bv_log_in *l, struct bv_explanation *e)
{
	struct bv_explain_match m;
	int regs[4];
	unsigned n;

	memset(e, 0, sizeof(*e));
	if (!*l->errors)
		return;
	bv_explain_classify(l->errors, &m);
	e->kind = m.kind;
	snprintf(e->error, sizeof(e->error), "%.*s", (int)m.len, m.line);
	snprintf(e->what, sizeof(e->what), "%s (the kernel: %.*s)",
		 bv_explain_kind_what(m.kind), BV_EXPLAIN_TEXT_LEN / 2,
		 e->error);
	e->where.insn = l->insn;
	snprintf(e->where.insn_text, sizeof(e->where.insn_text), "%s",
		 l->insn_text);
	snprintf(e->where.file, sizeof(e->where.file), "%s", l->file);
	e->where.line = l->line;
	snprintf(e->where.source, sizeof(e->where.source), "%s", l->source);
	n = regs_named(l->errors, regs, 4);
	for (unsigned i = 0; i < n; i++)
		explain_reg(l, e, regs[i]);
	add_step(e, &e->where, "the kernel stopped here: %.400s%s", e->error,
		 l->ended ? "" : " (the log is cut before its statistics)");
	snprintf(e->fix, sizeof(e->fix), "%s", bv_explain_kind_fix(m.kind));
}
