/* SPDX-License-Identifier: MIT */
#include "report/vlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool reserve(struct bv_vlog *log, size_t extra)
{
	size_t need = log->end_pos + extra + 1;
	size_t cap = log->cap ? log->cap : 4096;
	char *grown;

	if (need <= log->cap)
		return true;
	while (cap < need)
		cap *= 2;
	grown = realloc(log->buf, cap);
	if (!grown) {
		log->out_of_memory = true;
		return false;
	}
	log->buf = grown;
	log->cap = cap;
	return true;
}

void bv_vlogv(struct bv_vlog *log, const char *fmt, va_list ap)
{
	char small[256];
	va_list copy;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(small, sizeof(small), fmt, copy);
	va_end(copy);
	if (n < 0 || !reserve(log, (size_t)n))
		return;
	if ((size_t)n < sizeof(small))
		memcpy(log->buf + log->end_pos, small, (size_t)n + 1);
	else
		vsnprintf(log->buf + log->end_pos, (size_t)n + 1, fmt, ap);
	log->end_pos += (size_t)n;
}

void bv_vlog(struct bv_vlog *log, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bv_vlogv(log, fmt, ap);
	va_end(ap);
}

void bv_vlog_reset(struct bv_vlog *log, size_t pos)
{
	if (pos < log->end_pos) {
		log->end_pos = pos;
		log->buf[pos] = '\0';
	}
}

void bv_vlog_free(struct bv_vlog *log)
{
	free(log->buf);
	log->buf = NULL;
	log->end_pos = log->cap = 0;
}
