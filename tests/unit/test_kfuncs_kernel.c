/* SPDX-License-Identifier: MIT */
/* Compares the kfunc tables with the running kernel: re-measures a sample
 * of the availability table (src/spec/kfunc_table.c), allowed and refused
 * cells alike; checks by behaviour KF_SLEEPABLE of every kfunc some
 * non-sleepable program may call, KF_ACQUIRE (an unreleased result) and
 * KF_RET_NULL (a dereference without a check) of the kfuncs whose arguments
 * are scalars, KF_RCU and the trusted-argument rule of those whose first
 * argument is a struct pointer, and KF_RELEASE of bpf_task_release; and the
 * messages. Skips cleanly where bpf() is not permitted. */
#include "check.h"
#include "../../tools/kfunc-probe.h"

#define SAMPLE_EACH 20 /* allowed cells, and as many refused ones */

static unsigned skipped;

/* The load attributes of table column col, or -1 when no variant of
 * kfunc-probe.h resolves to it. */
static int column_load(const struct btf *btf, int col, struct hp_load *ld)
{
	const struct bv_kfunc_column *c = &bv_kfunc_columns[col];

	for (size_t i = 0; i < KP_N_VARIANTS; i++) {
		const struct hp_variant *v = kp_variant(i);

		if (v->sleepable != c->sleepable ||
		    !!v->btf_target != !!c->btf_target ||
		    (c->btf_target && strcmp(v->btf_target, c->btf_target)))
			continue;
		if (!hp_resolve(v, btf, ld) && ld->prog_type == c->prog_type &&
		    ld->attach_type == c->attach_type)
			return 0;
	}
	return -1;
}

static const char *column_name(int col, char *buf, size_t len)
{
	const struct bv_kfunc_column *c = &bv_kfunc_columns[col];

	snprintf(buf, len, "%s/%u%s", bv_prog_type_name(c->prog_type),
		 c->attach_type, c->sleepable ? "/sleepable" : "");
	return buf;
}

/* Re-measures cell (kfunc k, column col). */
static void check_cell(const struct btf *btf, const struct bv_kfunc *k, int col)
{
	struct hp_load ld;
	char what[200], name[64];
	int32_t id = kp_btf_id(btf, k->name);
	bool table = bv_kfunc_in_column(k->name, col);
	enum kp_outcome o;

	if (id < 0 || column_load(btf, col, &ld)) {
		skipped++;
		return;
	}
	o = kp_probe(&ld, id, k->name, "GPL");
	snprintf(what, sizeof(what), "%s from %s", k->name,
		 column_name(col, name, sizeof(name)));
	if (!check_kernel(table == (o == KP_ALLOWED || o == KP_SLEEP), what,
			  table ? "allowed" : "refused",
			  o == KP_DENIED ? "refused" : "allowed"))
		fprintf(stderr, "  %s: table %d, kernel outcome %d\n", what,
			table, o);
}

/* SAMPLE_EACH measured cells the table allows and SAMPLE_EACH it refuses,
 * spread over the table. Returns how many were checked. */
static unsigned check_sample(const struct btf *btf, bool allowed)
{
	size_t total = bv_kfunc_count * bv_kfunc_column_count, n = 0;
	size_t stride = allowed ? 37 : 53; /* coprime with the sizes */
	unsigned checked = 0;

	for (size_t i = 0; n < total && checked < SAMPLE_EACH; n++) {
		const struct bv_kfunc *k;
		int col;

		i = (i + stride) % total;
		k = &bv_kfunc_table[i / bv_kfunc_column_count];
		col = (int)(i % bv_kfunc_column_count);
		/* the XDP metadata kfuncs are from source: dev-bound */
		if (!bv_kfunc_columns[col].measured ||
		    !strncmp(k->name, "bpf_xdp_metadata_", 17) ||
		    bv_kfunc_in_column(k->name, col) != allowed)
			continue;
		check_cell(btf, k, col);
		checked++;
	}
	return checked;
}

/* A measured non-sleepable column that may call k, or -1. */
static int plain_column(const struct bv_kfunc *k)
{
	for (size_t c = 0; c < bv_kfunc_column_count; c++)
		if (bv_kfunc_columns[c].measured &&
		    !bv_kfunc_columns[c].sleepable &&
		    bv_kfunc_in_column(k->name, (int)c))
			return (int)c;
	return -1;
}

/* KF_SLEEPABLE: check_kfunc_call() refuses the kfunc from a non-sleepable
 * program ("program must be sleepable"). Returns how many were checked. */
static unsigned check_sleepable(const struct btf *btf)
{
	unsigned checked = 0;

	for (size_t i = 0; i < bv_kfunc_count; i++) {
		const struct bv_kfunc *k = &bv_kfunc_table[i];
		int col = plain_column(k);
		int32_t id = kp_btf_id(btf, k->name);
		struct hp_load ld;
		char what[160];
		bool sleep;

		if (col < 0 || id < 0 || column_load(btf, col, &ld))
			continue;
		sleep = kp_probe(&ld, id, k->name, "GPL") == KP_SLEEP;
		snprintf(what, sizeof(what), "%s KF_SLEEPABLE", k->name);
		if (!check_kernel(sleep == !!(k->flags & BV_KF_SLEEPABLE), what,
				  k->flags & BV_KF_SLEEPABLE ? "yes" : "no",
				  sleep ? "yes" : "no"))
			fprintf(stderr, "  %s: table and kernel disagree\n",
				what);
		checked++;
	}
	return checked;
}

/* The log line just before "processed ..." (or the last line). */
static const char *error_line(const char *log, char *buf, size_t len)
{
	const char *end = strstr(log, "\nprocessed ");
	const char *start;

	if (!end)
		end = log + strlen(log);
	for (start = end; start > log && start[-1] != '\n'; start--)
		;
	snprintf(buf, len, "%.*s", (int)(end - start), start);
	return buf;
}

static void check_line(const char *what, const char *log, const char *want)
{
	char line[256];

	error_line(log, line, sizeof(line));
	if (!check_kernel(!strcmp(line, want), what, want, line))
		fprintf(stderr, "  %s: got \"%s\", want \"%s\"\n", what, line,
			want);
}

static void check_log_has(const char *what, const char *log, const char *want)
{
	char line[256];

	if (!check_kernel(strstr(log, want) != NULL, what, want,
			  error_line(log, line, sizeof(line))))
		fprintf(stderr, "  %s: no \"%s\" in:\n%s\n", what, want, log);
}

/* The messages of spec/kfuncs.h, word for word. */
static void check_messages(const struct btf *btf)
{
	struct hp_load sf = { .prog_type = 1 }, sys = { .prog_type = 31 };
	char log[HP_LOG_SIZE], want[200];
	int32_t acq = kp_btf_id(btf, "bpf_task_acquire");
	int32_t lock = kp_btf_id(btf, "bpf_rcu_read_lock");

	kp_load_insns(&sf, NULL, 0, acq, "GPL", log, sizeof(log));
	snprintf(want, sizeof(want), BV_MSG_KFUNC_DENIED, "bpf_task_acquire");
	check_line("denied message", log, want);
	kp_load_insns(&sf, NULL, 0, lock, "Proprietary", log, sizeof(log));
	check_line("GPL message", log, BV_MSG_KFUNC_GPL);
	kp_load_insns(&sys, NULL, 0, kp_btf_id(btf, "bpf_xdp_metadata_rx_hash"),
		      "GPL", log, sizeof(log));
	check_line("device-bound message", log, BV_MSG_KFUNC_DEV_BOUND);
}

/* Behaviour of the flags of bpf_task_from_pid (KF_ACQUIRE | KF_RET_NULL)
 * and bpf_task_release (KF_RELEASE) in a syscall program. */
static void check_behaviour(const struct btf *btf)
{
	struct hp_load ld = { .prog_type = 31, .flags = HP_SLEEPABLE };
	int32_t from = kp_btf_id(btf, "bpf_task_from_pid");
	int32_t rel = kp_btf_id(btf, "bpf_task_release");
	char log[HP_LOG_SIZE];
	const struct bv_insn arg = hp_insn(HP_MOV_IMM, 1, 0, 0, 1);
	const struct bv_insn deref[] = {
		arg,
		kp_call(from),
		hp_insn(0x79, 0, 0, 0, 0), /* r0 = *(u64 *)(r0 + 0) */
		hp_insn(HP_EXIT, 0, 0, 0, 0),
	};
	const struct bv_insn release[] = {
		arg,
		kp_call(from),
		hp_insn(0x15, 0, 0, 2, 0), /* if r0 == 0 goto +2 */
		hp_insn(HP_MOV_REG, 1, 0, 0, 0),
		kp_call(rel),
		hp_insn(HP_MOV_IMM, 0, 0, 0, 0),
		hp_insn(HP_EXIT, 0, 0, 0, 0),
	};
	int rc;

	if (!(bv_kfunc_by_name("bpf_task_from_pid")->flags & BV_KF_ACQUIRE) ||
	    !bv_kfunc_allowed(bv_kfunc_by_name("bpf_task_from_pid"), 31, 0,
			      true)) {
		check_kernel(false, "bpf_task_from_pid row", "acquire", "?");
		return;
	}
	/* KF_ACQUIRE: the reference must be released before exit */
	kp_load_insns(&ld, &arg, 1, from, "GPL", log, sizeof(log));
	check_log_has("KF_ACQUIRE result unreleased", log,
		      "Unreleased reference");
	/* KF_RET_NULL: the result may be NULL */
	hp_load_prog(&ld, deref, 4, "GPL", log, sizeof(log));
	check_log_has("KF_RET_NULL result dereferenced", log,
		      "R0 invalid mem access 'ptr_or_null_'");
	/* checked, then released (KF_RELEASE): accepted */
	rc = hp_load_prog(&ld, release, 7, "GPL", log, sizeof(log));
	if (!check_kernel(rc >= 0, "KF_RELEASE of a checked result", "loads",
			  log))
		fprintf(stderr, "  release: %s\n", log);
}

/* Whether BTF type id is an integer or enum, under typedefs and
 * qualifiers. */
static bool scalar_type(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t &&
	       (btf_is_typedef(t) || btf_is_const(t) || btf_is_volatile(t)))
		t = btf__type_by_id(btf, t->type);
	return t && (btf_is_int(t) || btf_is_any_enum(t));
}

/* The prototype of the kfunc whose BTF id is id, or NULL when an argument
 * is not a scalar. */
static const struct btf_type *scalar_proto(const struct btf *btf, int32_t id)
{
	const struct btf_type *f = btf__type_by_id(btf, (uint32_t)id);
	const struct btf_type *proto = btf__type_by_id(btf, f->type);
	const struct btf_param *p = btf_params(proto);

	for (int i = 0; i < btf_vlen(proto); i++)
		if (!scalar_type(btf, p[i].type))
			return NULL;
	return proto;
}

/* The syscall column, else tracing tp_btf, when it may call k; -1 else. */
static int scalar_column(const struct bv_kfunc *k)
{
	int col = bv_kfunc_column_find(31, 0, true);

	if (bv_kfunc_in_column(k->name, col))
		return col;
	col = bv_kfunc_column_find(26, 23, false);
	return bv_kfunc_in_column(k->name, col) ? col : -1;
}

/* KF_ACQUIRE and KF_RET_NULL of every kfunc whose arguments are all
 * scalars (zeros satisfy them): its result left unreleased is "Unreleased
 * reference" exactly when it is KF_ACQUIRE; a pointer result dereferenced
 * without a check is a "_or_null_" access exactly when it is KF_RET_NULL.
 * Returns how many kfuncs were checked. */
static unsigned check_scalar_kfuncs(const struct btf *btf)
{
	unsigned checked = 0;

	for (size_t i = 0; i < bv_kfunc_count; i++) {
		const struct bv_kfunc *k = &bv_kfunc_table[i];
		int32_t id = kp_btf_id(btf, k->name);
		int col = scalar_column(k);
		const struct btf_type *proto;
		struct bv_insn insns[HP_MAX_INSNS];
		struct hp_load ld;
		char log[HP_LOG_SIZE], what[160];
		uint32_t n = 0;
		bool acq, null;

		if (id < 0 || col < 0 || column_load(btf, col, &ld) ||
		    !(proto = scalar_proto(btf, id)))
			continue;
		for (uint8_t r = 1; r <= btf_vlen(proto); r++)
			insns[n++] = hp_insn(HP_MOV_IMM, r, 0, 0, 0);
		kp_load_insns(&ld, insns, n, id, "GPL", log, sizeof(log));
		acq = strstr(log, "Unreleased reference") != NULL;
		snprintf(what, sizeof(what), "%s KF_ACQUIRE", k->name);
		if (!check_kernel(acq == !!(k->flags & BV_KF_ACQUIRE), what,
				  k->flags & BV_KF_ACQUIRE ? "yes" : "no",
				  acq ? "yes" : "no"))
			fprintf(stderr, "  %s: log:\n%s\n", what, log);
		checked++;
		if (!btf_is_ptr(btf__type_by_id(btf, proto->type)))
			continue;
		insns[n++] = kp_call(id);
		insns[n++] = hp_insn(0x71, 0, 0, 0, 0); /* r0 = *(u8 *)r0 */
		insns[n++] = hp_insn(HP_EXIT, 0, 0, 0, 0);
		hp_load_prog(&ld, insns, n, "GPL", log, sizeof(log));
		null = strstr(log, "_or_null_'") != NULL;
		snprintf(what, sizeof(what), "%s KF_RET_NULL", k->name);
		if (!check_kernel(null == !!(k->flags & BV_KF_RET_NULL), what,
				  k->flags & BV_KF_RET_NULL ? "yes" : "no",
				  null ? "yes" : "no"))
			fprintf(stderr, "  %s: log:\n%s\n", what, log);
	}
	return checked;
}

/* The byte offset of member name of struct sname, or -1. */
static int member_offset(const struct btf *btf, const char *sname,
			 const char *name)
{
	int id = btf__find_by_name_kind(btf, sname, BTF_KIND_STRUCT);
	const struct btf_type *t = id > 0 ? btf__type_by_id(btf, id) : NULL;
	const struct btf_member *m = t ? btf_members(t) : NULL;

	for (int i = 0; t && i < btf_vlen(t); i++)
		if (!strcmp(btf__name_by_offset(btf, m[i].name_off), name))
			return (int)(btf_member_bit_offset(t, i) / 8);
	return -1;
}

/* Struct arguments the verifier treats as their own kinds (dynptrs,
 * iterators, graph roots and nodes, locks, ...), not as PTR_TO_BTF_ID. */
static bool special_struct(const char *name)
{
	static const char *const prefixes[] = {
		"bpf_dynptr",	 "bpf_iter_", "bpf_list_",
		"bpf_rb_",	 "bpf_res_",  "bpf_wq",
		"bpf_task_work", "bpf_timer", "bpf_refcount",
	};

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/* The struct the first argument of kfunc id points to, if it is a plain
 * one (PTR_TO_BTF_ID), else NULL. */
static const char *plain_struct_arg(const struct btf *btf, int32_t id)
{
	const struct btf_type *proto =
		btf__type_by_id(btf, btf__type_by_id(btf, (uint32_t)id)->type);
	const struct btf_type *t;
	const char *name;

	if (btf_vlen(proto) < 1)
		return NULL;
	t = btf__type_by_id(btf, btf_params(proto)[0].type);
	while (t && (btf_is_const(t) || btf_is_volatile(t) ||
		     btf_is_typedef(t) || btf_is_type_tag(t)))
		t = btf__type_by_id(btf, t->type);
	if (!t || !btf_is_ptr(t))
		return NULL;
	t = btf__type_by_id(btf, t->type);
	while (t && (btf_is_const(t) || btf_is_volatile(t)))
		t = btf__type_by_id(btf, t->type);
	if (!t || !btf_is_struct(t))
		return NULL;
	name = btf__name_by_offset(btf, t->name_off);
	return special_struct(name) ? NULL : name;
}

/* Loads "r6 = prev (ctx[1] of sched_switch); r1 = *(r6 + off); r2-r5 = 0;
 * call id" as tp_btf and returns its error line in line. */
static void call_with_field(const struct hp_load *ld, int32_t id, int off,
			    char *line, size_t len)
{
	struct bv_insn pre[8];
	char log[HP_LOG_SIZE];
	uint32_t n = 0;

	pre[n++] = hp_insn(0x79, 6, 1, 16, 0); /* r6 = ctx[2]: prev */
	pre[n++] = hp_insn(0x79, 1, 6, (int16_t)off, 0);
	for (uint8_t r = 2; r <= 5; r++)
		pre[n++] = hp_insn(HP_MOV_IMM, r, 0, 0, 0);
	kp_load_insns(ld, pre, n, id, "GPL", log, sizeof(log));
	error_line(log, line, len);
}

/* KF_RCU, and the trusted-argument rule, by behaviour: from tp_btf
 * sched_switch, each kfunc whose first argument is a plain struct pointer
 * gets task->real_parent (an RCU pointer) and task->mm (an untrusted one).
 * A KF_RCU kfunc takes the first and says "R1 must be a rcu pointer" to
 * the second; any other refuses both, "R1 must be referenced or trusted":
 * the measured kernel applies that to kfuncs without KF_TRUSTED_ARGS too
 * (css_rstat_updated, flags 0), as the kernel after 6.18 does for every
 * kfunc. Returns how many kfuncs were checked. */
static unsigned check_trust(const struct btf *btf)
{
	const struct hp_variant v = { .prog_type = "tracing",
				      .attach_type = "trace_raw_tp",
				      .btf_target = "btf_trace_sched_switch",
				      .btf_kind = BTF_KIND_TYPEDEF };
	int rcu_off = member_offset(btf, "task_struct", "real_parent");
	int untrusted_off = member_offset(btf, "task_struct", "mm");
	int col = bv_kfunc_column_find(26, 23, false);
	struct hp_load ld;
	unsigned checked = 0;

	if (rcu_off < 0 || untrusted_off < 0 || hp_resolve(&v, btf, &ld))
		return 0;
	for (size_t i = 0; i < bv_kfunc_count; i++) {
		const struct bv_kfunc *k = &bv_kfunc_table[i];
		int32_t id = kp_btf_id(btf, k->name);
		bool rcu = k->flags & BV_KF_RCU;
		char line[256], what[160];
		bool ok;

		if (id < 0 || !bv_kfunc_in_column(k->name, col) ||
		    (k->flags & (BV_KF_SLEEPABLE | BV_KF_RELEASE)) ||
		    !plain_struct_arg(btf, id))
			continue;
		call_with_field(&ld, id, rcu_off, line, sizeof(line));
		ok = rcu == !strstr(line, "must be referenced or trusted");
		call_with_field(&ld, id, untrusted_off, line, sizeof(line));
		ok = ok && !!strstr(line, rcu ? "R1 must be a rcu pointer"
					      : "R1 must be referenced or "
						"trusted");
		snprintf(what, sizeof(what), "%s KF_RCU/trusted arguments",
			 k->name);
		if (!check_kernel(ok, what, rcu ? "KF_RCU" : "trusted only",
				  line))
			fprintf(stderr, "  %s: last error \"%s\"\n", what,
				line);
		checked++;
	}
	return checked;
}

int main(void)
{
	struct btf *btf;
	unsigned allowed, refused, sleepable, scalar, trust;

	if (!hp_kernel_usable()) {
		printf("kfuncs-kernel: 0 passed, 0 failed, 1 skipped\n");
		return 0;
	}
	btf = btf__load_vmlinux_btf();
	if (!btf) {
		printf("kfuncs-kernel: 0 passed, 0 failed, 1 skipped\n");
		return 0;
	}
	allowed = check_sample(btf, true);
	refused = check_sample(btf, false);
	sleepable = check_sleepable(btf);
	scalar = check_scalar_kfuncs(btf);
	trust = check_trust(btf);
	CHECK(allowed == SAMPLE_EACH && refused == SAMPLE_EACH);
	CHECK(sleepable > 100 && scalar > 10 && trust > 20);
	printf("kfuncs-kernel: %u allowed and %u refused cells re-measured, "
	       "KF_SLEEPABLE of %u kfuncs, KF_ACQUIRE and KF_RET_NULL of %u, "
	       "KF_RCU of %u\n",
	       allowed, refused, sleepable, scalar, trust);
	check_messages(btf);
	check_behaviour(btf);
	btf__free(btf);
	return check_kernel_summary("kfuncs-kernel", skipped);
}
