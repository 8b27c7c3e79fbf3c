/* SPDX-License-Identifier: MIT */
//@ one_line error R1 invalid mem access 'scalar'
#include "common.h"

/* several statements on one line: line_info records that differ only in
 * the column print once */
SEC("socket")
int one_line(struct __sk_buff *skb)
{
	int a = skb->len; int b = a * 3; int c = b - a; if (c > 10) return c; return *(int *)(long)a;
}
