/* SPDX-License-Identifier: MIT */
/* One entry program as libbpf hands it to the kernel: its code with the
 * .text functions it calls appended (bpf_object__reloc_code), map, data
 * and extern references filled in (bpf_object__relocate_data), func_info
 * and line_info moved to the program's frame (adjust_prog_btf_ext_info),
 * and type, attach type and flags from the section (libbpf's sec_def and
 * libbpf_prepare_prog_load). */
#include "load/elf.h"

#include <bpf/btf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POISON_KFUNC_BASE 2002000000

struct ext_recs {
	uint8_t *recs; /* copies, insn_off already in instructions */
	size_t n;
	uint32_t rec_size;
	bool missing; /* the main program had none: skip them all */
};

struct build {
	struct bv_elf_obj *o;
	bv_program *p;
	struct bv_insn *insns;
	size_t n, cap;
	struct bv_relo *relos;
	size_t n_relos;
	struct ext_recs fi, li;
};

__attribute__((format(printf, 2, 3))) static int prog_fail(struct build *b,
							   const char *fmt, ...)
{
	va_list ap;

	if (b->p->error[0])
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->p->error, sizeof(b->p->error), fmt, ap);
	va_end(ap);
	return -1;
}

static int append(struct build *b, const struct bv_elf_func *f)
{
	size_t n = b->n + f->sec_insn_cnt;

	if (n > BV_MAX_INSNS)
		return prog_fail(b, "more than %u instructions with its subprograms",
				 BV_MAX_INSNS);
	if (n > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		struct bv_insn *grown;

		while (cap < n)
			cap *= 2;
		grown = realloc(b->insns, cap * sizeof(*grown));
		if (!grown)
			return prog_fail(b, "out of memory");
		b->insns = grown;
		b->cap = cap;
	}
	memcpy(b->insns + b->n, f->insns, f->sec_insn_cnt * sizeof(*b->insns));
	b->n = n;
	return 0;
}

/* append_subprog_relos: the function's relocations, moved to where it now
 * sits in the program */
static int append_relos(struct build *b, const struct bv_elf_func *f)
{
	struct bv_relo *grown;

	if (!f->n_relos)
		return 0;
	grown = realloc(b->relos, (b->n_relos + f->n_relos) * sizeof(*grown));
	if (!grown)
		return prog_fail(b, "out of memory");
	b->relos = grown;
	for (size_t i = 0; i < f->n_relos; i++) {
		b->relos[b->n_relos] = f->relos[i];
		b->relos[b->n_relos++].insn_idx += (uint32_t)f->sub_insn_off;
	}
	return 0;
}

/* adjust_prog_btf_ext_info: the records of f's section that fall inside
 * f, appended with offsets in instructions of the program */
static int adjust_ext(struct build *b, const struct bv_elf_func *f,
		      const struct bv_ext_info *info, struct ext_recs *out)
{
	for (size_t s = 0; s < info->n_secs; s++) {
		const struct bv_ext_sec *sec = &info->secs[s];
		size_t first = SIZE_MAX, last = 0;
		uint8_t *grown;

		if (sec->sec_idx != (int)f->sec_idx)
			continue;
		for (uint32_t i = 0; i < sec->num_info; i++) {
			uint32_t off;

			memcpy(&off, bv_ext_rec(info, sec, i), sizeof(off));
			off /= BV_INSN_SZ;
			if (off < f->sec_insn_off)
				continue;
			if (off >= f->sec_insn_off + f->sec_insn_cnt)
				break;
			if (first == SIZE_MAX)
				first = i;
			last = i + 1;
		}
		if (first == SIZE_MAX)
			return 1;
		grown = realloc(out->recs, (out->n + last - first) * info->rec_size);
		if (!grown)
			return prog_fail(b, "out of memory");
		out->recs = grown;
		out->rec_size = info->rec_size;
		for (size_t i = first; i < last; i++, out->n++) {
			uint8_t *rec = out->recs + out->n * info->rec_size;
			uint32_t off;

			memcpy(rec, bv_ext_rec(info, sec, (uint32_t)i), info->rec_size);
			memcpy(&off, rec, sizeof(off));
			off = off / BV_INSN_SZ + (uint32_t)(f->sub_insn_off - f->sec_insn_off);
			memcpy(rec, &off, sizeof(off));
		}
		return 0;
	}
	return 1;
}

/* reloc_prog_func_and_line_info */
static int reloc_ext(struct build *b, const struct bv_elf_func *f, bool main)
{
	struct ext_recs *which[] = { &b->fi, &b->li };
	const struct bv_ext_info *infos[] = { &b->o->func_info, &b->o->line_info };

	for (int k = 0; k < 2; k++) {
		int r;

		if (!b->o->btf || which[k]->missing)
			continue;
		r = adjust_ext(b, f, infos[k], which[k]);
		if (r < 0)
			return -1;
		if (r && main)
			which[k]->missing = true;
		else if (r)
			return prog_fail(b, "missing .BTF.ext %s for function '%s'",
					 k ? "line info" : "function info", f->name);
	}
	return 0;
}

static const struct bv_relo *find_relo(const struct bv_elf_func *f, size_t idx)
{
	for (size_t i = 0; i < f->n_relos; i++)
		if (f->relos[i].insn_idx == idx)
			return &f->relos[i];
	return NULL;
}

static int reloc_code(struct build *b, struct bv_elf_func *f, unsigned depth);

/* one call or function address in f at insn_idx */
static int reloc_call(struct build *b, struct bv_elf_func *f, size_t insn_idx,
		      unsigned depth)
{
	struct bv_insn *insn = &b->insns[f->sub_insn_off + insn_idx];
	const struct bv_relo *r = find_relo(f, insn_idx);
	struct bv_elf_func *sub;
	int64_t target;

	if (r && r->type == BV_RELO_EXTERN_CALL)
		return 0; /* kfunc: relocate_data */
	if (r && r->type != BV_RELO_CALL && r->type != BV_RELO_SUBPROG_ADDR)
		return prog_fail(b, "function '%s': unexpected relocation at instruction %zu",
				 f->name, insn_idx);
	if (r && r->type == BV_RELO_CALL)
		target = r->sym_off / BV_INSN_SZ + insn->imm + 1;
	else if (r)
		target = (r->sym_off + insn->imm) / BV_INSN_SZ;
	else if (bv_insn_is_pseudo_func(insn))
		return prog_fail(b, "function '%s': function address without relocation at instruction %zu",
				 f->name, insn_idx);
	else
		target = (int64_t)(f->sec_insn_off + insn_idx) + insn->imm + 1;
	sub = target >= 0 && b->o->text_idx >= 0
		      ? bv_elf_func_at(b->o, (size_t)b->o->text_idx, (size_t)target)
		      : NULL;
	if (!sub)
		return prog_fail(b, "function '%s' calls instruction %lld, which is in no .text function (libbpf requires subprograms in .text)",
				 f->name, (long long)target);
	if (sub->sub_insn_off == 0) {
		sub->sub_insn_off = b->n;
		if (append(b, sub) || append_relos(b, sub) ||
		    reloc_code(b, sub, depth + 1))
			return -1;
	}
	insn = &b->insns[f->sub_insn_off + insn_idx];
	insn->imm = (int32_t)(sub->sub_insn_off - (f->sub_insn_off + insn_idx) - 1);
	return 0;
}

/* bpf_object__reloc_code */
static int reloc_code(struct build *b, struct bv_elf_func *f, unsigned depth)
{
	if (depth > 1024)
		return prog_fail(b, "calls nest too deeply");
	if (reloc_ext(b, f, depth == 0))
		return -1;
	for (size_t i = 0; i < f->sec_insn_cnt; i++) {
		const struct bv_insn *insn = &b->insns[f->sub_insn_off + i];

		if ((bv_insn_is_subprog_call(insn) || bv_insn_is_pseudo_func(insn)) &&
		    reloc_call(b, f, i, depth))
			return -1;
	}
	return 0;
}

/* bpf_object__relocate_data: maps by index (the program's map list is the
 * object's), externs from the kconfig map or the target BTF */
static void reloc_one(struct build *b, const struct bv_relo *r)
{
	struct bv_insn *insn = &b->insns[r->insn_idx];
	const struct bv_extern *e = r->ext_idx >= 0 ? &b->o->externs[r->ext_idx] : NULL;

	switch (r->type) {
	case BV_RELO_LD64:
		insn[0].src_reg = BV_PSEUDO_MAP_FD;
		insn[0].imm = r->map_idx;
		break;
	case BV_RELO_DATA:
		insn[1].imm = (int32_t)(insn[0].imm + r->sym_off);
		insn[0].src_reg = BV_PSEUDO_MAP_VALUE;
		insn[0].imm = r->map_idx;
		break;
	case BV_RELO_EXTERN_LD64:
		if (e->is_kcfg) {
			insn[0].src_reg = BV_PSEUDO_MAP_VALUE;
			insn[0].imm = b->o->kconfig_map;
			insn[1].imm = e->kcfg_off;
		} else if (e->is_set) {
			insn[0].src_reg = BV_PSEUDO_BTF_ID;
			insn[0].imm = (int32_t)e->kernel_btf_id;
			insn[1].imm = 0; /* vmlinux, not a module */
		} else {
			insn[0].imm = insn[1].imm = 0; /* unresolved weak: NULL */
		}
		break;
	case BV_RELO_EXTERN_CALL:
		if (e->is_set) {
			insn->src_reg = BV_PSEUDO_KFUNC_CALL;
			insn->imm = (int32_t)e->kernel_btf_id;
			insn->off = 0;
		} else { /* poison_kfunc_call */
			*insn = (struct bv_insn){ .code = BV_JMP | BV_CALL,
						  .imm = POISON_KFUNC_BASE + r->ext_idx };
		}
		break;
	default:
		break; /* calls and function addresses are done */
	}
}

/* The func_info records as the verifier uses them; a record naming no
 * BTF FUNC makes the program bad input (the kernel: "invalid type id"). */
static int make_func_info(struct build *b)
{
	const struct btf *btf = b->o->btf;

	if (b->fi.missing || !b->fi.n)
		return 0;
	b->p->func_info = calloc(b->fi.n, sizeof(*b->p->func_info));
	if (!b->p->func_info)
		return prog_fail(b, "out of memory");
	for (size_t i = 0; i < b->fi.n; i++) {
		struct bv_func_info *fi = &b->p->func_info[i];
		const struct btf_type *t;

		memcpy(&fi->insn_off, b->fi.recs + i * b->fi.rec_size, 4);
		memcpy(&fi->type_id, b->fi.recs + i * b->fi.rec_size + 4, 4);
		t = btf__type_by_id(btf, fi->type_id);
		if (!t || !btf_is_func(t))
			return prog_fail(b, "func_info[%zu]: type [%u] is not a BTF FUNC",
					 i, fi->type_id);
		fi->name = btf__name_by_offset(btf, t->name_off);
		fi->global = btf_vlen(t) /* linkage */ == BTF_FUNC_GLOBAL;
	}
	b->p->n_func_info = b->fi.n;
	return 0;
}

static const char *ltrim(const char *s)
{
	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	return s;
}

static int make_line_info(struct build *b)
{
	const struct btf *btf = b->o->btf;

	if (b->li.missing || !b->li.n)
		return 0;
	b->p->line_info = calloc(b->li.n, sizeof(*b->p->line_info));
	if (!b->p->line_info)
		return prog_fail(b, "out of memory");
	for (size_t i = 0; i < b->li.n; i++) {
		struct bv_line_info *li = &b->p->line_info[i];
		const uint8_t *rec = b->li.recs + i * b->li.rec_size;
		uint32_t col;
		const char *line, *file, *slash;

		memcpy(&li->insn_off, rec, 4);
		memcpy(&li->file_name_off, rec + 4, 4);
		memcpy(&li->line_off, rec + 8, 4);
		memcpy(&col, rec + 12, 4);
		li->line_num = col >> 10; /* BPF_LINE_INFO_LINE_NUM */
		li->line_col = col & 0x3ff;
		line = btf__name_by_offset(btf, li->line_off);
		file = btf__name_by_offset(btf, li->file_name_off);
		if (!line || !file)
			return prog_fail(b, "line_info[%zu]: string offset outside the BTF", i);
		li->line = ltrim(line);
		slash = strrchr(file, '/');
		li->file = slash ? slash + 1 : file;
	}
	b->p->n_line_info = b->li.n;
	return 0;
}

/* btf_get_kernel_prefix_kind and find_attach_btf_id */
static int find_attach(const struct btf *target, uint32_t attach_type,
		       const char *name)
{
	static const struct { const char *attach, *prefix; int kind; } rules[] = {
		{ "trace_raw_tp", "btf_trace_", BTF_KIND_TYPEDEF },
		{ "lsm_mac", "bpf_lsm_", BTF_KIND_FUNC },
		{ "lsm_cgroup", "bpf_lsm_", BTF_KIND_FUNC },
		{ "trace_iter", "bpf_iter_", BTF_KIND_FUNC },
	};
	const char *prefix = "";
	int kind = BTF_KIND_FUNC;
	char full[128];

	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		uint32_t v;

		if (!bv_attach_type_from_name(rules[i].attach, &v) && v == attach_type) {
			prefix = rules[i].prefix;
			kind = rules[i].kind;
		}
	}
	if ((size_t)snprintf(full, sizeof(full), "%s%s", prefix, name) >= sizeof(full))
		return -1;
	return btf__find_by_name_kind(target, full, kind);
}

/* libbpf_prepare_prog_load: type, attach type and flags of the section;
 * the BTF id of a BTF-attached program's target */
static int apply_sec_def(struct build *b)
{
	bv_program *p = b->p;
	struct bv_sec_def def;
	const char *slash;
	int id;

	p->sec_unknown = bv_sec_def_find(p->section, &def) != 0;
	if (p->sec_unknown)
		return prog_fail(b, "section '%s' names no program type libbpf knows (rename it, or give --prog-type)",
				 p->section);
	p->prog_type = def.prog_type;
	p->attach_type = def.attach_type;
	p->prog_flags = (def.flags & BV_SEC_SLEEPABLE ? BV_F_SLEEPABLE : 0) |
			(def.flags & BV_SEC_XDP_FRAGS ? BV_F_XDP_HAS_FRAGS : 0);
	if (def.flags & (BV_SEC_EXT | BV_SEC_STRUCT_OPS)) {
		p->unsupported = true;
		return prog_fail(b, "%s programs are not supported yet",
				 def.flags & BV_SEC_EXT ? "freplace" : "struct_ops");
	}
	if (!(def.flags & BV_SEC_ATTACH_BTF))
		return 0;
	slash = strchr(p->section, '/');
	if (!slash || !slash[1])
		return prog_fail(b, "section '%s' names no attach target (SEC(\"%s/<function>\"))",
				 p->section, p->section);
	snprintf(p->attach_name, sizeof(p->attach_name), "%s", slash + 1);
	if (!b->o->target)
		return prog_fail(b, "attach target '%s' needs the kernel's BTF (--btf)",
				 p->attach_name);
	id = find_attach(b->o->target, p->attach_type, p->attach_name);
	if (id <= 0)
		return prog_fail(b, "attach target '%s' is not in the kernel's BTF",
				 p->attach_name);
	p->attach_btf_id = (uint32_t)id;
	return 0;
}

static int copy_maps(struct build *b)
{
	for (size_t i = 0; i < b->o->n_maps; i++) {
		const struct bv_obj_map *m = &b->o->maps[i];
		struct bv_map_extra *x = &b->p->map_extra[i];

		b->p->maps[i] = m->def;
		*x = m->extra;
		x->init = NULL;
		b->p->n_maps = i + 1;
		if (m->extra.init) {
			x->init = malloc(m->def.value_size ? m->def.value_size : 1);
			if (!x->init)
				return prog_fail(b, "out of memory");
			memcpy(x->init, m->extra.init, m->def.value_size);
		}
	}
	return 0;
}

/* The poisoned CO-RE instructions of the functions the program holds:
 * the entry function and the subprograms appended to it. */
static int copy_poison(struct build *b, const struct bv_elf_func *main,
		       const struct bv_core_poison *poison,
		       const uint32_t *poison_func, size_t n_poison)
{
	for (size_t i = 0; i < n_poison; i++) {
		const struct bv_elf_func *f = &b->o->funcs[poison_func[i]];
		struct bv_core_poison *grown;

		if (f != main && !(bv_elf_func_is_sub(b->o, f) && f->sub_insn_off))
			continue;
		grown = realloc(b->p->core_poison,
				(b->p->n_core_poison + 1) * sizeof(*grown));
		if (!grown)
			return prog_fail(b, "out of memory");
		b->p->core_poison = grown;
		grown[b->p->n_core_poison] = poison[i];
		grown[b->p->n_core_poison++].insn_off += (uint32_t)f->sub_insn_off;
	}
	return 0;
}

static bool is_map_ldimm(const struct bv_insn *insn)
{
	return bv_is_ldimm64(insn->code) &&
	       (insn->src_reg == BV_PSEUDO_MAP_FD ||
		insn->src_reg == BV_PSEUDO_MAP_VALUE ||
		insn->src_reg == BV_PSEUDO_MAP_IDX ||
		insn->src_reg == BV_PSEUDO_MAP_IDX_VALUE);
}

static bool has_data_relo(const struct build *b, size_t insn_idx)
{
	for (size_t i = 0; i < b->n_relos; i++)
		if (b->relos[i].insn_idx == insn_idx &&
		    (b->relos[i].type == BV_RELO_LD64 ||
		     b->relos[i].type == BV_RELO_DATA ||
		     b->relos[i].type == BV_RELO_EXTERN_LD64))
			return true;
	return false;
}

/* bpf_object__relocate_data rewrites only the loads that have a
 * relocation: any other map load reaches the kernel as the compiler
 * wrote it (its imm a raw fd), so it names none of the object's maps. */
static int collect_raw_map_loads(struct build *b)
{
	for (size_t i = 0; i + 1 < b->n; i++) {
		uint32_t *grown;

		if (!bv_is_ldimm64(b->insns[i].code))
			continue;
		if (!is_map_ldimm(&b->insns[i]) || has_data_relo(b, i)) {
			i++;
			continue;
		}
		grown = realloc(b->p->raw_map_loads,
				(b->p->n_raw_map_loads + 1) * sizeof(*grown));
		if (!grown)
			return prog_fail(b, "out of memory");
		b->p->raw_map_loads = grown;
		grown[b->p->n_raw_map_loads++] = (uint32_t)i++;
	}
	return 0;
}

static int assemble(struct build *b, struct bv_elf_func *f)
{
	struct bv_error err;

	for (size_t i = 0; i < b->o->n_funcs; i++)
		if (bv_elf_func_is_sub(b->o, &b->o->funcs[i]))
			b->o->funcs[i].sub_insn_off = 0;
	f->sub_insn_off = 0;
	if (append(b, f) || append_relos(b, f) || reloc_code(b, f, 0))
		return -1;
	for (size_t i = 0; i < b->n_relos; i++)
		reloc_one(b, &b->relos[i]);
	if (collect_raw_map_loads(b) || make_func_info(b) || make_line_info(b))
		return -1;
	if (bv_program_set_insns(b->p, b->insns, b->n, &err))
		return prog_fail(b, "%s", err.msg);
	return 0;
}

int bv_elf_build_program(struct bv_elf_obj *o, struct bv_elf_func *f,
			 const struct bv_core_poison *poison,
			 const uint32_t *poison_func, size_t n_poison,
			 bv_program **out)
{
	struct build b = { .o = o };
	const char *sec = o->secs[f->sec_idx].name;

	b.p = bv_program_new();
	if (!b.p)
		return bv_elf_fail(o, "out of memory");
	snprintf(b.p->name, sizeof(b.p->name), "%s", f->name);
	b.p->autoload = sec[0] != '?';
	snprintf(b.p->section, sizeof(b.p->section), "%s", sec + (sec[0] == '?'));
	snprintf(b.p->license, sizeof(b.p->license), "%s", o->license);
	b.p->kern_version = o->kern_version;
	b.p->target_btf = bv_shared_btf_get(o->target_ref);
	b.p->btf = bv_shared_btf_get(o->btf_ref);
	if (!copy_maps(&b) && !assemble(&b, f) &&
	    !copy_poison(&b, f, poison, poison_func, n_poison))
		apply_sec_def(&b);
	free(b.insns);
	free(b.relos);
	free(b.fi.recs);
	free(b.li.recs);
	*out = b.p;
	return 0;
}
