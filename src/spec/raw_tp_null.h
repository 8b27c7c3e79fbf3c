/* SPDX-License-Identifier: MIT */
/* Tracepoint arguments that may be NULL or an error (raw_tp_null.c). */
#ifndef BV_SPEC_RAW_TP_NULL_H
#define BV_SPEC_RAW_TP_NULL_H

#include <stdbool.h>
#include <stdint.h>

/* tp: the tracepoint's name (btf_trace_<tp>); arg: counted from 0, the
 * hidden 'void *__data' not counted. */
bool bv_raw_tp_arg_may_be_null(const char *tp, unsigned arg);
bool bv_raw_tp_arg_may_be_err(const char *tp, unsigned arg);

#endif
