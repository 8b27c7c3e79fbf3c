/* SPDX-License-Identifier: MIT */
/* Assembler for the kernel verifier log's instruction syntax. */
#ifndef BV_ISA_ASM_H
#define BV_ISA_ASM_H

#include "bpfverify.h"

/* Resolves a map named in "r1 = map[NAME]" / "r1 = map_value[NAME]+OFF" to
 * the fd to store in the instruction's imm; returns -1 if unknown. */
struct bv_asm_maps {
	int (*fd_of)(void *ctx, const char *name);
	void *ctx;
};

/* Assembles one instruction's text. text is a single line without comments,
 * optionally prefixed by the opcode in parentheses ("(bf) r0 = r2"); when
 * the prefix is present it must agree with the assembled opcode. The caller
 * strips any "N: " index prefix. Fills out[0] (and out[1] for a 64-bit
 * immediate load) and returns the number of slots (1 or 2), or -1 with a
 * one-line message in err (no line number: the caller adds it). */
int bv_asm_insn(const char *text, const struct bv_asm_maps *maps,
		struct bv_insn out[2], char *err, size_t errlen);

#endif
