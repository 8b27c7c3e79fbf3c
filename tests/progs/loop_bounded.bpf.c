/* SPDX-License-Identifier: MIT */
//@ sum_loop accept
#include "common.h"

/* a bounded loop */
SEC("socket")
int sum_loop(struct __sk_buff *skb)
{
	int s = 0;

	for (int i = 0; i < 16; i++)
		s += i * (skb->len & 1);
	return s;
}
