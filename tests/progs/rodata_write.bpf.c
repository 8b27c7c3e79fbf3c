/* SPDX-License-Identifier: MIT */
//@ write_ro error write into map forbidden, value_size=4 off=0 size=4
#include "common.h"

/* .rodata is read-only for programs */
const volatile int ro_val = 3;

SEC("socket")
int write_ro(struct __sk_buff *skb)
{
	*(volatile int *)&ro_val = 4;
	return 0;
}
