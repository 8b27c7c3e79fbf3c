/* SPDX-License-Identifier: MIT */
/* Reading a BPF ELF object the way libbpf's bpf_object__open and the
 * relocation half of bpf_object__load prepare it (src/libbpf.c). The parts:
 *   elf.c         sections, symbols, programs (bpf_object__elf_collect)
 *   elf_maps.c    .maps, global data and .kconfig maps, externs
 *   elf_reloc.c   relocations, subprogram appending, per-program output
 *   btf_ext.c     .BTF checks and .BTF.ext func_info, line_info, CO-RE
 *   core.c        CO-RE relocations against the target BTF
 *   elf_object.c  the public bv_object API
 * Every index and size read from the file is checked before use: a
 * malformed object is one error line, never a crash. */
#ifndef BV_LOAD_ELF_H
#define BV_LOAD_ELF_H

#include "load/program.h"
#include "load/sec_def.h"
#include "isa/opcodes.h"

#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>

#define BV_INSN_SZ 8
#ifndef SHT_LLVM_ADDRSIG
#define SHT_LLVM_ADDRSIG 0x6FFF4C03
#endif
#define BV_OBJ_NAME_LEN 16 /* BPF_OBJ_NAME_LEN */

enum bv_sec_kind {
	BV_SEC_UNUSED = 0,
	BV_SEC_PROGS,  /* executable: functions */
	BV_SEC_DATA,   /* .data, .data.* */
	BV_SEC_RODATA, /* .rodata, .rodata.* */
	BV_SEC_BSS,    /* .bss, .bss.* */
	BV_SEC_RELO,   /* relocations for an executable section or .maps */
};

struct bv_elf_sec {
	const char *name;
	Elf64_Shdr shdr;
	const uint8_t *data; /* NULL for SHT_NOBITS */
	size_t size;
	enum bv_sec_kind kind;
};

enum bv_relo_type {
	BV_RELO_LD64,        /* map of .maps */
	BV_RELO_CALL,        /* call of a .text function */
	BV_RELO_DATA,        /* global data */
	BV_RELO_EXTERN_LD64, /* .kconfig or __ksym variable */
	BV_RELO_EXTERN_CALL, /* kfunc */
	BV_RELO_SUBPROG_ADDR /* address of a .text function (callbacks) */
};

struct bv_relo {
	enum bv_relo_type type;
	uint32_t insn_idx; /* in the function's own (then main's) frame */
	int map_idx;
	int ext_idx;
	int64_t sym_off;
};

/* A function of an executable section (struct bpf_program): an entry
 * program, or a subprogram when it lives in .text. */
struct bv_elf_func {
	char *name;
	size_t sec_idx;
	size_t sec_insn_off, sec_insn_cnt;
	struct bv_insn *insns; /* this function's code, CO-RE applied */
	bool sym_global;
	bool mark_btf_static; /* global but hidden: libbpf makes it static */
	struct bv_relo *relos;
	size_t n_relos;
	size_t sub_insn_off; /* where it was appended in the current main */
};

enum bv_kcfg_type { BV_KCFG_UNKNOWN, BV_KCFG_CHAR, BV_KCFG_BOOL, BV_KCFG_INT,
		    BV_KCFG_TRISTATE, BV_KCFG_CHAR_ARR };

struct bv_extern {
	const char *name; /* in the object's BTF */
	size_t sym_idx;
	bool is_weak;
	bool is_kcfg;  /* .kconfig; else .ksyms */
	bool is_set;
	enum bv_kcfg_type kcfg_type;
	int kcfg_sz, kcfg_align, kcfg_off;
	bool kcfg_signed;
	uint32_t ksym_type_id;   /* local type; 0: typeless */
	bool ksym_func;
	uint32_t kernel_btf_id;  /* resolved in the target BTF */
};

struct bv_obj_map {
	struct bv_map_def def;
	struct bv_map_extra extra;
	size_t sec_idx;
	uint64_t sec_offset;
	uint32_t btf_var_idx;
};

struct bv_ext_sec {
	uint32_t sec_name_off;
	uint32_t num_info;
	const uint8_t *recs;
	int sec_idx; /* ELF section of that name, -1 when none */
};

struct bv_ext_info {
	uint32_t rec_size;
	struct bv_ext_sec *secs;
	size_t n_secs;
};

struct bv_elf_obj {
	char name[BV_OBJ_NAME_LEN];
	Elf *elf;
	size_t n_secs;
	struct bv_elf_sec *secs;
	size_t shstrndx;
	const uint8_t *syms;
	size_t n_syms;
	size_t symtab_idx;
	size_t strtab_idx;
	int text_idx;
	int maps_idx;
	int kconfig_map;

	struct bv_elf_func *funcs; /* sorted by (section, offset) */
	size_t n_funcs;
	struct bv_obj_map maps[BV_MAX_MAPS];
	size_t n_maps;
	struct bv_extern *externs;
	size_t n_externs;

	struct btf *btf;        /* .BTF, fixed up as libbpf does */
	struct bv_shared_btf *btf_ref; /* owns btf once programs share it */
	struct btf *target;     /* borrowed from target_ref */
	struct bv_shared_btf *target_ref;
	struct bv_ext_info func_info, line_info, core_relo;
	/* candidate cache of CO-RE relocations (core.c) */
	struct bv_core_cands *cands;

	char license[64];
	uint32_t kern_version;
	char err[BV_ERROR_LEN];
};

/* insn_is_subprog_call and insn_is_pseudo_func of libbpf */
static inline bool bv_insn_is_subprog_call(const struct bv_insn *insn)
{
	return insn->code == (BV_JMP | BV_CALL) && insn->src_reg == BV_PSEUDO_CALL &&
	       insn->dst_reg == 0 && insn->off == 0;
}

static inline bool bv_insn_is_pseudo_func(const struct bv_insn *insn)
{
	return bv_is_ldimm64(insn->code) && insn->src_reg == BV_PSEUDO_FUNC;
}

/* Records the first error of an object; returns -1. */
__attribute__((format(printf, 2, 3))) int bv_elf_fail(struct bv_elf_obj *o,
						      const char *fmt, ...);

/* elf.c */
int bv_elf_parse(struct bv_elf_obj *o, const void *buf, size_t len);
const Elf64_Sym *bv_elf_sym(const struct bv_elf_obj *o, size_t idx,
			    Elf64_Sym *tmp);
const char *bv_elf_sym_name(const struct bv_elf_obj *o, const Elf64_Sym *sym);
const struct bv_elf_sec *bv_elf_sec_by_name(const struct bv_elf_obj *o,
					    const char *name);
struct bv_elf_func *bv_elf_func_at(const struct bv_elf_obj *o, size_t sec_idx,
				   size_t insn_idx);
bool bv_elf_func_is_sub(const struct bv_elf_obj *o,
			const struct bv_elf_func *f);
void bv_elf_release(struct bv_elf_obj *o);

/* btf_ext.c */
int bv_btf_load(struct bv_elf_obj *o, const struct bv_elf_sec *btf,
		const struct bv_elf_sec *ext);
int bv_btf_validate(const struct btf *btf, char *why, size_t len);
int bv_btf_fixup_datasecs(struct bv_elf_obj *o);
const uint8_t *bv_ext_rec(const struct bv_ext_info *info,
			  const struct bv_ext_sec *sec, uint32_t i);

/* elf_maps.c */
int bv_elf_collect_externs(struct bv_elf_obj *o);
int bv_elf_init_maps(struct bv_elf_obj *o);
int bv_elf_resolve_externs(struct bv_elf_obj *o);

/* core.c: applies the CO-RE relocations of .BTF.ext to the functions'
 * instructions; records poisoned instructions in each function. */
struct bv_core_result;
int bv_core_relocate(struct bv_elf_obj *o, struct bv_core_poison **poison,
		     size_t *n_poison, uint32_t **poison_func);
void bv_core_free_cands(struct bv_elf_obj *o);

/* elf_reloc.c */
int bv_elf_collect_relos(struct bv_elf_obj *o);
/* Builds the prepared program of entry function f (a bv_program with its
 * appended subprograms, relocated instructions, maps, func and line
 * info); program-level problems go to prog->error. */
int bv_elf_build_program(struct bv_elf_obj *o, struct bv_elf_func *f,
			 const struct bv_core_poison *poison,
			 const uint32_t *poison_func, size_t n_poison,
			 bv_program **out);

/* elf_object.c: detaches the only program of obj (input.c) */
int bv_object_take_single(bv_object *obj, bv_program **out, struct bv_error *err);

/* The type behind modifiers and typedefs (at most 64 of them, so that a
 * cycle in hostile BTF ends); *res, if given, gets its id. */
const struct btf_type *bv_btf_skip_mods(const struct btf *btf, uint32_t id,
				       uint32_t *res);

#endif
