/* SPDX-License-Identifier: MIT */
//@ on_sample accept
#include "common.h"

SEC("perf_event")
int on_sample(void *ctx)
{
	return 0;
}
