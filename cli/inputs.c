/* SPDX-License-Identifier: MIT */
/* The inputs of a run: files named on the command line (any format),
 * directories searched for objects and assembly files, and standard input;
 * each object's programs, filtered as veristat filters them. */
#include "cli.h"

#include <dirent.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static bool glob(const char *pat, const char *s)
{
	return !pat || fnmatch(pat, s, 0) == 0;
}

/* Whether filter f selects program prog of file (prog NULL: a raw or
 * assembly file, which has no program name to match). */
static bool filter_match(const struct cli_filter *f, const char *file,
			 const char *prog)
{
	if (f->either)
		return glob(f->file_glob, file) ||
		       (prog && glob(f->file_glob, prog));
	return glob(f->file_glob, file) && (!prog || glob(f->prog_glob, prog));
}

/* A program runs when no deny filter and, if there are any, an allow
 * filter matches it; file is the base name, as in veristat. */
bool cli_filters_match(const struct cli_filters *fs, const char *file,
		       const char *prog)
{
	for (size_t i = 0; i < fs->n_deny; i++)
		if (filter_match(&fs->deny[i], file, prog))
			return false;
	for (size_t i = 0; i < fs->n_allow; i++)
		if (filter_match(&fs->allow[i], file, prog))
			return true;
	return !fs->n_allow;
}

/* Whether any program of an object file may pass the filters: a deny
 * filter on the file alone, or no allow filter that can match it, skip
 * the object before it is opened. */
static bool file_may_match(const struct cli_filters *fs, const char *file)
{
	for (size_t i = 0; i < fs->n_deny; i++)
		if (!fs->deny[i].prog_glob && glob(fs->deny[i].file_glob, file))
			return false;
	for (size_t i = 0; i < fs->n_allow; i++)
		if (fs->allow[i].either || glob(fs->allow[i].file_glob, file))
			return true;
	return !fs->n_allow;
}

static struct job *new_job(struct job_list *l, const char *path,
			   const char *shown)
{
	struct job *j;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct job *grown = realloc(l->jobs, cap * sizeof(*grown));

		if (!grown)
			return NULL;
		l->jobs = grown;
		l->cap = cap;
	}
	j = &l->jobs[l->n++];
	memset(j, 0, sizeof(*j));
	j->path = strdup(path);
	j->file = strdup(shown);
	return j;
}

static void bad_file(struct job_list *l, const char *path, const char *shown,
		     const struct bv_error *err)
{
	struct job *j = new_job(l, path, shown);

	if (!j)
		return;
	j->out.verdict = BV_BAD_INPUT;
	if (err->line)
		snprintf(j->out.errors, sizeof(j->out.errors), "%s:%u: %s",
			 shown, err->line, err->msg);
	else
		snprintf(j->out.errors, sizeof(j->out.errors), "%s: %s", shown,
			 err->msg);
}

/* An object that cannot be opened has no program names to filter: it is
 * reported when no allow filter is given or one matches its name. */
static bool names_file(const struct cli_filters *fs, const char *file)
{
	for (size_t i = 0; i < fs->n_allow; i++)
		if (fs->allow[i].file_glob &&
		    glob(fs->allow[i].file_glob, file))
			return true;
	return !fs->n_allow;
}

/* A raw or assembly file has no program names: --prog (a program glob
 * alone) does not select among them, every other filter takes the file
 * name. */
static bool raw_may_match(const struct cli_filters *fs, const char *file)
{
	bool any_allow = false;

	for (size_t i = 0; i < fs->n_deny; i++)
		if (glob(fs->deny[i].file_glob, file))
			return false;
	for (size_t i = 0; i < fs->n_allow; i++) {
		if (!fs->allow[i].file_glob)
			continue;
		any_allow = true;
		if (glob(fs->allow[i].file_glob, file))
			return true;
	}
	return !any_allow;
}

static bool is_elf_file(const char *path)
{
	unsigned char magic[4];
	FILE *f = fopen(path, "rb");
	bool elf = f && fread(magic, 1, 4, f) == 4 &&
		   !memcmp(magic,
			   "\x7f"
			   "ELF",
			   4);

	if (f)
		fclose(f);
	return elf;
}

static void add_object(const struct cli *cli, struct job_list *l,
		       const char *path, const char *shown)
{
	struct bv_object_options opts = { .btf_path = cli->btf_path };
	struct bv_error err;
	bv_object **grown = realloc(l->objs, (l->n_objs + 1) * sizeof(*grown));
	bv_object *obj;
	size_t before = l->n;

	if (!grown)
		return;
	l->objs = grown;
	if (bv_object_open(path, &opts, &obj, &err)) {
		if (names_file(&cli->filters, base_name(shown)))
			bad_file(l, path, shown, &err);
		return;
	}
	l->objs[l->n_objs++] = obj;
	for (size_t i = 0; i < bv_object_program_count(obj); i++) {
		bv_program *prog = bv_object_program(obj, i);
		struct job *j;

		if (!cli_filters_match(&cli->filters, base_name(shown),
				       bv_program_name(prog)))
			continue;
		j = new_job(l, path, shown);
		if (!j)
			return;
		j->elf = true;
		j->prog = prog;
	}
	if (l->n == before && !bv_object_program_count(obj)) {
		snprintf(err.msg, sizeof(err.msg),
			 "the object holds no programs");
		err.line = 0;
		bad_file(l, path, shown, &err);
	}
}

static void add_program_file(struct job_list *l, const char *path,
			     const char *shown)
{
	struct bv_error err;
	bv_program *prog;
	struct job *j;

	if (bv_program_from_file(path, &prog, &err)) {
		bad_file(l, path, shown, &err);
		return;
	}
	j = new_job(l, path, shown);
	if (!j) {
		bv_program_free(prog);
		return;
	}
	j->prog = prog;
}

static void add_file(const struct cli *cli, struct job_list *l,
		     const char *path, const char *shown)
{
	bool elf = is_elf_file(path);

	l->n_files++;
	if (elf && file_may_match(&cli->filters, base_name(shown)))
		add_object(cli, l, path, shown);
	else if (!elf && raw_may_match(&cli->filters, base_name(shown)))
		add_program_file(l, path, shown);
}

/* What a directory search takes: objects (*.o, so *.bpf.o too, that are
 * ELF files) and assembly text (*.bpfasm); raw bytes only when named. */
static bool wanted_in_dir(const char *name, const char *path)
{
	size_t n = strlen(name);

	if (n > 7 && !strcmp(name + n - 7, ".bpfasm"))
		return true;
	return n > 2 && !strcmp(name + n - 2, ".o") && is_elf_file(path);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static void add_dir(const struct cli *cli, struct job_list *l, const char *dir)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, by_name);

	if (n < 0) {
		struct bv_error err = { 0 };

		snprintf(err.msg, sizeof(err.msg), "cannot read the directory");
		bad_file(l, dir, dir, &err);
		return;
	}
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		size_t len = strlen(dir) + strlen(name) + 2;
		char *path = malloc(len);
		struct stat st;

		if (path && name[0] != '.') {
			snprintf(path, len, "%s%s%s", dir,
				 dir[strlen(dir) - 1] == '/' ? "" : "/", name);
			if (!stat(path, &st) && S_ISDIR(st.st_mode))
				add_dir(cli, l, path);
			else if (S_ISREG(st.st_mode) &&
				 wanted_in_dir(name, path))
				add_file(cli, l, path, path);
		}
		free(path);
		free(ents[i]);
	}
	free(ents);
}

/* Standard input goes to a temporary file: every reader (the assembler,
 * the ELF loader, libbpf for --kernel) then takes it by path. The file is
 * named "stdin" in a directory of its own, so that an object's internal
 * maps are named after "stdin" (libbpf names them after the file). */
static char *stdin_to_file(struct job_list *l)
{
	const char *tmpdir = getenv("TMPDIR");
	char **grown = realloc(l->tmp_files, (l->n_tmp + 1) * sizeof(*grown));
	char dir[4096], buf[65536];
	char *path = NULL;
	size_t n;
	FILE *f;

	if (!grown)
		return NULL;
	l->tmp_files = grown;
	snprintf(dir, sizeof(dir), "%s/bpfverify-XXXXXX",
		 tmpdir ? tmpdir : "/tmp");
	if (!mkdtemp(dir) || asprintf(&path, "%s/stdin", dir) < 0)
		return NULL;
	f = fopen(path, "wb");
	if (!f) {
		rmdir(dir);
		free(path);
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		fwrite(buf, 1, n, f);
	fclose(f);
	l->tmp_files[l->n_tmp++] = path;
	return path;
}

int cli_gather(const struct cli *cli, struct job_list *l)
{
	memset(l, 0, sizeof(*l));
	for (size_t i = 0; i < cli->n_inputs; i++) {
		const char *arg = cli->inputs[i];
		struct stat st;

		if (!strcmp(arg, "-")) {
			char *path = stdin_to_file(l);

			if (!path)
				return cli_bad_usage(
					"cannot copy standard input%s", "");
			add_file(cli, l, path, "-");
		} else if (!stat(arg, &st) && S_ISDIR(st.st_mode)) {
			add_dir(cli, l, arg);
		} else {
			add_file(cli, l, arg, arg);
		}
	}
	return 0;
}

void cli_jobs_free(struct job_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct job *j = &l->jobs[i];

		if (!j->elf)
			bv_program_free(j->prog);
		free(j->out.log);
		free(j->out.libbpf_log);
		free(j->path);
		free(j->file);
	}
	for (size_t i = 0; i < l->n_objs; i++)
		bv_object_free(l->objs[i]);
	for (size_t i = 0; i < l->n_tmp; i++) {
		char *slash = strrchr(l->tmp_files[i], '/');

		unlink(l->tmp_files[i]);
		*slash = '\0';
		rmdir(l->tmp_files[i]);
		free(l->tmp_files[i]);
	}
	free(l->tmp_files);
	free(l->objs);
	free(l->jobs);
}
