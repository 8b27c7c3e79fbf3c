/* SPDX-License-Identifier: MIT */
//@ first accept
//@ second accept
#include "common.h"

/* two programs sharing subprograms, appended in different orders */
static __attribute__((noinline)) int add1(int x)
{
	return x + 1;
}

static __attribute__((noinline)) int add2(int x)
{
	return add1(add1(x));
}

SEC("socket")
int first(struct __sk_buff *skb)
{
	return add2(skb->len & 7);
}

SEC("socket")
int second(struct __sk_buff *skb)
{
	return add1(skb->len & 7) + add2(1);
}
