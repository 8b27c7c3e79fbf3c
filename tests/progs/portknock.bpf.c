/* SPDX-License-Identifier: MIT */
//@ knock_null error R0 invalid mem access 'map_value_or_null'
//@ knock_oob error invalid access to map value, value_size=48 off=516 size=2
//@ knock_oob error R6 max value is outside of the allowed memory range
//@ knock_fixed accept
/* The port-knocking XDP program of shared/seeds/portknock-verifier-errors.txt:
 * its two bugs (a lookup used without a NULL check, then an index bounded
 * only by another unbounded map field) and the documented fix applied. */
#include "common.h"

#define MAX_SEQUENCE_LENGTH 10

/* config->seq */
struct port_sequence {
	__u16 ports[MAX_SEQUENCE_LENGTH];
	__u8 length;
};

/* config: seq at offset 8, 48 bytes in all */
struct knock_config {
	__u16 target_port;
	__u16 reserved[3];
	struct port_sequence seq;
	__u64 session_timeout;
	__u64 last_update;
};

/* state */
struct ip_state {
	__u8 sequence_step;
	__u64 last_seen;
	__u64 flags;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct knock_config);
} config_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct ip_state);
} ip_tracking_map SEC(".maps");

/* Problem 1: the lookup's result is dereferenced without a NULL check. */
static __always_inline int knock_unchecked(__u32 source_ip, __u16 port,
					   const struct port_sequence *seq)
{
	struct ip_state *state = bpf_map_lookup_elem(&ip_tracking_map, &source_ip);

	if (state->sequence_step >= seq->length)
		return XDP_PASS;
	if (port == seq->ports[state->sequence_step])
		state->sequence_step++;
	return XDP_PASS;
}

/* Problem 2: the index is compared only with seq->length, itself 0..255. */
static __always_inline int knock_unbounded(__u32 source_ip, __u16 port,
					   const struct port_sequence *seq)
{
	struct ip_state *state = bpf_map_lookup_elem(&ip_tracking_map, &source_ip);

	if (state == NULL)
		return XDP_PASS;
	if (state->sequence_step >= seq->length)
		return XDP_PASS;
	if (port == seq->ports[state->sequence_step])
		state->sequence_step++;
	return XDP_PASS;
}

/* The fix: the index is also compared with a constant. */
static __always_inline int knock_bounded(__u32 source_ip, __u16 port,
					 const struct port_sequence *seq)
{
	struct ip_state *state = bpf_map_lookup_elem(&ip_tracking_map, &source_ip);

	if (state == NULL)
		return XDP_PASS;
	if (state->sequence_step >= seq->length)
		return XDP_PASS;
	if (state->sequence_step >= MAX_SEQUENCE_LENGTH)
		return XDP_PASS;
	if (port == seq->ports[state->sequence_step])
		state->sequence_step++;
	return XDP_PASS;
}

/* The UDP header of an IPv4 packet without options, or NULL. */
static __always_inline struct udphdr *udp_of(struct xdp_md *ctx, __u32 *saddr)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp = (void *)(ip + 1);

	if ((void *)(udp + 1) > data_end)
		return NULL;
	if (eth->h_proto != bpf_htons(ETH_P_IP) || ip->protocol != IPPROTO_UDP)
		return NULL;
	*saddr = ip->saddr;
	return udp;
}

#define KNOCK_PROG(name, handler)                                               \
	SEC("xdp") int name(struct xdp_md *ctx)                                 \
	{                                                                       \
		__u32 key = 0, saddr = 0;                                       \
		struct udphdr *udp = udp_of(ctx, &saddr);                       \
		struct knock_config *config;                                    \
		if (!udp)                                                       \
			return XDP_PASS;                                        \
		config = bpf_map_lookup_elem(&config_map, &key);                \
		if (!config)                                                    \
			return XDP_PASS;                                        \
		return handler(saddr, bpf_ntohs(udp->dest), &config->seq);      \
	}

KNOCK_PROG(knock_null, knock_unchecked)
KNOCK_PROG(knock_oob, knock_unbounded)
KNOCK_PROG(knock_fixed, knock_bounded)
