/* SPDX-License-Identifier: MIT */
/* Explaining a verifier log as a loader printed it (issue 9, item 3):
 * libbpf's "libbpf: prog 'NAME': " prefixes and its "-- BEGIN PROG LOAD
 * LOG --" frame removed, the error lines, the failing instruction, its
 * source line and the registers the log shows there; and each
 * explanation kind's words for when only the log is known. */
#ifndef BV_EXPLAIN_LOG_IN_H
#define BV_EXPLAIN_LOG_IN_H

#include "bpfverify.h"

#include <stdbool.h>
#include <stddef.h>

/* A kind's one-line summary (what goes wrong, as a rule's description)
 * and its usual fix, without the program's details. */
const char *bv_explain_kind_what(enum bv_explain_kind kind);
const char *bv_explain_kind_fix(enum bv_explain_kind kind);

struct bv_log_in {
	char *log;	/* the kernel's log alone (malloc'd) */
	char prog[128]; /* the program the loader named, or "" */
	bool framed;	/* it came in libbpf's BEGIN/END frame */
	bool ended;	/* the log reaches its statistics lines */
	char errors[BV_ERROR_TEXT_LEN]; /* the error lines, '\n'-separated */
	/* the failing instruction (the last one the log shows), -1: none */
	int insn;
	char insn_text[128];
	/* its source line ("; SRC @ FILE:LINE" before it), file "": none */
	char file[BV_EXPLAIN_FILE_LEN];
	unsigned line;
	char source[BV_EXPLAIN_TEXT_LEN];
	size_t fail_at; /* offset of the failing instruction's line in log */
};

/* Reads a log as printed by libbpf, bpftool or a loader that passes the
 * kernel's text through. prog (a fnmatch(3) glob, or NULL) picks one
 * program's frame where the text holds several. Returns -1 on memory
 * exhaustion only: a log without error lines has errors "". */
int bv_log_in_parse(const char *text, size_t len, const char *prog,
		    struct bv_log_in *out);
void bv_log_in_free(struct bv_log_in *l);

/* The error lines of a kernel-format log, without what a level-2 log or a
 * cut log mixes in (func#N lines, source lines, states). */
void bv_log_in_error_lines(const char *log, char *out, size_t len);

/* The state of register regno the log shows last before the failing
 * instruction ("map_value_or_null(id=1,...)"), and the instruction line
 * that printed it; false when the log does not show it. */
bool bv_log_in_reg(const struct bv_log_in *l, int regno, char *state,
		   size_t len, int *printed_at);

/* An explanation from the log alone: the catalogue's kind of the error
 * lines, their words, the failing instruction and its source line, and
 * the registers the error names as the log shows them. */
void bv_log_in_explain(const struct bv_log_in *l, struct bv_explanation *e);

#endif
