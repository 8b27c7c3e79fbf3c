/* SPDX-License-Identifier: MIT */
/* Each explanation kind in general: what the verifier refuses and the
 * usual cure, for SARIF rules and for logs explained without the object
 * (the kinds' own files word the details when the program is known). */
#include "explain/log_in.h"

struct kind_text {
	const char *what, *fix;
};

static const struct kind_text texts[BV_EXPLAIN_KIND_COUNT] = {
	[BV_EXPLAIN_GENERIC] = { "the verifier refused the program at this "
				 "instruction",
				 "see the kernel's message; the registers it "
				 "names are shown as the log has them" },
	[BV_EXPLAIN_NULL_POINTER] = { "a pointer that may be NULL (a map "
				      "lookup's result, a "
				      "helper's or kfunc's maybe-NULL return) "
				      "is used before a "
				      "NULL check",
				      "check the pointer right after the call "
				      "that returned it and "
				      "before any use: `if (!p) return ...;`" },
	[BV_EXPLAIN_SCALAR_POINTER] = { "a number is used as a pointer: the "
					"verifier tracks this "
					"register as a scalar, not as an "
					"address",
					"dereference only pointers the "
					"verifier tracks (the context, "
					"the stack, a map value after its NULL "
					"check, checked packet "
					"data); read other memory with "
					"bpf_probe_read_kernel() or "
					"bpf_probe_read_user()" },
	[BV_EXPLAIN_MAP_VALUE_RANGE] = { "the access may fall outside the map "
					 "value or memory region: "
					 "its offset is not bounded to the "
					 "value's size",
					 "bound the index before the access, "
					 "unsigned and against the "
					 "array's length: `if (i >= LEN) "
					 "return ...;`" },
	[BV_EXPLAIN_PACKET_RANGE] = { "packet data is read or written past "
				      "what a comparison with "
				      "data_end has checked",
				      "compare the end of the access with "
				      "data_end first: `if "
				      "((void *)(p + 1) > data_end) return "
				      "...;`, and again after "
				      "any helper that may change the packet" },
	[BV_EXPLAIN_UNINIT_REGISTER] = { "a register is read before anything "
					 "was written to it on "
					 "this path",
					 "initialise the variable on every "
					 "path; after a call, r1-r5 "
					 "hold nothing until set again" },
	[BV_EXPLAIN_UNINIT_STACK] = { "stack bytes are read before they were "
				      "written on this path",
				      "initialise the local variable or buffer "
				      "before passing or "
				      "reading it: `= {}` or memset()" },
	[BV_EXPLAIN_CTX_ACCESS] = { "the program reads or writes a context "
				    "field, or a size of "
				    "it, that its program type does not allow",
				    "access only the fields the program type "
				    "allows, with their "
				    "own size; copy the value to a local "
				    "variable to change it" },
	[BV_EXPLAIN_REFERENCE_LEAK] = { "an acquired reference (a socket, a "
					"ring buffer reservation, "
					"a kptr) is not released on some path",
					"release the reference on every path "
					"before returning "
					"(bpf_sk_release(), "
					"bpf_ringbuf_submit() or "
					"bpf_ringbuf_discard(), ...)" },
	[BV_EXPLAIN_HELPER_DENIED] = { "the program calls a helper its program "
				       "type may not use",
				       "use a helper the program type allows, "
				       "or a program type "
				       "(section) that allows this helper" },
	[BV_EXPLAIN_RETURN_RANGE] = { "the program's return value (R0 at exit) "
				      "is outside the range "
				      "its program type allows",
				      "return only the values the program type "
				      "allows, on every "
				      "path, as a constant the verifier can "
				      "see" },
	[BV_EXPLAIN_INFINITE_LOOP] = { "a loop reaches the same state again: "
				       "the verifier cannot see "
				       "it end",
				       "give the loop a bound the verifier can "
				       "see (a constant trip "
				       "count, or bpf_loop())" },
	[BV_EXPLAIN_TOO_COMPLEX] = { "verification explores too many "
				     "instructions or paths (the "
				     "one-million-instruction limit, or too "
				     "many pending "
				     "branches)",
				     "lower the loop bounds, move the loop "
				     "body into a global "
				     "function or bpf_loop(), or split the "
				     "program with tail "
				     "calls" },
	[BV_EXPLAIN_HELPER_ARG_TYPE] = { "a helper or kfunc argument has a "
					 "type the function does not "
					 "accept",
					 "pass the kind of pointer the "
					 "helper's prototype asks for "
					 "(a map, the stack, a map value, the "
					 "context, ...)" },
	[BV_EXPLAIN_MAP_HELPER] = { "the helper does not work on this type of "
				    "map",
				    "use the helper that serves this map type, "
				    "or a map type this "
				    "helper serves" },
	[BV_EXPLAIN_HELPER_SIZE] = { "a helper's memory size argument may be "
				     "negative, unbounded "
				     "or zero",
				     "bound the size before the call, unsigned "
				     "and at least 1: "
				     "`if (len == 0 || len > sizeof(buf)) "
				     "return ...;`" },
	[BV_EXPLAIN_READ_ONLY] = { "the program writes into read-only memory "
				   "(a read-only map, "
				   "const data, the frame pointer)",
				   "write to a copy in a local variable, or "
				   "keep writable data "
				   "in a map without BPF_F_RDONLY_PROG" },
	[BV_EXPLAIN_POINTER_ARITH] = { "pointer arithmetic the verifier does "
				       "not allow on this kind "
				       "of pointer or with this operand",
				       "add only bounded scalars to a pointer "
				       "the verifier allows "
				       "arithmetic on, and check it for NULL "
				       "first" },
	[BV_EXPLAIN_POINTER_LEAK] = { "a kernel address would leak to memory a "
				      "program without "
				      "CAP_PERFMON may not leave it in",
				      "store or return data, not the pointer "
				      "itself (or load the "
				      "program with CAP_PERFMON)" },
	[BV_EXPLAIN_DIV_ZERO] = { "a division or modulo by the constant 0",
				  "divide by a value that is not 0" },
	[BV_EXPLAIN_CTX_POINTER] = { "the context is accessed through a "
				     "pointer that was moved "
				     "from its start",
				     "read context fields directly "
				     "(`ctx->field`), not through a "
				     "moved copy of the context pointer" },
	[BV_EXPLAIN_STACK_LIMIT] = { "the stack access or the call chain goes "
				     "past the 512-byte "
				     "stack or the call depth limit",
				     "keep local variables within 512 bytes "
				     "per call chain; move "
				     "large buffers into a per-CPU array map" },
	[BV_EXPLAIN_PROGRAM_SHAPE] = { "the program's shape is refused before "
				       "it runs: unreachable "
				       "code, a jump out of range, no final "
				       "exit",
				       "compilers do not emit this: check "
				       "hand-written or generated "
				       "instructions" },
	[BV_EXPLAIN_ALIGNMENT] = { "a memory access is not aligned to its "
				   "size (the stack always requires it; other "
				   "memory under strict alignment)",
				   "access an N-byte value at an offset that "
				   "is a multiple of N: use variables and "
				   "struct fields of the access's type" },
	[BV_EXPLAIN_SPILL] = { "a pointer is stored to the stack, read back "
			       "or copied other than whole (8 bytes)",
			       "keep pointers in 64-bit variables; store and "
			       "load them with 8-byte accesses and copy them "
			       "with 64-bit moves" },
	[BV_EXPLAIN_SHIFT] = { "a shift by a constant that is not below the "
			       "operand's width (64, or 32 for 32-bit "
			       "operations)",
			       "shift by less than the width; to clear a value "
			       "assign 0 instead" },
	[BV_EXPLAIN_MAP_USE] = { "the program refers to a map it cannot use "
				 "this way (no such map, no direct value "
				 "access, a map type the program type may not "
				 "use)",
				 "refer to maps through the loader's map "
				 "relocations (`&my_map`), and use map types "
				 "the program type supports" },
	[BV_EXPLAIN_BTF_ACCESS] = { "a kernel struct is read or written "
				    "outside what its BTF allows (past its "
				    "end, into part of a pointer field, or a "
				    "write)",
				    "access kernel structs by field name "
				    "(vmlinux.h, BPF_CORE_READ()); they are "
				    "read-only to tracing programs" },
	[BV_EXPLAIN_KFUNC_ARG] = { "a kfunc argument breaks the kfunc's rules: "
				   "it must be trusted, RCU-protected, "
				   "non-NULL or an acquired reference",
				   "pass a pointer the verifier trusts (a "
				   "program argument, an acquired reference), "
				   "NULL-checked" },
	[BV_EXPLAIN_KPTR] = { "a kptr field of a map value is accessed other "
			      "than the kernel allows (whole 8-byte loads, "
			      "bpf_kptr_xchg() for referenced kptrs)",
			      "read kptrs with 8-byte loads and store "
			      "referenced ones only with bpf_kptr_xchg()" },
	[BV_EXPLAIN_SPECIAL_FIELD] = { "a bpf_spin_lock or bpf_timer field of "
				       "a map value is touched directly, or "
				       "used by a program type that may not",
				       "use special fields only through their "
				       "helpers (bpf_spin_lock(), "
				       "bpf_timer_*()), from program types "
				       "that support them" },
	[BV_EXPLAIN_LOCK_REGION] = { "the program leaves, nests or breaks an "
				     "RCU read-side, non-preemptible or "
				     "locked region",
				     "pair every lock with its unlock on every "
				     "path, and call nothing that may sleep "
				     "in between" },
	[BV_EXPLAIN_GLOBAL_FUNC] = { "a call to a global function does not "
				     "match the function's prototype, or the "
				     "prototype is one global functions may "
				     "not have",
				     "pass values of the declared argument "
				     "types, or make the function static so "
				     "it is verified with its caller" },
	[BV_EXPLAIN_ATTACH_TARGET] = { "the program's attach target is one "
				       "its type may not attach to",
				       "attach to another function, or use "
				       "another program type (fentry or a "
				       "kprobe)" },
	[BV_EXPLAIN_USE_AFTER_RELEASE] = { "a pointer is used after the "
					   "reference it held was released",
					   "use the object only before "
					   "releasing it; after the release, "
					   "every copy of the pointer is "
					   "invalid" },
};

const char *bv_explain_kind_what(enum bv_explain_kind kind)
{
	return (unsigned)kind < BV_EXPLAIN_KIND_COUNT && texts[kind].what
		       ? texts[kind].what
		       : "";
}

const char *bv_explain_kind_fix(enum bv_explain_kind kind)
{
	return (unsigned)kind < BV_EXPLAIN_KIND_COUNT && texts[kind].fix
		       ? texts[kind].fix
		       : "";
}
