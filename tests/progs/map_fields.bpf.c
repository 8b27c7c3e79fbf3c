/* SPDX-License-Identifier: MIT */
//@ around_lock accept
//@ around_lock log2
//@ store_into_lock error bpf_spin_lock cannot be accessed directly by load/store
//@ load_over_lock error bpf_spin_lock cannot be accessed directly by load/store
//@ read_timer error bpf_timer cannot be accessed directly by load/store
//@ helper_over_lock error bpf_spin_lock cannot be accessed directly by load/store
//@ lock_in_socket_filter error socket filter progs cannot use bpf_spin_lock yet
//@ lock_in_kprobe error tracing progs cannot use bpf_spin_lock yet
//@ timer_in_kprobe error tracing progs cannot use bpf_timer yet
/* Map values with special fields (btf_record): a spin lock and a timer may
 * not be touched by plain loads, stores or helpers, and some program types
 * may not use such maps at all. (kptr fields need a clang that emits BTF
 * type tags: the selftests' map_kptr programs, built with clang-19, cover
 * them.) */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct locked {
	int x;
	struct bpf_spin_lock lock;
	long counter;
};

struct timed {
	struct bpf_timer t;
	int y;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, int);
	__type(value, struct locked);
	__uint(max_entries, 1);
} locks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, int);
	__type(value, struct timed);
	__uint(max_entries, 1);
} timers SEC(".maps");

/* the fields around the lock are plain data */
SEC("tc")
int around_lock(struct __sk_buff *skb)
{
	int k = 0;
	struct locked *v = bpf_map_lookup_elem(&locks, &k);

	if (!v)
		return 0;
	v->x = 1;
	v->counter += 2;
	return 0;
}

SEC("tc")
int store_into_lock(struct __sk_buff *skb)
{
	int k = 0;
	struct locked *v = bpf_map_lookup_elem(&locks, &k);

	if (!v)
		return 0;
	*(int *)&v->lock = 1;
	return 0;
}

/* a wide load that covers part of the lock */
SEC("tc")
int load_over_lock(struct __sk_buff *skb)
{
	int k = 0;
	struct locked *v = bpf_map_lookup_elem(&locks, &k);

	if (!v)
		return 0;
	return *(long *)&v->x;
}

SEC("socket")
int lock_in_socket_filter(struct __sk_buff *skb)
{
	int k = 0;
	struct locked *v = bpf_map_lookup_elem(&locks, &k);

	return v ? v->x : 0;
}

SEC("kprobe/do_nanosleep")
int lock_in_kprobe(void *ctx)
{
	int k = 0;
	struct locked *v = bpf_map_lookup_elem(&locks, &k);

	return v ? v->x : 0;
}

SEC("kprobe/do_nanosleep")
int timer_in_kprobe(void *ctx)
{
	int k = 0;
	struct timed *v = bpf_map_lookup_elem(&timers, &k);

	return v ? v->y : 0;
}

SEC("tc")
int read_timer(struct __sk_buff *skb)
{
	int k = 0;
	struct timed *v = bpf_map_lookup_elem(&timers, &k);

	return v ? *(int *)&v->t : 0;
}

/* a helper may not read the bytes of a lock either */
SEC("tc")
int helper_over_lock(struct __sk_buff *skb)
{
	int k = 0;
	struct locked *v = bpf_map_lookup_elem(&locks, &k);

	if (!v)
		return 0;
	return bpf_skb_store_bytes(skb, 0, v, sizeof(*v), 0);
}
