/* SPDX-License-Identifier: MIT */
/* Compares the helper tables with the running kernel: re-measures the whole
 * availability matrix (src/spec/helper_access_table.c), the gpl_only and
 * might_sleep flags of every prototype, the first argument each prototype
 * rejects with every argument 0 and with each set up as its type asks, and
 * the exact messages. Skips cleanly where bpf() is not permitted. */
#include "check.h"
#include "../../tools/helper-probe.h"

static unsigned skipped;

static bool bit(const uint32_t *words, int32_t id)
{
	return words[id / 32] & (1u << (id % 32));
}

/* The line of a verifier log just before its "processed" summary. */
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

/* How an argument is set up in the "filled" probe: context pointers get
 * the context, memory a zeroed stack buffer, sizes 8; the rest 0. */
static enum hp_fill fill_for(uint32_t arg_type)
{
	switch (BV_BASE_TYPE(arg_type)) {
	case BV_ARG_PTR_TO_CTX:
		return HP_FILL_CTX;
	case BV_ARG_PTR_TO_MEM:
		return HP_FILL_STACK;
	case BV_ARG_CONST_SIZE:
	case BV_ARG_CONST_SIZE_OR_ZERO:
	case BV_ARG_CONST_ALLOC_SIZE_OR_ZERO:
		return HP_FILL_SIZE;
	default:
		return HP_FILL_ZERO;
	}
}

/* Which argument check_func_arg() rejects first, the registers set as
 * fill says: a scalar 0 satisfies ARG_ANYTHING, a maybe-NULL pointer and a
 * size that may be zero; a context or a stack buffer (or a size after it)
 * satisfies what it was chosen for. -1 when every argument passes. */
static int first_bad_arg(const struct bv_helper_proto *p,
			 const enum hp_fill fill[BV_HELPER_ARGS])
{
	for (int i = 0; i < BV_HELPER_ARGS; i++) {
		uint32_t base = BV_BASE_TYPE(p->arg_type[i]);

		if (base == BV_ARG_DONTCARE || base == BV_ARG_ANYTHING ||
		    fill[i] != HP_FILL_ZERO)
			continue;
		if (base == BV_ARG_CONST_SIZE_OR_ZERO ||
		    base == BV_ARG_CONST_ALLOC_SIZE_OR_ZERO ||
		    (p->arg_type[i] & BV_PTR_MAYBE_NULL))
			continue;
		return i;
	}
	return -1;
}

/* The verifier's list of register types an argument type accepts
 * (compatible_reg_types in kernel/bpf/verifier.c), as it prints them. */
static const char *const expected_types[BV_ARG_TYPE_MAX] = {
	[BV_ARG_CONST_MAP_PTR] = "map_ptr",
	[BV_ARG_PTR_TO_MAP_KEY] = "fp, pkt, pkt_meta, map_key, map_value",
	[BV_ARG_PTR_TO_MAP_VALUE] = "fp, pkt, pkt_meta, map_key, map_value",
	[BV_ARG_PTR_TO_MEM] = "fp, pkt, pkt_meta, map_key, map_value, mem, "
			      "ringbuf_mem, buf, trusted_ptr_",
	[BV_ARG_PTR_TO_CTX] = "ctx",
	[BV_ARG_PTR_TO_SOCK_COMMON] = "sock_common, sock, tcp_sock, xdp_sock",
	[BV_ARG_PTR_TO_BTF_ID_SOCK_COMMON] =
		"sock_common, sock, tcp_sock, xdp_sock, ptr_, trusted_ptr_",
	[BV_ARG_PTR_TO_BTF_ID] = "ptr_, trusted_ptr_, rcu_ptr_",
	[BV_ARG_PTR_TO_FUNC] = "func",
	[BV_ARG_PTR_TO_CONST_STR] = "map_value",
	[BV_ARG_PTR_TO_TIMER] = "map_value",
	[BV_ARG_PTR_TO_RINGBUF_MEM] = "ringbuf_mem",
};

/* What the call must log for prototype p with the registers set so. */
static void predict(const struct bv_helper_proto *p,
		    const enum hp_fill fill[BV_HELPER_ARGS], char *buf,
		    size_t len)
{
	int i = first_bad_arg(p, fill);
	const char *exp;

	buf[0] = '\0';
	if (i < 0)
		return;
	exp = expected_types[BV_BASE_TYPE(p->arg_type[i])];
	if (exp)
		snprintf(buf, len, "R%d type=scalar expected=%s", i + 1, exp);
	else
		snprintf(buf, len, "R%d ", i + 1);
}

/* Whether a log line is about an argument register. */
static bool is_arg_error(const char *line)
{
	return line[0] == 'R' && line[1] >= '1' && line[1] <= '5' &&
	       line[2] == ' ';
}

static void check_args_with(const struct hp_load *ld, int32_t id,
			    const struct bv_helper_proto *p,
			    const enum hp_fill fill[BV_HELPER_ARGS])
{
	char log[HP_LOG_SIZE], line[256], want[256], what[512];
	bool ok;

	hp_load_insns(ld, id, fill, "GPL", log, sizeof(log));
	predict(p, fill, want, sizeof(want));
	error_line(log, line, sizeof(line));
	/* with no argument to reject, the program loads or fails later */
	ok = want[0] ? !strncmp(line, want, strlen(want)) : !is_arg_error(line);
	snprintf(what, sizeof(what), "type %u %s (%s) arguments", ld->prog_type,
		 bv_helper_name(id), p->kernel_name);
	if (!check_kernel(ok, what, want[0] ? want : "no argument error", line))
		fprintf(stderr, "  type %u %s (%s): got \"%s\", want \"%s\"\n",
			ld->prog_type, bv_helper_name(id), p->kernel_name, line,
			want);
}

/* Probes the prototype twice: every argument 0, then each argument set
 * up as its type asks, which reaches the arguments after the context and
 * memory ones. */
static void check_args(const struct hp_load *ld, int32_t id)
{
	const struct bv_helper_proto *p =
		bv_helper_proto_attach(id, ld->prog_type, ld->attach_type);
	enum hp_fill zero[BV_HELPER_ARGS], filled[BV_HELPER_ARGS];

	for (int i = 0; i < BV_HELPER_ARGS; i++) {
		zero[i] = HP_FILL_ZERO;
		filled[i] = fill_for(p->arg_type[i]);
	}
	check_args_with(ld, id, p, zero);
	check_args_with(ld, id, p, filled);
}

static void compare_bits(const char *what, const struct hp_variant *v,
			 int32_t id, bool table, bool kernel)
{
	char where[512];

	snprintf(where, sizeof(where), "%s %s: %s %s", v->prog_type,
		 v->attach_type ? v->attach_type : "", bv_helper_name(id), what);
	if (check_kernel(table == kernel, where, table ? "yes" : "no",
			 kernel ? "yes" : "no"))
		return;
	fprintf(stderr, "  %s %s: %s %s: table %d, kernel %d\n", v->prog_type,
		v->attach_type ? v->attach_type : "", bv_helper_name(id), what,
		table, kernel);
}

/* Compares one privilege's measurement with the table's row. */
static void check_priv(const struct hp_variant *v, const struct hp_load *ld,
		       const struct bv_helper_access *row,
		       enum bv_privilege priv)
{
	unsigned char out[BV_HELPER_COUNT];
	bool loadable = true;

	if (hp_probe_all(ld, priv, BV_HELPER_COUNT, out)) {
		skipped++;
		return;
	}
	for (int32_t id = 0; id < BV_HELPER_COUNT; id++)
		loadable = loadable && out[id] != HP_NO_LOAD;
	compare_bits("loadable", v, 0, row->loadable[priv], loadable);
	if (priv == BV_PRIV_ROOT)
		compare_bits("gpl_required", v, 0, row->gpl_required,
			     hp_probe(ld, 0, "Proprietary") == HP_NO_LOAD);
	for (int32_t id = 0; loadable && id < BV_HELPER_COUNT; id++) {
		bool has = out[id] != HP_DENIED;

		compare_bits("allowed", v, id, bit(row->allowed[priv], id),
			     has);
		if (priv != BV_PRIV_ROOT || !has)
			continue;
		compare_bits("might_sleep", v, id, bit(row->might_sleep, id),
			     out[id] == HP_SLEEP);
		compare_bits("not_in_probe", v, id,
			     bit(row->not_in_probe, id),
			     out[id] == HP_NOT_IN_PROBE);
		if (!row->gpl_required)
			compare_bits("gpl_only", v, id,
				     bv_helper_proto_attach(id, ld->prog_type,
							    ld->attach_type)
					     ->gpl_only,
				     hp_probe(ld, id, "Proprietary") == HP_GPL);
		if (out[id] == HP_ALLOWED)
			check_args(ld, id);
	}
}

static void check_variant(const struct hp_variant *v, const struct btf *btf)
{
	const struct bv_helper_access *row;
	struct hp_load ld;

	if (hp_resolve(v, btf, &ld)) {
		skipped++;
		return;
	}
	row = bv_helper_access_find(ld.prog_type, ld.attach_type,
				    v->sleepable);
	if (!row || row->attach_type != ld.attach_type ||
	    row->sleepable != v->sleepable) {
		/* not in the table: the kernel must still refuse it */
		skipped++;
		if (!check_kernel(hp_probe(&ld, 0, "GPL") == HP_NO_LOAD,
				  v->prog_type, "not loadable (no table row)",
				  "loads it"))
			fprintf(stderr, "  %s %s: loads, but has no table row\n",
				v->prog_type, v->attach_type ? v->attach_type : "");
		return;
	}
	check_priv(v, &ld, row, BV_PRIV_ROOT);
	check_priv(v, &ld, row, BV_PRIV_BPF_ONLY);
}

/* The log's error line for a call to id must be bv_helper_message(v). */
static void check_message(uint32_t prog_type, uint32_t flags, int32_t id,
			  const char *license, enum bv_helper_verdict v)
{
	struct hp_load ld = { .prog_type = prog_type, .flags = flags };
	char log[HP_LOG_SIZE], line[256], want[256];

	char what[64];

	hp_load_call(&ld, id, license, log, sizeof(log));
	bv_helper_message(v, id, want, sizeof(want));
	error_line(log, line, sizeof(line));
	snprintf(what, sizeof(what), "message for helper %d", id);
	if (!check_kernel(!strcmp(line, want), what, want, line))
		fprintf(stderr, "  %s: got \"%s\", want \"%s\"\n", what, line,
			want);
}

static void check_messages(void)
{
	check_message(1, 0, BV_HELPER_COUNT, "GPL", BV_HELPER_INVALID);
	check_message(1, 0, -1, "GPL", BV_HELPER_INVALID);
	check_message(1, 0, 0, "GPL", BV_HELPER_DENIED);
	check_message(3, 0, 44, "GPL", BV_HELPER_DENIED);
	check_message(1, 0, 35, "Proprietary", BV_HELPER_GPL);
	check_message(2, 0, 148, "GPL", BV_HELPER_MIGHT_SLEEP);
	check_message(31, HP_SLEEPABLE, 147, "GPL", BV_HELPER_NOT_IN_PROBE);
}

int main(void)
{
	struct btf *btf;

	if (!hp_kernel_usable()) {
		printf("helpers-kernel: 0 passed, 0 failed, 1 skipped\n");
		return 0;
	}
	btf = btf__load_vmlinux_btf();
	for (size_t i = 0; i < HP_N_VARIANTS; i++)
		check_variant(&hp_variants[i], btf);
	check_messages();
	btf__free(btf);
	return check_kernel_summary("helpers-kernel", skipped);
}
