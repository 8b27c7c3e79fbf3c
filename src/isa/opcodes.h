/* SPDX-License-Identifier: MIT */
/* Instruction encoding constants (RFC 9669 and Linux 6.18 uapi/linux/bpf.h).
 * Defined here so the build does not depend on the age of the installed
 * kernel headers. */
#ifndef BV_ISA_OPCODES_H
#define BV_ISA_OPCODES_H

#define BV_CLASS(code) ((code) & 0x07)
#define BV_SIZE(code) ((code) & 0x18)
#define BV_MODE(code) ((code) & 0xe0)
#define BV_OP(code) ((code) & 0xf0)
/* The bytes a load or store of the size in code accesses (W, H, B, DW) */
#define BV_SIZE_BYTES(code)                                                    \
	(((const unsigned char[]){ 4, 2, 1, 8 })[BV_SIZE(code) >> 3])
#define BV_SRC(code) ((code) & 0x08)

/* classes */
#define BV_LD 0x00
#define BV_LDX 0x01
#define BV_ST 0x02
#define BV_STX 0x03
#define BV_ALU 0x04
#define BV_JMP 0x05
#define BV_JMP32 0x06
#define BV_ALU64 0x07

/* sizes */
#define BV_W 0x00
#define BV_H 0x08
#define BV_B 0x10
#define BV_DW 0x18

/* modes */
#define BV_IMM 0x00
#define BV_ABS 0x20
#define BV_IND 0x40
#define BV_MEM 0x60
#define BV_MEMSX 0x80
#define BV_ATOMIC 0xc0

/* sources */
#define BV_K 0x00
#define BV_X 0x08
#define BV_TO_LE 0x00
#define BV_TO_BE 0x08

/* ALU operations */
#define BV_ADD 0x00
#define BV_SUB 0x10
#define BV_MUL 0x20
#define BV_DIV 0x30
#define BV_OR 0x40
#define BV_AND 0x50
#define BV_LSH 0x60
#define BV_RSH 0x70
#define BV_NEG 0x80
#define BV_MOD 0x90
#define BV_XOR 0xa0
#define BV_MOV 0xb0
#define BV_ARSH 0xc0
#define BV_END 0xd0

/* jump operations */
#define BV_JA 0x00
#define BV_JEQ 0x10
#define BV_JGT 0x20
#define BV_JGE 0x30
#define BV_JSET 0x40
#define BV_JNE 0x50
#define BV_JSGT 0x60
#define BV_JSGE 0x70
#define BV_CALL 0x80
#define BV_EXIT 0x90
#define BV_JLT 0xa0
#define BV_JLE 0xb0
#define BV_JSLT 0xc0
#define BV_JSLE 0xd0
#define BV_JCOND 0xe0 /* may_goto */

/* atomic operations, in imm */
#define BV_FETCH 0x01
#define BV_XCHG (0xe0 | BV_FETCH)
#define BV_CMPXCHG (0xf0 | BV_FETCH)
#define BV_LOAD_ACQ 0x100
#define BV_STORE_REL 0x110

/* src_reg of a 64-bit immediate load */
#define BV_PSEUDO_MAP_FD 1
#define BV_PSEUDO_MAP_VALUE 2
#define BV_PSEUDO_BTF_ID 3
#define BV_PSEUDO_FUNC 4
#define BV_PSEUDO_MAP_IDX 5
#define BV_PSEUDO_MAP_IDX_VALUE 6

/* src_reg of a call */
#define BV_PSEUDO_CALL 1
#define BV_PSEUDO_KFUNC_CALL 2

/* registers */
#define BV_REG_FP 10
#define BV_MAX_REG 11

/* ALU64 mov with off=1 and imm=1 is addr_space_cast; imm=0 with off=-1 is
 * mov of a per-CPU address (kernel internal) */
#define BV_ADDR_SPACE_CAST_OFF 1

static inline int bv_is_ldimm64(unsigned code)
{
	return code == (BV_LD | BV_IMM | BV_DW);
}

#endif
