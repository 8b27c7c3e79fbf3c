/* SPDX-License-Identifier: MIT */
/* The text form of a rejection's explanation (issue 9). */
#ifndef BV_CLI_EXPLAIN_TEXT_H
#define BV_CLI_EXPLAIN_TEXT_H

#include "bpfverify.h"

#include <stdio.h>

/* Prints e after the kernel-format lines; nothing for BV_EXPLAIN_NONE. */
void cli_print_explanation(FILE *out, const struct bv_explanation *e);

#endif
