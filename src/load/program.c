/* SPDX-License-Identifier: MIT */
#include "load/program.h"
#include "isa/opcodes.h"
#include "spec/iter_ctx.h"

#include <bpf/btf.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* BPF_PROG_TYPE_SOCKET_FILTER: what bpftool and the kernel assume when no
 * type is given. */
#define DEFAULT_PROG_TYPE 1

bv_program *bv_program_new(void)
{
	bv_program *prog = calloc(1, sizeof(*prog));

	if (prog) {
		prog->prog_type = DEFAULT_PROG_TYPE;
		prog->autoload = true;
	}
	return prog;
}

void bv_program_free(bv_program *prog)
{
	if (!prog)
		return;
	for (size_t i = 0; i < prog->n_maps; i++)
		free(prog->map_extra[i].init);
	bv_shared_btf_put(prog->btf);
	bv_shared_btf_put(prog->target_btf);
	free(prog->func_info);
	free(prog->line_info);
	free(prog->core_poison);
	free(prog->raw_map_loads);
	free(prog->insns);
	free(prog);
}

struct bv_shared_btf *bv_shared_btf_new(struct btf *btf)
{
	struct bv_shared_btf *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	atomic_init(&s->refs, 1);
	s->btf = btf;
	pthread_mutex_init(&s->lock, NULL);
	return s;
}

struct bv_btf_name {
	const char *name;
	uint32_t id;
	uint8_t kind;
};

/* by name, then kind, then id: the first of equal names and kinds is the
 * lowest id, the one btf__find_by_name_kind finds */
static int cmp_name(const void *a, const void *b)
{
	const struct bv_btf_name *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void index_names(struct bv_shared_btf *s)
{
	uint32_t n = btf__type_cnt(s->btf);
	struct bv_btf_name *v = malloc(n * sizeof(*v));
	size_t k = 0;

	if (!v)
		return;
	for (uint32_t id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(s->btf, id);
		const char *name = btf__name_by_offset(s->btf, t->name_off);

		if ((btf_is_struct(t) || btf_is_union(t)) && name && name[0])
			v[k++] = (struct bv_btf_name){ name, id,
						       (uint8_t)btf_kind(t) };
	}
	qsort(v, k, sizeof(*v), cmp_name);
	s->names = v;
	s->n_names = k;
}

int bv_shared_btf_find(struct bv_shared_btf *s, const char *name, int kind)
{
	struct bv_btf_name key = { name, 0, (uint8_t)kind };
	size_t lo = 0, hi;

	if (kind != BTF_KIND_STRUCT && kind != BTF_KIND_UNION)
		return btf__find_by_name_kind(s->btf, name, kind);
	pthread_mutex_lock(&s->lock);
	if (!s->names)
		index_names(s);
	pthread_mutex_unlock(&s->lock);
	if (!s->names)
		return btf__find_by_name_kind(s->btf, name, kind);
	/* the first entry not below (name, kind, 0) */
	hi = s->n_names;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_name(&s->names[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->n_names && !strcmp(s->names[lo].name, name) &&
	    s->names[lo].kind == kind)
		return (int)s->names[lo].id;
	return -1;
}

struct bv_shared_btf *bv_shared_btf_get(struct bv_shared_btf *s)
{
	if (s)
		atomic_fetch_add(&s->refs, 1);
	return s;
}

void bv_shared_btf_put(struct bv_shared_btf *s)
{
	if (!s || atomic_fetch_sub(&s->refs, 1) != 1)
		return;
	btf__free(s->btf);
	free(s->names);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

const struct bv_line_info *bv_linfo_find(const struct bv_program *prog,
					 size_t insn_idx)
{
	size_t l = 0, r;

	if (!prog->n_line_info || insn_idx >= prog->n_insns)
		return NULL;
	/* the rightmost record with insn_off <= insn_idx; record 0 covers
	 * everything before it too, as in the kernel's binary search */
	r = prog->n_line_info - 1;
	while (l < r) {
		size_t m = l + (r - l + 1) / 2;

		if (prog->line_info[m].insn_off <= insn_idx)
			l = m;
		else
			r = m - 1;
	}
	return &prog->line_info[l];
}

const struct bv_line_info *bv_linfo_next(const struct bv_program *prog,
					 size_t insn_idx,
					 const struct bv_line_info **prev)
{
	const struct bv_line_info *l = bv_linfo_find(prog, insn_idx);
	const struct bv_line_info *p = *prev;

	if (!l || l == p)
		return NULL;
	/* records of one source line that differ only in the column print
	 * once: same file and same line number as the previous one */
	if (p && l->file_name_off == p->file_name_off &&
	    l->line_num == p->line_num)
		return NULL;
	*prev = l;
	return l;
}

const struct bv_func_info *bv_func_info_at(const struct bv_program *prog,
					   size_t insn_off)
{
	for (size_t i = 0; i < prog->n_func_info; i++)
		if (prog->func_info[i].insn_off == insn_off)
			return &prog->func_info[i];
	return NULL;
}

int bv_program_set_insns(bv_program *prog, const struct bv_insn *insns,
			 size_t n, struct bv_error *err)
{
	struct bv_insn *copy;

	if (n == 0 || n > BV_MAX_INSNS) {
		err->line = 0;
		snprintf(err->msg, sizeof(err->msg),
			 n ? "program has %zu instructions, more than the kernel's limit of %u"
			   : "program has no instructions",
			 n, BV_MAX_INSNS);
		return -1;
	}
	copy = malloc(n * sizeof(*copy));
	if (!copy) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return -1;
	}
	memcpy(copy, insns, n * sizeof(*copy));
	free(prog->insns);
	prog->insns = copy;
	prog->n_insns = n;
	return 0;
}

/* Map types whose size follows their owners (cgroup, socket, inode, task
 * storage): the kernel requires max_entries 0 for them. */
static bool sized_by_owner(uint32_t type)
{
	return type == 19 || type == 21 || type == 24 || type == 28 ||
	       type == 29 || type == 32;
}

int bv_map_check_create(const struct bv_map_def *map, struct bv_error *err)
{
	/* map_alloc_check of every other type refuses max_entries 0 with
	 * EINVAL (measured for types 1..33): the program cannot be loaded */
	if (map->max_entries || sized_by_owner(map->type))
		return 0;
	snprintf(err->msg, sizeof(err->msg),
		 "map '%s': max_entries 0: the kernel refuses to create it (EINVAL)",
		 map->name);
	return -1;
}

uint32_t bv_map_kernel_flags(const struct bv_map_def *map)
{
	enum { MAP_DEVMAP = 14, MAP_DEVMAP_HASH = 25, F_RDONLY_PROG = 1u << 7 };

	if (map->type == MAP_DEVMAP || map->type == MAP_DEVMAP_HASH)
		return map->flags | F_RDONLY_PROG;
	return map->flags;
}

int bv_program_add_map(bv_program *prog, const struct bv_map_def *map,
		       struct bv_error *err)
{
	if (bv_map_check_create(map, err))
		return -1;
	if (prog->n_maps >= BV_MAX_MAPS) {
		snprintf(err->msg, sizeof(err->msg),
			 "too many maps (at most %d)", BV_MAX_MAPS);
		return -1;
	}
	for (size_t i = 0; i < prog->n_maps; i++) {
		if (map->name[0] && !strcmp(prog->maps[i].name, map->name)) {
			snprintf(err->msg, sizeof(err->msg),
				 "map '%s' is declared twice", map->name);
			return -1;
		}
		if (map->fd >= 0 && prog->maps[i].fd == map->fd) {
			snprintf(err->msg, sizeof(err->msg),
				 "map fd %d is declared twice", map->fd);
			return -1;
		}
	}
	prog->maps[prog->n_maps++] = *map;
	return 0;
}

bool bv_program_ldimm_is_raw(const struct bv_program *prog, size_t insn_idx)
{
	for (size_t i = 0; i < prog->n_raw_map_loads; i++)
		if (prog->raw_map_loads[i] == insn_idx)
			return true;
	return false;
}

int bv_program_map_for_ldimm(const struct bv_program *prog, size_t insn_idx)
{
	const struct bv_insn *insn = &prog->insns[insn_idx];

	if (bv_program_ldimm_is_raw(prog, insn_idx))
		return -1;
	switch (insn->src_reg) {
	case BV_PSEUDO_MAP_IDX:
	case BV_PSEUDO_MAP_IDX_VALUE:
		return insn->imm >= 0 && (size_t)insn->imm < prog->n_maps
			       ? insn->imm
			       : -1;
	case BV_PSEUDO_MAP_FD:
	case BV_PSEUDO_MAP_VALUE:
		for (size_t i = 0; i < prog->n_maps; i++)
			if (prog->maps[i].fd >= 0 && prog->maps[i].fd == insn->imm)
				return (int)i;
		return -1;
	default:
		return -1;
	}
}

void bv_program_set_type(bv_program *prog, uint32_t prog_type)
{
	prog->prog_type = prog_type;
}

void bv_program_set_attach_type(bv_program *prog, uint32_t attach_type)
{
	prog->attach_type = attach_type;
}

void bv_program_set_flags(bv_program *prog, uint32_t prog_flags)
{
	prog->prog_flags = prog_flags;
}

const struct bv_insn *bv_program_insns(const bv_program *prog, size_t *n)
{
	*n = prog->n_insns;
	return prog->insns;
}

size_t bv_program_map_count(const bv_program *prog)
{
	return prog->n_maps;
}

const struct bv_map_def *bv_program_map(const bv_program *prog, size_t i)
{
	return i < prog->n_maps ? &prog->maps[i] : NULL;
}

uint32_t bv_program_type(const bv_program *prog)
{
	return prog->prog_type;
}

uint32_t bv_program_attach_type(const bv_program *prog)
{
	return prog->attach_type;
}

uint32_t bv_program_flags(const bv_program *prog)
{
	return prog->prog_flags;
}

enum bv_privilege bv_program_privilege(const bv_program *prog)
{
	return prog->privilege;
}

const struct bv_expectation *bv_program_expectation(const bv_program *prog)
{
	return &prog->expect;
}

void bv_kernel_map_name(const char *name, char out[BV_KERNEL_MAP_NAME_LEN])
{
	size_t n = 0;

	while (name[n] && n < BV_KERNEL_MAP_NAME_LEN - 1 &&
	       (isalnum((unsigned char)name[n]) || name[n] == '_' ||
		name[n] == '.')) {
		out[n] = name[n];
		n++;
	}
	out[n] = '\0';
}

const struct bv_map_def *bv_program_map_at(const struct bv_program *prog,
					   int idx)
{
	if (idx >= BV_MAX_MAPS)
		return &prog->map_extra[idx - BV_MAX_MAPS].inner;
	return &prog->maps[idx];
}

/* enum bpf_prog_type and enum bpf_attach_type */
enum {
	PROG_TRACING = 26,
	ATTACH_TRACE_RAW_TP = 23,
	ATTACH_TRACE_FENTRY = 24,
	ATTACH_TRACE_FEXIT = 25,
	ATTACH_MODIFY_RETURN = 26,
	ATTACH_TRACE_ITER = 28,
};

bool bv_prog_has_btf_ctx(const bv_program *prog)
{
	switch (prog->prog_type == PROG_TRACING ? prog->attach_type : 0) {
	case ATTACH_TRACE_RAW_TP:
	case ATTACH_TRACE_FENTRY:
	case ATTACH_TRACE_FEXIT:
	case ATTACH_MODIFY_RETURN:
		return prog->attach_btf_id && prog->target_btf;
	case ATTACH_TRACE_ITER:
		return prog->attach_btf_id && prog->target_btf &&
		       bv_iter_target_known(prog->attach_name);
	default: return false;
	}
}

/* license_is_gpl_compatible (include/linux/license.h) */
bool bv_program_gpl_compatible(const bv_program *prog)
{
	static const char *const gpl[] = {
		"GPL",		"GPL v2",	"GPL and additional rights",
		"Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL",
	};

	if (!prog->license[0])
		return true; /* assembly and raw input load as "GPL" */
	for (size_t i = 0; i < sizeof(gpl) / sizeof(gpl[0]); i++)
		if (!strcmp(prog->license, gpl[i]))
			return true;
	return false;
}

const char *bv_program_kfunc_name(const struct bv_program *prog,
				  const struct bv_insn *insn)
{
	const struct btf *btf = prog->target_btf ? prog->target_btf->btf : NULL;
	const struct btf_type *t;

	if (!btf || insn->off)
		return NULL;
	t = btf__type_by_id(btf, (uint32_t)insn->imm);
	return t ? btf__name_by_offset(btf, t->name_off) : NULL;
}
