/* SPDX-License-Identifier: MIT */
/* Maps and externs of an object: BTF-defined maps in .maps
 * (parse_btf_map_def), global data maps (bpf_object__init_internal_map),
 * externs (bpf_object__collect_externs) and the .kconfig map with its
 * values (bpf_object__read_kconfig_file), as libbpf builds them. */
#include "load/elf.h"

#include <bpf/btf.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <zlib.h>

#define MAP_ARRAY 2
#define MAP_PROG_ARRAY 3
#define MAP_ARRAY_OF_MAPS 12
#define MAP_HASH_OF_MAPS 13
#define MAP_PERF_EVENT_ARRAY 4
#define MAP_RINGBUF 27
#define MAP_USER_RINGBUF 31
#define F_RDONLY_PROG (1u << 7) /* BPF_F_RDONLY_PROG */
#define F_MMAPABLE (1u << 10)   /* BPF_F_MMAPABLE */
#define PAGE_SIZE 4096u
#define MAX_GLOBAL_DATA (64u << 20) /* bytes of a global data section */

static struct bv_obj_map *add_map(struct bv_elf_obj *o, const char *name)
{
	struct bv_obj_map *m;

	if (o->n_maps >= BV_MAX_MAPS) {
		bv_elf_fail(o, "more than %d maps", BV_MAX_MAPS);
		return NULL;
	}
	m = &o->maps[o->n_maps];
	memset(m, 0, sizeof(*m));
	snprintf(m->def.name, sizeof(m->def.name), "%s", name);
	m->def.fd = (int)o->n_maps; /* instructions name maps by index */
	o->n_maps++;
	return m;
}

/* get_map_field_int: int (*name)[N] encodes N */
static int field_int(struct bv_elf_obj *o, const char *map,
		     const struct btf_member *m, uint32_t *out)
{
	const struct btf_type *t = bv_btf_skip_mods(o->btf, m->type, NULL);
	const struct btf_type *arr = t && btf_is_ptr(t)
					     ? btf__type_by_id(o->btf, t->type)
					     : NULL;

	if (!arr || !btf_is_array(arr))
		return bv_elf_fail(o, "map '%s': attribute '%s' is not __uint()/__type() (a pointer to an array)",
				   map, btf__name_by_offset(o->btf, m->name_off));
	*out = btf_array(arr)->nelems;
	return 0;
}

static int type_size(struct bv_elf_obj *o, const char *map, const char *what,
		     const struct btf_member *m, uint32_t *size, uint32_t *id)
{
	const struct btf_type *t = btf__type_by_id(o->btf, m->type);
	long long sz;

	if (!t || !btf_is_ptr(t))
		return bv_elf_fail(o, "map '%s': %s is not a pointer type", map, what);
	sz = btf__resolve_size(o->btf, t->type);
	if (sz < 0 || sz > UINT32_MAX)
		return bv_elf_fail(o, "map '%s': cannot size the %s type", map, what);
	if (*size && *size != sz)
		return bv_elf_fail(o, "map '%s': conflicting %s size %u != %lld",
				   map, what, *size, sz);
	*size = (uint32_t)sz;
	*id = t->type;
	return 0;
}

struct map_def {
	struct bv_map_def def;
	uint32_t key_type_id, value_type_id;
	uint32_t map_extra;
	bool has_inner;
	struct bv_map_def inner;
};

static int parse_def(struct bv_elf_obj *o, const char *map,
		     const struct btf_type *def_t, struct map_def *d,
		     bool inner);

/* values: a zero-length array of pointers to an inner map definition
 * (map-in-map) or to a function prototype (prog array) */
static int parse_values(struct bv_elf_obj *o, const char *map,
			const struct btf_member *m, bool last, bool inner,
			struct map_def *d)
{
	const struct btf_type *t = btf__type_by_id(o->btf, m->type);
	bool mim = d->def.type == MAP_ARRAY_OF_MAPS || d->def.type == MAP_HASH_OF_MAPS;
	struct map_def in = { 0 };
	char name[BV_MAP_NAME_LEN + 8];

	if (inner || !last || (!mim && d->def.type != MAP_PROG_ARRAY))
		return bv_elf_fail(o, "map '%s': misplaced 'values' (it must be last, in a map-in-map or prog array)",
				   map);
	if (d->def.value_size && d->def.value_size != 4)
		return bv_elf_fail(o, "map '%s': conflicting value size %u != 4",
				   map, d->def.value_size);
	d->def.value_size = 4;
	if (!t || !btf_is_array(t) || btf_array(t)->nelems)
		return bv_elf_fail(o, "map '%s': 'values' is not a zero-sized array", map);
	t = bv_btf_skip_mods(o->btf, btf_array(t)->type, NULL);
	t = t && btf_is_ptr(t) ? bv_btf_skip_mods(o->btf, t->type, NULL) : NULL;
	if (!mim)
		return t && btf_is_func_proto(t) ? 0
			 : bv_elf_fail(o, "map '%s': prog array values are not function pointers", map);
	if (!t || !btf_is_struct(t))
		return bv_elf_fail(o, "map '%s': inner map definition is not a struct", map);
	snprintf(name, sizeof(name), "%s.inner", map);
	if (parse_def(o, name, t, &in, true))
		return -1;
	d->has_inner = true;
	d->inner = in.def;
	snprintf(d->inner.name, sizeof(d->inner.name), "%.*s.inner",
		 (int)(sizeof(d->inner.name) - 7), map);
	return 0;
}

static int parse_member(struct bv_elf_obj *o, const char *map,
			const struct btf_member *m, bool last, bool inner,
			struct map_def *d)
{
	const char *n = btf__name_by_offset(o->btf, m->name_off);
	uint32_t v, unused;

	if (!strcmp(n, "type"))
		return field_int(o, map, m, &d->def.type);
	if (!strcmp(n, "max_entries"))
		return field_int(o, map, m, &d->def.max_entries);
	if (!strcmp(n, "map_flags"))
		return field_int(o, map, m, &d->def.flags);
	if (!strcmp(n, "numa_node") || !strcmp(n, "pinning"))
		return field_int(o, map, m, &v); /* pinning is ignored */
	if (!strcmp(n, "map_extra"))
		return field_int(o, map, m, &d->map_extra);
	if (!strcmp(n, "key_size") || !strcmp(n, "value_size")) {
		uint32_t *size = n[0] == 'k' ? &d->def.key_size : &d->def.value_size;

		if (field_int(o, map, m, &v))
			return -1;
		if (*size && *size != v)
			return bv_elf_fail(o, "map '%s': conflicting %s %u != %u",
					   map, n, *size, v);
		*size = v;
		return 0;
	}
	if (!strcmp(n, "key"))
		return type_size(o, map, "key", m, &d->def.key_size, &d->key_type_id);
	if (!strcmp(n, "value"))
		return type_size(o, map, "value", m, &d->def.value_size,
				 &d->value_type_id);
	if (!strcmp(n, "values"))
		return parse_values(o, map, m, last, inner, d);
	(void)unused;
	return bv_elf_fail(o, "map '%s': unknown attribute '%s'", map, n);
}

/* parse_btf_map_def (strict, as libbpf without relaxed_maps) */
static int parse_def(struct bv_elf_obj *o, const char *map,
		     const struct btf_type *def_t, struct map_def *d,
		     bool inner)
{
	const struct btf_member *m = btf_members(def_t);
	unsigned n = btf_vlen(def_t);

	for (unsigned i = 0; i < n; i++, m++)
		if (parse_member(o, map, m, i == n - 1, inner, d))
			return -1;
	if (!d->def.type)
		return bv_elf_fail(o, "map '%s': map type isn't specified", map);
	return 0;
}

/* adjust_ringbuf_sz: a power-of-two multiple of the page size */
static uint32_t ringbuf_size(uint32_t sz)
{
	uint64_t mul;

	if (!sz || (sz % PAGE_SIZE == 0 && !((sz / PAGE_SIZE) & (sz / PAGE_SIZE - 1))))
		return sz;
	for (mul = 1; mul * PAGE_SIZE <= UINT32_MAX; mul <<= 1)
		if (mul * PAGE_SIZE > sz)
			return (uint32_t)(mul * PAGE_SIZE);
	return sz;
}

static int add_btf_map(struct bv_elf_obj *o, const struct btf_type *sec,
		       unsigned idx, const struct bv_elf_sec *es)
{
	const struct btf_var_secinfo *vi = btf_var_secinfos(sec) + idx;
	const struct btf_type *var = btf__type_by_id(o->btf, vi->type);
	const char *name = var ? btf__name_by_offset(o->btf, var->name_off) : NULL;
	const struct btf_type *def;
	struct map_def d = { 0 };
	struct bv_obj_map *m;
	struct bv_error err;

	if (!name || !name[0] || !btf_is_var(var))
		return bv_elf_fail(o, ".maps: entry %u is not a named variable", idx);
	if ((uint64_t)vi->offset + vi->size > es->size)
		return bv_elf_fail(o, "map '%s': BTF places it outside section .maps", name);
	if (btf_var(var)->linkage != BTF_VAR_GLOBAL_ALLOCATED)
		return bv_elf_fail(o, "map '%s': unsupported linkage (static or extern)", name);
	def = bv_btf_skip_mods(o->btf, var->type, NULL);
	if (!def || !btf_is_struct(def) || def->size > vi->size)
		return bv_elf_fail(o, "map '%s': definition is not a struct", name);
	if (parse_def(o, name, def, &d, false))
		return -1;
	m = add_map(o, name);
	if (!m)
		return -1;
	d.def.fd = m->def.fd;
	snprintf(d.def.name, sizeof(d.def.name), "%s", name);
	m->def = d.def;
	if (m->def.type == MAP_RINGBUF || m->def.type == MAP_USER_RINGBUF)
		m->def.max_entries = ringbuf_size(m->def.max_entries);
	/* libbpf sizes a perf event array of 0 entries to the CPUs; other maps
	 * go to the kernel as declared, and bpf_object__load fails */
	if (m->def.type != MAP_PERF_EVENT_ARRAY && bv_map_check_create(&m->def, &err))
		return bv_elf_fail(o, "%s", err.msg);
	m->sec_idx = (size_t)o->maps_idx;
	m->sec_offset = vi->offset;
	m->btf_var_idx = idx;
	m->extra.btf_key_type_id = d.key_type_id;
	m->extra.btf_value_type_id = d.value_type_id;
	m->extra.map_extra = d.map_extra;
	m->extra.has_inner = d.has_inner;
	m->extra.inner = d.inner;
	return 0;
}

/* bpf_object__init_user_btf_maps */
static int init_btf_maps(struct bv_elf_obj *o)
{
	const struct bv_elf_sec *es;
	int id;

	if (o->maps_idx < 0)
		return 0;
	es = &o->secs[o->maps_idx];
	if (!o->btf)
		return bv_elf_fail(o, "section .maps needs BTF (compile with -g)");
	id = btf__find_by_name_kind(o->btf, ".maps", BTF_KIND_DATASEC);
	if (id < 0)
		return bv_elf_fail(o, "BTF has no DATASEC '.maps'");
	for (unsigned i = 0; i < btf_vlen(btf__type_by_id(o->btf, id)); i++)
		if (add_btf_map(o, btf__type_by_id(o->btf, id), i, es))
			return -1;
	return 0;
}

/* internal_map_name: up to 8 characters of the object name, then the
 * section name; custom .data.x/.rodata.x sections keep their own name */
static void internal_name(const struct bv_elf_obj *o, const char *real,
			  char *out, size_t len)
{
	size_t sfx = strlen(real) > 7 ? strlen(real) : 7;
	size_t pfx;

	if (sfx >= BV_OBJ_NAME_LEN)
		sfx = BV_OBJ_NAME_LEN - 1;
	pfx = strchr(real + 1, '.') ? 0 : BV_OBJ_NAME_LEN - sfx - 1;
	if (pfx > strlen(o->name))
		pfx = strlen(o->name);
	snprintf(out, len, "%.*s%.*s", (int)pfx, o->name, (int)sfx, real);
	for (char *p = out; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.')
			*p = '_';
}

/* map_is_mmapable: a DATASEC with a non-static variable */
static bool datasec_has_global(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = btf ? btf__type_by_id(btf, id) : NULL;
	const struct btf_var_secinfo *v;

	if (!t || !btf_is_datasec(t))
		return false;
	v = btf_var_secinfos(t);
	for (unsigned i = 0; i < btf_vlen(t); i++, v++) {
		const struct btf_type *vt = btf__type_by_id(btf, v->type);

		if (btf_is_var(vt) && btf_var(vt)->linkage != BTF_VAR_STATIC)
			return true;
	}
	return false;
}

static int add_internal(struct bv_elf_obj *o, enum bv_map_origin origin,
			const char *real, size_t sec_idx, const uint8_t *data,
			size_t size)
{
	char name[BV_OBJ_NAME_LEN];
	struct bv_obj_map *m;
	int id;

	/* the kernel cannot allocate a larger array value either; a hostile
	 * .bss size must not make us allocate gigabytes */
	if (size > MAX_GLOBAL_DATA)
		return bv_elf_fail(o, "section '%s' is too large (%zu bytes)", real,
				   size);
	internal_name(o, real, name, sizeof(name));
	m = add_map(o, name);
	if (!m)
		return -1;
	m->def.type = MAP_ARRAY;
	m->def.key_size = 4;
	m->def.value_size = (uint32_t)size;
	m->def.max_entries = 1;
	m->def.flags = origin == BV_MAP_RODATA || origin == BV_MAP_KCONFIG
			       ? F_RDONLY_PROG : 0;
	m->sec_idx = sec_idx;
	m->extra.origin = origin;
	m->extra.frozen = m->def.flags & F_RDONLY_PROG;
	id = o->btf ? btf__find_by_name(o->btf, real) : -1;
	if (id > 0)
		m->extra.btf_value_type_id = (uint32_t)id;
	if (id > 0 && datasec_has_global(o->btf, (uint32_t)id))
		m->def.flags |= F_MMAPABLE;
	m->extra.init = calloc(1, size ? size : 1);
	if (!m->extra.init)
		return bv_elf_fail(o, "out of memory");
	if (data)
		memcpy(m->extra.init, data, size);
	return 0;
}

/* bpf_object__init_global_data_maps */
static int init_data_maps(struct bv_elf_obj *o)
{
	static const enum bv_map_origin origin[] = {
		[BV_SEC_DATA] = BV_MAP_DATA, [BV_SEC_RODATA] = BV_MAP_RODATA,
		[BV_SEC_BSS] = BV_MAP_BSS,
	};

	for (size_t i = 1; i < o->n_secs; i++) {
		const struct bv_elf_sec *s = &o->secs[i];

		if ((s->kind != BV_SEC_DATA && s->kind != BV_SEC_RODATA &&
		     s->kind != BV_SEC_BSS) || !s->size)
			continue;
		if (add_internal(o, origin[s->kind], s->name, i,
				 s->kind == BV_SEC_BSS ? NULL : s->data, s->size))
			return -1;
	}
	return 0;
}

/* ---- externs ---- */

static bool sym_is_extern(const Elf64_Sym *sym)
{
	int bind = ELF64_ST_BIND(sym->st_info);

	return sym->st_shndx == SHN_UNDEF &&
	       (bind == STB_GLOBAL || bind == STB_WEAK) &&
	       ELF64_ST_TYPE(sym->st_info) == STT_NOTYPE;
}

/* find_extern_btf_id and find_extern_sec_btf_id */
static int extern_btf(struct bv_elf_obj *o, const char *name, int *var_id,
		      const char **sec_name)
{
	for (uint32_t id = 1; id < btf__type_cnt(o->btf); id++) {
		const struct btf_type *t = btf__type_by_id(o->btf, id);
		const struct btf_var_secinfo *v;

		if (!btf_is_datasec(t))
			continue;
		v = btf_var_secinfos(t);
		for (unsigned i = 0; i < btf_vlen(t); i++, v++) {
			const struct btf_type *vt = btf__type_by_id(o->btf, v->type);

			if (strcmp(btf__name_by_offset(o->btf, vt->name_off), name))
				continue;
			*var_id = (int)v->type;
			*sec_name = btf__name_by_offset(o->btf, t->name_off);
			return 0;
		}
	}
	return bv_elf_fail(o, "extern '%s' has no BTF (declare it with __kconfig or __ksym)",
			   name);
}

/* find_kcfg_type */
static enum bv_kcfg_type kcfg_type(const struct btf *btf, uint32_t id,
				   bool *is_signed)
{
	const struct btf_type *t = bv_btf_skip_mods(btf, id, NULL);
	const char *name = t ? btf__name_by_offset(btf, t->name_off) : "";

	*is_signed = false;
	if (!t)
		return BV_KCFG_UNKNOWN;
	if (btf_is_int(t)) {
		int enc = btf_int_encoding(t);

		if (enc & BTF_INT_BOOL)
			return t->size == 1 ? BV_KCFG_BOOL : BV_KCFG_UNKNOWN;
		*is_signed = enc & BTF_INT_SIGNED;
		if (t->size == 1)
			return BV_KCFG_CHAR;
		return t->size > 8 || (t->size & (t->size - 1)) ? BV_KCFG_UNKNOWN
								 : BV_KCFG_INT;
	}
	if (btf_is_any_enum(t))
		return !strcmp(name, "libbpf_tristate") ? BV_KCFG_TRISTATE
							: BV_KCFG_UNKNOWN;
	if (btf_is_array(t) && btf_array(t)->nelems) {
		/* only arrays of char: looked at directly, so that an array
		 * whose element is itself cannot recurse */
		const struct btf_type *e = bv_btf_skip_mods(btf, btf_array(t)->type, NULL);

		return e && btf_is_int(e) && e->size == 1 &&
				       !(btf_int_encoding(e) & BTF_INT_BOOL)
			       ? BV_KCFG_CHAR_ARR
			       : BV_KCFG_UNKNOWN;
	}
	return BV_KCFG_UNKNOWN;
}

static int describe_kcfg(struct bv_elf_obj *o, struct bv_extern *e, int var_id)
{
	uint32_t type = btf__type_by_id(o->btf, (uint32_t)var_id)->type;
	long long sz;

	if (btf_is_func(btf__type_by_id(o->btf, (uint32_t)var_id)))
		return bv_elf_fail(o, "extern function '%s' in .kconfig", e->name);
	/* the type first: only the simple kcfg types are sized, which
	 * keeps hostile BTF (type cycles) away from libbpf's recursion */
	e->kcfg_type = kcfg_type(o->btf, type, &e->kcfg_signed);
	if (e->kcfg_type == BV_KCFG_UNKNOWN)
		return bv_elf_fail(o, "extern (kcfg) '%s': type is unsupported", e->name);
	sz = btf__resolve_size(o->btf, type);
	if (sz <= 0 || sz > 4096)
		return bv_elf_fail(o, "extern '%s': cannot size its type", e->name);
	e->is_kcfg = true;
	e->kcfg_sz = (int)sz;
	/* the alignment of a char array is 1, of a number its size */
	e->kcfg_align = e->kcfg_type == BV_KCFG_CHAR_ARR ? 1 : (int)sz;
	return 0;
}

static int add_extern(struct bv_elf_obj *o, size_t sym_idx, const Elf64_Sym *sym,
		      const char *name)
{
	struct bv_extern *grown, *e;
	const char *sec_name = NULL;
	int var_id = 0;

	if (!o->btf)
		return bv_elf_fail(o, "extern '%s' needs BTF (compile with -g)", name);
	if (extern_btf(o, name, &var_id, &sec_name))
		return -1;
	grown = realloc(o->externs, (o->n_externs + 1) * sizeof(*grown));
	if (!grown)
		return bv_elf_fail(o, "out of memory");
	o->externs = grown;
	e = &o->externs[o->n_externs++];
	memset(e, 0, sizeof(*e));
	e->name = btf__name_by_offset(o->btf, btf__type_by_id(o->btf, (uint32_t)var_id)->name_off);
	e->sym_idx = sym_idx;
	e->is_weak = ELF64_ST_BIND(sym->st_info) == STB_WEAK;
	if (!strcmp(sec_name, ".kconfig"))
		return describe_kcfg(o, e, var_id);
	if (strcmp(sec_name, ".ksyms"))
		return bv_elf_fail(o, "extern '%s' in unrecognized section '%s'",
				   name, sec_name);
	e->ksym_func = btf_is_func(btf__type_by_id(o->btf, (uint32_t)var_id));
	bv_btf_skip_mods(o->btf, btf__type_by_id(o->btf, (uint32_t)var_id)->type,
		  &e->ksym_type_id);
	return 0;
}

/* cmp_externs: kconfig first, by descending alignment, ascending size,
 * then name */
static int cmp_externs(const void *pa, const void *pb)
{
	const struct bv_extern *a = pa, *b = pb;

	if (a->is_kcfg != b->is_kcfg)
		return a->is_kcfg ? -1 : 1;
	if (a->is_kcfg && a->kcfg_align != b->kcfg_align)
		return a->kcfg_align > b->kcfg_align ? -1 : 1;
	if (a->is_kcfg && a->kcfg_sz != b->kcfg_sz)
		return a->kcfg_sz < b->kcfg_sz ? -1 : 1;
	return strcmp(a->name, b->name);
}

int bv_elf_collect_externs(struct bv_elf_obj *o)
{
	int off = 0;

	for (size_t i = 0; i < o->n_syms; i++) {
		Elf64_Sym tmp;
		const Elf64_Sym *sym = bv_elf_sym(o, i, &tmp);
		const char *name;

		if (!sym_is_extern(sym))
			continue;
		name = bv_elf_sym_name(o, sym);
		if (!name || !name[0])
			continue;
		if (add_extern(o, i, sym, name))
			return -1;
	}
	if (o->n_externs)
		qsort(o->externs, o->n_externs, sizeof(*o->externs), cmp_externs);
	for (size_t i = 0; i < o->n_externs && o->externs[i].is_kcfg; i++) {
		struct bv_extern *e = &o->externs[i];

		e->kcfg_off = (off + e->kcfg_align - 1) / e->kcfg_align * e->kcfg_align;
		off = e->kcfg_off + e->kcfg_sz;
	}
	return 0;
}

int bv_elf_init_maps(struct bv_elf_obj *o)
{
	int size = 0;

	if (init_btf_maps(o) || init_data_maps(o))
		return -1;
	for (size_t i = 0; i < o->n_externs && o->externs[i].is_kcfg; i++)
		size = o->externs[i].kcfg_off + o->externs[i].kcfg_sz;
	if (!size)
		return 0;
	o->kconfig_map = (int)o->n_maps;
	return add_internal(o, BV_MAP_KCONFIG, ".kconfig", o->symtab_idx, NULL,
			    (size_t)size);
}

/* ---- extern values ---- */

static void put_uint(uint8_t *dst, int size, uint64_t v)
{
	for (int i = 0; i < size && i < 8; i++)
		dst[i] = (uint8_t)(v >> (8 * i));
}

/* set_kcfg_value_num, with is_kcfg_value_in_range */
static int set_num(struct bv_elf_obj *o, struct bv_extern *e, uint8_t *dst,
		   uint64_t v)
{
	int bits = e->kcfg_sz * 8;

	if (e->kcfg_type != BV_KCFG_INT && e->kcfg_type != BV_KCFG_CHAR &&
	    e->kcfg_type != BV_KCFG_BOOL)
		return bv_elf_fail(o, "extern (kcfg) '%s': value %llu needs an integer type",
				   e->name, (unsigned long long)v);
	if ((e->kcfg_type == BV_KCFG_BOOL && v > 1) ||
	    (bits < 64 && (e->kcfg_signed ? v + (1ull << (bits - 1)) >= (1ull << bits)
					  : (v >> bits) != 0)))
		return bv_elf_fail(o, "extern (kcfg) '%s': value %llu does not fit",
				   e->name, (unsigned long long)v);
	put_uint(dst, e->kcfg_sz, v);
	e->is_set = true;
	return 0;
}

/* bpf_object__process_kconfig_line for one value: y/n/m, "string" or a
 * number */
static int set_value(struct bv_elf_obj *o, struct bv_extern *e, uint8_t *dst,
		     const char *value)
{
	char *end;
	uint64_t num;
	size_t len = strlen(value);

	if (value[0] == 'y' || value[0] == 'n' || value[0] == 'm') {
		if (e->kcfg_type == BV_KCFG_TRISTATE)
			put_uint(dst, e->kcfg_sz, value[0] == 'y' ? 1 : value[0] == 'm' ? 2 : 0);
		else if (e->kcfg_type == BV_KCFG_BOOL && value[0] != 'm')
			dst[0] = value[0] == 'y';
		else if (e->kcfg_type == BV_KCFG_CHAR)
			dst[0] = (uint8_t)value[0];
		else
			return bv_elf_fail(o, "extern (kcfg) '%s': value '%c' needs a bool, tristate or char",
					   e->name, value[0]);
		e->is_set = true;
		return 0;
	}
	if (value[0] == '"') {
		if (e->kcfg_type != BV_KCFG_CHAR_ARR || len < 2 || value[len - 1] != '"')
			return bv_elf_fail(o, "extern (kcfg) '%s': bad string value", e->name);
		len -= 2;
		if (len >= (size_t)e->kcfg_sz)
			len = (size_t)e->kcfg_sz - 1;
		memcpy(dst, value + 1, len);
		dst[len] = '\0';
		e->is_set = true;
		return 0;
	}
	num = strtoull(value, &end, 0);
	if (*end)
		return bv_elf_fail(o, "extern (kcfg) '%s': value '%s' is not a number",
				   e->name, value);
	return set_num(o, e, dst, num);
}

static struct bv_extern *find_kcfg(struct bv_elf_obj *o, const char *name)
{
	for (size_t i = 0; i < o->n_externs && o->externs[i].is_kcfg; i++)
		if (!strcmp(o->externs[i].name, name))
			return &o->externs[i];
	return NULL;
}

static int config_line(struct bv_elf_obj *o, char *line, uint8_t *data)
{
	char *eq = strchr(line, '=');
	struct bv_extern *e;
	size_t len;

	if (strncmp(line, "CONFIG_", 7) || !eq)
		return 0;
	len = strlen(line);
	if (len && line[len - 1] == '\n')
		line[len - 1] = '\0';
	*eq = '\0';
	e = find_kcfg(o, line);
	if (!e || e->is_set || !eq[1])
		return 0;
	return set_value(o, e, data + e->kcfg_off, eq + 1);
}

/* bpf_object__read_kconfig_file: /boot/config-$(uname -r), else
 * /proc/config.gz */
static int read_config(struct bv_elf_obj *o, uint8_t *data)
{
	struct utsname u;
	char path[512], line[4096];
	gzFile f;
	int err = 0;

	uname(&u);
	snprintf(path, sizeof(path), "/boot/config-%s", u.release);
	f = gzopen(path, "re");
	if (!f)
		f = gzopen("/proc/config.gz", "re");
	if (!f)
		return bv_elf_fail(o, "the object uses CONFIG_ externs but the kernel config is not readable (/boot/config-%s, /proc/config.gz)",
				   u.release);
	while (!err && gzgets(f, line, sizeof(line)))
		err = config_line(o, line, data);
	gzclose(f);
	return err;
}

/* get_kernel_version: KERNEL_VERSION(a, b, c) of uname's release, the
 * sublevel capped at 255 */
static uint32_t kernel_version(void)
{
	struct utsname u;
	unsigned a = 0, b = 0, c = 0;

	uname(&u);
	if (sscanf(u.release, "%u.%u.%u", &a, &b, &c) < 2)
		return 0;
	return (a << 16) + (b << 8) + (c > 255 ? 255 : c);
}

/* libbpf's own values: LINUX_KERNEL_VERSION, LINUX_HAS_BPF_COOKIE and
 * LINUX_HAS_SYSCALL_WRAPPER (both true on 6.18 x86-64) */
static int set_virtual(struct bv_elf_obj *o, struct bv_extern *e, uint8_t *dst)
{
	if (!strcmp(e->name, "LINUX_KERNEL_VERSION"))
		return set_num(o, e, dst, kernel_version());
	if (!strcmp(e->name, "LINUX_HAS_BPF_COOKIE") ||
	    !strcmp(e->name, "LINUX_HAS_SYSCALL_WRAPPER"))
		return set_num(o, e, dst, 1);
	return bv_elf_fail(o, "extern (kcfg) '%s' is unknown to libbpf", e->name);
}

static int resolve_kconfig(struct bv_elf_obj *o)
{
	uint8_t *data;
	bool need_config = false;

	if (o->kconfig_map < 0)
		return 0;
	data = o->maps[o->kconfig_map].extra.init;
	for (size_t i = 0; i < o->n_externs && o->externs[i].is_kcfg; i++) {
		struct bv_extern *e = &o->externs[i];

		if (!strncmp(e->name, "LINUX_", 6)) {
			if (set_virtual(o, e, data + e->kcfg_off))
				return -1;
		} else if (!strncmp(e->name, "CONFIG_", 7)) {
			need_config = true;
		} else {
			return bv_elf_fail(o, "extern (kcfg) '%s': only CONFIG_ and LINUX_ names exist",
					   e->name);
		}
	}
	if (need_config && read_config(o, data))
		return -1;
	for (size_t i = 0; i < o->n_externs && o->externs[i].is_kcfg; i++)
		if (!o->externs[i].is_set && !o->externs[i].is_weak)
			return bv_elf_fail(o, "extern (kcfg) '%s': not set in the kernel config (declare it __weak to default to 0)",
					   o->externs[i].name);
	return 0;
}

/* bpf_object__resolve_ksym_var_btf_id and ..._func_btf_id, against the
 * target BTF only (no module BTFs) */
static int resolve_ksym(struct bv_elf_obj *o, struct bv_extern *e)
{
	int id;

	if (!e->ksym_func && !e->ksym_type_id)
		return bv_elf_fail(o, "extern '%s': typeless ksyms need /proc/kallsyms addresses, which bpfverify does not read",
				   e->name);
	if (!o->target)
		return bv_elf_fail(o, "extern '%s' (__ksym) needs the kernel's BTF (--btf)",
				   e->name);
	id = btf__find_by_name_kind(o->target, e->name,
				    e->ksym_func ? BTF_KIND_FUNC : BTF_KIND_VAR);
	if (id > 0) {
		e->kernel_btf_id = (uint32_t)id;
		e->is_set = true;
		return 0;
	}
	if (e->is_weak)
		return 0;
	return bv_elf_fail(o, "extern (%s ksym) '%s': not found in kernel BTF",
			   e->ksym_func ? "func" : "var", e->name);
}

int bv_elf_resolve_externs(struct bv_elf_obj *o)
{
	if (resolve_kconfig(o))
		return -1;
	for (size_t i = 0; i < o->n_externs; i++)
		if (!o->externs[i].is_kcfg && resolve_ksym(o, &o->externs[i]))
			return -1;
	return 0;
}
