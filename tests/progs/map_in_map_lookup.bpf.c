/* SPDX-License-Identifier: MIT */
//@ unchecked_deref error R0 invalid mem access 'map_ptr_or_null'
//@ unchecked_deref log2
//@ unchecked_as_mem error R1 type=map_ptr_or_null expected=fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_
//@ unchecked_as_mem log2
//@ checked_as_mem error R1 type=map_ptr expected=fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_
//@ unchecked_lookup error R1 type=map_ptr_or_null expected=map_ptr
//@ unchecked_lookup log2
//@ hash_checked_lookup accept
//@ hash_checked_lookup log2
//@ hash_unchecked_deref error R0 invalid mem access 'map_ptr_or_null'
//@ pointer_into_value accept
//@ inner_sockmap_release accept
//@ inner_sockmap_release log2
//@ inner_sockmap_deref error R0 invalid mem access 'sock_or_null'
//@ inner_xskmap_deref error R0 invalid mem access 'xdp_sock_or_null'
//@ inner_xskmap_deref log2
#include "common.h"

/* A lookup in a map of maps returns the inner map or NULL
 * ("map_ptr_or_null", with the inner map's key and value sizes), never
 * the outer map's value: it is not memory, NULL-checked or not. */
struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
};

struct inner inner0 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct inner);
} array_of_maps SEC(".maps") = { .values = { &inner0 } };

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct inner);
} hash_of_maps SEC(".maps") = { .values = { &inner0 } };

SEC("xdp")
int unchecked_deref(struct xdp_md *ctx)
{
	__u32 key = 0;
	volatile __u32 *m = bpf_map_lookup_elem(&array_of_maps, &key);

	return *m;
}

/* the outer map's value is 4 bytes: as a map value it would pass */
SEC("xdp")
int unchecked_as_mem(struct xdp_md *ctx)
{
	__u32 key = 0;
	void *m = bpf_map_lookup_elem(&array_of_maps, &key);

	return bpf_csum_diff(m, 4, 0, 0, 0);
}

SEC("xdp")
int checked_as_mem(struct xdp_md *ctx)
{
	__u32 key = 0;
	void *m = bpf_map_lookup_elem(&array_of_maps, &key);

	if (!m)
		return 0;
	return bpf_csum_diff(m, 4, 0, 0, 0);
}

SEC("xdp")
int unchecked_lookup(struct xdp_md *ctx)
{
	__u32 key = 0;
	void *m = bpf_map_lookup_elem(&array_of_maps, &key);
	__u64 *v = bpf_map_lookup_elem(m, &key);

	return v ? *v : 0;
}

SEC("xdp")
int hash_checked_lookup(struct xdp_md *ctx)
{
	__u32 key = 0;
	void *m = bpf_map_lookup_elem(&hash_of_maps, &key);
	__u64 *v;

	if (!m)
		return 0;
	v = bpf_map_lookup_elem(m, &key);
	return v ? *v : 0;
}

SEC("xdp")
int hash_unchecked_deref(struct xdp_md *ctx)
{
	__u32 key = 0;
	volatile __u32 *m = bpf_map_lookup_elem(&hash_of_maps, &key);

	return *m;
}

/* root may store a pointer, the inner map's included, into a map value */
SEC("xdp")
int pointer_into_value(struct xdp_md *ctx)
{
	__u32 key = 0;
	void *m = bpf_map_lookup_elem(&array_of_maps, &key);
	__u64 *v = bpf_map_lookup_elem(&inner0, &key);

	if (!v)
		return 0;
	*v = (__u64)m;
	return 0;
}

/* a lookup in an inner sockmap or xskmap is typed by the inner map */
struct inner_sockmap {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
};

struct inner_sockmap sockmap0 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct inner_sockmap);
} of_sockmaps SEC(".maps") = { .values = { &sockmap0 } };

struct inner_xskmap {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
};

struct inner_xskmap xskmap0 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct inner_xskmap);
} of_xskmaps SEC(".maps") = { .values = { &xskmap0 } };

SEC("xdp")
int inner_sockmap_release(struct xdp_md *ctx)
{
	__u32 key = 0;
	void *m = bpf_map_lookup_elem(&of_sockmaps, &key);
	struct bpf_sock *sk;
	int family;

	if (!m)
		return 0;
	sk = bpf_map_lookup_elem(m, &key);
	if (!sk)
		return 1;
	family = sk->family;
	bpf_sk_release(sk);
	return family;
}

SEC("xdp")
int inner_sockmap_deref(struct xdp_md *ctx)
{
	__u32 key = 0;
	void *m = bpf_map_lookup_elem(&of_sockmaps, &key);
	volatile __u32 *sk;

	if (!m)
		return 0;
	sk = bpf_map_lookup_elem(m, &key);
	return *sk;
}

SEC("xdp")
int inner_xskmap_deref(struct xdp_md *ctx)
{
	__u32 key = 0;
	void *m = bpf_map_lookup_elem(&of_xskmaps, &key);
	volatile __u32 *xsk;

	if (!m)
		return 0;
	xsk = bpf_map_lookup_elem(m, &key);
	return *xsk;
}
