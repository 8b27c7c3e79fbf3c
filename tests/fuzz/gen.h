/* SPDX-License-Identifier: MIT */
/* The random program generator of the differential fuzzer: from a 64-bit
 * seed and a profile it builds, deterministically, a well-formed socket
 * filter that the kernel is likely (not certain) to accept and that
 * exercises the verifier: scalar ALU of every kind, conditional branches,
 * bounded loops, stack stores, spills and fills, map lookups and map-value
 * accesses through bounded and insufficiently bounded offsets, 32- and
 * 64-bit comparisons of pointers, and calls of a subprogram that reads or
 * writes its caller's stack through a pointer argument. */
#ifndef BV_FUZZ_GEN_H
#define BV_FUZZ_GEN_H

#include "bpfverify.h"

enum gen_profile {
	GEN_ALU,
	GEN_BRANCHES,
	GEN_STACK,
	GEN_MAPS,
	GEN_LOOPS,
	GEN_MIXED,
	GEN_N_PROFILES
};

/* "all" as a profile choice: the profile is derived from the seed. */
#define GEN_PROFILE_ALL (-1)

/* The generator's limits on program length, in instruction slots. */
#define GEN_MIN_INSNS 10
#define GEN_MAX_INSNS 200

struct gen_case {
	bv_program *prog;
	/* Who loads it: most programs load as root, some with CAP_BPF only. */
	enum bv_privilege priv;
	uint64_t seed;
	enum gen_profile profile;
};

const char *gen_profile_name(enum gen_profile profile);
/* Parses a profile name or "all" (GEN_PROFILE_ALL). Returns -1 if unknown. */
int gen_profile_parse(const char *name, int *profile);
/* The profile a seed uses under profile choice `choice` (a profile or
 * GEN_PROFILE_ALL). */
enum gen_profile gen_profile_for(uint64_t seed, int choice);

/* Builds the program for (seed, profile). Returns 0, or -1 when out of
 * memory. The same arguments always give the same program. */
int gen_case_make(uint64_t seed, enum gen_profile profile,
		  struct gen_case *out);
void gen_case_free(struct gen_case *c);

#endif
