/* SPDX-License-Identifier: MIT */
/* State pruning (is_state_visited, states_equal, regsafe, stacksafe,
 * refsafe of kernel/bpf/verifier.c). */
#ifndef BV_VERIFY_PRUNE_H
#define BV_VERIFY_PRUNE_H

#include "verify/state.h"

struct bv_env;
struct idmap;

/* A saved state at an instruction (struct bpf_verifier_state_list). */
struct bv_state_list {
	struct bv_vstate st;
	uint32_t hit_cnt;
	uint32_t miss_cnt;
	/* unlinked from its instruction's list but still needed (a path
	 * continues from it): on env->evicted, where prev links back */
	bool evicted;
	struct bv_state_list *next, *prev;
};

/* is_state_visited: 1 when the current state at insn_idx is covered by an
 * explored one (the path can stop), 0 to go on, < 0 on error. */
int bv_is_state_visited(struct bv_env *env, int insn_idx);

/* update_branch_counts: a path from st ended. 0 or a negative errno. */
int bv_update_branch_counts(struct bv_env *env, struct bv_vstate *st);

void bv_explored_free(struct bv_env *env);
/* free_states between two passes of do_check_common: the explored states
 * go, the counts of the statistics stay */
void bv_explored_clear(struct bv_env *env);

/* Bytes for the scratch map states_equal uses. */
size_t bv_idmap_size(void);

#endif
