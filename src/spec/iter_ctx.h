/* SPDX-License-Identifier: MIT */
/* The context arguments of BPF iterators (iter_ctx.c). */
#ifndef BV_SPEC_ITER_CTX_H
#define BV_SPEC_ITER_CTX_H

#include <stdbool.h>
#include <stdint.h>

struct bv_iter_ctx_arg {
	const char *target; /* SEC("iter/<target>") */
	const char *member; /* of struct bpf_iter__<target> */
	uint32_t reg_type;  /* enum bv_reg_type with flags */
};

/* Whether the kernel registers the iterator target (measured names). */
bool bv_iter_target_known(const char *target);

/* The registered argument at the member, NULL when the member has none. */
const struct bv_iter_ctx_arg *bv_iter_ctx_arg(const char *target,
					      const char *member);

#endif
