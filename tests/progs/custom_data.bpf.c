/* SPDX-License-Identifier: MIT */
//@ custom_sections accept
#include "common.h"

/* custom .data.* and .rodata.* sections become their own maps */
int seen SEC(".data.stats") = 0;
const int table[4] SEC(".rodata.table") = { 1, 2, 3, 4 };

SEC("socket")
int custom_sections(struct __sk_buff *skb)
{
	seen++;
	return table[skb->len & 3];
}
