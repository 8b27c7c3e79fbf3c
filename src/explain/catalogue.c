/* SPDX-License-Identifier: MIT */
/* The catalogue: the verifier's rejection messages (the error lines
 * bpfverify emits, as kernel/bpf/verifier.c words them), matched by
 * fnmatch(3) pattern, each mapped to an explanation kind. A message not
 * listed gets the generic explanation. */
#include "explain/explain.h"

#include <fnmatch.h>
#include <string.h>

struct entry {
	const char *pattern;
	enum bv_explain_kind kind;
};

static const struct entry catalogue[] = {
	/* check_mem_access on a PTR_MAYBE_NULL type; check_ptr_arith and
	 * check_reg_type on one */
	{ "R* invalid mem access '*_or_null'", BV_EXPLAIN_NULL_POINTER },
	{ "R* invalid mem access '*_or_null_'", BV_EXPLAIN_NULL_POINTER },
	{ "R* pointer arithmetic on *_or_null prohibited, null-check it first",
	  BV_EXPLAIN_NULL_POINTER },
	{ "R* type=*_or_null expected=*", BV_EXPLAIN_NULL_POINTER },
	/* check_reg_type with another type; check_map_func_compatibility */
	{ "R* type=* expected=*", BV_EXPLAIN_HELPER_ARG_TYPE },
	{ "cannot pass map_type * into func *", BV_EXPLAIN_MAP_HELPER },
	/* check_mem_size_reg */
	{ "R* min value is negative, either use unsigned or 'var &= const'",
	  BV_EXPLAIN_HELPER_SIZE },
	{ "R* unbounded memory access, use 'var &= const' or 'if (var < "
	  "const)'",
	  BV_EXPLAIN_HELPER_SIZE },
	{ "R* invalid zero-sized read*", BV_EXPLAIN_HELPER_SIZE },
	{ "invalid zero-sized read", BV_EXPLAIN_HELPER_SIZE },
	/* read-only memory and the frame pointer */
	{ "write into map forbidden*", BV_EXPLAIN_READ_ONLY },
	{ "R* cannot write into *", BV_EXPLAIN_READ_ONLY },
	{ "frame pointer is read only", BV_EXPLAIN_READ_ONLY },
	/* adjust_ptr_min_max_vals, adjust_reg_min_max_vals */
	{ "math between * pointer and register with unbounded min value is not "
	  "allowed",
	  BV_EXPLAIN_POINTER_ARITH },
	{ "R* pointer arithmetic*prohibited", BV_EXPLAIN_POINTER_ARITH },
	{ "R* 32-bit pointer arithmetic prohibited", BV_EXPLAIN_POINTER_ARITH },
	{ "R* bitwise operator * on pointer prohibited",
	  BV_EXPLAIN_POINTER_ARITH },
	{ "R* pointer * pointer prohibited", BV_EXPLAIN_POINTER_ARITH },
	{ "R* tried to subtract pointer from scalar",
	  BV_EXPLAIN_POINTER_ARITH },
	{ "R* subtraction from stack pointer prohibited",
	  BV_EXPLAIN_POINTER_ARITH },
	{ "R* pointer comparison prohibited", BV_EXPLAIN_POINTER_ARITH },
	{ "math between * pointer and * is not allowed",
	  BV_EXPLAIN_POINTER_ARITH },
	{ "value * makes * pointer be out of bounds",
	  BV_EXPLAIN_POINTER_ARITH },
	/* pointer leaks without CAP_PERFMON */
	{ "R* leaks addr *", BV_EXPLAIN_POINTER_LEAK },
	{ "leaking pointer from stack off *", BV_EXPLAIN_POINTER_LEAK },
	/* check_alu_op */
	{ "div by zero", BV_EXPLAIN_DIV_ZERO },
	/* the context pointer's offset */
	{ "dereference of modified ctx ptr R* off=* disallowed",
	  BV_EXPLAIN_CTX_POINTER },
	{ "negative offset ctx ptr R* off=* disallowed",
	  BV_EXPLAIN_CTX_POINTER },
	{ "variable ctx access var_off=* disallowed", BV_EXPLAIN_CTX_POINTER },
	/* the stack's bounds and depth */
	{ "invalid write to stack R* off=* size=*", BV_EXPLAIN_STACK_LIMIT },
	{ "combined stack size of * calls is *. Too large",
	  BV_EXPLAIN_STACK_LIMIT },
	{ "the call stack of * frames is too deep*", BV_EXPLAIN_STACK_LIMIT },
	/* check_cfg, check_subprogs */
	{ "unreachable insn *", BV_EXPLAIN_PROGRAM_SHAPE },
	{ "jump out of range from insn * to *", BV_EXPLAIN_PROGRAM_SHAPE },
	{ "last insn is not an exit or jmp", BV_EXPLAIN_PROGRAM_SHAPE },
	/* check_mem_access on SCALAR_VALUE ('inv' before Linux 5.18) */
	{ "R* invalid mem access 'scalar'", BV_EXPLAIN_SCALAR_POINTER },
	{ "R* invalid mem access 'inv'", BV_EXPLAIN_SCALAR_POINTER },
	/* check_packet_access, before the generic region messages below */
	{ "invalid access to packet, off=* size=*, R*(id=*,off=*,r=*)",
	  BV_EXPLAIN_PACKET_RANGE },
	{ "R* offset is outside of the packet", BV_EXPLAIN_PACKET_RANGE },
	/* check_map_access / check_mem_region_access */
	{ "invalid access to map value, value_size=* off=* size=*",
	  BV_EXPLAIN_MAP_VALUE_RANGE },
	{ "invalid access to memory, mem_size=* off=* size=*",
	  BV_EXPLAIN_MAP_VALUE_RANGE },
	{ "R* min value is negative, either use unsigned index or do a if "
	  "(index >=0) check.",
	  BV_EXPLAIN_MAP_VALUE_RANGE },
	{ "R* max value is outside of the allowed memory range",
	  BV_EXPLAIN_MAP_VALUE_RANGE },
	{ "R* min value is outside of the allowed memory range",
	  BV_EXPLAIN_MAP_VALUE_RANGE },
	{ "R* unbounded memory access, make sure to bounds check any such "
	  "access",
	  BV_EXPLAIN_MAP_VALUE_RANGE },
	/* check_reg_arg */
	{ "R* !read_ok", BV_EXPLAIN_UNINIT_REGISTER },
	/* check_stack_read_fixed_off / check_stack_range_initialized */
	{ "invalid read from stack *", BV_EXPLAIN_UNINIT_STACK },
	{ "invalid indirect read from stack *", BV_EXPLAIN_UNINIT_STACK },
	/* check_ctx_access */
	{ "invalid bpf_context access off=* size=*", BV_EXPLAIN_CTX_ACCESS },
	/* check_reference_leak */
	{ "Unreleased reference id=* alloc_insn=*", BV_EXPLAIN_REFERENCE_LEAK },
	{ "* would lead to reference leak", BV_EXPLAIN_REFERENCE_LEAK },
	/* check_helper_call: get_func_proto refused */
	{ "program of this type cannot use helper *",
	  BV_EXPLAIN_HELPER_DENIED },
	{ "unknown func *", BV_EXPLAIN_HELPER_DENIED },
	/* check_return_code */
	{ "At program exit the register R0 has * should have been in *",
	  BV_EXPLAIN_RETURN_RANGE },
	{ "At program exit the register R0 is not a known value *",
	  BV_EXPLAIN_RETURN_RANGE },
	/* is_state_visited; do_check's and the jump sequence's limits */
	{ "infinite loop detected at insn *", BV_EXPLAIN_INFINITE_LOOP },
	{ "BPF program is too large. Processed * insn",
	  BV_EXPLAIN_TOO_COMPLEX },
	{ "The sequence of * jumps is too complex.", BV_EXPLAIN_TOO_COMPLEX },
	/* check_ptr_alignment */
	{ "misaligned *access off * size *", BV_EXPLAIN_ALIGNMENT },
	/* check_stack_write_fixed_off, check_stack_read_fixed_off,
	 * check_alu_op's 32-bit move of a pointer */
	{ "invalid size of register spill", BV_EXPLAIN_SPILL },
	{ "invalid size of register fill", BV_EXPLAIN_SPILL },
	{ "attempt to corrupt spilled pointer on stack", BV_EXPLAIN_SPILL },
	{ "cannot spill pointers to stack into stack frame of the caller",
	  BV_EXPLAIN_SPILL },
	{ "R* partial copy of pointer", BV_EXPLAIN_SPILL },
	/* check_alu_op on an immediate shift */
	{ "invalid shift *", BV_EXPLAIN_SHIFT },
	/* resolve_pseudo_ldimm64, check_map_prog_compatibility */
	{ "fd * is not pointing to valid bpf_map", BV_EXPLAIN_MAP_USE },
	{ "no direct value access support for this map type",
	  BV_EXPLAIN_MAP_USE },
	{ "invalid access to map value pointer, value_size=* off=*",
	  BV_EXPLAIN_MAP_USE },
	{ "Sleepable programs can only use array, hash, ringbuf and local "
	  "storage maps*",
	  BV_EXPLAIN_MAP_USE },
	/* btf_struct_access, btf_struct_walk, check_ptr_to_btf_access */
	{ "access beyond struct * at off * size *", BV_EXPLAIN_BTF_ACCESS },
	{ "only read is supported", BV_EXPLAIN_BTF_ACCESS },
	{ "cannot access ptr member * with moff * in struct * with off * size "
	  "*",
	  BV_EXPLAIN_BTF_ACCESS },
	{ "R* is of type * but * is expected", BV_EXPLAIN_BTF_ACCESS },
	/* check_kfunc_args */
	{ "R* must be a rcu pointer", BV_EXPLAIN_KFUNC_ARG },
	{ "R* must be referenced or trusted", BV_EXPLAIN_KFUNC_ARG },
	{ "Possibly NULL pointer passed to trusted arg*",
	  BV_EXPLAIN_KFUNC_ARG },
	{ "release kernel function * expects refcounted PTR_TO_BTF_ID",
	  BV_EXPLAIN_KFUNC_ARG },
	{ "kernel function * args#* expected pointer to * but R* has a pointer "
	  "to *",
	  BV_EXPLAIN_KFUNC_ARG },
	{ "calling kernel function * is not allowed", BV_EXPLAIN_KFUNC_ARG },
	/* check_map_kptr_access, map_kptr_match_type, process_kptr_func */
	{ "kptr access *", BV_EXPLAIN_KPTR },
	{ "kptr cannot be accessed indirectly by helper", BV_EXPLAIN_KPTR },
	{ "kptr in map can only be accessed using BPF_MEM instruction mode",
	  BV_EXPLAIN_KPTR },
	{ "store to referenced kptr disallowed", BV_EXPLAIN_KPTR },
	{ "invalid kptr access, R* type=* expected=*", BV_EXPLAIN_KPTR },
	{ "off=* kptr isn't referenced kptr", BV_EXPLAIN_KPTR },
	{ "off=* doesn't point to kptr", BV_EXPLAIN_KPTR },
	{ "R* has no valid kptr", BV_EXPLAIN_KPTR },
	{ "BPF_ST imm must be 0 when storing to kptr at off=*",
	  BV_EXPLAIN_KPTR },
	/* check_map_access on special fields; check_map_prog_compatibility */
	{ "bpf_* cannot be accessed directly by load/store",
	  BV_EXPLAIN_SPECIAL_FIELD },
	{ "* progs cannot use bpf_* yet", BV_EXPLAIN_SPECIAL_FIELD },
	/* do_check's exit and call checks in RCU, preemption and lock
	 * regions; check_kfunc_call's region bookkeeping */
	{ "* cannot be used inside bpf_*-ed region", BV_EXPLAIN_LOCK_REGION },
	{ "* in rcu_read_lock region", BV_EXPLAIN_LOCK_REGION },
	{ "* in non-preemptible region", BV_EXPLAIN_LOCK_REGION },
	{ "kernel func * is sleepable within *", BV_EXPLAIN_LOCK_REGION },
	{ "nested rcu read lock (kernel function *)", BV_EXPLAIN_LOCK_REGION },
	{ "unmatched rcu read unlock (kernel function *)",
	  BV_EXPLAIN_LOCK_REGION },
	{ "unmatched attempt to enable preemption (kernel function *)",
	  BV_EXPLAIN_LOCK_REGION },
	{ "function calls are not allowed while holding a lock",
	  BV_EXPLAIN_LOCK_REGION },
	{ "bpf_spin_unlock without taking a lock", BV_EXPLAIN_LOCK_REGION },
	/* bpf_check_attach_target */
	{ "Attaching fexit/fmod_ret to __noreturn functions is rejected.",
	  BV_EXPLAIN_ATTACH_TARGET },
	{ "attach_btf_id * is not a function", BV_EXPLAIN_ATTACH_TARGET },
	{ "The address of function * cannot be found",
	  BV_EXPLAIN_ATTACH_TARGET },
};

/* Lines that frame the ones before them: the kernel says first what
 * failed in a global function's prototype check, then that the call
 * failed. The framing line decides the kind. */
static const struct entry framing[] = {
	{ "Caller passes invalid args into func#* ('*')",
	  BV_EXPLAIN_GLOBAL_FUNC },
};

static const char *const kind_names[BV_EXPLAIN_KIND_COUNT] = {
	[BV_EXPLAIN_NONE] = "none",
	[BV_EXPLAIN_GENERIC] = "generic",
	[BV_EXPLAIN_NULL_POINTER] = "null-pointer",
	[BV_EXPLAIN_SCALAR_POINTER] = "scalar-as-pointer",
	[BV_EXPLAIN_MAP_VALUE_RANGE] = "map-value-range",
	[BV_EXPLAIN_PACKET_RANGE] = "packet-range",
	[BV_EXPLAIN_UNINIT_REGISTER] = "uninitialised-register",
	[BV_EXPLAIN_UNINIT_STACK] = "uninitialised-stack",
	[BV_EXPLAIN_CTX_ACCESS] = "context-access",
	[BV_EXPLAIN_REFERENCE_LEAK] = "reference-leak",
	[BV_EXPLAIN_HELPER_DENIED] = "helper-not-allowed",
	[BV_EXPLAIN_RETURN_RANGE] = "return-range",
	[BV_EXPLAIN_INFINITE_LOOP] = "infinite-loop",
	[BV_EXPLAIN_TOO_COMPLEX] = "too-complex",
	[BV_EXPLAIN_HELPER_ARG_TYPE] = "helper-argument-type",
	[BV_EXPLAIN_MAP_HELPER] = "map-type-helper",
	[BV_EXPLAIN_HELPER_SIZE] = "helper-memory-size",
	[BV_EXPLAIN_READ_ONLY] = "read-only",
	[BV_EXPLAIN_POINTER_ARITH] = "pointer-arithmetic",
	[BV_EXPLAIN_POINTER_LEAK] = "pointer-leak",
	[BV_EXPLAIN_DIV_ZERO] = "division-by-zero",
	[BV_EXPLAIN_CTX_POINTER] = "context-pointer-offset",
	[BV_EXPLAIN_STACK_LIMIT] = "stack-limit",
	[BV_EXPLAIN_PROGRAM_SHAPE] = "program-shape",
	[BV_EXPLAIN_ALIGNMENT] = "alignment",
	[BV_EXPLAIN_SPILL] = "pointer-spill",
	[BV_EXPLAIN_SHIFT] = "shift-range",
	[BV_EXPLAIN_MAP_USE] = "map-use",
	[BV_EXPLAIN_BTF_ACCESS] = "btf-access",
	[BV_EXPLAIN_KFUNC_ARG] = "kfunc-argument",
	[BV_EXPLAIN_KPTR] = "kptr",
	[BV_EXPLAIN_SPECIAL_FIELD] = "special-field",
	[BV_EXPLAIN_LOCK_REGION] = "lock-region",
	[BV_EXPLAIN_GLOBAL_FUNC] = "global-function",
	[BV_EXPLAIN_ATTACH_TARGET] = "attach-target",
	[BV_EXPLAIN_USE_AFTER_RELEASE] = "use-after-release",
};

const char *bv_explain_kind_name(enum bv_explain_kind kind)
{
	return (unsigned)kind < BV_EXPLAIN_KIND_COUNT ? kind_names[kind] : NULL;
}

static enum bv_explain_kind lookup(const struct entry *table, size_t n,
				   const char *line)
{
	for (size_t i = 0; i < n; i++)
		if (!fnmatch(table[i].pattern, line, 0))
			return table[i].kind;
	return BV_EXPLAIN_GENERIC;
}

/* The first line of error that matches an entry of table: true, with m
 * set; else m holds the last line. */
static bool match_lines(const char *error, const struct entry *table, size_t n,
			struct bv_explain_match *m)
{
	char line[BV_ERROR_LEN];

	for (const char *p = error; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len > 0 && len < sizeof(line)) {
			memcpy(line, p, len);
			line[len] = '\0';
			m->line = p;
			m->len = len;
			m->kind = lookup(table, n, line);
			if (m->kind != BV_EXPLAIN_GENERIC)
				return true;
		}
		p += len + (nl != NULL);
	}
	return false;
}

void bv_explain_classify(const char *error, struct bv_explain_match *m)
{
	m->kind = BV_EXPLAIN_GENERIC;
	m->line = error;
	m->len = strlen(error);
	if (match_lines(error, framing, sizeof(framing) / sizeof(framing[0]),
			m))
		return;
	match_lines(error, catalogue, sizeof(catalogue) / sizeof(catalogue[0]),
		    m);
}
