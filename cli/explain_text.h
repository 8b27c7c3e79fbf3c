/* SPDX-License-Identifier: MIT */
/* The text form of a rejection's explanation (issue 9). */
#ifndef BV_CLI_EXPLAIN_TEXT_H
#define BV_CLI_EXPLAIN_TEXT_H

#include "bpfverify.h"

#include <stdbool.h>
#include <stdio.h>

/* Prints e after the kernel-format lines; nothing for BV_EXPLAIN_NONE.
 * With color, the headings are bold. */
void cli_print_explanation(FILE *out, const struct bv_explanation *e,
			   bool color);

#endif
