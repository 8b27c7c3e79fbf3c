/* SPDX-License-Identifier: MIT */
/* Reading and comparing kernel-format verifier logs. */
#ifndef BV_REPORT_KERNEL_LOG_H
#define BV_REPORT_KERNEL_LOG_H

#include <stdbool.h>
#include <stddef.h>

/* Whether line (without its newline) is an instruction line, "N: (xx) ...". */
bool bv_log_is_insn_line(const char *line, size_t len);

/* Whether line is one of the statistics lines the log ends with
 * ("processed ...", "verification time ...", "stack depth ..."). */
bool bv_log_is_stats_line(const char *line, size_t len);
/* Where the statistics line "processed N insns (limit ..." starts in a
 * line, or -1; some messages lack their newline ("expected prog array map
 * for tail call"), so it may follow them on the same line. */
long bv_log_stats_at(const char *line, size_t len);

/* Copies a log's error lines into out, '\n'-separated without a trailing
 * newline: the lines after the last instruction line and before the
 * statistics lines (the whole log before them when no instruction ran). */
void bv_log_error_lines(const char *log, char *out, size_t len);

/* Rewrites, in place, the map addresses a kernel log shows in 64-bit
 * immediate loads ("(18) r1 = 0xffff...") to "0xMAP", so that logs from the
 * kernel and from bpfverify compare equal. */
void bv_log_normalise(char *log);

#endif
