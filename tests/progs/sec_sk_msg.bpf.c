/* SPDX-License-Identifier: MIT */
//@ msg_verdict accept
#include "common.h"

SEC("sk_msg")
int msg_verdict(struct sk_msg_md *msg)
{
	return msg->size > 64 ? SK_DROP : SK_PASS;
}
