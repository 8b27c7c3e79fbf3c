/* SPDX-License-Identifier: MIT */
/* A log sink that collects the log into one growing string. */
#include "bpfverify.h"

#include <stdlib.h>
#include <string.h>

void bv_log_text_append(void *ctx, const char *line)
{
	struct bv_log_text *b = ctx;
	size_t n = strlen(line);

	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 4096;
		char *grown;

		while (cap < b->len + n + 1)
			cap *= 2;
		grown = realloc(b->text, cap);
		if (!grown)
			return; /* the log is cut short; the verdict stands */
		b->text = grown;
		b->cap = cap;
	}
	memcpy(b->text + b->len, line, n + 1);
	b->len += n;
}

void bv_log_text_free(struct bv_log_text *log)
{
	free(log->text);
	log->text = NULL;
	log->len = log->cap = 0;
}
