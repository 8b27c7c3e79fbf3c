/* SPDX-License-Identifier: MIT */
/* The helper functions of Linux 6.18: __BPF_FUNC_MAPPER in
 * include/uapi/linux/bpf.h, a list frozen at id 211 (new kernel functions
 * are kfuncs). Names carry the "bpf_" prefix, as the verifier log prints
 * them (func_id_str in kernel/bpf/disasm.c).
 *
 * Three tables describe them:
 *  - names (helper_names.c): id <-> name;
 *  - prototypes (helper_protos.c): struct bpf_func_proto of each helper, with
 *    the variant each program type's get_func_proto() returns;
 *  - availability (helper_access.c, helper_access_table.c): which helpers
 *    get_func_proto() returns at all, per program variant and privilege, as
 *    measured on the live kernel by tools/gen-helper-access.c. */
#ifndef BV_SPEC_HELPERS_H
#define BV_SPEC_HELPERS_H

#include "bpfverify.h"
#include "spec/types.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* __BPF_FUNC_MAX_ID: ids 0 (bpf_unspec) to 211 exist; a call to any other
 * id logs "invalid func unknown#N". */
#define BV_HELPER_COUNT 212

/* One helper, indexed by its id. */
struct bv_helper {
	const char *name;
};

/* The name of helper id ("bpf_map_lookup_elem" for 1), or NULL. */
const char *bv_helper_name(int32_t id);

/* The id of the helper called name, or -1. */
int bv_helper_id(const char *name);


/* The kernel's argument type aliases (enum bpf_arg_type). */
#define BV_ARG_PTR_TO_UNINIT_MEM                                               \
	(BV_ARG_PTR_TO_MEM | BV_MEM_UNINIT | BV_MEM_WRITE)
#define BV_ARG_PTR_TO_FIXED_SIZE_MEM (BV_ARG_PTR_TO_MEM | BV_MEM_FIXED_SIZE)

#define BV_HELPER_ARGS 5

/* struct bpf_func_proto. arg_size applies to BV_MEM_FIXED_SIZE arguments;
 * arg_btf and ret_btf name the BTF struct of a PTR_TO_BTF_ID argument or
 * result (NULL where the kernel uses BPF_PTR_POISON: the type comes from
 * the map's kptr field or spin lock). */
struct bv_helper_proto {
	const char *kernel_name; /* e.g. "bpf_get_stack_proto" */
	uint32_t ret_type;	 /* enum bv_ret_type | flags */
	uint32_t arg_type[BV_HELPER_ARGS]; /* enum bv_arg_type | flags */
	uint32_t arg_size[BV_HELPER_ARGS];
	const char *arg_btf[BV_HELPER_ARGS];
	const char *ret_btf;
	bool gpl_only;
	bool pkt_access;
	bool might_sleep;
	bool allow_fastcall;
	bool has_allowed_cb; /* has an allowed() callback (e.g. bpf_d_path) */
};

/* The prototype a program of prog_type gets for helper id, whether or not
 * the type may call it (see bv_helper_allowed); NULL when id is not a
 * helper. */
const struct bv_helper_proto *bv_helper_proto(int32_t id, uint32_t prog_type);

/* The same for a program loaded with expected attach type attach_type: a
 * few get_func_proto() callbacks choose by it (bpf_get_func_ip for
 * kprobe_multi is not gpl_only, for a plain kprobe it is). */
const struct bv_helper_proto *bv_helper_proto_attach(int32_t id,
						     uint32_t prog_type,
						     uint32_t attach_type);

/* The argument whose constant value sizes a RET_PTR_TO_MEM result
 * (ARG_CONST_ALLOC_SIZE_OR_ZERO), as an index 0-4, or -1. */
int bv_helper_alloc_size_arg(const struct bv_helper_proto *proto);

/* bpf_helper_changes_pkt_data (helper_pkt_data.c): whether a call to
 * func_id may move the packet, so that every packet pointer the program
 * holds becomes invalid. True for bpf_tail_call (the kernel since 6.13):
 * a subprogram that tail-calls counts as changing packet data, but
 * check_helper_call does not clear pointers after a tail call from the
 * main program (measured: they stay valid), since a tail call that returns
 * did not run anything. */
bool bv_helper_changes_pkt_data(int32_t func_id);

/* What the live kernel said about one program variant: a program type
 * loaded with one expected attach type (and BTF target, for the types that
 * need one) and sleepable flag. Bitmaps are indexed by helper id. */
#define BV_HELPER_WORDS ((BV_HELPER_COUNT + 31) / 32)

struct bv_helper_access {
	uint32_t prog_type;
	uint32_t attach_type;
	bool sleepable;
	const char *btf_target; /* the attach target it was measured with */
	bool loadable[2];	/* per enum bv_privilege */
	/* the load fails under a non-GPL license whatever the program calls
	 * ("struct ops programs must have a GPL compatible license"): gpl_only
	 * below could not be measured */
	bool gpl_required;
	/* get_func_proto() returned a prototype */
	uint32_t allowed[2][BV_HELPER_WORDS];
	/* refused with a non-GPL license: the prototype's gpl_only */
	uint32_t gpl_only[BV_HELPER_WORDS];
	/* refused as "might sleep" (non-sleepable variants only) */
	uint32_t might_sleep[BV_HELPER_WORDS];
	/* refused by the prototype's allowed() callback */
	uint32_t not_in_probe[BV_HELPER_WORDS];
};

/* The measured table (helper_access_table.c, generated). */
extern const struct bv_helper_access bv_helper_access_table[];
extern const size_t bv_helper_access_count;

/* The row measured for (prog_type, attach_type, sleepable), or else the
 * program type's default row (its first), or NULL when the type was not
 * measured. */
const struct bv_helper_access *bv_helper_access_find(uint32_t prog_type,
						     uint32_t attach_type,
						     bool sleepable);

/* Whether a program of prog_type (default variant) loaded by priv may call
 * helper id: get_func_proto() returns a prototype. */
bool bv_helper_allowed(int32_t id, uint32_t prog_type,
		       enum bv_privilege priv);

/* The messages check_helper_call() logs about the helper itself, in the
 * order it checks them (kernel/bpf/verifier.c). */
#define BV_MSG_HELPER_INVALID "invalid func %s#%d"
#define BV_MSG_HELPER_DENIED "program of this type cannot use helper %s#%d"
#define BV_MSG_HELPER_GPL                                                      \
	"cannot call GPL-restricted function from non-GPL compatible program"
#define BV_MSG_HELPER_NOT_IN_PROBE "helper call is not allowed in probe"
#define BV_MSG_HELPER_MIGHT_SLEEP                                              \
	"helper call might sleep in a non-sleepable prog"

enum bv_helper_verdict {
	BV_HELPER_OK = 0,
	BV_HELPER_INVALID,	/* id outside [0, BV_HELPER_COUNT) */
	BV_HELPER_DENIED,	/* no prototype for this program */
	BV_HELPER_GPL,		/* gpl_only, non-GPL license */
	BV_HELPER_NOT_IN_PROBE, /* the allowed() callback refused */
	BV_HELPER_MIGHT_SLEEP,	/* might_sleep, non-sleepable program */
	/* the program variant was not measured (fentry, fexit, lsm, ext, ...
	 * on a kernel that refused to load them): no kernel message */
	BV_HELPER_UNMEASURED,
};

/* The program calling a helper, as check_helper_call() sees it. */
struct bv_helper_caller {
	uint32_t prog_type;
	uint32_t attach_type;
	bool sleepable;
	bool gpl_compatible;
	enum bv_privilege priv;
};

/* The first check of check_helper_call() that a call to id fails. Program
 * types whose helpers depend on the attach target (tracing, struct_ops,
 * lsm, ext) need a row measured for exactly that attach type; the others
 * fall back to their default row. */
enum bv_helper_verdict bv_helper_check(int32_t id,
				       const struct bv_helper_caller *caller);

/* Writes the kernel's log line (without '\n') for verdict v about id;
 * returns its length as snprintf does, 0 for BV_HELPER_OK. */
int bv_helper_message(enum bv_helper_verdict v, int32_t id, char *buf,
		      size_t len);

#endif
