/* SPDX-License-Identifier: MIT */
/* The text of print_bpf_insn (kernel/bpf/disasm.c, Linux 6.18) with the
 * verifier's callbacks: helpers by name, kfuncs by BTF name, and 64-bit
 * immediates in hex. Each format below was checked against the live
 * kernel's log. */
#include "isa/disasm.h"
#include "isa/opcodes.h"
#include "spec/helpers.h"

#include <stdarg.h>
#include <stdio.h>

/* The log is written with vsnprintf, which prints a NULL string as "(null)":
 * opcodes without a table entry print that way in the kernel too. */
#define NULL_TEXT "(null)"

struct out {
	char *buf;
	size_t len;
	size_t pos;
};

static void emit(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void emit(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->pos >= o->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->pos, o->len - o->pos, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos += (size_t)n;
}

static const char *text_or_null(const char *s)
{
	return s ? s : NULL_TEXT;
}

/* NEG and END have their own formats */
static const char *const alu_op_text[16] = {
	[BV_ADD >> 4] = "+=",	 [BV_SUB >> 4] = "-=",	 [BV_MUL >> 4] = "*=",
	[BV_DIV >> 4] = "/=",	 [BV_OR >> 4] = "|=",	 [BV_AND >> 4] = "&=",
	[BV_LSH >> 4] = "<<=",	 [BV_RSH >> 4] = ">>=",	 [BV_MOD >> 4] = "%=",
	[BV_XOR >> 4] = "^=",	 [BV_MOV >> 4] = "=",	 [BV_ARSH >> 4] = "s>>=",
};

static const char *const atomic_op_name[16] = {
	[BV_ADD >> 4] = "add", [BV_AND >> 4] = "and",
	[BV_OR >> 4] = "or",   [BV_XOR >> 4] = "xor",
};

/* ja and exit appear in the conditional format for their reserved
 * encodings (0x0e, 0x9d, ...); calls have their own */
static const char *const jmp_op_text[16] = {
	[BV_JA >> 4] = "jmp",	 [BV_JEQ >> 4] = "==",	 [BV_JGT >> 4] = ">",
	[BV_JLT >> 4] = "<",	 [BV_JGE >> 4] = ">=",	 [BV_JLE >> 4] = "<=",
	[BV_JSET >> 4] = "&",	 [BV_JNE >> 4] = "!=",	 [BV_JSGT >> 4] = "s>",
	[BV_JSLT >> 4] = "s<",	 [BV_JSGE >> 4] = "s>=", [BV_JSLE >> 4] = "s<=",
	[BV_EXIT >> 4] = "exit",
};

static const char *unsigned_type(unsigned code)
{
	static const char *const names[4] = {
		[BV_W >> 3] = "u32", [BV_H >> 3] = "u16",
		[BV_B >> 3] = "u8",  [BV_DW >> 3] = "u64",
	};

	return names[BV_SIZE(code) >> 3];
}

static const char *signed_type(unsigned code)
{
	static const char *const names[4] = {
		[BV_W >> 3] = "s32", [BV_H >> 3] = "s16", [BV_B >> 3] = "s8",
	};

	return text_or_null(names[BV_SIZE(code) >> 3]);
}

/* ---- ALU and ALU64 ---- */

static char alu_reg_letter(unsigned code)
{
	return BV_CLASS(code) == BV_ALU ? 'w' : 'r';
}

/* off=1 turns div and mod signed (RFC 9669 4.1) */
static const char *alu_op(const struct bv_insn *insn)
{
	unsigned op = BV_OP(insn->code);

	if (insn->off == 1 && op == BV_DIV)
		return "s/=";
	if (insn->off == 1 && op == BV_MOD)
		return "s%=";
	return text_or_null(alu_op_text[op >> 4]);
}

/* mov X with off 8, 16 or 32 sign-extends */
static const char *movsx_cast(const struct bv_insn *insn)
{
	if (BV_OP(insn->code) != BV_MOV)
		return "";
	switch (insn->off) {
	case 8:
		return "(s8)";
	case 16:
		return "(s16)";
	case 32:
		return "(s32)";
	default:
		return "";
	}
}

static void disasm_endian(struct out *o, const struct bv_insn *insn)
{
	if (BV_CLASS(insn->code) == BV_ALU64)
		emit(o, "(%02x) r%d = bswap%d r%d", insn->code, insn->dst_reg,
		     insn->imm, insn->dst_reg);
	else
		emit(o, "(%02x) r%d = %s%d r%d", insn->code, insn->dst_reg,
		     BV_SRC(insn->code) == BV_TO_BE ? "be" : "le", insn->imm,
		     insn->dst_reg);
}

/* The kernel-internal mov of a per-CPU address (BPF_ADDR_PERCPU), which
 * the log prints before rejecting the reserved offset. */
#define PERCPU_ADDR_OFF (-1)

/* 64-bit mov of a register, whose off selects special forms */
static bool is_mov64_x(const struct bv_insn *insn, int16_t off)
{
	return insn->code == (BV_ALU64 | BV_MOV | BV_X) && insn->off == off;
}

static void disasm_alu(struct out *o, const struct bv_insn *insn)
{
	char r = alu_reg_letter(insn->code);

	if (BV_OP(insn->code) == BV_END)
		disasm_endian(o, insn);
	else if (BV_OP(insn->code) == BV_NEG)
		emit(o, "(%02x) %c%d = -%c%d", insn->code, r, insn->dst_reg, r,
		     insn->dst_reg);
	else if (is_mov64_x(insn, BV_ADDR_SPACE_CAST_OFF))
		emit(o, "(%02x) r%d = addr_space_cast(r%d, %d, %d)", insn->code,
		     insn->dst_reg, insn->src_reg, (int)((uint32_t)insn->imm >> 16),
		     (int)(uint16_t)insn->imm);
	else if (is_mov64_x(insn, PERCPU_ADDR_OFF))
		emit(o, "(%02x) r%d = &(void __percpu *)(r%d)", insn->code,
		     insn->dst_reg, insn->src_reg);
	else if (BV_SRC(insn->code) == BV_X)
		emit(o, "(%02x) %c%d %s %s%c%d", insn->code, r, insn->dst_reg,
		     alu_op(insn), movsx_cast(insn), r, insn->src_reg);
	else
		emit(o, "(%02x) %c%d %s %d", insn->code, r, insn->dst_reg,
		     alu_op(insn), insn->imm);
}

/* ---- stores, loads and atomics ---- */

static const char *atomic_width(unsigned code)
{
	return BV_SIZE(code) == BV_DW ? "64" : "";
}

static bool is_plain_atomic(int32_t imm)
{
	return imm == BV_ADD || imm == BV_AND || imm == BV_OR || imm == BV_XOR;
}

static bool is_fetch_atomic(int32_t imm)
{
	return (imm & BV_FETCH) && is_plain_atomic(imm & ~BV_FETCH);
}

static void disasm_atomic(struct out *o, const struct bv_insn *insn)
{
	unsigned code = insn->code;
	const char *type = unsigned_type(code);

	if (is_plain_atomic(insn->imm))
		emit(o, "(%02x) lock *(%s *)(r%d %+d) %s r%d", code, type,
		     insn->dst_reg, insn->off, alu_op_text[insn->imm >> 4],
		     insn->src_reg);
	else if (is_fetch_atomic(insn->imm))
		emit(o, "(%02x) r%d = atomic%s_fetch_%s((%s *)(r%d %+d), r%d)",
		     code, insn->src_reg, atomic_width(code),
		     atomic_op_name[insn->imm >> 4], type, insn->dst_reg,
		     insn->off, insn->src_reg);
	else if (insn->imm == BV_CMPXCHG)
		emit(o, "(%02x) r0 = atomic%s_cmpxchg((%s *)(r%d %+d), r0, r%d)",
		     code, atomic_width(code), type, insn->dst_reg, insn->off,
		     insn->src_reg);
	else if (insn->imm == BV_XCHG)
		emit(o, "(%02x) r%d = atomic%s_xchg((%s *)(r%d %+d), r%d)", code,
		     insn->src_reg, atomic_width(code), type, insn->dst_reg,
		     insn->off, insn->src_reg);
	else if (insn->imm == BV_LOAD_ACQ)
		emit(o, "(%02x) r%d = load_acquire((%s *)(r%d %+d))", code,
		     insn->dst_reg, type, insn->src_reg, insn->off);
	else if (insn->imm == BV_STORE_REL)
		emit(o, "(%02x) store_release((%s *)(r%d %+d), r%d)", code, type,
		     insn->dst_reg, insn->off, insn->src_reg);
	else
		emit(o, "BUG_%02x", code);
}

static void disasm_stx(struct out *o, const struct bv_insn *insn)
{
	if (BV_MODE(insn->code) == BV_MEM)
		emit(o, "(%02x) *(%s *)(r%d %+d) = r%d", insn->code,
		     unsigned_type(insn->code), insn->dst_reg, insn->off,
		     insn->src_reg);
	else if (BV_MODE(insn->code) == BV_ATOMIC)
		disasm_atomic(o, insn);
	else
		emit(o, "BUG_%02x", insn->code);
}

/* mode 0xc0 of class ST is the kernel-internal BPF_NOSPEC */
static void disasm_st(struct out *o, const struct bv_insn *insn)
{
	if (BV_MODE(insn->code) == BV_MEM)
		emit(o, "(%02x) *(%s *)(r%d %+d) = %d", insn->code,
		     unsigned_type(insn->code), insn->dst_reg, insn->off,
		     insn->imm);
	else if (BV_MODE(insn->code) == 0xc0)
		emit(o, "(%02x) nospec", insn->code);
	else
		emit(o, "BUG_st_%02x", insn->code);
}

static void disasm_ldx(struct out *o, const struct bv_insn *insn)
{
	unsigned mode = BV_MODE(insn->code);

	if (mode != BV_MEM && mode != BV_MEMSX) {
		emit(o, "BUG_ldx_%02x", insn->code);
		return;
	}
	emit(o, "(%02x) r%d = *(%s *)(r%d %+d)", insn->code, insn->dst_reg,
	     mode == BV_MEM ? unsigned_type(insn->code) : signed_type(insn->code),
	     insn->src_reg, insn->off);
}

/* ---- 64-bit immediate loads ---- */

struct ldimm {
	const struct bv_insn *insn;
	bool complete; /* the second slot exists */
	enum bv_disasm_style style;
	const struct bv_disasm_maps *maps;
	bool allow_ptr_leaks;
};

static bool is_map_load(unsigned src)
{
	return src == BV_PSEUDO_MAP_FD || src == BV_PSEUDO_MAP_VALUE ||
	       src == BV_PSEUDO_MAP_IDX || src == BV_PSEUDO_MAP_IDX_VALUE;
}

static bool is_map_value_load(unsigned src)
{
	return src == BV_PSEUDO_MAP_VALUE || src == BV_PSEUDO_MAP_IDX_VALUE;
}

static uint32_t value_offset(const struct ldimm *l)
{
	return (uint32_t)l->insn[1].imm;
}

static const char *map_name(const struct ldimm *l)
{
	if (!l->maps || !l->maps->name)
		return NULL;
	return l->maps->name(l->maps->ctx, l->insn);
}

/* The value the kernel shows: after resolve_pseudo_ldimm64 a map load holds
 * the map's address (plus the offset for a value), and the address of
 * src_reg 1 and 2 loads is hidden from loaders without CAP_PERFMON. */
static unsigned long long ldimm_value(const struct ldimm *l)
{
	const struct bv_insn *insn = l->insn;
	unsigned long long raw = (uint32_t)insn->imm;
	int index = -1;

	if (!l->complete)
		return raw;
	raw |= (unsigned long long)(uint32_t)insn[1].imm << 32;
	if (!is_map_load(insn->src_reg))
		return raw;
	if ((insn->src_reg == BV_PSEUDO_MAP_FD ||
	     insn->src_reg == BV_PSEUDO_MAP_VALUE) && !l->allow_ptr_leaks)
		return 0;
	if (l->maps && l->maps->index)
		index = l->maps->index(l->maps->ctx, insn);
	if (index < 0)
		return raw;
	if (is_map_value_load(insn->src_reg))
		return BV_FAKE_MAP_ADDR(index) + value_offset(l);
	return BV_FAKE_MAP_ADDR(index);
}

static void disasm_ldimm64(struct out *o, const struct ldimm *l)
{
	const struct bv_insn *insn = l->insn;
	const char *name = NULL;

	if (l->complete && l->style == BV_DISASM_SOURCE &&
	    is_map_load(insn->src_reg))
		name = map_name(l);
	if (name && is_map_value_load(insn->src_reg))
		emit(o, "(%02x) r%d = map_value[%s]+%u", insn->code,
		     insn->dst_reg, name, value_offset(l));
	else if (name)
		emit(o, "(%02x) r%d = map[%s]", insn->code, insn->dst_reg, name);
	else
		emit(o, "(%02x) r%d = 0x%llx", insn->code, insn->dst_reg,
		     ldimm_value(l));
}

static void disasm_ld(struct out *o, const struct ldimm *l)
{
	const struct bv_insn *insn = l->insn;
	unsigned mode = BV_MODE(insn->code);

	if (mode == BV_ABS)
		emit(o, "(%02x) r0 = *(%s *)skb[%d]", insn->code,
		     unsigned_type(insn->code), insn->imm);
	else if (mode == BV_IND)
		emit(o, "(%02x) r0 = *(%s *)skb[r%d + %d]", insn->code,
		     unsigned_type(insn->code), insn->src_reg, insn->imm);
	else if (mode == BV_IMM && BV_SIZE(insn->code) == BV_DW)
		disasm_ldimm64(o, l);
	else
		emit(o, "BUG_ld_%02x", insn->code);
}

/* ---- jumps and calls ---- */

/* __func_get_name with the verifier's callback: helpers by name when
 * src_reg is 0, kfuncs by BTF name, anything else "unknown". */
static const char *callee_name(const struct bv_insn *insn,
			       const struct bv_disasm_maps *maps)
{
	const char *name = NULL;

	if (insn->src_reg == 0)
		name = bv_helper_name(insn->imm);
	if (insn->src_reg == BV_PSEUDO_KFUNC_CALL) {
		if (maps && maps->kfunc_name)
			name = maps->kfunc_name(maps->ctx, insn);
		if (!name)
			name = "kernel-function";
	}
	return name ? name : "unknown";
}

static void disasm_call(struct out *o, const struct bv_insn *insn,
			const struct bv_disasm_maps *maps)
{
	if (insn->src_reg == BV_PSEUDO_CALL)
		emit(o, "(%02x) call pc%+d", insn->code, insn->imm);
	else
		emit(o, "(%02x) call %s#%d", insn->code,
		     callee_name(insn, maps), insn->imm);
}

static void disasm_cond_jump(struct out *o, const struct bv_insn *insn)
{
	char r = BV_CLASS(insn->code) == BV_JMP32 ? 'w' : 'r';
	const char *op = text_or_null(jmp_op_text[BV_OP(insn->code) >> 4]);

	if (BV_SRC(insn->code) == BV_X)
		emit(o, "(%02x) if %c%d %s %c%d goto pc%+d", insn->code, r,
		     insn->dst_reg, op, r, insn->src_reg, insn->off);
	else
		emit(o, "(%02x) if %c%d %s 0x%x goto pc%+d", insn->code, r,
		     insn->dst_reg, op, (uint32_t)insn->imm, insn->off);
}

/* may_goto is BPF_JCOND with src_reg BPF_MAY_GOTO (0) */
static void disasm_jmp(struct out *o, const struct bv_insn *insn,
		       const struct bv_disasm_maps *maps)
{
	unsigned code = insn->code;

	if (BV_OP(code) == BV_CALL)
		disasm_call(o, insn, maps);
	else if (code == (BV_JMP | BV_JA))
		emit(o, "(%02x) goto pc%+d", code, insn->off);
	else if (code == (BV_JMP | BV_JCOND) && insn->src_reg == 0)
		emit(o, "(%02x) may_goto pc%+d", code, insn->off);
	else if (code == (BV_JMP32 | BV_JA))
		emit(o, "(%02x) gotol pc%+d", code, insn->imm);
	else if (code == (BV_JMP | BV_EXIT))
		emit(o, "(%02x) exit", code);
	else
		disasm_cond_jump(o, insn);
}

unsigned bv_isa_disasm(const struct bv_insn *insns, size_t n, size_t idx,
		       enum bv_disasm_style style,
		       const struct bv_disasm_maps *maps, bool allow_ptr_leaks,
		       char *buf, size_t len)
{
	const struct bv_insn *insn;
	struct out o = { .buf = buf, .len = buf ? len : 0, .pos = 0 };
	struct ldimm l;

	if (o.len)
		buf[0] = '\0';
	if (!insns || idx >= n)
		return 1;
	insn = &insns[idx];
	l = (struct ldimm){
		.insn = insn,
		.complete = idx + 1 < n,
		.style = style,
		.maps = maps,
		.allow_ptr_leaks = allow_ptr_leaks,
	};
	switch (BV_CLASS(insn->code)) {
	case BV_ALU:
	case BV_ALU64:
		disasm_alu(&o, insn);
		break;
	case BV_STX:
		disasm_stx(&o, insn);
		break;
	case BV_ST:
		disasm_st(&o, insn);
		break;
	case BV_LDX:
		disasm_ldx(&o, insn);
		break;
	case BV_LD:
		disasm_ld(&o, &l);
		break;
	default:
		disasm_jmp(&o, insn, maps);
		break;
	}
	return bv_is_ldimm64(insn->code) && l.complete ? 2 : 1;
}

const char *bv_alu_op_text(uint8_t code)
{
	const char *text = alu_op_text[BV_OP(code) >> 4];

	return text_or_null(text);
}
