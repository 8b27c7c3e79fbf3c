/* SPDX-License-Identifier: MIT */
/* The context tables' structure, and fixed facts each observed on Linux
 * 6.18 (tests/unit/test_ctx_kernel.c compares every access). */
#include "check.h"
#include "spec/ctx.h"
#include "spec/types.h"

#include <stdint.h>

/* enum bpf_prog_type numbers of every modelled type, with its context's
 * size in bytes. */
static const struct {
	uint32_t prog_type, size;
} sizes[] = {
	{ 1, 192 },   /* socket_filter: __sk_buff */
	{ 2, 168 },   /* kprobe: pt_regs (x86-64) */
	{ 3, 192 },   /* sched_cls */
	{ 4, 192 },   /* sched_act */
	{ 5, 8192 },  /* tracepoint: PERF_MAX_TRACE_SIZE */
	{ 6, 24 },    /* xdp: xdp_md */
	{ 7, 184 },   /* perf_event: bpf_perf_event_data */
	{ 8, 192 },   /* cgroup_skb */
	{ 9, 80 },    /* cgroup_sock: bpf_sock */
	{ 10, 192 },  /* lwt_in */
	{ 11, 192 },  /* lwt_out */
	{ 12, 192 },  /* lwt_xmit */
	{ 13, 224 },  /* sock_ops: bpf_sock_ops */
	{ 14, 192 },  /* sk_skb */
	{ 15, 12 },   /* cgroup_device: bpf_cgroup_dev_ctx */
	{ 16, 80 },   /* sk_msg: sk_msg_md */
	{ 17, 96 },   /* raw_tracepoint: u64 args[12] */
	{ 18, 72 },   /* cgroup_sock_addr: bpf_sock_addr */
	{ 19, 192 },  /* lwt_seg6local */
	{ 21, 56 },   /* sk_reuseport: sk_reuseport_md */
	{ 22, 192 },  /* flow_dissector */
	{ 23, 8 },    /* cgroup_sysctl: bpf_sysctl */
	{ 24, 96 },   /* raw_tracepoint_writable */
	{ 25, 40 },   /* cgroup_sockopt: bpf_sockopt */
	{ 30, 72 },   /* sk_lookup: bpf_sk_lookup */
	{ 31, 65535 } /* syscall */
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* A row that overlaps an earlier one is reached only when the earlier one
 * does not apply, so the earlier one must name attach types. */
static void check_overlaps(const struct bv_ctx_layout *l, size_t j)
{
	const struct bv_ctx_field *b = &l->fields[j];

	for (size_t i = 0; i < j; i++) {
		const struct bv_ctx_field *a = &l->fields[i];

		if (a->off < b->end && b->off < a->end)
			CHECK(a->attach != 0);
	}
}

static void check_row(const struct bv_ctx_layout *l, size_t j)
{
	const struct bv_ctx_field *f = &l->fields[j];

	CHECK(f->name != NULL);
	CHECK(f->off < f->end);
	CHECK(f->end <= (int32_t)l->size);
	CHECK(f->off >= 0 || l->prog_type == 5); /* tracepoint's quirk */
	CHECK(!(f->read & ~BV_CTX_UPTO8) && !(f->write & ~BV_CTX_UPTO8));
	CHECK(f->field_size == 0 || f->field_size == 2 ||
	      f->field_size == 4 || f->field_size == 8);
	CHECK(f->read || f->reg_type == BV_SCALAR_VALUE);
	if (j)
		CHECK(l->fields[j - 1].off <= f->off);
	check_overlaps(l, j);
}

static void test_structure(void)
{
	for (size_t i = 0; i < N_OF(sizes); i++) {
		const uint32_t type = sizes[i].prog_type;
		const struct bv_ctx_layout *l = bv_ctx_layout(type);

		CHECK(l != NULL);
		if (!l)
			continue;
		CHECK(l->prog_type == type);
		CHECK(bv_ctx_size(l->prog_type) == sizes[i].size);
		CHECK(l->ctx_name != NULL && l->n_fields > 0);
		for (size_t j = 0; j < l->n_fields; j++)
			check_row(l, j);
	}
	/* BTF-typed contexts (tracing, lsm, struct_ops, ...) are not here. */
	CHECK(bv_ctx_layout(26) == NULL);
	CHECK(bv_ctx_size(26) == 0);
	CHECK(!bv_ctx_access(26, 0, 0, 8, BV_CTX_READ, NULL));
}

/* A read of off/size by prog_type (attach 0) yields type. */
static bool read_yields(uint32_t prog_type, int off, int size, uint32_t type)
{
	struct bv_ctx_access_info info;

	return bv_ctx_access(prog_type, 0, off, size, BV_CTX_READ, &info) &&
	       info.reg_type == type;
}

static void test_pointers(void)
{
	CHECK(read_yields(3, 76, 4, BV_PTR_TO_PACKET));
	CHECK(read_yields(3, 80, 4, BV_PTR_TO_PACKET_END));
	CHECK(read_yields(3, 140, 4, BV_PTR_TO_PACKET_META));
	CHECK(read_yields(3, 168, 8, BV_PTR_TO_SOCK_COMMON_OR_NULL));
	CHECK(!bv_ctx_access(3, 0, 76, 8, BV_CTX_READ, NULL));
	CHECK(!bv_ctx_access(3, 0, 172, 4, BV_CTX_READ, NULL));
	/* No sign-extending load of a pointer. */
	CHECK(!bv_ctx_access(3, 0, 76, 4, BV_CTX_READ_SX, NULL));
	CHECK(bv_ctx_access(3, 0, 0, 4, BV_CTX_READ_SX, NULL));
	CHECK(read_yields(6, 0, 4, BV_PTR_TO_PACKET));
	CHECK(read_yields(6, 8, 4, BV_PTR_TO_PACKET_META));
	CHECK(read_yields(22, 144, 8, BV_PTR_TO_FLOW_KEYS));
	CHECK(read_yields(13, 184, 8, BV_PTR_TO_SOCKET_OR_NULL));
	CHECK(read_yields(13, 192, 8, BV_PTR_TO_PACKET));
	CHECK(read_yields(16, 72, 8, BV_PTR_TO_SOCKET));
	CHECK(read_yields(24, 0, 8, BV_PTR_TO_TP_BUFFER));
	CHECK(!bv_ctx_access(24, 0, 0, 4, BV_CTX_READ, NULL));
	/* socket_filter sees no packet pointers; cgroup_skb no data_meta. */
	CHECK(!bv_ctx_access(1, 0, 76, 4, BV_CTX_READ, NULL));
	CHECK(read_yields(8, 76, 4, BV_PTR_TO_PACKET));
	CHECK(!bv_ctx_access(8, 0, 140, 4, BV_CTX_READ, NULL));
}

static void test_narrow(void)
{
	struct bv_ctx_access_info info;

	CHECK(bv_ctx_access(1, 0, 9, 1, BV_CTX_READ, &info));
	CHECK(info.narrow && info.field_size == 4);
	CHECK_STR(info.field, "mark");
	CHECK(bv_ctx_access(1, 0, 8, 4, BV_CTX_READ, &info));
	CHECK(!info.narrow && info.field_size == 4);
	CHECK(!bv_ctx_access(1, 0, 8, 8, BV_CTX_READ, NULL));
	CHECK(!bv_ctx_access(1, 0, 10, 4, BV_CTX_READ, NULL)); /* off % size */
	/* cb[]: any size that fits, no field size recorded. */
	CHECK(bv_ctx_access(1, 0, 56, 8, BV_CTX_READ, &info));
	CHECK(!info.narrow && info.field_size == 0);
	CHECK(!bv_ctx_access(1, 0, 64, 8, BV_CTX_READ, NULL));
	/* perf_event's u64 sample_period reads narrowly. */
	CHECK(bv_ctx_access(7, 0, 172, 4, BV_CTX_READ, &info));
	CHECK(info.narrow && info.field_size == 8);
	CHECK(!bv_ctx_access(7, 0, 4, 4, BV_CTX_READ, NULL));
	/* bpf_sock's u16 dst_port: a u32 read is whole, a byte narrow. */
	CHECK(bv_ctx_access(9, 2, 48, 4, BV_CTX_READ, &info));
	CHECK(!info.narrow && info.field_size == 4);
	CHECK(bv_ctx_access(9, 2, 49, 1, BV_CTX_READ, &info));
	CHECK(info.narrow && info.field_size == 2);
	/* sock_ops' skb_tcp_flags narrows at its first byte only. */
	CHECK(bv_ctx_access(13, 0, 212, 1, BV_CTX_READ, NULL));
	CHECK(!bv_ctx_access(13, 0, 213, 1, BV_CTX_READ, NULL));
}

static void test_writes(void)
{
	CHECK(bv_ctx_access(1, 0, 48, 8, BV_CTX_WRITE, NULL));
	CHECK(!bv_ctx_access(1, 0, 8, 4, BV_CTX_WRITE, NULL));
	CHECK(bv_ctx_access(3, 0, 8, 4, BV_CTX_WRITE, NULL));
	CHECK(!bv_ctx_access(3, 0, 8, 2, BV_CTX_WRITE, NULL));
	CHECK(bv_ctx_access(3, 0, 152, 8, BV_CTX_WRITE, NULL));
	CHECK(!bv_ctx_access(14, 0, 48, 4, BV_CTX_WRITE, NULL));
	CHECK(!bv_ctx_access(2, 0, 0, 8, BV_CTX_WRITE, NULL));
	CHECK(!bv_ctx_access(6, 0, 16, 4, BV_CTX_WRITE, NULL));
	CHECK(bv_ctx_access(31, 0, 1000, 8, BV_CTX_WRITE, NULL));
}

static void test_attach_types(void)
{
	/* xdp: egress_ifindex for BPF_XDP_DEVMAP (33) only. */
	CHECK(!bv_ctx_access(6, 0, 20, 4, BV_CTX_READ, NULL));
	CHECK(bv_ctx_access(6, 33, 20, 4, BV_CTX_READ, NULL));
	/* cgroup_sock: attach 0 loads as sock_create, which may write mark;
	 * post_bind4 (12) may not touch it but reads src_ip4. */
	CHECK(bv_ctx_access(9, 0, 16, 4, BV_CTX_WRITE, NULL));
	CHECK(bv_ctx_access(9, 2, 16, 4, BV_CTX_WRITE, NULL));
	CHECK(!bv_ctx_access(9, 12, 16, 4, BV_CTX_READ, NULL));
	CHECK(bv_ctx_access(9, 12, 24, 4, BV_CTX_READ, NULL));
	CHECK(!bv_ctx_access(9, 13, 24, 4, BV_CTX_READ, NULL));
	/* sock_addr: user_ip4 on inet4_connect (10), not inet6_connect. */
	CHECK(bv_ctx_access(18, 10, 4, 4, BV_CTX_WRITE, NULL));
	CHECK(!bv_ctx_access(18, 11, 4, 4, BV_CTX_READ, NULL));
	CHECK(bv_ctx_access(18, 11, 16, 8, BV_CTX_READ, NULL));
	/* sockopt: retval on getsockopt (21) only. */
	CHECK(bv_ctx_access(25, 21, 36, 4, BV_CTX_READ, NULL));
	CHECK(!bv_ctx_access(25, 22, 36, 4, BV_CTX_READ, NULL));
}

static void test_bounds(void)
{
	char msg[64];

	CHECK(!bv_ctx_access(1, 0, -4, 4, BV_CTX_READ, NULL));
	CHECK(!bv_ctx_access(1, 0, 192, 4, BV_CTX_READ, NULL));
	CHECK(!bv_ctx_access(1, 0, 0, 3, BV_CTX_READ, NULL));
	/* tracepoint: the hidden pointer, and negative offsets accepted. */
	CHECK(!bv_ctx_access(5, 0, 0, 8, BV_CTX_READ, NULL));
	CHECK(bv_ctx_access(5, 0, 8, 8, BV_CTX_READ, NULL));
	CHECK(bv_ctx_access(5, 0, -8, 8, BV_CTX_READ, NULL));
	CHECK(!bv_ctx_access(5, 0, -4, 8, BV_CTX_READ, NULL));
	CHECK(!bv_ctx_access(5, 0, 8192, 1, BV_CTX_READ, NULL));
	/* kprobe: any aligned size inside pt_regs. */
	CHECK(bv_ctx_access(2, 0, 164, 4, BV_CTX_READ, NULL));
	CHECK(!bv_ctx_access(2, 0, 168, 1, BV_CTX_READ, NULL));
	bv_ctx_invalid_msg(msg, sizeof(msg), -8, 4);
	CHECK_STR(msg, "invalid bpf_context access off=-8 size=4");
}

int main(void)
{
	test_structure();
	test_pointers();
	test_narrow();
	test_writes();
	test_attach_types();
	test_bounds();
	return check_summary("ctx");
}
