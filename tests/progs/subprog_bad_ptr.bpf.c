/* SPDX-License-Identifier: MIT */
//@ bad_deref error R1 invalid mem access 'scalar'
#include "common.h"

/* a subprogram reads through a scalar */
static __attribute__((noinline)) int deref(long p)
{
	return *(int *)p;
}

SEC("socket")
int bad_deref(struct __sk_buff *skb)
{
	return deref(skb->len);
}
