/* SPDX-License-Identifier: MIT */
/* Sanity of the helper tables: names and ids agree, every prototype passes
 * the kernel's own consistency checks (check_func_proto() in
 * kernel/bpf/verifier.c), every measured helper has a prototype whose
 * gpl_only and might_sleep agree with the measurement, and the messages of
 * check_helper_call() come out as the kernel prints them. */
#include "check.h"
#include "spec/helpers.h"

#include <stdint.h>

#define N_PROG_TYPES 33 /* enum bpf_prog_type up to netfilter */
#define N_ATTACH_TYPES 64

static bool bit(const uint32_t *words, int32_t id)
{
	return words[id / 32] & (1u << (id % 32));
}

static void test_names(void)
{
	for (int32_t id = 0; id < BV_HELPER_COUNT; id++) {
		CHECK(bv_helper_name(id) != NULL);
		CHECK(bv_helper_id(bv_helper_name(id)) == id);
	}
	CHECK(bv_helper_name(-1) == NULL);
	CHECK(bv_helper_name(BV_HELPER_COUNT) == NULL);
	CHECK_STR(bv_helper_name(131), "bpf_ringbuf_reserve");
}

static bool is_size(uint32_t t)
{
	uint32_t base = BV_BASE_TYPE(t);

	return base == BV_ARG_CONST_SIZE || base == BV_ARG_CONST_SIZE_OR_ZERO;
}

/* check_args_pair_invalid(): a memory argument is followed by its size
 * unless it has a fixed one, and only memory arguments are. */
static bool arg_pairs_ok(const struct bv_helper_proto *p)
{
	for (int i = 0; i < BV_HELPER_ARGS; i++) {
		bool next_size = i + 1 < BV_HELPER_ARGS &&
				 is_size(p->arg_type[i + 1]);
		bool fixed = p->arg_type[i] & BV_MEM_FIXED_SIZE;
		bool has_size = p->arg_size[i] != 0;

		if (BV_BASE_TYPE(p->arg_type[i]) != BV_ARG_PTR_TO_MEM) {
			if (next_size || has_size)
				return false;
		} else if (has_size == next_size || next_size == fixed) {
			return false;
		}
	}
	return true;
}

/* check_raw_mode_ok() and check_refcount_ok(): at most one uninitialized
 * memory argument, at most one released one. */
static bool counts_ok(const struct bv_helper_proto *p)
{
	int raw = 0, release = 0;

	for (int i = 0; i < BV_HELPER_ARGS; i++) {
		raw += BV_BASE_TYPE(p->arg_type[i]) == BV_ARG_PTR_TO_MEM &&
		       (p->arg_type[i] & BV_MEM_UNINIT);
		release += !!(p->arg_type[i] & BV_OBJ_RELEASE);
	}
	return raw <= 1 && release <= 1;
}

/* check_btf_id_ok(): BTF ids name the struct of PTR_TO_BTF_ID arguments
 * only; kptr_xchg's comes from the map (BPF_PTR_POISON). */
static bool btf_ids_ok(const struct bv_helper_proto *p)
{
	for (int i = 0; i < BV_HELPER_ARGS; i++) {
		bool btf = BV_BASE_TYPE(p->arg_type[i]) == BV_ARG_PTR_TO_BTF_ID;
		bool poison = btf && (p->arg_type[i] & BV_OBJ_RELEASE) &&
			      (p->arg_type[i] & BV_PTR_MAYBE_NULL);

		if (p->arg_btf[i] ? !btf : btf && !poison)
			return false;
	}
	return true;
}

/* Arguments end at the first ARG_DONTCARE. */
static bool args_contiguous(const struct bv_helper_proto *p)
{
	for (int i = 1; i < BV_HELPER_ARGS; i++)
		if (p->arg_type[i] && !p->arg_type[i - 1])
			return false;
	return true;
}

/* A returned memory region is sized by an argument; a returned BTF
 * pointer has a BTF type (kptr_xchg's comes from the map). */
static bool ret_ok(const struct bv_helper_proto *p)
{
	uint32_t base = BV_BASE_TYPE(p->ret_type);
	bool btf = base == BV_RET_PTR_TO_BTF_ID;

	if (base == BV_RET_PTR_TO_MEM && bv_helper_alloc_size_arg(p) < 0)
		return false;
	if (p->ret_btf && !btf)
		return false;
	return !btf || p->ret_btf ||
	       BV_BASE_TYPE(p->arg_type[0]) == BV_ARG_KPTR_XCHG_DEST;
}

static void check_proto(const struct bv_helper_proto *p, int32_t id)
{
	bool ok = arg_pairs_ok(p) && counts_ok(p) && btf_ids_ok(p) &&
		  args_contiguous(p) && ret_ok(p) && p->kernel_name;

	CHECK(ok);
	if (!ok)
		fprintf(stderr, "  bad prototype for %s\n", bv_helper_name(id));
}

/* Every distinct prototype any program type and attach type can get. */
static void test_protos(void)
{
	const struct bv_helper_proto *seen[2 * BV_HELPER_COUNT];
	size_t n = 0;

	CHECK(bv_helper_proto(0, 1) == NULL);
	CHECK(bv_helper_proto(-1, 1) == NULL);
	CHECK(bv_helper_proto(BV_HELPER_COUNT, 1) == NULL);
	for (int32_t id = 1; id < BV_HELPER_COUNT; id++) {
		size_t first = n;

		for (uint32_t t = 0; t < N_PROG_TYPES; t++) {
			for (uint32_t a = 0; a < N_ATTACH_TYPES; a++) {
				const struct bv_helper_proto *p =
					bv_helper_proto_attach(id, t, a);
				size_t i = first;

				while (i < n && seen[i] != p)
					i++;
				if (i == n && n < 2 * BV_HELPER_COUNT)
					seen[n++] = p;
			}
		}
		for (size_t i = first; i < n; i++)
			check_proto(seen[i], id);
	}
	CHECK(n > BV_HELPER_COUNT);
}

/* The helpers every program type needs most, by name. */
static const char *const core_helpers[] = {
	"bpf_map_lookup_elem", "bpf_map_update_elem", "bpf_map_delete_elem",
	"bpf_map_push_elem", "bpf_map_pop_elem", "bpf_map_peek_elem",
	"bpf_probe_read", "bpf_probe_read_kernel", "bpf_probe_read_user",
	"bpf_probe_read_kernel_str", "bpf_probe_read_user_str",
	"bpf_ktime_get_ns", "bpf_ktime_get_boot_ns", "bpf_ktime_get_coarse_ns",
	"bpf_trace_printk", "bpf_get_prandom_u32", "bpf_get_smp_processor_id",
	"bpf_get_numa_node_id", "bpf_get_current_pid_tgid",
	"bpf_get_current_uid_gid", "bpf_get_current_comm",
	"bpf_get_current_task", "bpf_perf_event_output", "bpf_skb_load_bytes",
	"bpf_skb_store_bytes", "bpf_l3_csum_replace", "bpf_l4_csum_replace",
	"bpf_redirect", "bpf_redirect_map", "bpf_xdp_adjust_head",
	"bpf_xdp_adjust_tail", "bpf_xdp_adjust_meta", "bpf_ringbuf_output",
	"bpf_ringbuf_reserve", "bpf_ringbuf_submit", "bpf_ringbuf_discard",
	"bpf_ringbuf_query", "bpf_tail_call", "bpf_get_stackid",
	"bpf_get_stack", "bpf_spin_lock", "bpf_spin_unlock",
	"bpf_sk_lookup_tcp", "bpf_sk_lookup_udp", "bpf_sk_release",
	"bpf_skc_lookup_tcp", "bpf_get_socket_cookie", "bpf_csum_diff",
	"bpf_snprintf", "bpf_loop", "bpf_for_each_map_elem", "bpf_timer_init",
	"bpf_timer_set_callback", "bpf_timer_start", "bpf_timer_cancel",
	"bpf_strncmp", "bpf_jiffies64", "bpf_send_signal",
	"bpf_override_return",
};

static void test_core_protos(void)
{
	for (size_t i = 0; i < sizeof(core_helpers) / sizeof(core_helpers[0]);
	     i++) {
		int id = bv_helper_id(core_helpers[i]);

		CHECK(id > 0 && bv_helper_proto(id, 1) != NULL);
	}
}

/* A few prototypes field by field, as the kernel writes them. */
static void test_proto_details(void)
{
	const struct bv_helper_proto *p = bv_helper_proto(131, 1);

	CHECK(p->ret_type == (BV_RET_PTR_TO_MEM | BV_PTR_MAYBE_NULL |
			      BV_MEM_RINGBUF));
	CHECK(bv_helper_alloc_size_arg(p) == 1);
	CHECK(bv_helper_proto(132, 1)->arg_type[0] ==
	      (BV_ARG_PTR_TO_RINGBUF_MEM | BV_OBJ_RELEASE));
	p = bv_helper_proto(1, 1);
	CHECK(p->ret_type == (BV_RET_PTR_TO_MAP_VALUE | BV_PTR_MAYBE_NULL));
	CHECK(p->arg_type[0] == BV_ARG_CONST_MAP_PTR && p->pkt_access);
	p = bv_helper_proto(113, 2);
	CHECK(p->arg_type[0] == BV_ARG_PTR_TO_UNINIT_MEM && p->gpl_only);
	CHECK(p->arg_type[1] == BV_ARG_CONST_SIZE_OR_ZERO);
	p = bv_helper_proto(105, 1);
	CHECK(p->arg_type[3] == (BV_ARG_PTR_TO_FIXED_SIZE_MEM | BV_MEM_UNINIT |
				 BV_MEM_WRITE | BV_MEM_ALIGNED));
	CHECK(p->arg_size[3] == 8);
	CHECK(bv_helper_proto(86, 3)->arg_type[0] ==
	      (BV_ARG_PTR_TO_BTF_ID_SOCK_COMMON | BV_OBJ_RELEASE));
	CHECK(bv_helper_proto(148, 1)->might_sleep);
	CHECK_STR(bv_helper_proto(137, 26)->ret_btf, "tcp_sock");
	/* variants chosen per program type and attach type */
	CHECK(bv_helper_proto(46, 1)->arg_type[0] == BV_ARG_PTR_TO_CTX);
	CHECK_STR(bv_helper_proto(46, 26)->kernel_name,
		  "bpf_get_socket_ptr_cookie_proto");
	CHECK(bv_helper_proto(8, 6)->allow_fastcall);
	CHECK(!bv_helper_proto(8, 1)->allow_fastcall);
	CHECK(bv_helper_proto(173, 2)->gpl_only);
	CHECK(!bv_helper_proto_attach(173, 2, 42)->gpl_only); /* kprobe_multi */
	CHECK(bv_helper_proto_attach(173, 2, 0)->gpl_only);
}

/* The measured table agrees with itself and with the prototypes. */
static void check_row(const struct bv_helper_access *row)
{
	CHECK(row->loadable[0] || !row->loadable[1]);
	CHECK(!bit(row->allowed[0], 0) && !bit(row->allowed[1], 0));
	for (int32_t id = 1; id < BV_HELPER_COUNT; id++) {
		const struct bv_helper_proto *p = bv_helper_proto_attach(
			id, row->prog_type, row->attach_type);
		bool root = bit(row->allowed[0], id);

		/* CAP_BPF alone never gets more than root */
		CHECK(root || !bit(row->allowed[1], id));
		if (!root)
			continue;
		CHECK(p != NULL);
		if (!row->gpl_required)
			CHECK(p->gpl_only == bit(row->gpl_only, id));
		if (!row->sleepable)
			CHECK(p->might_sleep == bit(row->might_sleep, id));
		CHECK(p->has_allowed_cb || !bit(row->not_in_probe, id));
	}
}

static void test_access_table(void)
{
	static const uint32_t required[] = { 1, 2, 3, 4, 5, 6, 7, 8, 17 };

	CHECK(bv_helper_access_count > 0);
	for (size_t i = 0; i < bv_helper_access_count; i++)
		check_row(&bv_helper_access_table[i]);
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		CHECK(bv_helper_access_find(required[i], 0, false) != NULL);
}

static void test_allowed(void)
{
	CHECK(bv_helper_allowed(35, 1, BV_PRIV_ROOT)); /* get_current_task */
	CHECK(!bv_helper_allowed(35, 1, BV_PRIV_BPF_ONLY)); /* needs perfmon */
	CHECK(bv_helper_allowed(1, 1, BV_PRIV_BPF_ONLY));
	CHECK(bv_helper_allowed(44, 6, BV_PRIV_ROOT));	/* xdp_adjust_head */
	CHECK(!bv_helper_allowed(44, 3, BV_PRIV_ROOT)); /* not in sched_cls */
	CHECK(!bv_helper_allowed(1, 2, BV_PRIV_BPF_ONLY)); /* kprobe: EPERM */
	CHECK(!bv_helper_allowed(0, 1, BV_PRIV_ROOT));
	CHECK(!bv_helper_allowed(BV_HELPER_COUNT, 1, BV_PRIV_ROOT));
	CHECK(bv_helper_allowed(6, 2, BV_PRIV_ROOT)); /* trace_printk */
}

static enum bv_helper_verdict check_call(int32_t id, uint32_t type,
					 uint32_t attach, bool sleepable,
					 bool gpl)
{
	struct bv_helper_caller c = {
		.prog_type = type,
		.attach_type = attach,
		.sleepable = sleepable,
		.gpl_compatible = gpl,
		.priv = BV_PRIV_ROOT,
	};

	return bv_helper_check(id, &c);
}

static void test_check(void)
{
	CHECK(check_call(212, 1, 0, false, true) == BV_HELPER_INVALID);
	CHECK(check_call(44, 3, 0, false, true) == BV_HELPER_DENIED);
	CHECK(check_call(35, 1, 0, false, false) == BV_HELPER_GPL);
	CHECK(check_call(35, 1, 0, false, true) == BV_HELPER_OK);
	CHECK(check_call(148, 2, 0, false, true) == BV_HELPER_MIGHT_SLEEP);
	CHECK(check_call(148, 2, 48, true, true) == BV_HELPER_OK);
	CHECK(check_call(147, 31, 0, true, true) == BV_HELPER_NOT_IN_PROBE);
	CHECK(check_call(173, 2, 42, false, false) == BV_HELPER_OK);
	CHECK(check_call(173, 2, 0, false, false) == BV_HELPER_GPL);
	/* fentry (tracing, trace_fentry) cannot be measured here: its row is
	 * tp_btf's plus the trampoline helpers (bpf_get_func_arg, 183), and
	 * bpf_d_path (147), which depends on the target, is not judged */
	CHECK(check_call(1, 26, 24, false, true) == BV_HELPER_OK);
	CHECK(check_call(183, 26, 24, false, true) == BV_HELPER_OK);
	CHECK(check_call(183, 26, 23, false, true) == BV_HELPER_DENIED);
	CHECK(check_call(147, 26, 24, false, true) == BV_HELPER_UNMEASURED);
	CHECK(check_call(1, 26, 24, true, true) == BV_HELPER_UNMEASURED);
	CHECK(check_call(1, 28, 0, false, true) == BV_HELPER_UNMEASURED);
	/* cgroup_skb egress was measured, ingress is the default row */
	CHECK(check_call(1, 8, 1, false, true) == BV_HELPER_OK);
}

static void test_messages(void)
{
	char buf[160];

	bv_helper_message(BV_HELPER_DENIED, 44, buf, sizeof(buf));
	CHECK_STR(buf, "program of this type cannot use helper "
		       "bpf_xdp_adjust_head#44");
	bv_helper_message(BV_HELPER_INVALID, 212, buf, sizeof(buf));
	CHECK_STR(buf, "invalid func unknown#212");
	bv_helper_message(BV_HELPER_INVALID, -1, buf, sizeof(buf));
	CHECK_STR(buf, "invalid func unknown#-1");
	bv_helper_message(BV_HELPER_GPL, 35, buf, sizeof(buf));
	CHECK_STR(buf, "cannot call GPL-restricted function from non-GPL "
		       "compatible program");
	bv_helper_message(BV_HELPER_MIGHT_SLEEP, 148, buf, sizeof(buf));
	CHECK_STR(buf, "helper call might sleep in a non-sleepable prog");
	bv_helper_message(BV_HELPER_NOT_IN_PROBE, 147, buf, sizeof(buf));
	CHECK_STR(buf, "helper call is not allowed in probe");
	CHECK(bv_helper_message(BV_HELPER_OK, 1, buf, sizeof(buf)) == 0);
	CHECK_STR(buf, "");
}

int main(void)
{
	test_names();
	test_protos();
	test_core_protos();
	test_proto_details();
	test_access_table();
	test_allowed();
	test_check();
	test_messages();
	return check_summary("helpers");
}
