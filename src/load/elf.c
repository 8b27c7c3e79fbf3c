/* SPDX-License-Identifier: MIT */
/* Sections, symbols and functions of a BPF ELF object
 * (bpf_object__elf_init, bpf_object__elf_collect and
 * bpf_object__add_programs of libbpf). */
#include "load/elf.h"

#include <bpf/btf.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bv_elf_fail(struct bv_elf_obj *o, const char *fmt, ...)
{
	va_list ap;

	if (o->err[0])
		return -1;
	va_start(ap, fmt);
	vsnprintf(o->err, sizeof(o->err), fmt, ap);
	va_end(ap);
	return -1;
}

/* bpf_object__elf_init: a 64-bit little-endian relocatable object for
 * EM_BPF (old LLVM wrote EM_NONE) */
static int check_header(struct bv_elf_obj *o)
{
	Elf64_Ehdr *eh;

	if (elf_kind(o->elf) != ELF_K_ELF)
		return bv_elf_fail(o, "not an ELF object");
	if (gelf_getclass(o->elf) != ELFCLASS64)
		return bv_elf_fail(o, "not a 64-bit ELF object");
	eh = elf64_getehdr(o->elf);
	if (!eh)
		return bv_elf_fail(o, "bad ELF header: %s", elf_errmsg(-1));
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return bv_elf_fail(o, "not a little-endian ELF object");
	if (eh->e_type != ET_REL || (eh->e_machine && eh->e_machine != EM_BPF))
		return bv_elf_fail(o, "not an eBPF object file (ELF type %u, machine %u)",
				   eh->e_type, eh->e_machine);
	if (elf_getshdrstrndx(o->elf, &o->shstrndx) ||
	    elf_getshdrnum(o->elf, &o->n_secs))
		return bv_elf_fail(o, "bad section header table: %s",
				   elf_errmsg(-1));
	if (o->n_secs < 2 || o->shstrndx == 0 || o->shstrndx >= o->n_secs)
		return bv_elf_fail(o, "no section names (string table index %zu of %zu sections)",
				   o->shstrndx, o->n_secs);
	return 0;
}

/* One section header, its name and its bytes (libelf checks that they lie
 * inside the file). */
static int read_section(struct bv_elf_obj *o, size_t idx)
{
	struct bv_elf_sec *s = &o->secs[idx];
	Elf_Scn *scn = elf_getscn(o->elf, idx);
	Elf64_Shdr *sh = scn ? elf64_getshdr(scn) : NULL;
	Elf_Data *d;

	if (!sh)
		return bv_elf_fail(o, "section %zu: bad header: %s", idx,
				   elf_errmsg(-1));
	/* a header table at an odd offset is not aligned for Elf64_Shdr */
	memcpy(&s->shdr, (const void *)sh, sizeof(s->shdr));
	s->name = elf_strptr(o->elf, o->shstrndx, s->shdr.sh_name);
	if (!s->name)
		return bv_elf_fail(o, "section %zu: name offset %u is outside the string table",
				   idx, s->shdr.sh_name);
	if (s->shdr.sh_type == SHT_NOBITS) {
		s->size = s->shdr.sh_size;
		return 0;
	}
	d = elf_rawdata(scn, NULL);
	if (!d && s->shdr.sh_size)
		return bv_elf_fail(o, "section '%s': data outside the file (offset %llu, size %llu): %s",
				   s->name, (unsigned long long)s->shdr.sh_offset,
				   (unsigned long long)s->shdr.sh_size, elf_errmsg(-1));
	s->data = d ? d->d_buf : NULL;
	s->size = d && d->d_buf ? d->d_size : 0;
	if (s->size != s->shdr.sh_size)
		return bv_elf_fail(o, "section '%s': truncated (%zu of %llu bytes)",
				   s->name, s->size,
				   (unsigned long long)s->shdr.sh_size);
	return 0;
}

/* The symbol table: exactly one, with 24-byte entries and a string
 * table. */
static int find_symtab(struct bv_elf_obj *o)
{
	for (size_t i = 1; i < o->n_secs; i++) {
		const struct bv_elf_sec *s = &o->secs[i];

		if (s->shdr.sh_type != SHT_SYMTAB)
			continue;
		if (o->syms)
			return bv_elf_fail(o, "several symbol tables");
		if (s->shdr.sh_entsize != sizeof(Elf64_Sym))
			return bv_elf_fail(o, "symbol table entry size %llu, expected %zu",
					   (unsigned long long)s->shdr.sh_entsize,
					   sizeof(Elf64_Sym));
		if (!s->shdr.sh_link || s->shdr.sh_link >= o->n_secs ||
		    o->secs[s->shdr.sh_link].shdr.sh_type != SHT_STRTAB)
			return bv_elf_fail(o, "symbol table links to section %u, not a string table",
					   s->shdr.sh_link);
		o->syms = s->data;
		o->n_syms = s->size / sizeof(Elf64_Sym);
		o->symtab_idx = i;
		o->strtab_idx = s->shdr.sh_link;
	}
	if (!o->syms)
		return bv_elf_fail(o, "no symbol table (stripped object?)");
	return 0;
}

const Elf64_Sym *bv_elf_sym(const struct bv_elf_obj *o, size_t idx,
			    Elf64_Sym *tmp)
{
	if (idx >= o->n_syms)
		return NULL;
	/* section data need not be aligned for Elf64_Sym */
	memcpy(tmp, o->syms + idx * sizeof(*tmp), sizeof(*tmp));
	return tmp;
}

const char *bv_elf_sym_name(const struct bv_elf_obj *o, const Elf64_Sym *sym)
{
	return elf_strptr(o->elf, o->strtab_idx, sym->st_name);
}

const struct bv_elf_sec *bv_elf_sec_by_name(const struct bv_elf_obj *o,
					    const char *name)
{
	for (size_t i = 1; i < o->n_secs; i++)
		if (!strcmp(o->secs[i].name, name))
			return &o->secs[i];
	return NULL;
}

static bool has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* ignore_elf_section: string tables, address-significance tables, an
 * empty .text, DWARF and relocations of DWARF, .BTF and .BTF.ext */
static bool ignored(const struct bv_elf_sec *s)
{
	const char *n = s->name;

	if (s->shdr.sh_type == SHT_STRTAB || s->shdr.sh_type == SHT_LLVM_ADDRSIG)
		return true;
	if (s->shdr.sh_type == SHT_PROGBITS && s->size == 0 && !strcmp(n, ".text"))
		return true;
	if (has_prefix(n, ".rel"))
		n += strlen(".rel");
	return has_prefix(n, ".debug_") ||
	       (n != s->name && (!strcmp(n, ".BTF") || !strcmp(n, ".BTF.ext")));
}

static bool is_named(const char *name, const char *base)
{
	size_t n = strlen(base);

	return !strncmp(name, base, n) && (name[n] == '\0' || name[n] == '.');
}

static int add_funcs(struct bv_elf_obj *o, size_t sec_idx);

/* license, version, maps (legacy), .maps and the data, code and
 * relocation sections, as bpf_object__elf_collect sorts them */
static int classify(struct bv_elf_obj *o, size_t idx)
{
	struct bv_elf_sec *s = &o->secs[idx];
	const Elf64_Shdr *sh = &s->shdr;

	if (ignored(s) || sh->sh_type == SHT_SYMTAB)
		return 0;
	if (!strcmp(s->name, "license")) {
		size_t n = s->size < sizeof(o->license) - 1 ? s->size
							   : sizeof(o->license) - 1;

		/* a section without data (SHT_NOBITS) holds no license */
		if (!s->data)
			n = 0;
		memcpy(o->license, s->data ? (const char *)s->data : "", n);
		o->license[n] = '\0';
	} else if (!strcmp(s->name, "version")) {
		if (s->size != sizeof(o->kern_version) || !s->data)
			return bv_elf_fail(o, "section 'version' has %zu bytes of data, expected 4",
					   s->data ? s->size : 0);
		memcpy(&o->kern_version, s->data, sizeof(o->kern_version));
	} else if (!strcmp(s->name, "maps")) {
		return bv_elf_fail(o, "legacy map definitions in section 'maps' (struct bpf_map_def) are not supported, as in libbpf 1.0+: declare maps in SEC(\".maps\") with __uint/__type");
	} else if (!strcmp(s->name, ".maps")) {
		o->maps_idx = (int)idx;
	} else if (sh->sh_type == SHT_PROGBITS && s->size > 0) {
		if (sh->sh_flags & SHF_EXECINSTR) {
			if (!strcmp(s->name, ".text"))
				o->text_idx = (int)idx;
			s->kind = BV_SEC_PROGS;
			return add_funcs(o, idx);
		}
		if (is_named(s->name, ".data"))
			s->kind = BV_SEC_DATA;
		else if (is_named(s->name, ".rodata"))
			s->kind = BV_SEC_RODATA;
	} else if (sh->sh_type == SHT_REL) {
		if (sh->sh_entsize != sizeof(Elf64_Rel) || sh->sh_info >= o->n_secs ||
		    sh->sh_link != o->symtab_idx)
			return bv_elf_fail(o, "relocation section '%s': bad entry size %llu, target %u or symbol table %u",
					   s->name, (unsigned long long)sh->sh_entsize,
					   sh->sh_info, sh->sh_link);
		s->kind = BV_SEC_RELO;
	} else if (sh->sh_type == SHT_NOBITS && is_named(s->name, ".bss")) {
		s->kind = BV_SEC_BSS;
	}
	return 0;
}

static int cmp_funcs(const void *pa, const void *pb)
{
	const struct bv_elf_func *a = pa, *b = pb;

	if (a->sec_idx != b->sec_idx)
		return a->sec_idx < b->sec_idx ? -1 : 1;
	return a->sec_insn_off < b->sec_insn_off ? -1
	       : a->sec_insn_off > b->sec_insn_off;
}

/* bpf_object__init_prog's checks of one function symbol */
static int check_func_sym(struct bv_elf_obj *o, const struct bv_elf_sec *s,
			  const Elf64_Sym *sym, const char *name)
{
	if (sym->st_value % BV_INSN_SZ || sym->st_size % BV_INSN_SZ ||
	    sym->st_size == 0)
		return bv_elf_fail(o, "section '%s': function '%s' at offset %llu has size %llu, not a positive multiple of 8",
				   s->name, name, (unsigned long long)sym->st_value,
				   (unsigned long long)sym->st_size);
	if (sym->st_value > s->size || sym->st_size > s->size - sym->st_value)
		return bv_elf_fail(o, "section '%s': function '%s' (offset %llu, size %llu) crosses the section's end (%zu bytes)",
				   s->name, name, (unsigned long long)sym->st_value,
				   (unsigned long long)sym->st_size, s->size);
	if (o->text_idx != (int)(s - o->secs) &&
	    ELF64_ST_BIND(sym->st_info) == STB_LOCAL)
		return bv_elf_fail(o, "section '%s': program '%s' is static, which libbpf does not support outside .text",
				   s->name, name);
	return 0;
}

static int add_func(struct bv_elf_obj *o, size_t sec_idx, const Elf64_Sym *sym,
		    const char *name)
{
	const struct bv_elf_sec *s = &o->secs[sec_idx];
	struct bv_elf_func *grown, *f;
	uint8_t vis = ELF64_ST_VISIBILITY(sym->st_other);

	if (check_func_sym(o, s, sym, name))
		return -1;
	grown = realloc(o->funcs, (o->n_funcs + 1) * sizeof(*grown));
	if (!grown)
		return bv_elf_fail(o, "out of memory");
	o->funcs = grown;
	f = &o->funcs[o->n_funcs];
	memset(f, 0, sizeof(*f));
	f->name = strdup(name);
	f->insns = malloc(sym->st_size);
	if (!f->name || !f->insns) {
		free(f->name);
		free(f->insns);
		return bv_elf_fail(o, "out of memory");
	}
	o->n_funcs++;
	memcpy(f->insns, s->data + sym->st_value, sym->st_size);
	f->sec_idx = sec_idx;
	f->sec_insn_off = sym->st_value / BV_INSN_SZ;
	f->sec_insn_cnt = sym->st_size / BV_INSN_SZ;
	f->sym_global = ELF64_ST_BIND(sym->st_info) != STB_LOCAL;
	f->mark_btf_static = f->sym_global &&
			     (vis == STV_HIDDEN || vis == STV_INTERNAL);
	return 0;
}

/* bpf_object__add_programs: every STT_FUNC symbol of the section */
static int add_funcs(struct bv_elf_obj *o, size_t sec_idx)
{
	const struct bv_elf_sec *s = &o->secs[sec_idx];

	if (s->size % BV_INSN_SZ)
		return bv_elf_fail(o, "section '%s': %zu bytes of code is not a multiple of 8",
				   s->name, s->size);
	for (size_t i = 0; i < o->n_syms; i++) {
		Elf64_Sym tmp;
		const Elf64_Sym *sym = bv_elf_sym(o, i, &tmp);
		const char *name;

		if (sym->st_shndx != sec_idx || ELF64_ST_TYPE(sym->st_info) != STT_FUNC)
			continue;
		name = bv_elf_sym_name(o, sym);
		if (!name)
			return bv_elf_fail(o, "symbol %zu: name offset %u is outside the string table",
					   i, sym->st_name);
		if (add_func(o, sec_idx, sym, name))
			return -1;
	}
	return 0;
}

/* Two functions of one section must not overlap: the relocation and
 * line-info lookups assume disjoint ranges. */
static int check_overlaps(struct bv_elf_obj *o)
{
	for (size_t i = 1; i < o->n_funcs; i++) {
		const struct bv_elf_func *a = &o->funcs[i - 1], *b = &o->funcs[i];

		if (a->sec_idx == b->sec_idx &&
		    a->sec_insn_off + a->sec_insn_cnt > b->sec_insn_off)
			return bv_elf_fail(o, "section '%s': functions '%s' and '%s' overlap",
					   o->secs[a->sec_idx].name, a->name, b->name);
	}
	return 0;
}

int bv_elf_parse(struct bv_elf_obj *o, const void *buf, size_t len)
{
	const struct bv_elf_sec *btf, *ext;

	o->text_idx = o->maps_idx = o->kconfig_map = -1;
	elf_version(EV_CURRENT);
	o->elf = elf_memory((char *)buf, len);
	if (!o->elf)
		return bv_elf_fail(o, "not an ELF object: %s", elf_errmsg(-1));
	if (check_header(o))
		return -1;
	o->secs = calloc(o->n_secs, sizeof(*o->secs));
	if (!o->secs)
		return bv_elf_fail(o, "out of memory");
	for (size_t i = 1; i < o->n_secs; i++)
		if (read_section(o, i))
			return -1;
	if (find_symtab(o))
		return -1;
	for (size_t i = 1; i < o->n_secs; i++)
		if (classify(o, i))
			return -1;
	if (o->n_funcs)
		qsort(o->funcs, o->n_funcs, sizeof(*o->funcs), cmp_funcs);
	if (check_overlaps(o))
		return -1;
	btf = bv_elf_sec_by_name(o, ".BTF");
	ext = bv_elf_sec_by_name(o, ".BTF.ext");
	return bv_btf_load(o, btf, ext);
}

/* find_prog_by_sec_insn */
struct bv_elf_func *bv_elf_func_at(const struct bv_elf_obj *o, size_t sec_idx,
				   size_t insn_idx)
{
	size_t l = 0, r;

	if (!o->n_funcs)
		return NULL;
	r = o->n_funcs - 1;
	while (l < r) {
		size_t m = l + (r - l + 1) / 2;
		const struct bv_elf_func *f = &o->funcs[m];

		if (f->sec_idx < sec_idx ||
		    (f->sec_idx == sec_idx && f->sec_insn_off <= insn_idx))
			l = m;
		else
			r = m - 1;
	}
	if (o->funcs[l].sec_idx == sec_idx && insn_idx >= o->funcs[l].sec_insn_off &&
	    insn_idx < o->funcs[l].sec_insn_off + o->funcs[l].sec_insn_cnt)
		return &o->funcs[l];
	return NULL;
}

/* prog_is_subprog: a .text function, unless it is the only function */
bool bv_elf_func_is_sub(const struct bv_elf_obj *o, const struct bv_elf_func *f)
{
	return (int)f->sec_idx == o->text_idx && o->n_funcs > 1;
}

void bv_elf_release(struct bv_elf_obj *o)
{
	for (size_t i = 0; i < o->n_funcs; i++) {
		free(o->funcs[i].name);
		free(o->funcs[i].insns);
		free(o->funcs[i].relos);
	}
	free(o->funcs);
	for (size_t i = 0; i < o->n_maps; i++)
		free(o->maps[i].extra.init);
	free(o->externs);
	free(o->func_info.secs);
	free(o->line_info.secs);
	free(o->core_relo.secs);
	bv_core_free_cands(o);
	if (o->btf_ref)
		bv_shared_btf_put(o->btf_ref);
	else
		btf__free(o->btf);
	bv_shared_btf_put(o->target_ref);
	free(o->secs);
	if (o->elf)
		elf_end(o->elf);
}
