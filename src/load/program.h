/* SPDX-License-Identifier: MIT */
/* The program container behind the opaque bv_program. */
#ifndef BV_LOAD_PROGRAM_H
#define BV_LOAD_PROGRAM_H

#include "bpfverify.h"

struct bv_program {
	struct bv_insn *insns;
	size_t n_insns;
	struct bv_map_def maps[BV_MAX_MAPS];
	size_t n_maps;
	uint32_t prog_type;
	uint32_t attach_type;
	uint32_t prog_flags;
	enum bv_privilege privilege;
	struct bv_expectation expect;
};

/* Index of the map a 64-bit immediate load refers to, or -1. Map loads in
 * assembly carry the map's index (BPF_PSEUDO_MAP_IDX style); raw input
 * carries an fd that --map declared. */
int bv_program_map_for_ldimm(const struct bv_program *prog,
			     const struct bv_insn *insn);

/* The name the kernel keeps for a map (BPF_OBJ_NAME_LEN - 1 characters of
 * [A-Za-z0-9_.]); the verifier log prints it as "map=NAME". */
#define BV_KERNEL_MAP_NAME_LEN 16
void bv_kernel_map_name(const char *name, char out[BV_KERNEL_MAP_NAME_LEN]);

#endif
