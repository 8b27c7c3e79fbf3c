/* SPDX-License-Identifier: MIT */
/* An XDP port-knocking filter: a source must send UDP packets to ports
 * 1001, 2002 and 3003, in that order, before its TCP packets to port 22
 * pass. It holds one deliberate mistake: knock_step() indexes the
 * sequence table with the state read back from the map without checking
 * it, so the verifier cannot prove the read stays inside .rodata. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#define SSH_PORT 22

const volatile __u16 knock_seq[3] = { 1001, 2002, 3003 };

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);   /* source address */
	__type(value, __u32); /* knocks so far */
} knocks SEC(".maps");

static __attribute__((noinline)) int knock_step(__u32 saddr, __u16 port)
{
	__u32 zero = 0, next;
	__u32 *state = bpf_map_lookup_elem(&knocks, &saddr);

	if (!state) {
		bpf_map_update_elem(&knocks, &saddr, &zero, BPF_ANY);
		return 0;
	}
	/* the mistake: *state is not checked against 3 before the lookup */
	next = knock_seq[*state] == port ? *state + 1 : 0;
	*state = next;
	return 0;
}

static int ssh_allowed(__u32 saddr)
{
	__u32 *state = bpf_map_lookup_elem(&knocks, &saddr);

	return state && *state >= 3;
}

SEC("xdp")
int port_knock(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if (ip->protocol == IPPROTO_UDP) {
		struct udphdr *udp = (void *)(ip + 1);

		if ((void *)(udp + 1) > end)
			return XDP_PASS;
		knock_step(ip->saddr, bpf_ntohs(udp->dest));
		return XDP_DROP;
	}
	if (ip->protocol == IPPROTO_TCP) {
		struct tcphdr *tcp = (void *)(ip + 1);

		if ((void *)(tcp + 1) > end)
			return XDP_PASS;
		if (tcp->dest == bpf_htons(SSH_PORT) && !ssh_allowed(ip->saddr))
			return XDP_DROP;
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
