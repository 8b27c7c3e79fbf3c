/* SPDX-License-Identifier: MIT */
/* A subprogram's arguments typed from its BTF prototype
 * (btf_prepare_func_args of kernel/bpf/btf.c). */
#ifndef BV_LOAD_FUNC_PROTO_H
#define BV_LOAD_FUNC_PROTO_H

#include "load/program.h"

#include <stdbool.h>
#include <stdint.h>

#define BV_FUNC_MAX_ARGS 5 /* MAX_BPF_FUNC_REG_ARGS */

enum bv_func_arg_kind {
	BV_FARG_SCALAR, /* ARG_ANYTHING: an int or enum */
	BV_FARG_CTX,	/* ARG_PTR_TO_CTX */
	BV_FARG_MEM,	/* ARG_PTR_TO_MEM of mem_size bytes */
};

struct bv_func_arg {
	enum bv_func_arg_kind kind;
	bool maybe_null; /* BV_FARG_MEM without __arg_nonnull */
	uint32_t mem_size;
};

struct bv_func_proto {
	unsigned n_args;
	struct bv_func_arg args[BV_FUNC_MAX_ARGS];
};

enum bv_proto_status {
	BV_PROTO_OK = 0,
	BV_PROTO_INVALID,    /* the kernel refuses it (-EINVAL and others) */
	BV_PROTO_UNMODELLED, /* valid for the kernel, not modelled here */
};

/* Types the arguments of the subprogram whose func_info is fi for a program
 * of prog_type. On BV_PROTO_INVALID, msg holds what the kernel logs ("" for
 * the silent refusals of static functions) and *err its error code; on
 * BV_PROTO_UNMODELLED, msg says what bpfverify does not model. */
enum bv_proto_status bv_prepare_func_args(const bv_program *prog,
					  const struct bv_func_info *fi,
					  uint32_t prog_type,
					  struct bv_func_proto *out, int *err,
					  char *msg, size_t len);

/* check_btf_func: whether the function's return type is a small int or an
 * enum ("LD_ABS is only allowed in functions that return 'int'."). */
bool bv_func_returns_scalar(const bv_program *prog,
			    const struct bv_func_info *fi);

/* Whether the function itself (not a parameter) carries a BTF decl tag
 * whose text starts with prefix (e.g. "exception_callback:"). */
bool bv_func_has_decl_tag(const bv_program *prog, const struct bv_func_info *fi,
			  const char *prefix);

#endif
