/* SPDX-License-Identifier: MIT */
/* struct __sk_buff (192 bytes) as each program type sees it: the rules of
 * net/core/filter.c's bpf_skb_is_valid_access and the per-type wrappers
 * sk_filter_, tc_cls_act_, cg_skb_, lwt_, sk_skb_ and
 * flow_dissector_is_valid_access, as Linux 6.18 applies them.
 *
 * Shared by all (bpf_skb_is_valid_access): a u32 field may be read whole or
 * narrowly (ctx_field_size 4) and written whole; cb[] takes any size that
 * fits; the IPv4/IPv6 addresses and the packet pointers take exactly 4
 * bytes; tstamp and hwtstamp 8; sk 8, giving PTR_TO_SOCK_COMMON_OR_NULL;
 * flow_keys, the padding after tstamp_type and (but for tc) tstamp_type are
 * refused. Each wrapper then refuses fields and grants writes. */
#include "spec/ctx.h"
#include "spec/types.h"

/* enum bpf_prog_type */
enum {
	SOCKET_FILTER = 1,
	SCHED_CLS = 3,
	SCHED_ACT = 4,
	CGROUP_SKB = 8,
	LWT_IN = 10,
	LWT_OUT = 11,
	LWT_XMIT = 12,
	SK_SKB = 14,
	LWT_SEG6LOCAL = 19,
	FLOW_DISSECTOR = 22,
};

#define ROW(n, o, e, rd, wr, fs, fl, rt) { n, o, e, rd, wr, fs, fl, rt, 0 }
#define SCALAR BV_SCALAR_VALUE
/* A u32 field: narrow reads; wr: the sizes a write may use. */
#define U32(n, o, wr) ROW(n, o, (o) + 4, BV_CTX_UPTO4, wr, 4, 0, SCALAR)
#define RO(n, o) U32(n, o, 0)
#define RW(n, o) U32(n, o, BV_CTX_SZ4)
/* Fields read at exactly 4 bytes: addresses and packet pointers. */
#define EXACT4(n, o, e, rt) ROW(n, o, e, BV_CTX_SZ4, 0, 0, 0, rt)
#define NONE(n, o, e) ROW(n, o, e, 0, 0, 0, 0, SCALAR)
#define CB(wr) ROW("cb", 48, 68, BV_CTX_UPTO8, wr, 0, BV_CTX_FIT, SCALAR)
#define TSTAMP(wr) ROW("tstamp", 152, 160, BV_CTX_SZ8, wr, 0, 0, SCALAR)
#define SK                                                                     \
	ROW("sk", 168, 176, BV_CTX_SZ8, 0, 0, 0, BV_PTR_TO_SOCK_COMMON_OR_NULL)
#define HWTSTAMP ROW("hwtstamp", 184, 192, BV_CTX_SZ8, 0, 0, 0, SCALAR)
#define PKT(o) EXACT4("data", o, (o) + 4, BV_PTR_TO_PACKET)
#define PKT_END(o) EXACT4("data_end", o, (o) + 4, BV_PTR_TO_PACKET_END)

/* The socket addresses and ports, where a type does not refuse them. */
#define SOCK_FIELDS                                                            \
	RO("family", 88), EXACT4("remote_ip4", 92, 96, SCALAR),      \
		EXACT4("local_ip4", 96, 100, SCALAR),                 \
		EXACT4("remote_ip6", 100, 116, SCALAR),               \
		EXACT4("local_ip6", 116, 132, SCALAR),                \
		RO("remote_port", 132), RO("local_port", 136)

/* sk_filter_is_valid_access: read-only but cb[]; no packet pointers. */
static const struct bv_ctx_field socket_filter[] = {
	RO("len", 0),
	RO("pkt_type", 4),
	RO("mark", 8),
	RO("queue_mapping", 12),
	RO("protocol", 16),
	RO("vlan_present", 20),
	RO("vlan_tci", 24),
	RO("vlan_proto", 28),
	RO("priority", 32),
	RO("ingress_ifindex", 36),
	RO("ifindex", 40),
	RO("tc_index", 44),
	CB(BV_CTX_UPTO8),
	RO("hash", 68),
	NONE("tc_classid", 72, 76),
	NONE("data", 76, 80),
	NONE("data_end", 80, 84),
	RO("napi_id", 84),
	NONE("family..local_port", 88, 140),
	NONE("data_meta", 140, 144),
	NONE("flow_keys", 144, 152),
	NONE("tstamp", 152, 160),
	NONE("wire_len", 160, 164),
	RO("gso_segs", 164),
	SK,
	RO("gso_size", 176),
	NONE("tstamp_type", 180, 184),
	NONE("hwtstamp", 184, 192),
};

/* tc_cls_act_is_valid_access: the most writable view, with data_meta and
 * a one-byte tstamp_type; the socket fields are refused. */
static const struct bv_ctx_field tc[] = {
	RO("len", 0),
	RO("pkt_type", 4),
	RW("mark", 8),
	RW("queue_mapping", 12),
	RO("protocol", 16),
	RO("vlan_present", 20),
	RO("vlan_tci", 24),
	RO("vlan_proto", 28),
	RW("priority", 32),
	RO("ingress_ifindex", 36),
	RO("ifindex", 40),
	RW("tc_index", 44),
	CB(BV_CTX_UPTO8),
	RO("hash", 68),
	RW("tc_classid", 72),
	PKT(76),
	PKT_END(80),
	RO("napi_id", 84),
	NONE("family..local_port", 88, 140),
	EXACT4("data_meta", 140, 144, BV_PTR_TO_PACKET_META),
	NONE("flow_keys", 144, 152),
	TSTAMP(BV_CTX_SZ8),
	RO("wire_len", 160),
	RO("gso_segs", 164),
	SK,
	RO("gso_size", 176),
	ROW("tstamp_type", 180, 181, BV_CTX_SZ1, 0, 0, 0, SCALAR),
	NONE("padding", 181, 184),
	HWTSTAMP,
};

/* cg_skb_is_valid_access: packet pointers (bpf_capable), writes to mark,
 * priority, cb[] and tstamp (bpf_capable). */
static const struct bv_ctx_field cgroup_skb[] = {
	RO("len", 0),
	RO("pkt_type", 4),
	RW("mark", 8),
	RO("queue_mapping", 12),
	RO("protocol", 16),
	RO("vlan_present", 20),
	RO("vlan_tci", 24),
	RO("vlan_proto", 28),
	RW("priority", 32),
	RO("ingress_ifindex", 36),
	RO("ifindex", 40),
	RO("tc_index", 44),
	CB(BV_CTX_UPTO8),
	RO("hash", 68),
	NONE("tc_classid", 72, 76),
	PKT(76),
	PKT_END(80),
	RO("napi_id", 84),
	SOCK_FIELDS,
	NONE("data_meta", 140, 144),
	NONE("flow_keys", 144, 152),
	TSTAMP(BV_CTX_SZ8),
	NONE("wire_len", 160, 164),
	RO("gso_segs", 164),
	SK,
	RO("gso_size", 176),
	NONE("tstamp_type", 180, 184),
	HWTSTAMP,
};

/* lwt_is_valid_access (lwt_in, lwt_out, lwt_xmit, lwt_seg6local): writes to
 * mark, priority and cb[]; no socket fields, data_meta or timestamps. */
static const struct bv_ctx_field lwt[] = {
	RO("len", 0),
	RO("pkt_type", 4),
	RW("mark", 8),
	RO("queue_mapping", 12),
	RO("protocol", 16),
	RO("vlan_present", 20),
	RO("vlan_tci", 24),
	RO("vlan_proto", 28),
	RW("priority", 32),
	RO("ingress_ifindex", 36),
	RO("ifindex", 40),
	RO("tc_index", 44),
	CB(BV_CTX_UPTO8),
	RO("hash", 68),
	NONE("tc_classid", 72, 76),
	PKT(76),
	PKT_END(80),
	RO("napi_id", 84),
	NONE("family..local_port", 88, 140),
	NONE("data_meta", 140, 144),
	NONE("flow_keys", 144, 152),
	NONE("tstamp", 152, 160),
	NONE("wire_len", 160, 164),
	RO("gso_segs", 164),
	SK,
	RO("gso_size", 176),
	NONE("tstamp_type", 180, 184),
	NONE("hwtstamp", 184, 192),
};

/* sk_skb_is_valid_access: writes to tc_index and priority only; mark is
 * refused altogether. */
static const struct bv_ctx_field sk_skb[] = {
	RO("len", 0),
	RO("pkt_type", 4),
	NONE("mark", 8, 12),
	RO("queue_mapping", 12),
	RO("protocol", 16),
	RO("vlan_present", 20),
	RO("vlan_tci", 24),
	RO("vlan_proto", 28),
	RW("priority", 32),
	RO("ingress_ifindex", 36),
	RO("ifindex", 40),
	RW("tc_index", 44),
	CB(0),
	RO("hash", 68),
	NONE("tc_classid", 72, 76),
	PKT(76),
	PKT_END(80),
	RO("napi_id", 84),
	SOCK_FIELDS,
	NONE("data_meta", 140, 144),
	NONE("flow_keys", 144, 152),
	NONE("tstamp", 152, 160),
	NONE("wire_len", 160, 164),
	RO("gso_segs", 164),
	SK,
	RO("gso_size", 176),
	NONE("tstamp_type", 180, 184),
	NONE("hwtstamp", 184, 192),
};

/* flow_dissector_is_valid_access: data, data_end and flow_keys, read only. */
static const struct bv_ctx_field flow_dissector[] = {
	NONE("len..tc_classid", 0, 76),
	PKT(76),
	PKT_END(80),
	NONE("napi_id..data_meta", 84, 144),
	ROW("flow_keys", 144, 152, BV_CTX_SZ8, 0, 0, 0, BV_PTR_TO_FLOW_KEYS),
	NONE("tstamp..hwtstamp", 152, 192),
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define LAYOUT(type, rows) { type, "__sk_buff", 192, rows, N_OF(rows) }

const struct bv_ctx_layout bv_ctx_skb_layouts[] = {
	LAYOUT(SOCKET_FILTER, socket_filter),
	LAYOUT(SCHED_CLS, tc),
	LAYOUT(SCHED_ACT, tc),
	LAYOUT(CGROUP_SKB, cgroup_skb),
	LAYOUT(LWT_IN, lwt),
	LAYOUT(LWT_OUT, lwt),
	LAYOUT(LWT_XMIT, lwt),
	LAYOUT(LWT_SEG6LOCAL, lwt),
	LAYOUT(SK_SKB, sk_skb),
	LAYOUT(FLOW_DISSECTOR, flow_dissector),
};
const size_t bv_ctx_skb_n_layouts = N_OF(bv_ctx_skb_layouts);
