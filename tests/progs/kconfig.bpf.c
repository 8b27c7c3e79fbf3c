/* SPDX-License-Identifier: MIT */
//@ kconf accept
#include "common.h"

/* .kconfig externs: LINUX_KERNEL_VERSION and a CONFIG_ value */
extern unsigned int LINUX_KERNEL_VERSION __kconfig;
extern int CONFIG_HZ __kconfig __weak;

SEC("socket")
int kconf(struct __sk_buff *skb)
{
	if (LINUX_KERNEL_VERSION < 0x050000)
		return 0;
	return CONFIG_HZ > 0 ? 1 : 2;
}
