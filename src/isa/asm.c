/* SPDX-License-Identifier: MIT */
/* Assembler for the verifier log's instruction text (the inverse of
 * bv_isa_disasm). Where the kernel's text is ambiguous the kernel's own
 * printing decides: a 64-bit immediate load prints in hex and a mov
 * immediate in decimal, so "r1 = 0x5" is a 64-bit load and "r1 = 5" a mov;
 * "r1 = 5 ll" is a 64-bit load too. */
#include "isa/asm.h"
#include "isa/opcodes.h"
#include "spec/helpers.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define WORD_MAX 64
#define COUNT(table) (sizeof(table) / sizeof((table)[0]))

struct parser {
	const char *p;
	const struct bv_asm_maps *maps;
	struct bv_insn *out;
	char *err;
	size_t errlen;
};

/* A number as written: an optional sign, then decimal or 0x hex digits. */
struct number {
	uint64_t mag;
	bool neg;
	bool hex;
	const char *text;
	int text_len;
};

static int fail(struct parser *ps, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct parser *ps, const char *fmt, ...)
{
	va_list ap;

	if (ps->errlen) {
		va_start(ap, fmt);
		vsnprintf(ps->err, ps->errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* ---- characters, words and punctuation ---- */

static bool is_word_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_';
}

static const char *skip_space(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

static void skip_ws(struct parser *ps)
{
	ps->p = skip_space(ps->p);
}

static size_t word_len(const char *s)
{
	size_t n = 0;

	while (is_word_char(s[n]))
		n++;
	return n;
}

/* The next token for a message: a quoted word or character, or
 * "end of line". */
static const char *describe(const char *s, char *buf, size_t len)
{
	size_t n;

	s = skip_space(s);
	if (!*s)
		return "end of line";
	n = word_len(s);
	if (n == 0)
		n = 1;
	if (n > WORD_MAX)
		n = WORD_MAX;
	snprintf(buf, len, "'%.*s'", (int)n, s);
	return buf;
}

static int fail_expected(struct parser *ps, const char *what)
{
	char tok[WORD_MAX + 3];

	return fail(ps, "expected %s, got %s", what,
		    describe(ps->p, tok, sizeof(tok)));
}

/* Matches lit after optional space; a space in lit matches any amount of
 * space (also none). Consumes nothing on a mismatch. */
static bool accept(struct parser *ps, const char *lit)
{
	const char *s = skip_space(ps->p);

	for (; *lit; lit++) {
		if (*lit == ' ') {
			s = skip_space(s);
			continue;
		}
		if (*s != *lit)
			return false;
		s++;
	}
	ps->p = s;
	return true;
}

/* Shows lit without its optional-space marks: "'*)'" for "* )". */
static int expect(struct parser *ps, const char *lit)
{
	char what[WORD_MAX + 3];
	size_t n = 0;

	if (accept(ps, lit))
		return 0;
	what[n++] = '\'';
	for (; *lit && n < sizeof(what) - 2; lit++)
		if (*lit != ' ')
			what[n++] = *lit;
	what[n++] = '\'';
	what[n] = '\0';
	return fail_expected(ps, what);
}

/* Matches the whole word w. */
static bool accept_word(struct parser *ps, const char *w)
{
	const char *s = skip_space(ps->p);
	size_t n = strlen(w);

	if (word_len(s) != n || strncmp(s, w, n))
		return false;
	ps->p = s + n;
	return true;
}

static int expect_word(struct parser *ps, const char *w)
{
	char what[WORD_MAX + 3];

	if (accept_word(ps, w))
		return 0;
	snprintf(what, sizeof(what), "'%s'", w);
	return fail_expected(ps, what);
}

/* ---- numbers ---- */

static int digit_value(char ch)
{
	if (isdigit((unsigned char)ch))
		return ch - '0';
	if (isxdigit((unsigned char)ch))
		return tolower((unsigned char)ch) - 'a' + 10;
	return 99;
}

static int parse_number(struct parser *ps, struct number *n)
{
	const char *s = skip_space(ps->p);
	unsigned base = 10;
	bool overflow = false;
	const char *digits;

	memset(n, 0, sizeof(*n));
	n->text = s;
	if (*s == '+' || *s == '-') {
		n->neg = *s == '-';
		s = skip_space(s + 1);
	}
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	    isxdigit((unsigned char)s[2])) {
		base = 16;
		n->hex = true;
		s += 2;
	}
	digits = s;
	for (; (unsigned)digit_value(*s) < base; s++) {
		unsigned d = (unsigned)digit_value(*s);

		if (n->mag > (UINT64_MAX - d) / base)
			overflow = true;
		n->mag = n->mag * base + d;
	}
	if (s == digits || is_word_char(*s))
		return fail_expected(ps, "number");
	n->text_len = (int)(s - n->text);
	ps->p = s;
	if (overflow || (n->neg && n->mag > (1ull << 63)))
		return fail(ps, "number %.*s does not fit in 64 bits",
			    n->text_len, n->text);
	return 0;
}

static bool number_fits(const struct number *n, uint64_t max_pos,
			uint64_t max_neg)
{
	return n->neg ? n->mag <= max_neg : n->mag <= max_pos;
}

static uint64_t number_bits(const struct number *n)
{
	return n->neg ? 0 - n->mag : n->mag;
}

/* 32-bit immediates: signed or their unsigned bit pattern (the kernel
 * prints jump immediates as 0x%x). */
static int parse_imm32(struct parser *ps, int32_t *imm)
{
	struct number n;

	if (parse_number(ps, &n))
		return -1;
	if (!number_fits(&n, UINT32_MAX, 1ull << 31))
		return fail(ps, "immediate %.*s does not fit in 32 bits",
			    n.text_len, n.text);
	*imm = (int32_t)(uint32_t)number_bits(&n);
	return 0;
}

static int parse_off16(struct parser *ps, int16_t *off)
{
	struct number n;

	if (parse_number(ps, &n))
		return -1;
	if (!number_fits(&n, INT16_MAX, 1ull << 15))
		return fail(ps, "offset %.*s does not fit in 16 bits",
			    n.text_len, n.text);
	*off = (int16_t)(uint16_t)number_bits(&n);
	return 0;
}

static int parse_u16(struct parser *ps, uint16_t *v)
{
	struct number n;

	if (parse_number(ps, &n))
		return -1;
	if (!number_fits(&n, UINT16_MAX, 0))
		return fail(ps, "%.*s does not fit in 16 bits", n.text_len,
			    n.text);
	*v = (uint16_t)n.mag;
	return 0;
}

/* ---- registers ---- */

/* "r" or "w" and digits: a register name, valid or not */
static bool is_reg_word(const char *s)
{
	size_t n = word_len(s);

	if (n < 2 || (s[0] != 'r' && s[0] != 'w'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* "rN" or "wN" with N at most 10; kind becomes 'r' or 'w'. */
static bool read_reg(const char *s, char *kind, uint8_t *reg)
{
	size_t n = word_len(s);
	unsigned v;

	if (!is_reg_word(s) || n > 3 || (n == 3 && s[1] == '0'))
		return false;
	v = (unsigned)(s[1] - '0');
	if (n == 3)
		v = v * 10 + (unsigned)(s[2] - '0');
	if (v >= BV_MAX_REG)
		return false;
	*kind = s[0];
	*reg = (uint8_t)v;
	return true;
}

static bool at_reg(struct parser *ps)
{
	return is_reg_word(skip_space(ps->p));
}

/* want is 'r' or 'w', or 0 for either (then set to the kind found). */
static int parse_reg(struct parser *ps, char *want, uint8_t *reg)
{
	const char *s = skip_space(ps->p);
	char kind;

	if (!read_reg(s, &kind, reg))
		return fail_expected(ps, "register");
	if (*want && kind != *want)
		return fail_expected(ps, *want == 'r' ? "64-bit register rN" :
							"32-bit register wN");
	*want = kind;
	ps->p = s + word_len(s);
	return 0;
}

static int parse_r(struct parser *ps, uint8_t *reg)
{
	char kind = 'r';

	return parse_reg(ps, &kind, reg);
}

/* A register the instruction encodes only once, e.g. neg's "r1 = -r1". */
static int parse_same_reg(struct parser *ps, char kind, uint8_t want)
{
	char what[8];
	const char *at = ps->p;
	uint8_t reg = 0;

	snprintf(what, sizeof(what), "'%c%u'", kind, want);
	if (parse_reg(ps, &kind, &reg))
		return -1;
	if (reg != want) {
		ps->p = at;
		return fail_expected(ps, what);
	}
	return 0;
}

/* ---- memory operands ---- */

struct mem_type {
	const char *name;
	uint8_t size;
	bool sign_extend;
};

static const struct mem_type mem_types[] = {
	{ "u8", BV_B, false },	{ "u16", BV_H, false }, { "u32", BV_W, false },
	{ "u64", BV_DW, false }, { "s8", BV_B, true },	 { "s16", BV_H, true },
	{ "s32", BV_W, true },
};

/* "(u64 *)" */
static int parse_mem_type(struct parser *ps, const struct mem_type **type)
{
	if (expect(ps, "("))
		return -1;
	for (size_t i = 0; i < COUNT(mem_types); i++) {
		if (accept_word(ps, mem_types[i].name)) {
			*type = &mem_types[i];
			return expect(ps, "* )");
		}
	}
	return fail_expected(ps, "u8, u16, u32, u64, s8, s16 or s32");
}

static int parse_unsigned_type(struct parser *ps, uint8_t *size)
{
	const struct mem_type *type = NULL;

	if (parse_mem_type(ps, &type))
		return -1;
	if (type->sign_extend)
		return fail(ps, "only loads sign-extend, not stores or atomics (%s)",
			    type->name);
	*size = type->size;
	return 0;
}

/* "(r10 -8)"; the offset may be left out for 0 */
static int parse_address(struct parser *ps, uint8_t *reg, int16_t *off)
{
	*off = 0;
	if (expect(ps, "(") || parse_r(ps, reg))
		return -1;
	if (accept(ps, ")"))
		return 0;
	if (parse_off16(ps, off))
		return -1;
	return expect(ps, ")");
}

/* "(u64 *)(r10 -8)" */
static int parse_mem_operand(struct parser *ps, uint8_t *size, uint8_t *reg,
			     int16_t *off)
{
	if (parse_unsigned_type(ps, size))
		return -1;
	return parse_address(ps, reg, off);
}

/* ---- operators ---- */

struct op_text {
	const char *text;
	int32_t op;
	int16_t off;
};

/* off=1 selects signed div and mod (RFC 9669 4.1) */
static const struct op_text alu_ops[] = {
	{ "+=", BV_ADD, 0 },   { "-=", BV_SUB, 0 },    { "*=", BV_MUL, 0 },
	{ "/=", BV_DIV, 0 },   { "|=", BV_OR, 0 },     { "&=", BV_AND, 0 },
	{ "<<=", BV_LSH, 0 },  { ">>=", BV_RSH, 0 },   { "%=", BV_MOD, 0 },
	{ "^=", BV_XOR, 0 },   { "s>>=", BV_ARSH, 0 }, { "s/=", BV_DIV, 1 },
	{ "s%=", BV_MOD, 1 },  { "=", BV_MOV, 0 },
};

static const struct op_text jmp_ops[] = {
	{ "==", BV_JEQ, 0 },  { "!=", BV_JNE, 0 },   { ">", BV_JGT, 0 },
	{ ">=", BV_JGE, 0 },  { "<", BV_JLT, 0 },    { "<=", BV_JLE, 0 },
	{ "&", BV_JSET, 0 },  { "s>", BV_JSGT, 0 },  { "s>=", BV_JSGE, 0 },
	{ "s<", BV_JSLT, 0 }, { "s<=", BV_JSLE, 0 },
};

/* "lock *(u64 *)(r10 -8) += r1": the operation goes in imm */
static const struct op_text lock_ops[] = {
	{ "+=", BV_ADD, 0 }, { "&=", BV_AND, 0 },
	{ "|=", BV_OR, 0 },  { "^=", BV_XOR, 0 },
};

/* The longest operator of table at the cursor, so that "s>>=" wins over
 * ">>=" and "<=" over "<". */
static const struct op_text *accept_op(struct parser *ps,
				       const struct op_text *table, size_t n)
{
	const char *s = skip_space(ps->p);
	const struct op_text *best = NULL;

	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(table[i].text);

		if (!strncmp(s, table[i].text, len) &&
		    (!best || len > strlen(best->text)))
			best = &table[i];
	}
	if (best)
		ps->p = s + strlen(best->text);
	return best;
}

/* ---- ALU ---- */

static uint8_t alu_class(char kind)
{
	return kind == 'w' ? BV_ALU : BV_ALU64;
}

/* "rD OP rS" or "rD OP IMM" */
static int alu_operand(struct parser *ps, char kind, const struct op_text *op)
{
	struct bv_insn *insn = ps->out;
	uint8_t src = 0;

	insn->off = op->off;
	if (at_reg(ps)) {
		insn->code = alu_class(kind) | (uint8_t)op->op | BV_X;
		if (parse_reg(ps, &kind, &src))
			return -1;
		insn->src_reg = src;
		return 1;
	}
	insn->code = alu_class(kind) | (uint8_t)op->op | BV_K;
	return parse_imm32(ps, &insn->imm) ? -1 : 1;
}

/* "rD = -rD" */
static int neg_operand(struct parser *ps, char kind)
{
	ps->out->code = alu_class(kind) | BV_NEG | BV_K;
	return parse_same_reg(ps, kind, ps->out->dst_reg) ? -1 : 1;
}

/* "rD = (s8)rS": mov with off 8, 16 or 32 */
static int movsx_operand(struct parser *ps, char kind)
{
	static const struct {
		const char *cast;
		int16_t bits;
	} casts[] = { { "( s8 )", 8 }, { "( s16 )", 16 }, { "( s32 )", 32 } };
	uint8_t src = 0;

	for (size_t i = 0; i < COUNT(casts); i++) {
		if (!accept(ps, casts[i].cast))
			continue;
		ps->out->code = alu_class(kind) | BV_MOV | BV_X;
		ps->out->off = casts[i].bits;
		if (parse_reg(ps, &kind, &src))
			return -1;
		ps->out->src_reg = src;
		return 1;
	}
	return fail_expected(ps, "(s8), (s16) or (s32)");
}

/* "rD = &(void __percpu *)(rS)": the kernel-internal mov of a per-CPU
 * address, mov with off -1 */
static int percpu_addr_operand(struct parser *ps)
{
	uint8_t src = 0;

	if (expect(ps, "& ( void __percpu * ) (") || parse_r(ps, &src) ||
	    expect(ps, ")"))
		return -1;
	ps->out->code = BV_ALU64 | BV_MOV | BV_X;
	ps->out->off = -1;
	ps->out->src_reg = src;
	return 1;
}

/* "rD = be16 rD" (ALU) and "rD = bswap16 rD" (ALU64): the width is imm */
static int endian_operand(struct parser *ps, const char *word)
{
	static const struct {
		const char *word;
		uint8_t code;
		int32_t bits;
	} forms[] = {
		{ "le16", BV_ALU | BV_END | BV_TO_LE, 16 },
		{ "le32", BV_ALU | BV_END | BV_TO_LE, 32 },
		{ "le64", BV_ALU | BV_END | BV_TO_LE, 64 },
		{ "be16", BV_ALU | BV_END | BV_TO_BE, 16 },
		{ "be32", BV_ALU | BV_END | BV_TO_BE, 32 },
		{ "be64", BV_ALU | BV_END | BV_TO_BE, 64 },
		{ "bswap16", BV_ALU64 | BV_END | BV_TO_LE, 16 },
		{ "bswap32", BV_ALU64 | BV_END | BV_TO_LE, 32 },
		{ "bswap64", BV_ALU64 | BV_END | BV_TO_LE, 64 },
	};

	for (size_t i = 0; i < COUNT(forms); i++) {
		if (strcmp(word, forms[i].word))
			continue;
		ps->out->code = forms[i].code;
		ps->out->imm = forms[i].bits;
		return parse_same_reg(ps, 'r', ps->out->dst_reg) ? -1 : 1;
	}
	return fail(ps, "unknown operation '%s'", word);
}

/* "rD = addr_space_cast(rS, DST_AS, SRC_AS)": mov with off 1, the address
 * spaces in the halves of imm */
static int addr_space_cast_operand(struct parser *ps, const char *word)
{
	struct bv_insn *insn = ps->out;
	uint16_t to = 0, from = 0;
	uint8_t src = 0;

	(void)word;
	if (expect(ps, "(") || parse_r(ps, &src) || expect(ps, ",") ||
	    parse_u16(ps, &to) || expect(ps, ",") || parse_u16(ps, &from) ||
	    expect(ps, ")"))
		return -1;
	insn->code = BV_ALU64 | BV_MOV | BV_X;
	insn->off = BV_ADDR_SPACE_CAST_OFF;
	insn->src_reg = src;
	insn->imm = (int32_t)((uint32_t)to << 16 | from);
	return 1;
}

/* ---- 64-bit immediate loads ---- */

static int ldimm64(struct parser *ps, uint8_t src, uint64_t value)
{
	ps->out[0].code = BV_LD | BV_IMM | BV_DW;
	ps->out[0].src_reg = src;
	ps->out[0].imm = (int32_t)(uint32_t)value;
	ps->out[1].imm = (int32_t)(uint32_t)(value >> 32);
	return 2;
}

/* "[NAME]": the map's fd goes in imm */
static int map_fd(struct parser *ps, int *fd)
{
	const char *name, *end;
	char buf[BV_MAP_NAME_LEN];
	size_t n;

	if (expect(ps, "["))
		return -1;
	name = skip_space(ps->p);
	end = strchr(name, ']');
	if (!end)
		return fail(ps, "missing ']' after the map name");
	ps->p = end + 1;
	n = (size_t)(end - name);
	while (n && isspace((unsigned char)name[n - 1]))
		n--;
	if (!n)
		return fail(ps, "missing map name in '[]'");
	if (n >= sizeof(buf))
		return fail(ps, "map name '%.*s' is too long", (int)n, name);
	memcpy(buf, name, n);
	buf[n] = '\0';
	*fd = -1;
	if (ps->maps && ps->maps->fd_of)
		*fd = ps->maps->fd_of(ps->maps->ctx, buf);
	if (*fd < 0)
		return fail(ps, "unknown map '%s'", buf);
	return 0;
}

/* "rD = map[NAME]" */
static int map_operand(struct parser *ps, const char *word)
{
	int fd = 0;

	(void)word;
	if (map_fd(ps, &fd))
		return -1;
	return ldimm64(ps, BV_PSEUDO_MAP_FD, (uint32_t)fd);
}

/* "rD = map_value[NAME]+OFF": the offset into the value is the second
 * slot's imm */
static int map_value_operand(struct parser *ps, const char *word)
{
	struct number off = { 0 };
	int fd = 0;

	(void)word;
	if (map_fd(ps, &fd))
		return -1;
	if (accept(ps, "+") && parse_number(ps, &off))
		return -1;
	if (!number_fits(&off, UINT32_MAX, 0))
		return fail(ps, "map value offset %.*s does not fit in 32 bits",
			    off.text_len, off.text);
	return ldimm64(ps, BV_PSEUDO_MAP_VALUE,
		       (uint32_t)fd | off.mag << 32);
}

/* "rD = N": a mov, or a 64-bit load when N is hex or ends in "ll" */
static int number_operand(struct parser *ps, char kind)
{
	const char *at = ps->p;
	struct number n;
	bool ll;

	if (parse_number(ps, &n))
		return -1;
	ll = accept_word(ps, "ll");
	if (kind == 'r' && (n.hex || ll))
		return ldimm64(ps, 0, number_bits(&n));
	if (ll)
		return fail(ps, "a 64-bit immediate needs a 64-bit register");
	ps->p = at;
	ps->out->code = alu_class(kind) | BV_MOV | BV_K;
	return parse_imm32(ps, &ps->out->imm) ? -1 : 1;
}

/* ---- loads ---- */

/* "skb[4]" or "skb[r2 + 4]": the classic packet loads, into r0 */
static int skb_operand(struct parser *ps, uint8_t size)
{
	struct bv_insn *insn = ps->out;
	uint8_t src = 0;

	if (insn->dst_reg != 0)
		return fail(ps, "packet loads write r0, not r%u", insn->dst_reg);
	if (expect(ps, "["))
		return -1;
	insn->code = BV_LD | BV_ABS | size;
	if (at_reg(ps)) {
		if (parse_r(ps, &src))
			return -1;
		insn->code = BV_LD | BV_IND | size;
		insn->src_reg = src;
		accept(ps, "+");
	}
	if (parse_imm32(ps, &insn->imm))
		return -1;
	return expect(ps, "]") ? -1 : 1;
}

/* "rD = *(u32 *)(rS +OFF)", sign-extending with "(s32 *)"; or a packet
 * load */
static int load_operand(struct parser *ps)
{
	struct bv_insn *insn = ps->out;
	const struct mem_type *type = NULL;
	int16_t off = 0;
	uint8_t src = 0;

	if (parse_mem_type(ps, &type))
		return -1;
	if (accept_word(ps, "skb")) {
		if (type->sign_extend)
			return fail(ps, "packet loads do not sign-extend");
		return skb_operand(ps, type->size);
	}
	if (parse_address(ps, &src, &off))
		return -1;
	insn->code = BV_LDX | (type->sign_extend ? BV_MEMSX : BV_MEM) |
		     type->size;
	insn->src_reg = src;
	insn->off = off;
	return 1;
}

/* "rD = load_acquire((u64 *)(rS +OFF))" */
static int load_acquire_operand(struct parser *ps, const char *word)
{
	struct bv_insn *insn = ps->out;
	uint8_t size = 0, src = 0;
	int16_t off = 0;

	(void)word;
	if (expect(ps, "(") || parse_mem_operand(ps, &size, &src, &off) ||
	    expect(ps, ")"))
		return -1;
	insn->code = BV_STX | BV_ATOMIC | size;
	insn->src_reg = src;
	insn->off = off;
	insn->imm = BV_LOAD_ACQ;
	return 1;
}

/* ---- atomics written as functions ---- */

static const struct op_text atomic_fns[] = {
	{ "fetch_add", BV_ADD | BV_FETCH, 0 },
	{ "fetch_and", BV_AND | BV_FETCH, 0 },
	{ "fetch_or", BV_OR | BV_FETCH, 0 },
	{ "fetch_xor", BV_XOR | BV_FETCH, 0 },
	{ "xchg", BV_XCHG, 0 },
	{ "cmpxchg", BV_CMPXCHG, 0 },
};

/* "atomic64_NAME" for u64, "atomic_NAME" for the other sizes */
static const struct op_text *find_atomic_fn(const char *word, bool *wide)
{
	const char *rest;

	if (!strncmp(word, "atomic64_", 9)) {
		*wide = true;
		rest = word + 9;
	} else if (!strncmp(word, "atomic_", 7)) {
		*wide = false;
		rest = word + 7;
	} else {
		return NULL;
	}
	for (size_t i = 0; i < COUNT(atomic_fns); i++)
		if (!strcmp(rest, atomic_fns[i].text))
			return &atomic_fns[i];
	return NULL;
}

/* The register operand(s) after the address: "rS" (fetch and xchg, the
 * same register as on the left) or "r0, rS" (cmpxchg, which returns in
 * r0). */
static int atomic_fn_source(struct parser *ps, int32_t imm, uint8_t result,
			    uint8_t *src)
{
	if (imm != BV_CMPXCHG) {
		*src = result;
		return parse_same_reg(ps, 'r', result);
	}
	if (result != 0)
		return fail(ps, "cmpxchg returns in r0, not r%u", result);
	if (parse_same_reg(ps, 'r', 0) || expect(ps, ","))
		return -1;
	return parse_r(ps, src);
}

/* "rS = atomic64_fetch_add((u64 *)(rD +OFF), rS)", "rS = atomic64_xchg(...)"
 * and "r0 = atomic64_cmpxchg((u64 *)(rD +OFF), r0, rS)" */
static int atomic_fn_operand(struct parser *ps, const char *word)
{
	struct bv_insn *insn = ps->out;
	const struct op_text *fn;
	uint8_t size = 0, dst = 0, src = 0;
	int16_t off = 0;
	bool wide = false;

	fn = find_atomic_fn(word, &wide);
	if (!fn)
		return fail(ps, "unknown operation '%s'", word);
	if (expect(ps, "(") || parse_mem_operand(ps, &size, &dst, &off))
		return -1;
	if (wide != (size == BV_DW))
		return fail(ps, "%s does not operate on %s", word,
			    wide ? "u32, u16 or u8" : "u64");
	if (expect(ps, ",") ||
	    atomic_fn_source(ps, fn->op, insn->dst_reg, &src) ||
	    expect(ps, ")"))
		return -1;
	insn->code = BV_STX | BV_ATOMIC | size;
	insn->dst_reg = dst;
	insn->src_reg = src;
	insn->off = off;
	insn->imm = fn->op;
	return 1;
}

/* ---- "rD = ..." ---- */

/* Operations written as a word after "rD = "; all take a 64-bit rD. */
static const struct {
	const char *word;
	int (*parse)(struct parser *ps, const char *word);
} word_operands[] = {
	{ "addr_space_cast", addr_space_cast_operand },
	{ "load_acquire", load_acquire_operand },
	{ "map", map_operand },
	{ "map_value", map_value_operand },
};

static int word_operand(struct parser *ps, char kind)
{
	const char *s = skip_space(ps->p);
	size_t n = word_len(s);
	char word[WORD_MAX];

	if (n >= sizeof(word))
		n = sizeof(word) - 1;
	memcpy(word, s, n);
	word[n] = '\0';
	if (kind != 'r')
		return fail(ps, "'%s' needs a 64-bit destination register rN",
			    word);
	ps->p = s + word_len(s);
	for (size_t i = 0; i < COUNT(word_operands); i++)
		if (!strcmp(word, word_operands[i].word))
			return word_operands[i].parse(ps, word);
	if (!strncmp(word, "atomic", 6))
		return atomic_fn_operand(ps, word);
	return endian_operand(ps, word);
}

static int assigned_value(struct parser *ps, char kind,
			  const struct op_text *mov)
{
	const char *s = skip_space(ps->p);

	if (*s == '-' && is_reg_word(skip_space(s + 1))) {
		ps->p = s + 1;
		return neg_operand(ps, kind);
	}
	if (*s == '(')
		return movsx_operand(ps, kind);
	if (*s == '&' && kind == 'r')
		return percpu_addr_operand(ps);
	if (*s == '*') {
		if (kind != 'r')
			return fail(ps, "loads need a 64-bit destination register rN");
		ps->p = s + 1;
		return load_operand(ps);
	}
	if (at_reg(ps))
		return alu_operand(ps, kind, mov);
	if (isalpha((unsigned char)*s) || *s == '_')
		return word_operand(ps, kind);
	return number_operand(ps, kind);
}

static int assignment(struct parser *ps)
{
	const struct op_text *op;
	char kind = 0;
	uint8_t dst = 0;

	if (parse_reg(ps, &kind, &dst))
		return -1;
	ps->out->dst_reg = dst;
	op = accept_op(ps, alu_ops, COUNT(alu_ops));
	if (!op)
		return fail_expected(ps, "an assignment operator");
	if (op->op != BV_MOV)
		return alu_operand(ps, kind, op);
	return assigned_value(ps, kind, op);
}

/* ---- stores ---- */

/* "*(u64 *)(rD +OFF) = rS" or "= IMM" */
static int store(struct parser *ps)
{
	struct bv_insn *insn = ps->out;
	uint8_t size = 0, dst = 0, src = 0;
	int16_t off = 0;

	if (expect(ps, "*") || parse_mem_operand(ps, &size, &dst, &off) ||
	    expect(ps, "="))
		return -1;
	insn->dst_reg = dst;
	insn->off = off;
	if (at_reg(ps)) {
		if (parse_r(ps, &src))
			return -1;
		insn->code = BV_STX | BV_MEM | size;
		insn->src_reg = src;
		return 1;
	}
	insn->code = BV_ST | BV_MEM | size;
	return parse_imm32(ps, &insn->imm) ? -1 : 1;
}

/* "lock *(u64 *)(rD +OFF) += rS" */
static int lock(struct parser *ps)
{
	struct bv_insn *insn = ps->out;
	const struct op_text *op;
	uint8_t size = 0, dst = 0, src = 0;
	int16_t off = 0;

	if (expect(ps, "*") || parse_mem_operand(ps, &size, &dst, &off))
		return -1;
	op = accept_op(ps, lock_ops, COUNT(lock_ops));
	if (!op)
		return fail_expected(ps, "'+=', '&=', '|=' or '^='");
	if (parse_r(ps, &src))
		return -1;
	insn->code = BV_STX | BV_ATOMIC | size;
	insn->dst_reg = dst;
	insn->src_reg = src;
	insn->off = off;
	insn->imm = op->op;
	return 1;
}

/* "store_release((u64 *)(rD +OFF), rS)" */
static int store_release(struct parser *ps)
{
	struct bv_insn *insn = ps->out;
	uint8_t size = 0, dst = 0, src = 0;
	int16_t off = 0;

	if (expect(ps, "(") || parse_mem_operand(ps, &size, &dst, &off) ||
	    expect(ps, ",") || parse_r(ps, &src) || expect(ps, ")"))
		return -1;
	insn->code = BV_STX | BV_ATOMIC | size;
	insn->dst_reg = dst;
	insn->src_reg = src;
	insn->off = off;
	insn->imm = BV_STORE_REL;
	return 1;
}

/* ---- jumps, calls and exit ---- */

/* "pc+N" */
static int parse_pc_off16(struct parser *ps, int16_t *off)
{
	return expect_word(ps, "pc") || parse_off16(ps, off) ? -1 : 0;
}

static int parse_pc_imm32(struct parser *ps, int32_t *imm)
{
	return expect_word(ps, "pc") || parse_imm32(ps, imm) ? -1 : 0;
}

static int jump_goto(struct parser *ps)
{
	ps->out->code = BV_JMP | BV_JA;
	return parse_pc_off16(ps, &ps->out->off) ? -1 : 1;
}

/* gotol keeps its (32-bit) offset in imm */
static int jump_gotol(struct parser *ps)
{
	ps->out->code = BV_JMP32 | BV_JA;
	return parse_pc_imm32(ps, &ps->out->imm) ? -1 : 1;
}

static int jump_may_goto(struct parser *ps)
{
	ps->out->code = BV_JMP | BV_JCOND;
	return parse_pc_off16(ps, &ps->out->off) ? -1 : 1;
}

/* "if rD OP rS goto pc+N" or "if rD OP IMM goto pc+N"; wN makes it JMP32 */
static int jump_if(struct parser *ps)
{
	struct bv_insn *insn = ps->out;
	const struct op_text *op;
	uint8_t class = 0, dst = 0, src = 0;
	char kind = 0;

	if (parse_reg(ps, &kind, &dst))
		return -1;
	class = kind == 'w' ? BV_JMP32 : BV_JMP;
	insn->dst_reg = dst;
	op = accept_op(ps, jmp_ops, COUNT(jmp_ops));
	if (!op)
		return fail_expected(ps, "a comparison");
	if (at_reg(ps)) {
		if (parse_reg(ps, &kind, &src))
			return -1;
		insn->code = class | (uint8_t)op->op | BV_X;
		insn->src_reg = src;
	} else {
		insn->code = class | (uint8_t)op->op | BV_K;
		if (parse_imm32(ps, &insn->imm))
			return -1;
	}
	if (expect_word(ps, "goto"))
		return -1;
	return parse_pc_off16(ps, &insn->off) ? -1 : 1;
}

/* kfunc names are C identifiers; "kernel-function" is the kernel's text
 * for a kfunc it cannot name */
static size_t callee_len(const char *s)
{
	size_t n = 0;

	while (is_word_char(s[n]) || s[n] == '-')
		n++;
	return n;
}

/* "call NAME#ID" after the name: a helper's own id, "unknown" for an id
 * that is no helper, any other name a kfunc (BTF id) */
static int call_with_id(struct parser *ps, const char *name, int helper)
{
	struct bv_insn *insn = ps->out;

	if (parse_imm32(ps, &insn->imm))
		return -1;
	if (helper >= 0 && insn->imm != helper)
		return fail(ps, "%s is helper #%d, not #%d", name, helper,
			    insn->imm);
	if (!strcmp(name, "unknown") && bv_helper_name(insn->imm))
		return fail(ps, "helper #%d is %s, not unknown", insn->imm,
			    bv_helper_name(insn->imm));
	if (helper < 0 && strcmp(name, "unknown"))
		insn->src_reg = BV_PSEUDO_KFUNC_CALL;
	return 1;
}

/* "call pc+N" (bpf-to-bpf), "call NAME#ID" or "call NAME" (a helper) */
static int call(struct parser *ps)
{
	struct bv_insn *insn = ps->out;
	const char *s;
	char name[WORD_MAX];
	size_t n;
	int helper = -1;

	insn->code = BV_JMP | BV_CALL;
	if (accept_word(ps, "pc")) {
		insn->src_reg = BV_PSEUDO_CALL;
		return parse_imm32(ps, &insn->imm) ? -1 : 1;
	}
	s = skip_space(ps->p);
	n = callee_len(s);
	if (!n)
		return fail_expected(ps, "a function name or 'pc'");
	snprintf(name, sizeof(name), "%.*s", (int)n, s);
	if (n < sizeof(name))
		helper = bv_helper_id(name);
	ps->p = s + n;
	if (accept(ps, "#"))
		return call_with_id(ps, name, helper);
	if (helper < 0)
		return fail(ps, "unknown helper '%s'", name);
	insn->imm = helper;
	return 1;
}

static int exit_insn(struct parser *ps)
{
	ps->out->code = BV_JMP | BV_EXIT;
	return 1;
}

/* ---- instructions ---- */

static const struct {
	const char *word;
	int (*parse)(struct parser *ps);
} statements[] = {
	{ "exit", exit_insn },	       { "goto", jump_goto },
	{ "gotol", jump_gotol },       { "may_goto", jump_may_goto },
	{ "if", jump_if },	       { "call", call },
	{ "lock", lock },	       { "store_release", store_release },
};

static int instruction(struct parser *ps)
{
	const char *s = skip_space(ps->p);
	size_t n = word_len(s);

	if (!*s)
		return fail(ps, "missing instruction");
	if (*s == '*')
		return store(ps);
	if (at_reg(ps))
		return assignment(ps);
	for (size_t i = 0; i < COUNT(statements); i++)
		if (accept_word(ps, statements[i].word))
			return statements[i].parse(ps);
	if (n > WORD_MAX)
		n = WORD_MAX;
	if (!n)
		n = 1;
	return fail(ps, "unknown instruction '%.*s'", (int)n, s);
}

/* "(bf) ": the opcode as the log prints it */
static bool accept_opcode_prefix(struct parser *ps, unsigned *code)
{
	const char *s = skip_space(ps->p);

	if (s[0] != '(' || !isxdigit((unsigned char)s[1]) ||
	    !isxdigit((unsigned char)s[2]) || s[3] != ')')
		return false;
	*code = (unsigned)(digit_value(s[1]) * 16 + digit_value(s[2]));
	ps->p = s + 4;
	return true;
}

int bv_asm_insn(const char *text, const struct bv_asm_maps *maps,
		struct bv_insn out[2], char *err, size_t errlen)
{
	struct parser ps = { .p = text ? text : "", .maps = maps, .out = out,
			     .err = err, .errlen = err ? errlen : 0 };
	char tok[WORD_MAX + 3];
	bool has_prefix;
	unsigned prefix = 0;
	int slots;

	memset(out, 0, 2 * sizeof(*out));
	if (ps.errlen)
		err[0] = '\0';
	has_prefix = accept_opcode_prefix(&ps, &prefix);
	slots = instruction(&ps);
	if (slots < 0)
		return -1;
	skip_ws(&ps);
	if (*ps.p)
		return fail(&ps, "unexpected %s after the instruction",
			    describe(ps.p, tok, sizeof(tok)));
	if (has_prefix && prefix != out[0].code)
		return fail(&ps, "opcode (%02x) does not match the instruction (%02x)",
			    prefix, out[0].code);
	return slots;
}
