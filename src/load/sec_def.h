/* SPDX-License-Identifier: MIT */
/* Program type, expected attach type and flags from an ELF section name,
 * following libbpf's section_defs table and sec_def_matches(). */
#ifndef BV_LOAD_SEC_DEF_H
#define BV_LOAD_SEC_DEF_H

#include <stdbool.h>
#include <stdint.h>

/* enum sec_def_flags of libbpf, the parts that change what is loaded */
enum bv_sec_flags {
	BV_SEC_NONE = 0,
	BV_SEC_ATTACH_BTF = 1u << 0, /* target named after '/', by BTF id */
	BV_SEC_SLEEPABLE = 1u << 1,  /* BPF_F_SLEEPABLE */
	BV_SEC_XDP_FRAGS = 1u << 2,  /* BPF_F_XDP_HAS_FRAGS */
	BV_SEC_EXT = 1u << 3,        /* freplace: needs a target program */
	BV_SEC_STRUCT_OPS = 1u << 4, /* attach target from .struct_ops */
};

struct bv_sec_def {
	uint32_t prog_type;
	uint32_t attach_type;
	unsigned flags; /* enum bv_sec_flags */
};

/* Looks sec_name up (without a leading '?'). Returns 0 and fills def, or
 * -1 when no libbpf convention matches. */
int bv_sec_def_find(const char *sec_name, struct bv_sec_def *def);

/* BPF_F_SLEEPABLE and BPF_F_XDP_HAS_FRAGS as the kernel numbers them */
#define BV_F_SLEEPABLE (1u << 4)
#define BV_F_XDP_HAS_FRAGS (1u << 5)

#endif
