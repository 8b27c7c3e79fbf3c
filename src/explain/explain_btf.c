/* SPDX-License-Identifier: MIT */
/* Explanations of the rules of the kernel's BTF world: loads through BTF
 * pointers (btf_struct_access), kfunc arguments (check_kfunc_args), kptr
 * fields (check_map_kptr_access), special fields of map values, RCU,
 * preemption and lock regions, global functions' prototypes
 * (btf_check_subprog_call), attach targets (bpf_check_attach_target), and
 * pointers used after their reference was released (release_reference). */
#include "explain/explain.h"
#include "isa/opcodes.h"
#include "load/program.h"
#include "spec/helpers.h"
#include "spec/kfuncs.h"
#include "spec/types.h"
#include "verify/env.h"

#include <bpf/btf.h>
#include <stdio.h>
#include <string.h>

static bool is_call(const struct bv_program *prog, int i)
{
	return i >= 0 && (size_t)i < prog->n_insns &&
	       prog->insns[i].code == (BV_JMP | BV_CALL);
}

/* The name of what the call at the failure calls, or "the kfunc" */
static const char *fail_callee(const struct bv_xctx *x)
{
	return is_call(x->prog, x->out->where.insn)
		       ? bv_xcallee(x, x->out->where.insn)
		       : "the kfunc";
}

/* The text of the error line before the one x explains ("" if none) */
static const char *line_before(const struct bv_xctx *x, char *buf, size_t len)
{
	const char *at = strstr(x->error, x->line), *start = at;

	buf[0] = '\0';
	if (!at || at == x->error)
		return buf;
	start = at - 1; /* the '\n' ending the previous line */
	while (start > x->error && start[-1] != '\n')
		start--;
	snprintf(buf, len, "%.*s", (int)(at - 1 - start), start);
	return buf;
}

/* ---- loads through BTF pointers ---- */

/* The size of the kernel struct called name, 0 when unknown */
static long long struct_size(const struct bv_xctx *x, const char *name)
{
	const struct btf *btf =
		x->prog->target_btf ? x->prog->target_btf->btf : NULL;
	int id = btf ? btf__find_by_name_kind(btf, name, BTF_KIND_STRUCT) : -1;

	return id > 0 ? (long long)btf__type_by_id(btf, (uint32_t)id)->size : 0;
}

static void btf_beyond(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	char name[64] = "";
	long long off = 0, size = 0, total;

	sscanf(x->line, "access beyond struct %63s", name);
	bv_xnum(x, " at off ", &off);
	bv_xnum(x, " size ", &size);
	total = struct_size(x, name);
	if (total > 0)
		XSET(e->what,
		     "the access of %lld %s at offset %lld of a struct %s "
		     "goes past its end: the struct is %lld bytes long",
		     size, size == 1 ? "byte" : "bytes", off, name, total);
	else
		XSET(e->what,
		     "the access of %lld %s at offset %lld of a struct %s "
		     "goes past its end",
		     size, size == 1 ? "byte" : "bytes", off, name);
	bv_xwhy_reg(x, bv_xmem_base(x));
	bv_xwhy(x, e->where.insn,
		"loads through a pointer to a kernel struct are checked "
		"against the struct's layout in the kernel's BTF");
	XSET(e->fix,
	     "access the struct's fields by name (`p->field`, with vmlinux.h, "
	     "or BPF_CORE_READ()), so offsets come from this kernel's "
	     "layout, not from a number computed by hand");
}

static void btf_ptr_member(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	char member[64] = "", sname[64] = "";
	long long moff = 0, off = 0, size = 0;

	sscanf(x->line, "cannot access ptr member %63s", member);
	bv_xnum(x, " with moff ", &moff);
	bv_xnum(x, " with off ", &off);
	bv_xnum(x, " size ", &size);
	if (strstr(x->line, " in struct "))
		sscanf(strstr(x->line, " in struct ") + 11, "%63s", sname);
	XSET(e->what,
	     "the access of %lld bytes at offset %lld of a struct %s falls "
	     "inside its pointer field %s (at offset %lld): a pointer field "
	     "may be read only whole, 8 bytes at its own offset",
	     size, off, sname, member, moff);
	bv_xwhy_reg(x, bv_xmem_base(x));
	XSET(e->fix, "read the field as a pointer (`p->%s`), then follow it",
	     member);
}

/* "R1 is of type linux_binprm but task_struct is expected" */
static void btf_type_mismatch(struct bv_xctx *x, const char *line)
{
	struct bv_explanation *e = x->out;
	char have[64] = "", want[64] = "";
	int regno = -1;

	sscanf(line, "R%d is of type %63s but %63s", &regno, have, want);
	XSET(e->what,
	     "argument r%d of %s() points to a struct %s, but the helper "
	     "expects a struct %s",
	     regno, fail_callee(x), have, want);
	bv_xwhy_reg(x, regno);
	XSET(e->fix,
	     "pass a pointer to a struct %s (a pointer to a struct "
	     "that starts with one is not the same type)",
	     want);
}

void bv_explain_btf_access(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	const char *mismatch = strstr(x->error, " is of type ");

	if (mismatch) {
		const char *start = mismatch;

		while (start > x->error && start[-1] != '\n')
			start--;
		btf_type_mismatch(x, start);
	} else if (!strncmp(x->line, "access beyond", 13))
		btf_beyond(x);
	else if (strstr(x->line, "ptr member"))
		btf_ptr_member(x);
	else {
		int base = bv_xmem_base(x);
		const struct bv_reg *r = bv_xreg(x, base);

		XSET(e->what,
		     "the program writes through r%d, a pointer to a kernel "
		     "struct (%s): the kernel's objects are read-only to this "
		     "program",
		     base, r ? TYPE_NAME(r->type) : "ptr_");
		bv_xwhy_reg(x, base);
		XSET(e->fix, "keep the program's own data in a map or a global "
			     "variable; change kernel objects only through the "
			     "helpers or kfuncs made for it");
	}
}

/* ---- kfunc arguments ---- */

void bv_explain_kfunc_arg(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	const char *name = fail_callee(x);
	long long arg = 0;

	if (strstr(x->line, "must be a rcu pointer") ||
	    strstr(x->line, "must be referenced or trusted")) {
		XSET(e->what,
		     "%s() takes only trusted or RCU-protected pointers, but r%d "
		     "(%s) is neither",
		     name, x->regno,
		     x->reg ? TYPE_NAME(x->reg->type) : "untrusted");
		bv_xwhy_reg(x, x->regno);
		bv_xwhy(x, e->where.insn,
			"a pointer loaded from a kernel struct's field is "
			"untrusted, unless the field is __rcu and the load is "
			"inside bpf_rcu_read_lock()");
		XSET(e->fix,
		     "pass a pointer the verifier trusts (the program's own "
		     "argument, an acquired reference), or read an __rcu "
		     "field between bpf_rcu_read_lock() and "
		     "bpf_rcu_read_unlock() and call %s() there",
		     name);
	} else if (strstr(x->line, "Possibly NULL pointer")) {
		bv_xnum(x, "trusted arg", &arg);
		XSET(e->what,
		     "argument %lld of %s() may be NULL, but the kfunc requires "
		     "a pointer that is not",
		     arg, name);
		bv_xwhy_reg(x, (int)arg + 1);
		XSET(e->fix,
		     "check the pointer before the call: `if (!p) return ...;`");
	} else if (strstr(x->line, "expects refcounted")) {
		XSET(e->what,
		     "%s() releases a reference, but r1 holds a pointer the "
		     "program never acquired",
		     name);
		bv_xwhy_reg(x, 1);
		XSET(e->fix,
		     "release only what an acquiring kfunc returned "
		     "(bpf_task_acquire(), bpf_task_from_pid(), ...): the "
		     "program's arguments are borrowed, not owned");
	} else {
		XSET(e->what,
		     "an argument of %s() breaks the kfunc's rules: %s", name,
		     x->line);
		bv_xwhy_reg(x, x->regno);
		XSET(e->fix, "pass a pointer of the type, trust and "
			     "nullness the kfunc's prototype asks for");
	}
}

/* ---- kptrs ---- */

void bv_explain_kptr(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	long long off = 0;

	if (strstr(x->line, "size must be BPF_DW")) {
		XSET(e->what,
		     "the program accesses a kptr field of a map value "
		     "with a load or store narrower than 8 bytes");
		bv_xwhy_reg(x, bv_xmem_base(x));
		XSET(e->fix, "read the kptr field whole, as a pointer: "
			     "`struct task_struct *t = v->task;`");
	} else if (strstr(x->line, "store to referenced kptr")) {
		XSET(e->what, "the program stores directly into a referenced "
			      "kptr field (__kptr): only bpf_kptr_xchg() may "
			      "put a referenced pointer into a map");
		bv_xwhy_reg(x, bv_xmem_base(x));
		XSET(e->fix, "`old = bpf_kptr_xchg(&v->field, new); if (old) "
			     "release(old);`");
	} else if (strstr(x->line, "isn't referenced kptr")) {
		bv_xnum(x, "off=", &off);
		XSET(e->what,
		     "bpf_kptr_xchg() is used on the field at offset %lld, a "
		     "__kptr_untrusted field: only referenced kptr fields "
		     "(__kptr) can be exchanged",
		     off);
		bv_xwhy_reg(x, 1);
		XSET(e->fix, "declare the field __kptr to keep a reference in "
			     "it, or store the untrusted pointer with a plain "
			     "store");
	} else if (strstr(x->line, "invalid kptr access")) {
		const char *want = strstr(x->line, " expected="),
			   *have = strstr(x->line, " type=");
		int len = have && want > have ? (int)(want - have - 6) : 1;

		XSET(e->what,
		     "the program stores r%d (%.*s) into a kptr field declared "
		     "for another type (%s)",
		     x->regno, len, have ? have + 6 : "?",
		     want ? want + 10 : "?");
		bv_xwhy_reg(x, x->regno);
		XSET(e->fix,
		     "store only pointers of the field's declared type");
	} else {
		XSET(e->what,
		     "a kptr field is used as the kernel does not "
		     "allow: %s",
		     x->line);
		bv_xwhy_reg(x, x->regno);
		XSET(e->fix, "access kptr fields at their constant offset with "
			     "8-byte loads, and exchange referenced ones with "
			     "bpf_kptr_xchg()");
	}
}

/* ---- special fields of map values ---- */

/* The helpers that work on each special field */
static const char *field_helpers(const char *field)
{
	if (!strcmp(field, "bpf_spin_lock"))
		return "bpf_spin_lock() and bpf_spin_unlock()";
	if (!strcmp(field, "bpf_timer"))
		return "bpf_timer_init(), bpf_timer_set_callback() and "
		       "bpf_timer_start()";
	return "its helpers or kfuncs";
}

void bv_explain_special_field(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	char field[32] = "";

	if (strstr(x->line, "cannot be accessed directly")) {
		sscanf(x->line, "%31s", field);
		XSET(e->what,
		     "the access touches the struct %s field of the map value: "
		     "that field may be used only through %s",
		     field, field_helpers(field));
		bv_xwhy_reg(x, bv_xmem_base(x));
		XSET(e->fix,
		     "read and write the value's other fields only, and pass "
		     "&value->field of the %s to %s",
		     field, field_helpers(field));
		return;
	}
	if (strstr(x->line, "bpf_spin_lock"))
		snprintf(field, sizeof(field), "bpf_spin_lock");
	else
		snprintf(field, sizeof(field), "%s",
			 strstr(x->line, "bpf_timer") ? "bpf_timer" : "bpf_wq");
	XSET(e->what,
	     "the program uses a map whose value holds a %s, which programs "
	     "of this type may not use (%s)",
	     field, x->line);
	bv_xwhy(x, e->where.insn,
		"the kernel checks this when the program first refers to the "
		"map");
	XSET(e->fix,
	     "keep the %s in a map only programs that may use it refer to "
	     "(tc, xdp, cgroup, ...), or use atomic operations "
	     "(__sync_fetch_and_add()) instead of a lock",
	     field);
}

/* ---- RCU, preemption and lock regions ---- */

/* The call on the failing path that opened the region the message
 * names, -1 */
static int region_opener(const struct bv_xctx *x, const char **name)
{
	static const struct {
		const char *region, *opener;
	} regions[] = {
		{ "rcu_read_lock", "bpf_rcu_read_lock" },
		{ "preempt_disable", "bpf_preempt_disable" },
		{ "non-preemptible", "bpf_preempt_disable" },
		{ "spin_lock", "bpf_spin_lock" },
		{ "holding a lock", "bpf_spin_lock" },
		{ "irq", "bpf_local_irq_save" },
	};
	struct bv_path_pos pos = x->fail;

	*name = NULL;
	for (size_t i = 0; i < sizeof(regions) / sizeof(regions[0]); i++)
		if (strstr(x->line, regions[i].region)) {
			*name = regions[i].opener;
			break;
		}
	if (!*name || !x->st)
		return -1;
	while (bv_path_prev(x->prog, &pos))
		if (is_call(x->prog, pos.insn) &&
		    !strcmp(bv_xcallee(x, pos.insn), *name))
			return pos.insn;
	return -1;
}

void bv_explain_lock_region(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	const char *opener, *closer;
	int open = region_opener(x, &opener);

	closer = !opener				? "the unlock"
		 : !strcmp(opener, "bpf_rcu_read_lock") ? "bpf_rcu_read_unlock"
		 : !strcmp(opener, "bpf_preempt_disable") ? "bpf_preempt_enable"
		 : !strcmp(opener, "bpf_local_irq_save")
			 ? "bpf_local_irq_restore"
			 : "bpf_spin_unlock";
	if (strstr(x->line, "nested") || strstr(x->line, "unmatched") ||
	    strstr(x->line, "without taking")) {
		XSET(e->what,
		     "the program's lock and unlock calls do not pair "
		     "up on this path: %s",
		     x->line);
		bv_xwhy(x, e->where.insn,
			"the verifier counts each region's lock and unlock "
			"calls along every path");
		XSET(e->fix, "call each unlock exactly once after its lock, on "
			     "every path");
		return;
	}
	if (strstr(x->line, "BPF_EXIT"))
		XSET(e->what,
		     "the program exits while the region opened by %s() is "
		     "still open",
		     opener ? opener : "a lock call");
	else
		XSET(e->what,
		     "the instruction may not run inside the region opened by "
		     "%s(): %s",
		     opener ? opener : "a lock call", x->line);
	if (open >= 0)
		bv_xwhy(x, open, "%s() opens the region here", opener);
	bv_xwhy(x, e->where.insn,
		"inside it the program may not exit, sleep, or call what "
		"could; no %s() on the path since",
		closer);
	XSET(e->fix,
	     "call %s() on every path before the exit (early returns "
	     "included), and keep sleeping calls outside the region",
	     closer);
}

/* ---- global functions ---- */

void bv_explain_global_func(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	char func[64] = "", detail[BV_ERROR_LEN];
	const char *q = strstr(x->line, "('");
	int regno = -1;

	if (q)
		sscanf(q + 2, "%63[^']", func);
	line_before(x, detail, sizeof(detail));
	if (strstr(detail, "doesn't return scalar")) {
		XSET(e->what,
		     "%s() is a global function that does not return a number: "
		     "global functions may return only scalars (int, long, "
		     "...)",
		     func);
		XSET(e->fix,
		     "return an int and pass results through a pointer "
		     "argument, or make %s() static so it is verified with "
		     "its caller",
		     func);
	} else if (strstr(detail, "expected to be non-NULL")) {
		long long arg = 0;

		sscanf(detail, "arg#%lld", &arg);
		XSET(e->what,
		     "argument %lld of the global function %s() is declared "
		     "non-NULL (__arg_nonnull), but the call may pass NULL",
		     arg, func);
		regno = (int)arg + 1;
		XSET(e->fix, "check the pointer for NULL before the call");
	} else if (strstr(detail, " type=") && strstr(detail, " expected=")) {
		char have[64] = "", want[64] = "";

		sscanf(detail, "R%d type=%63s expected=%63s", &regno, have,
		       want);
		XSET(e->what,
		     "the call passes in r%d a value of type %s, but %s() "
		     "declares that argument as a pointer the verifier tracks "
		     "as %s",
		     regno, have, func, want);
		XSET(e->fix,
		     "pass a pointer to memory of the declared type (a local "
		     "variable, a NULL-checked map value), or make %s() static "
		     "so it is verified with its caller's values",
		     func);
	} else if (strstr(detail, "is not a scalar") &&
		   sscanf(detail, "R%d", &regno) == 1) {
		XSET(e->what,
		     "the call passes a pointer in r%d, but %s() declares that "
		     "argument as a number",
		     regno, func);
		XSET(e->fix, "pass a number, or change %s()'s prototype", func);
	} else {
		if (sscanf(detail, "R%d", &regno) != 1)
			regno = -1;
		XSET(e->what,
		     "the call does not match the prototype of the global "
		     "function %s(): %s",
		     func, detail[0] ? detail : x->line);
		XSET(e->fix,
		     "pass values of the argument types %s() declares, or make "
		     "it static so it is verified with its caller's values",
		     func);
	}
	if (regno >= 0)
		bv_xwhy_reg(x, regno);
	bv_xwhy(x, e->where.insn,
		"a global function is verified once, on its own, for any "
		"arguments of its BTF types; each call is checked only against "
		"its prototype");
}

/* ---- attach targets ---- */

void bv_explain_attach_target(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	const char *target =
		x->prog->attach_name[0] ? x->prog->attach_name : "the target";

	if (strstr(x->line, "__noreturn")) {
		XSET(e->what,
		     "the program hooks the exit of %s(), a function that never "
		     "returns (__noreturn): its exit hook would never run",
		     target);
		XSET(e->fix,
		     "attach with fentry (or a kprobe) to see %s() "
		     "called",
		     target);
	} else {
		XSET(e->what,
		     "the attach target %s cannot take this program: %s",
		     target, x->line);
		XSET(e->fix, "attach to a function the kernel's BTF describes "
			     "as a traceable function");
	}
	bv_xwhy(x, e->where.insn, "section %s names the attach target %s",
		x->prog->section, target);
}

/* ---- use after release ---- */

/* Whether the call at insn i releases a reference: a helper with an
 * OBJ_RELEASE argument, a KF_RELEASE kfunc. */
static bool releases(const struct bv_xctx *x, int i)
{
	const struct bv_insn *in = &x->prog->insns[i];
	const struct bv_helper_proto *p;
	const struct bv_kfunc *k;
	const char *name;

	if (in->src_reg == BV_PSEUDO_KFUNC_CALL) {
		name = bv_program_kfunc_name(x->prog, in);
		k = name ? bv_kfunc_by_name(name) : NULL;
		return k && (k->flags & BV_KF_RELEASE);
	}
	if (in->src_reg != 0)
		return false;
	p = bv_helper_proto(in->imm, x->prog->prog_type);
	for (int a = 0; p && a < BV_HELPER_ARGS; a++)
		if (p->arg_type[a] & BV_OBJ_RELEASE)
			return true;
	return false;
}

/* The release call on the path between the origin at walked and the
 * failure, -1 */
static int release_after(const struct bv_xctx *x, unsigned walked)
{
	struct bv_path_pos pos = x->fail;

	while (bv_path_prev(x->prog, &pos) && pos.walked < walked)
		if (pos.depth == 0 && is_call(x->prog, pos.insn) &&
		    releases(x, pos.insn))
			return pos.insn;
	return -1;
}

bool bv_explain_released(struct bv_xctx *x, int regno)
{
	struct bv_explanation *e = x->out;
	const struct bv_trace_step *o;
	const struct bv_trace *ts[1];
	struct bv_trace t;
	int rel;

	bv_xtrace(x, regno, &t);
	o = bv_trace_origin(&t);
	if (!o || o->kind != BV_TRACE_CALL)
		return false;
	rel = release_after(x, o->pos.walked);
	if (rel < 0)
		return false;
	e->kind = BV_EXPLAIN_USE_AFTER_RELEASE;
	XSET(e->what,
	     "r%d is used after its reference was released: it came from "
	     "%s() at %s, and %s() at %s released it",
	     regno, bv_xcallee(x, o->insn), XAT(x, o->insn), bv_xcallee(x, rel),
	     XAT(x, rel));
	ts[0] = &t;
	bv_xwhy_traces(x, ts, 1);
	bv_xwhy(x, rel,
		"%s() releases the reference: from here on every copy of the "
		"pointer is a plain number to the verifier",
		bv_xcallee(x, rel));
	XSET(e->fix,
	     "use the object only before releasing it: move %s() after the "
	     "last use (%s)",
	     bv_xcallee(x, rel), XAT(x, e->where.insn));
	return true;
}
