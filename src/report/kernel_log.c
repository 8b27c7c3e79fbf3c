/* SPDX-License-Identifier: MIT */
#include "report/kernel_log.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

bool bv_log_is_insn_line(const char *line, size_t len)
{
	size_t i = 0;

	while (i < len && isdigit((unsigned char)line[i]))
		i++;
	return i > 0 && i + 6 <= len && line[i] == ':' && line[i + 1] == ' ' &&
	       line[i + 2] == '(' && isxdigit((unsigned char)line[i + 3]) &&
	       isxdigit((unsigned char)line[i + 4]) && line[i + 5] == ')';
}

static bool starts_with(const char *line, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(line, prefix, n);
}

bool bv_log_is_stats_line(const char *line, size_t len)
{
	return starts_with(line, len, "processed ") ||
	       starts_with(line, len, "verification time ") ||
	       starts_with(line, len, "stack depth ");
}

long bv_log_stats_at(const char *line, size_t len)
{
	for (const char *p = line;
	     (p = memmem(p, len - (size_t)(p - line), "processed ", 10)); p++) {
		unsigned n;
		int used = 0;

		if (sscanf(p, "processed %u insns (limit %n", &n, &used) == 1 &&
		    used)
			return p - line;
	}
	return -1;
}

/* Calls fn on each line of log (without its newline). */
static void for_each_line(const char *log,
			  void (*fn)(void *ctx, const char *line, size_t len),
			  void *ctx)
{
	while (*log) {
		const char *nl = strchr(log, '\n');
		size_t len = nl ? (size_t)(nl - log) : strlen(log);

		fn(ctx, log, len);
		log += len + (nl ? 1 : 0);
	}
}

struct error_scan {
	char *out;
	size_t cap, used;
	bool stats_seen;
};

static void scan_error_line(void *ctx, const char *line, size_t len)
{
	struct error_scan *s = ctx;

	if (bv_log_is_insn_line(line, len)) {
		s->used = 0; /* errors follow the last instruction line */
		s->out[0] = '\0';
		return;
	}
	long stats = bv_log_stats_at(line, len);

	if (bv_log_is_stats_line(line, len)) {
		s->stats_seen = true;
		return;
	}
	if (s->stats_seen || s->used + len + 2 > s->cap)
		return;
	if (stats > 0) { /* the statistics follow a message on its line */
		len = (size_t)stats;
		s->stats_seen = true;
	}
	if (s->used)
		s->out[s->used++] = '\n';
	memcpy(s->out + s->used, line, len);
	s->used += len;
	s->out[s->used] = '\0';
}

void bv_log_error_lines(const char *log, char *out, size_t len)
{
	struct error_scan s = { .out = out, .cap = len };

	if (!len)
		return;
	out[0] = '\0';
	for_each_line(log, scan_error_line, &s);
}

/* Replaces the 16-digit kernel address at hex with "0xMAP". */
static void normalise_address(char *hex)
{
	size_t n = 2;

	while (isxdigit((unsigned char)hex[n]))
		n++;
	if (n != 18 || strncmp(hex, "0xffff", 6))
		return;
	memcpy(hex, "0xMAP", 5);
	memmove(hex + 5, hex + n, strlen(hex + n) + 1);
}

void bv_log_normalise(char *log)
{
	/* only the "(18)" opcode of a 64-bit immediate load shows addresses */
	for (char *p = strstr(log, "(18) r"); p; p = strstr(p + 1, "(18) r")) {
		char *eq = strstr(p, " = 0x");
		char *nl = strchr(p, '\n');

		if (eq && (!nl || eq < nl))
			normalise_address(eq + 3);
	}
}
