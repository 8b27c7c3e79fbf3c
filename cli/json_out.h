/* SPDX-License-Identifier: MIT */
/* Strings in the machine-read output forms: JSON (RFC 8259) and GitHub
 * workflow commands. */
#ifndef BV_CLI_JSON_OUT_H
#define BV_CLI_JSON_OUT_H

#include <stdbool.h>
#include <stdio.h>

/* Writes s as a JSON string: quotes, backslashes and control characters
 * escaped, bytes that are not UTF-8 (a log may carry any) as U+FFFD.
 * NULL is written as null. */
void cli_json_str(FILE *out, const char *s);
/* "key": s, with a leading comma unless first */
void cli_json_kv(FILE *out, bool first, const char *key, const char *s);

/* Writes s escaped for a workflow command: % \r \n as %25 %0D %0A, and in
 * a property value also : and , as %3A %2C (GitHub's toolkit rules). */
void cli_gh_escape(FILE *out, const char *s, bool property);

#endif
