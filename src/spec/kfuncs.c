/* SPDX-License-Identifier: MIT */
/* Kfunc look-ups over the flags table (kfunc_flags.c) and the availability
 * table measured on the live kernel (kfunc_table.c). */
#include "spec/kfuncs.h"

#include <stdlib.h>
#include <string.h>

static int cmp_kfunc(const void *key, const void *elem)
{
	return strcmp(key, ((const struct bv_kfunc *)elem)->name);
}

static int cmp_avail(const void *key, const void *elem)
{
	return strcmp(key, ((const struct bv_kfunc_avail *)elem)->name);
}

const struct bv_kfunc *bv_kfunc_by_name(const char *name)
{
	if (!name)
		return NULL;
	return bsearch(name, bv_kfunc_table, bv_kfunc_count,
		       sizeof(bv_kfunc_table[0]), cmp_kfunc);
}

/* Program types whose kfunc sets' filters look at the attach type or
 * target, not only at the program type: kprobe (bpf_session_filter,
 * kernel/trace/bpf_trace.c: kprobe and uprobe sessions only), tracing
 * (tracing_iter_filter, net/core/filter.c: iterators only), ext and lsm
 * (attach targets of their own). struct_ops is not one here: its sets have
 * no per-member filter in this kernel (the member-filtered ones, bpf_qdisc
 * and sched_ext, are not built; the two measured tcp_congestion_ops members
 * agree). */
static bool target_dependent(uint32_t prog_type)
{
	/* kprobe, tracing, ext, lsm */
	static const uint32_t types[] = { 2, 26, 28, 29 };

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i] == prog_type)
			return true;
	return false;
}

static int find_exact(uint32_t prog_type, uint32_t attach_type,
		      int sleepable /* -1: either */)
{
	for (size_t i = 0; i < bv_kfunc_column_count; i++) {
		const struct bv_kfunc_column *c = &bv_kfunc_columns[i];

		if (c->prog_type == prog_type &&
		    c->attach_type == attach_type &&
		    (sleepable < 0 || c->sleepable == (sleepable == 1)))
			return (int)i;
	}
	return -1;
}

static int first_of_type(uint32_t prog_type)
{
	for (size_t i = 0; i < bv_kfunc_column_count; i++)
		if (bv_kfunc_columns[i].prog_type == prog_type)
			return (int)i;
	return -1;
}

int bv_kfunc_column_find(uint32_t prog_type, uint32_t attach_type,
			 bool sleepable)
{
	int col = find_exact(prog_type, attach_type, sleepable ? 1 : 0);

	if (col < 0)
		col = find_exact(prog_type, attach_type, -1);
	if (col < 0 && !target_dependent(prog_type))
		col = first_of_type(prog_type);
	return col;
}

bool bv_kfunc_in_column(const char *name, int col)
{
	const struct bv_kfunc_avail *a;

	if (!name || col < 0 || (size_t)col >= bv_kfunc_column_count)
		return false;
	a = bsearch(name, bv_kfunc_avail_table, bv_kfunc_avail_count,
		    sizeof(bv_kfunc_avail_table[0]), cmp_avail);
	return a && (a->allowed[col / 32] & (1u << (col % 32)));
}

bool bv_kfunc_allowed(const struct bv_kfunc *k, uint32_t prog_type,
		      uint32_t attach_type, bool sleepable)
{
	int col;

	if (!k)
		return false;
	col = bv_kfunc_column_find(prog_type, attach_type, sleepable);
	if (!bv_kfunc_in_column(k->name, col))
		return false;
	/* check_kfunc_call: "program must be sleepable to call sleepable
	 * kfunc", checked after the set look-up */
	return !(k->flags & BV_KF_SLEEPABLE) || sleepable;
}
