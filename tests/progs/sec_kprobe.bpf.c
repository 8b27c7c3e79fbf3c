/* SPDX-License-Identifier: MIT */
//@ kp_open accept
//@ krp_open accept
#include "common.h"

SEC("kprobe/do_sys_openat2")
int kp_open(void *ctx)
{
	return 0;
}

SEC("kretprobe/do_sys_openat2")
int krp_open(void *ctx)
{
	return 0;
}
