/* SPDX-License-Identifier: MIT */
#include "kernel/oracle.h"
#include "isa/opcodes.h"
#include "load/program.h"
#include "load/sec_def.h"

#include <bpf/libbpf.h>

#include <bpf/bpf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define LOG_STATS 4 /* BPF_LOG_STATS */
#define LOG_SIZE_START (1u << 20)
#define LOG_SIZE_MAX (1u << 30)
#define CAP_BPF_BIT 39
/* Map fds are moved up here so that a stray fd in a program never names one
 * of the maps the oracle created. */
#define MAP_FD_FLOOR 600

struct kernel_maps {
	int fds[BV_MAX_MAPS];
	size_t n;
};

/* What the load reports back, in memory shared with a child process when the
 * load runs with reduced privilege. */
struct load_outcome {
	int fd_or_errno; /* >= 0: loaded; < 0: -errno */
	char why[BV_ERROR_LEN]; /* the maps could not be set up: why */
	char log[];
};

static void close_maps(struct kernel_maps *km)
{
	for (size_t i = 0; i < km->n; i++)
		close(km->fds[i]);
	km->n = 0;
}

static int create_maps(const struct bv_program *prog, struct kernel_maps *km,
		       char *why, size_t len)
{
	km->n = 0;
	for (size_t i = 0; i < prog->n_maps; i++) {
		const struct bv_map_def *m = &prog->maps[i];
		LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = m->flags);
		char name[BV_KERNEL_MAP_NAME_LEN];
		int fd, high;

		bv_kernel_map_name(m->name, name);
		fd = bpf_map_create(m->type, name, m->key_size, m->value_size,
				    m->max_entries, &opts);

		if (fd < 0) {
			snprintf(why, len, "kernel refused to create map '%s': %s",
				 m->name, strerror(errno));
			close_maps(km);
			return -1;
		}
		high = fcntl(fd, F_DUPFD_CLOEXEC, MAP_FD_FLOOR);
		close(fd);
		if (high < 0) {
			snprintf(why, len, "cannot move map fd: %s", strerror(errno));
			close_maps(km);
			return -1;
		}
		km->fds[km->n++] = high;
	}
	return 0;
}

/* The program's instructions with its map fds replaced by the kernel's. */
static struct bv_insn *patch_map_fds(const struct bv_program *prog,
				     const struct kernel_maps *km)
{
	struct bv_insn *insns = malloc(prog->n_insns * sizeof(*insns));

	if (!insns)
		return NULL;
	memcpy(insns, prog->insns, prog->n_insns * sizeof(*insns));
	for (size_t i = 0; i < prog->n_insns; i++) {
		struct bv_insn *insn = &insns[i];
		int idx;

		if (!bv_is_ldimm64(insn->code))
			continue;
		if (insn->src_reg != BV_PSEUDO_MAP_FD &&
		    insn->src_reg != BV_PSEUDO_MAP_VALUE)
			continue;
		idx = bv_program_map_for_ldimm(prog, i);
		if (idx >= 0)
			insn->imm = km->fds[idx];
	}
	return insns;
}

/* Keeps only CAP_BPF: what a loader granted CAP_BPF alone can do. */
static int drop_to_cap_bpf(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	data[1].effective = data[1].permitted = 1u << (CAP_BPF_BIT - 32);
	return (int)syscall(SYS_capset, &hdr, data);
}

static void load_into(const struct bv_program *prog,
		      const struct bv_insn *insns, const struct kernel_maps *km,
		      unsigned level, struct load_outcome *out, size_t log_size)
{
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .log_buf = out->log,
		    .log_size = (unsigned)log_size, .log_level = level,
		    .prog_flags = prog->prog_flags,
		    .expected_attach_type = prog->attach_type,
		    .fd_array = km->n ? km->fds : NULL);
	int fd;

	out->log[0] = '\0';
	fd = bpf_prog_load(prog->prog_type, NULL, "GPL",
			   (const struct bpf_insn *)insns, prog->n_insns, &opts);
	out->fd_or_errno = fd >= 0 ? fd : -errno;
	if (fd >= 0)
		close(fd);
}

/* Runs load(arg) in a child that holds CAP_BPF only; the outcome reaches
 * the parent through memory the caller shares with the child. */
static int run_as_cap_bpf(void (*load)(void *), void *arg)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (drop_to_cap_bpf())
			_exit(3);
		load(arg);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return -1;
	return 0;
}

/* Creates the program's maps, loads it against them and closes them again;
 * all of it with the caller's privilege, as a loader would (the kernel
 * records whether a map's creator may bypass Spectre v1 mitigations). */
struct maps_load {
	const struct bv_program *prog;
	unsigned level;
	struct load_outcome *out;
	size_t log_size;
};

static void maps_load_run(void *arg)
{
	struct maps_load *l = arg;
	struct kernel_maps km;
	struct bv_insn *insns;

	l->out->why[0] = '\0';
	if (create_maps(l->prog, &km, l->out->why, sizeof(l->out->why)))
		return;
	insns = patch_map_fds(l->prog, &km);
	if (!insns)
		snprintf(l->out->why, sizeof(l->out->why), "out of memory");
	else
		load_into(l->prog, insns, &km, l->level, l->out, l->log_size);
	free(insns);
	close_maps(&km);
}

static int load_once(const struct bv_program *prog, unsigned level,
		     enum bv_privilege priv, size_t log_size,
		     struct load_outcome **outp, char *why, size_t len)
{
	size_t bytes = sizeof(struct load_outcome) + log_size;
	struct load_outcome *out = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
					MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct maps_load l = { prog, level, out, log_size };

	if (out == MAP_FAILED) {
		snprintf(why, len, "cannot allocate the log buffer");
		return -1;
	}
	if (priv == BV_PRIV_ROOT) {
		maps_load_run(&l);
	} else if (run_as_cap_bpf(maps_load_run, &l)) {
		snprintf(why, len, "cannot drop to CAP_BPF for the load");
		munmap(out, bytes);
		return -1;
	}
	if (out->why[0]) {
		snprintf(why, len, "%s", out->why);
		munmap(out, bytes);
		return -1;
	}
	*outp = out;
	return 0;
}

static void fill_result(struct bv_oracle_result *res,
			const struct load_outcome *out)
{
	res->ran = true;
	res->verdict = out->fd_or_errno >= 0 ? BV_ACCEPTED : BV_REJECTED;
	res->load_errno = out->fd_or_errno >= 0 ? 0 : -out->fd_or_errno;
	res->log = strdup(out->log);
}

int bv_oracle_load(const bv_program *prog, unsigned log_level, bool stats,
		   enum bv_privilege priv, struct bv_oracle_result *res)
{
	unsigned level = log_level | (stats ? LOG_STATS : 0);
	int rc = -1;

	memset(res, 0, sizeof(*res));
	/* A full log buffer fails the load with ENOSPC: grow it and retry. */
	for (size_t size = LOG_SIZE_START; size <= LOG_SIZE_MAX; size *= 4) {
		struct load_outcome *out;
		size_t bytes = sizeof(*out) + size;

		if (load_once(prog, level, priv, size, &out, res->why, sizeof(res->why)))
			break;
		if (out->fd_or_errno == -ENOSPC && level && size < LOG_SIZE_MAX) {
			munmap(out, bytes);
			continue;
		}
		fill_result(res, out);
		munmap(out, bytes);
		rc = res->log ? 0 : -1;
		break;
	}
	return rc;
}

void bv_oracle_result_free(struct bv_oracle_result *res)
{
	free(res->log);
	free(res->libbpf_log);
	res->log = NULL;
	res->libbpf_log = NULL;
}

bool bv_oracle_available(char *why, size_t len)
{
	const struct bv_insn prog[] = {
		{ .code = BV_ALU64 | BV_MOV | BV_K, .dst_reg = 0 },
		{ .code = BV_JMP | BV_EXIT },
	};
	int fd = bpf_prog_load(1 /* socket_filter */, NULL, "GPL",
			       (const struct bpf_insn *)prog, 2, NULL);

	if (fd >= 0) {
		close(fd);
		return true;
	}
	snprintf(why, len, "bpf(BPF_PROG_LOAD) is not permitted here: %s",
		 strerror(errno));
	return false;
}

/* libbpf's own messages are not the kernel's: they are kept off stderr and
 * collected for the caller (bv_oracle_result.libbpf_log). libbpf's print
 * callback has no context argument, so the buffer of the load running on
 * this thread is found through a thread-local pointer. */
#define LIBBPF_MSGS_LEN 16384
struct libbpf_msgs {
	size_t len;
	char text[LIBBPF_MSGS_LEN];
};
static _Thread_local struct libbpf_msgs *cur_msgs;

static int collect_libbpf(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	struct libbpf_msgs *m = cur_msgs;
	int n;

	if (!m || level == LIBBPF_DEBUG || m->len >= sizeof(m->text) - 1)
		return 0;
	n = vsnprintf(m->text + m->len, sizeof(m->text) - m->len, fmt, ap);
	if (n > 0)
		m->len += (size_t)n < sizeof(m->text) - m->len ? (size_t)n
							 : sizeof(m->text) - 1 - m->len;
	return n;
}

/* For sections libbpf 1.1 predates (tc/ingress, kprobe.session, ...):
 * what current libbpf would set. */
static void fill_type(struct bpf_program *p)
{
	const char *sec = bpf_program__section_name(p);
	struct bv_sec_def def;

	if (bpf_program__type(p) != BPF_PROG_TYPE_UNSPEC ||
	    bv_sec_def_find(sec + (sec[0] == '?'), &def) ||
	    (def.flags & BV_SEC_ATTACH_BTF))
		return;
	bpf_program__set_type(p, (enum bpf_prog_type)def.prog_type);
	bpf_program__set_expected_attach_type(p, (enum bpf_attach_type)def.attach_type);
	bpf_program__set_flags(p, bpf_program__flags(p) |
				  (def.flags & BV_SEC_SLEEPABLE ? BV_F_SLEEPABLE : 0) |
				  (def.flags & BV_SEC_XDP_FRAGS ? BV_F_XDP_HAS_FRAGS : 0));
}

static struct bpf_object *open_object(const char *path, const char *prog_name,
				      const char *btf_path,
				      struct bpf_program **prog)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .btf_custom_path = btf_path);
	struct bpf_object *obj = bpf_object__open_file(path, &opts);
	struct bpf_program *p;

	*prog = NULL;
	if (!obj)
		return NULL;
	bpf_object__for_each_program(p, obj) {
		bool want = !strcmp(bpf_program__name(p), prog_name);

		bpf_program__set_autoload(p, want);
		if (want)
			*prog = p;
	}
	return obj;
}

/* What an object load reports back, in memory shared with a child process
 * when the load runs with reduced privilege. */
enum object_stage { OBJ_NOT_OPENED, OBJ_NO_PROG, OBJ_LOADED };
struct object_outcome {
	enum object_stage stage;
	int err; /* bpf_object__load's return */
	struct libbpf_msgs msgs;
	char log[];
};

static void load_object_into(const char *path, const char *prog_name,
			     const struct bv_oracle_object_opts *o,
			     unsigned level, struct object_outcome *out,
			     size_t size)
{
	struct bpf_program *prog;
	struct bpf_object *obj;

	out->msgs.len = 0;
	out->msgs.text[0] = '\0';
	cur_msgs = &out->msgs;
	obj = open_object(path, prog_name, o->btf_path, &prog);
	out->log[0] = '\0';
	out->stage = !obj ? OBJ_NOT_OPENED : !prog ? OBJ_NO_PROG : OBJ_LOADED;
	if (out->stage == OBJ_LOADED) {
		fill_type(prog);
		bpf_program__set_flags(prog, bpf_program__flags(prog) | o->extra_flags);
		bpf_program__set_log_buf(prog, out->log, size);
		bpf_program__set_log_level(prog, level ? level : 1);
		out->err = bpf_object__load(obj);
	}
	if (obj)
		bpf_object__close(obj);
	cur_msgs = NULL;
}

struct object_load {
	const char *path, *prog_name;
	const struct bv_oracle_object_opts *o;
	unsigned level;
	struct object_outcome *out;
	size_t size;
};

static void object_load_run(void *arg)
{
	struct object_load *l = arg;

	load_object_into(l->path, l->prog_name, l->o, l->level, l->out, l->size);
}

/* Runs the object load in a child that holds CAP_BPF only. */
static int load_object_unprivileged(const char *path, const char *prog_name,
				    const struct bv_oracle_object_opts *o,
				    unsigned level, struct object_outcome *out,
				    size_t size)
{
	struct object_load l = { path, prog_name, o, level, out, size };

	return run_as_cap_bpf(object_load_run, &l);
}

static int object_result(const struct object_outcome *out, const char *prog_name,
			 unsigned level, struct bv_oracle_result *res)
{
	int err = out->err;

	if (out->stage != OBJ_LOADED) {
		snprintf(res->why, sizeof(res->why), out->stage == OBJ_NO_PROG
			 ? "libbpf finds no program '%s'" : "libbpf cannot open the object%s",
			 out->stage == OBJ_NO_PROG ? prog_name : "");
		if (out->stage == OBJ_NO_PROG)
			return -1;
		err = -EINVAL;
	}
	res->ran = true;
	res->verdict = err ? BV_REJECTED : BV_ACCEPTED;
	res->load_errno = err ? -err : 0;
	res->libbpf_refused = err && !out->log[0];
	res->log = strdup(level || err ? out->log : "");
	return res->log ? 0 : -1;
}

/* One load with a log buffer of size bytes; -ENOSPC asks for a bigger
 * one (libbpf does not grow a buffer it was given). */
static int load_object_once(const char *path, const char *prog_name,
			    const struct bv_oracle_object_opts *o,
			    unsigned level, size_t size,
			    struct bv_oracle_result *res)
{
	size_t bytes = sizeof(struct object_outcome) + size;
	struct object_outcome *out = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
					  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int rc;

	if (out == MAP_FAILED) {
		snprintf(res->why, sizeof(res->why), "cannot allocate the log buffer");
		return -1;
	}
	if (o->priv == BV_PRIV_ROOT) {
		load_object_into(path, prog_name, o, level, out, size);
	} else if (load_object_unprivileged(path, prog_name, o, level, out, size)) {
		snprintf(res->why, sizeof(res->why), "cannot drop to CAP_BPF for the load");
		munmap(out, bytes);
		return -1;
	}
	if (out->stage == OBJ_LOADED && out->err == -ENOSPC &&
	    size < LOG_SIZE_MAX && !o->error_lines_only)
		rc = -ENOSPC;
	else
		rc = object_result(out, prog_name, level, res);
	free(res->libbpf_log);
	res->libbpf_log = strdup(out->msgs.text);
	munmap(out, bytes);
	return rc;
}

/* The error_lines_only load: the verdict from a stats-only load, the
 * error lines of a rejection from the tail of a level-1 rolling log. */
static int load_object_error_lines(const char *path, const char *prog_name,
				   const struct bv_oracle_object_opts *o,
				   struct bv_oracle_result *res)
{
	struct bv_oracle_result full;
	int rc = load_object_once(path, prog_name, o, LOG_STATS, LOG_SIZE_START,
				  res);

	if (rc || res->verdict == BV_ACCEPTED || res->libbpf_refused)
		return rc;
	memset(&full, 0, sizeof(full));
	if (load_object_once(path, prog_name, o, 1u | LOG_STATS, LOG_SIZE_START,
			     &full) == 0 &&
	    full.log) {
		free(res->log);
		res->log = full.log;
		full.log = NULL;
	}
	bv_oracle_result_free(&full);
	return res->log ? 0 : -1;
}

int bv_oracle_load_object(const char *path, const char *prog_name,
			  const struct bv_oracle_object_opts *o,
			  struct bv_oracle_result *res)
{
	unsigned level = o->log_level | (o->stats ? LOG_STATS : 0);
	int rc = -1;

	memset(res, 0, sizeof(*res));
	libbpf_set_print(collect_libbpf);
	if (o->error_lines_only)
		return load_object_error_lines(path, prog_name, o, res);
	for (size_t size = LOG_SIZE_START; size <= LOG_SIZE_MAX; size *= 4) {
		rc = load_object_once(path, prog_name, o, level, size, res);
		if (rc != -ENOSPC)
			break;
	}
	return rc ? -1 : 0;
}
