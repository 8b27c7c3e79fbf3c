/* SPDX-License-Identifier: MIT */
//@ count_len xfail
//@ count_len error R1 invalid mem access 'mem_or_null'
//@ count_checked xfail
//@ count_checked accept
//@ ctx_arg xfail
//@ ctx_arg accept
//@ nested xfail
//@ nested accept
//@ wrong_arg xfail
//@ wrong_arg error R1 type=scalar expected=fp
//@ wrong_arg error Caller passes invalid args into func#1 ('bump_checked')
//@ scalar_result xfail
//@ scalar_result error R0 invalid mem access 'map_value_or_null'
//@ ptr_result xfail
//@ ptr_result error Global function pick() doesn't return scalar. Only those are supported.
//@ ptr_result error Caller passes invalid args into func#1 ('pick')
//@ not_called accept
#include "common.h"

/* Global (non-static, __noinline) functions: the kernel verifies each one
 * once on its own, from the types of its BTF prototype (do_check_subprogs),
 * and checks calls to it against that prototype only. bpfverify does not
 * model that yet ("cannot judge yet"); before, it walked them as static
 * subprograms and accepted count_len. */

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

/* a pointer argument is mem_or_null inside the function */
__noinline int bump(__u64 *slot, __u32 len)
{
	*slot += len;
	return 1;
}

SEC("classifier")
int count_len(struct __sk_buff *skb)
{
	__u32 key = skb->queue_mapping & 15;
	__u64 *slot = bpf_map_lookup_elem(&counters, &key);

	if (slot)
		bump(slot, skb->len);
	return 0;
}

/* the same with the NULL check inside the function */
__noinline int bump_checked(__u64 *slot, __u32 len)
{
	if (!slot)
		return 0;
	*slot += len;
	return 1;
}

SEC("classifier")
int count_checked(struct __sk_buff *skb)
{
	__u32 key = skb->queue_mapping & 15;
	__u64 *slot = bpf_map_lookup_elem(&counters, &key);

	if (slot)
		bump_checked(slot, skb->len);
	return 0;
}

/* a context argument is PTR_TO_CTX */
__noinline int ctx_len(struct __sk_buff *skb)
{
	return skb->len;
}

SEC("classifier")
int ctx_arg(struct __sk_buff *skb)
{
	return ctx_len(skb) > 100;
}

/* the caller's r0 is an unknown scalar: the callee's constant is lost */
__noinline int seven(__u32 x)
{
	int r;

	/* opaque to clang's propagation */
	asm volatile("%0 = 7" : "=r"(r) : "r"(x));
	return r;
}

SEC("socket")
int scalar_result(struct __sk_buff *skb)
{
	__u32 key = 1;
	__u64 *slot;

	if (seven(skb->len) == 7)
		return 0;
	/* reached: the kernel does not know that seven() returns 7 */
	slot = bpf_map_lookup_elem(&counters, &key);
	return *slot;
}

/* a global function must return a scalar */
__noinline __u64 *pick(__u32 key)
{
	return bpf_map_lookup_elem(&counters, &key);
}

SEC("socket")
int ptr_result(struct __sk_buff *skb)
{
	__u64 *slot = pick(skb->len & 15);

	return slot ? 1 : 0;
}

/* a global function calling another */
__noinline int outer(__u64 *slot, __u32 len)
{
	return bump_checked(slot, len) + 1;
}

SEC("classifier")
int nested(struct __sk_buff *skb)
{
	__u32 key = 3;
	__u64 *slot = bpf_map_lookup_elem(&counters, &key);

	return outer(slot, skb->len);
}

/* a scalar where the prototype has a pointer to memory */
SEC("classifier")
int wrong_arg(struct __sk_buff *skb)
{
	return bump_checked((__u64 *)(long)skb->len, 1);
}

/* a global function that is never called */
__noinline int unused(__u64 *slot)
{
	return *slot;
}

SEC("socket")
int not_called(struct __sk_buff *skb)
{
	return 0;
}
