/* SPDX-License-Identifier: MIT */
//@ sys_prog accept
#include "common.h"

/* SEC("syscall"): sleepable */
SEC("syscall")
int sys_prog(void *ctx)
{
	return 0;
}
