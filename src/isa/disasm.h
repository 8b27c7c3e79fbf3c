/* SPDX-License-Identifier: MIT */
/* Kernel-identical disassembly (kernel/bpf/disasm.c, print_bpf_insn). */
#ifndef BV_ISA_DISASM_H
#define BV_ISA_DISASM_H

#include "bpfverify.h"

/* What the instructions alone do not tell: which map a 64-bit immediate
 * load refers to and the BTF name of a kfunc. Any callback may be NULL. */
struct bv_disasm_maps {
	/* Index in the program's map list of the map insn (a 64-bit load with
	 * src_reg 1, 2, 5 or 6) refers to, or -1. */
	int (*index)(const void *ctx, const struct bv_insn *insn);
	/* Returns the name of the map insn refers to, or NULL. */
	const char *(*name)(const void *ctx, const struct bv_insn *insn);
	/* Returns the BTF name of the kernel function a kfunc call
	 * (src_reg 2) calls, or NULL: the text is then the kernel's own
	 * fallback, "call kernel-function#ID". */
	const char *(*kfunc_name)(const void *ctx, const struct bv_insn *insn);
	const void *ctx;
};

/* The address the kernel log shows for map number idx. The kernel prints the
 * map's kernel address; we print this stand-in, and log comparisons
 * normalise both (see docs/test-format.md). */
#define BV_FAKE_MAP_ADDR(idx) (0xffff888100000000ull + ((unsigned long long)(idx) << 12))

/* Formats insns[idx] without the "idx: " prefix and without a newline, e.g.
 * "(bf) r0 = r2", exactly as print_bpf_insn does for any encoding (also the
 * reserved-field ones the verifier prints before rejecting them).
 *
 * Map loads (src_reg 1, 2, 5, 6): BV_DISASM_KERNEL prints
 * BV_FAKE_MAP_ADDR(index) plus the value offset for src_reg 2 and 6, or the
 * raw immediate when the index is unknown; BV_DISASM_SOURCE prints
 * "map[NAME]" or "map_value[NAME]+OFF" when the map has a name, else the
 * kernel text. allow_ptr_leaks is false when the kernel hides the address
 * of src_reg 1 and 2 loads (it then prints 0x0). maps may be NULL.
 *
 * n is the program length: a 64-bit load whose second half is missing
 * prints its first half only. Returns the slots the instruction occupies
 * (2 for a complete 64-bit load, else 1). */
unsigned bv_isa_disasm(const struct bv_insn *insns, size_t n, size_t idx,
		       enum bv_disasm_style style,
		       const struct bv_disasm_maps *maps, bool allow_ptr_leaks,
		       char *buf, size_t len);

/* The operator text of an ALU opcode ("+=", "s>>=", ...), as the verifier
 * prints it in its messages (bpf_alu_string). */
const char *bv_alu_op_text(uint8_t code);

#endif
