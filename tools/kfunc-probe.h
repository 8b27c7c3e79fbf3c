/* SPDX-License-Identifier: MIT */
/* Measures on the live kernel which kfuncs a program may call: for a
 * program variant (helper-probe.h's hp_variants) and a kfunc it loads
 * "call kfunc; r0 = 0; exit" (BPF_CALL, src_reg BPF_PSEUDO_KFUNC_CALL, imm
 * the kfunc's vmlinux BTF id) and reads what the verifier says. The
 * verifier's check_kfunc_call() looks the kfunc up in the sets registered
 * for the program type (fetch_kfunc_meta: "calling kernel function %s is not
 * allowed") and checks KF_DESTRUCTIVE and KF_SLEEPABLE before it looks at
 * any argument, so the argument registers need no set-up.
 *
 * Shared by tools/gen-kfunc-table.c, which writes src/spec/kfunc_table.c,
 * and tests/unit/test_kfuncs_kernel.c. Everything here is static inline.
 * Needs libbpf (vmlinux BTF look-ups). */
#ifndef BV_TOOLS_KFUNC_PROBE_H
#define BV_TOOLS_KFUNC_PROBE_H

#include "helper-probe.h"
#include "spec/kfuncs.h"

#define KP_PSEUDO_KFUNC_CALL 2

enum kp_outcome {
	KP_ALLOWED, /* the verifier went past the look-up */
	KP_SLEEP,   /* found, but "program must be sleepable" */
	KP_DENIED,  /* "calling kernel function %s is not allowed" */
	KP_GPL,	    /* "cannot call kernel function from non-GPL ..." */
	/* an XDP metadata kfunc from a program not bound to a device: refused
	 * by add_kfunc_call() before the set look-up */
	KP_DEV_BOUND,
	KP_NO_LOAD, /* refused before the verifier reached the call */
};

/* Variants beyond helper-probe.h's that matter for kfuncs: uprobe sessions
 * (BPF_TRACE_UPROBE_SESSION, 57, past the names of src/spec/names.c), which
 * bpf_session_filter (kernel/trace/bpf_trace.c) lets call the session
 * kfuncs as it lets kprobe sessions. */
static const struct hp_variant kp_extra_variants[] = {
	HP_VA("kprobe", "57"),
	HP_VS("kprobe", "57"),
};

#define KP_N_VARIANTS                                                          \
	(HP_N_VARIANTS +                                                       \
	 sizeof(kp_extra_variants) / sizeof(kp_extra_variants[0]))

/* Variant i of helper-probe.h's list followed by kp_extra_variants. */
static inline const struct hp_variant *kp_variant(size_t i)
{
	return i < HP_N_VARIANTS ? &hp_variants[i]
				 : &kp_extra_variants[i - HP_N_VARIANTS];
}

/* The formats of spec/kfuncs.h cut before their first conversion. */
#define KP_TEXT_DENIED	   "calling kernel function "
#define KP_TEXT_DENIED_END " is not allowed"
#define KP_TEXT_SLEEP	   "program must be sleepable to call sleepable kfunc "

/* The BTF id of kfunc name in btf, or -1. */
static inline int32_t kp_btf_id(const struct btf *btf, const char *name)
{
	int id = btf ? btf__find_by_name_kind(btf, name, BTF_KIND_FUNC) : -1;

	return id > 0 ? id : -1;
}

/* A call of the kfunc whose BTF id is id. */
static inline struct bv_insn kp_call(int32_t id)
{
	return hp_insn(HP_CALL, 0, KP_PSEUDO_KFUNC_CALL, 0, id);
}

/* Loads pre (n_pre instructions) then "call kfunc id; r0 = 0; exit". */
static inline int kp_load_insns(const struct hp_load *ld,
				const struct bv_insn *pre, uint32_t n_pre,
				int32_t id, const char *license, char *log,
				size_t len)
{
	struct bv_insn insns[HP_MAX_INSNS];
	uint32_t n = 0;

	for (; n < n_pre && n < HP_MAX_INSNS - 3; n++)
		insns[n] = pre[n];
	insns[n++] = kp_call(id);
	insns[n++] = hp_insn(HP_MOV_IMM, 0, 0, 0, 0);
	insns[n++] = hp_insn(HP_EXIT, 0, 0, 0, 0);
	return hp_load_prog(ld, insns, n, license, log, len);
}

/* Whether log says the kfunc called name is not in the program's sets. */
static inline bool kp_denied(const char *log, const char *name)
{
	char want[256];

	snprintf(want, sizeof(want), KP_TEXT_DENIED "%s" KP_TEXT_DENIED_END,
		 name);
	return strstr(log, want) != NULL;
}

static inline enum kp_outcome kp_classify(int rc, const char *log,
					  const char *name)
{
	if (kp_denied(log, name))
		return KP_DENIED;
	if (strstr(log, BV_MSG_KFUNC_GPL))
		return KP_GPL;
	if (strstr(log, KP_TEXT_SLEEP))
		return KP_SLEEP;
	if (strstr(log, BV_MSG_KFUNC_DEV_BOUND))
		return KP_DEV_BOUND;
	/* the verifier printed the call instruction: it reached it */
	if (rc >= 0 || strstr(log, "(85) call "))
		return KP_ALLOWED;
	return KP_NO_LOAD;
}

/* Probes kfunc name (BTF id id) from variant ld with license. */
static inline enum kp_outcome kp_probe(const struct hp_load *ld, int32_t id,
				       const char *name, const char *license)
{
	char log[HP_LOG_SIZE];
	int rc = kp_load_insns(ld, NULL, 0, id, license, log, sizeof(log));

	return kp_classify(rc, log, name);
}

/* The kfuncs of the running kernel: the FUNCs of vmlinux BTF that carry a
 * DECL_TAG "bpf_kfunc" (pahole adds one to every function of a kfunc set).
 * Calls fn(name, id, arg) for each; returns how many. */
static inline int kp_for_each_kfunc(const struct btf *btf,
				    void (*fn)(const char *name, int32_t id,
					       void *arg),
				    void *arg)
{
	int n = 0;
	uint32_t count = btf ? btf__type_cnt(btf) : 0;

	for (uint32_t i = 1; i < count; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);
		const struct btf_type *f;

		if (!btf_is_decl_tag(t) ||
		    strcmp(btf__name_by_offset(btf, t->name_off), "bpf_kfunc"))
			continue;
		f = btf__type_by_id(btf, t->type);
		if (!f || !btf_is_func(f))
			continue;
		fn(btf__name_by_offset(btf, f->name_off), (int32_t)t->type,
		   arg);
		n++;
	}
	return n;
}

#endif
