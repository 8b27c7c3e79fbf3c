/* SPDX-License-Identifier: MIT */
//@ up_any accept
#include "common.h"

SEC("uprobe")
int up_any(void *ctx)
{
	return 0;
}
