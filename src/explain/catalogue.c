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
	{ "R* pointer arithmetic on *_or_null prohibited, null-check it first",
	  BV_EXPLAIN_NULL_POINTER },
	{ "R* type=*_or_null expected=*", BV_EXPLAIN_NULL_POINTER },
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
	{ "R* min value is negative, either use unsigned index or do a if (index >=0) check.",
	  BV_EXPLAIN_MAP_VALUE_RANGE },
	{ "R* max value is outside of the allowed memory range",
	  BV_EXPLAIN_MAP_VALUE_RANGE },
	{ "R* min value is outside of the allowed memory range",
	  BV_EXPLAIN_MAP_VALUE_RANGE },
	{ "R* unbounded memory access, make sure to bounds check any such access",
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
	{ "program of this type cannot use helper *", BV_EXPLAIN_HELPER_DENIED },
	{ "unknown func *", BV_EXPLAIN_HELPER_DENIED },
	/* check_return_code */
	{ "At program exit the register R0 has * should have been in *",
	  BV_EXPLAIN_RETURN_RANGE },
	{ "At program exit the register R0 is not a known value *",
	  BV_EXPLAIN_RETURN_RANGE },
	/* is_state_visited; do_check's and the jump sequence's limits */
	{ "infinite loop detected at insn *", BV_EXPLAIN_INFINITE_LOOP },
	{ "BPF program is too large. Processed * insn", BV_EXPLAIN_TOO_COMPLEX },
	{ "The sequence of * jumps is too complex.", BV_EXPLAIN_TOO_COMPLEX },
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
};

const char *bv_explain_kind_name(enum bv_explain_kind kind)
{
	return (unsigned)kind < BV_EXPLAIN_KIND_COUNT ? kind_names[kind] : NULL;
}

static enum bv_explain_kind lookup(const char *line)
{
	for (size_t i = 0; i < sizeof(catalogue) / sizeof(catalogue[0]); i++)
		if (!fnmatch(catalogue[i].pattern, line, 0))
			return catalogue[i].kind;
	return BV_EXPLAIN_GENERIC;
}

void bv_explain_classify(const char *error, struct bv_explain_match *m)
{
	char line[BV_ERROR_LEN];

	m->kind = BV_EXPLAIN_GENERIC;
	m->line = error;
	m->len = strlen(error);
	for (const char *p = error; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		enum bv_explain_kind kind;

		if (len > 0 && len < sizeof(line)) {
			memcpy(line, p, len);
			line[len] = '\0';
			m->line = p; /* the last line, when none matches */
			m->len = len;
			kind = lookup(line);
			if (kind != BV_EXPLAIN_GENERIC) {
				m->kind = kind;
				return;
			}
		}
		p += len + (nl != NULL);
	}
}
