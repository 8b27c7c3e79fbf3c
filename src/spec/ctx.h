/* SPDX-License-Identifier: MIT */
/* Program contexts: what the Linux 6.18 verifier's check_ctx_access, through
 * the program type's ops->is_valid_access, allows at a constant offset of R1
 * (PTR_TO_CTX). Each context is a data table of byte ranges with the access
 * sizes a read and a write may use there and the register type a read yields.
 *
 * The rules every modelled type shares (checked in bv_ctx_access, verified
 * against the live kernel by tests/unit/test_ctx_kernel.c):
 * - the offset is the instruction's offset (the pointer itself must be the
 *   unmodified R1: see the BV_CTX_MSG_* texts below for the other cases);
 * - off % size == 0 (every is_valid_access checks it; with efficient
 *   unaligned access there is no earlier alignment check);
 * - the first row covering off that applies to the attach type decides; no
 *   row means no access (so negative offsets are refused, but where a row
 *   covers them: tracepoint's);
 * - BPF_STX and BPF_ST writes are judged alike (6.18 accepts BPF_ST into the
 *   context); BPF_ATOMIC on the context is refused before is_valid_access;
 * - a sign-extending load (BPF_MEMSX) is refused where the load would yield
 *   a pointer (check_ctx_access), and judged as a load elsewhere.
 * Privilege never changes a verdict: the only capability test among these
 * rules is bpf_capable() (cgroup_skb's data, data_end and tstamp), which both
 * BV_PRIV_ROOT and BV_PRIV_BPF_ONLY pass. (Of the modelled types a
 * CAP_BPF-only loader may load socket_filter, cgroup_skb, sk_reuseport,
 * sk_lookup and syscall only, and it may not store a pointer into the
 * context: BV_CTX_MSG_LEAK, which needs CAP_PERFMON.) */
#ifndef BV_SPEC_CTX_H
#define BV_SPEC_CTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Sets of access sizes: the bit for size N is N itself. */
#define BV_CTX_SZ1 0x1u
#define BV_CTX_SZ2 0x2u
#define BV_CTX_SZ4 0x4u
#define BV_CTX_SZ8 0x8u
/* bpf_ctx_narrow_access_ok(off, size, 4) and (off, size, 8). */
#define BV_CTX_UPTO4 (BV_CTX_SZ1 | BV_CTX_SZ2 | BV_CTX_SZ4)
#define BV_CTX_UPTO8 (BV_CTX_UPTO4 | BV_CTX_SZ8)

/* Row flags. */
enum bv_ctx_flag {
	/* The access must end within the row (cb[]: off + size <= end). */
	BV_CTX_FIT = 1u << 0,
};

/* One byte range [off, end) of a context and the rules there. */
struct bv_ctx_field {
	const char *name;
	int32_t off, end;
	uint8_t read;       /* sizes a load may use (BV_CTX_SZ*), 0: none */
	uint8_t write;      /* sizes a store may use, 0: none */
	/* The size recorded by bpf_ctx_record_field_size for a narrow load,
	 * 0 when none is (the load is converted at its own size). */
	uint8_t field_size;
	uint8_t flags;      /* enum bv_ctx_flag */
	uint32_t reg_type;  /* enum bv_reg_type a load yields */
	/* The attach types (bit N: enum bpf_attach_type N) the row applies
	 * to; 0: all. A row that does not apply is skipped, so a later row
	 * covering the same bytes decides for the other attach types. */
	uint64_t attach;
};

/* The context of one program type. */
struct bv_ctx_layout {
	uint32_t prog_type; /* enum bpf_prog_type */
	const char *ctx_name;
	uint32_t size;      /* bytes: offsets at or past it are refused */
	const struct bv_ctx_field *fields; /* sorted by off */
	size_t n_fields;
};

/* The kind of access: BPF_LDX | BPF_MEM, BPF_LDX | BPF_MEMSX, and
 * BPF_STX | BPF_MEM or BPF_ST | BPF_MEM. */
enum bv_ctx_op { BV_CTX_READ, BV_CTX_READ_SX, BV_CTX_WRITE };

/* What an allowed access yields. */
struct bv_ctx_access_info {
	/* enum bv_reg_type of a load: BV_SCALAR_VALUE or the pointer type of
	 * data, data_end, sk, ...; BV_SCALAR_VALUE for a store. */
	uint32_t reg_type;
	/* ctx_field_size: the width of the field a narrow load is converted
	 * from (0 when none is recorded). */
	uint32_t field_size;
	/* The load reads less than field_size (it is widened and masked
	 * when the kernel rewrites it). */
	bool narrow;
	const char *field; /* the row's name */
};

/* The texts the verifier prints for a refused context access. */
#define BV_CTX_MSG_INVALID "invalid bpf_context access off=%d size=%d"
/* From __check_ptr_off_reg (bv_check_ptr_off_reg, which names the pointer
 * type; here a context), in the order checked: R%d, off. */
#define BV_CTX_MSG_NEGATIVE "negative offset ctx ptr R%d off=%d disallowed"
#define BV_CTX_MSG_MODIFIED                                                    \
	"dereference of modified ctx ptr R%d off=%d disallowed"
/* var_off printed as tnum_strn does, e.g. "(0x0; 0x4)". */
#define BV_CTX_MSG_VARIABLE "variable ctx access var_off=%s disallowed"
/* A store of a pointer by a loader without CAP_PERFMON: the stored reg. */
#define BV_CTX_MSG_LEAK "R%d leaks addr into ctx"
#define BV_CTX_MSG_ATOMIC "BPF_ATOMIC stores into R%d ctx is not allowed"

/* The tables, one array per family of contexts (ctx_skb.c, ctx_sock.c,
 * ctx_tracing.c, ctx_misc.c); bv_ctx_layout searches them all. */
extern const struct bv_ctx_layout bv_ctx_skb_layouts[];
extern const size_t bv_ctx_skb_n_layouts;
extern const struct bv_ctx_layout bv_ctx_sock_layouts[];
extern const size_t bv_ctx_sock_n_layouts;
extern const struct bv_ctx_layout bv_ctx_tracing_layouts[];
extern const size_t bv_ctx_tracing_n_layouts;
extern const struct bv_ctx_layout bv_ctx_misc_layouts[];
extern const size_t bv_ctx_misc_n_layouts;

/* The context layout of prog_type, or NULL when it is not modelled. */
const struct bv_ctx_layout *bv_ctx_layout(uint32_t prog_type);

/* The size of prog_type's context in bytes (0 when not modelled). */
uint32_t bv_ctx_size(uint32_t prog_type);

/* Whether prog_type (loaded with expected attach_type) may access size bytes
 * (1, 2, 4 or 8) at off of its context; info (may be NULL) is filled when
 * it may. A refusal prints BV_CTX_MSG_INVALID with off and size. Returns
 * false for a type that is not modelled. */
bool bv_ctx_access(uint32_t prog_type, uint32_t attach_type, int off,
		   int size, enum bv_ctx_op op,
		   struct bv_ctx_access_info *info);

/* btf_is_prog_ctx_type: whether a subprogram argument pointing to the
 * struct (or typedef) named struct_name is prog_type's context. The kernel
 * compares names only: its canonical context type, what that resolves to
 * (bpf_user_pt_regs_t is struct pt_regs) and the kernel struct it projects
 * (__sk_buff of sk_buff, xdp_md of xdp_buff). */
bool bv_ctx_btf_name_matches(uint32_t prog_type, const char *struct_name);

/* Writes "invalid bpf_context access off=OFF size=SIZE" into buf. */
int bv_ctx_invalid_msg(char *buf, size_t len, int off, int size);

#endif
