/* SPDX-License-Identifier: MIT */
/* The disassembler prints every opcode as the Linux 6.18 verifier log does,
 * and the assembler turns that text back into the same bytes. */
#include "check.h"
#include "isa/asm.h"
#include "isa/disasm.h"
#include "isa/opcodes.h"
#include "spec/helpers.h"

#include <stdint.h>
#include <stdlib.h>

#define I(c, d, s, o, i)                                                       \
	{ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) }
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct text_case {
	struct bv_insn insn;
	int32_t next_imm; /* the second slot's imm of a 64-bit load */
	const char *text;
};

/* One line per opcode and operand form, texts as the kernel prints them
 * (tests/unit/test_disasm_kernel.c checks the same formats against the live
 * kernel). */
static const struct text_case cases[] = {
	{ I(0x07, 0, 0, 0, -8), 0, "(07) r0 += -8" },
	{ I(0x0f, 0, 3, 0, 0), 0, "(0f) r0 += r3" },
	{ I(0x17, 1, 0, 0, 1), 0, "(17) r1 -= 1" },
	{ I(0x1f, 1, 4, 0, 0), 0, "(1f) r1 -= r4" },
	{ I(0x27, 2, 0, 0, 3), 0, "(27) r2 *= 3" },
	{ I(0x2f, 2, 5, 0, 0), 0, "(2f) r2 *= r5" },
	{ I(0x37, 3, 0, 0, 7), 0, "(37) r3 /= 7" },
	{ I(0x3f, 3, 6, 0, 0), 0, "(3f) r3 /= r6" },
	{ I(0x47, 4, 0, 0, 64), 0, "(47) r4 |= 64" },
	{ I(0x4f, 4, 7, 0, 0), 0, "(4f) r4 |= r7" },
	{ I(0x57, 5, 0, 0, 255), 0, "(57) r5 &= 255" },
	{ I(0x5f, 5, 8, 0, 0), 0, "(5f) r5 &= r8" },
	{ I(0x67, 6, 0, 0, 3), 0, "(67) r6 <<= 3" },
	{ I(0x6f, 6, 9, 0, 0), 0, "(6f) r6 <<= r9" },
	{ I(0x77, 7, 0, 0, 5), 0, "(77) r7 >>= 5" },
	{ I(0x7f, 7, 0, 0, 0), 0, "(7f) r7 >>= r0" },
	{ I(0x97, 8, 0, 0, 9), 0, "(97) r8 %= 9" },
	{ I(0x9f, 8, 1, 0, 0), 0, "(9f) r8 %= r1" },
	{ I(0xa7, 9, 0, 0, -1), 0, "(a7) r9 ^= -1" },
	{ I(0xaf, 9, 2, 0, 0), 0, "(af) r9 ^= r2" },
	{ I(0xb7, 0, 0, 0, -5), 0, "(b7) r0 = -5" },
	{ I(0xbf, 0, 3, 0, 0), 0, "(bf) r0 = r3" },
	{ I(0xc7, 1, 0, 0, 2), 0, "(c7) r1 s>>= 2" },
	{ I(0xcf, 1, 4, 0, 0), 0, "(cf) r1 s>>= r4" },
	{ I(0x87, 3, 0, 0, 0), 0, "(87) r3 = -r3" },
	{ I(0x37, 4, 0, 1, -7), 0, "(37) r4 s/= -7" },
	{ I(0x3f, 4, 5, 1, 0), 0, "(3f) r4 s/= r5" },
	{ I(0x97, 4, 0, 1, -7), 0, "(97) r4 s%= -7" },
	{ I(0x9f, 4, 5, 1, 0), 0, "(9f) r4 s%= r5" },
	{ I(0xbf, 1, 2, 8, 0), 0, "(bf) r1 = (s8)r2" },
	{ I(0xbf, 1, 2, 16, 0), 0, "(bf) r1 = (s16)r2" },
	{ I(0xbf, 1, 2, 32, 0), 0, "(bf) r1 = (s32)r2" },
	{ I(0x04, 0, 0, 0, -8), 0, "(04) w0 += -8" },
	{ I(0x0c, 0, 3, 0, 0), 0, "(0c) w0 += w3" },
	{ I(0x14, 1, 0, 0, 1), 0, "(14) w1 -= 1" },
	{ I(0x1c, 1, 4, 0, 0), 0, "(1c) w1 -= w4" },
	{ I(0x24, 2, 0, 0, 3), 0, "(24) w2 *= 3" },
	{ I(0x2c, 2, 5, 0, 0), 0, "(2c) w2 *= w5" },
	{ I(0x34, 3, 0, 0, 7), 0, "(34) w3 /= 7" },
	{ I(0x3c, 3, 6, 0, 0), 0, "(3c) w3 /= w6" },
	{ I(0x44, 4, 0, 0, 64), 0, "(44) w4 |= 64" },
	{ I(0x4c, 4, 7, 0, 0), 0, "(4c) w4 |= w7" },
	{ I(0x54, 5, 0, 0, 255), 0, "(54) w5 &= 255" },
	{ I(0x5c, 5, 8, 0, 0), 0, "(5c) w5 &= w8" },
	{ I(0x64, 6, 0, 0, 3), 0, "(64) w6 <<= 3" },
	{ I(0x6c, 6, 9, 0, 0), 0, "(6c) w6 <<= w9" },
	{ I(0x74, 7, 0, 0, 5), 0, "(74) w7 >>= 5" },
	{ I(0x7c, 7, 0, 0, 0), 0, "(7c) w7 >>= w0" },
	{ I(0x94, 8, 0, 0, 9), 0, "(94) w8 %= 9" },
	{ I(0x9c, 8, 1, 0, 0), 0, "(9c) w8 %= w1" },
	{ I(0xa4, 9, 0, 0, -1), 0, "(a4) w9 ^= -1" },
	{ I(0xac, 9, 2, 0, 0), 0, "(ac) w9 ^= w2" },
	{ I(0xb4, 0, 0, 0, -5), 0, "(b4) w0 = -5" },
	{ I(0xbc, 0, 3, 0, 0), 0, "(bc) w0 = w3" },
	{ I(0xc4, 1, 0, 0, 2), 0, "(c4) w1 s>>= 2" },
	{ I(0xcc, 1, 4, 0, 0), 0, "(cc) w1 s>>= w4" },
	{ I(0x84, 3, 0, 0, 0), 0, "(84) w3 = -w3" },
	{ I(0x34, 4, 0, 1, -7), 0, "(34) w4 s/= -7" },
	{ I(0x3c, 4, 5, 1, 0), 0, "(3c) w4 s/= w5" },
	{ I(0x94, 4, 0, 1, -7), 0, "(94) w4 s%= -7" },
	{ I(0x9c, 4, 5, 1, 0), 0, "(9c) w4 s%= w5" },
	{ I(0xbc, 1, 2, 8, 0), 0, "(bc) w1 = (s8)w2" },
	{ I(0xbc, 1, 2, 16, 0), 0, "(bc) w1 = (s16)w2" },
	{ I(0xbf, 1, 2, 1, 65536), 0, "(bf) r1 = addr_space_cast(r2, 1, 0)" },
	{ I(0xbf, 3, 4, 1, 1), 0, "(bf) r3 = addr_space_cast(r4, 0, 1)" },
	{ I(0xd7, 1, 0, 0, 16), 0, "(d7) r1 = bswap16 r1" },
	{ I(0xd4, 2, 0, 0, 16), 0, "(d4) r2 = le16 r2" },
	{ I(0xdc, 3, 0, 0, 16), 0, "(dc) r3 = be16 r3" },
	{ I(0xd7, 1, 0, 0, 32), 0, "(d7) r1 = bswap32 r1" },
	{ I(0xd4, 2, 0, 0, 32), 0, "(d4) r2 = le32 r2" },
	{ I(0xdc, 3, 0, 0, 32), 0, "(dc) r3 = be32 r3" },
	{ I(0xd7, 1, 0, 0, 64), 0, "(d7) r1 = bswap64 r1" },
	{ I(0xd4, 2, 0, 0, 64), 0, "(d4) r2 = le64 r2" },
	{ I(0xdc, 3, 0, 0, 64), 0, "(dc) r3 = be64 r3" },
	{ I(0x15, 6, 0, 3, 5), 0, "(15) if r6 == 0x5 goto pc+3" },
	{ I(0x1d, 1, 2, 3, 0), 0, "(1d) if r1 == r2 goto pc+3" },
	{ I(0x25, 6, 0, -5, -1), 0, "(25) if r6 > 0xffffffff goto pc-5" },
	{ I(0x2d, 1, 2, -5, 0), 0, "(2d) if r1 > r2 goto pc-5" },
	{ I(0x35, 6, 0, 0, 0), 0, "(35) if r6 >= 0x0 goto pc+0" },
	{ I(0x3d, 1, 2, 0, 0), 0, "(3d) if r1 >= r2 goto pc+0" },
	{ I(0x45, 6, 0, 20, 2147483647), 0, "(45) if r6 & 0x7fffffff goto pc+20" },
	{ I(0x4d, 1, 2, 20, 0), 0, "(4d) if r1 & r2 goto pc+20" },
	{ I(0x55, 6, 0, -32768, 128), 0, "(55) if r6 != 0x80 goto pc-32768" },
	{ I(0x5d, 1, 2, -32768, 0), 0, "(5d) if r1 != r2 goto pc-32768" },
	{ I(0x65, 6, 0, 32767, -2147483648), 0, "(65) if r6 s> 0x80000000 goto pc+32767" },
	{ I(0x6d, 1, 2, 32767, 0), 0, "(6d) if r1 s> r2 goto pc+32767" },
	{ I(0x75, 6, 0, 1, 17), 0, "(75) if r6 s>= 0x11 goto pc+1" },
	{ I(0x7d, 1, 2, 1, 0), 0, "(7d) if r1 s>= r2 goto pc+1" },
	{ I(0xa5, 6, 0, 2, 1), 0, "(a5) if r6 < 0x1 goto pc+2" },
	{ I(0xad, 1, 2, 2, 0), 0, "(ad) if r1 < r2 goto pc+2" },
	{ I(0xb5, 6, 0, 3, 2), 0, "(b5) if r6 <= 0x2 goto pc+3" },
	{ I(0xbd, 1, 2, 3, 0), 0, "(bd) if r1 <= r2 goto pc+3" },
	{ I(0xc5, 6, 0, -1, 3), 0, "(c5) if r6 s< 0x3 goto pc-1" },
	{ I(0xcd, 1, 2, -1, 0), 0, "(cd) if r1 s< r2 goto pc-1" },
	{ I(0xd5, 6, 0, 7, 4), 0, "(d5) if r6 s<= 0x4 goto pc+7" },
	{ I(0xdd, 1, 2, 7, 0), 0, "(dd) if r1 s<= r2 goto pc+7" },
	{ I(0x16, 6, 0, 3, 5), 0, "(16) if w6 == 0x5 goto pc+3" },
	{ I(0x1e, 1, 2, 3, 0), 0, "(1e) if w1 == w2 goto pc+3" },
	{ I(0x26, 6, 0, -5, -1), 0, "(26) if w6 > 0xffffffff goto pc-5" },
	{ I(0x2e, 1, 2, -5, 0), 0, "(2e) if w1 > w2 goto pc-5" },
	{ I(0x36, 6, 0, 0, 0), 0, "(36) if w6 >= 0x0 goto pc+0" },
	{ I(0x3e, 1, 2, 0, 0), 0, "(3e) if w1 >= w2 goto pc+0" },
	{ I(0x46, 6, 0, 20, 2147483647), 0, "(46) if w6 & 0x7fffffff goto pc+20" },
	{ I(0x4e, 1, 2, 20, 0), 0, "(4e) if w1 & w2 goto pc+20" },
	{ I(0x56, 6, 0, -32768, 128), 0, "(56) if w6 != 0x80 goto pc-32768" },
	{ I(0x5e, 1, 2, -32768, 0), 0, "(5e) if w1 != w2 goto pc-32768" },
	{ I(0x66, 6, 0, 32767, -2147483648), 0, "(66) if w6 s> 0x80000000 goto pc+32767" },
	{ I(0x6e, 1, 2, 32767, 0), 0, "(6e) if w1 s> w2 goto pc+32767" },
	{ I(0x76, 6, 0, 1, 17), 0, "(76) if w6 s>= 0x11 goto pc+1" },
	{ I(0x7e, 1, 2, 1, 0), 0, "(7e) if w1 s>= w2 goto pc+1" },
	{ I(0xa6, 6, 0, 2, 1), 0, "(a6) if w6 < 0x1 goto pc+2" },
	{ I(0xae, 1, 2, 2, 0), 0, "(ae) if w1 < w2 goto pc+2" },
	{ I(0xb6, 6, 0, 3, 2), 0, "(b6) if w6 <= 0x2 goto pc+3" },
	{ I(0xbe, 1, 2, 3, 0), 0, "(be) if w1 <= w2 goto pc+3" },
	{ I(0xc6, 6, 0, -1, 3), 0, "(c6) if w6 s< 0x3 goto pc-1" },
	{ I(0xce, 1, 2, -1, 0), 0, "(ce) if w1 s< w2 goto pc-1" },
	{ I(0xd6, 6, 0, 7, 4), 0, "(d6) if w6 s<= 0x4 goto pc+7" },
	{ I(0xde, 1, 2, 7, 0), 0, "(de) if w1 s<= w2 goto pc+7" },
	{ I(0x05, 0, 0, 3, 0), 0, "(05) goto pc+3" },
	{ I(0x05, 0, 0, -1, 0), 0, "(05) goto pc-1" },
	{ I(0x06, 0, 0, 0, 70000), 0, "(06) gotol pc+70000" },
	{ I(0x06, 0, 0, 0, -2), 0, "(06) gotol pc-2" },
	{ I(0xe5, 0, 0, 4, 0), 0, "(e5) may_goto pc+4" },
	{ I(0x85, 0, 0, 0, 1), 0, "(85) call bpf_map_lookup_elem#1" },
	{ I(0x85, 0, 0, 0, 0), 0, "(85) call bpf_unspec#0" },
	{ I(0x85, 0, 0, 0, 211), 0, "(85) call bpf_cgrp_storage_delete#211" },
	{ I(0x85, 0, 0, 0, 212), 0, "(85) call unknown#212" },
	{ I(0x85, 0, 0, 0, -1), 0, "(85) call unknown#-1" },
	{ I(0x85, 0, 1, 0, 2), 0, "(85) call pc+2" },
	{ I(0x85, 0, 1, 0, -7), 0, "(85) call pc-7" },
	{ I(0x85, 0, 2, 0, 65470), 0, "(85) call kernel-function#65470" },
	{ I(0x95, 0, 0, 0, 0), 0, "(95) exit" },
	{ I(0x18, 1, 0, 0, 305419896), -1, "(18) r1 = 0xffffffff12345678" },
	{ I(0x18, 2, 0, 0, 0), 0, "(18) r2 = 0x0" },
	{ I(0x18, 3, 0, 0, -1), 0, "(18) r3 = 0xffffffff" },
	{ I(0x20, 0, 0, 0, 4), 0, "(20) r0 = *(u32 *)skb[4]" },
	{ I(0x40, 0, 2, 0, -4), 0, "(40) r0 = *(u32 *)skb[r2 + -4]" },
	{ I(0x28, 0, 0, 0, 4), 0, "(28) r0 = *(u16 *)skb[4]" },
	{ I(0x48, 0, 2, 0, -4), 0, "(48) r0 = *(u16 *)skb[r2 + -4]" },
	{ I(0x30, 0, 0, 0, 4), 0, "(30) r0 = *(u8 *)skb[4]" },
	{ I(0x50, 0, 2, 0, -4), 0, "(50) r0 = *(u8 *)skb[r2 + -4]" },
	{ I(0x61, 3, 1, 0, 0), 0, "(61) r3 = *(u32 *)(r1 +0)" },
	{ I(0x62, 10, 0, -8, 5), 0, "(62) *(u32 *)(r10 -8) = 5" },
	{ I(0x63, 10, 1, -16, 0), 0, "(63) *(u32 *)(r10 -16) = r1" },
	{ I(0xc3, 0, 2, 12, 256), 0, "(c3) r0 = load_acquire((u32 *)(r2 +12))" },
	{ I(0xc3, 10, 7, -8, 272), 0, "(c3) store_release((u32 *)(r10 -8), r7)" },
	{ I(0x69, 3, 1, 0, 0), 0, "(69) r3 = *(u16 *)(r1 +0)" },
	{ I(0x6a, 10, 0, -8, 5), 0, "(6a) *(u16 *)(r10 -8) = 5" },
	{ I(0x6b, 10, 1, -16, 0), 0, "(6b) *(u16 *)(r10 -16) = r1" },
	{ I(0xcb, 0, 2, 12, 256), 0, "(cb) r0 = load_acquire((u16 *)(r2 +12))" },
	{ I(0xcb, 10, 7, -8, 272), 0, "(cb) store_release((u16 *)(r10 -8), r7)" },
	{ I(0x71, 3, 1, 0, 0), 0, "(71) r3 = *(u8 *)(r1 +0)" },
	{ I(0x72, 10, 0, -8, 5), 0, "(72) *(u8 *)(r10 -8) = 5" },
	{ I(0x73, 10, 1, -16, 0), 0, "(73) *(u8 *)(r10 -16) = r1" },
	{ I(0xd3, 0, 2, 12, 256), 0, "(d3) r0 = load_acquire((u8 *)(r2 +12))" },
	{ I(0xd3, 10, 7, -8, 272), 0, "(d3) store_release((u8 *)(r10 -8), r7)" },
	{ I(0x79, 3, 1, 0, 0), 0, "(79) r3 = *(u64 *)(r1 +0)" },
	{ I(0x7a, 10, 0, -8, 5), 0, "(7a) *(u64 *)(r10 -8) = 5" },
	{ I(0x7b, 10, 1, -16, 0), 0, "(7b) *(u64 *)(r10 -16) = r1" },
	{ I(0xdb, 0, 2, 12, 256), 0, "(db) r0 = load_acquire((u64 *)(r2 +12))" },
	{ I(0xdb, 10, 7, -8, 272), 0, "(db) store_release((u64 *)(r10 -8), r7)" },
	{ I(0x81, 3, 1, 4, 0), 0, "(81) r3 = *(s32 *)(r1 +4)" },
	{ I(0x89, 3, 1, 4, 0), 0, "(89) r3 = *(s16 *)(r1 +4)" },
	{ I(0x91, 3, 1, 4, 0), 0, "(91) r3 = *(s8 *)(r1 +4)" },
	{ I(0x7a, 10, 0, -8, -1), 0, "(7a) *(u64 *)(r10 -8) = -1" },
	{ I(0xc3, 10, 1, -8, 0), 0, "(c3) lock *(u32 *)(r10 -8) += r1" },
	{ I(0xc3, 10, 2, -8, 1), 0, "(c3) r2 = atomic_fetch_add((u32 *)(r10 -8), r2)" },
	{ I(0xc3, 10, 1, -8, 64), 0, "(c3) lock *(u32 *)(r10 -8) |= r1" },
	{ I(0xc3, 10, 2, -8, 65), 0, "(c3) r2 = atomic_fetch_or((u32 *)(r10 -8), r2)" },
	{ I(0xc3, 10, 1, -8, 80), 0, "(c3) lock *(u32 *)(r10 -8) &= r1" },
	{ I(0xc3, 10, 2, -8, 81), 0, "(c3) r2 = atomic_fetch_and((u32 *)(r10 -8), r2)" },
	{ I(0xc3, 10, 1, -8, 160), 0, "(c3) lock *(u32 *)(r10 -8) ^= r1" },
	{ I(0xc3, 10, 2, -8, 161), 0, "(c3) r2 = atomic_fetch_xor((u32 *)(r10 -8), r2)" },
	{ I(0xc3, 10, 3, -8, 225), 0, "(c3) r3 = atomic_xchg((u32 *)(r10 -8), r3)" },
	{ I(0xc3, 10, 4, -8, 241), 0, "(c3) r0 = atomic_cmpxchg((u32 *)(r10 -8), r0, r4)" },
	{ I(0xdb, 10, 1, -8, 0), 0, "(db) lock *(u64 *)(r10 -8) += r1" },
	{ I(0xdb, 10, 2, -8, 1), 0, "(db) r2 = atomic64_fetch_add((u64 *)(r10 -8), r2)" },
	{ I(0xdb, 10, 1, -8, 64), 0, "(db) lock *(u64 *)(r10 -8) |= r1" },
	{ I(0xdb, 10, 2, -8, 65), 0, "(db) r2 = atomic64_fetch_or((u64 *)(r10 -8), r2)" },
	{ I(0xdb, 10, 1, -8, 80), 0, "(db) lock *(u64 *)(r10 -8) &= r1" },
	{ I(0xdb, 10, 2, -8, 81), 0, "(db) r2 = atomic64_fetch_and((u64 *)(r10 -8), r2)" },
	{ I(0xdb, 10, 1, -8, 160), 0, "(db) lock *(u64 *)(r10 -8) ^= r1" },
	{ I(0xdb, 10, 2, -8, 161), 0, "(db) r2 = atomic64_fetch_xor((u64 *)(r10 -8), r2)" },
	{ I(0xdb, 10, 3, -8, 225), 0, "(db) r3 = atomic64_xchg((u64 *)(r10 -8), r3)" },
	{ I(0xdb, 10, 4, -8, 241), 0, "(db) r0 = atomic64_cmpxchg((u64 *)(r10 -8), r0, r4)" },
};

/* Every opcode the Linux 6.18 verifier accepts: each of the 256 codes was
 * loaded in a program and kept when the log printed the instruction. */
static const uint8_t kernel_opcodes[] = {
	0x04, 0x05, 0x06, 0x07, 0x0c, 0x0f, 0x14, 0x15, 0x16, 0x17, 0x18, 0x1c,
	0x1d, 0x1e, 0x1f, 0x20, 0x24, 0x25, 0x26, 0x27, 0x28, 0x2c, 0x2d, 0x2e,
	0x2f, 0x30, 0x34, 0x35, 0x36, 0x37, 0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x44,
	0x45, 0x46, 0x47, 0x48, 0x4c, 0x4d, 0x4e, 0x4f, 0x50, 0x54, 0x55, 0x56,
	0x57, 0x5c, 0x5d, 0x5e, 0x5f, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67,
	0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x71, 0x72, 0x73, 0x74, 0x75,
	0x76, 0x77, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f, 0x81, 0x84, 0x85,
	0x87, 0x89, 0x91, 0x94, 0x95, 0x97, 0x9c, 0x9f, 0xa4, 0xa5, 0xa6, 0xa7,
	0xac, 0xad, 0xae, 0xaf, 0xb4, 0xb5, 0xb6, 0xb7, 0xbc, 0xbd, 0xbe, 0xbf,
	0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xcb, 0xcc, 0xcd, 0xce, 0xcf, 0xd3, 0xd4,
	0xd5, 0xd6, 0xd7, 0xdb, 0xdc, 0xdd, 0xde, 0xe5,
};

static size_t slots_of(const struct bv_insn *insn)
{
	return bv_is_ldimm64(insn->code) ? 2 : 1;
}

/* Assembles text and checks that it gives the n instructions want. */
static void check_assembles_to(const char *text, const struct bv_insn *want,
			       size_t n, const struct bv_asm_maps *maps)
{
	struct bv_insn out[2];
	char err[256];
	int got = bv_asm_insn(text, maps, out, err, sizeof(err));
	bool same = got == (int)n && !memcmp(out, want, n * sizeof(*out));

	if (!same)
		fprintf(stderr, "'%s' assembles to %d slots (%s): code %02x dst %u src %u off %d imm %d\n",
			text, got, got < 0 ? err : "ok", out[0].code,
			out[0].dst_reg, out[0].src_reg, out[0].off, out[0].imm);
	CHECK(same);
}

static void check_asm_error(const char *text, const char *want)
{
	struct bv_insn out[2];
	char err[256] = "";

	CHECK(bv_asm_insn(text, NULL, out, err, sizeof(err)) == -1);
	CHECK_STR(err, want);
}

static void test_every_case_round_trips(void)
{
	for (size_t i = 0; i < COUNT(cases); i++) {
		struct bv_insn prog[2] = { cases[i].insn,
					   I(0, 0, 0, 0, cases[i].next_imm) };
		size_t n = slots_of(&prog[0]);
		char text[128];
		unsigned slots = bv_isa_disasm(prog, n, 0, BV_DISASM_KERNEL,
					       NULL, true, text, sizeof(text));

		CHECK_STR(text, cases[i].text);
		CHECK(slots == n);
		check_assembles_to(text, prog, n, NULL);
		/* and without the "(xx) " prefix */
		check_assembles_to(text + 5, prog, n, NULL);
	}
}

static void test_cases_cover_every_kernel_opcode(void)
{
	bool seen[256] = { false };
	unsigned covered = 0;

	for (size_t i = 0; i < COUNT(cases); i++)
		seen[cases[i].insn.code] = true;
	for (size_t i = 0; i < COUNT(kernel_opcodes); i++) {
		if (!seen[kernel_opcodes[i]])
			fprintf(stderr, "opcode %02x has no case\n",
				kernel_opcodes[i]);
		covered += seen[kernel_opcodes[i]];
	}
	CHECK(covered == COUNT(kernel_opcodes));
	CHECK(COUNT(kernel_opcodes) == 128);
	printf("disasm: %zu cases cover %u of %zu kernel opcodes\n",
	       COUNT(cases), covered, COUNT(kernel_opcodes));
}

/* The verifier prints an instruction before rejecting its reserved fields,
 * so print_bpf_insn's text for odd encodings matters too. Those of opcodes
 * the kernel accepts were seen in the live kernel's log; the others (0x21,
 * 0x99, ...) never reach it and follow kernel/bpf/disasm.c. */
static void test_odd_encodings(void)
{
	static const struct text_case odd[] = {
		{ I(0x07, 0, 3, 0, -8), 0, "(07) r0 += -8" },
		{ I(0x85, 0, 3, 0, 1), 0, "(85) call unknown#1" },
		{ I(0xe5, 0, 1, 0, 0), 0, "(e5) if r0 (null) 0x0 goto pc+0" },
		{ I(0x21, 1, 2, 0, 0), 0, "BUG_ldx_21" },
		{ I(0x99, 1, 2, 0, 0), 0, "(99) r1 = *((null) *)(r2 +0)" },
		{ I(0x23, 1, 2, 0, 0), 0, "BUG_23" },
		{ I(0xdb, 1, 2, 0, 7), 0, "BUG_db" },
		{ I(0x22, 1, 0, 0, 0), 0, "BUG_st_22" },
		{ I(0xc2, 0, 0, 0, 0), 0, "(c2) nospec" },
		{ I(0x00, 0, 0, 0, 0), 0, "BUG_ld_00" },
		{ I(0xe7, 1, 0, 0, 2), 0, "(e7) r1 (null) 2" },
		{ I(0xb4, 1, 0, 8, 2), 0, "(b4) w1 = 2" },
		{ I(0xbc, 1, 2, 32, 0), 0, "(bc) w1 = (s32)w2" },
		{ I(0x96, 0, 0, 0, 0), 0, "(96) if w0 exit 0x0 goto pc+0" },
		{ I(0x86, 0, 0, 0, 7), 0, "(86) call bpf_get_prandom_u32#7" },
		{ I(0x79, 15, 11, 0, 0), 0, "(79) r15 = *(u64 *)(r11 +0)" },
		{ I(0x0e, 1, 2, 0, 0), 0, "(0e) if w1 jmp w2 goto pc+0" },
		{ I(0xbf, 1, 2, -1, 0), 0, "(bf) r1 = &(void __percpu *)(r2)" },
		{ I(0xbf, 1, 2, -2, 0), 0, "(bf) r1 = r2" },
	};

	for (size_t i = 0; i < COUNT(odd); i++) {
		char text[128];

		bv_isa_disasm(&odd[i].insn, 1, 0, BV_DISASM_KERNEL, NULL, true,
			      text, sizeof(text));
		CHECK_STR(text, odd[i].text);
	}
}

/* ---- map loads and kfunc names ---- */

static int map_index(const void *ctx, const struct bv_insn *insn)
{
	(void)ctx;
	return insn->imm < 2 ? insn->imm : -1;
}

static const char *map_name(const void *ctx, const struct bv_insn *insn)
{
	(void)ctx;
	return insn->imm == 0 ? "counters" : NULL;
}

static const char *kfunc_name(const void *ctx, const struct bv_insn *insn)
{
	(void)ctx;
	return insn->imm == 65470 ? "bpf_rcu_read_lock" : NULL;
}

static int map_fd_of(void *ctx, const char *name)
{
	(void)ctx;
	return strcmp(name, "counters") ? -1 : 7;
}

static const struct bv_disasm_maps names = {
	.index = map_index, .name = map_name, .kfunc_name = kfunc_name,
};

static void check_ldimm(unsigned src, int32_t imm, int32_t next_imm,
			enum bv_disasm_style style, bool leaks,
			const char *want)
{
	struct bv_insn prog[2] = { I(0x18, 1, src, 0, imm),
				   I(0, 0, 0, 0, next_imm) };
	char text[128];

	CHECK(bv_isa_disasm(prog, 2, 0, style, &names, leaks, text,
			    sizeof(text)) == 2);
	CHECK_STR(text, want);
}

static void test_map_loads(void)
{
	enum bv_disasm_style k = BV_DISASM_KERNEL, s = BV_DISASM_SOURCE;

	check_ldimm(1, 0, 0, k, true, "(18) r1 = 0xffff888100000000");
	check_ldimm(1, 1, 0, k, true, "(18) r1 = 0xffff888100001000");
	check_ldimm(2, 0, 8, k, true, "(18) r1 = 0xffff888100000008");
	check_ldimm(5, 1, 0, k, true, "(18) r1 = 0xffff888100001000");
	check_ldimm(6, 1, 16, k, true, "(18) r1 = 0xffff888100001010");
	/* without CAP_PERFMON only fd-based loads are hidden */
	check_ldimm(1, 0, 0, k, false, "(18) r1 = 0x0");
	check_ldimm(2, 0, 8, k, false, "(18) r1 = 0x0");
	check_ldimm(5, 0, 0, k, false, "(18) r1 = 0xffff888100000000");
	/* a map the callback does not know: the raw immediate */
	check_ldimm(1, 9, 0, k, true, "(18) r1 = 0x9");
	check_ldimm(1, 0, 0, s, true, "(18) r1 = map[counters]");
	check_ldimm(5, 0, 0, s, true, "(18) r1 = map[counters]");
	check_ldimm(2, 0, 8, s, true, "(18) r1 = map_value[counters]+8");
	check_ldimm(6, 0, 0, s, true, "(18) r1 = map_value[counters]+0");
	check_ldimm(1, 1, 0, s, true, "(18) r1 = 0xffff888100001000");
	check_ldimm(0, 0, 1, s, true, "(18) r1 = 0x100000000");
}

static void test_map_loads_assemble(void)
{
	const struct bv_asm_maps maps = { .fd_of = map_fd_of };
	const struct bv_insn map[2] = { I(0x18, 1, 1, 0, 7), I(0, 0, 0, 0, 0) };
	const struct bv_insn value[2] = { I(0x18, 2, 2, 0, 7),
					  I(0, 0, 0, 0, 8) };
	struct bv_insn out[2];
	char err[128];

	check_assembles_to("(18) r1 = map[counters]", map, 2, &maps);
	check_assembles_to("r1 = map[ counters ]", map, 2, &maps);
	check_assembles_to("(18) r2 = map_value[counters]+8", value, 2, &maps);
	check_assembles_to("r2 = map_value[counters] + 0x8", value, 2, &maps);
	CHECK(bv_asm_insn("r1 = map[other]", &maps, out, err, sizeof(err)) < 0);
	CHECK_STR(err, "unknown map 'other'");
	CHECK(bv_asm_insn("r1 = map[counters", &maps, out, err, sizeof(err)) < 0);
	CHECK_STR(err, "missing ']' after the map name");
	check_asm_error("r1 = map[counters]", "unknown map 'counters'");
	check_asm_error("w1 = map[counters]",
			"'map' needs a 64-bit destination register rN");
}

static void test_truncated_ldimm64(void)
{
	const struct bv_insn half = I(0x18, 1, 0, 0, 5);
	char text[64];

	CHECK(bv_isa_disasm(&half, 1, 0, BV_DISASM_KERNEL, NULL, true, text,
			    sizeof(text)) == 1);
	CHECK_STR(text, "(18) r1 = 0x5");
}

static void test_kfunc_names(void)
{
	const struct bv_insn call = I(0x85, 0, 2, 0, 65470);
	char text[64];

	bv_isa_disasm(&call, 1, 0, BV_DISASM_KERNEL, &names, true, text,
		      sizeof(text));
	CHECK_STR(text, "(85) call bpf_rcu_read_lock#65470");
	check_assembles_to(text, &call, 1, NULL);
	check_assembles_to("call kernel-function#65470", &call, 1, NULL);
}

/* ---- assembler syntax ---- */

static void test_asm_forms(void)
{
	const struct bv_insn ld5[2] = { I(0x18, 1, 0, 0, 5), I(0, 0, 0, 0, 0) };
	const struct bv_insn ld_neg[2] = { I(0x18, 1, 0, 0, -1),
					   I(0, 0, 0, 0, -1) };
	const struct bv_insn mov5 = I(0xb7, 1, 0, 0, 5);
	const struct bv_insn mov32 = I(0xb4, 1, 0, 0, 5);
	const struct bv_insn add = I(0x0f, 1, 2, 0, 0);
	const struct bv_insn stx = I(0x7b, 10, 1, -8, 0);
	const struct bv_insn jne = I(0x55, 1, 0, 3, 5);
	const struct bv_insn lookup = I(0x85, 0, 0, 0, 1);
	const struct bv_insn kfunc = I(0x85, 0, 2, 0, 42);
	const struct bv_insn unknown = I(0x85, 0, 0, 0, 300);
	const struct bv_insn ldind = I(0x50, 0, 2, 0, 4);
	const struct bv_insn ldx = I(0x79, 1, 2, 0, 0);
	const struct bv_insn percpu = I(0xbf, 1, 2, -1, 0);

	check_assembles_to("r1 = 0x5", ld5, 2, NULL);
	check_assembles_to("r1 = 5 ll", ld5, 2, NULL);
	check_assembles_to("r1 = -1 ll", ld_neg, 2, NULL);
	check_assembles_to("r1 = 0xffffffffffffffff", ld_neg, 2, NULL);
	check_assembles_to("r1 = 5", &mov5, 1, NULL);
	check_assembles_to("w1 = 0x5", &mov32, 1, NULL);
	check_assembles_to("  r1+=r2 ", &add, 1, NULL);
	check_assembles_to("(0f)r1 += r2", &add, 1, NULL);
	check_assembles_to("*(u64*)(r10-8)=r1", &stx, 1, NULL);
	check_assembles_to("* ( u64 * ) ( r10 - 8 ) = r1", &stx, 1, NULL);
	check_assembles_to("if r1!=0x5 goto pc+3", &jne, 1, NULL);
	check_assembles_to("if r1 != 5 goto pc+3", &jne, 1, NULL);
	check_assembles_to("call bpf_map_lookup_elem", &lookup, 1, NULL);
	check_assembles_to("call foo#42", &kfunc, 1, NULL);
	check_assembles_to("call unknown#300", &unknown, 1, NULL);
	check_assembles_to("r0 = *(u8 *)skb[r2 + 4]", &ldind, 1, NULL);
	check_assembles_to("r1 = *(u64 *)(r2)", &ldx, 1, NULL);
	check_assembles_to("(bf) r1 = &(void __percpu *)(r2)", &percpu, 1, NULL);
}

static void test_asm_errors(void)
{
	check_asm_error("", "missing instruction");
	check_asm_error("foo r1", "unknown instruction 'foo'");
	check_asm_error("r11 = 1", "expected register, got 'r11'");
	check_asm_error("r1 = r11", "expected register, got 'r11'");
	check_asm_error("w1 += r2", "expected 32-bit register wN, got 'r2'");
	check_asm_error("r1 += 0x1ffffffff",
			"immediate 0x1ffffffff does not fit in 32 bits");
	check_asm_error("r1 = -2147483649",
			"immediate -2147483649 does not fit in 32 bits");
	check_asm_error("r1 = 99999999999999999999",
			"number 99999999999999999999 does not fit in 64 bits");
	check_asm_error("goto pc+40000", "offset +40000 does not fit in 16 bits");
	check_asm_error("goto 3", "expected 'pc', got '3'");
	check_asm_error("r1 += r2 junk", "unexpected 'junk' after the instruction");
	check_asm_error("(bf) r0 = 0",
			"opcode (bf) does not match the instruction (b7)");
	check_asm_error("r1 = -r2", "expected 'r1', got 'r2'");
	check_asm_error("r1 = bswap16 r2", "expected 'r1', got 'r2'");
	check_asm_error("r1 = frob r1", "unknown operation 'frob'");
	check_asm_error("r1 ~ r2", "expected an assignment operator, got '~'");
	check_asm_error("*(u64 *)(r10 -8", "expected ')', got end of line");
	check_asm_error("*(s64 *)(r10 -8) = 1",
			"expected u8, u16, u32, u64, s8, s16 or s32, got 's64'");
	check_asm_error("*(s8 *)(r10 -8) = 1",
			"only loads sign-extend, not stores or atomics (s8)");
	check_asm_error("r0 = atomic_fetch_add((u64 *)(r10 -8), r0)",
			"atomic_fetch_add does not operate on u64");
	check_asm_error("r1 = atomic64_cmpxchg((u64 *)(r10 -8), r0, r2)",
			"cmpxchg returns in r0, not r1");
	check_asm_error("r1 = *(u8 *)skb[4]", "packet loads write r0, not r1");
	check_asm_error("call bpf_nope", "unknown helper 'bpf_nope'");
	check_asm_error("call bpf_map_lookup_elem#2",
			"bpf_map_lookup_elem is helper #1, not #2");
	check_asm_error("call unknown#1",
			"helper #1 is bpf_map_lookup_elem, not unknown");
	check_asm_error("if r1 = r2 goto pc+1",
			"expected a comparison, got '='");
	check_asm_error("w1 = 5 ll", "a 64-bit immediate needs a 64-bit register");
}

static void test_helper_names(void)
{
	CHECK_STR(bv_helper_name(0), "bpf_unspec");
	CHECK_STR(bv_helper_name(1), "bpf_map_lookup_elem");
	CHECK_STR(bv_helper_name(211), "bpf_cgrp_storage_delete");
	CHECK(bv_helper_name(BV_HELPER_COUNT) == NULL);
	CHECK(bv_helper_name(-1) == NULL);
	CHECK(bv_helper_id("bpf_tail_call") == 12);
	CHECK(bv_helper_id("bpf_ktime_get_tai_ns") == 208);
	CHECK(bv_helper_id("map_lookup_elem") == -1);
	CHECK(bv_helper_id(NULL) == -1);
	for (int32_t id = 0; id < BV_HELPER_COUNT; id++)
		CHECK(bv_helper_id(bv_helper_name(id)) == id);
}

/* ---- robustness ---- */

static uint64_t next_random(uint64_t *state)
{
	*state = *state * 6364136223846793005ull + 1442695040888963407ull;
	return *state >> 11;
}

/* Small buffers truncate but stay terminated; the full text's prefix. */
static void test_small_buffers(void)
{
	const struct bv_insn insn = I(0xdb, 10, 2, -8, 0x01);
	char full[128], small[8];

	bv_isa_disasm(&insn, 1, 0, BV_DISASM_KERNEL, NULL, true, full,
		      sizeof(full));
	for (size_t len = 1; len <= sizeof(small); len++) {
		memset(small, 'x', sizeof(small));
		bv_isa_disasm(&insn, 1, 0, BV_DISASM_KERNEL, NULL, true, small,
			      len);
		CHECK(strlen(small) == len - 1);
		CHECK(!strncmp(small, full, len - 1));
	}
	CHECK(bv_isa_disasm(&insn, 1, 0, BV_DISASM_KERNEL, NULL, true, NULL,
			    0) == 1);
}

/* Random encodings print without harm, and their text either assembles to
 * an instruction that prints the same, or is refused. */
static void test_random_encodings(void)
{
	uint64_t state = 1;

	for (int i = 0; i < 200000; i++) {
		uint64_t r = next_random(&state);
		struct bv_insn prog[2] = {
			I((uint8_t)r, (r >> 8) & 15, (r >> 12) & 15,
			  (int16_t)(r >> 16), (int32_t)(r >> 32)),
			I(0, 0, 0, 0, (int32_t)next_random(&state)),
		};
		struct bv_insn out[2];
		char text[160], again[160], err[128];
		size_t n = 1 + (r & 1);
		int slots;

		bv_isa_disasm(prog, n, 0, BV_DISASM_KERNEL, NULL, r & 2, text,
			      sizeof(text));
		slots = bv_asm_insn(text, NULL, out, err, sizeof(err));
		if (slots < 0)
			continue;
		bv_isa_disasm(out, (size_t)slots, 0, BV_DISASM_KERNEL, NULL,
			      true, again, sizeof(again));
		if (strcmp(text, again))
			fprintf(stderr, "'%s' reassembles as '%s'\n", text, again);
		CHECK(!strcmp(text, again));
	}
}

/* Cut and mutated instruction texts never crash the assembler. */
static void test_mutated_texts(void)
{
	static const char alphabet[] = " ()*+-=<>[]#,rwu0123456789xabcdefls_";
	uint64_t state = 7;

	for (size_t i = 0; i < COUNT(cases); i++) {
		const char *text = cases[i].text;
		size_t len = strlen(text);

		for (int m = 0; m < 400; m++) {
			char buf[160];
			struct bv_insn out[2];
			char err[64];
			uint64_t r = next_random(&state);

			memcpy(buf, text, len + 1);
			buf[r % len] = alphabet[(r >> 8) % (sizeof(alphabet) - 1)];
			if (m & 1)
				buf[(r >> 16) % (len + 1)] = '\0';
			bv_asm_insn(buf, NULL, out, err, sizeof(err));
		}
	}
	CHECK(true);
}

int main(void)
{
	test_every_case_round_trips();
	test_cases_cover_every_kernel_opcode();
	test_odd_encodings();
	test_map_loads();
	test_map_loads_assemble();
	test_truncated_ldimm64();
	test_kfunc_names();
	test_asm_forms();
	test_asm_errors();
	test_helper_names();
	test_small_buffers();
	test_random_encodings();
	test_mutated_texts();
	return check_summary("disasm");
}
