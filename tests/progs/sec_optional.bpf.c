/* SPDX-License-Identifier: MIT */
//@ opt_prog accept
#include "common.h"

/* SEC("?socket"): autoload off in libbpf; still a program to verify */
SEC("?socket")
int opt_prog(struct __sk_buff *skb)
{
	return 1;
}
