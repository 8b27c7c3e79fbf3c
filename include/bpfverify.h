/* SPDX-License-Identifier: MIT */
/*
 * libbpfverify: a userspace model of the Linux 6.18 eBPF verifier.
 *
 * Every public symbol carries the bv_ prefix. The library keeps no global
 * state: independent programs may be verified on independent threads.
 */
#ifndef BPFVERIFY_H
#define BPFVERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One eBPF instruction, laid out exactly as struct bpf_insn (RFC 9669). */
struct bv_insn {
	uint8_t code;
	uint8_t dst_reg : 4;
	uint8_t src_reg : 4;
	int16_t off;
	int32_t imm;
};

/* The kernel's limit on program size for a CAP_BPF loader. */
#define BV_MAX_INSNS 1000000u
#define BV_MAP_NAME_LEN 64
#define BV_ERROR_LEN 2048
/* The error lines of a rejection: an "infinite loop detected" report
 * carries two full state dumps. */
#define BV_ERROR_TEXT_LEN (BV_ERROR_LEN * 4)
#define BV_MAX_MAPS 64
#define BV_MAX_EXPECTED_ERRORS 8

/* A map the program refers to, by index in the program's map list. */
struct bv_map_def {
	char name[BV_MAP_NAME_LEN];
	uint32_t type; /* enum bpf_map_type numbering */
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t flags;
	/* The fd raw instructions use for this map in 64-bit immediate loads,
	 * or -1 when the program names maps by index (assembly input). */
	int fd;
};

/* Who loads the program: privilege changes verdicts. */
enum bv_privilege {
	BV_PRIV_ROOT = 0,    /* all capabilities (the kernel oracle's default) */
	BV_PRIV_BPF_ONLY = 1 /* CAP_BPF without CAP_PERFMON or CAP_SYS_ADMIN */
};

enum bv_verdict {
	BV_ACCEPTED = 0,
	BV_REJECTED = 1,
	BV_BAD_INPUT = 2,    /* the input could not be decoded as a program */
	BV_UNSUPPORTED = 3   /* valid input that bpfverify cannot judge yet */
};

/* Expectations a test case (or a user's repro file) states about itself. */
struct bv_expectation {
	bool has_verdict;
	enum bv_verdict verdict;
	unsigned n_errors;
	char errors[BV_MAX_EXPECTED_ERRORS][BV_ERROR_LEN];
	/* Marks a case bpfverify is known not to pass yet; the kernel side must
	 * still agree with the expectation. */
	bool xfail_bpfverify;
	/* Compare the whole log at this level with the kernel's (0 = off). */
	unsigned compare_log_level;
};

/* Where an input error was found. line is 0 when not applicable. */
struct bv_error {
	unsigned line;
	char msg[BV_ERROR_LEN];
};

typedef struct bv_program bv_program;

bv_program *bv_program_new(void);
void bv_program_free(bv_program *prog);

/* Parsing. On failure these return -1 and fill err with one line. */
int bv_program_from_raw(const void *bytes, size_t len, bv_program **out,
			struct bv_error *err);
int bv_program_from_asm(const char *text, size_t len, bv_program **out,
			struct bv_error *err);
/* Reads FILE and picks the parser: assembly when the bytes are text. */
int bv_program_from_file(const char *path, bv_program **out,
			 struct bv_error *err);

int bv_program_set_insns(bv_program *prog, const struct bv_insn *insns,
			 size_t n, struct bv_error *err);
int bv_program_add_map(bv_program *prog, const struct bv_map_def *map,
		       struct bv_error *err);
void bv_program_set_type(bv_program *prog, uint32_t prog_type);
void bv_program_set_attach_type(bv_program *prog, uint32_t attach_type);
void bv_program_set_flags(bv_program *prog, uint32_t prog_flags);

const struct bv_insn *bv_program_insns(const bv_program *prog, size_t *n);
size_t bv_program_map_count(const bv_program *prog);
const struct bv_map_def *bv_program_map(const bv_program *prog, size_t i);
uint32_t bv_program_type(const bv_program *prog);
uint32_t bv_program_attach_type(const bv_program *prog);
uint32_t bv_program_flags(const bv_program *prog);
enum bv_privilege bv_program_privilege(const bv_program *prog);
const struct bv_expectation *bv_program_expectation(const bv_program *prog);

/* Program type names as libbpf and bpftool spell them ("xdp",
 * "socket_filter", "sched_cls", ...). Return -1 / NULL when unknown. */
int bv_prog_type_from_name(const char *name, uint32_t *type);
const char *bv_prog_type_name(uint32_t type);
int bv_map_type_from_name(const char *name, uint32_t *type);
const char *bv_map_type_name(uint32_t type);
int bv_attach_type_from_name(const char *name, uint32_t *type);
const char *bv_attach_type_name(uint32_t type);

/* The kernel build bpfverify models, as "RELEASE BUILD" (uname -r and
 * uname -v of the kernel its tables and expectations were measured on). */
const char *bv_reference_kernel(void);
#define BV_VERSION "0.1.0"

/* Disassembly. BV_DISASM_KERNEL prints exactly the kernel verifier log's
 * text (map loads as addresses); BV_DISASM_SOURCE prints map loads by name so
 * that the text assembles back to the same program. */
enum bv_disasm_style { BV_DISASM_KERNEL = 0, BV_DISASM_SOURCE = 1 };

/* Writes the text of the instruction at idx without the "idx: " prefix,
 * e.g. "(bf) r0 = r2". Returns the number of slots it occupies (1 or 2). */
unsigned bv_disasm_insn(const bv_program *prog, size_t idx,
			enum bv_disasm_style style, char *buf, size_t len);

/* Log output: called with complete lines, each ending in '\n'. */
typedef void (*bv_log_fn)(void *ctx, const char *line);

/* A ready-made log sink: pass bv_log_text_append as bv_options.log and a
 * zeroed struct bv_log_text as log_ctx to collect the log in one string
 * (NULL until the first line). Free it with bv_log_text_free. */
struct bv_log_text {
	char *text;
	size_t len, cap;
};
void bv_log_text_append(void *ctx, const char *line);
void bv_log_text_free(struct bv_log_text *log);

struct bv_options {
	unsigned log_level; /* 0, 1 or 2, as the kernel's log_level */
	bool log_stats;     /* as BPF_LOG_STATS */
	bv_log_fn log;      /* NULL: no log */
	void *log_ctx;
	enum bv_privilege privilege;
};

/* ---- Explanations of a rejection, in source terms ----
 *
 * Computed only when a program is rejected, from the state the verifier
 * holds at the failing instruction; never part of the log. */
enum bv_explain_kind {
	BV_EXPLAIN_NONE = 0, /* the program was not rejected */
	BV_EXPLAIN_GENERIC,  /* no specific explanation: the kernel's words */
	BV_EXPLAIN_NULL_POINTER,    /* a maybe-NULL pointer dereferenced */
	BV_EXPLAIN_SCALAR_POINTER,  /* a number used as a pointer */
	BV_EXPLAIN_MAP_VALUE_RANGE, /* map value access out of range / unbounded
				     */
	BV_EXPLAIN_PACKET_RANGE,    /* packet access without a range check */
	BV_EXPLAIN_UNINIT_REGISTER, /* a register read before any write */
	BV_EXPLAIN_UNINIT_STACK,    /* stack bytes read before any write */
	BV_EXPLAIN_CTX_ACCESS,	   /* a context field the type does not allow */
	BV_EXPLAIN_REFERENCE_LEAK, /* an acquired reference not released */
	BV_EXPLAIN_HELPER_DENIED,  /* a helper the program type may not call */
	BV_EXPLAIN_RETURN_RANGE,   /* R0 at exit outside the allowed range */
	BV_EXPLAIN_INFINITE_LOOP, /* a loop that reaches the same state again */
	BV_EXPLAIN_TOO_COMPLEX,	  /* instruction or jump complexity limits */
	BV_EXPLAIN_HELPER_ARG_TYPE, /* a helper argument of the wrong type */
	BV_EXPLAIN_MAP_HELPER,	    /* a map type the helper does not serve */
	BV_EXPLAIN_HELPER_SIZE,	    /* a helper's memory size unbounded or 0 */
	BV_EXPLAIN_READ_ONLY,	    /* a write into read-only memory */
	BV_EXPLAIN_POINTER_ARITH,   /* pointer arithmetic not allowed */
	BV_EXPLAIN_POINTER_LEAK,    /* an address leaked without CAP_PERFMON */
	BV_EXPLAIN_DIV_ZERO,	    /* a division by the constant 0 */
	BV_EXPLAIN_CTX_POINTER, /* the context accessed through a moved pointer
				 */
	BV_EXPLAIN_STACK_LIMIT, /* outside the 512-byte stack, calls too deep */
	BV_EXPLAIN_PROGRAM_SHAPE, /* unreachable code, jumps out of range */
	BV_EXPLAIN_ALIGNMENT,	  /* an access not aligned to its size */
	BV_EXPLAIN_SPILL,      /* a pointer spilled, filled or copied in part */
	BV_EXPLAIN_SHIFT,      /* a shift by an immediate out of range */
	BV_EXPLAIN_MAP_USE,    /* a map the program may not use that way */
	BV_EXPLAIN_BTF_ACCESS, /* a kernel struct accessed off its fields */
	BV_EXPLAIN_KFUNC_ARG,  /* a kfunc's trust or NULL rule on an argument */
	BV_EXPLAIN_KPTR,       /* a kptr field of a map value misused */
	BV_EXPLAIN_SPECIAL_FIELD, /* a spin lock or timer field touched directly
				   */
	BV_EXPLAIN_LOCK_REGION,	  /* an RCU, preemption or lock region left open
				   */
	BV_EXPLAIN_GLOBAL_FUNC,	  /* a global function's call or prototype */
	BV_EXPLAIN_ATTACH_TARGET, /* a BTF attach target the type may not use */
	BV_EXPLAIN_USE_AFTER_RELEASE, /* a pointer used after its reference's
					 release */
	BV_EXPLAIN_KIND_COUNT
};

#define BV_EXPLAIN_TEXT_LEN 512
#define BV_EXPLAIN_FILE_LEN 128
#define BV_EXPLAIN_MAX_STEPS 12

/* A place in the program: the instruction and, with BTF line info, its
 * source position and text (file is "" without line info). */
struct bv_explain_loc {
	int insn; /* instruction index, -1: none */
	char insn_text[128];
	char file[BV_EXPLAIN_FILE_LEN];
	unsigned line, column;
	char source[BV_EXPLAIN_TEXT_LEN];
};

/* One step of a value's provenance along the failing path (oldest first):
 * the call, load or constant that produced it, moves, spills and fills,
 * arithmetic, and the comparisons that bounded it or not. */
struct bv_explain_step {
	struct bv_explain_loc at;
	char text[BV_EXPLAIN_TEXT_LEN];
};

struct bv_explanation {
	enum bv_explain_kind kind;
	char error[BV_ERROR_LEN]; /* the kernel's error line explained */
	char what[BV_EXPLAIN_TEXT_LEN]; /* one sentence */
	struct bv_explain_loc where;	/* the failing instruction */
	unsigned n_why;
	struct bv_explain_step why[BV_EXPLAIN_MAX_STEPS];
	char fix[BV_EXPLAIN_TEXT_LEN]; /* a concrete change */
};

/* "null-pointer", "map-value-range", ...; NULL for an unknown kind. */
const char *bv_explain_kind_name(enum bv_explain_kind kind);

struct bv_result {
	enum bv_verdict verdict;
	/* The kernel-format error line(s) of a rejection, '\n'-separated. */
	char error[BV_ERROR_TEXT_LEN];
	uint32_t insn_processed;
	uint32_t max_states_per_insn;
	uint32_t total_states;
	uint32_t peak_states;
	/* The "stack depth" statistic's per-subprogram depths added up (as
	 * veristat's stack_depth), and the "verification time" in usec. */
	uint32_t stack_depth;
	uint64_t verification_usec;
	/* Why a rejected program was rejected (kind BV_EXPLAIN_NONE
	 * otherwise); the log never contains it. */
	struct bv_explanation explanation;
};

/* ---- ELF objects (clang -target bpf -O2 -g), prepared as libbpf does ---- */

typedef struct bv_object bv_object;

struct bv_object_options {
	/* The target kernel's BTF for CO-RE relocations, __ksym externs and
	 * fentry/lsm/tp_btf/iter targets: a raw BTF file (or an ELF with
	 * .BTF). NULL: /sys/kernel/btf/vmlinux when readable. */
	const char *btf_path;
	bool no_kernel_btf; /* use no kernel BTF at all (fuzzing, tests) */
	/* The object name internal maps are named after (libbpf: the file
	 * name up to its first '.'). NULL: from the path, or "obj". */
	const char *name;
};

/* Opens an object and prepares every entry program in it: sections to
 * program types, maps, relocations, appended subprograms, func_info and
 * line_info, CO-RE. A malformed object fails with one line in err; a
 * problem with one program only is that program's load error. */
int bv_object_open(const char *path, const struct bv_object_options *opts,
		   bv_object **out, struct bv_error *err);
int bv_object_open_mem(const void *data, size_t len,
		       const struct bv_object_options *opts, bv_object **out,
		       struct bv_error *err);
void bv_object_free(bv_object *obj);

/* The entry programs in ELF order (section, then offset); the object owns
 * them. */
size_t bv_object_program_count(const bv_object *obj);
bv_program *bv_object_program(const bv_object *obj, size_t i);
bv_program *bv_object_find_program(const bv_object *obj, const char *name);

/* A program's function name and ELF section ("" when not from an ELF). */
const char *bv_program_name(const bv_program *prog);
const char *bv_program_section(const bv_program *prog);
/* Why an object's program cannot be verified, or NULL. *unsupported is set
 * when it is valid input bpfverify cannot handle yet (exit 3) rather than
 * bad input (exit 2). */
const char *bv_program_load_error(const bv_program *prog, bool *unsupported);
/* Whether the load error is only an unknown section name, which a program
 * type given by the user (bv_program_set_type) overrides. */
bool bv_program_section_unknown(const bv_program *prog);
void bv_program_clear_load_error(bv_program *prog);

/* libbpf's fixup_verifier_log: a log ending in a poisoned CO-RE
 * instruction ("N: (85) call unknown#195896080" and "invalid func
 * unknown#195896080") gets those two lines replaced by "N: <invalid CO-RE
 * relocation>" and "failed to resolve CO-RE relocation <spec>". Returns
 * the new log (malloc'd), or NULL when nothing changes. */
char *bv_program_fixup_log(const bv_program *prog, const char *log);

/* Verifies prog. Returns the verdict, also stored in res->verdict. */
enum bv_verdict bv_verify(const bv_program *prog, const struct bv_options *opt,
			  struct bv_result *res);

#ifdef __cplusplus
}
#endif
#endif /* BPFVERIFY_H */
