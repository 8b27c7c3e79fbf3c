/* SPDX-License-Identifier: MIT */
/* The special fields of a map value, found in the object's BTF as the
 * kernel finds them (btf_get_field_type: a struct named bpf_spin_lock,
 * bpf_timer, ..., a pointer tagged __kptr or __uptr), in the value struct,
 * the structs and arrays nested in it, or the variables of a global data
 * section. */
#include "load/map_record.h"

#include <bpf/btf.h>
#include <string.h>

#define MAX_DEPTH 32

static const struct {
	const char *name;
	enum bv_field_kind kind;
} field_structs[] = {
	{ "bpf_spin_lock", BV_FIELD_SPIN_LOCK },
	{ "bpf_res_spin_lock", BV_FIELD_RES_SPIN_LOCK },
	{ "bpf_timer", BV_FIELD_TIMER },
	{ "bpf_wq", BV_FIELD_WORKQUEUE },
	{ "bpf_task_work", BV_FIELD_TASK_WORK },
	{ "bpf_list_head", BV_FIELD_LIST_HEAD },
	{ "bpf_list_node", BV_FIELD_LIST_NODE },
	{ "bpf_rb_root", BV_FIELD_RB_ROOT },
	{ "bpf_rb_node", BV_FIELD_RB_NODE },
	{ "bpf_refcount", BV_FIELD_REFCOUNT },
};

const char *bv_map_field_name(enum bv_field_kind kind)
{
	if (kind == BV_FIELD_KPTR)
		return "kptr";
	if (kind == BV_FIELD_UPTR)
		return "uptr";
	for (size_t i = 0; i < sizeof(field_structs) / sizeof(field_structs[0]);
	     i++)
		if (field_structs[i].kind == kind)
			return field_structs[i].name;
	return "unknown";
}

static struct bv_map_field *add_field(struct bv_map_record *rec,
				      enum bv_field_kind kind, uint32_t off,
				      uint32_t size)
{
	if (rec->n == BV_MAP_FIELDS_MAX) {
		rec->too_many = true;
		return NULL;
	}
	rec->f[rec->n] =
		(struct bv_map_field){ .kind = kind, .off = off, .size = size };
	return &rec->f[rec->n++];
}

static const struct btf_type *skip_mods(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	for (int d = 0;
	     t && d < MAX_DEPTH && (btf_is_mod(t) || btf_is_typedef(t)); d++)
		t = btf__type_by_id(btf, t->type);
	return t;
}

static const struct {
	const char *tag;
	enum bv_field_kind kind;
	enum bv_kptr_kind kptr;
} ptr_tags[] = {
	{ "kptr", BV_FIELD_KPTR, BV_KPTR_REF },
	{ "kptr_untrusted", BV_FIELD_KPTR, BV_KPTR_UNREF },
	{ "percpu_kptr", BV_FIELD_KPTR, BV_KPTR_PERCPU },
	{ "uptr", BV_FIELD_UPTR, BV_KPTR_REF },
};

/* The field a pointer tagged kptr, kptr_untrusted, percpu_kptr or uptr
 * is, with the struct it points to. */
static void tagged_ptr(const struct btf *btf, const struct btf_type *ptr,
		       uint32_t off, struct bv_map_record *rec)
{
	const struct btf_type *t = btf__type_by_id(btf, ptr->type);

	for (int d = 0; t && d < MAX_DEPTH && btf_is_mod(t); d++) {
		const char *tag = btf__name_by_offset(btf, t->name_off);

		for (size_t i = 0; btf_is_type_tag(t) && tag &&
				   i < sizeof(ptr_tags) / sizeof(ptr_tags[0]);
		     i++) {
			const struct btf_type *target = skip_mods(btf, t->type);
			struct bv_map_field *f;

			if (strcmp(tag, ptr_tags[i].tag))
				continue;
			f = add_field(rec, ptr_tags[i].kind, off, 8);
			if (!f)
				return;
			f->kptr = ptr_tags[i].kptr;
			f->kptr_type = target ? btf__name_by_offset(
							btf, target->name_off)
					      : NULL;
			return;
		}
		t = btf__type_by_id(btf, t->type);
	}
}

static void visit(const struct btf *btf, uint32_t id, uint32_t off,
		  struct bv_map_record *rec, int depth);

static void visit_members(const struct btf *btf, const struct btf_type *t,
			  uint32_t off, struct bv_map_record *rec, int depth)
{
	for (uint16_t i = 0; i < btf_vlen(t); i++) {
		if (btf_member_bitfield_size(t, i))
			continue;
		visit(btf, btf_members(t)[i].type,
		      off + btf_member_bit_offset(t, i) / 8, rec, depth + 1);
	}
}

static void visit_array(const struct btf *btf, const struct btf_type *t,
			uint32_t off, struct bv_map_record *rec, int depth)
{
	const struct btf_array *a = btf_array(t);
	int64_t esz = btf__resolve_size(btf, a->type);
	unsigned before = rec->n;

	if (esz <= 0 || !a->nelems)
		return;
	visit(btf, a->type, off, rec, depth + 1);
	if (rec->n == before)
		return; /* no special field in the element */
	for (uint32_t i = 1; i < a->nelems && !rec->too_many; i++)
		visit(btf, a->type, off + i * (uint32_t)esz, rec, depth + 1);
}

static void visit(const struct btf *btf, uint32_t id, uint32_t off,
		  struct bv_map_record *rec, int depth)
{
	const struct btf_type *t = skip_mods(btf, id);
	const char *name;

	if (!t || depth > MAX_DEPTH) {
		rec->incomplete = rec->incomplete || depth > MAX_DEPTH;
		return;
	}
	if (btf_is_ptr(t)) {
		tagged_ptr(btf, t, off, rec);
		return;
	}
	if (btf_is_array(t)) {
		visit_array(btf, t, off, rec, depth);
		return;
	}
	if (btf_is_datasec(t)) {
		for (uint16_t i = 0; i < btf_vlen(t); i++) {
			const struct btf_var_secinfo *v =
				&btf_var_secinfos(t)[i];
			const struct btf_type *var =
				btf__type_by_id(btf, v->type);

			if (var && btf_is_var(var))
				visit(btf, var->type, off + v->offset, rec,
				      depth + 1);
		}
		return;
	}
	if (!btf_is_struct(t) && !btf_is_union(t))
		return;
	name = btf__name_by_offset(btf, t->name_off);
	for (size_t i = 0;
	     name && i < sizeof(field_structs) / sizeof(field_structs[0]);
	     i++) {
		if (!strcmp(name, field_structs[i].name)) {
			add_field(rec, field_structs[i].kind, off, t->size);
			return;
		}
	}
	visit_members(btf, t, off, rec, depth);
}

void bv_map_record(const bv_program *prog, int map_idx,
		   struct bv_map_record *rec)
{
	const struct btf *btf = prog->btf ? prog->btf->btf : NULL;

	memset(rec, 0, sizeof(*rec));
	if (!btf || map_idx < 0 || (size_t)map_idx >= prog->n_maps ||
	    !prog->map_extra[map_idx].btf_value_type_id)
		return;
	visit(btf, prog->map_extra[map_idx].btf_value_type_id, 0, rec, 0);
	if (rec->too_many)
		rec->n = 0;
}

const struct bv_map_field *
bv_map_record_overlap(const struct bv_map_record *rec, int64_t lo, int64_t hi)
{
	for (unsigned i = 0; i < rec->n; i++)
		if (lo < (int64_t)rec->f[i].off + rec->f[i].size &&
		    (int64_t)rec->f[i].off < hi)
			return &rec->f[i];
	return NULL;
}
