/* SPDX-License-Identifier: MIT */
//@ rtp_switch accept
//@ rtp_enter accept
#include "common.h"

SEC("raw_tp/sched_switch")
int rtp_switch(void *ctx)
{
	return 0;
}

SEC("raw_tracepoint/sys_enter")
int rtp_enter(void *ctx)
{
	return 0;
}
