/* SPDX-License-Identifier: MIT */
//@ lookup_prog accept
#include "common.h"

SEC("sk_lookup")
int lookup_prog(struct bpf_sk_lookup *ctx)
{
	return ctx->local_port == 80 ? SK_DROP : SK_PASS;
}
