/* SPDX-License-Identifier: MIT */
/* check_map_func_compatibility() of kernel/bpf/verifier.c as data: which
 * helpers each map type serves, which map types each helper takes, and
 * where a sockmap or sockhash may be changed through bpf_map_update_elem
 * and bpf_map_delete_elem (may_update_sockmap). Map types and helper ids
 * as include/uapi/linux/bpf.h numbers them. */
#ifndef BV_SPEC_MAP_FUNC_H
#define BV_SPEC_MAP_FUNC_H

#include <stdint.h>

#define BV_MSG_MAP_FUNC "cannot pass map_type %u into func %s#%d"
#define BV_MSG_SOCKMAP_CONTEXT "cannot update sockmap in this context"

enum bv_map_func_verdict {
	BV_MAP_FUNC_OK = 0,
	BV_MAP_FUNC_INCOMPATIBLE, /* BV_MSG_MAP_FUNC */
	/* a sockmap update or delete the program type may not do: the
	 * kernel logs BV_MSG_SOCKMAP_CONTEXT, then BV_MSG_MAP_FUNC */
	BV_MAP_FUNC_SOCKMAP_CONTEXT,
};

/* The verdict for a call of helper func_id with a map of map_type, made by
 * a program of prog_type loaded with expected attach type attach_type. */
enum bv_map_func_verdict bv_map_func_check(uint32_t map_type, int32_t func_id,
					   uint32_t prog_type,
					   uint32_t attach_type);

#endif
