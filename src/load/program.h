/* SPDX-License-Identifier: MIT */
/* The program container behind the opaque bv_program. */
#ifndef BV_LOAD_PROGRAM_H
#define BV_LOAD_PROGRAM_H

#include "bpfverify.h"

#include <pthread.h>
#include <stdatomic.h>

struct btf;

/* A BTF shared by the programs of one object (and by the programs of every
 * object opened against the same target BTF): freed with its last user. */
struct bv_btf_name;

struct bv_shared_btf {
	atomic_uint refs;
	struct btf *btf;
	/* the struct and union names, sorted, built on the first look-up
	 * (bv_shared_btf_find); guarded by lock until then */
	pthread_mutex_t lock;
	struct bv_btf_name *names;
	size_t n_names;
};

struct bv_shared_btf *bv_shared_btf_new(struct btf *btf);
struct bv_shared_btf *bv_shared_btf_get(struct bv_shared_btf *s);
void bv_shared_btf_put(struct bv_shared_btf *s);
/* btf__find_by_name_kind for BTF_KIND_STRUCT and BTF_KIND_UNION, in
 * O(log n) after a first call that indexes the names (a linear search when
 * the index cannot be allocated): the id, or -1. Thread-safe. */
int bv_shared_btf_find(struct bv_shared_btf *s, const char *name, int kind);

/* One line_info record (struct bpf_line_info) of a program, with the
 * instruction offset already relative to the prepared program (libbpf's
 * adjust_prog_btf_ext_info), the strings resolved in the program's BTF.
 * Records are sorted by insn_off, as the kernel requires. */
struct bv_line_info {
	uint32_t insn_off;
	uint32_t file_name_off; /* BTF string offsets: verbose_linfo compares */
	uint32_t line_off;      /* records by these, not by the text */
	uint32_t line_num;      /* BPF_LINE_INFO_LINE_NUM(line_col) */
	uint32_t line_col;      /* BPF_LINE_INFO_LINE_COL(line_col) */
	const char *line;       /* the source line as the log prints it:
				   leading whitespace removed (ltrim) */
	const char *file;       /* the file name without directories */
};

/* One func_info record (struct bpf_func_info): a subprogram's start and its
 * BTF FUNC. */
struct bv_func_info {
	uint32_t insn_off;
	uint32_t type_id; /* BTF_KIND_FUNC in the program's BTF */
	const char *name;
	/* BTF_FUNC_GLOBAL linkage, after libbpf marks hidden globals static:
	 * the kernel verifies such a subprogram on its own (do_check_subprogs)
	 * and checks calls to it against its prototype only. */
	bool global;
};

/* What a map of an ELF object adds to struct bv_map_def. */
enum bv_map_origin {
	BV_MAP_USER = 0,   /* a .maps definition, or --map / .map */
	BV_MAP_DATA,       /* .data, .data.*: array of one value */
	BV_MAP_RODATA,     /* .rodata, .rodata.*: BPF_F_RDONLY_PROG, frozen */
	BV_MAP_BSS,        /* .bss, .bss.*: zero-filled */
	BV_MAP_KCONFIG,    /* .kconfig externs: BPF_F_RDONLY_PROG, frozen */
};

struct bv_map_extra {
	enum bv_map_origin origin;
	/* The value libbpf writes before the program loads (value_size
	 * bytes), for global data maps; NULL otherwise. With frozen set (and
	 * BPF_F_RDONLY_PROG in the flags), the kernel treats loads from it
	 * as known constants (bpf_map_is_rdonly, bpf_map_direct_read). */
	uint8_t *init;
	bool frozen;
	uint32_t btf_key_type_id;   /* in the program's BTF; 0: none */
	uint32_t btf_value_type_id; /* for global data: its DATASEC */
	uint64_t map_extra;
	/* The inner map template of a map-in-map (".inner"). */
	bool has_inner;
	struct bv_map_def inner;
};

/* An instruction libbpf poisoned because its CO-RE relocation could not be
 * resolved (bpf_core_poison_insn): the kernel rejects it, if reachable,
 * with "invalid func unknown#195896080", which libbpf's log fixup rewrites
 * into "failed to resolve CO-RE relocation <spec>". */
#define BV_CORE_POISON_IMM 195896080
#define BV_CORE_SPEC_LEN 256
struct bv_core_poison {
	uint32_t insn_off;
	char spec[BV_CORE_SPEC_LEN]; /* bpf_core_format_spec of the local spec */
};

#define BV_PROG_NAME_LEN 128
#define BV_SEC_NAME_LEN 128

struct bv_program {
	struct bv_insn *insns;
	size_t n_insns;
	struct bv_map_def maps[BV_MAX_MAPS];
	size_t n_maps;
	uint32_t prog_type;
	uint32_t attach_type;
	uint32_t prog_flags;
	enum bv_privilege privilege;
	struct bv_expectation expect;

	/* From an ELF object (all empty for assembly and raw input). */
	char name[BV_PROG_NAME_LEN];    /* the entry function's symbol */
	char section[BV_SEC_NAME_LEN];  /* its ELF section, without a '?' */
	bool autoload;                  /* false for SEC("?...") */
	/* Why the program cannot be prepared (unknown section, attach target
	 * missing, ...): the program is bad input; "" when it is fine. With
	 * unsupported set, it is valid input bpfverify cannot handle yet. */
	char error[BV_ERROR_LEN];
	bool unsupported;
	bool sec_unknown; /* the error is only the section's name */
	uint32_t kern_version;
	char license[64];
	struct bv_map_extra map_extra[BV_MAX_MAPS];
	/* The object's BTF (func_info and line_info name into it) and the
	 * target kernel BTF (attach targets, kfuncs, CO-RE); NULL without. */
	struct bv_shared_btf *btf;
	struct bv_shared_btf *target_btf;
	struct bv_func_info *func_info;
	size_t n_func_info;
	struct bv_line_info *line_info;
	size_t n_line_info;
	/* BTF-attached programs (fentry/, lsm/, tp_btf/, iter/): the target
	 * in target_btf, as libbpf's libbpf_find_attach_btf_id finds it. */
	uint32_t attach_btf_id;
	char attach_name[BV_PROG_NAME_LEN];
	struct bv_core_poison *core_poison;
	size_t n_core_poison;
	/* ELF objects: the map loads (src_reg 1, 2, 5 or 6) no relocation
	 * filled in, as sorted instruction indices. libbpf hands them to the
	 * kernel as written, so their imm is an fd (or fd_array index) of the
	 * loading process, never one of the object's maps. */
	uint32_t *raw_map_loads;
	size_t n_raw_map_loads;
};

/* The hook for the log's source annotations: verbose_linfo() of
 * kernel/bpf/log.c. Returns the line_info record the kernel prints before
 * instruction insn_idx, or NULL when it prints none, and then makes it the
 * previous one (*prev, the kernel's env->prev_linfo). The verifier prints a
 * returned record r as
 *	"; %s @ %s:%u\n", r->line, r->file, r->line_num
 * (the "; " is verbose_linfo's prefix argument). See docs/architecture.md
 * for where the kernel calls it and when *prev is reset. */
const struct bv_line_info *bv_linfo_next(const struct bv_program *prog,
					 size_t insn_idx,
					 const struct bv_line_info **prev);

/* find_linfo(): the record covering insn_idx (the last one whose insn_off
 * is <= insn_idx), or NULL without line info or past the program's end. */
const struct bv_line_info *bv_linfo_find(const struct bv_program *prog,
					 size_t insn_idx);

/* The func_info record of the subprogram starting at insn_off, or NULL. */
const struct bv_func_info *bv_func_info_at(const struct bv_program *prog,
					   size_t insn_off);

/* What map creation refuses before any program is loaded: max_entries 0
 * for types other than the storages. Fills err and returns -1 then. */
int bv_map_check_create(const struct bv_map_def *map, struct bv_error *err);

/* The flags the kernel holds for a created map: its creation flags, plus
 * BPF_F_RDONLY_PROG for devmap and devmap_hash (dev_map_init_map sets it:
 * a lookup returns the device's ifindex, which programs may not change). */
uint32_t bv_map_kernel_flags(const struct bv_map_def *map);

/* Index of the map the 64-bit immediate load at insn_idx refers to, or -1.
 * Map loads in assembly and relocated loads of an ELF object carry the
 * map's index as their fd; raw input carries an fd that --map declared. */
int bv_program_map_for_ldimm(const struct bv_program *prog, size_t insn_idx);

/* The name of the kfunc a BPF_PSEUDO_KFUNC_CALL insn calls, as
 * disasm_kfunc_name finds it in the kernel's BTF (module BTF, off != 0, is
 * not read), or NULL. */
const char *bv_program_kfunc_name(const struct bv_program *prog,
				  const struct bv_insn *insn);

/* Whether the load at insn_idx is one of prog->raw_map_loads. */
bool bv_program_ldimm_is_raw(const struct bv_program *prog, size_t insn_idx);

/* Map index space of the verifier's registers: 0..BV_MAX_MAPS-1 are the
 * program's maps, BV_MAX_MAPS + i the inner map template of map-in-map i
 * (what a lookup in map i returns once checked for NULL). */
#define BV_INNER_MAP(idx) (BV_MAX_MAPS + (idx))
const struct bv_map_def *bv_program_map_at(const struct bv_program *prog,
					   int idx);

/* The name the kernel keeps for a map (BPF_OBJ_NAME_LEN - 1 characters of
 * [A-Za-z0-9_.]); the verifier log prints it as "map=NAME". */
#define BV_KERNEL_MAP_NAME_LEN 16
void bv_kernel_map_name(const char *name, char out[BV_KERNEL_MAP_NAME_LEN]);

/* Whether the program's context is its attach target's arguments typed
 * by the target's BTF prototype (tp_btf, fentry, fexit, fmod_ret and
 * known iterators, attached in the target BTF): bpf_tracing_btf_ctx_access
 * judges its context. */
bool bv_prog_has_btf_ctx(const bv_program *prog);

/* Whether the program's license is GPL-compatible (assembly and raw input,
 * which have none, load as "GPL"). */
bool bv_program_gpl_compatible(const bv_program *prog);

#endif
