/* SPDX-License-Identifier: MIT */
/* The contexts of the tracing program types without BTF, from
 * kernel/trace/bpf_trace.c of Linux 6.18 on x86-64: kprobe (struct pt_regs,
 * 168 bytes), tracepoint (the raw record), perf_event (struct
 * bpf_perf_event_data), raw_tracepoint and raw_tracepoint_writable (u64
 * args[MAX_BPF_FUNC_ARGS]). All are read only. */
#include "spec/ctx.h"
#include "spec/types.h"

/* enum bpf_prog_type */
enum {
	KPROBE = 2,
	TRACEPOINT = 5,
	PERF_EVENT = 7,
	RAW_TRACEPOINT = 17,
	RAW_TRACEPOINT_WRITABLE = 24,
};

/* PERF_MAX_TRACE_SIZE: the tracepoint record's limit. */
#define TRACE_SIZE 8192
/* sizeof(u64) * MAX_BPF_FUNC_ARGS (bpf_tracing_ctx_access). */
#define RAW_TP_SIZE 96

#define ROW(n, o, e, rd, fs, fl, rt) { n, o, e, rd, 0, fs, fl, rt, 0 }

/* kprobe_prog_is_valid_access: any size within pt_regs. */
static const struct bv_ctx_field kprobe[] = {
	ROW("regs", 0, 168, BV_CTX_UPTO8, 0, BV_CTX_FIT, BV_SCALAR_VALUE),
};

/* tp_prog_is_valid_access: the first 8 bytes (a struct pt_regs pointer)
 * are hidden; any size after them. Its lower bound compares off with
 * sizeof(void *) as unsigned, so negative offsets pass. */
static const struct bv_ctx_field tracepoint[] = {
	ROW("negative offsets", INT16_MIN, 0, BV_CTX_UPTO8, 0, 0,
	    BV_SCALAR_VALUE),
	ROW("regs pointer", 0, 8, 0, 0, 0, BV_SCALAR_VALUE),
	ROW("record", 8, TRACE_SIZE, BV_CTX_UPTO8, 0, 0, BV_SCALAR_VALUE),
};

/* pe_prog_is_valid_access: the registers at exactly sizeof(long), the two
 * u64 fields narrowly. */
static const struct bv_ctx_field perf_event[] = {
	ROW("regs", 0, 168, BV_CTX_SZ8, 0, 0, BV_SCALAR_VALUE),
	ROW("sample_period", 168, 176, BV_CTX_UPTO8, 8, 0, BV_SCALAR_VALUE),
	ROW("addr", 176, 184, BV_CTX_UPTO8, 8, 0, BV_SCALAR_VALUE),
};

/* raw_tp_prog_is_valid_access (bpf_tracing_ctx_access): any size. */
static const struct bv_ctx_field raw_tp[] = {
	ROW("args", 0, RAW_TP_SIZE, BV_CTX_UPTO8, 0, 0, BV_SCALAR_VALUE),
};

/* raw_tp_writable_prog_is_valid_access: args[0] is the writable buffer,
 * read at exactly 8 bytes. */
static const struct bv_ctx_field raw_tp_writable[] = {
	ROW("args[0]", 0, 1, BV_CTX_SZ8, 0, 0, BV_PTR_TO_TP_BUFFER),
	ROW("args", 1, RAW_TP_SIZE, BV_CTX_UPTO8, 0, 0, BV_SCALAR_VALUE),
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define LAYOUT(type, name, size, rows) { type, name, size, rows, N_OF(rows) }

const struct bv_ctx_layout bv_ctx_tracing_layouts[] = {
	LAYOUT(KPROBE, "pt_regs", 168, kprobe),
	LAYOUT(TRACEPOINT, "trace record", TRACE_SIZE, tracepoint),
	LAYOUT(PERF_EVENT, "bpf_perf_event_data", 184, perf_event),
	LAYOUT(RAW_TRACEPOINT, "bpf_raw_tracepoint_args", RAW_TP_SIZE, raw_tp),
	LAYOUT(RAW_TRACEPOINT_WRITABLE, "bpf_raw_tracepoint_args", RAW_TP_SIZE,
	       raw_tp_writable),
};
const size_t bv_ctx_tracing_n_layouts = N_OF(bv_ctx_tracing_layouts);
