/* SPDX-License-Identifier: MIT */
/* The verifier log as the kernel keeps it (struct bpf_verifier_log): a byte
 * buffer that the verifier appends to and rewinds. Rewinding is part of the
 * format: at log level 1 the kernel drops the text of every path that ended
 * well, and it removes an instruction line's newline to append the state. */
#ifndef BV_REPORT_VLOG_H
#define BV_REPORT_VLOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define BV_LOG_LEVEL1 1
#define BV_LOG_LEVEL2 2
#define BV_LOG_STATS 4

struct bv_vlog {
	char *buf;
	size_t end_pos;
	size_t cap;
	unsigned level; /* BV_LOG_* bits */
	bool out_of_memory;
};

/* Appends formatted text. Also called at level 0: error messages are kept
 * so that the result can name them. */
__attribute__((format(printf, 2, 3))) void bv_vlog(struct bv_vlog *log,
						   const char *fmt, ...);
void bv_vlogv(struct bv_vlog *log, const char *fmt, va_list ap);
/* Truncates the log to pos bytes (bpf_vlog_reset). */
void bv_vlog_reset(struct bv_vlog *log, size_t pos);
void bv_vlog_free(struct bv_vlog *log);

#endif
