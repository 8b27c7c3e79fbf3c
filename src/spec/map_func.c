/* SPDX-License-Identifier: MIT */
/* The tables of check_map_func_compatibility() and may_update_sockmap()
 * (kernel/bpf/verifier.c); the cases in tests/cases/map-func hold the live
 * kernel's verdicts. */
#include "spec/map_func.h"

#include <stdbool.h>
#include <stddef.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

enum {
	MAP_SOCKMAP = 15,
	MAP_SOCKHASH = 18,
	FUNC_MAP_UPDATE_ELEM = 2,
	FUNC_MAP_DELETE_ELEM = 3,
	PROG_TRACING = 26,
	ATTACH_TRACE_ITER = 28,
	ANY_ATTACH = UINT32_MAX,
};

/* The map's side: a map of this type goes only to these helpers. */
struct map_rule {
	uint32_t map_type;
	int32_t helpers[8];
};

static const struct map_rule map_rules[] = {
	{ 3, { 12 } },			      /* prog_array: tail_call */
	{ 4, { 22, 25, 111, 55, 121 } },	      /* perf_event_array: perf_event_read,
						 perf_event_output, skb_output,
						 perf_event_read_value, xdp_output */
	{ 27, { 130, 131, 134, 198, 199, 200 } }, /* ringbuf: output, reserve, query,
						 the dynptr variants */
	{ 31, { 209 } },		      /* user_ringbuf: user_ringbuf_drain */
	{ 7, { 27 } },			      /* stack_trace: get_stackid */
	{ 8, { 33, 37 } },		      /* cgroup_array: skb_under_cgroup,
						 current_task_under_cgroup */
	{ 19, { 81 } },			      /* cgroup_storage: get_local_storage */
	{ 21, { 81 } },			      /* percpu_cgroup_storage */
	{ 14, { 51, 1 } },		      /* devmap: redirect_map, lookup */
	{ 25, { 51, 1 } },		      /* devmap_hash */
	{ 16, { 51 } },			      /* cpumap: redirect_map */
	{ 17, { 51, 1 } },		      /* xskmap: redirect_map, lookup */
	{ 12, { 1 } },			      /* array_of_maps: lookup */
	{ 13, { 1 } },			      /* hash_of_maps: lookup */
	{ MAP_SOCKMAP, { 52, 53, 60, 82, 1 } },   /* sk_redirect_map, sock_map_update,
						 msg_redirect_map, sk_select_reuseport,
						 lookup; updates: below */
	{ MAP_SOCKHASH, { 72, 70, 71, 82, 1 } },  /* sk_redirect_hash, sock_hash_update,
						 msg_redirect_hash, sk_select_reuseport,
						 lookup; updates: below */
	{ 20, { 82 } },			      /* reuseport_sockarray: sk_select_reuseport */
	{ 22, { 89, 88, 87 } },		      /* queue: peek, pop, push */
	{ 23, { 89, 88, 87 } },		      /* stack */
	{ 24, { 107, 108, 194 } },	      /* sk_storage: get, delete, kptr_xchg */
	{ 28, { 145, 146, 194 } },	      /* inode_storage */
	{ 29, { 156, 157, 194 } },	      /* task_storage */
	{ 32, { 210, 211, 194 } },	      /* cgrp_storage */
	{ 30, { 89, 87 } },		      /* bloom_filter: peek, push */
};

/* The helper's side: this helper takes only maps of these types. */
struct func_rule {
	int32_t func_id;
	uint32_t map_types[4];
};

static const struct func_rule func_rules[] = {
	{ 12, { 3 } },		   /* tail_call: prog_array */
	{ 22, { 4 } },		   /* perf_event_read: perf_event_array */
	{ 25, { 4 } },		   /* perf_event_output */
	{ 55, { 4 } },		   /* perf_event_read_value */
	{ 111, { 4 } },		   /* skb_output */
	{ 121, { 4 } },		   /* xdp_output */
	{ 130, { 27 } },	   /* ringbuf_output: ringbuf */
	{ 131, { 27 } },	   /* ringbuf_reserve */
	{ 134, { 27 } },	   /* ringbuf_query */
	{ 198, { 27 } },	   /* ringbuf_reserve_dynptr */
	{ 199, { 27 } },	   /* ringbuf_submit_dynptr */
	{ 200, { 27 } },	   /* ringbuf_discard_dynptr */
	{ 209, { 31 } },	   /* user_ringbuf_drain: user_ringbuf */
	{ 27, { 7 } },		   /* get_stackid: stack_trace */
	{ 37, { 8 } },		   /* current_task_under_cgroup: cgroup_array */
	{ 33, { 8 } },		   /* skb_under_cgroup */
	{ 51, { 14, 25, 16, 17 } }, /* redirect_map: devmap, devmap_hash,
				      cpumap, xskmap */
	{ 52, { MAP_SOCKMAP } },   /* sk_redirect_map */
	{ 60, { MAP_SOCKMAP } },   /* msg_redirect_map */
	{ 53, { MAP_SOCKMAP } },   /* sock_map_update */
	{ 72, { MAP_SOCKHASH } },  /* sk_redirect_hash */
	{ 71, { MAP_SOCKHASH } },  /* msg_redirect_hash */
	{ 70, { MAP_SOCKHASH } },  /* sock_hash_update */
	{ 81, { 19, 21 } },	   /* get_local_storage: cgroup storages */
	{ 82, { 20, MAP_SOCKMAP, MAP_SOCKHASH } }, /* sk_select_reuseport */
	{ 88, { 22, 23 } },	   /* map_pop_elem: queue, stack */
	{ 89, { 22, 23, 30 } },	   /* map_peek_elem: queue, stack, bloom_filter */
	{ 87, { 22, 23, 30 } },	   /* map_push_elem */
	{ 195, { 6, 5, 10 } },	   /* map_lookup_percpu_elem: percpu_array,
				      percpu_hash, lru_percpu_hash */
	{ 107, { 24 } },	   /* sk_storage_get: sk_storage */
	{ 108, { 24 } },	   /* sk_storage_delete */
	{ 145, { 28 } },	   /* inode_storage_get: inode_storage */
	{ 146, { 28 } },	   /* inode_storage_delete */
	{ 156, { 29 } },	   /* task_storage_get: task_storage */
	{ 157, { 29 } },	   /* task_storage_delete */
	{ 210, { 32 } },	   /* cgrp_storage_get: cgrp_storage */
	{ 211, { 32 } },	   /* cgrp_storage_delete */
};

/* may_update_sockmap: the programs that cannot hold a locked socket may
 * update and delete sockmap entries; sock_ops may only delete (it updates
 * through bpf_sock_map_update), iterators over maps may do both. */
struct sockmap_rule {
	uint32_t prog_type;
	uint32_t attach_type; /* ANY_ATTACH: whatever it is */
	bool update, delete;
};

static const struct sockmap_rule sockmap_rules[] = {
	{ PROG_TRACING, ATTACH_TRACE_ITER, true, true },
	{ 13, ANY_ATTACH, false, true }, /* sock_ops */
	{ 1, ANY_ATTACH, true, true },	 /* socket_filter */
	{ 3, ANY_ATTACH, true, true },	 /* sched_cls */
	{ 4, ANY_ATTACH, true, true },	 /* sched_act */
	{ 6, ANY_ATTACH, true, true },	 /* xdp */
	{ 21, ANY_ATTACH, true, true },	 /* sk_reuseport */
	{ 22, ANY_ATTACH, true, true },	 /* flow_dissector */
	{ 30, ANY_ATTACH, true, true },	 /* sk_lookup */
};

static bool may_update_sockmap(int32_t func_id, uint32_t prog_type,
			       uint32_t attach_type)
{
	for (size_t i = 0; i < N_OF(sockmap_rules); i++) {
		const struct sockmap_rule *r = &sockmap_rules[i];

		if (r->prog_type != prog_type ||
		    (r->attach_type != ANY_ATTACH && r->attach_type != attach_type))
			continue;
		return func_id == FUNC_MAP_UPDATE_ELEM ? r->update : r->delete;
	}
	return false;
}

static bool in_helpers(const int32_t *list, size_t n, int32_t func_id)
{
	for (size_t i = 0; i < n && list[i]; i++)
		if (list[i] == func_id)
			return true;
	return false;
}

static bool in_map_types(const uint32_t *list, size_t n, uint32_t map_type)
{
	for (size_t i = 0; i < n && list[i]; i++)
		if (list[i] == map_type)
			return true;
	return false;
}

static enum bv_map_func_verdict check_map_side(uint32_t map_type,
					       int32_t func_id,
					       uint32_t prog_type,
					       uint32_t attach_type)
{
	for (size_t i = 0; i < N_OF(map_rules); i++) {
		const struct map_rule *r = &map_rules[i];
		bool sockmap = map_type == MAP_SOCKMAP || map_type == MAP_SOCKHASH;

		if (r->map_type != map_type ||
		    in_helpers(r->helpers, N_OF(r->helpers), func_id))
			continue;
		if (!sockmap || (func_id != FUNC_MAP_UPDATE_ELEM &&
				 func_id != FUNC_MAP_DELETE_ELEM))
			return BV_MAP_FUNC_INCOMPATIBLE;
		return may_update_sockmap(func_id, prog_type, attach_type)
			       ? BV_MAP_FUNC_OK
			       : BV_MAP_FUNC_SOCKMAP_CONTEXT;
	}
	return BV_MAP_FUNC_OK;
}

enum bv_map_func_verdict bv_map_func_check(uint32_t map_type, int32_t func_id,
					   uint32_t prog_type,
					   uint32_t attach_type)
{
	enum bv_map_func_verdict v =
		check_map_side(map_type, func_id, prog_type, attach_type);

	if (v != BV_MAP_FUNC_OK)
		return v;
	for (size_t i = 0; i < N_OF(func_rules); i++)
		if (func_rules[i].func_id == func_id &&
		    !in_map_types(func_rules[i].map_types,
				  N_OF(func_rules[i].map_types), map_type))
			return BV_MAP_FUNC_INCOMPATIBLE;
	return BV_MAP_FUNC_OK;
}
