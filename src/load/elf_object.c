/* SPDX-License-Identifier: MIT */
/* The public object API: bpf_object__open plus the preparation half of
 * bpf_object__load, one bv_program per entry program. */
#include "load/elf.h"

#include <bpf/btf.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define VMLINUX_BTF "/sys/kernel/btf/vmlinux"

struct bv_object {
	bv_program **progs;
	size_t n_progs;
};

/* bpf_object__new: the file name up to its first '.' */
static void object_name(const char *path, const struct bv_object_options *opts,
			char out[BV_OBJ_NAME_LEN])
{
	const char *base = opts && opts->name ? opts->name : path ? path : "obj";
	const char *slash = opts && opts->name ? NULL : strrchr(base, '/');
	char *dot;

	snprintf(out, BV_OBJ_NAME_LEN, "%s", slash ? slash + 1 : base);
	dot = opts && opts->name ? NULL : strchr(out, '.');
	if (dot)
		*dot = '\0';
}

static bool needs_target(const struct bv_elf_obj *o)
{
	if (o->core_relo.n_secs)
		return true;
	for (size_t i = 0; i < o->n_externs; i++)
		if (!o->externs[i].is_kcfg)
			return true;
	for (size_t i = 0; i < o->n_funcs; i++) {
		const char *sec = o->secs[o->funcs[i].sec_idx].name;
		struct bv_sec_def def;

		if (!bv_sec_def_find(sec + (sec[0] == '?'), &def) &&
		    (def.flags & BV_SEC_ATTACH_BTF))
			return true;
	}
	return false;
}

/* Reads and checks one BTF file: NULL with why on failure. */
static struct bv_shared_btf *read_btf(const char *path, char *why, size_t len)
{
	struct btf *btf = btf__parse(path, NULL);
	char msg[BV_ERROR_LEN / 2];
	struct bv_shared_btf *ref;

	if (!btf) {
		snprintf(why, len, "cannot read kernel BTF '%s': %s", path, strerror(errno));
		return NULL;
	}
	if (bv_btf_validate(btf, msg, sizeof(msg))) {
		btf__free(btf);
		snprintf(why, len, "kernel BTF '%.256s': %s", path, msg);
		return NULL;
	}
	ref = bv_shared_btf_new(btf);
	if (!ref) {
		btf__free(btf);
		snprintf(why, len, "out of memory");
	}
	return ref;
}

/* The running kernel's BTF is read once per process and shared (read
 * only) by every object opened after; the cache keeps one reference. */
static pthread_mutex_t vmlinux_lock = PTHREAD_MUTEX_INITIALIZER;
static struct bv_shared_btf *vmlinux_ref;

static struct bv_shared_btf *vmlinux_btf(char *why, size_t len)
{
	struct bv_shared_btf *ref;

	pthread_mutex_lock(&vmlinux_lock);
	if (!vmlinux_ref)
		vmlinux_ref = read_btf(VMLINUX_BTF, why, len);
	ref = vmlinux_ref ? bv_shared_btf_get(vmlinux_ref) : NULL;
	pthread_mutex_unlock(&vmlinux_lock);
	return ref;
}

static int load_target(struct bv_elf_obj *o, const struct bv_object_options *opts)
{
	const char *path = opts && opts->btf_path ? opts->btf_path : VMLINUX_BTF;
	char why[BV_ERROR_LEN];

	if ((opts && opts->no_kernel_btf) ||
	    (!(opts && opts->btf_path) && (!needs_target(o) || access(path, R_OK))))
		return 0;
	o->target_ref = opts && opts->btf_path ? read_btf(path, why, sizeof(why))
					       : vmlinux_btf(why, sizeof(why));
	if (!o->target_ref)
		return bv_elf_fail(o, "%s", why);
	o->target = o->target_ref->btf;
	return 0;
}

/* libbpf makes a hidden global subprogram static in BTF, so that the
 * kernel verifies it in its caller's context */
static void mark_static(struct bv_elf_obj *o)
{
	for (size_t i = 0; i < o->n_funcs && o->btf; i++) {
		const struct bv_elf_func *f = &o->funcs[i];
		int id;

		if (!f->mark_btf_static || !bv_elf_func_is_sub(o, f))
			continue;
		id = btf__find_by_name_kind(o->btf, f->name, BTF_KIND_FUNC);
		if (id > 0) {
			struct btf_type *t = (struct btf_type *)btf__type_by_id(o->btf, (uint32_t)id);

			if (btf_vlen(t) /* linkage */ == BTF_FUNC_GLOBAL)
				t->info = (t->info & ~0xffffu) | BTF_FUNC_STATIC;
		}
	}
}

static int build_all(struct bv_elf_obj *o, bv_object *obj)
{
	struct bv_core_poison *poison;
	uint32_t *poison_func;
	size_t n_poison;
	int err = 0;

	if (bv_core_relocate(o, &poison, &n_poison, &poison_func))
		return -1;
	obj->progs = calloc(o->n_funcs ? o->n_funcs : 1, sizeof(*obj->progs));
	if (!obj->progs)
		err = bv_elf_fail(o, "out of memory");
	for (size_t i = 0; i < o->n_funcs && !err; i++) {
		if (bv_elf_func_is_sub(o, &o->funcs[i]))
			continue;
		err = bv_elf_build_program(o, &o->funcs[i], poison, poison_func,
					   n_poison, &obj->progs[obj->n_progs]);
		if (!err)
			obj->n_progs++;
	}
	free(poison);
	free(poison_func);
	return err;
}

static int prepare(struct bv_elf_obj *o, const void *buf, size_t len,
		   const struct bv_object_options *opts, bv_object *obj)
{
	if (bv_elf_parse(o, buf, len) || bv_elf_collect_externs(o) ||
	    load_target(o, opts) || bv_elf_init_maps(o) ||
	    bv_elf_resolve_externs(o) || bv_elf_collect_relos(o))
		return -1;
	mark_static(o);
	if (o->btf) {
		o->btf_ref = bv_shared_btf_new(o->btf);
		if (!o->btf_ref)
			return bv_elf_fail(o, "out of memory");
	}
	return build_all(o, obj);
}

int bv_object_open_mem(const void *data, size_t len,
		       const struct bv_object_options *opts, bv_object **out,
		       struct bv_error *err)
{
	struct bv_elf_obj *o = calloc(1, sizeof(*o));
	bv_object *obj = calloc(1, sizeof(*obj));
	void *copy = malloc(len ? len : 1);
	int rc = -1;

	memset(err, 0, sizeof(*err));
	if (!o || !obj || !copy) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
	} else {
		memcpy(copy, data, len);
		object_name(NULL, opts, o->name);
		rc = prepare(o, copy, len, opts, obj);
		if (rc)
			snprintf(err->msg, sizeof(err->msg), "%s", o->err);
	}
	if (o)
		bv_elf_release(o);
	free(o);
	free(copy);
	if (rc) {
		bv_object_free(obj);
		return -1;
	}
	*out = obj;
	return 0;
}

int bv_object_open(const char *path, const struct bv_object_options *opts,
		   bv_object **out, struct bv_error *err)
{
	struct bv_object_options o = opts ? *opts : (struct bv_object_options){ 0 };
	char name[BV_OBJ_NAME_LEN];
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long size;
	int rc;

	memset(err, 0, sizeof(*err));
	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) || !(buf = malloc((size_t)size + 1)) ||
	    fread(buf, 1, (size_t)size, f) != (size_t)size) {
		snprintf(err->msg, sizeof(err->msg), "cannot read: %s", strerror(errno));
		if (f)
			fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	object_name(path, opts, name);
	o.name = name;
	rc = bv_object_open_mem(buf, (size_t)size, &o, out, err);
	free(buf);
	return rc;
}

void bv_object_free(bv_object *obj)
{
	if (!obj)
		return;
	for (size_t i = 0; i < obj->n_progs; i++)
		bv_program_free(obj->progs[i]);
	free(obj->progs);
	free(obj);
}

size_t bv_object_program_count(const bv_object *obj)
{
	return obj->n_progs;
}

bv_program *bv_object_program(const bv_object *obj, size_t i)
{
	return i < obj->n_progs ? obj->progs[i] : NULL;
}

bv_program *bv_object_find_program(const bv_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->n_progs; i++)
		if (!strcmp(obj->progs[i]->name, name))
			return obj->progs[i];
	return NULL;
}

/* Hands the only program of an object over to the caller. */
int bv_object_take_single(bv_object *obj, bv_program **out, struct bv_error *err)
{
	if (obj->n_progs != 1) {
		snprintf(err->msg, sizeof(err->msg),
			 "the object holds %zu programs: open it with bv_object_open (bpfverify lists them; --prog NAME picks one)",
			 obj->n_progs);
		return -1;
	}
	*out = obj->progs[0];
	obj->n_progs = 0;
	return 0;
}

const char *bv_program_name(const bv_program *prog)
{
	return prog->name;
}

const char *bv_program_section(const bv_program *prog)
{
	return prog->section;
}

const char *bv_program_load_error(const bv_program *prog, bool *unsupported)
{
	if (unsupported)
		*unsupported = prog->unsupported;
	return prog->error[0] ? prog->error : NULL;
}

bool bv_program_section_unknown(const bv_program *prog)
{
	return prog->sec_unknown;
}

void bv_program_clear_load_error(bv_program *prog)
{
	prog->error[0] = '\0';
	prog->sec_unknown = false;
}

/* the start of the line before *cur, or NULL at the log's start */
static const char *prev_line(const char *log, const char *cur)
{
	const char *p;

	if (cur == log)
		return NULL;
	p = cur - 1;
	while (p > log && p[-1] != '\n')
		p--;
	return p;
}

static const struct bv_core_poison *poison_at(const bv_program *prog, int idx)
{
	for (size_t i = 0; i < prog->n_core_poison; i++)
		if ((int)prog->core_poison[i].insn_off == idx)
			return &prog->core_poison[i];
	return NULL;
}

/* fixup_verifier_log and fixup_log_failed_core_relo of libbpf: only the
 * last 10 lines are searched */
char *bv_program_fixup_log(const bv_program *prog, const char *log)
{
	static const char marker[] = "invalid func unknown#195896080\n";
	const char *next = log + strlen(log), *cur, *prev;
	const struct bv_core_poison *p;
	char *out;
	int idx;
	size_t n;

	for (int i = 0; i < 10; i++, next = cur) {
		cur = prev_line(log, next);
		if (!cur)
			return NULL;
		if (strncmp(cur, marker, sizeof(marker) - 1))
			continue;
		prev = prev_line(log, cur);
		if (!prev || sscanf(prev, "%d: (%*d) call unknown#195896080\n", &idx) != 1)
			continue;
		p = poison_at(prog, idx);
		if (!p)
			return NULL;
		n = strlen(log) + sizeof(p->spec) + 128;
		out = malloc(n);
		if (!out)
			return NULL;
		snprintf(out, n, "%.*s%d: <invalid CO-RE relocation>\nfailed to resolve CO-RE relocation %s\n%s",
			 (int)(prev - log), log, idx, p->spec, next);
		return out;
	}
	return NULL;
}
