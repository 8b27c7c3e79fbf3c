/* SPDX-License-Identifier: MIT */
/* Measures on the running kernel which kfuncs each program variant may
 * call and prints the table src/spec/kfunc_table.c holds:
 *
 *   gen-kfunc-table > src/spec/kfunc_table.c      (make kfunc-table)
 *
 * The kfuncs are those of the running kernel's BTF (kfunc-probe.h); the
 * variants those of helper-probe.h and kfunc-probe.h. A variant the kernel
 * refuses to load here (fentry, fexit, fmod_ret and lsm need attach permissions
 * this machine does not give) becomes a column derived from the kernel source
 * (see source_column()). Warns on stderr where a kfunc's measured behaviour
 * (sleepable only) disagrees with its flags in src/spec/kfunc_flags.c, or
 * where a kfunc has no flags row. Needs root and bpf(); exits 1 without
 * printing when they are missing. */
#include "kfunc-probe.h"

#include <stdarg.h>
#include <stdlib.h>
#include <sys/utsname.h>

#define MAX_KFUNCS  512
#define MAX_COLUMNS (BV_KFUNC_COLUMN_WORDS * 32)

struct kfunc {
	const char *name;
	int32_t id;
	uint32_t allowed[BV_KFUNC_COLUMN_WORDS];
	bool measured_sleepable; /* some column said "must be sleepable" */
	bool measured_plain;	 /* a non-sleepable column let it through */
	bool dev_bound;		 /* refused as "require device-bound" */
	bool allowed_somewhere;
};

struct column {
	const struct hp_variant *v;
	struct hp_load ld;
	bool measured;
};

struct gen {
	struct kfunc kfuncs[MAX_KFUNCS];
	size_t n_kfuncs;
	struct column cols[MAX_COLUMNS];
	size_t n_cols;
	char notes[KP_N_VARIANTS + 16][1200];
	size_t n_notes;
	unsigned probes;
};

static void add_kfunc(const char *name, int32_t id, void *arg)
{
	struct gen *g = arg;

	if (g->n_kfuncs == MAX_KFUNCS)
		return;
	g->kfuncs[g->n_kfuncs].name = name;
	g->kfuncs[g->n_kfuncs++].id = id;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct kfunc *)a)->name,
		      ((const struct kfunc *)b)->name);
}

static void set_bit(uint32_t *words, size_t bit)
{
	words[bit / 32] |= 1u << (bit % 32);
}

static bool test_bit(const uint32_t *words, size_t bit)
{
	return words[bit / 32] & (1u << (bit % 32));
}

static void describe(const struct hp_variant *v, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s%s%s", v->prog_type,
		 v->attach_type ? " " : "",
		 v->attach_type ? v->attach_type : "", v->btf_target ? " " : "",
		 v->btf_target ? v->btf_target : "",
		 v->sleepable ? " sleepable" : "");
}

/* Adds a line to the generated file's header comment. */
static void note(struct gen *g, const char *fmt, ...)
{
	va_list ap;

	if (g->n_notes == sizeof(g->notes) / sizeof(g->notes[0]))
		return;
	va_start(ap, fmt);
	vsnprintf(g->notes[g->n_notes++], sizeof(g->notes[0]), fmt, ap);
	va_end(ap);
}

/* Probes every kfunc from column c. */
static void measure_column(struct gen *g, size_t c)
{
	for (size_t i = 0; i < g->n_kfuncs; i++) {
		struct kfunc *k = &g->kfuncs[i];
		enum kp_outcome o =
			kp_probe(&g->cols[c].ld, k->id, k->name, "GPL");

		g->probes++;
		if (o == KP_ALLOWED || o == KP_SLEEP) {
			set_bit(k->allowed, c);
			k->allowed_somewhere = true;
		}
		if (o == KP_SLEEP)
			k->measured_sleepable = true;
		if (o == KP_ALLOWED && !g->cols[c].v->sleepable)
			k->measured_plain = true;
		if (o == KP_DEV_BOUND)
			k->dev_bound = true;
	}
}

/* The XDP metadata kfuncs: net/core/xdp.c registers them for
 * BPF_PROG_TYPE_XDP only; add_kfunc_call() refuses them before the set
 * look-up unless the program is bound to a device (checked by hand on a
 * veth device in a network namespace: the verifier then goes on to the
 * arguments). */
static void dev_bound_cells(struct gen *g)
{
	for (size_t i = 0; i < g->n_kfuncs; i++) {
		struct kfunc *k = &g->kfuncs[i];

		if (!k->dev_bound)
			continue;
		for (size_t c = 0; c < g->n_cols; c++)
			if (g->cols[c].ld.prog_type == 6 /* xdp */)
				set_bit(k->allowed, c);
		note(g,
		     "From source: %s, XDP columns only (needs a "
		     "device-bound program)",
		     k->name);
	}
}

/* Whether the variant loads at all: a call to bpf_rcu_read_lock, which
 * kernel/bpf/helpers.c registers for every program type (the common set,
 * BPF_PROG_TYPE_UNSPEC). */
static bool loadable(const struct gen *g, const struct hp_load *ld)
{
	for (size_t i = 0; i < g->n_kfuncs; i++)
		if (!strcmp(g->kfuncs[i].name, "bpf_rcu_read_lock"))
			return kp_probe(ld, g->kfuncs[i].id,
					"bpf_rcu_read_lock",
					"GPL") != KP_NO_LOAD;
	return false;
}

/* The kfuncs fs/bpf_fs_kfuncs.c registers for BPF_PROG_TYPE_LSM, whose
 * filter (bpf_fs_kfuncs_filter) lets only LSM programs call them. */
static const char *const lsm_only[] = {
	"bpf_get_task_exe_file",   "bpf_put_file",	 "bpf_path_d_path",
	"bpf_get_dentry_xattr",	   "bpf_get_file_xattr", "bpf_set_dentry_xattr",
	"bpf_remove_dentry_xattr",
};

static bool is_lsm_only(const char *name)
{
	for (size_t i = 0; i < sizeof(lsm_only) / sizeof(lsm_only[0]); i++)
		if (!strcmp(lsm_only[i], name))
			return true;
	return false;
}

/* A column for a variant the kernel would not load, from the kernel
 * source: tracing programs of every attach type and LSM programs share the
 * TRACING hook (bpf_prog_type_to_kfunc_hook in kernel/bpf/btf.c), so they
 * get what the measured tp_btf column gets; the only filter that looks at
 * more than the program type is tracing_iter_filter (net/core/filter.c,
 * bpf_sock_destroy: iterators only), which refuses tp_btf as it refuses
 * fentry. LSM programs also pass bpf_fs_kfuncs_filter. */
static bool source_column(struct gen *g, size_t c)
{
	size_t from = g->n_cols;
	bool lsm = g->cols[c].ld.prog_type == 29;

	for (size_t i = 0; i < g->n_cols; i++)
		if (g->cols[i].measured && g->cols[i].ld.prog_type == 26 &&
		    g->cols[i].ld.attach_type == 23 /* trace_raw_tp */)
			from = i;
	if (from == g->n_cols)
		return false;
	for (size_t i = 0; i < g->n_kfuncs; i++) {
		struct kfunc *k = &g->kfuncs[i];

		if (test_bit(k->allowed, from) || (lsm && is_lsm_only(k->name)))
			set_bit(k->allowed, c);
	}
	return true;
}

static void why_not(const struct gen *g, const struct hp_load *ld, char *buf,
		    size_t len)
{
	char log[HP_LOG_SIZE];
	int rc = kp_load_insns(ld, NULL, 0, g->kfuncs[0].id, "GPL", log,
			       sizeof(log));
	char *nl = strchr(log, '\n');

	if (nl)
		*nl = '\0';
	snprintf(buf, len, "%s%s%.120s", strerror(-rc), log[0] ? ": " : "",
		 log);
}

static void measure_all(struct gen *g, const struct btf *btf)
{
	for (size_t i = 0; i < KP_N_VARIANTS && g->n_cols < MAX_COLUMNS; i++) {
		struct column *col = &g->cols[g->n_cols];
		char name[128], why[200] = "not in this kernel's BTF";

		col->v = kp_variant(i);
		describe(col->v, name, sizeof(name));
		if (hp_resolve(col->v, btf, &col->ld)) {
			note(g, "Not measured: %s (%s)", name, why);
			continue;
		}
		if (loadable(g, &col->ld)) {
			col->measured = true;
			measure_column(g, g->n_cols++);
			continue;
		}
		why_not(g, &col->ld, why, sizeof(why));
		if ((col->ld.prog_type == 26 || col->ld.prog_type == 29) &&
		    source_column(g, g->n_cols)) {
			g->n_cols++;
			note(g, "From source: %s (the kernel said %s)", name,
			     why);
			continue;
		}
		note(g, "Not measured: %s (%s)", name, why);
	}
}

/* The names of the kfuncs pick() selects, comma-separated, in list. */
static size_t list_kfuncs(const struct gen *g,
			  bool (*pick)(const struct kfunc *), char *list,
			  size_t size)
{
	size_t len = 0;

	list[0] = '\0';
	for (size_t i = 0; i < g->n_kfuncs; i++)
		if (pick(&g->kfuncs[i]) && len < size)
			len += (size_t)snprintf(list + len, size - len, "%s%s",
						len ? ", " : "",
						g->kfuncs[i].name);
	return len;
}

static bool refused_everywhere(const struct kfunc *k)
{
	return !k->allowed_somewhere && !k->dev_bound;
}

static bool sleepable_only(const struct kfunc *k)
{
	return k->measured_sleepable;
}

/* Kfuncs no column may call, and those the kernel refused from the
 * non-sleepable programs that may call them, in the header. */
static void summaries(struct gen *g)
{
	char list[sizeof(g->notes[0]) - 64];

	if (list_kfuncs(g, refused_everywhere, list, sizeof(list)))
		note(g, "Refused in every measured column: %s", list);
	if (list_kfuncs(g, sleepable_only, list, sizeof(list)))
		note(g, "Sleepable programs only (measured): %s", list);
}

/* add_kfunc_call() refuses any kfunc call from a non-GPL program, before
 * the look-up: measured once, from socket_filter. */
static void gpl_rule(struct gen *g)
{
	struct hp_load ld = { .prog_type = 1 };

	for (size_t i = 0; i < g->n_kfuncs; i++)
		if (!strcmp(g->kfuncs[i].name, "bpf_rcu_read_lock"))
			note(g,
			     "GPL: bpf_rcu_read_lock from a non-GPL "
			     "socket_filter: %s",
			     kp_probe(&ld, g->kfuncs[i].id, g->kfuncs[i].name,
				      "Proprietary") == KP_GPL
				     ? BV_MSG_KFUNC_GPL
				     : "(loaded: no GPL rule)");
}

/* Compares what the kernel did with the hand-written flags. */
static void check_flags(struct gen *g)
{
	for (size_t i = 0; i < g->n_kfuncs; i++) {
		const struct kfunc *k = &g->kfuncs[i];
		const struct bv_kfunc *f = bv_kfunc_by_name(k->name);

		if (!f) {
			fprintf(stderr,
				"gen-kfunc-table: %s has no row in "
				"src/spec/kfunc_flags.c\n",
				k->name);
			continue;
		}
		if (!k->measured_plain && !k->measured_sleepable)
			continue; /* no non-sleepable column may call it */
		if (k->measured_sleepable != !!(f->flags & BV_KF_SLEEPABLE))
			fprintf(stderr,
				"gen-kfunc-table: %s: the kernel %s it "
				"sleepable-only, kfunc_flags.c %s\n",
				k->name,
				k->measured_sleepable ? "treats"
						      : "does not treat",
				f->flags & BV_KF_SLEEPABLE
					? "says KF_SLEEPABLE"
					: "has no KF_SLEEPABLE");
	}
}

static bool reference_is(const char *release, const char *build)
{
	char buf[2 * sizeof(((struct utsname *)0)->release) + 2];

	snprintf(buf, sizeof(buf), "%s %s", release, build);
	return !strcmp(buf, bv_reference_kernel());
}

/* Prints text as comment lines of at most 80 columns, continuation lines
 * indented. */
static void print_wrapped(const char *text)
{
	const char *indent = "";
	size_t width = 77;

	while (strlen(text) > width) {
		size_t cut = width;

		while (cut > 0 && text[cut] != ' ')
			cut--;
		if (cut == 0)
			break;
		printf(" * %s%.*s\n", indent, (int)cut, text);
		text += cut + 1;
		indent = "  ";
		width = 75;
	}
	printf(" * %s%s\n", indent, text);
}

static void print_header(const struct gen *g)
{
	struct utsname u;
	unsigned measured = 0;
	char ref[300];

	uname(&u);
	if (!reference_is(u.release, u.version))
		fprintf(stderr,
			"gen-kfunc-table: warning: measured on %s %s, "
			"but bpfverify models %s (src/spec/reference.h)\n",
			u.release, u.version, bv_reference_kernel());
	for (size_t c = 0; c < g->n_cols; c++)
		measured += g->cols[c].measured;
	printf("/* SPDX-License-Identifier: MIT */\n"
	       "/* Generated by tools/gen-kfunc-table on Linux %s\n"
	       " * %s: do not edit. %zu kfuncs x %zu columns\n"
	       " * (%u measured with %u loads, %zu from source); bit c of\n"
	       " * .allowed is column c.\n",
	       u.release, u.version, g->n_kfuncs, g->n_cols, measured,
	       g->probes, g->n_cols - measured);
	snprintf(ref, sizeof(ref),
		 "The reference build (src/spec/reference.h): %s, %s.",
		 bv_reference_kernel(),
		 reference_is(u.release, u.version) ? "this one"
						    : "another one");
	print_wrapped(ref);
	for (size_t i = 0; i < g->n_notes; i++)
		print_wrapped(g->notes[i]);
	printf(" */\n#include \"spec/kfuncs.h\"\n\n");
}

static void print_columns(const struct gen *g)
{
	printf("const struct bv_kfunc_column bv_kfunc_columns[] = {\n");
	for (size_t c = 0; c < g->n_cols; c++) {
		const struct column *col = &g->cols[c];
		const char *at =
			col->v->member ? col->v->member : col->v->attach_type;

		printf("\t/* %zu: %s %s */\n", c, col->v->prog_type,
		       at ? at : "");
		printf("\t{ .prog_type = %u, .attach_type = %u, "
		       ".sleepable = %s,%s%s%s .measured = %s },\n",
		       col->ld.prog_type, col->ld.attach_type,
		       col->v->sleepable ? "true" : "false",
		       col->v->btf_target ? " .btf_target = \"" : "",
		       col->v->btf_target ? col->v->btf_target : "",
		       col->v->btf_target ? "\"," : "",
		       col->measured ? "true" : "false");
	}
	printf("};\n\nconst size_t bv_kfunc_column_count =\n"
	       "\tsizeof(bv_kfunc_columns) / sizeof(bv_kfunc_columns[0]);\n\n");
}

static void print_avail(const struct gen *g)
{
	printf("const struct bv_kfunc_avail bv_kfunc_avail_table[] = {\n");
	for (size_t i = 0; i < g->n_kfuncs; i++) {
		const struct kfunc *k = &g->kfuncs[i];

		printf("\t{ \"%s\",\n\t  {", k->name);
		for (int w = 0; w < BV_KFUNC_COLUMN_WORDS; w++)
			printf("%s0x%08x", w ? ", " : " ", k->allowed[w]);
		printf(" } },\n");
	}
	printf("};\n\nconst size_t bv_kfunc_avail_count =\n"
	       "\tsizeof(bv_kfunc_avail_table) / "
	       "sizeof(bv_kfunc_avail_table[0]);\n");
}

int main(void)
{
	static struct gen g;
	struct btf *btf;

	if (!hp_kernel_usable()) {
		fprintf(stderr, "gen-kfunc-table: cannot load programs\n");
		return 1;
	}
	btf = btf__load_vmlinux_btf();
	if (!btf || kp_for_each_kfunc(btf, add_kfunc, &g) == 0) {
		fprintf(stderr, "gen-kfunc-table: no kfuncs in vmlinux BTF\n");
		return 1;
	}
	qsort(g.kfuncs, g.n_kfuncs, sizeof(g.kfuncs[0]), cmp_name);
	measure_all(&g, btf);
	dev_bound_cells(&g);
	summaries(&g);
	gpl_rule(&g);
	check_flags(&g);
	print_header(&g);
	print_columns(&g);
	print_avail(&g);
	btf__free(btf);
	return 0;
}
