/* SPDX-License-Identifier: MIT */
/* Pointers into kernel objects typed by the kernel's BTF (PTR_TO_BTF_ID):
 * the struct walk of a load (btf_struct_access, kernel/bpf/btf.c), the
 * trust a walked pointer keeps (check_ptr_to_btf_access), and the context
 * of programs attached through BTF (btf_ctx_access). Linux 6.18. */
#ifndef BV_VERIFY_BTF_PTR_H
#define BV_VERIFY_BTF_PTR_H

#include "verify/env.h"

struct btf;
struct btf_type;
struct btf_param;

/* The BTF the program's PTR_TO_BTF_ID registers name: the target kernel's
 * (NULL without one). */
const struct btf *bv_env_kernel_btf(const struct bv_env *env);

/* btf_type_name: the name of a BTF type ("" when it has none). */
const char *bv_btf_type_name(const struct btf *btf, uint32_t id);

/* btf_type_skip_modifiers: follows typedef, const, volatile, restrict and
 * type tags; *res_id (when given) is the id reached. NULL on a bad id. */
const struct btf_type *bv_btf_skip_modifiers(const struct btf *btf, uint32_t id,
					     uint32_t *res_id);

/* btf_param_match_suffix: the parameter's name ends with suffix (and is
 * longer than it). */
bool bv_btf_param_has_suffix(const struct btf *btf, const struct btf_param *p,
			     const char *suffix);

/* btf_type_str: the kind as the kernel prints it ("STRUCT", "PTR", ...). */
const char *bv_btf_kind_str(const struct btf_type *t);

/* mark_btf_ld_reg: reg becomes what a load through a BTF pointer or a
 * BTF context argument yields. */
void bv_mark_btf_ld_reg(struct bv_env *env, struct bv_reg *reg,
			uint32_t reg_type, uint32_t btf_id);

/* check_ptr_to_btf_access: a load or store of size bytes at off through
 * register regno, a PTR_TO_BTF_ID that is not NULL; value_regno receives a
 * load. 0, or -errno with the kernel's message logged. */
int bv_check_ptr_to_btf_access(struct bv_env *env, unsigned regno, int off,
			       int size, bool write, int value_regno);

/* btf_struct_ids_match: whether a pointer to struct id at offset off
 * points to a struct need_id (the struct itself at offset 0, or, unless
 * strict, one nested at off through first members). */
bool bv_btf_struct_ids_match(struct bv_env *env, uint32_t id, int off,
			     uint32_t need_id, bool strict);

/* The id of the kernel struct named name (0 when there is none). */
uint32_t bv_btf_struct_id(const struct bv_env *env, const char *name);

/* in_rcu_cs: inside bpf_rcu_read_lock(), or in a non-sleepable program
 * (which runs in an RCU read-side section). */
bool bv_in_rcu_cs(const struct bv_env *env);

/* is_trusted_reg for a PTR_TO_BTF_ID: referenced, or trusted by its
 * flags (PTR_TRUSTED, MEM_ALLOC) and no other. */
bool bv_reg_is_trusted(const struct bv_reg *reg);

/* A context load of such a program (bpf_tracing_btf_ctx_access and
 * check_ctx_access): 0 and the loaded register set, or -errno. */
int bv_check_btf_ctx_access(struct bv_env *env, int off, int size, bool write,
			    int value_regno);

#endif
