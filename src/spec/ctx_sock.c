/* SPDX-License-Identifier: MIT */
/* The socket-side contexts: xdp (struct xdp_md), sock_ops (struct
 * bpf_sock_ops), sk_msg (struct sk_msg_md), cgroup_sock (struct bpf_sock),
 * cgroup_sock_addr (struct bpf_sock_addr), sk_reuseport (struct
 * sk_reuseport_md) and sk_lookup (struct bpf_sk_lookup): the rules of
 * net/core/filter.c's xdp_, sock_ops_, sk_msg_, sock_filter_, sock_addr_,
 * sk_reuseport_ and sk_lookup_is_valid_access, and cgroup_sockopt (struct
 * bpf_sockopt) from kernel/bpf/cgroup.c's cg_sockopt_is_valid_access, as
 * Linux 6.18 applies them. */
#include "spec/ctx.h"
#include "spec/types.h"

/* enum bpf_prog_type */
enum {
	XDP = 6,
	CGROUP_SOCK = 9,
	SOCK_OPS = 13,
	SK_MSG = 16,
	CGROUP_SOCK_ADDR = 18,
	SK_REUSEPORT = 21,
	CGROUP_SOCKOPT = 25,
	SK_LOOKUP = 30,
};

/* enum bpf_attach_type, as attach-mask bits. Attach type 0 loads a
 * cgroup_sock program as BPF_CGROUP_INET_SOCK_CREATE
 * (bpf_prog_load_fixup_attach_type). */
#define AT(n) (UINT64_C(1) << (n))
#define SOCK_CREATE (AT(0) | AT(2))
#define POST_BIND4 AT(12)
#define POST_BIND6 AT(13)
#define XDP_DEVMAP AT(33)
#define SOCK_RELEASE AT(34)
#define GETSOCKOPT AT(21)
#define SETSOCKOPT AT(22)
/* The bpf_sock_addr hooks that see an IPv4 / IPv6 user address. */
#define USER_IP4 (AT(8) | AT(10) | AT(14) | AT(19) | AT(29) | AT(31))
#define USER_IP6 (AT(9) | AT(11) | AT(15) | AT(20) | AT(30) | AT(32))
#define UDP4_SENDMSG AT(14)
#define UDP6_SENDMSG AT(15)

#define ROW(n, o, e, rd, wr, fs, rt, at) { n, o, e, rd, wr, fs, 0, rt, at }
#define NONE(n, o, e) ROW(n, o, e, 0, 0, 0, BV_SCALAR_VALUE, 0)
/* Exactly 4 bytes, read only. */
#define EXACT4(n, o, e) ROW(n, o, e, BV_CTX_SZ4, 0, 0, BV_SCALAR_VALUE, 0)
/* Exactly 8 bytes, read only, yielding rt. */
#define PTR8(n, o, rt) ROW(n, o, (o) + 8, BV_CTX_SZ8, 0, 0, rt, 0)

/* xdp_is_valid_access: all u32, read at exactly 4 bytes; writes only for
 * a device-bound (offloaded) program, which bpfverify does not load;
 * egress_ifindex only for BPF_XDP_DEVMAP. */
static const struct bv_ctx_field xdp[] = {
	ROW("data", 0, 4, BV_CTX_SZ4, 0, 0, BV_PTR_TO_PACKET, 0),
	ROW("data_end", 4, 8, BV_CTX_SZ4, 0, 0, BV_PTR_TO_PACKET_END, 0),
	ROW("data_meta", 8, 12, BV_CTX_SZ4, 0, 0, BV_PTR_TO_PACKET_META, 0),
	EXACT4("ingress_ifindex", 12, 16),
	EXACT4("rx_queue_index", 16, 20),
	ROW("egress_ifindex", 20, 24, BV_CTX_SZ4, 0, 0, BV_SCALAR_VALUE,
	    XDP_DEVMAP),
	NONE("egress_ifindex", 20, 24),
};

/* sock_ops_is_valid_access: u32 fields read at 4 bytes, u64 ones at 8;
 * writes to reply (args[0]) and sk_txhash; skb_tcp_flags reads narrowly,
 * at its first byte only (its case names that offset alone). */
static const struct bv_ctx_field sock_ops[] = {
	EXACT4("op", 0, 4),
	ROW("reply", 4, 8, BV_CTX_SZ4, BV_CTX_SZ4, 0, BV_SCALAR_VALUE, 0),
	EXACT4("args[1..3]..sacked_out", 8, 164),
	ROW("sk_txhash", 164, 168, BV_CTX_SZ4, BV_CTX_SZ4, 0, BV_SCALAR_VALUE,
	    0),
	ROW("bytes_received..bytes_acked", 168, 184, BV_CTX_SZ8, 0, 0,
	    BV_SCALAR_VALUE, 0),
	PTR8("sk", 184, BV_PTR_TO_SOCKET_OR_NULL),
	PTR8("skb_data", 192, BV_PTR_TO_PACKET),
	PTR8("skb_data_end", 200, BV_PTR_TO_PACKET_END),
	EXACT4("skb_len", 208, 212),
	ROW("skb_tcp_flags", 212, 213, BV_CTX_UPTO4, 0, 4, BV_SCALAR_VALUE, 0),
	NONE("skb_tcp_flags", 213, 216),
	PTR8("skb_hwtstamp", 216, BV_SCALAR_VALUE),
};

/* sk_msg_is_valid_access: read only; pointers at 8 bytes, the rest at 4. */
static const struct bv_ctx_field sk_msg[] = {
	PTR8("data", 0, BV_PTR_TO_PACKET),
	PTR8("data_end", 8, BV_PTR_TO_PACKET_END),
	EXACT4("family..size", 16, 72),
	PTR8("sk", 72, BV_PTR_TO_SOCKET),
};

/* bpf_sock_is_valid_access, then __sock_filter_check_attach_type:
 * bound_dev_if, mark and priority only when creating or releasing (and
 * writable there), the source address and port only after binding; the
 * rest read only. Fields named by their first offset alone read narrowly
 * there, and only whole elsewhere; dst_port is a u16 in a u32 slot. */
#define NARROW(n, o, e, at)                                                    \
	ROW(n, o, e, BV_CTX_UPTO4, 0, 4, BV_SCALAR_VALUE, at)
#define SOCK_RW(n, o)                                                          \
	ROW(n, o, (o) + 4, BV_CTX_SZ4, BV_CTX_SZ4, 0, BV_SCALAR_VALUE,         \
	    SOCK_CREATE | SOCK_RELEASE),                                       \
		NONE(n, o, (o) + 4)
static const struct bv_ctx_field cgroup_sock[] = {
	SOCK_RW("bound_dev_if", 0),
	NARROW("family", 4, 5, 0),
	NONE("family", 5, 8),
	NARROW("type", 8, 9, 0),
	NONE("type", 9, 12),
	NARROW("protocol", 12, 13, 0),
	NONE("protocol", 13, 16),
	SOCK_RW("mark", 16),
	SOCK_RW("priority", 20),
	NARROW("src_ip4", 24, 28, POST_BIND4),
	NONE("src_ip4", 24, 28),
	NARROW("src_ip6", 28, 44, POST_BIND6),
	NONE("src_ip6", 28, 44),
	NARROW("src_port", 44, 45, POST_BIND4 | POST_BIND6),
	NONE("src_port", 44, 48),
	ROW("dst_port", 48, 50, BV_CTX_UPTO4, 0, 2, BV_SCALAR_VALUE, 0),
	NONE("padding", 50, 52),
	NARROW("dst_ip4", 52, 56, 0),
	NARROW("dst_ip6", 56, 72, 0),
	NARROW("state", 72, 73, 0),
	NONE("state", 73, 76),
	NARROW("rx_queue_mapping", 76, 77, 0),
	NONE("rx_queue_mapping", 77, 80),
};

/* sock_addr_is_valid_access: the addresses only where the hook has them,
 * readable narrowly and writable whole, the IPv6 ones also 8 bytes at a
 * time (bpf_ctx_wide_access_ok); user_port likewise on every hook; the
 * other u32 fields read at exactly 4 bytes; sk gives PTR_TO_SOCKET. */
#define ADDR(n, o, e, rd, wr, at)                                              \
	{ n, o, e, rd, wr, 4, BV_CTX_FIT, BV_SCALAR_VALUE, at }, NONE(n, o, e)
static const struct bv_ctx_field cgroup_sock_addr[] = {
	EXACT4("user_family", 0, 4),
	ADDR("user_ip4", 4, 8, BV_CTX_UPTO4, BV_CTX_SZ4, USER_IP4),
	ADDR("user_ip6", 8, 24, BV_CTX_UPTO8, BV_CTX_SZ4 | BV_CTX_SZ8,
	     USER_IP6),
	ROW("user_port", 24, 28, BV_CTX_UPTO4, BV_CTX_SZ4, 4, BV_SCALAR_VALUE,
	    0),
	EXACT4("family..protocol", 28, 40),
	ADDR("msg_src_ip4", 40, 44, BV_CTX_UPTO4, BV_CTX_SZ4, UDP4_SENDMSG),
	ADDR("msg_src_ip6", 44, 60, BV_CTX_UPTO8, BV_CTX_SZ4 | BV_CTX_SZ8,
	     UDP6_SENDMSG),
	NONE("padding", 60, 64),
	PTR8("sk", 64, BV_PTR_TO_SOCKET),
};

/* sk_reuseport_is_valid_access: read only; the pointers at 8 bytes, hash
 * at 4, the other u32 fields narrowly (eth_protocol at 2 bytes or more). */
static const struct bv_ctx_field sk_reuseport[] = {
	PTR8("data", 0, BV_PTR_TO_PACKET),
	PTR8("data_end", 8, BV_PTR_TO_PACKET_END),
	NARROW("len", 16, 20, 0),
	ROW("eth_protocol", 20, 24, BV_CTX_SZ2 | BV_CTX_SZ4, 0, 4,
	    BV_SCALAR_VALUE, 0),
	NARROW("ip_protocol..bind_inany", 24, 32, 0),
	EXACT4("hash", 32, 36),
	NONE("padding", 36, 40),
	PTR8("sk", 40, BV_PTR_TO_SOCKET),
	PTR8("migrating_sk", 48, BV_PTR_TO_SOCK_COMMON_OR_NULL),
};

/* sk_lookup_is_valid_access: read only; sk at 8 bytes, the u32 fields
 * narrowly; remote_port is a __be16 (4 bytes kept for old programs) and its
 * zero padding reads as one too. */
static const struct bv_ctx_field sk_lookup[] = {
	PTR8("sk", 0, BV_PTR_TO_SOCKET_OR_NULL),
	NARROW("family..remote_ip6", 8, 36, 0),
	ROW("remote_port", 36, 38, BV_CTX_UPTO4, 0, 2, BV_SCALAR_VALUE, 0),
	ROW("padding", 38, 40, BV_CTX_SZ1 | BV_CTX_SZ2, 0, 2, BV_SCALAR_VALUE,
	    0),
	NARROW("local_ip4..ingress_ifindex", 40, 68, 0),
	NONE("padding", 68, 72),
};

/* cg_sockopt_is_valid_access: the pointers at 8 bytes, the s32 fields at
 * 4; optlen is writable, level and optname on setsockopt, retval is
 * readable and writable on getsockopt only. */
#define SOCKOPT(n, o, at)                                                      \
	ROW(n, o, (o) + 4, BV_CTX_SZ4, BV_CTX_SZ4, 0, BV_SCALAR_VALUE, at),   \
		EXACT4(n, o, (o) + 4)
static const struct bv_ctx_field cgroup_sockopt[] = {
	PTR8("sk", 0, BV_PTR_TO_SOCKET),
	PTR8("optval", 8, BV_PTR_TO_PACKET),
	PTR8("optval_end", 16, BV_PTR_TO_PACKET_END),
	SOCKOPT("level", 24, SETSOCKOPT),
	SOCKOPT("optname", 28, SETSOCKOPT),
	ROW("optlen", 32, 36, BV_CTX_SZ4, BV_CTX_SZ4, 0, BV_SCALAR_VALUE, 0),
	ROW("retval", 36, 40, BV_CTX_SZ4, BV_CTX_SZ4, 0, BV_SCALAR_VALUE,
	    GETSOCKOPT),
	NONE("retval", 36, 40),
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define LAYOUT(type, name, size, rows) { type, name, size, rows, N_OF(rows) }

const struct bv_ctx_layout bv_ctx_sock_layouts[] = {
	LAYOUT(XDP, "xdp_md", 24, xdp),
	LAYOUT(CGROUP_SOCK, "bpf_sock", 80, cgroup_sock),
	LAYOUT(SOCK_OPS, "bpf_sock_ops", 224, sock_ops),
	LAYOUT(SK_MSG, "sk_msg_md", 80, sk_msg),
	LAYOUT(CGROUP_SOCK_ADDR, "bpf_sock_addr", 72, cgroup_sock_addr),
	LAYOUT(SK_REUSEPORT, "sk_reuseport_md", 56, sk_reuseport),
	LAYOUT(CGROUP_SOCKOPT, "bpf_sockopt", 40, cgroup_sockopt),
	LAYOUT(SK_LOOKUP, "bpf_sk_lookup", 72, sk_lookup),
};
const size_t bv_ctx_sock_n_layouts = N_OF(bv_ctx_sock_layouts);
