/* SPDX-License-Identifier: MIT */
//@ tp_openat accept
//@ tp_switch accept
#include "common.h"

SEC("tracepoint/syscalls/sys_enter_openat")
int tp_openat(void *ctx)
{
	return 0;
}

SEC("tp/sched/sched_switch")
int tp_switch(void *ctx)
{
	return 0;
}
