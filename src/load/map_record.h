/* SPDX-License-Identifier: MIT */
/* The special fields of a map's value as the kernel finds them in the
 * value's BTF (btf_parse_fields, struct btf_record): spin locks, timers,
 * kptrs, graph roots and nodes, ... (map_record.c). */
#ifndef BV_LOAD_MAP_RECORD_H
#define BV_LOAD_MAP_RECORD_H

#include "load/program.h"

enum bv_field_kind {
	BV_FIELD_SPIN_LOCK,
	BV_FIELD_RES_SPIN_LOCK,
	BV_FIELD_TIMER,
	BV_FIELD_WORKQUEUE,
	BV_FIELD_TASK_WORK,
	BV_FIELD_KPTR, /* __kptr, __kptr_untrusted, __percpu_kptr */
	BV_FIELD_UPTR,
	BV_FIELD_LIST_HEAD,
	BV_FIELD_LIST_NODE,
	BV_FIELD_RB_ROOT,
	BV_FIELD_RB_NODE,
	BV_FIELD_REFCOUNT,
};

/* The tag of a kptr field. */
enum bv_kptr_kind { BV_KPTR_REF, BV_KPTR_UNREF, BV_KPTR_PERCPU };

struct bv_map_field {
	enum bv_field_kind kind;
	uint32_t off, size; /* bytes, in the map value */
	/* BV_FIELD_KPTR: its tag, and the struct it points to (its name in
	 * the object's BTF, which the kernel looks up in its own) */
	enum bv_kptr_kind kptr;
	const char *kptr_type;
};

/* BTF_FIELDS_MAX: with more special fields than this, btf_parse_fields
 * fails (-E2BIG) and the kernel's map has no record at all. */
#define BV_MAP_FIELDS_MAX 11

struct bv_map_record {
	struct bv_map_field f[BV_MAP_FIELDS_MAX];
	unsigned n;
	bool too_many; /* then n is 0, as the kernel's record is none */
	/* a value BTF too deep to walk: the record is incomplete */
	bool incomplete;
};

/* The record of map map_idx of prog (empty without value BTF). */
void bv_map_record(const bv_program *prog, int map_idx,
		   struct bv_map_record *rec);

/* btf_field_type_name: "bpf_spin_lock", "kptr", ... */
const char *bv_map_field_name(enum bv_field_kind kind);

/* The field [off, off + size) overlaps, or NULL. */
const struct bv_map_field *
bv_map_record_overlap(const struct bv_map_record *rec, int64_t lo, int64_t hi);

#endif
