/* SPDX-License-Identifier: MIT */
/* Tests of src/domain/scalar*.c and src/report/scalar_text.c. The tables
 * replay instruction sequences on registers r6..r9, which start unknown as
 * after "call bpf_get_prandom_u32; rX = r0", and expect the text the Linux
 * 6.18 kernel printed for the destination register at log_level 2 (ids
 * and precision marks removed). A load step with src_reg rS stands for
 * "*(u64 *)(r10 - 8) = rS; rD = *(size *)(r10 - 8)". A jump goes to its own
 * exit; the tables follow the fall-through path. */
#include "check.h"
#include "domain/scalar.h"
#include "isa/opcodes.h"
#include "report/scalar_text.h"

#define I(c, d, s, o, i) { .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) }
#define END I(0xff, 0, 0, 0, 0), NULL, NULL, 0, NULL

struct kstep {
	struct bv_insn insn;
	const char *text;	/* the kernel's disassembly */
	const char *want;	/* destination afterwards (fall-through), if printed */
	int taken;		/* jumps: the kernel's verdict, 1, 0 or -1 */
	const char *want_taken;	/* jumps with verdict -1: destination when taken */
};

/* constants and their text */
static const struct kstep script0[] = {
	{ I(0xb7, 6, 0, 0, -8), "r6 = -8",
	  "-8", 0, NULL },
	{ I(0xb7, 7, 0, 0, -100000), "r7 = -100000",
	  "0xfffffffffffe7960", 0, NULL },
	{ I(0xb4, 8, 0, 0, -8), "w8 = -8",
	  "0xfffffff8", 0, NULL },
	{ I(0xb7, 9, 0, 0, 32767), "r9 = 32767",
	  "32767", 0, NULL },
	{ I(0xb7, 9, 0, 0, 32768), "r9 = 32768",
	  "0x8000", 0, NULL },
	{ I(0xb7, 9, 0, 0, -32768), "r9 = -32768",
	  "-32768", 0, NULL },
	{ I(0xb7, 9, 0, 0, -32769), "r9 = -32769",
	  "0xffffffffffff7fff", 0, NULL },
	{ I(0xb7, 9, 0, 0, 65535), "r9 = 65535",
	  "0xffff", 0, NULL },
	{ I(0xb7, 9, 0, 0, 65536), "r9 = 65536",
	  "0x10000", 0, NULL },
	{ END },
};
/* add, sub, mul */
static const struct kstep script1[] = {
	{ I(0x57, 6, 0, 0, 255), "r6 &= 255",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))", 0, NULL },
	{ I(0x27, 6, 0, 0, 3), "r6 *= 3",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=765,var_off=(0x0; 0x3ff))", 0, NULL },
	{ I(0x07, 6, 0, 0, -10), "r6 += -10",
	  "scalar(smin=smin32=-10,smax=smax32=755)", 0, NULL },
	{ I(0x17, 6, 0, 0, 100), "r6 -= 100",
	  "scalar(smin=smin32=-110,smax=smax32=655)", 0, NULL },
	{ I(0x0f, 7, 6, 0, 0), "r7 += r6",
	  "scalar()", 0, NULL },
	{ I(0x57, 7, 0, 0, 4095), "r7 &= 4095",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=4095,var_off=(0x0; 0xfff))", 0, NULL },
	{ I(0x2f, 7, 6, 0, 0), "r7 *= r6",
	  "scalar(smin=0xfffffffffff9206e,smax=smax32=0x28ed71,smin32=0xfff9206e)", 0, NULL },
	{ I(0x04, 6, 0, 0, 7), "w6 += 7",
	  "scalar(smin=0,smax=umax=0xffffffff,smin32=-103,smax32=662,var_off=(0x0; 0xffffffff))", 0, NULL },
	{ I(0x1c, 6, 6, 0, 0), "w6 -= w6",
	  "scalar(smin=0,smax=umax=0xffffffff,smin32=-765,smax32=765,var_off=(0x0; 0xffffffff))", 0, NULL },
	{ END },
};
/* add and sub at the edges, unsigned wrap */
static const struct kstep script2[] = {
	{ I(0x57, 6, 0, 0, 255), "r6 &= 255",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))", 0, NULL },
	{ I(0x07, 6, 0, 0, 1), "r6 += 1",
	  "scalar(smin=umin=smin32=umin32=1,smax=umax=smax32=umax32=256,var_off=(0x0; 0x1ff))", 0, NULL },
	{ I(0x07, 6, 0, 0, -1), "r6 += -1",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))", 0, NULL },
	{ I(0x17, 6, 0, 0, 1), "r6 -= 1",
	  "scalar(smin=smin32=-1,smax=smax32=254)", 0, NULL },
	{ I(0x14, 6, 0, 0, -1), "w6 -= -1",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))", 0, NULL },
	{ I(0x47, 7, 0, 0, 16), "r7 |= 16",
	  "scalar(smin=0x8000000000000010,umin=umin32=16,smin32=0x80000010,var_off=(0x10; 0xffffffffffffffef))", 0, NULL },
	{ I(0x57, 7, 0, 0, 61680), "r7 &= 61680",
	  "scalar(smin=umin=smin32=umin32=16,smax=umax=smax32=umax32=0xf0f0,var_off=(0x10; 0xf0e0))", 0, NULL },
	{ I(0x1f, 7, 6, 0, 0), "r7 -= r6",
	  "scalar(smin=smin32=-239,smax=smax32=0xf0f0)", 0, NULL },
	{ I(0x2c, 7, 7, 0, 0), "w7 *= w7",
	  "scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))", 0, NULL },
	{ I(0x27, 6, 0, 0, -3), "r6 *= -3",
	  "scalar(smin=smin32=-765,smax=smax32=0)", 0, NULL },
	{ I(0x24, 6, 0, 0, -3), "w6 *= -3",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=2295,var_off=(0x0; 0xfff))", 0, NULL },
	{ END },
};
/* tnum_mul precision (not symmetric) */
static const struct kstep script3[] = {
	{ I(0x57, 6, 0, 0, 3), "r6 &= 3",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=3,var_off=(0x0; 0x3))", 0, NULL },
	{ I(0x47, 6, 0, 0, 1), "r6 |= 1",
	  "scalar(smin=umin=smin32=umin32=1,smax=umax=smax32=umax32=3,var_off=(0x1; 0x2))", 0, NULL },
	{ I(0xb7, 8, 0, 0, 3), "r8 = 3",
	  "3", 0, NULL },
	{ I(0x2f, 8, 6, 0, 0), "r8 *= r6",
	  "scalar(smin=umin=smin32=umin32=3,smax=umax=smax32=umax32=9,var_off=(0x1; 0xe))", 0, NULL },
	{ I(0x27, 6, 0, 0, 3), "r6 *= 3",
	  "scalar(smin=umin=smin32=umin32=3,smax=umax=smax32=umax32=9,var_off=(0x1; 0xa))", 0, NULL },
	{ I(0x57, 7, 0, 0, 5), "r7 &= 5",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=5,var_off=(0x0; 0x5))", 0, NULL },
	{ I(0x2f, 7, 6, 0, 0), "r7 *= r6",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=45,var_off=(0x0; 0x3f))", 0, NULL },
	{ I(0x2c, 6, 7, 0, 0), "w6 *= w7",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=405,var_off=(0x0; 0x1ff))", 0, NULL },
	{ END },
};
/* bitwise operations */
static const struct kstep script4[] = {
	{ I(0x57, 6, 0, 0, 60), "r6 &= 60",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=60,var_off=(0x0; 0x3c))", 0, NULL },
	{ I(0x47, 6, 0, 0, 257), "r6 |= 257",
	  "scalar(smin=umin=smin32=umin32=257,smax=umax=smax32=umax32=317,var_off=(0x101; 0x3c))", 0, NULL },
	{ I(0xa7, 6, 0, 0, 15), "r6 ^= 15",
	  "scalar(smin=umin=smin32=umin32=258,smax=umax=smax32=umax32=318,var_off=(0x102; 0x3c))", 0, NULL },
	{ I(0xa4, 6, 0, 0, -1), "w6 ^= -1",
	  "scalar(smin=umin=umin32=0xfffffec1,smax=umax=umax32=0xfffffefd,smin32=-319,smax32=-259,var_off=(0xfffffec1; 0x3c))", 0, NULL },
	{ I(0x54, 7, 0, 0, 240), "w7 &= 240",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=240,var_off=(0x0; 0xf0))", 0, NULL },
	{ I(0x4f, 7, 6, 0, 0), "r7 |= r6",
	  "scalar(smin=umin=umin32=0xfffffec1,smax=umax=umax32=0xfffffefd,smin32=-319,smax32=-259,var_off=(0xfffffec1; 0x3c))", 0, NULL },
	{ I(0xaf, 8, 7, 0, 0), "r8 ^= r7",
	  "scalar()", 0, NULL },
	{ I(0x5c, 8, 6, 0, 0), "w8 &= w6",
	  "scalar(smin=0,smax=umax=umax32=0xfffffefd,smax32=0x7ffffefd,var_off=(0x0; 0xfffffefd))", 0, NULL },
	{ I(0x4c, 9, 9, 0, 0), "w9 |= w9",
	  "scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))", 0, NULL },
	{ I(0x57, 9, 0, 0, -16), "r9 &= -16",
	  "scalar(smin=0,smax=umax=umax32=0xfffffff0,smax32=0x7ffffff0,var_off=(0x0; 0xfffffff0))", 0, NULL },
	{ END },
};
/* shifts by constants */
static const struct kstep script5[] = {
	{ I(0x57, 6, 0, 0, 255), "r6 &= 255",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))", 0, NULL },
	{ I(0x67, 6, 0, 0, 4), "r6 <<= 4",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=4080,var_off=(0x0; 0xff0))", 0, NULL },
	{ I(0x77, 6, 0, 0, 2), "r6 >>= 2",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=1020,var_off=(0x0; 0x3fc))", 0, NULL },
	{ I(0xc7, 6, 0, 0, 1), "r6 s>>= 1",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=510,var_off=(0x0; 0x1fe))", 0, NULL },
	{ I(0x64, 6, 0, 0, 24), "w6 <<= 24",
	  "scalar(smin=0,smax=umax=umax32=0xfe000000,smax32=0x7e000000,var_off=(0x0; 0xfe000000))", 0, NULL },
	{ I(0xc4, 6, 0, 0, 28), "w6 s>>= 28",
	  "scalar(smin=0,smax=umax=0xffffffff,smin32=-8,smax32=7,var_off=(0x0; 0xffffffff))", 0, NULL },
	{ I(0x67, 7, 0, 0, 32), "r7 <<= 32",
	  "scalar(smax=0x7fffffff00000000,umax=0xffffffff00000000,smin32=0,smax32=umax32=0,var_off=(0x0; 0xffffffff00000000))", 0, NULL },
	{ I(0xc7, 7, 0, 0, 32), "r7 s>>= 32",
	  "scalar(smin=0xffffffff80000000,smax=0x7fffffff)", 0, NULL },
	{ I(0x74, 8, 0, 0, 31), "w8 >>= 31",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=1,var_off=(0x0; 0x1))", 0, NULL },
	{ I(0xc7, 9, 0, 0, 63), "r9 s>>= 63",
	  "scalar(smin=smin32=-1,smax=smax32=0)", 0, NULL },
	{ I(0x6f, 8, 9, 0, 0), "r8 <<= r9",
	  "scalar()", 0, NULL },
	{ I(0x7f, 6, 6, 0, 0), "r6 >>= r6",
	  "scalar()", 0, NULL },
	{ END },
};
/* shifts by registers, out-of-range amounts */
static const struct kstep script6[] = {
	{ I(0x57, 6, 0, 0, 7), "r6 &= 7",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=7,var_off=(0x0; 0x7))", 0, NULL },
	{ I(0x57, 7, 0, 0, 65535), "r7 &= 65535",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=0xffff,var_off=(0x0; 0xffff))", 0, NULL },
	{ I(0x6f, 7, 6, 0, 0), "r7 <<= r6",
	  "scalar()", 0, NULL },
	{ I(0xb7, 8, 0, 0, 3), "r8 = 3",
	  "3", 0, NULL },
	{ I(0x7f, 7, 8, 0, 0), "r7 >>= r8",
	  "scalar(smin=0,smax=umax=0x1fffffffffffffff,var_off=(0x0; 0x1fffffffffffffff))", 0, NULL },
	{ I(0xcc, 7, 8, 0, 0), "w7 s>>= w8",
	  "scalar(smin=0,smax=umax=0xffffffff,smin32=0xf0000000,smax32=0xfffffff,var_off=(0x0; 0xffffffff))", 0, NULL },
	{ I(0xb7, 9, 0, 0, 64), "r9 = 64",
	  "64", 0, NULL },
	{ I(0x6f, 7, 9, 0, 0), "r7 <<= r9",
	  "scalar()", 0, NULL },
	{ I(0xb4, 8, 0, 0, 40), "w8 = 40",
	  "40", 0, NULL },
	{ I(0x6c, 6, 8, 0, 0), "w6 <<= w8",
	  "scalar()", 0, NULL },
	{ END },
};
/* neg, div, mod */
static const struct kstep script7[] = {
	{ I(0x57, 6, 0, 0, 255), "r6 &= 255",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))", 0, NULL },
	{ I(0x87, 6, 0, 0, 0), "r6 = -r6",
	  "scalar(smin=smin32=-255,smax=smax32=0)", 0, NULL },
	{ I(0x84, 6, 0, 0, 0), "w6 = -w6",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))", 0, NULL },
	{ I(0x57, 7, 0, 0, 15), "r7 &= 15",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=15,var_off=(0x0; 0xf))", 0, NULL },
	{ I(0x07, 7, 0, 0, 1), "r7 += 1",
	  "scalar(smin=umin=smin32=umin32=1,smax=umax=smax32=umax32=16,var_off=(0x0; 0x1f))", 0, NULL },
	{ I(0x3f, 8, 7, 0, 0), "r8 /= r7",
	  "scalar()", 0, NULL },
	{ I(0x94, 6, 0, 0, 7), "w6 %= 7",
	  "scalar()", 0, NULL },
	{ I(0x37, 9, 0, 1, 3), "r9 s/= 3",
	  "scalar()", 0, NULL },
	{ I(0x47, 9, 0, 0, 1), "r9 |= 1",
	  "scalar(smin=0x8000000000000001,umin=umin32=1,smin32=0x80000001,var_off=(0x1; 0xfffffffffffffffe))", 0, NULL },
	{ I(0x9c, 9, 9, 1, 0), "w9 s%= w9",
	  "scalar()", 0, NULL },
	{ END },
};
/* byte swaps */
static const struct kstep script8[] = {
	{ I(0x57, 6, 0, 0, 1023), "r6 &= 1023",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=1023,var_off=(0x0; 0x3ff))", 0, NULL },
	{ I(0xdc, 6, 0, 0, 16), "r6 = be16 r6",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=0xff03,var_off=(0x0; 0xff03))", 0, NULL },
	{ I(0x57, 7, 0, 0, 1023), "r7 &= 1023",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=1023,var_off=(0x0; 0x3ff))", 0, NULL },
	{ I(0xd4, 7, 0, 0, 16), "r7 = le16 r7",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=1023,var_off=(0x0; 0x3ff))", 0, NULL },
	{ I(0x57, 8, 0, 0, 496), "r8 &= 496",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=496,var_off=(0x0; 0x1f0))", 0, NULL },
	{ I(0xdc, 8, 0, 0, 32), "r8 = be32 r8",
	  "scalar(smin=0,smax=umax=umax32=0xf0010000,smax32=0x70010000,var_off=(0x0; 0xf0010000))", 0, NULL },
	{ I(0xd7, 8, 0, 0, 64), "r8 = bswap64 r8",
	  "scalar(smin=smin32=0,smax=umax=0x1f000000000,smax32=umax32=0,var_off=(0x0; 0x1f000000000))", 0, NULL },
	{ I(0xd4, 9, 0, 0, 32), "r9 = le32 r9",
	  "scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))", 0, NULL },
	{ I(0xdc, 9, 0, 0, 64), "r9 = be64 r9",
	  "scalar(smax=0x7fffffff00000000,umax=0xffffffff00000000,smin32=0,smax32=umax32=0,var_off=(0x0; 0xffffffff00000000))", 0, NULL },
	{ I(0xd4, 9, 0, 0, 64), "r9 = le64 r9",
	  "scalar(smax=0x7fffffff00000000,umax=0xffffffff00000000,smin32=0,smax32=umax32=0,var_off=(0x0; 0xffffffff00000000))", 0, NULL },
	{ I(0x57, 6, 0, 0, 65280), "r6 &= 65280",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=0xff00,var_off=(0x0; 0xff00))", 0, NULL },
	{ I(0xd7, 6, 0, 0, 16), "r6 = bswap16 r6",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))", 0, NULL },
	{ I(0xd7, 7, 0, 0, 32), "r7 = bswap32 r7",
	  "scalar(smin=0,smax=umax=umax32=0xff030000,smax32=0x7f030000,var_off=(0x0; 0xff030000))", 0, NULL },
	{ END },
};
/* 32-bit copies and sign-extending moves */
static const struct kstep script9[] = {
	{ I(0x57, 6, 0, 0, 255), "r6 &= 255",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))", 0, NULL },
	{ I(0xbf, 7, 6, 0, 0), "r7 = r6",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))", 0, NULL },
	{ I(0x07, 7, 0, 0, -200), "r7 += -200",
	  "scalar(smin=smin32=-200,smax=smax32=55)", 0, NULL },
	{ I(0xbc, 8, 7, 0, 0), "w8 = w7",
	  "scalar(smin=0,smax=umax=0xffffffff,smin32=-200,smax32=55,var_off=(0x0; 0xffffffff))", 0, NULL },
	{ I(0xbf, 9, 7, 8, 0), "r9 = (s8)r7",
	  "scalar(smin=smin32=-128,smax=smax32=127)", 0, NULL },
	{ I(0xbf, 9, 7, 16, 0), "r9 = (s16)r7",
	  "scalar(smin=smin32=-32768,smax=smax32=32767)", 0, NULL },
	{ I(0xbf, 9, 7, 32, 0), "r9 = (s32)r7",
	  "scalar(smin=0xffffffff80000000,smax=0x7fffffff)", 0, NULL },
	{ I(0xbc, 9, 7, 8, 0), "w9 = (s8)w7",
	  "scalar(smin=0,smax=umax=0xffffffff,smin32=-128,smax32=127,var_off=(0x0; 0xffffffff))", 0, NULL },
	{ I(0xbc, 9, 7, 16, 0), "w9 = (s16)w7",
	  "scalar(smin=0,smax=umax=0xffffffff,smin32=-32768,smax32=32767,var_off=(0x0; 0xffffffff))", 0, NULL },
	{ I(0xbf, 6, 6, 8, 0), "r6 = (s8)r6",
	  "scalar(smin=smin32=-128,smax=smax32=127)", 0, NULL },
	{ I(0xbc, 8, 8, 16, 0), "w8 = (s16)w8",
	  "scalar(smin=0,smax=umax=0xffffffff,smin32=-32768,smax32=32767,var_off=(0x0; 0xffffffff))", 0, NULL },
	{ I(0xb4, 9, 0, 0, 65408), "w9 = 65408",
	  "0xff80", 0, NULL },
	{ I(0xbc, 9, 9, 8, 0), "w9 = (s8)w9",
	  "0xffffff80", 0, NULL },
	{ I(0xbf, 9, 9, 16, 0), "r9 = (s16)r9",
	  "-128", 0, NULL },
	{ END },
};
/* narrow and sign-extending fills of a spilled scalar */
static const struct kstep script10[] = {
	{ I(0x57, 6, 0, 0, 511), "r6 &= 511",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=511,var_off=(0x0; 0x1ff))", 0, NULL },
	{ I(0x71, 7, 6, 0, 0), "r7 = *(u8 *)(r10 -8)",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))", 0, NULL },
	{ I(0x69, 7, 6, 0, 0), "r7 = *(u16 *)(r10 -8)",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=511,var_off=(0x0; 0x1ff))", 0, NULL },
	{ I(0x91, 7, 6, 0, 0), "r7 = *(s8 *)(r10 -8)",
	  "scalar(smin=smin32=-128,smax=smax32=127)", 0, NULL },
	{ I(0x89, 8, 6, 0, 0), "r8 = *(s16 *)(r10 -8)",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=511,var_off=(0x0; 0x1ff))", 0, NULL },
	{ I(0x07, 6, 0, 0, -256), "r6 += -256",
	  "scalar(smin=smin32=-256,smax=smax32=255)", 0, NULL },
	{ I(0x81, 7, 6, 0, 0), "r7 = *(s32 *)(r10 -8)",
	  "scalar(smin=0xffffffff80000000,smax=0x7fffffff)", 0, NULL },
	{ I(0x61, 8, 6, 0, 0), "r8 = *(u32 *)(r10 -8)",
	  "scalar(smin=0,smax=umax=0xffffffff,smin32=-256,smax32=255,var_off=(0x0; 0xffffffff))", 0, NULL },
	{ I(0x91, 9, 6, 0, 0), "r9 = *(s8 *)(r10 -8)",
	  "scalar(smin=smin32=-128,smax=smax32=127)", 0, NULL },
	{ I(0x69, 9, 9, 0, 0), "r9 = *(u16 *)(r10 -8)",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=0xffff,var_off=(0x0; 0xffff))", 0, NULL },
	{ END },
};
/* unsigned jumps */
static const struct kstep script11[] = {
	{ I(0x25, 6, 0, 0, 10), "if r6 > 0xa",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=10,var_off=(0x0; 0xf))", -1, "scalar(umin=11)" },
	{ I(0xa5, 6, 0, 0, 2), "if r6 < 0x2",
	  "scalar(smin=umin=smin32=umin32=2,smax=umax=smax32=umax32=10,var_off=(0x0; 0xf))", -1, "scalar(smin=smin32=0,smax=umax=smax32=umax32=1,var_off=(0x0; 0x1))" },
	{ I(0x35, 6, 0, 0, 9), "if r6 >= 0x9",
	  "scalar(smin=umin=smin32=umin32=2,smax=umax=smax32=umax32=8,var_off=(0x0; 0xf))", -1, "scalar(smin=umin=smin32=umin32=9,smax=umax=smax32=umax32=10,var_off=(0x8; 0x3))" },
	{ I(0xb5, 6, 0, 0, 3), "if r6 <= 0x3",
	  "scalar(smin=umin=smin32=umin32=4,smax=umax=smax32=umax32=8,var_off=(0x0; 0xf))", -1, "scalar(smin=umin=smin32=umin32=2,smax=umax=smax32=umax32=3,var_off=(0x2; 0x1))" },
	{ I(0x15, 6, 0, 0, 5), "if r6 == 0x5",
	  "scalar(smin=umin=smin32=umin32=4,smax=umax=smax32=umax32=8,var_off=(0x0; 0xf))", -1, "5" },
	{ I(0x15, 6, 0, 0, 4), "if r6 == 0x4",
	  "scalar(smin=umin=smin32=umin32=5,smax=umax=smax32=umax32=8,var_off=(0x0; 0xf))", -1, "4" },
	{ I(0x15, 6, 0, 0, 8), "if r6 == 0x8",
	  "scalar(smin=umin=smin32=umin32=5,smax=umax=smax32=umax32=7,var_off=(0x4; 0x3))", -1, "8" },
	{ I(0x55, 6, 0, 0, 6), "if r6 != 0x6",
	  "6", -1, "scalar(smin=umin=smin32=umin32=5,smax=umax=smax32=umax32=7,var_off=(0x4; 0x3))" },
	{ I(0x25, 6, 0, 0, 2), "if r6 > 0x2",
	  NULL, 1, NULL },
	{ END },
};
/* signed jumps */
static const struct kstep script12[] = {
	{ I(0x65, 6, 0, 0, 100), "if r6 s> 0x64",
	  "scalar(smax=100)", -1, "scalar(smin=umin=101,umax=0x7fffffffffffffff,var_off=(0x0; 0x7fffffffffffffff))" },
	{ I(0xc5, 6, 0, 0, -100), "if r6 s< 0xffffff9c",
	  "scalar(smin=smin32=-100,smax=smax32=100)", -1, "scalar(smax=-101,umin=0x8000000000000000,umax=0xffffffffffffff9b,var_off=(0x8000000000000000; 0x7fffffffffffffff))" },
	{ I(0xd5, 6, 0, 0, -60), "if r6 s<= 0xffffffc4",
	  "scalar(smin=smin32=-59,smax=smax32=100)", -1, "scalar(smin=smin32=-100,smax=smax32=-60,umin=0xffffffffffffff9c,umax=0xffffffffffffffc4,umin32=0xffffff9c,umax32=0xffffffc4,var_off=(0xffffffffffffff80; 0x7f))" },
	{ I(0x75, 6, 0, 0, 50), "if r6 s>= 0x32",
	  "scalar(smin=smin32=-59,smax=smax32=49)", -1, "scalar(smin=umin=smin32=umin32=50,smax=umax=smax32=umax32=100,var_off=(0x0; 0x7f))" },
	{ I(0x57, 7, 0, 0, 240), "r7 &= 240",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=240,var_off=(0x0; 0xf0))", 0, NULL },
	{ I(0xcd, 7, 6, 0, 0), "if r7 s< r6",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=240,var_off=(0x0; 0xf0))", -1, "scalar(smin=smin32=0,smax=umax=smax32=umax32=48,var_off=(0x0; 0x30))" },
	{ I(0x7d, 6, 7, 0, 0), "if r6 s>= r7",
	  "scalar(smin=smin32=-59,smax=smax32=49)", -1, "scalar(smin=smin32=0,smax=umax=smax32=umax32=49,var_off=(0x0; 0x3f))" },
	{ I(0xd5, 6, 0, 0, 50), "if r6 s<= 0x32",
	  NULL, 1, NULL },
	{ END },
};
/* jset, equality with tnums, register compares, a register against itself */
static const struct kstep script13[] = {
	{ I(0x57, 6, 0, 0, 240), "r6 &= 240",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=240,var_off=(0x0; 0xf0))", 0, NULL },
	{ I(0x45, 6, 0, 0, 16), "if r6 & 0x10",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=224,var_off=(0x0; 0xe0))", -1, "scalar(smin=umin=smin32=umin32=16,smax=umax=smax32=umax32=240,var_off=(0x10; 0xe0))" },
	{ I(0x45, 6, 0, 0, 15), "if r6 & 0xf",
	  NULL, 0, NULL },
	{ I(0x15, 6, 0, 0, 17), "if r6 == 0x11",
	  NULL, 0, NULL },
	{ I(0x15, 6, 0, 0, 32), "if r6 == 0x20",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=224,var_off=(0x0; 0xe0))", -1, "32" },
	{ I(0x45, 6, 0, 0, 96), "if r6 & 0x60",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=128,var_off=(0x0; 0x80))", -1, "scalar(smin=smin32=0,smax=umax=smax32=umax32=224,var_off=(0x0; 0xe0))" },
	{ I(0x57, 7, 0, 0, 127), "r7 &= 127",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=127,var_off=(0x0; 0x7f))", 0, NULL },
	{ I(0xa5, 7, 0, 0, 3), "if r7 < 0x3",
	  "scalar(smin=umin=smin32=umin32=3,smax=umax=smax32=umax32=127,var_off=(0x0; 0x7f))", -1, "scalar(smin=smin32=0,smax=umax=smax32=umax32=2,var_off=(0x0; 0x3))" },
	{ I(0x25, 7, 0, 0, 100), "if r7 > 0x64",
	  "scalar(smin=umin=smin32=umin32=3,smax=umax=smax32=umax32=100,var_off=(0x0; 0x7f))", -1, "scalar(smin=umin=smin32=umin32=101,smax=umax=smax32=umax32=127,var_off=(0x60; 0x1f))" },
	{ I(0x45, 7, 0, 0, 1), "if r7 & 0x1",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=126,var_off=(0x0; 0x7e))", -1, "scalar(smin=umin=smin32=umin32=3,smax=umax=smax32=umax32=100,var_off=(0x1; 0x7e))" },
	{ I(0x1d, 8, 7, 0, 0), "if r8 == r7",
	  "scalar()", -1, "scalar(smin=smin32=0,smax=umax=smax32=umax32=126,var_off=(0x0; 0x7e))" },
	{ I(0x5d, 9, 9, 0, 0), "if r9 != r9",
	  "scalar()", -1, "scalar()" },
	{ I(0x2d, 9, 9, 0, 0), "if r9 > r9",
	  "scalar()", -1, "scalar(umin=1,umax=0xfffffffffffffffe)" },
	{ I(0xbd, 8, 8, 0, 0), "if r8 <= r8",
	  "scalar(umin=1,umax=0xfffffffffffffffe)", -1, "scalar()" },
	{ I(0x4d, 7, 7, 0, 0), "if r7 & r7",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=126,var_off=(0x0; 0x7e))", -1, "scalar(smin=smin32=0,smax=umax=smax32=umax32=126,var_off=(0x0; 0x7e))" },
	{ END },
};
/* 32-bit jumps */
static const struct kstep script14[] = {
	{ I(0x26, 6, 0, 0, 10), "if w6 > 0xa",
	  "scalar(smax=0x7fffffff0000000a,umax=0xffffffff0000000a,smin32=0,smax32=umax32=10,var_off=(0x0; 0xffffffff0000000f))", -1, "scalar(smin=0x800000000000000b,umin=umin32=11)" },
	{ I(0xc6, 7, 0, 0, -5), "if w7 s< 0xfffffffb",
	  "scalar(smin32=-5)", -1, "scalar(smin=0x8000000080000000,smax=0x7ffffffffffffffa,umin=umin32=0x80000000,umax=0xfffffffffffffffa,smax32=-6,umax32=0xfffffffa,var_off=(0x80000000; 0xffffffff7fffffff))" },
	{ I(0x16, 7, 0, 0, -5), "if w7 == 0xfffffffb",
	  "scalar(smin32=-4)", -1, "scalar(smin=0x80000000fffffffb,smax=0x7ffffffffffffffb,umin=umin32=0xfffffffb,umax=0xfffffffffffffffb,smin32=-5,smax32=-5,umax32=0xfffffffb,var_off=(0xfffffffb; 0xffffffff00000000))" },
	{ I(0x16, 8, 0, 0, -2147483648), "if w8 == 0x80000000",
	  "scalar(smin32=0x80000001)", -1, "scalar(smin=0x8000000080000000,smax=0x7fffffff80000000,umin=umin32=0x80000000,umax=0xffffffff80000000,smax32=umax32=0x80000000,var_off=(0x80000000; 0xffffffff00000000))" },
	{ I(0xbe, 9, 6, 0, 0), "if w9 <= w6",
	  "scalar(smin=0x8000000000000001,umin=umin32=1)", -1, "scalar(smax=0x7fffffff0000000a,umax=0xffffffff0000000a,smin32=0,smax32=umax32=10,var_off=(0x0; 0xffffffff0000000f))" },
	{ I(0x46, 9, 0, 0, 4), "if w9 & 0x4",
	  "scalar(smax=0x7ffffffffffffffb,umax=0xfffffffffffffffb,smax32=0x7ffffffb,umax32=0xfffffffb,var_off=(0x0; 0xfffffffffffffffb))", -1, "scalar(smin=0x8000000000000004,umin=umin32=4,smin32=0x80000004,var_off=(0x4; 0xfffffffffffffffb))" },
	{ I(0x76, 6, 0, 0, 0), "if w6 s>= 0x0",
	  NULL, 1, NULL },
	{ END },
};
/* single-value tnum overlaps, 32-bit signed ranges */
static const struct kstep script15[] = {
	{ I(0x47, 6, 0, 0, 3584), "r6 |= 3584",
	  "scalar(smin=0x8000000000000e00,umin=umin32=3584,smin32=0x80000e00,var_off=(0xe00; 0xfffffffffffff1ff))", 0, NULL },
	{ I(0x57, 6, 0, 0, 3840), "r6 &= 3840",
	  "scalar(smin=umin=smin32=umin32=3584,smax=umax=smax32=umax32=3840,var_off=(0xe00; 0x100))", 0, NULL },
	{ I(0x15, 6, 0, 0, 3584), "if r6 == 0xe00",
	  "3840", -1, "3584" },
	{ I(0x57, 7, 0, 0, 65536), "r7 &= 65536",
	  "scalar(smin=smin32=0,smax=umax=smax32=umax32=0x10000,var_off=(0x0; 0x10000))", 0, NULL },
	{ I(0x15, 7, 0, 0, 0), "if r7 == 0x0",
	  "0x10000", -1, "0" },
	{ I(0x65, 8, 0, 0, -3), "if r8 s> 0xfffffffd",
	  "scalar(smax=-3,umin=0x8000000000000000,umax=0xfffffffffffffffd,var_off=(0x8000000000000000; 0x7fffffffffffffff))", -1, "scalar(smin=-2)" },
	{ I(0x07, 8, 0, 0, 5), "r8 += 5",
	  "scalar(smin=0x8000000000000005,smax=2)", 0, NULL },
	{ I(0xc6, 9, 0, 0, 5), "if w9 s< 0x5",
	  "scalar(smin=0x8000000000000005,smax=0x7fffffff7fffffff,umin=smin32=umin32=5,umax=0xffffffff7fffffff,umax32=0x7fffffff,var_off=(0x0; 0xffffffff7fffffff))", -1, "scalar(smax32=4)" },
	{ I(0x57, 6, 0, 0, 65536), "r6 &= 65536",
	  "0", 0, NULL },
	{ I(0x57, 7, 0, 0, 65535), "r7 &= 65535",
	  "0", 0, NULL },
	{ I(0x15, 7, 0, 0, 0), "if r7 == 0x0",
	  NULL, 1, NULL },
	{ END },
};
/* an invariant violation on a dead branch */
static const struct kstep script16[] = {
	{ I(0x47, 6, 0, 0, -2), "r6 |= -2",
	  "scalar(smin=smin32=-2,smax=smax32=-1,umin=0xfffffffffffffffe,umin32=0xfffffffe,var_off=(0xfffffffffffffffe; 0x1))", 0, NULL },
	{ I(0x6e, 6, 6, 0, 0), "if w6 s> w6",
	  NULL, -1, "scalar(var_off=(0xfffffffffffffffe; 0x1))" },
	{ I(0xc7, 7, 0, 0, 63), "r7 s>>= 63",
	  "scalar(smin=smin32=-1,smax=smax32=0)", 0, NULL },
	{ I(0x07, 7, 0, 0, 3), "r7 += 3",
	  "scalar(smin=umin=smin32=umin32=2,smax=umax=smax32=umax32=3,var_off=(0x2; 0x1))", 0, NULL },
	{ I(0xcd, 7, 7, 0, 0), "if r7 s< r7",
	  "scalar(smin=umin=smin32=umin32=2,smax=umax=smax32=umax32=3,var_off=(0x2; 0x1))", -1, "scalar(smin=umin=smin32=umin32=2,smax=umax=smax32=umax32=3,var_off=(0x2; 0x1))" },
	{ END },
};

static const struct kstep *const scripts[] = {
	script0, script1, script2, script3, script4, script5, script6, script7, script8,
	script9, script10, script11, script12, script13, script14, script15, script16,
};

static struct bv_scalar regs[BV_MAX_REG];

static void expect_text(const struct bv_scalar *s, const char *want,
			const char *where)
{
	char got[256];

	bv_scalar_text(s, got, sizeof(got));
	if (strcmp(got, want))
		fprintf(stderr, "after %s:\n", where);
	CHECK_STR(got, want);
}

/* The kernel's reg_bounds_sanity_check: an inconsistent register loses
 * its ranges. */
static void sanity_check(struct bv_scalar *s)
{
	if (bv_scalar_invariant_violation(s))
		bv_scalar_mark_unbounded(s);
}

static void run_alu(const struct kstep *st)
{
	const struct bv_insn *in = &st->insn;
	struct bv_scalar imm = bv_scalar_const((uint64_t)(int64_t)in->imm);
	const struct bv_scalar *src = BV_SRC(in->code) == BV_X ? &regs[in->src_reg] : &imm;

	if (BV_OP(in->code) == BV_MOV)
		bv_scalar_mov(&regs[in->dst_reg], src, in);
	else
		bv_scalar_alu(&regs[in->dst_reg], src, in);
	sanity_check(&regs[in->dst_reg]);
	expect_text(&regs[in->dst_reg], st->want, st->text);
}

static void run_fill(const struct kstep *st)
{
	const struct bv_insn *in = &st->insn;
	struct bv_scalar v = regs[in->src_reg];
	unsigned size = BV_SIZE(in->code) == BV_B ? 1 : BV_SIZE(in->code) == BV_H ? 2 : 4;

	if (BV_MODE(in->code) == BV_MEMSX)
		bv_scalar_coerce_sx(&v, size);
	else
		bv_scalar_coerce(&v, size);
	sanity_check(&v);
	regs[in->dst_reg] = v;
	expect_text(&v, st->want, st->text);
}

/* Both sides of an undecided jump, as reg_set_min_max computes them on
 * copies of the registers; returns whether the fall-through is reachable. */
static bool run_jump(const struct kstep *st)
{
	const struct bv_insn *in = &st->insn;
	bool x = BV_SRC(in->code) == BV_X, j32 = BV_CLASS(in->code) == BV_JMP32;
	uint8_t op = BV_OP(in->code);
	struct bv_scalar imm = bv_scalar_const((uint64_t)(int64_t)in->imm);
	struct bv_scalar t[BV_MAX_REG], t_imm = imm, f_imm = imm;
	int taken = bv_scalar_branch_taken(&regs[in->dst_reg],
					   x ? &regs[in->src_reg] : &imm, op, j32);

	if (taken != st->taken)
		fprintf(stderr, "%s: taken %d, kernel %d\n", st->text, taken, st->taken);
	CHECK(taken == st->taken);
	if (taken != -1) {
		if (taken == 0 && st->want)
			expect_text(&regs[in->dst_reg], st->want, st->text);
		return taken == 0;
	}
	memcpy(t, regs, sizeof(t));
	bv_scalar_branch_refine(&t[in->dst_reg], x ? &t[in->src_reg] : &t_imm, op, j32, true);
	bv_scalar_branch_refine(&regs[in->dst_reg], x ? &regs[in->src_reg] : &f_imm, op, j32, false);
	sanity_check(&t[in->dst_reg]);
	sanity_check(&t[in->src_reg]);
	sanity_check(&regs[in->dst_reg]);
	sanity_check(&regs[in->src_reg]);
	if (st->want)
		expect_text(&regs[in->dst_reg], st->want, st->text);
	if (st->want_taken)
		expect_text(&t[in->dst_reg], st->want_taken, st->text);
	return true;
}

static void run_script(const struct kstep *st)
{
	int r;

	for (r = 0; r < BV_MAX_REG; r++)
		regs[r] = bv_scalar_unknown();
	for (; st->insn.code != 0xff; st++) {
		switch (BV_CLASS(st->insn.code)) {
		case BV_ALU:
		case BV_ALU64:
			run_alu(st);
			break;
		case BV_LDX:
			run_fill(st);
			break;
		default:
			if (!run_jump(st))
				return;
		}
	}
}

static void test_kernel_scripts(void)
{
	size_t i;

	for (i = 0; i < sizeof(scripts) / sizeof(scripts[0]); i++)
		run_script(scripts[i]);
}

static void text_of(const struct bv_scalar *s, char *buf, size_t len)
{
	bv_scalar_text(s, buf, len);
}

static struct bv_scalar after(struct bv_scalar s, struct bv_insn in)
{
	struct bv_scalar imm = bv_scalar_const((uint64_t)(int64_t)in.imm);

	bv_scalar_alu(&s, &imm, &in);
	return s;
}

/* One fork of maybe_fork_scalars as the kernel logged it: the current path
 * continues with -1, a branch re-executes the instruction with 0. */
static void expect_fork(struct bv_scalar dst, struct bv_insn in,
			const struct bv_scalar *src, const char *want_main,
			const char *want_branch)
{
	struct bv_scalar zero;
	char got[256];

	CHECK(bv_scalar_alu_fork(&dst, &zero, src, &in));
	bv_scalar_alu(&dst, src, &in);
	bv_scalar_alu(&zero, src, &in);
	text_of(&dst, got, sizeof(got));
	CHECK_STR(got, want_main);
	text_of(&zero, got, sizeof(got));
	CHECK_STR(got, want_branch);
}

static void test_forks(void)
{
	struct bv_insn arsh63 = I(BV_ALU64 | BV_ARSH | BV_K, 6, 0, 0, 63);
	struct bv_insn arsh31 = I(BV_ALU | BV_ARSH | BV_K, 6, 0, 0, 31);
	struct bv_insn and5 = I(BV_ALU64 | BV_AND | BV_K, 6, 0, 0, 5);
	struct bv_insn or256 = I(BV_ALU64 | BV_OR | BV_K, 6, 0, 0, 256);
	struct bv_insn or256_32 = I(BV_ALU | BV_OR | BV_K, 6, 0, 0, 256);
	struct bv_insn and_x = I(BV_ALU64 | BV_AND | BV_X, 6, 7, 0, 0);
	struct bv_scalar minus1_or_0 = after(bv_scalar_unknown(), arsh63);
	struct bv_scalar low_minus1_or_0 = after(bv_scalar_unknown(), arsh31);
	struct bv_scalar c5 = bv_scalar_const(5), c256 = bv_scalar_const(256);
	struct bv_scalar all_ones = bv_scalar_const(UINT64_MAX), zero;
	struct bv_scalar byte = bv_scalar_unknown();

	expect_fork(minus1_or_0, and5, &c5, "5", "0");
	expect_fork(low_minus1_or_0, or256, &c256, "0xffffffff", "256");
	expect_fork(minus1_or_0, or256_32, &c256, "0xffffffff", "256");
	expect_fork(minus1_or_0, and_x, &all_ones, "-1", "0");
	/* no fork for other ranges, operations or a non-constant source */
	byte = after(byte, (struct bv_insn)I(BV_ALU64 | BV_AND | BV_K, 6, 0, 0, 255));
	CHECK(!bv_scalar_alu_fork(&byte, &zero, &c5, &and5));
	CHECK(!bv_scalar_alu_fork(&minus1_or_0, &zero, &c5,
				  &(struct bv_insn)I(BV_ALU64 | BV_XOR | BV_K, 6, 0, 0, 5)));
	CHECK(!bv_scalar_alu_fork(&minus1_or_0, &zero, &byte, &and_x));
}

/* The kernel printed "R6=scalar(id=2,smin=smin32=0,...)" after "r6 &= 255;
 * r6 *= 3; r7 = r6" and "R0=scalar(id=1)" after "r0 = call; r6 = r0". */
static void test_text_with_id(void)
{
	struct bv_scalar s = bv_scalar_unknown();
	char ranges[256], got[300];

	s = after(s, (struct bv_insn)I(BV_ALU64 | BV_AND | BV_K, 6, 0, 0, 255));
	s = after(s, (struct bv_insn)I(BV_ALU64 | BV_MUL | BV_K, 6, 0, 0, 3));
	bv_scalar_ranges_text(&s, true, ranges, sizeof(ranges));
	snprintf(got, sizeof(got), "scalar(id=2%s)", ranges);
	CHECK_STR(got, "scalar(id=2,smin=smin32=0,smax=umax=smax32=umax32=765,var_off=(0x0; 0x3ff))");
	bv_scalar_ranges_text(&s, false, ranges, sizeof(ranges));
	CHECK_STR(ranges, "smin=smin32=0,smax=umax=smax32=umax32=765,var_off=(0x0; 0x3ff)");

	s = bv_scalar_unknown();
	bv_scalar_ranges_text(&s, true, ranges, sizeof(ranges));
	snprintf(got, sizeof(got), "scalar(id=1%s)", ranges);
	CHECK_STR(got, "scalar(id=1)");
	CHECK(bv_scalar_text(&s, got, sizeof(got)) == strlen("scalar()"));
	CHECK_STR(got, "scalar()");
}

static void test_numbers(void)
{
	char buf[32];

	CHECK(bv_snum_text(-8, buf, sizeof(buf)) == 2);
	CHECK_STR(buf, "-8");
	bv_snum_text(-32768, buf, sizeof(buf));
	CHECK_STR(buf, "-32768");
	bv_snum_text(-32769, buf, sizeof(buf));
	CHECK_STR(buf, "0xffffffffffff7fff");
	bv_snum_text(32768, buf, sizeof(buf));
	CHECK_STR(buf, "0x8000");
	bv_unum_text(65535, buf, sizeof(buf));
	CHECK_STR(buf, "65535");
	bv_unum_text(65536, buf, sizeof(buf));
	CHECK_STR(buf, "0x10000");
	/* snprintf semantics: truncated, NUL-terminated, full length back */
	CHECK(bv_snum_text(-32769, buf, 5) == 18);
	CHECK_STR(buf, "0xff");
}

/* "r6 |= -2; if w6 s> w6 goto" : the kernel logged this line and reset
 * the taken side's ranges. */
static void test_invariant_violation(void)
{
	struct bv_scalar s = after(bv_scalar_unknown(),
				   (struct bv_insn)I(BV_ALU64 | BV_OR | BV_K, 6, 0, 0, -2));
	char got[512];
	const char *why;

	CHECK(bv_scalar_invariant_violation(&s) == NULL);
	bv_scalar_branch_refine(&s, &s, BV_JSGT, true, true);
	why = bv_scalar_invariant_violation(&s);
	CHECK_STR(why, "range bounds violation");
	bv_scalar_invariant_text(&s, "true_reg1", why, got, sizeof(got));
	CHECK_STR(got, "verifier bug: REG INVARIANTS VIOLATION (true_reg1): range bounds violation "
		  "u64=[0xfffffffffffffffe, 0xffffffffffffffff] s64=[0xfffffffffffffffe, 0xffffffffffffffff] "
		  "u32=[0xfffffffe, 0xffffffff] s32=[0xffffffff, 0xfffffffe] var_off=(0xfffffffffffffffe, 0x1)");

	s = bv_scalar_const(7);
	s.umax = 8;
	CHECK_STR(bv_scalar_invariant_violation(&s), "const tnum out of sync with range bounds");
	s = bv_scalar_const(7);
	s.var_off.mask = 0xf00000000ull;
	s.u32_min = 6;
	CHECK_STR(bv_scalar_invariant_violation(&s),
		  "const subreg tnum out of sync with range bounds");
}

/* __update_reg_bounds alone: the tnum bounds every range. */
static void test_update_bounds(void)
{
	struct bv_scalar s = bv_scalar_unknown();
	char got[256];

	s.var_off = (struct bv_tnum){ .value = 0x10, .mask = 0x8000000f };
	bv_scalar_update_bounds(&s);
	CHECK(s.umin == 0x10 && s.umax == 0x8000001f);
	CHECK(s.smin == 0x10 && s.smax == 0x8000001f);
	CHECK(s.u32_min == 0x10 && s.u32_max == 0x8000001f);
	CHECK(s.s32_min == INT32_MIN + 0x10 && s.s32_max == 0x1f);
	bv_scalar_text(&s, got, sizeof(got));
	CHECK_STR(got, "scalar(smin=umin=umin32=16,smax=umax=umax32=0x8000001f,"
		       "smin32=0x80000010,smax32=31,var_off=(0x10; 0x8000000f))");
	bv_scalar_zext32(&s);
	CHECK(s.smin == 0 && s.smax == UINT32_MAX);
}

static void test_const_queries(void)
{
	struct bv_scalar s = bv_scalar_const(0x1234567887654321ull);

	CHECK(bv_scalar_is_const(&s, false));
	CHECK(bv_scalar_const_value(&s, false) == 0x1234567887654321ull);
	CHECK(bv_scalar_const_value(&s, true) == 0x87654321u);
	s.var_off.mask = 0xff00000000000000ull;
	CHECK(!bv_scalar_is_const(&s, false));
	CHECK(bv_scalar_is_const(&s, true));
}

int main(void)
{
	test_kernel_scripts();
	test_forks();
	test_text_with_id();
	test_numbers();
	test_invariant_violation();
	test_update_bounds();
	test_const_queries();
	return check_summary("scalar");
}
