/* SPDX-License-Identifier: MIT */
/* The random program generator (see gen.h).
 *
 * A program is a sequence of statements, each a few instructions. The
 * generator tracks, per register and per 8-byte stack slot, what kind of
 * value it holds (nothing, a scalar, the context, a stack pointer, a map
 * value...) so that each statement reads what is there: the program is
 * structurally sound and usually accepted. Every statement has doubtful
 * variants (offsets one past the end, bounds that do not bound, pointer
 * arithmetic the verifier forbids...), chosen with a per-program
 * probability, so that rejections appear too.
 *
 * Control flow is structured: if-then, if-then-exit and if-then-else with
 * forward jumps, and do-while loops over a counter register with a back
 * edge. After a join the generator keeps only what both paths agree on; a
 * loop body is generated until its state is a fixpoint (the same random
 * choices replayed from the weaker state), so the second iteration reads
 * what the first left. All state, the random source included, lives in
 * struct gen, passed around: the generator has no global mutable state. */
#include "gen.h"
#include "isa/opcodes.h"

#include <stdlib.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define N_REGS 11
#define FP BV_REG_FP
#define N_SLOTS 8 /* the tracked stack slots: fp-8 .. fp-64 */
#define MAX_MAPS 3
#define MAX_DEPTH 3
#define MAX_LOOP_DEPTH 2
#define FIXPOINT_ROUNDS 24
#define PROG_SOCKET_FILTER 1
#define F_STRICT_ALIGNMENT 1u
/* loop counters and bounds live in r6..r9, which calls preserve */
#define LOOP_REGS 0x3c0u
#define CALLER_SAVED 0x3fu
#define MAX_SUB_CALLS 8
#define SUB_BODY_MAX 6 /* instruction slots of the subprogram */

struct rng {
	uint64_t s;
};

enum kind {
	K_NONE,     /* uninitialised, or unknown to the generator */
	K_SCALAR,
	K_CTX,
	K_STACK,    /* the frame pointer plus a constant (off) */
	K_MAPVAL,   /* a map value (map) at constant offset off */
	K_MAPVAL_NULL,
	N_KINDS
};
#define M(k) (1u << (k))
#define M_PTR (M(K_CTX) | M(K_STACK) | M(K_MAPVAL))
#define M_ANY (M(K_SCALAR) | M_PTR | M(K_MAPVAL_NULL))

struct val {
	uint8_t kind;
	int8_t map;
	int16_t off;
};

struct state {
	struct val reg[N_REGS];
	struct val slot[N_SLOTS];
	uint16_t reserved; /* registers a loop owns: not to be written */
};

enum stmt {
	S_ALU,
	S_SOURCE,
	S_BRANCH,
	S_LOOP,
	S_STORE,
	S_LOAD,
	S_SPILL,
	S_STACK_PTR,
	S_LOOKUP,
	S_ACCESS,
	S_CALL,
	S_ODD,
	S_ATOMIC,
	S_PTR_CMP,
	S_SUBPROG,
	N_STMTS
};

/* How often each statement is picked, per profile. */
static const uint8_t stmt_weights[GEN_N_PROFILES][N_STMTS] = {
	/*               ALU SRC BR LOOP ST LD SPL SPTR LOOK ACC CALL ODD ATOM PCMP SUB */
	[GEN_ALU] =      { 60, 22, 0, 0, 2, 2, 0, 0, 0, 0, 4, 2, 0, 0, 0 },
	[GEN_BRANCHES] = { 30, 16, 30, 0, 2, 2, 0, 0, 0, 0, 3, 2, 0, 6, 0 },
	[GEN_STACK] =    { 14, 10, 4, 0, 20, 18, 12, 8, 0, 0, 2, 3, 3, 2, 6 },
	[GEN_MAPS] =     { 12, 10, 6, 0, 4, 4, 2, 0, 18, 36, 2, 3, 3, 5, 2 },
	[GEN_LOOPS] =    { 24, 12, 8, 22, 6, 6, 3, 2, 4, 10, 2, 2, 0, 0, 0 },
	[GEN_MIXED] =    { 20, 12, 12, 5, 8, 8, 5, 3, 8, 14, 3, 3, 2, 3, 3 },
};

struct gen {
	struct rng rng;
	enum gen_profile profile;
	struct bv_insn insn[GEN_MAX_INSNS];
	size_t n;
	size_t limit; /* statements stay below it; the rest is for trailers */
	struct bv_map_def maps[MAX_MAPS];
	unsigned n_maps;
	unsigned depth, loop_depth, branches, max_branches;
	unsigned bad_pct; /* chance of a doubtful variant */
	uint16_t keep;    /* registers a statement holds: no call may clobber */
	bool helpers;     /* whether the program calls helpers */
	bool bpf_only;
	unsigned sub_body;  /* what the subprogram does (enum sub_body) */
	size_t sub_call[MAX_SUB_CALLS]; /* calls of it, patched at the end */
	unsigned n_sub_calls;
};

/* What a loop body's fixpoint iteration rewinds. */
struct snapshot {
	struct rng rng;
	size_t n;
	unsigned branches;
};

static const char *const profile_names[GEN_N_PROFILES] = {
	[GEN_ALU] = "alu",	   [GEN_BRANCHES] = "branches",
	[GEN_STACK] = "stack",	   [GEN_MAPS] = "maps",
	[GEN_LOOPS] = "loops",	   [GEN_MIXED] = "mixed",
};

const char *gen_profile_name(enum gen_profile profile)
{
	return (unsigned)profile < GEN_N_PROFILES ? profile_names[profile] : "?";
}

int gen_profile_parse(const char *name, int *profile)
{
	if (!strcmp(name, "all")) {
		*profile = GEN_PROFILE_ALL;
		return 0;
	}
	for (int p = 0; p < GEN_N_PROFILES; p++) {
		if (!strcmp(name, profile_names[p])) {
			*profile = p;
			return 0;
		}
	}
	return -1;
}

enum gen_profile gen_profile_for(uint64_t seed, int choice)
{
	if (choice >= 0 && choice < GEN_N_PROFILES)
		return (enum gen_profile)choice;
	return (enum gen_profile)(seed % GEN_N_PROFILES);
}

/* ---- the random source (splitmix64) ---- */

static uint64_t next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static unsigned below(struct rng *r, unsigned n)
{
	return n ? (unsigned)(next(r) % n) : 0;
}

static bool chance(struct rng *r, unsigned percent)
{
	return below(r, 100) < percent;
}

static int between(struct rng *r, int lo, int hi)
{
	return lo + (int)below(r, (unsigned)(hi - lo + 1));
}

static bool bad(struct gen *g)
{
	return chance(&g->rng, g->bad_pct);
}

static int32_t imm32(struct rng *r)
{
	static const int32_t picks[] = {
		0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 127, 128, 255,
		256, 4096, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff,
		INT32_MIN, -1, -2, -8, -128, -255, -4096, -0x8000,
	};

	switch (below(r, 4)) {
	case 0:
		return (int32_t)(uint32_t)next(r);
	case 1:
		return between(r, -64, 64);
	default:
		return picks[below(r, ARRAY_SIZE(picks))];
	}
}

static uint64_t imm64(struct rng *r)
{
	static const uint64_t picks[] = {
		0, 1, ~0ull, 0x8000000000000000ull, 0x7fffffffffffffffull,
		0xffffffffull, 0x100000000ull, 0x80000000ull, 0xffffffff00000000ull,
		0x00000000fffffffeull, 0xfffffffffffffff0ull,
	};

	switch (below(r, 3)) {
	case 0:
		return next(r);
	case 1:
		return (uint64_t)(int64_t)imm32(r);
	default:
		return picks[below(r, ARRAY_SIZE(picks))];
	}
}

/* ---- instructions ---- */

static struct bv_insn mk(unsigned code, unsigned dst, unsigned src, int off,
			 int32_t imm)
{
	struct bv_insn i = {
		.code = (uint8_t)code,
		.dst_reg = dst & 15,
		.src_reg = src & 15,
		.off = (int16_t)off,
		.imm = imm,
	};
	return i;
}

static bool room(const struct gen *g, size_t k)
{
	return g->n + k <= g->limit;
}

static size_t emit(struct gen *g, struct bv_insn insn)
{
	size_t at = g->n;

	if (g->n < GEN_MAX_INSNS)
		g->insn[g->n++] = insn;
	return at;
}

static void emit_ldimm64(struct gen *g, unsigned dst, unsigned src,
			 uint64_t value)
{
	emit(g, mk(BV_LD | BV_IMM | BV_DW, dst, src, 0, (int32_t)(uint32_t)value));
	emit(g, mk(0, 0, 0, 0, (int32_t)(uint32_t)(value >> 32)));
}

/* Points the jump at index at to target. */
static void patch(struct gen *g, size_t at, size_t target)
{
	struct bv_insn *j = &g->insn[at];
	long off = (long)target - (long)at - 1;

	if (BV_CLASS(j->code) == BV_JMP32 && BV_OP(j->code) == BV_JA)
		j->imm = (int32_t)off;
	else
		j->off = (int16_t)off;
}

static unsigned mem_size_code(unsigned size)
{
	switch (size) {
	case 1: return BV_B;
	case 2: return BV_H;
	case 4: return BV_W;
	default: return BV_DW;
	}
}

static unsigned pick_size(struct rng *r)
{
	static const unsigned sizes[] = { 1, 2, 4, 8, 8, 4 };

	return sizes[below(r, ARRAY_SIZE(sizes))];
}

/* ---- the state ---- */

static void set_val(struct state *st, int reg, enum kind kind, int map, int off)
{
	st->reg[reg] = (struct val){ .kind = (uint8_t)kind, .map = (int8_t)map,
				     .off = (int16_t)off };
}

static void set_scalar(struct state *st, int reg)
{
	set_val(st, reg, K_SCALAR, -1, 0);
}

static bool same_val(struct val a, struct val b)
{
	return a.kind == b.kind && a.map == b.map && a.off == b.off;
}

/* What holds on both paths into a join. */
static struct state meet(const struct state *a, const struct state *b)
{
	struct state m = *a;

	for (int r = 0; r < N_REGS; r++)
		if (!same_val(a->reg[r], b->reg[r]))
			set_val(&m, r, K_NONE, -1, 0);
	for (int s = 0; s < N_SLOTS; s++)
		if (!same_val(a->slot[s], b->slot[s]))
			m.slot[s] = (struct val){ .kind = K_NONE, .map = -1 };
	return m;
}

static bool same_state(const struct state *a, const struct state *b)
{
	for (int r = 0; r < N_REGS; r++)
		if (!same_val(a->reg[r], b->reg[r]))
			return false;
	for (int s = 0; s < N_SLOTS; s++)
		if (!same_val(a->slot[s], b->slot[s]))
			return false;
	return true;
}

static bool writable(const struct state *st, int reg)
{
	return reg < FP && !(st->reserved & (1u << reg));
}

/* A random register whose kind is in kinds (r10 included for reading),
 * or -1. */
static int pick(struct gen *g, const struct state *st, unsigned kinds,
		bool for_write)
{
	int cand[N_REGS], n = 0;

	for (int r = 0; r < N_REGS; r++) {
		if (!(kinds & M(st->reg[r].kind)))
			continue;
		if (for_write && !writable(st, r))
			continue;
		cand[n++] = r;
	}
	return n ? cand[below(&g->rng, (unsigned)n)] : -1;
}

/* A register to overwrite: mostly one that holds nothing of value. */
static int pick_dst(struct gen *g, const struct state *st, int avoid)
{
	int r = -1;

	for (int tries = 0; tries < 4 && (r < 0 || r == avoid); tries++) {
		unsigned kinds = chance(&g->rng, 85) ? M(K_NONE) | M(K_SCALAR)
						     : M(K_NONE) | M_ANY;
		r = pick(g, st, kinds, true);
	}
	return r == avoid ? -1 : r;
}

static void clobber_caller_saved(struct state *st)
{
	set_scalar(st, 0);
	for (int r = 1; r <= 5; r++)
		set_val(st, r, K_NONE, -1, 0);
}

static int slot_of(int fp_off)
{
	int s = (-fp_off - 1) / 8;

	return fp_off < 0 && s < N_SLOTS ? s : -1;
}

/* A store of size bytes at fp_off changes what the slot holds. */
static void note_stack_store(struct state *st, int fp_off, unsigned size,
			     const struct val *spilled)
{
	int s = slot_of(fp_off);

	if (s < 0)
		return;
	if (size == 8 && spilled && !(fp_off & 7))
		st->slot[s] = *spilled;
	else
		st->slot[s] = (struct val){ .kind = K_SCALAR, .map = -1 };
}

/* Marks reg as held by the statement being built; returns the old mask. */
static uint16_t hold(struct gen *g, int reg)
{
	uint16_t old = g->keep;

	if (reg >= 0 && reg < N_REGS)
		g->keep = (uint16_t)(g->keep | (1u << reg));
	return old;
}

/* ---- scalar sources ---- */

static const int16_t ctx_u32_fields[] = {
	0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44,  /* len .. tc_index */
	48, 52, 56, 60, 64,			      /* cb[0..4] */
	68, 84, 164, 176,			      /* hash, napi_id, gso_* */
};

static void emit_ctx_load(struct gen *g, int dst, int ctx)
{
	struct rng *r = &g->rng;
	int off = ctx_u32_fields[below(r, ARRAY_SIZE(ctx_u32_fields))];
	unsigned size = 4;

	if (chance(r, 15)) {
		size = chance(r, 50) ? 1 : 2;
		off += (int)(below(r, 4 / size) * size);
	} else if (chance(r, 8)) {
		size = 8;
		off = chance(r, 50) ? 48 : 56; /* cb[] */
	}
	if (bad(g) && chance(r, 40)) {
		static const int16_t odd[] = { 76, 80, 140, 144, 152, 2, 192, 168 };

		off = odd[below(r, ARRAY_SIZE(odd))];
	}
	emit(g, mk(BV_LDX | BV_MEM | mem_size_code(size), dst, ctx, off, 0));
}

static void emit_call(struct gen *g, struct state *st)
{
	static const int32_t scalar_helpers[] = { 7, 7, 7, 5, 8 };

	emit(g, mk(BV_JMP | BV_CALL, 0, 0, 0,
		   scalar_helpers[below(&g->rng, ARRAY_SIZE(scalar_helpers))]));
	clobber_caller_saved(st);
}

/* A slot to read: mostly one that was written; with scalar_only, never
 * one holding a spilled pointer. -1 when there is none. */
static int pick_slot(struct gen *g, const struct state *st, bool scalar_only)
{
	struct rng *r = &g->rng;
	int init[N_SLOTS], any[N_SLOTS], n = 0, m = 0;

	for (int i = 0; i < N_SLOTS; i++) {
		unsigned kind = st->slot[i].kind;

		if (scalar_only && kind != K_NONE && kind != K_SCALAR)
			continue;
		any[m++] = i;
		if (kind != K_NONE)
			init[n++] = i;
	}
	if (n && chance(r, 85))
		return init[below(r, (unsigned)n)];
	return m ? any[below(r, (unsigned)m)] : -1;
}

/* Loads from the stack into dst; with scalar_only, never a spilled pointer.
 * Returns false (having emitted nothing) when no slot fits. */
static bool emit_stack_load(struct gen *g, struct state *st, int dst,
			    bool scalar_only)
{
	struct rng *r = &g->rng;
	int s = pick_slot(g, st, scalar_only);
	unsigned size = pick_size(r);
	int fp_off;
	unsigned mode = size < 8 && chance(r, 25) ? BV_MEMSX : BV_MEM;

	if (s < 0)
		return false;
	if (M(st->slot[s].kind) & (M_PTR | M(K_MAPVAL_NULL)) && !bad(g)) {
		size = 8; /* a spilled pointer is filled whole */
		mode = BV_MEM;
	}
	fp_off = -(s + 1) * 8 + (int)(below(r, 8 / size) * size);
	if (bad(g))
		fp_off += chance(r, 50) ? 1 : -8 * (int)below(r, 64);
	emit(g, mk(BV_LDX | mode | mem_size_code(size), dst, FP, fp_off, 0));
	s = slot_of(fp_off);
	if (size == 8 && mode == BV_MEM && s >= 0 && !(fp_off & 7) &&
	    st->slot[s].kind != K_NONE)
		st->reg[dst] = st->slot[s];
	else
		set_scalar(st, dst);
	return true;
}

static void emit_mapval_load(struct gen *g, int dst, int base,
			     const struct state *st)
{
	struct rng *r = &g->rng;
	const struct val *v = &st->reg[base];
	unsigned size = pick_size(r);
	int room_left = (int)g->maps[v->map].value_size - v->off;
	int off;
	unsigned mode;

	while (size > 1 && (int)size > room_left)
		size /= 2;
	off = room_left >= (int)size ? (int)below(r, (unsigned)(room_left - (int)size) + 1) : 0;
	mode = size < 8 && chance(r, 25) ? BV_MEMSX : BV_MEM;

	emit(g, mk(BV_LDX | mode | mem_size_code(size), dst, base, off, 0));
}

/* Puts a fresh scalar in dst (at most 3 instructions); only a doubtful
 * stack read may leave something else there. */
static void emit_source(struct gen *g, struct state *st, int dst)
{
	struct rng *r = &g->rng;
	int ctx = pick(g, st, M(K_CTX), false);
	int mv = pick(g, st, M(K_MAPVAL), false);
	unsigned what = below(r, 100);

	if (what < 22) {
		emit(g, mk((chance(r, 60) ? BV_ALU64 : BV_ALU) | BV_MOV | BV_K,
			   dst, 0, 0, imm32(r)));
	} else if (what < 32) {
		emit_ldimm64(g, (unsigned)dst, 0, imm64(r));
	} else if (what < 70 && ctx >= 0) {
		emit_ctx_load(g, dst, ctx);
	} else if (what < 80 && mv >= 0) {
		emit_mapval_load(g, dst, mv, st);
	} else if (what < 92 && g->helpers && !(g->keep & CALLER_SAVED)) {
		emit_call(g, st);
		if (dst != 0)
			emit(g, mk(BV_ALU64 | BV_MOV | BV_X, dst, 0, 0, 0));
	} else if (emit_stack_load(g, st, dst, true)) {
		return; /* it knows what it read */
	} else {
		emit(g, mk(BV_ALU64 | BV_MOV | BV_K, dst, 0, 0, imm32(r)));
	}
	set_scalar(st, dst);
}

/* A register holding a scalar: an existing one, or a fresh one. With
 * for_write the register may be changed; avoid is a register not to use. */
static int scalar_reg(struct gen *g, struct state *st, bool for_write, int avoid)
{
	int r = pick(g, st, M(K_SCALAR), for_write);

	if (r >= 0 && r != avoid && chance(&g->rng, 75))
		return r;
	r = pick_dst(g, st, avoid);
	if (r < 0)
		return -1;
	emit_source(g, st, r);
	return st->reg[r].kind == K_SCALAR ? r : -1;
}

/* ---- ALU ---- */

static void emit_binop(struct gen *g, struct state *st, unsigned cls,
		       unsigned op, int dst)
{
	struct rng *r = &g->rng;
	bool is_div = op == BV_DIV || op == BV_MOD;
	bool is_shift = op == BV_LSH || op == BV_RSH || op == BV_ARSH;
	int width = cls == BV_ALU64 ? 64 : 32;
	int off = is_div && chance(r, 35) ? 1 : 0;
	int32_t imm;

	if (chance(r, 45)) {
		uint16_t kept = hold(g, dst);
		int src = scalar_reg(g, st, false, dst);

		g->keep = kept;
		if (src >= 0) {
			emit(g, mk(cls | op | BV_X, dst, src, off, 0));
			return;
		}
	}
	imm = imm32(r);
	if (is_shift)
		imm = bad(g) ? between(r, width, width + 8) : (int32_t)below(r, width);
	if (is_div && imm == 0 && !bad(g))
		imm = between(r, 1, 100);
	emit(g, mk(cls | op | BV_K, dst, 0, off, imm));
}

static void emit_mov(struct gen *g, struct state *st, unsigned cls, int dst)
{
	struct rng *r = &g->rng;
	unsigned kinds = bad(g) ? M_ANY : M(K_SCALAR);
	int src = chance(r, 55) ? pick(g, st, kinds, false) : -1;
	int off = 0;

	if (src < 0) {
		emit(g, mk(cls | BV_MOV | BV_K, dst, 0, 0, imm32(r)));
		set_scalar(st, dst);
		return;
	}
	if (chance(r, 30)) {
		static const int16_t ext64[] = { 8, 16, 32 }, ext32[] = { 8, 16 };

		off = cls == BV_ALU64 ? ext64[below(r, 3)] : ext32[below(r, 2)];
	}
	emit(g, mk(cls | BV_MOV | BV_X, dst, src, off, 0));
	if (cls == BV_ALU64 && off == 0)
		st->reg[dst] = st->reg[src];
	else
		set_scalar(st, dst);
}

static void emit_end(struct gen *g, unsigned cls, int dst)
{
	static const int32_t widths[] = { 16, 32, 64 };
	struct rng *r = &g->rng;
	unsigned code = cls == BV_ALU64 ? BV_ALU64 | BV_END | BV_TO_LE
					: BV_ALU | BV_END | (chance(r, 50) ? BV_TO_BE : BV_TO_LE);

	emit(g, mk(code, dst, 0, 0, widths[below(r, 3)]));
}

static void stmt_alu(struct gen *g, struct state *st)
{
	static const uint8_t ops[] = {
		BV_ADD, BV_SUB, BV_MUL, BV_DIV, BV_OR,	BV_AND, BV_LSH,
		BV_RSH, BV_NEG, BV_MOD, BV_XOR, BV_MOV, BV_ARSH, BV_END,
	};
	struct rng *r = &g->rng;
	unsigned cls = chance(r, 60) ? BV_ALU64 : BV_ALU;
	unsigned op = ops[below(r, ARRAY_SIZE(ops))];
	int dst;

	if (!room(g, 6))
		return;
	dst = op == BV_MOV ? pick_dst(g, st, -1) : scalar_reg(g, st, true, -1);
	if (dst < 0)
		return;
	if (op == BV_MOV) {
		emit_mov(g, st, cls, dst);
		return;
	}
	if (op == BV_NEG)
		emit(g, mk(cls | BV_NEG | BV_K, dst, 0, 0, 0));
	else if (op == BV_END)
		emit_end(g, cls, dst);
	else
		emit_binop(g, st, cls, op, dst);
	set_scalar(st, dst);
}

static void stmt_source(struct gen *g, struct state *st)
{
	int dst;

	if (!room(g, 3))
		return;
	dst = pick_dst(g, st, -1);
	if (dst >= 0)
		emit_source(g, st, dst);
}

static void stmt_call(struct gen *g, struct state *st)
{
	if (!g->helpers || !room(g, 2))
		return;
	emit_call(g, st);
}

/* ---- statements with bodies ---- */

static void stmts(struct gen *g, struct state *st, unsigned count);

static const uint8_t jmp_ops[] = {
	BV_JEQ, BV_JGT, BV_JGE, BV_JSET, BV_JNE, BV_JSGT,
	BV_JSGE, BV_JLT, BV_JLE, BV_JSLT, BV_JSLE,
};

static int32_t cond_imm(struct rng *r)
{
	return chance(r, 60) ? between(r, -4, 64) : imm32(r);
}

/* Emits "if <scalar> op <K or scalar> goto ?" and returns its index, or
 * (size_t)-1 when no scalar could be had. */
static size_t emit_cond(struct gen *g, struct state *st)
{
	struct rng *r = &g->rng;
	unsigned cls = chance(r, 70) ? BV_JMP : BV_JMP32;
	unsigned op = jmp_ops[below(r, ARRAY_SIZE(jmp_ops))];
	int a = bad(g) ? pick(g, st, M_PTR, false) : -1;
	int b;

	if (a < 0)
		a = scalar_reg(g, st, false, -1);
	if (a < 0)
		return (size_t)-1;
	if (chance(r, 35)) {
		uint16_t kept = hold(g, a);

		b = scalar_reg(g, st, false, a);
		g->keep = kept;
		if (b >= 0 && b != a)
			return emit(g, mk(cls | op | BV_X, a, b, 0, 0));
	}
	return emit(g, mk(cls | op | BV_K, a, 0, 0, cond_imm(r)));
}

/* "r0 = something; exit" */
static void emit_exit(struct gen *g, struct state *st)
{
	struct rng *r = &g->rng;
	int s = pick(g, st, M(K_SCALAR), false);

	if (s >= 0 && chance(&g->rng, 50))
		emit(g, mk(BV_ALU64 | BV_MOV | BV_X, 0, s, 0, 0));
	else
		emit(g, mk((chance(r, 70) ? BV_ALU64 : BV_ALU) | BV_MOV | BV_K, 0,
			   0, 0, between(r, -2, 3)));
	emit(g, mk(BV_JMP | BV_EXIT, 0, 0, 0, 0));
}

/* if-then, if-then-exit and if-then-else */
static void stmt_branch(struct gen *g, struct state *st)
{
	struct rng *r = &g->rng;
	unsigned form = below(r, 100);
	struct state a = *st, b;
	size_t j, ja;

	if (g->depth >= MAX_DEPTH || g->branches >= g->max_branches || !room(g, 6))
		return;
	j = emit_cond(g, st);
	if (j == (size_t)-1)
		return;
	g->branches++;
	g->depth++;
	a = *st;
	if (form < 55) {
		stmts(g, &a, 1 + below(r, 4));
		*st = meet(st, &a);
	} else if (form < 75) {
		g->limit -= 2;
		stmts(g, &a, 1 + below(r, 3));
		g->limit += 2;
		emit_exit(g, &a);
	} else {
		b = *st;
		g->limit -= 1;
		stmts(g, &a, 1 + below(r, 3));
		g->limit += 1;
		ja = emit(g, mk(chance(r, 85) ? BV_JMP | BV_JA : BV_JMP32 | BV_JA,
				0, 0, 0, 0));
		patch(g, j, g->n);
		stmts(g, &b, 1 + below(r, 3));
		patch(g, ja, g->n);
		*st = meet(&a, &b);
		g->depth--;
		return;
	}
	patch(g, j, g->n);
	g->depth--;
}

static struct snapshot take_snapshot(const struct gen *g)
{
	return (struct snapshot){ .rng = g->rng, .n = g->n, .branches = g->branches };
}

static void rewind_to(struct gen *g, const struct snapshot *s)
{
	g->rng = s->rng;
	g->n = s->n;
	g->branches = s->branches;
}

/* A loop body whose entry state is a fixpoint: replays the same choices
 * from a weaker state until the state at the end of the body keeps
 * everything the start assumed. Falls back to an empty body. */
static void loop_body(struct gen *g, struct state *st, unsigned count)
{
	struct snapshot snap = take_snapshot(g);
	struct state in = *st;

	for (int round = 0; round < FIXPOINT_ROUNDS; round++) {
		struct state out = in, m;

		rewind_to(g, &snap);
		stmts(g, &out, count);
		m = meet(&in, &out);
		if (same_state(&m, &in)) {
			*st = in;
			return;
		}
		in = m;
	}
	rewind_to(g, &snap);
}

/* The loop's exit test, jumping back to head while it holds. */
static void emit_loop_test(struct gen *g, int c, int bound, int n, bool down,
			   size_t head)
{
	struct rng *r = &g->rng;
	unsigned cls = chance(r, 70) ? BV_JMP : BV_JMP32;
	unsigned op;
	int32_t imm = n;

	if (bound >= 0) {
		op = chance(r, 50) ? BV_JLT : BV_JLE;
		emit(g, mk(cls | op | BV_X, c, bound, 0, 0));
	} else if (down) {
		op = chance(r, 50) ? BV_JNE : (chance(r, 50) ? BV_JSGT : BV_JGT);
		emit(g, mk(cls | op | BV_K, c, 0, 0, 0));
	} else {
		static const uint8_t up[] = { BV_JLT, BV_JNE, BV_JLE, BV_JSLT };

		op = up[below(r, ARRAY_SIZE(up))];
		if (op == BV_JLE)
			imm = n - 1;
		emit(g, mk(cls | op | BV_K, c, 0, 0, imm));
	}
	patch(g, g->n - 1, head);
}

/* "c = start; do { body; c += step } while (c < n)" over r6..r9. */
static void stmt_loop(struct gen *g, struct state *st)
{
	struct rng *r = &g->rng;
	uint16_t reserved = st->reserved;
	unsigned kinds = M(K_NONE) | M(K_SCALAR);
	int c, bound = -1, n = between(r, 1, chance(r, 70) ? 6 : 16);
	bool down = chance(r, 25);
	int step = bad(g) && chance(r, 10) ? 0 : 1; /* 0: never ends */
	unsigned max_branches = g->max_branches;
	struct state saved;
	size_t head;

	if (g->loop_depth >= MAX_LOOP_DEPTH || g->depth >= MAX_DEPTH ||
	    !room(g, 10))
		return;
	saved = *st;
	st->reserved |= (uint16_t)~LOOP_REGS; /* pick from r6..r9 only */
	c = pick(g, st, kinds, true);
	if (c < 0) {
		*st = saved;
		return;
	}
	st->reserved |= (uint16_t)(1u << c);
	if (chance(r, 20) && (bound = pick(g, st, kinds, true)) >= 0) {
		st->reserved = reserved;
		emit_source(g, st, bound);
		if (st->reg[bound].kind == K_SCALAR) {
			emit(g, mk(BV_ALU64 | BV_AND | BV_K, bound, 0, 0,
				   bad(g) ? 0xff : 7));
			down = false;
		} else {
			bound = -1;
		}
	}
	st->reserved = (uint16_t)(reserved | (1u << c) | (bound >= 0 ? 1u << bound : 0));
	emit(g, mk((chance(r, 70) ? BV_ALU64 : BV_ALU) | BV_MOV | BV_K, c, 0, 0,
		   down ? n : 0));
	set_scalar(st, c);
	head = g->n;
	g->loop_depth++;
	g->depth++;
	g->limit -= 2;
	if (chance(r, 50))
		g->max_branches = g->branches; /* no branch in this body */
	else if (g->max_branches > g->branches + 1)
		g->max_branches = g->branches + 1;
	loop_body(g, st, 1 + below(r, 4));
	g->max_branches = max_branches;
	g->limit += 2;
	g->depth--;
	g->loop_depth--;
	emit(g, mk((chance(r, 70) ? BV_ALU64 : BV_ALU) | (down ? BV_SUB : BV_ADD) | BV_K,
		   c, 0, 0, step));
	emit_loop_test(g, c, bound, n, down, head);
	st->reserved = reserved;
}

/* ---- the stack ---- */

/* A register pointing into the stack at a constant offset: r10 mostly. */
static int stack_base(struct gen *g, const struct state *st, int *base_off)
{
	int r = chance(&g->rng, 70) ? FP : pick(g, st, M(K_STACK), false);

	if (r < 0)
		r = FP;
	*base_off = r == FP ? 0 : st->reg[r].off;
	return r;
}

static int stack_offset(struct gen *g, unsigned size)
{
	struct rng *r = &g->rng;
	int fp_off = -(int)(below(r, N_SLOTS) + 1) * 8 +
		     (int)(below(r, 8 / size) * size);

	if (bad(g) && chance(r, 50)) {
		switch (below(r, 4)) {
		case 0: fp_off += 1; break;                   /* misaligned */
		case 1: fp_off = -512 - 8 * between(r, 0, 2); break;
		case 2: fp_off = 8 * between(r, -1, 1); break; /* at or above fp */
		default: fp_off -= 8 * between(r, 8, 60); break;
		}
	}
	return fp_off;
}

static void stmt_store(struct gen *g, struct state *st)
{
	struct rng *r = &g->rng;
	unsigned size = pick_size(r);
	int fp_off = stack_offset(g, size), base_off;
	int base = stack_base(g, st, &base_off);
	unsigned code = mem_size_code(size) | BV_MEM;
	int src;

	if (!room(g, 4))
		return;
	if (chance(r, 35)) {
		emit(g, mk(BV_ST | code, base, 0, fp_off - base_off, imm32(r)));
		note_stack_store(st, fp_off, size, NULL);
		return;
	}
	src = size == 8 && chance(r, 30) ? pick(g, st, M_PTR, false) : -1;
	if (src < 0) {
		uint16_t kept = hold(g, base);

		src = scalar_reg(g, st, false, base);
		g->keep = kept;
	}
	if (src < 0)
		return;
	emit(g, mk(BV_STX | code, base, src, fp_off - base_off, 0));
	note_stack_store(st, fp_off, size, &st->reg[src]);
}

static void stmt_load(struct gen *g, struct state *st)
{
	int dst;

	if (!room(g, 1))
		return;
	dst = pick_dst(g, st, -1);
	if (dst >= 0)
		emit_stack_load(g, st, dst, false);
}

/* A register (often a pointer) spilled to a slot and, often, filled back. */
static void stmt_spill(struct gen *g, struct state *st)
{
	struct rng *r = &g->rng;
	int src = pick(g, st, chance(r, 60) ? M_PTR : M(K_SCALAR), false);
	int fp_off = -(int)(below(r, N_SLOTS) + 1) * 8;
	int dst;

	if (src < 0 || !room(g, 3))
		return;
	emit(g, mk(BV_STX | BV_MEM | BV_DW, FP, src, fp_off, 0));
	note_stack_store(st, fp_off, 8, &st->reg[src]);
	if (chance(r, 40))
		stmt_alu(g, st);
	if (!chance(r, 70) || (dst = pick_dst(g, st, -1)) < 0)
		return;
	if (bad(g)) { /* a partial fill */
		unsigned size = chance(r, 50) ? 4 : 1;

		emit(g, mk(BV_LDX | BV_MEM | mem_size_code(size), dst, FP, fp_off, 0));
		set_scalar(st, dst);
		return;
	}
	emit(g, mk(BV_LDX | BV_MEM | BV_DW, dst, FP, fp_off, 0));
	st->reg[dst] = st->slot[slot_of(fp_off)];
}

/* A pointer into the stack, at a constant or (rarely) a variable offset. */
static void stmt_stack_ptr(struct gen *g, struct state *st)
{
	struct rng *r = &g->rng;
	int p = pick_dst(g, st, -1), o;
	int k = -8 * between(r, 1, N_SLOTS);
	uint16_t kept;

	if (p < 0 || !room(g, 8))
		return;
	if (chance(r, 80)) {
		emit(g, mk(BV_ALU64 | BV_MOV | BV_X, p, FP, 0, 0));
		emit(g, mk(BV_ALU64 | BV_ADD | BV_K, p, 0, 0, k));
		set_val(st, p, K_STACK, -1, k);
		return;
	}
	kept = hold(g, p);
	o = scalar_reg(g, st, true, p);
	g->keep = kept;
	if (o < 0)
		return;
	emit(g, mk(BV_ALU64 | BV_AND | BV_K, o, 0, 0, bad(g) ? 0x7f : 0x38));
	emit(g, mk(BV_ALU64 | BV_MOV | BV_X, p, FP, 0, 0));
	emit(g, mk(BV_ALU64 | BV_ADD | BV_K, p, 0, 0, -64));
	emit(g, mk(BV_ALU64 | BV_ADD | BV_X, p, o, 0, 0));
	if (chance(r, 50))
		emit(g, mk(BV_ST | BV_MEM | BV_B, p, 0, 0, 0));
	else
		emit(g, mk(BV_LDX | BV_MEM | BV_DW, o, p, 0, 0));
	set_scalar(st, o);
	set_val(st, p, K_NONE, -1, 0);
	for (int s = 0; s < N_SLOTS; s++)
		st->slot[s] = (struct val){ .kind = K_SCALAR, .map = -1 };
}

/* ---- maps ---- */

static int pick_map(struct gen *g, bool direct)
{
	int cand[MAX_MAPS], n = 0;

	for (unsigned i = 0; i < g->n_maps; i++)
		if (!direct || (g->maps[i].type == 2 && g->maps[i].max_entries == 1))
			cand[n++] = (int)i;
	return n ? cand[below(&g->rng, (unsigned)n)] : -1;
}

/* "rV = map_value[m]+off" (array maps of one element) */
static bool emit_direct_value(struct gen *g, struct state *st, int dst)
{
	struct rng *r = &g->rng;
	int m = pick_map(g, !bad(g));
	int off = 0;

	if (m < 0)
		return false;
	if (chance(r, 30))
		off = (int)below(r, g->maps[m].value_size);
	emit(g, mk(BV_LD | BV_IMM | BV_DW, dst, BV_PSEUDO_MAP_VALUE, 0, m));
	emit(g, mk(0, 0, 0, 0, off));
	set_val(st, dst, K_MAPVAL, m, off);
	return true;
}

/* key on the stack, r2 = &key, r1 = map, call bpf_map_lookup_elem */
static void emit_lookup_call(struct gen *g, struct state *st, int m)
{
	struct rng *r = &g->rng;
	unsigned ksize = g->maps[m].key_size;
	int key_off = -8 * between(r, 1, N_SLOTS);
	int src = chance(r, 30) ? pick(g, st, M(K_SCALAR), false) : -1;
	unsigned code = mem_size_code(ksize) | BV_MEM;

	if (src >= 0)
		emit(g, mk(BV_STX | code, FP, src, key_off, 0));
	else
		emit(g, mk(BV_ST | code, FP, 0, key_off, between(r, 0, 8)));
	note_stack_store(st, key_off, ksize, src >= 0 ? &st->reg[src] : NULL);
	emit(g, mk(BV_ALU64 | BV_MOV | BV_X, 2, FP, 0, 0));
	emit(g, mk(BV_ALU64 | BV_ADD | BV_K, 2, 0, 0, key_off));
	emit(g, mk(BV_LD | BV_IMM | BV_DW, 1, BV_PSEUDO_MAP_FD, 0, m));
	emit(g, mk(0, 0, 0, 0, 0));
	emit(g, mk(BV_JMP | BV_CALL, 0, 0, 0, 1));
	clobber_caller_saved(st);
	set_val(st, 0, K_MAPVAL_NULL, m, 0);
}

static void stmt_access(struct gen *g, struct state *st);

/* The accesses done under a null check. */
static void access_block(struct gen *g, struct state *st)
{
	unsigned count = 1 + below(&g->rng, 3);

	for (unsigned i = 0; i < count; i++) {
		if (chance(&g->rng, 65))
			stmt_access(g, st);
		else
			stmts(g, st, 1);
	}
}

/* "if (!v) { r0 = x; exit }", the rest of the program going on with v */
static void null_check_exit(struct gen *g, struct state *st, int v)
{
	emit(g, mk(BV_JMP | BV_JNE | BV_K, v, 0, 2, 0));
	emit(g, mk(BV_ALU64 | BV_MOV | BV_K, 0, 0, 0, between(&g->rng, 0, 1)));
	emit(g, mk(BV_JMP | BV_EXIT, 0, 0, 0, 0));
	st->reg[v].kind = K_MAPVAL;
}

/* "if (v) { accesses }", as "if v == 0 goto out" or, sometimes,
 * "if v != 0 goto body; goto out" */
static void null_check_block(struct gen *g, struct state *st, int v)
{
	struct state body = *st;
	size_t j;

	if (chance(&g->rng, 80)) {
		j = emit(g, mk(BV_JMP | BV_JEQ | BV_K, v, 0, 0, 0));
	} else {
		emit(g, mk(BV_JMP | BV_JNE | BV_K, v, 0, 1, 0));
		j = emit(g, mk(BV_JMP | BV_JA, 0, 0, 0, 0));
	}
	body.reg[v].kind = K_MAPVAL;
	g->depth++;
	access_block(g, &body);
	g->depth--;
	patch(g, j, g->n);
	*st = meet(st, &body);
	if (st->reg[v].kind == K_MAPVAL_NULL)
		set_val(st, v, K_NONE, -1, 0);
}

/* A map lookup and its NULL check, or a direct map value load. */
static void stmt_lookup(struct gen *g, struct state *st)
{
	struct rng *r = &g->rng;
	int m = pick_map(g, false), v;

	if (m < 0 || !room(g, 14) || g->depth >= MAX_DEPTH)
		return;
	if (!g->helpers || chance(r, 25)) {
		v = pick_dst(g, st, -1);
		if (v >= 0)
			emit_direct_value(g, st, v);
		return;
	}
	emit_lookup_call(g, st, m);
	if (bad(g))
		return; /* no NULL check */
	v = 0;
	if (chance(r, 30) && (v = pick_dst(g, st, 0)) > 0) {
		emit(g, mk(BV_ALU64 | BV_MOV | BV_X, v, 0, 0, 0));
		st->reg[v] = st->reg[0];
	} else {
		v = 0;
	}
	if (chance(r, 45))
		null_check_exit(g, st, v);
	else
		null_check_block(g, st, v);
}

/* The largest 2^k - 1 not above lim (lim >= 0). */
static int32_t mask_below(int lim)
{
	int32_t m = 0;

	while (m * 2 + 1 <= lim)
		m = m * 2 + 1;
	return m;
}

/* A scalar for a variable offset into a map value, in a writable register. */
static int offset_source(struct gen *g, struct state *st, int avoid)
{
	struct rng *r = &g->rng;
	int o = pick_dst(g, st, avoid), c;

	if (o < 0)
		return -1;
	c = pick(g, st, M(K_SCALAR), false);
	if (c >= 0 && (st->reserved & (1u << c)) && chance(r, 60)) {
		emit(g, mk(BV_ALU64 | BV_MOV | BV_X, o, c, 0, 0)); /* a loop counter */
		if (chance(r, 50))
			emit(g, mk(BV_ALU64 | BV_LSH | BV_K, o, 0, 0, (int32_t)below(r, 4)));
	} else if (c >= 0 && c != avoid && chance(r, 30)) {
		emit(g, mk(BV_ALU64 | BV_MOV | BV_X, o, c, 0, 0));
	} else {
		emit_source(g, st, o);
		return st->reg[o].kind == K_SCALAR ? o : -1;
	}
	set_scalar(st, o);
	return o;
}

/* The jumps that skip a guarded access when its bound fails. */
struct skips {
	size_t at[2];
	unsigned n;
};

static void add_skip(struct skips *sk, size_t at)
{
	sk->at[sk->n++] = at;
}

/* Bounds o to [0, lim], or (doubtfully) not quite: masks, shifts, a modulo,
 * or tests that jump over the access (recorded in sk). */
static void bound_offset(struct gen *g, int o, int lim, struct skips *sk)
{
	struct rng *r = &g->rng;
	bool off_by = bad(g);
	int l = lim + (off_by ? between(r, 1, 8) : 0);
	unsigned cls = chance(r, 75) ? BV_JMP : BV_JMP32;
	unsigned form = below(r, 100);
	bool ge = chance(r, 50);
	int s = (int)below(r, 4);

	if (off_by && chance(r, 30))
		return; /* no bound at all */
	if (form < 35) {
		emit(g, mk(BV_ALU64 | BV_AND | BV_K, o, 0, 0, mask_below(l)));
	} else if (form < 45) {
		emit(g, mk(BV_ALU64 | BV_AND | BV_K, o, 0, 0, mask_below(l >> s)));
		emit(g, mk(BV_ALU64 | BV_LSH | BV_K, o, 0, 0, s));
	} else if (form < 52) {
		emit(g, mk(BV_ALU64 | BV_MOD | BV_K, o, 0, 0, l + 1));
	} else if (form < 80) {
		add_skip(sk, emit(g, mk(cls | (ge ? BV_JGE : BV_JGT) | BV_K, o, 0,
					0, ge ? l + 1 : l)));
	} else if (form < 90) { /* signed: right only with both sides */
		if (!off_by && chance(r, 60))
			add_skip(sk, emit(g, mk(cls | BV_JSLT | BV_K, o, 0, 0, 0)));
		add_skip(sk, emit(g, mk(cls | BV_JSGT | BV_K, o, 0, 0, l)));
	} else { /* "if o <= l goto access; goto out" */
		emit(g, mk(cls | BV_JLE | BV_K, o, 0, 1, l));
		add_skip(sk, emit(g, mk(BV_JMP | BV_JA, 0, 0, 0, 0)));
	}
}

static void emit_mem_access(struct gen *g, struct state *st, int base,
			    int off, unsigned size)
{
	struct rng *r = &g->rng;
	unsigned sz = mem_size_code(size);
	int v, dst;

	if (chance(r, 50)) {
		dst = pick_dst(g, st, -1);
		if (dst < 0)
			dst = 0;
		emit(g, mk(BV_LDX | (size < 8 && chance(r, 25) ? BV_MEMSX : BV_MEM) | sz,
			   dst, base, off, 0));
		set_scalar(st, dst);
	} else if (chance(r, 40)) {
		emit(g, mk(BV_ST | BV_MEM | sz, base, 0, off, imm32(r)));
	} else {
		v = bad(g) ? pick(g, st, M_PTR, false) : -1;
		if (v < 0)
			v = pick(g, st, M(K_SCALAR), false);
		if (v < 0)
			v = FP;
		emit(g, mk(BV_STX | BV_MEM | sz, base, v, off, 0));
	}
}

/* Map value access through a variable offset:
 *   o = scalar; bound o; t = v; t += o; access (t + 0) */
static void access_variable(struct gen *g, struct state *st, int v,
			    unsigned size)
{
	const struct val mv = st->reg[v];
	int lim = (int)g->maps[mv.map].value_size - mv.off - (int)size;
	uint16_t kept = hold(g, v);
	int o = offset_source(g, st, v), t;
	struct skips sk = { .n = 0 };
	struct state before;

	g->keep = kept;
	if (o < 0 || lim < 0)
		return;
	bound_offset(g, o, lim, &sk);
	before = *st;
	t = chance(&g->rng, 25) ? v : pick_dst(g, st, o);
	if (t < 0)
		t = v;
	if (t != v)
		emit(g, mk(BV_ALU64 | BV_MOV | BV_X, t, v, 0, 0));
	emit(g, mk(BV_ALU64 | BV_ADD | BV_X, t, o, 0, 0));
	emit_mem_access(g, st, t, 0, size);
	for (unsigned i = 0; i < sk.n; i++)
		patch(g, sk.at[i], g->n);
	if (sk.n) {
		g->branches++;
		*st = meet(&before, st);
	}
	set_val(st, t, K_NONE, -1, 0);
}

/* An access to map value v at a constant offset (doubtfully: past either
 * end). span is the largest offset at which size bytes fit. */
static void access_const(struct gen *g, struct state *st, int v, unsigned size,
			 int span)
{
	struct rng *r = &g->rng;
	int k = (int)below(r, (unsigned)span + 1);

	if (bad(g))
		k = chance(r, 60) ? span + between(r, 1, 8)
				  : -between(r, 1, 8) - st->reg[v].off;
	emit_mem_access(g, st, v, k, size);
}

/* "v += k", keeping v inside its value (doubtfully: not). */
static void pointer_step(struct gen *g, struct state *st, int v, int span)
{
	struct rng *r = &g->rng;
	int vs = (int)g->maps[st->reg[v].map].value_size;
	int k = (int)below(r, (unsigned)span + 1);

	if (bad(g))
		k = span + between(r, 1, 16);
	emit(g, mk(BV_ALU64 | BV_ADD | BV_K, v, 0, 0, k));
	if (st->reg[v].off + k < vs)
		st->reg[v].off = (int16_t)(st->reg[v].off + k);
	else
		set_val(st, v, K_NONE, -1, 0);
}

/* One access to a map value at a constant or variable offset. */
static void stmt_access(struct gen *g, struct state *st)
{
	struct rng *r = &g->rng;
	int v = pick(g, st, bad(g) ? M(K_MAPVAL) | M(K_MAPVAL_NULL) : M(K_MAPVAL),
		     false);
	unsigned size = pick_size(r), what = below(r, 100);
	int room_left, span;

	if (v < 0) {
		stmt_lookup(g, st);
		return;
	}
	if (!room(g, 12))
		return;
	room_left = (int)g->maps[st->reg[v].map].value_size - st->reg[v].off;
	while (size > 1 && (int)size > room_left)
		size /= 2;
	span = room_left - (int)size; /* >= 0: off < value_size */
	if (what < 40 || st->reg[v].kind != K_MAPVAL)
		access_const(g, st, v, size, span);
	else if (what < 52 && writable(st, v))
		pointer_step(g, st, v, span);
	else if (g->branches < g->max_branches || !chance(r, 50))
		access_variable(g, st, v, size);
}

/* ---- doubtful operations ---- */

static void stmt_odd(struct gen *g, struct state *st)
{
	static const uint8_t ops[] = { BV_ADD, BV_SUB, BV_AND, BV_OR, BV_LSH,
				       BV_MUL, BV_XOR, BV_NEG, BV_MOV, BV_DIV };
	struct rng *r = &g->rng;
	int p = pick(g, st, M_PTR, false), s, u;
	uint16_t kept;
	unsigned op = ops[below(r, ARRAY_SIZE(ops))];
	unsigned cls = chance(r, 80) ? BV_ALU64 : BV_ALU;

	if (!room(g, 4) || !chance(r, g->bad_pct * 4))
		return;
	switch (below(r, 6)) {
	case 0: /* arithmetic on a pointer */
		if (p < 0 || !writable(st, p))
			return;
		s = chance(r, 50) ? pick(g, st, M_ANY, false) : -1;
		if (op == BV_NEG)
			emit(g, mk(cls | op | BV_K, p, 0, 0, 0));
		else if (s >= 0)
			emit(g, mk(cls | op | BV_X, p, s, 0, 0));
		else
			emit(g, mk(cls | op | BV_K, p, 0, 0, imm32(r)));
		set_val(st, p, K_NONE, -1, 0);
		return;
	case 1: /* a pointer as the source of scalar arithmetic */
		kept = hold(g, p);
		s = scalar_reg(g, st, true, p);
		g->keep = kept;
		if (p < 0 || s < 0 || op == BV_NEG)
			return;
		emit(g, mk(cls | op | BV_X, s, p, 0, 0));
		set_val(st, s, K_NONE, -1, 0);
		return;
	case 2: /* an uninitialised register */
		u = pick(g, st, M(K_NONE), false);
		s = pick_dst(g, st, -1);
		if (u < 0 || s < 0)
			return;
		emit(g, mk(BV_ALU64 | BV_MOV | BV_X, s, u, 0, 0));
		set_val(st, s, K_NONE, -1, 0);
		return;
	case 3: /* a context store */
		p = pick(g, st, M(K_CTX), false);
		if (p >= 0)
			emit(g, mk(BV_ST | BV_MEM | BV_W, p, 0,
				   ctx_u32_fields[below(r, ARRAY_SIZE(ctx_u32_fields))], 1));
		return;
	case 4: /* writes to the frame pointer */
		emit(g, mk(BV_ALU64 | (chance(r, 50) ? BV_MOV : BV_ADD) | BV_K, FP,
			   0, 0, -8));
		return;
	default: /* a pointer compared with a pointer or a number */
		if (p < 0)
			return;
		s = pick(g, st, M_ANY, false);
		emit(g, mk(BV_JMP | jmp_ops[below(r, ARRAY_SIZE(jmp_ops))] |
				   (s >= 0 ? BV_X : BV_K),
			   p, s >= 0 ? s : 0, 0, s >= 0 ? 0 : cond_imm(r)));
		return;
	}
}

/* ---- atomics ---- */

/* "lock *(u64 *)(base + off) op= src", fetching or not, xchg, cmpxchg, on
 * an aligned stack slot or map value word. */
static void stmt_atomic(struct gen *g, struct state *st)
{
	static const int32_t ops[] = {
		BV_ADD, BV_OR, BV_AND, BV_XOR, BV_ADD | BV_FETCH, BV_OR | BV_FETCH,
		BV_AND | BV_FETCH, BV_XOR | BV_FETCH, BV_XCHG, BV_CMPXCHG,
	};
	struct rng *r = &g->rng;
	int32_t op = ops[below(r, ARRAY_SIZE(ops))];
	unsigned size = chance(r, 60) ? 8 : 4;
	int v = pick(g, st, M(K_MAPVAL), false), base = FP, off, src;
	uint16_t kept;

	if (!room(g, 6))
		return;
	if (v >= 0 && chance(r, 50)) {
		int span = (int)g->maps[st->reg[v].map].value_size - st->reg[v].off -
			   (int)size;

		if (span < 0 || st->reg[v].off % (int)size)
			return;
		base = v;
		off = (int)(below(r, (unsigned)span / size + 1) * size);
	} else {
		int slot = pick_slot(g, st, true);

		if (slot < 0)
			return;
		off = -(slot + 1) * 8 + (size == 4 && chance(r, 50) ? 4 : 0);
	}
	if (op == BV_CMPXCHG && base == 0)
		return; /* r0 is cmpxchg's operand */
	if (bad(g))
		off += (int)size / 2; /* misaligned */
	kept = hold(g, base);
	g->keep = (uint16_t)(g->keep | (op == BV_CMPXCHG ? 1u : 0));
	src = scalar_reg(g, st, (op & BV_FETCH) != 0, base);
	if (src >= 0 && op == BV_CMPXCHG && st->reg[0].kind != K_SCALAR) {
		emit(g, mk(BV_ALU64 | BV_MOV | BV_K, 0, 0, 0, imm32(r)));
		set_scalar(st, 0);
	}
	g->keep = kept;
	if (src < 0 || (src == 0 && op == BV_CMPXCHG))
		return;
	emit(g, mk(BV_STX | BV_ATOMIC | mem_size_code(size), base, src, off, op));
	if (op & BV_FETCH)
		set_scalar(st, op == BV_CMPXCHG ? 0 : src);
	if (base == FP)
		note_stack_store(st, off, 1, NULL);
}

/* ---- comparisons of pointers ---- */

/* "if wP == 0 goto" and the like on a pointer (the kernel decides only the
 * 64-bit form against 0 of a non-NULL pointer), then an if-then body. */
static void stmt_ptr_cmp(struct gen *g, struct state *st)
{
	static const uint8_t ops[] = { BV_JEQ, BV_JNE, BV_JEQ, BV_JNE, BV_JGT, BV_JLT, BV_JSET };
	struct rng *r = &g->rng;
	unsigned cls = chance(r, 65) ? BV_JMP32 : BV_JMP;
	unsigned op = ops[below(r, ARRAY_SIZE(ops))];
	int p = pick(g, st, M(K_MAPVAL) | M(K_STACK) | M(K_CTX), false);
	struct state a;
	size_t j;

	if (p < 0 || (g->bpf_only && !bad(g)) || g->depth >= MAX_DEPTH ||
	    g->branches >= g->max_branches || !room(g, 6))
		return;
	j = emit(g, mk(cls | op | BV_K, p, 0, 0, chance(r, 80) ? 0 : cond_imm(r)));
	g->branches++;
	g->depth++;
	a = *st;
	stmts(g, &a, 1 + below(r, 3));
	*st = meet(st, &a);
	patch(g, j, g->n);
	g->depth--;
}

/* ---- a subprogram taking a pointer into its caller's stack ---- */

enum sub_body {
	SUB_STORE_SCALAR, /* *(u64 *)(r1 +0) = r2 */
	SUB_STORE_IMM,    /* *(u32 *)(r1 +4) = K */
	SUB_LOAD,         /* r0 = *(u64 *)(r1 +0) */
	SUB_ATOMIC_ADD,   /* lock *(u64 *)(r1 +0) += r2 */
	SUB_STORE_ARG,    /* *(u64 *)(r1 +0) = r1: a stack pointer, rejected */
	SUB_STORE_OWN_FP, /* r2 = r10 - 8; *(u64 *)(r1 +0) = r2: rejected */
	SUB_LAST_GOOD = SUB_ATOMIC_ADD,
	N_SUB_BODIES
};

/* Emits the subprogram after the main program and points its calls at it. */
static void emit_subprog(struct gen *g)
{
	size_t start = g->n;

	switch (g->sub_body) {
	case SUB_STORE_SCALAR:
		emit(g, mk(BV_STX | BV_MEM | BV_DW, 1, 2, 0, 0));
		break;
	case SUB_STORE_IMM:
		emit(g, mk(BV_ST | BV_MEM | BV_W, 1, 0, 4, imm32(&g->rng)));
		break;
	case SUB_LOAD:
		emit(g, mk(BV_LDX | BV_MEM | BV_DW, 0, 1, 0, 0));
		emit(g, mk(BV_JMP | BV_EXIT, 0, 0, 0, 0));
		goto patch;
	case SUB_ATOMIC_ADD:
		emit(g, mk(BV_STX | BV_ATOMIC | BV_DW, 1, 2, 0, BV_ADD));
		break;
	case SUB_STORE_ARG:
		emit(g, mk(BV_STX | BV_MEM | BV_DW, 1, 1, 0, 0));
		break;
	default:
		emit(g, mk(BV_ALU64 | BV_MOV | BV_X, 2, FP, 0, 0));
		emit(g, mk(BV_ALU64 | BV_ADD | BV_K, 2, 0, 0, -8));
		emit(g, mk(BV_STX | BV_MEM | BV_DW, 1, 2, 0, 0));
		break;
	}
	emit(g, mk(BV_ALU64 | BV_MOV | BV_K, 0, 0, 0, 0));
	emit(g, mk(BV_JMP | BV_EXIT, 0, 0, 0, 0));
patch:
	for (unsigned i = 0; i < g->n_sub_calls; i++)
		g->insn[g->sub_call[i]].imm = (int32_t)((long)start - (long)g->sub_call[i] - 1);
}

/* "r1 = r10 - 8k; r2 = <scalar>; call sub": the subprogram reads or writes
 * the caller's slot through r1. */
static void stmt_subprog(struct gen *g, struct state *st)
{
	struct rng *r = &g->rng;
	bool loads;
	int slot, src;

	if (!g->n_sub_calls) /* one subprogram, chosen at its first call */
		g->sub_body = bad(g) && chance(r, 50)
				      ? (unsigned)between(r, SUB_LAST_GOOD + 1, N_SUB_BODIES - 1)
				      : below(r, SUB_LAST_GOOD + 1);
	loads = g->sub_body == SUB_LOAD || g->sub_body == SUB_ATOMIC_ADD;
	slot = loads ? pick_slot(g, st, true) : (int)below(r, N_SLOTS);

	if (slot < 0 || (g->keep & CALLER_SAVED) || g->n_sub_calls >= MAX_SUB_CALLS ||
	    !room(g, 7 + (g->n_sub_calls ? 0 : SUB_BODY_MAX)))
		return;
	src = pick(g, st, M(K_SCALAR), false);
	if (src >= 0 && src != 2)
		emit(g, mk(BV_ALU64 | BV_MOV | BV_X, 2, src, 0, 0));
	else if (src != 2)
		emit(g, mk(BV_ALU64 | BV_MOV | BV_K, 2, 0, 0, imm32(r)));
	emit(g, mk(BV_ALU64 | BV_MOV | BV_X, 1, FP, 0, 0));
	emit(g, mk(BV_ALU64 | BV_ADD | BV_K, 1, 0, 0, -8 * (slot + 1)));
	if (!g->n_sub_calls)
		g->limit -= SUB_BODY_MAX;
	g->sub_call[g->n_sub_calls++] = emit(g, mk(BV_JMP | BV_CALL, 0, BV_PSEUDO_CALL, 0, 0));
	clobber_caller_saved(st);
	if (g->sub_body != SUB_LOAD)
		st->slot[slot] = (struct val){ .kind = K_SCALAR, .map = -1 };
}

/* ---- the program ---- */

static void stmt(struct gen *g, struct state *st)
{
	const uint8_t *w = stmt_weights[g->profile];
	unsigned total = 0, pick_w;
	enum stmt s = S_ALU;

	for (int i = 0; i < N_STMTS; i++)
		total += w[i];
	pick_w = below(&g->rng, total);
	for (int i = 0; i < N_STMTS; i++) {
		if (pick_w < w[i]) {
			s = (enum stmt)i;
			break;
		}
		pick_w -= w[i];
	}
	switch (s) {
	case S_ALU: stmt_alu(g, st); break;
	case S_SOURCE: stmt_source(g, st); break;
	case S_BRANCH: stmt_branch(g, st); break;
	case S_LOOP: stmt_loop(g, st); break;
	case S_STORE: stmt_store(g, st); break;
	case S_LOAD: stmt_load(g, st); break;
	case S_SPILL: stmt_spill(g, st); break;
	case S_STACK_PTR: stmt_stack_ptr(g, st); break;
	case S_LOOKUP: stmt_lookup(g, st); break;
	case S_ACCESS: stmt_access(g, st); break;
	case S_CALL: stmt_call(g, st); break;
	case S_ATOMIC: stmt_atomic(g, st); break;
	case S_PTR_CMP: stmt_ptr_cmp(g, st); break;
	case S_SUBPROG: stmt_subprog(g, st); break;
	default: stmt_odd(g, st); break;
	}
}

static void stmts(struct gen *g, struct state *st, unsigned count)
{
	for (unsigned i = 0; i < count && room(g, 1); i++)
		stmt(g, st);
}

static void add_map(struct gen *g, bool direct)
{
	static const uint32_t value_sizes[] = { 8, 12, 16, 20, 24, 32, 40, 48, 56, 64 };
	struct rng *r = &g->rng;
	struct bv_map_def *m = &g->maps[g->n_maps];

	memset(m, 0, sizeof(*m));
	m->name[0] = 'm';
	m->name[1] = (char)('0' + g->n_maps);
	m->fd = (int)g->n_maps;
	m->value_size = value_sizes[below(r, ARRAY_SIZE(value_sizes))];
	if (direct || chance(r, 40)) {
		m->type = 2; /* array */
		m->key_size = 4;
		m->max_entries = direct || chance(r, 50) ? 1 : (uint32_t)between(r, 2, 64);
	} else {
		m->type = 1; /* hash */
		m->key_size = chance(r, 50) ? 4 : 8;
		m->max_entries = (uint32_t)between(r, 1, 64);
	}
	g->n_maps++;
}

static void choose_shape(struct gen *g)
{
	struct rng *r = &g->rng;
	unsigned n_maps = 0;
	unsigned len_class = below(r, 20);
	size_t target;

	g->helpers = chance(r, 40);
	g->bad_pct = chance(r, 50) ? 0 : (unsigned)between(r, 1, 8);
	g->bpf_only = (g->profile == GEN_MIXED || g->profile == GEN_MAPS ||
		       g->profile == GEN_STACK) && chance(r, 12);
	g->max_branches = g->profile == GEN_BRANCHES ? 10 : 6;
	if (g->profile == GEN_MAPS)
		n_maps = (unsigned)between(r, 1, MAX_MAPS);
	else if (g->profile == GEN_MIXED || g->profile == GEN_LOOPS)
		n_maps = below(r, 3);
	for (unsigned i = 0; i < n_maps; i++)
		add_map(g, i == 0 && !g->helpers);
	if (len_class < 10)
		target = (size_t)between(r, GEN_MIN_INSNS, 60);
	else if (len_class < 17)
		target = (size_t)between(r, 60, 120);
	else
		target = (size_t)between(r, 120, GEN_MAX_INSNS);
	g->limit = target - 2; /* the epilogue */
}

static void generate(struct gen *g)
{
	struct state st;

	memset(&st, 0, sizeof(st));
	for (int s = 0; s < N_SLOTS; s++)
		st.slot[s].map = -1;
	for (int reg = 0; reg < N_REGS; reg++)
		set_val(&st, reg, K_NONE, -1, 0);
	set_val(&st, 1, K_CTX, -1, 0);
	set_val(&st, FP, K_STACK, -1, 0);
	choose_shape(g);
	if (chance(&g->rng, 80)) {
		emit(g, mk(BV_ALU64 | BV_MOV | BV_X, 6, 1, 0, 0));
		st.reg[6] = st.reg[1];
	}
	for (unsigned tries = 0; tries < 400 && g->n < g->limit; tries++)
		stmt(g, &st);
	while (g->n + 2 < GEN_MIN_INSNS)
		emit(g, mk(BV_ALU64 | BV_MOV | BV_K, 0, 0, 0, (int32_t)g->n));
	g->limit = GEN_MAX_INSNS;
	emit_exit(g, &st);
	if (g->n_sub_calls)
		emit_subprog(g);
}

int gen_case_make(uint64_t seed, enum gen_profile profile, struct gen_case *out)
{
	struct gen *g = calloc(1, sizeof(*g));
	struct bv_error err;
	bv_program *prog = bv_program_new();
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!g || !prog)
		goto done;
	g->profile = profile;
	g->rng.s = seed * 0x2545f4914f6cdd1dull + (uint64_t)profile;
	generate(g);
	if (bv_program_set_insns(prog, g->insn, g->n, &err))
		goto done;
	for (unsigned i = 0; i < g->n_maps; i++)
		if (bv_program_add_map(prog, &g->maps[i], &err))
			goto done;
	bv_program_set_type(prog, PROG_SOCKET_FILTER);
	if ((profile == GEN_MIXED || profile == GEN_MAPS) && chance(&g->rng, 5))
		bv_program_set_flags(prog, F_STRICT_ALIGNMENT);
	out->prog = prog;
	out->priv = g->bpf_only ? BV_PRIV_BPF_ONLY : BV_PRIV_ROOT;
	out->seed = seed;
	out->profile = profile;
	prog = NULL;
	rc = 0;
done:
	bv_program_free(prog);
	free(g);
	return rc;
}

void gen_case_free(struct gen_case *c)
{
	bv_program_free(c->prog);
	c->prog = NULL;
}
