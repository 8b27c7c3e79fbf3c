/* SPDX-License-Identifier: MIT */
//@ count_len error R1 invalid mem access 'mem_or_null'
//@ count_len log2
//@ count_checked accept
//@ count_checked log2
//@ ctx_arg accept
//@ ctx_arg log2
//@ nested accept
//@ nested log2
//@ wrong_arg error R1 type=scalar expected=fp
//@ wrong_arg error Caller passes invalid args into func#1 ('bump_checked')
//@ wrong_arg log2
//@ scalar_result error R0 invalid mem access 'map_value_or_null'
//@ scalar_result log2
//@ ptr_result error Global function pick() doesn't return scalar. Only those are supported.
//@ ptr_result error Caller passes invalid args into func#1 ('pick')
//@ ptr_result log2
//@ not_called accept
//@ not_called log2
//@ nonnull_ok accept
//@ nonnull_ok log2
//@ nonnull_maybe_null error arg#0 is expected to be non-NULL
//@ nonnull_maybe_null error Caller passes invalid args into func#1 ('bump_nonnull')
//@ nonnull_maybe_null log2
//@ tagged_ctx accept
//@ tagged_ctx log2
//@ pointer_for_scalar error R1 is not a scalar
//@ pointer_for_scalar error Caller passes invalid args into func#1 ('seven')
//@ pointer_for_scalar log2
//@ struct_arg_uninit accept
//@ struct_arg_uninit log2
//@ struct_arg accept
//@ struct_arg log2
//@ void_result error Global function nothing() doesn't return scalar. Only those are supported.
//@ void_result error Caller passes invalid args into func#1 ('nothing')
//@ void_result log2
//@ calls_static accept
//@ calls_static log2
//@ called_twice accept
//@ called_twice log2
//@ pkt_after_pull error R6 invalid mem access 'scalar'
//@ pkt_after_pull log2
//@ pkt_after_no_pull accept
//@ pkt_after_no_pull log2
//@ map_of_maps_value error R1 type=map_ptr expected=fp
//@ map_of_maps_value error Caller passes invalid args into func#1 ('bump_checked')
//@ map_of_maps_value log2
#include "common.h"

/* Global (non-static, __noinline) functions: the kernel verifies each one
 * once on its own, from the types of its BTF prototype (do_check_subprogs),
 * and checks calls to it against that prototype only (bpfverify once
 * walked them as static subprograms and accepted count_len). Every program
 * here compares the whole level-2 log with the kernel's. */

#define __arg_ctx __attribute__((btf_decl_tag("arg:ctx")))
#define __arg_nonnull __attribute__((btf_decl_tag("arg:nonnull")))

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

/* __arg_nonnull: the pointer is memory, not memory-or-NULL */
__noinline int bump_nonnull(__u64 *slot __arg_nonnull, __u32 len)
{
	*slot += len;
	return 1;
}

SEC("classifier")
int nonnull_ok(struct __sk_buff *skb)
{
	__u32 key = 2;
	__u64 *slot = bpf_map_lookup_elem(&counters, &key);

	return slot ? bump_nonnull(slot, skb->len) : 0;
}

SEC("classifier")
int nonnull_maybe_null(struct __sk_buff *skb)
{
	__u32 key = 2;

	return bump_nonnull(bpf_map_lookup_elem(&counters, &key), skb->len);
}

/* __arg_ctx on void *: the context */
__noinline int mark_of(void *ctx __arg_ctx)
{
	return ((struct __sk_buff *)ctx)->mark;
}

SEC("classifier")
int tagged_ctx(struct __sk_buff *skb)
{
	return mark_of(skb) == 3;
}

/* a pointer where the prototype has an int */
SEC("socket")
int pointer_for_scalar(struct __sk_buff *skb)
{
	int r;

	asm volatile("r1 = r10; call seven; %0 = r0" : "=r"(r) : : "r0", "r1", "r2", "r3", "r4", "r5");
	return r;
}

/* a struct pointer: memory of the struct's size, read and written */
struct pair {
	__u64 a, b;
};

__noinline int sum_pair(struct pair *p)
{
	return p ? p->a + p->b : 0;
}

SEC("socket")
int struct_arg_uninit(struct __sk_buff *skb)
{
	struct pair p;

	asm volatile("" : "=m"(p)); /* never written, as far as clang knows */
	return sum_pair(&p);
}

SEC("socket")
int struct_arg(struct __sk_buff *skb)
{
	struct pair p = { skb->len, skb->mark };

	return sum_pair(&p);
}

/* a global function must return a scalar, not void */
__noinline void nothing(__u32 x)
{
	asm volatile("" : : "r"(x));
}

SEC("socket")
int void_result(struct __sk_buff *skb)
{
	nothing(skb->len);
	return 0;
}

/* a static function called from a global one is walked inside it */
static __noinline int twice(int x)
{
	return x * 2;
}

__noinline int via_static(__u32 x)
{
	return twice(x & 0xff) + 1;
}

SEC("socket")
int calls_static(struct __sk_buff *skb)
{
	return via_static(skb->len);
}

/* verified once, however often it is called */
SEC("socket")
int called_twice(struct __sk_buff *skb)
{
	return seven(skb->len) + seven(skb->mark);
}

/* a global function that may move the packet invalidates the caller's
 * packet pointers (changes_pkt_data), one that may not keeps them */
__noinline int pull(struct __sk_buff *skb)
{
	return bpf_skb_pull_data(skb, 64);
}

__noinline int no_pull(struct __sk_buff *skb)
{
	return skb->len > 64;
}

SEC("classifier")
int pkt_after_pull(struct __sk_buff *skb)
{
	__u8 *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;

	if (data + 1 > end)
		return 0;
	pull(skb);
	return *data;
}

SEC("classifier")
int pkt_after_no_pull(struct __sk_buff *skb)
{
	__u8 *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;

	if (data + 1 > end)
		return 0;
	no_pull(skb);
	return *data;
}

/* a map of maps' value passed as memory: checked as if not NULL, it is the
 * inner map itself, not memory */
struct inner_arr {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
};

struct inner_arr inner0 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct inner_arr);
} outer_map SEC(".maps") = { .values = { &inner0 } };

SEC("socket")
int map_of_maps_value(struct __sk_buff *skb)
{
	__u32 key = 0;

	return bump_checked(bpf_map_lookup_elem(&outer_map, &key), skb->len);
}
