/* SPDX-License-Identifier: MIT */
/* kptrs in map values (kptr.c). */
#ifndef BV_VERIFY_KPTR_H
#define BV_VERIFY_KPTR_H

#include "load/map_record.h"
#include "verify/env.h"

/* The kernel BTF id of the object a kptr field holds: 0, or
 * -BV_ENOTSUPP (logged) for what is not modelled. */
int bv_kptr_btf_id(struct bv_env *env, const struct bv_map_field *f,
		   uint32_t *btf_id);

/* check_map_kptr_access: the load or store insn of the kptr field f, at
 * the right offset and size already (check_map_access). */
int bv_check_map_kptr_access(struct bv_env *env, int value_regno,
			     const struct bv_insn *insn,
			     const struct bv_map_field *f);

/* map_kptr_match_type: whether register regno may be stored into f. */
int bv_map_kptr_match_type(struct bv_env *env, const struct bv_map_field *f,
			   unsigned regno);

/* process_kptr_func: bpf_kptr_xchg's destination, register regno, points
 * to a referenced kptr field, copied to *out. */
int bv_process_kptr_func(struct bv_env *env, unsigned regno,
			 struct bv_map_field *out);

#endif
