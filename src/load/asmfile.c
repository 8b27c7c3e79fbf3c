/* SPDX-License-Identifier: MIT */
/* The assembly file format: directives plus instruction lines in the kernel
 * log's syntax. See docs/test-format.md. */
#include "isa/asm.h"
#include "load/program.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE 4096

struct slot {
	struct bv_insn insn;
	bool present;
	unsigned line;
};

struct parser {
	struct bv_program *prog;
	struct slot *slots;
	size_t n_slots; /* one past the highest filled slot */
	size_t cap;
	size_t next;	/* where an unnumbered instruction goes */
	unsigned line;
	struct bv_error *err;
};

static int fail(struct parser *ps, const char *fmt, ...)
{
	va_list ap;

	ps->err->line = ps->line;
	va_start(ap, fmt);
	vsnprintf(ps->err->msg, sizeof(ps->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* ';' starts a comment anywhere (the kernel's level-2 state suffix is one);
 * '#' and '//' only at the start of a line, since "call f#1" uses '#'. */
static char *strip_comment(char *s)
{
	char *semi = strchr(s, ';');

	if (semi)
		*semi = '\0';
	s = trim(s);
	if (s[0] == '#' || (s[0] == '/' && s[1] == '/'))
		s[0] = '\0';
	return s;
}

static int parse_u32(const char *s, uint32_t *v)
{
	char *end;
	unsigned long long x;

	errno = 0;
	x = strtoull(s, &end, 0);
	if (!*s || *end || errno || x > UINT32_MAX || s[0] == '-')
		return -1;
	*v = (uint32_t)x;
	return 0;
}

/* key=value fields of a .map directive */
static int map_field(struct parser *ps, struct bv_map_def *m, const char *kv)
{
	static const struct {
		const char *key;
		size_t off;
	} fields[] = {
		{ "key", offsetof(struct bv_map_def, key_size) },
		{ "value", offsetof(struct bv_map_def, value_size) },
		{ "entries", offsetof(struct bv_map_def, max_entries) },
		{ "flags", offsetof(struct bv_map_def, flags) },
	};
	const char *eq = strchr(kv, '=');

	for (size_t i = 0; eq && i < sizeof(fields) / sizeof(fields[0]); i++) {
		size_t klen = strlen(fields[i].key);

		if ((size_t)(eq - kv) != klen || strncmp(kv, fields[i].key, klen))
			continue;
		if (parse_u32(eq + 1, (uint32_t *)((char *)m + fields[i].off)))
			return fail(ps, "bad number in map field '%s'", kv);
		return 0;
	}
	return fail(ps, "unknown map field '%s' (expected key=, value=, entries=, flags=)",
		    kv);
}

static int is_identifier(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return 0;
	while (*++s)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '.')
			return 0;
	return 1;
}

/* .map NAME TYPE key=K value=V entries=N [flags=F] */
static int directive_map(struct parser *ps, char *args)
{
	struct bv_map_def m = { .fd = (int)ps->prog->n_maps };
	char *save = NULL;
	char *name = strtok_r(args, " \t", &save);
	char *type = strtok_r(NULL, " \t", &save);
	char *kv;

	if (!name || !type)
		return fail(ps, ".map needs a name and a type");
	if (!is_identifier(name) || strlen(name) >= sizeof(m.name))
		return fail(ps, "bad map name '%s'", name);
	strcpy(m.name, name);
	if (bv_map_type_from_name(type, &m.type))
		return fail(ps, "unknown map type '%s'", type);
	while ((kv = strtok_r(NULL, " \t", &save)))
		if (map_field(ps, &m, kv))
			return -1;
	if (bv_program_add_map(ps->prog, &m, ps->err)) {
		ps->err->line = ps->line;
		return -1;
	}
	return 0;
}

/* Program flags by the names of their BPF_F_* constants. */
static int directive_flags(struct parser *ps, char *args)
{
	static const struct {
		const char *name;
		uint32_t bit;
	} flags[] = {
		{ "strict_alignment", 1u << 0 }, { "any_alignment", 1u << 1 },
		{ "test_rnd_hi32", 1u << 2 },	 { "test_state_freq", 1u << 3 },
		{ "sleepable", 1u << 4 },	 { "xdp_has_frags", 1u << 5 },
	};
	char *save = NULL;

	for (char *f = strtok_r(args, " \t,|", &save); f;
	     f = strtok_r(NULL, " \t,|", &save)) {
		uint32_t v;
		size_t i;

		for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
			if (!strcmp(f, flags[i].name))
				break;
		if (i < sizeof(flags) / sizeof(flags[0]))
			v = flags[i].bit;
		else if (parse_u32(f, &v))
			return fail(ps, "unknown program flag '%s'", f);
		ps->prog->prog_flags |= v;
	}
	return 0;
}

static int directive_expect(struct parser *ps, char *args)
{
	struct bv_expectation *e = &ps->prog->expect;

	if (!strcmp(args, "accept"))
		e->verdict = BV_ACCEPTED;
	else if (!strcmp(args, "reject"))
		e->verdict = BV_REJECTED;
	else
		return fail(ps, ".expect takes 'accept' or 'reject'");
	e->has_verdict = true;
	return 0;
}

static int directive_error(struct parser *ps, char *args)
{
	struct bv_expectation *e = &ps->prog->expect;

	if (e->n_errors >= BV_MAX_EXPECTED_ERRORS)
		return fail(ps, "too many .error lines (at most %d)",
			    BV_MAX_EXPECTED_ERRORS);
	if (!*args)
		return fail(ps, ".error needs the expected error line");
	snprintf(e->errors[e->n_errors++], BV_ERROR_LEN, "%s", args);
	return 0;
}

static int directive_caps(struct parser *ps, char *args)
{
	if (!strcmp(args, "root"))
		ps->prog->privilege = BV_PRIV_ROOT;
	else if (!strcmp(args, "bpf"))
		ps->prog->privilege = BV_PRIV_BPF_ONLY;
	else
		return fail(ps, ".caps takes 'root' or 'bpf'");
	return 0;
}

static int directive_type(struct parser *ps, char *args)
{
	if (bv_prog_type_from_name(args, &ps->prog->prog_type))
		return fail(ps, "unknown program type '%s'", args);
	return 0;
}

static int directive_attach(struct parser *ps, char *args)
{
	if (bv_attach_type_from_name(args, &ps->prog->attach_type))
		return fail(ps, "unknown attach type '%s'", args);
	return 0;
}

static int directive_xfail(struct parser *ps, char *args)
{
	if (strcmp(args, "bpfverify"))
		return fail(ps, ".xfail takes 'bpfverify'");
	ps->prog->expect.xfail_bpfverify = true;
	return 0;
}

static int directive_compare_log(struct parser *ps, char *args)
{
	uint32_t level;

	if (parse_u32(args, &level) || level < 1 || level > 2)
		return fail(ps, ".compare_log takes 1 or 2");
	ps->prog->expect.compare_log_level = level;
	return 0;
}

static int directive(struct parser *ps, char *line)
{
	static const struct {
		const char *name;
		int (*parse)(struct parser *, char *);
	} table[] = {
		{ "prog_type", directive_type },
		{ "attach_type", directive_attach },
		{ "map", directive_map },
		{ "flags", directive_flags },
		{ "caps", directive_caps },
		{ "expect", directive_expect },
		{ "error", directive_error },
		{ "xfail", directive_xfail },
		{ "compare_log", directive_compare_log },
	};
	char *args = line + 1;
	size_t len = strcspn(args, " \t");

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (strlen(table[i].name) == len &&
		    !strncmp(args, table[i].name, len))
			return table[i].parse(ps, trim(args + len));
	}
	return fail(ps, "unknown directive '.%.*s'", (int)len, args);
}

/* map[NAME] names a declared map; map[N] names fd N directly. */
static int map_fd_of(void *ctx, const char *name)
{
	const struct bv_program *prog = ctx;
	char *end;
	long fd = strtol(name, &end, 10);

	if (isdigit((unsigned char)name[0]) && !*end && fd <= INT32_MAX)
		return (int)fd;

	for (size_t i = 0; i < prog->n_maps; i++)
		if (!strcmp(prog->maps[i].name, name))
			return prog->maps[i].fd;
	return -1;
}

static int grow(struct parser *ps, size_t need)
{
	size_t cap = ps->cap ? ps->cap : 64;
	struct slot *slots;

	if (need <= ps->cap)
		return 0;
	if (need > BV_MAX_INSNS)
		return fail(ps, "program is longer than %u instructions",
			    BV_MAX_INSNS);
	while (cap < need)
		cap *= 2;
	slots = realloc(ps->slots, cap * sizeof(*slots));
	if (!slots)
		return fail(ps, "out of memory");
	memset(slots + ps->cap, 0, (cap - ps->cap) * sizeof(*slots));
	ps->slots = slots;
	ps->cap = cap;
	return 0;
}

/* A kernel log prints "N: " before an instruction; a pasted log may repeat
 * an instruction (once per path), so the same text at the same index is
 * accepted and a different one is an error. */
static int place(struct parser *ps, size_t idx, const struct bv_insn *insn)
{
	struct slot *s;

	if (grow(ps, idx + 1))
		return -1;
	s = &ps->slots[idx];
	if (s->present) {
		if (memcmp(&s->insn, insn, sizeof(*insn)))
			return fail(ps, "instruction %zu is already defined differently at line %u",
				    idx, s->line);
		return 0;
	}
	s->insn = *insn;
	s->present = true;
	s->line = ps->line;
	if (idx + 1 > ps->n_slots)
		ps->n_slots = idx + 1;
	return 0;
}

static int instruction(struct parser *ps, char *text)
{
	struct bv_asm_maps maps = { .fd_of = map_fd_of, .ctx = ps->prog };
	struct bv_insn out[2];
	size_t idx = ps->next;
	char msg[BV_ERROR_LEN - 64];
	char *p = text;
	int slots;

	if (isdigit((unsigned char)*p)) {
		char *end;
		unsigned long long n = strtoull(p, &end, 10);

		if (*end == ':') {
			if (n >= BV_MAX_INSNS)
				return fail(ps, "instruction index %llu is too large", n);
			idx = (size_t)n;
			p = trim(end + 1);
		}
	}
	slots = bv_asm_insn(p, &maps, out, msg, sizeof(msg));
	if (slots < 0)
		return fail(ps, "%s", msg);
	for (int i = 0; i < slots; i++)
		if (place(ps, idx + (size_t)i, &out[i]))
			return -1;
	ps->next = idx + (size_t)slots;
	return 0;
}

static int parse_line(struct parser *ps, char *raw)
{
	char *line = trim(raw);

	/* an expected error line is taken verbatim: kernel messages contain
	 * ';' (e.g. "var_off=(0x0; 0xff)") */
	if (!strncmp(line, ".error", 6) && (!line[6] || isspace((unsigned char)line[6])))
		return directive(ps, line);
	line = strip_comment(line);

	if (!*line)
		return 0;
	if (line[0] == '.')
		return directive(ps, line);
	return instruction(ps, line);
}

static int finish(struct parser *ps)
{
	struct bv_expectation *e = &ps->prog->expect;
	struct bv_insn *insns;
	int rc;

	if (e->n_errors && !e->has_verdict) {
		e->has_verdict = true;
		e->verdict = BV_REJECTED;
	}
	if (e->n_errors && e->verdict == BV_ACCEPTED)
		return fail(ps, ".error lines contradict '.expect accept'");
	for (size_t i = 0; i < ps->n_slots; i++) {
		if (!ps->slots[i].present) {
			ps->line = 0;
			return fail(ps, "instruction %zu is missing", i);
		}
	}
	insns = malloc((ps->n_slots ? ps->n_slots : 1) * sizeof(*insns));
	if (!insns)
		return fail(ps, "out of memory");
	for (size_t i = 0; i < ps->n_slots; i++)
		insns[i] = ps->slots[i].insn;
	ps->line = 0;
	rc = bv_program_set_insns(ps->prog, insns, ps->n_slots, ps->err);
	free(insns);
	return rc;
}

int bv_program_from_asm(const char *text, size_t len, bv_program **out,
			struct bv_error *err)
{
	struct parser ps = { .err = err };
	size_t pos = 0;
	int rc = 0;

	memset(err, 0, sizeof(*err));
	ps.prog = bv_program_new();
	if (!ps.prog) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return -1;
	}
	while (pos < len && !rc) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		char buf[MAX_LINE];

		ps.line++;
		if (n >= sizeof(buf))
			rc = fail(&ps, "line is longer than %d characters",
				  MAX_LINE - 1);
		else if (memchr(text + pos, '\0', n))
			rc = fail(&ps, "line contains a NUL byte");
		else {
			memcpy(buf, text + pos, n);
			buf[n] = '\0';
			rc = parse_line(&ps, buf);
		}
		pos += n + 1;
	}
	if (!rc)
		rc = finish(&ps);
	free(ps.slots);
	if (rc) {
		bv_program_free(ps.prog);
		return -1;
	}
	*out = ps.prog;
	return 0;
}
