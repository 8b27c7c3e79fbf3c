/* SPDX-License-Identifier: MIT */
/* The kfunc tables (src/spec/kfuncs.h): look-ups, the flags of well-known
 * kfuncs, the availability rules, and the facts the running kernel's BTF
 * (/sys/kernel/btf/vmlinux, read without bpf()) shows of every kfunc: that
 * it has a row, its KF_FASTCALL (pahole's "bpf_fastcall" tag) and KF_ARENA_*
 * flags (address_space(1) pointers). */
#include "check.h"
#include "spec/kfuncs.h"

#include <bpf/btf.h>
#include <stdlib.h>

/* enum bpf_prog_type and bpf_attach_type values used below */
enum {
	SOCKET_FILTER = 1,
	KPROBE = 2,
	XDP = 6,
	CGROUP_SOCK_ADDR = 18,
	TRACING = 26,
	STRUCT_OPS = 27,
	EXT = 28,
	LSM = 29,
	SYSCALL = 31,
	TRACE_RAW_TP = 23,
	TRACE_FENTRY = 24,
	TRACE_ITER = 28,
	LSM_MAC = 27,
	TRACE_KPROBE_SESSION = 56,
	TRACE_UPROBE_SESSION = 57,
};

static uint32_t flags_of(const char *name)
{
	const struct bv_kfunc *k = bv_kfunc_by_name(name);

	CHECK(k != NULL);
	return k ? k->flags : 0xffffffffu;
}

static void test_bits(void)
{
	/* include/linux/btf.h */
	CHECK(BV_KF_ACQUIRE == 1u && BV_KF_RELEASE == 2u);
	CHECK(BV_KF_RET_NULL == 4u && BV_KF_TRUSTED_ARGS == 16u);
	CHECK(BV_KF_SLEEPABLE == 32u && BV_KF_DESTRUCTIVE == 64u);
	CHECK(BV_KF_RCU == 128u && BV_KF_ITER_NEW == 256u);
	CHECK(BV_KF_ITER_NEXT == 512u && BV_KF_ITER_DESTROY == 1024u);
	CHECK(BV_KF_RCU_PROTECTED == 2048u && BV_KF_FASTCALL == 4096u);
	CHECK(BV_KF_ARENA_RET == 8192u && BV_KF_ARENA_ARG1 == 16384u &&
	      BV_KF_ARENA_ARG2 == 32768u);
}

static void test_lookup(void)
{
	const struct bv_kfunc *k = bv_kfunc_by_name("bpf_task_acquire");

	CHECK(k && !strcmp(k->name, "bpf_task_acquire"));
	CHECK(bv_kfunc_by_name("bpf_no_such_kfunc") == NULL);
	CHECK(bv_kfunc_by_name("bpf_map_lookup_elem") == NULL); /* a helper */
	CHECK(bv_kfunc_by_name("") == NULL);
	CHECK(bv_kfunc_by_name(NULL) == NULL);
	CHECK(bv_kfunc_by_name(bv_kfunc_table[0].name) == &bv_kfunc_table[0]);
	CHECK(bv_kfunc_by_name(bv_kfunc_table[bv_kfunc_count - 1].name) ==
	      &bv_kfunc_table[bv_kfunc_count - 1]);
}

static void test_flags(void)
{
	CHECK(flags_of("bpf_task_acquire") ==
	      (BV_KF_ACQUIRE | BV_KF_RCU | BV_KF_RET_NULL));
	CHECK(flags_of("bpf_task_release") == BV_KF_RELEASE);
	CHECK(flags_of("bpf_rcu_read_lock") == 0);
	CHECK(flags_of("bpf_iter_num_new") == BV_KF_ITER_NEW);
	CHECK(flags_of("bpf_iter_num_next") ==
	      (BV_KF_ITER_NEXT | BV_KF_RET_NULL));
	CHECK(flags_of("bpf_iter_num_destroy") == BV_KF_ITER_DESTROY);
	CHECK(flags_of("bpf_iter_task_new") ==
	      (BV_KF_ITER_NEW | BV_KF_TRUSTED_ARGS | BV_KF_RCU_PROTECTED));
	CHECK(flags_of("bpf_obj_new_impl") == (BV_KF_ACQUIRE | BV_KF_RET_NULL));
	CHECK(flags_of("bpf_obj_drop_impl") == BV_KF_RELEASE);
	CHECK(flags_of("bpf_ct_insert_entry") ==
	      (BV_KF_ACQUIRE | BV_KF_RET_NULL | BV_KF_RELEASE));
	CHECK(flags_of("bpf_lookup_user_key") ==
	      (BV_KF_ACQUIRE | BV_KF_RET_NULL | BV_KF_SLEEPABLE));
	CHECK(flags_of("bpf_cast_to_kern_ctx") == BV_KF_FASTCALL);
	CHECK(flags_of("bpf_cpumask_first") == BV_KF_RCU);
	CHECK(flags_of("bpf_cpumask_acquire") ==
	      (BV_KF_ACQUIRE | BV_KF_TRUSTED_ARGS));
	CHECK(flags_of("bpf_arena_alloc_pages") ==
	      (BV_KF_TRUSTED_ARGS | BV_KF_SLEEPABLE | BV_KF_ARENA_RET |
	       BV_KF_ARENA_ARG2));
	CHECK(flags_of("bpf_stream_vprintk_impl") == BV_KF_TRUSTED_ARGS);
	CHECK(flags_of("bpf_res_spin_lock") == BV_KF_RET_NULL);
	CHECK(flags_of("css_rstat_flush") == BV_KF_SLEEPABLE);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* The tables are sorted and agree on their names; the iterator kfuncs
 * carry the flag of their role (the verifier also matches the names:
 * is_iter_kfunc, "bpf_iter_<type>_new"). */
static void test_tables(void)
{
	CHECK(bv_kfunc_count == bv_kfunc_avail_count);
	for (size_t i = 0; i < bv_kfunc_count; i++) {
		const char *name = bv_kfunc_table[i].name;
		uint32_t f = bv_kfunc_table[i].flags;

		if (i)
			CHECK(strcmp(bv_kfunc_table[i - 1].name, name) < 0);
		if (i < bv_kfunc_avail_count)
			CHECK_STR(bv_kfunc_avail_table[i].name, name);
		if (strncmp(name, "bpf_iter_", 9))
			continue;
		CHECK(!!(f & BV_KF_ITER_NEW) == ends_with(name, "_new"));
		CHECK(!!(f & BV_KF_ITER_NEXT) == ends_with(name, "_next"));
		CHECK(!!(f & BV_KF_ITER_DESTROY) ==
		      ends_with(name, "_destroy"));
	}
	CHECK(bv_kfunc_column_count <= BV_KFUNC_COLUMN_WORDS * 32);
}

static void test_allowed(void)
{
	const struct bv_kfunc *acq = bv_kfunc_by_name("bpf_task_acquire");
	const struct bv_kfunc *key = bv_kfunc_by_name("bpf_lookup_user_key");
	const struct bv_kfunc *rcu = bv_kfunc_by_name("bpf_rcu_read_lock");
	const struct bv_kfunc *ses = bv_kfunc_by_name("bpf_session_cookie");
	const struct bv_kfunc *sd = bv_kfunc_by_name("bpf_sock_destroy");
	const struct bv_kfunc *fs = bv_kfunc_by_name("bpf_get_file_xattr");

	CHECK(bv_kfunc_allowed(acq, TRACING, TRACE_RAW_TP, false));
	CHECK(!bv_kfunc_allowed(acq, SOCKET_FILTER, 0, false));
	CHECK(bv_kfunc_allowed(acq, XDP, 0, false));
	CHECK(!bv_kfunc_allowed(NULL, XDP, 0, false));
	/* the common set: every program type */
	CHECK(bv_kfunc_allowed(rcu, SOCKET_FILTER, 0, false));
	CHECK(bv_kfunc_allowed(rcu, CGROUP_SOCK_ADDR, 0, false));
	/* KF_SLEEPABLE: only from a sleepable program */
	CHECK(bv_kfunc_allowed(key, SYSCALL, 0, true));
	CHECK(!bv_kfunc_allowed(key, TRACING, TRACE_ITER, false));
	CHECK(bv_kfunc_allowed(key, TRACING, TRACE_ITER, true));
	/* filters: session kfuncs for kprobe sessions, bpf_sock_destroy for
	 * iterators, the fs kfuncs for LSM programs */
	CHECK(bv_kfunc_allowed(ses, KPROBE, TRACE_KPROBE_SESSION, false));
	CHECK(!bv_kfunc_allowed(ses, KPROBE, 0, false));
	CHECK(bv_kfunc_allowed(ses, KPROBE, TRACE_UPROBE_SESSION, true));
	CHECK(bv_kfunc_column_find(KPROBE, 999, false) < 0);
	CHECK(bv_kfunc_allowed(sd, TRACING, TRACE_ITER, false));
	CHECK(!bv_kfunc_allowed(sd, TRACING, TRACE_RAW_TP, false));
	CHECK(bv_kfunc_allowed(fs, LSM, LSM_MAC, true));
	CHECK(!bv_kfunc_allowed(fs, LSM, LSM_MAC, false)); /* KF_SLEEPABLE */
	CHECK(!bv_kfunc_allowed(fs, TRACING, TRACE_FENTRY, true));
}

static void test_columns(void)
{
	int col = bv_kfunc_column_find(TRACING, TRACE_FENTRY, false);

	CHECK(col >= 0 && !bv_kfunc_columns[col].measured);
	col = bv_kfunc_column_find(TRACING, TRACE_RAW_TP, false);
	CHECK(col >= 0 && bv_kfunc_columns[col].measured);
	col = bv_kfunc_column_find(SYSCALL, 0, false); /* measured sleepable */
	CHECK(col >= 0 && bv_kfunc_columns[col].sleepable);
	/* an attach type not measured: the type's first column, except
	 * where the sets depend on the attach target */
	col = bv_kfunc_column_find(CGROUP_SOCK_ADDR, 999, false);
	CHECK(col >= 0 && bv_kfunc_columns[col].prog_type == CGROUP_SOCK_ADDR);
	CHECK(bv_kfunc_column_find(TRACING, 999, false) < 0);
	/* struct_ops: any member (the sets have no member filter) */
	col = bv_kfunc_column_find(STRUCT_OPS, 7, false);
	CHECK(col >= 0 && bv_kfunc_columns[col].prog_type == STRUCT_OPS);
	CHECK(bv_kfunc_column_find(EXT, 0, false) < 0);
	CHECK(bv_kfunc_column_find(12345, 0, false) < 0);
	CHECK(!bv_kfunc_in_column("bpf_rcu_read_lock", -1));
	CHECK(!bv_kfunc_in_column("bpf_rcu_read_lock",
				  (int)bv_kfunc_column_count));
	CHECK(!bv_kfunc_in_column("bpf_no_such_kfunc", 0));
	CHECK(bv_kfunc_in_column("bpf_rcu_read_lock", 0));
}

/* Whether type id is a pointer to address_space(1) (an arena pointer). */
static bool arena_ptr(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	if (!t || !btf_is_ptr(t))
		return false;
	t = btf__type_by_id(btf, t->type);
	return t && btf_is_type_tag(t) &&
	       !strcmp(btf__name_by_offset(btf, t->name_off),
		       "address_space(1)");
}

/* The flags BTF shows for func id: KF_FASTCALL, KF_ARENA_*. */
static uint32_t btf_flags(const struct btf *btf, uint32_t func, bool fastcall)
{
	const struct btf_type *proto =
		btf__type_by_id(btf, btf__type_by_id(btf, func)->type);
	const struct btf_param *p = btf_params(proto);
	uint32_t f = fastcall ? BV_KF_FASTCALL : 0;

	if (arena_ptr(btf, proto->type))
		f |= BV_KF_ARENA_RET;
	if (btf_vlen(proto) > 0 && arena_ptr(btf, p[0].type))
		f |= BV_KF_ARENA_ARG1;
	if (btf_vlen(proto) > 1 && arena_ptr(btf, p[1].type))
		f |= BV_KF_ARENA_ARG2;
	return f;
}

/* Marks in tagged[] the types that carry a DECL_TAG named tag. */
static void mark_tagged(const struct btf *btf, const char *tag, bool *tagged)
{
	for (uint32_t i = 1; i < btf__type_cnt(btf); i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);

		if (btf_is_decl_tag(t) && t->type < btf__type_cnt(btf) &&
		    !strcmp(btf__name_by_offset(btf, t->name_off), tag))
			tagged[t->type] = true;
	}
}

/* Every kfunc of the running kernel has a row, with the flags its BTF
 * shows; returns how many kfuncs it has (0: no BTF here). */
static unsigned test_btf(void)
{
	struct btf *btf = btf__parse("/sys/kernel/btf/vmlinux", NULL);
	const uint32_t shown = BV_KF_FASTCALL | BV_KF_ARENA_RET |
			       BV_KF_ARENA_ARG1 | BV_KF_ARENA_ARG2;
	unsigned n = 0;
	bool *kfunc, *fastcall;

	if (!btf)
		return 0;
	kfunc = calloc(btf__type_cnt(btf), sizeof(bool));
	fastcall = calloc(btf__type_cnt(btf), sizeof(bool));
	if (!kfunc || !fastcall) {
		CHECK(!"out of memory");
		goto out;
	}
	mark_tagged(btf, "bpf_kfunc", kfunc);
	mark_tagged(btf, "bpf_fastcall", fastcall);
	for (uint32_t i = 1; i < btf__type_cnt(btf); i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);
		const struct bv_kfunc *k;
		const char *name;
		char what[160], ours[16], theirs[16];
		uint32_t f;

		if (!btf_is_func(t) || !kfunc[i])
			continue;
		n++;
		name = btf__name_by_offset(btf, t->name_off);
		k = bv_kfunc_by_name(name);
		snprintf(what, sizeof(what), "%s has a flags row", name);
		if (!check_kernel(k != NULL, what, "no row", "a kfunc"))
			fprintf(stderr, "  %s: no row\n", name);
		if (!k)
			continue;
		f = btf_flags(btf, i, fastcall[i]);
		snprintf(what, sizeof(what), "%s fastcall/arena flags", name);
		snprintf(ours, sizeof(ours), "0x%x", k->flags & shown);
		snprintf(theirs, sizeof(theirs), "0x%x", f);
		if (!check_kernel((k->flags & shown) == f, what, ours, theirs))
			fprintf(stderr, "  %s: table 0x%x, BTF 0x%x\n", name,
				k->flags & shown, f);
	}
out:
	free(kfunc);
	free(fastcall);
	btf__free(btf);
	if (!check_kernel(n == bv_kfunc_count, "kfunc count", "table", "BTF"))
		fprintf(stderr, "  BTF has %u kfuncs, the table %zu\n", n,
			bv_kfunc_count);
	return n;
}

int main(void)
{
	unsigned skipped = 0;

	test_bits();
	test_lookup();
	test_flags();
	test_tables();
	test_allowed();
	test_columns();
	if (!test_btf())
		skipped++;
	return check_kernel_summary("kfuncs", skipped);
}
