/* SPDX-License-Identifier: MIT */
/* The object's .BTF (parsed by libbpf's btf__new, then checked and fixed
 * up as libbpf's bpf_object__init_btf and bpf_object_fixup_btf do) and its
 * .BTF.ext (struct btf_ext_header of include/uapi/linux/btf.h: func_info,
 * line_info and CO-RE relocation records per ELF section). */
#include "load/elf.h"

#include <bpf/btf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BTF_EXT_MAGIC 0xeB9F

/* Whether every type id a type refers to exists and every name offset
 * lies in the string section: btf__new (libbpf 1.1) checks the layout
 * only, and a bad id would make later lookups fail or loop. */
static bool id_ok(const struct btf *btf, uint32_t id)
{
	return id < btf__type_cnt(btf);
}

static bool name_ok(const struct btf *btf, uint32_t off)
{
	return btf__name_by_offset(btf, off) != NULL;
}

static int check_members(const struct btf *btf, const struct btf_type *t)
{
	const struct btf_member *m = btf_members(t);

	for (unsigned i = 0; i < btf_vlen(t); i++, m++)
		if (!id_ok(btf, m->type) || !name_ok(btf, m->name_off))
			return -1;
	return 0;
}

static int check_params(const struct btf *btf, const struct btf_type *t)
{
	const struct btf_param *p = btf_params(t);

	for (unsigned i = 0; i < btf_vlen(t); i++, p++)
		if (!id_ok(btf, p->type) || !name_ok(btf, p->name_off))
			return -1;
	return id_ok(btf, t->type) ? 0 : -1;
}

static int check_datasec(const struct btf *btf, const struct btf_type *t)
{
	const struct btf_var_secinfo *v = btf_var_secinfos(t);

	for (unsigned i = 0; i < btf_vlen(t); i++, v++) {
		const struct btf_type *vt = id_ok(btf, v->type)
						    ? btf__type_by_id(btf, v->type)
						    : NULL;

		if (!vt || (!btf_is_var(vt) && !btf_is_func(vt)))
			return -1;
	}
	return 0;
}

static int check_type(const struct btf *btf, const struct btf_type *t)
{
	if (!name_ok(btf, t->name_off))
		return -1;
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return id_ok(btf, t->type) ? 0 : -1; /* 0 is void */
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return t->type && id_ok(btf, t->type) ? 0 : -1;
	case BTF_KIND_FUNC:
		return id_ok(btf, t->type) &&
			       btf_is_func_proto(btf__type_by_id(btf, t->type)) ? 0 : -1;
	case BTF_KIND_ARRAY:
		return id_ok(btf, btf_array(t)->type) &&
			       id_ok(btf, btf_array(t)->index_type) ? 0 : -1;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return check_members(btf, t);
	case BTF_KIND_FUNC_PROTO:
		return check_params(btf, t);
	case BTF_KIND_DATASEC:
		return check_datasec(btf, t);
	default:
		return 0;
	}
}

int bv_btf_validate(const struct btf *btf, char *why, size_t len)
{
	for (uint32_t id = 1; id < btf__type_cnt(btf); id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (!t || check_type(btf, t)) {
			snprintf(why, len, "BTF type [%u] (kind %u) refers to a missing type or string",
				 id, t ? btf_kind(t) : 0);
			return -1;
		}
	}
	return 0;
}

/* libbpf's find_elf_var_sym: the global or weak STT_OBJECT named name */
static const Elf64_Sym *find_var_sym(const struct bv_elf_obj *o,
				     const char *name, Elf64_Sym *tmp)
{
	for (size_t i = 0; i < o->n_syms; i++) {
		const Elf64_Sym *sym = bv_elf_sym(o, i, tmp);
		int bind = ELF64_ST_BIND(sym->st_info);
		const char *n;

		if (ELF64_ST_TYPE(sym->st_info) != STT_OBJECT ||
		    (bind != STB_GLOBAL && bind != STB_WEAK))
			continue;
		n = bv_elf_sym_name(o, sym);
		if (n && !strcmp(n, name))
			return sym;
	}
	return NULL;
}

static int cmp_vsi(const void *pa, const void *pb)
{
	const struct btf_var_secinfo *a = pa, *b = pb;

	return a->offset < b->offset ? -1 : a->offset > b->offset;
}

/* btf_fixup_datasec: clang leaves a DATASEC's size and its variables'
 * offsets zero; libbpf takes them from the ELF section and symbols, and
 * marks hidden globals static. .kconfig and .ksyms are laid out later. */
static void fixup_datasec(struct bv_elf_obj *o, struct btf_type *t)
{
	const char *name = btf__name_by_offset(o->btf, t->name_off);
	const struct bv_elf_sec *sec;
	struct btf_var_secinfo *vsi = btf_var_secinfos(t);
	bool fix_offsets = false;

	if (!name || !strcmp(name, ".kconfig") || !strcmp(name, ".ksyms"))
		goto sort;
	if (t->size == 0) {
		sec = bv_elf_sec_by_name(o, name);
		if (!sec || !sec->size || sec->size > UINT32_MAX)
			return;
		t->size = (uint32_t)sec->size;
		fix_offsets = true;
	}
	for (unsigned i = 0; i < btf_vlen(t); i++) {
		struct btf_type *vt = (struct btf_type *)btf__type_by_id(o->btf, vsi[i].type);
		struct btf_var *var;
		const Elf64_Sym *sym;
		Elf64_Sym tmp;
		int vis;

		if (!btf_is_var(vt))
			continue;
		var = btf_var(vt);
		if (var->linkage == BTF_VAR_STATIC ||
		    var->linkage == BTF_VAR_GLOBAL_EXTERN)
			continue;
		sym = find_var_sym(o, btf__name_by_offset(o->btf, vt->name_off), &tmp);
		if (!sym)
			continue;
		if (fix_offsets)
			vsi[i].offset = (uint32_t)sym->st_value;
		vis = ELF64_ST_VISIBILITY(sym->st_other);
		if (vis == STV_HIDDEN || vis == STV_INTERNAL)
			var->linkage = BTF_VAR_STATIC;
	}
sort:
	qsort(vsi, btf_vlen(t), sizeof(*vsi), cmp_vsi);
}

int bv_btf_fixup_datasecs(struct bv_elf_obj *o)
{
	for (uint32_t id = 1; o->btf && id < btf__type_cnt(o->btf); id++) {
		struct btf_type *t = (struct btf_type *)btf__type_by_id(o->btf, id);

		if (btf_is_datasec(t))
			fixup_datasec(o, t);
	}
	return 0;
}

/* ---- .BTF.ext ---- */

struct ext_header {
	uint16_t magic;
	uint8_t version;
	uint8_t flags;
	uint32_t hdr_len;
	uint32_t func_info_off, func_info_len;
	uint32_t line_info_off, line_info_len;
	uint32_t core_relo_off, core_relo_len; /* optional */
};

#define EXT_HDR_MIN 24 /* up to line_info_len */

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

const uint8_t *bv_ext_rec(const struct bv_ext_info *info,
			  const struct bv_ext_sec *sec, uint32_t i)
{
	return sec->recs + (size_t)i * info->rec_size;
}

static int ext_fail(struct bv_elf_obj *o, const char *what, const char *why)
{
	return bv_elf_fail(o, ".BTF.ext %s: %s", what, why);
}

static int add_ext_sec(struct bv_elf_obj *o, struct bv_ext_info *info,
		       const struct bv_ext_sec *sec)
{
	struct bv_ext_sec *grown = realloc(info->secs,
					   (info->n_secs + 1) * sizeof(*grown));

	if (!grown)
		return bv_elf_fail(o, "out of memory");
	info->secs = grown;
	info->secs[info->n_secs++] = *sec;
	return 0;
}

/* btf_ext_setup_info: a record size, then per ELF section its name, the
 * number of records and the records */
static int parse_info(struct bv_elf_obj *o, const uint8_t *base, size_t avail,
		      uint32_t off, uint32_t len, uint32_t min_rec,
		      const char *what, struct bv_ext_info *info)
{
	const uint8_t *p, *end;

	if (!len)
		return 0;
	if (off > avail || len > avail - off || len < 4)
		return ext_fail(o, what, "lies outside the section");
	p = base + off;
	end = p + len;
	info->rec_size = rd32(p);
	p += 4;
	if (info->rec_size < min_rec || info->rec_size % 4)
		return ext_fail(o, what, "bad record size");
	while (p < end) {
		struct bv_ext_sec sec;
		const char *name;
		const struct bv_elf_sec *es;

		if ((size_t)(end - p) < 8)
			return ext_fail(o, what, "truncated section header");
		sec.sec_name_off = rd32(p);
		sec.num_info = rd32(p + 4);
		p += 8;
		if (!sec.num_info ||
		    sec.num_info > (size_t)(end - p) / info->rec_size)
			return ext_fail(o, what, "bad number of records");
		name = btf__name_by_offset(o->btf, sec.sec_name_off);
		if (!name)
			return ext_fail(o, what, "section name outside the BTF strings");
		es = bv_elf_sec_by_name(o, name);
		sec.sec_idx = es ? (int)(es - o->secs) : -1;
		sec.recs = p;
		p += (size_t)sec.num_info * info->rec_size;
		if (add_ext_sec(o, info, &sec))
			return -1;
	}
	return 0;
}

static int parse_ext(struct bv_elf_obj *o, const struct bv_elf_sec *ext)
{
	struct ext_header h = { 0 };
	const uint8_t *base;
	size_t avail;

	if (ext->size < EXT_HDR_MIN)
		return ext_fail(o, "header", "truncated");
	memcpy(&h, ext->data, ext->size < sizeof(h) ? ext->size : sizeof(h));
	if (h.magic != BTF_EXT_MAGIC || h.version != 1)
		return ext_fail(o, "header", "bad magic or version");
	if (h.hdr_len < EXT_HDR_MIN || h.hdr_len > ext->size)
		return ext_fail(o, "header", "bad length");
	if (h.hdr_len < sizeof(h))
		h.core_relo_off = h.core_relo_len = 0;
	base = ext->data + h.hdr_len;
	avail = ext->size - h.hdr_len;
	if (parse_info(o, base, avail, h.func_info_off, h.func_info_len, 8,
		       "func_info", &o->func_info) ||
	    parse_info(o, base, avail, h.line_info_off, h.line_info_len, 16,
		       "line_info", &o->line_info) ||
	    parse_info(o, base, avail, h.core_relo_off, h.core_relo_len, 16,
		       "CO-RE relocations", &o->core_relo))
		return -1;
	return 0;
}

/* bpf_object__init_btf. libbpf ignores a broken .BTF unless maps or
 * externs need it, and a broken .BTF.ext always; bpfverify reports both,
 * since the kernel would then see a different program. */
int bv_btf_load(struct bv_elf_obj *o, const struct bv_elf_sec *btf,
		const struct bv_elf_sec *ext)
{
	char why[BV_ERROR_LEN];

	if (!btf || !btf->data)
		return 0;
	if (btf->shdr.sh_type != SHT_PROGBITS ||
	    (ext && ext->shdr.sh_type != SHT_PROGBITS))
		return bv_elf_fail(o, ".BTF and .BTF.ext must be SHT_PROGBITS sections");
	o->btf = btf__new(btf->data, (uint32_t)btf->size);
	if (!o->btf) {
		int e = errno;

		o->btf = NULL;
		return bv_elf_fail(o, "section .BTF is not valid BTF: %s", strerror(e));
	}
	btf__set_pointer_size(o->btf, 8);
	if (bv_btf_validate(o->btf, why, sizeof(why)))
		return bv_elf_fail(o, "section .BTF: %s", why);
	if (ext && ext->data && parse_ext(o, ext))
		return -1;
	return bv_btf_fixup_datasecs(o);
}
