/* SPDX-License-Identifier: MIT */
/* Relocations and program assembly, as libbpf's
 * bpf_object__collect_prog_relos, bpf_program__record_reloc,
 * bpf_object__relocate_calls (reloc_code, append_subprog_code),
 * reloc_prog_func_and_line_info and bpf_object__relocate_data do. */
#include "load/elf.h"

#include <bpf/btf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_call(const struct bv_insn *insn)
{
	return insn->code == (BV_JMP | BV_CALL);
}

static bool is_ldimm64(const struct bv_insn *insn)
{
	return bv_is_ldimm64(insn->code);
}

/* sym_is_subprog: a local section symbol or a global function of .text */
static bool sym_is_subprog(const Elf64_Sym *sym, int text_idx)
{
	int bind = ELF64_ST_BIND(sym->st_info), type = ELF64_ST_TYPE(sym->st_info);

	return (int)sym->st_shndx == text_idx &&
	       ((bind == STB_LOCAL && type == STT_SECTION) ||
		(bind == STB_GLOBAL && type == STT_FUNC));
}

static bool sym_is_extern(const Elf64_Sym *sym)
{
	int bind = ELF64_ST_BIND(sym->st_info);

	return sym->st_shndx == SHN_UNDEF && (bind == STB_GLOBAL || bind == STB_WEAK) &&
	       ELF64_ST_TYPE(sym->st_info) == STT_NOTYPE;
}

struct relo_ctx {
	struct bv_elf_obj *o;
	struct bv_elf_func *f;
	size_t insn_idx; /* in f */
	size_t sym_idx;
	const Elf64_Sym *sym;
	const char *sym_name;
};

static int relo_fail(const struct relo_ctx *c, const char *what)
{
	return bv_elf_fail(c->o, "program '%s': instruction %zu: %s relocation against '%s'",
			   c->f->name, c->insn_idx, what, c->sym_name);
}

static int extern_relo(const struct relo_ctx *c, struct bv_relo *r)
{
	for (size_t i = 0; i < c->o->n_externs; i++) {
		if (c->o->externs[i].sym_idx != c->sym_idx)
			continue;
		r->type = is_call(&c->f->insns[c->insn_idx]) ? BV_RELO_EXTERN_CALL
							     : BV_RELO_EXTERN_LD64;
		r->ext_idx = (int)i;
		return 0;
	}
	return relo_fail(c, "an unknown extern's");
}

static int map_relo(const struct relo_ctx *c, struct bv_relo *r)
{
	const struct bv_elf_obj *o = c->o;
	size_t shndx = c->sym->st_shndx;
	enum bv_sec_kind kind = o->secs[shndx].kind;
	static const enum bv_map_origin origin[] = {
		[BV_SEC_DATA] = BV_MAP_DATA, [BV_SEC_RODATA] = BV_MAP_RODATA,
		[BV_SEC_BSS] = BV_MAP_BSS,
	};
	bool data = kind == BV_SEC_DATA || kind == BV_SEC_RODATA || kind == BV_SEC_BSS;

	if (!data && (int)shndx != o->maps_idx)
		return relo_fail(c, "a map");
	for (size_t i = 0; i < o->n_maps; i++) {
		const struct bv_obj_map *m = &o->maps[i];

		if (m->sec_idx != shndx)
			continue;
		if (data ? m->extra.origin != origin[kind]
			 : m->extra.origin != BV_MAP_USER || m->sec_offset != c->sym->st_value)
			continue;
		r->type = data ? BV_RELO_DATA : BV_RELO_LD64;
		r->map_idx = (int)i;
		r->sym_off = data ? (int64_t)c->sym->st_value : 0;
		return 0;
	}
	return relo_fail(c, data ? "a data" : "an unknown map's");
}

/* bpf_program__record_reloc */
static int record(const struct relo_ctx *c, struct bv_relo *r)
{
	struct bv_insn *insn = &c->f->insns[c->insn_idx];
	const Elf64_Sym *sym = c->sym;

	r->insn_idx = (uint32_t)c->insn_idx;
	if (!is_call(insn) && !is_ldimm64(insn))
		return relo_fail(c, "a non-call, non-64-bit-load");
	if (is_ldimm64(insn) && c->insn_idx + 1 >= c->f->sec_insn_cnt)
		return relo_fail(c, "a truncated 64-bit load's");
	if (sym_is_extern(sym))
		return extern_relo(c, r);
	if (is_call(insn)) {
		if (insn->src_reg != BV_PSEUDO_CALL || (int)sym->st_shndx != c->o->text_idx ||
		    sym->st_value % BV_INSN_SZ)
			return relo_fail(c, "a bad call");
		r->type = BV_RELO_CALL;
		r->sym_off = (int64_t)sym->st_value;
		return 0;
	}
	if (!sym->st_shndx || sym->st_shndx >= c->o->n_secs)
		return relo_fail(c, "a special section's (uninitialized global?)");
	if (sym_is_subprog(sym, c->o->text_idx)) {
		if (sym->st_value % BV_INSN_SZ || insn->imm % BV_INSN_SZ)
			return relo_fail(c, "a bad function address");
		r->type = BV_RELO_SUBPROG_ADDR;
		r->sym_off = (int64_t)sym->st_value;
		insn->src_reg = BV_PSEUDO_FUNC; /* as bpf_object__relocate marks it */
		return 0;
	}
	return map_relo(c, r);
}

static int add_relo(struct bv_elf_obj *o, struct bv_elf_func *f,
		    const struct bv_relo *r)
{
	struct bv_relo *grown = realloc(f->relos, (f->n_relos + 1) * sizeof(*grown));

	if (!grown)
		return bv_elf_fail(o, "out of memory");
	f->relos = grown;
	f->relos[f->n_relos++] = *r;
	return 0;
}

static int one_relo(struct bv_elf_obj *o, const struct bv_elf_sec *rs,
		    size_t target, size_t i)
{
	Elf64_Rel rel;
	Elf64_Sym tmp;
	struct relo_ctx c = { .o = o };
	struct bv_relo r = { .map_idx = -1, .ext_idx = -1 };

	memcpy(&rel, rs->data + i * sizeof(rel), sizeof(rel));
	c.sym_idx = ELF64_R_SYM(rel.r_info);
	c.sym = bv_elf_sym(o, c.sym_idx, &tmp);
	if (!c.sym)
		return bv_elf_fail(o, "section '%s': relocation %zu names symbol %zu of %zu",
				   rs->name, i, c.sym_idx, o->n_syms);
	if (c.sym->st_shndx >= o->n_secs && c.sym->st_shndx < SHN_LORESERVE)
		return bv_elf_fail(o, "section '%s': relocation %zu: symbol %zu points to section %u of %zu",
				   rs->name, i, c.sym_idx, c.sym->st_shndx, o->n_secs);
	if (rel.r_offset % BV_INSN_SZ || rel.r_offset >= o->secs[target].size)
		return bv_elf_fail(o, "section '%s': relocation %zu at offset %llu is outside the code",
				   rs->name, i, (unsigned long long)rel.r_offset);
	c.f = bv_elf_func_at(o, target, rel.r_offset / BV_INSN_SZ);
	if (!c.f)
		return 0; /* an overridden weak function, as libbpf skips it */
	c.insn_idx = rel.r_offset / BV_INSN_SZ - c.f->sec_insn_off;
	c.sym_name = ELF64_ST_TYPE(c.sym->st_info) == STT_SECTION && !c.sym->st_name &&
				     c.sym->st_shndx < o->n_secs
			     ? o->secs[c.sym->st_shndx].name
			     : bv_elf_sym_name(o, c.sym);
	if (!c.sym_name)
		c.sym_name = "<?>";
	if (record(&c, &r))
		return -1;
	return add_relo(o, c.f, &r);
}

static int cmp_relos(const void *pa, const void *pb)
{
	const struct bv_relo *a = pa, *b = pb;

	if (a->insn_idx != b->insn_idx)
		return a->insn_idx < b->insn_idx ? -1 : 1;
	return a->type < b->type ? -1 : a->type > b->type;
}

/* bpf_object__collect_relos for code sections (.rel.maps initial slots
 * and .rel.struct_ops do not change what the verifier sees) */
int bv_elf_collect_relos(struct bv_elf_obj *o)
{
	for (size_t s = 1; s < o->n_secs; s++) {
		const struct bv_elf_sec *rs = &o->secs[s];
		size_t target = rs->shdr.sh_info;

		if (rs->kind != BV_SEC_RELO || o->secs[target].kind != BV_SEC_PROGS)
			continue;
		for (size_t i = 0; i < rs->size / sizeof(Elf64_Rel); i++)
			if (one_relo(o, rs, target, i))
				return -1;
	}
	for (size_t i = 0; i < o->n_funcs; i++)
		if (o->funcs[i].n_relos)
			qsort(o->funcs[i].relos, o->funcs[i].n_relos,
			      sizeof(struct bv_relo), cmp_relos);
	return 0;
}
