/* SPDX-License-Identifier: MIT */
/* Explanations of rules about single instructions: alignment
 * (check_ptr_alignment), pointers spilled, filled or copied in part
 * (check_stack_write_fixed_off, check_stack_read_fixed_off, check_alu_op's
 * 32-bit move), immediate shifts (check_alu_op) and the maps a 64-bit load
 * names (resolve_pseudo_ldimm64, check_map_prog_compatibility). */
#include "explain/explain.h"
#include "isa/opcodes.h"
#include "load/program.h"
#include "verify/env.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct bv_insn *fail_insn(const struct bv_xctx *x)
{
	int i = x->out->where.insn;

	return i >= 0 && (size_t)i < x->prog->n_insns ? &x->prog->insns[i]
						      : NULL;
}

/* "a 4-byte", "an 8-byte" */
static const char *article(long long n)
{
	return n == 8 || n == 11 || n == 18 ? "an" : "a";
}

/* The instruction's text without its "(xx) " opcode prefix. */
static const char *insn_words(const struct bv_xctx *x)
{
	const char *t = x->out->where.insn_text, *p = strstr(t, ") ");

	return p ? p + 2 : t;
}

/* ---- alignment ---- */

/* "misaligned %saccess off %s+%d+%d size %d": the constant parts of the
 * offset summed (NET_IP_ALIGN, reg->off, the instruction's offset); a
 * variable part, "(0x0; 0x4)", makes *variable true. */
static long long misaligned_offset(const char *line, bool *variable)
{
	const char *p = strstr(line, " off "), *end = strstr(line, " size ");
	long long sum = 0;

	*variable = false;
	if (!p || !end)
		return 0;
	for (p += 5; p < end;) {
		char *next;

		if (*p == '(') {
			*variable = true;
			p = strchr(p, ')');
			if (!p || p > end)
				break;
			p++;
		} else {
			sum += strtoll(p, &next, 10);
			if (next == p)
				break;
			p = next;
		}
		if (*p == '+')
			p++;
	}
	return sum;
}

/* The object a misaligned access touches, from check_ptr_alignment's
 * pointer_desc ("stack ", "value ", "packet ", "context ", ""). */
static const char *misaligned_object(const char *line)
{
	static const struct {
		const char *desc, *object;
	} objects[] = {
		{ "misaligned stack ", "stack" },
		{ "misaligned value ", "map value" },
		{ "misaligned packet ", "packet" },
		{ "misaligned context ", "context" },
	};

	for (size_t i = 0; i < sizeof(objects) / sizeof(objects[0]); i++)
		if (!strncmp(line, objects[i].desc, strlen(objects[i].desc)))
			return objects[i].object;
	return "memory";
}

/* The nearest offset at or below off that is a multiple of size. */
static long long align_down(long long off, long long size)
{
	long long r = off % size;

	return r < 0 ? off - (size + r) : off - r;
}

static void alignment_stack(struct bv_xctx *x, long long off, long long size)
{
	struct bv_explanation *e = x->out;
	const struct bv_insn *in = fail_insn(x);
	bool call = in && in->code == (BV_JMP | BV_CALL);

	if (call)
		XSET(e->what,
		     "%s() accesses %lld bytes at fp%lld, which is not %lld-byte "
		     "aligned: on the stack %s %lld-byte access must start at a "
		     "multiple of %lld",
		     bv_xcallee(x, e->where.insn), size, off, size,
		     article(size), size, size);
	else
		XSET(e->what,
		     "the %lld-byte access at fp%lld is not aligned: on the "
		     "stack %s %lld-byte access must start at a multiple of "
		     "%lld",
		     size, off, article(size), size, size);
	bv_xwhy(x, e->where.insn,
		"the verifier tracks the stack in 8-byte slots and requires "
		"every stack access to be aligned to its size, on every "
		"architecture");
	XSET(e->fix,
	     "use fp%lld or another multiple of %lld; in C, a local variable "
	     "of the accessed type, which the compiler aligns%s",
	     align_down(off, size), size,
	     call ? " (for example `unsigned long res;` for a helper's "
		    "result)"
		  : "");
}

void bv_explain_alignment(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	const char *object = misaligned_object(x->line);
	long long size = 0, off;
	bool variable;

	off = misaligned_offset(x->line, &variable);
	bv_xnum(x, " size ", &size);
	if (size <= 0)
		size = 1;
	if (!strcmp(object, "stack") && !variable) {
		alignment_stack(x, off, size);
		return;
	}
	XSET(e->what,
	     "the %lld-byte access at offset %lld%s of the %s is not %lld-byte "
	     "aligned, and the program is verified with strict alignment",
	     size, off, variable ? " plus a variable offset" : "", object,
	     size);
	bv_xwhy_reg(x, bv_xmem_base(x));
	bv_xwhy(x, e->where.insn,
		"with BPF_F_STRICT_ALIGNMENT, or on an architecture without "
		"efficient unaligned access, every access must be aligned to "
		"its size%s",
		!strcmp(object, "packet")
			? " (packet data counts from a 2-byte NET_IP_ALIGN "
			  "offset)"
			: "");
	XSET(e->fix,
	     "place the field at an offset that is a multiple of %lld (reorder "
	     "the struct, or `__attribute__((aligned(%lld)))`), or copy it "
	     "into a local variable with __builtin_memcpy()",
	     size, size);
}

/* ---- pointers on the stack ---- */

/* The store that last wrote the 8-byte stack slot at fp+slot on the
 * failing path, -1 when the walk does not find one. */
static int spill_store(const struct bv_xctx *x, int slot,
		       struct bv_path_pos *at)
{
	struct bv_path_pos pos = x->fail;

	while (bv_path_prev(x->prog, &pos)) {
		const struct bv_insn *in = &x->prog->insns[pos.insn];

		if (pos.depth == 0 && in->code == (BV_STX | BV_MEM | BV_DW) &&
		    in->dst_reg == BV_REG_FP && in->off == slot) {
			*at = pos;
			return pos.insn;
		}
	}
	return -1;
}

/* The pointer held in the slot an access through r10 at off touches. */
static void why_spilled(struct bv_xctx *x, int off)
{
	int slot = (int)align_down(off, 8);
	struct bv_path_pos at;
	const struct bv_trace *ts[1];
	struct bv_trace t;
	int store = x->st ? spill_store(x, slot, &at) : -1;

	if (store < 0) {
		bv_xwhy(x, x->out->where.insn,
			"the 8-byte slot at fp%d holds a spilled pointer",
			slot);
		return;
	}
	bv_trace_reg(x->prog, &at, x->prog->insns[store].src_reg, &t);
	ts[0] = &t;
	bv_xwhy_traces(x, ts, 1);
	bv_xwhy(x, store, "r%d, a pointer, was spilled to the slot at fp%d",
		x->prog->insns[store].src_reg, slot);
}

static void spill_narrow(struct bv_xctx *x, const struct bv_insn *in)
{
	struct bv_explanation *e = x->out;
	const struct bv_reg *r = bv_xreg(x, in->src_reg);

	XSET(e->what,
	     "the program stores r%d (%s) with %s %d-byte store to the stack: "
	     "a pointer may be stored only whole, with an 8-byte store",
	     in->src_reg, r ? TYPE_NAME(r->type) : "a pointer",
	     article(BV_SIZE_BYTES(in->code)), BV_SIZE_BYTES(in->code));
	bv_xwhy_reg(x, in->src_reg);
	XSET(e->fix, "keep pointers in 64-bit variables (`void *`, `__u64`): a "
		     "narrower store would keep only part of the address");
}

static void fill_narrow(struct bv_xctx *x, const struct bv_insn *in)
{
	struct bv_explanation *e = x->out;

	XSET(e->what,
	     "the program reads %d bytes of a stack slot that holds a spilled "
	     "pointer: a spilled pointer may be read back only whole, with an "
	     "8-byte load",
	     BV_SIZE_BYTES(in->code));
	if (in->src_reg == BV_REG_FP)
		why_spilled(x, in->off);
	else
		bv_xwhy_reg(x, in->src_reg);
	XSET(e->fix,
	     "read the variable with its own type; when one stack slot holds "
	     "a pointer on one path and a number on another, use two "
	     "variables (the compiler may share a slot between them: declare "
	     "them in separate scopes or mark one `volatile`)");
}

static void spill_corrupt(struct bv_xctx *x, const struct bv_insn *in)
{
	struct bv_explanation *e = x->out;

	XSET(e->what,
	     "the %d-byte store to fp%d overwrites part of a pointer spilled "
	     "there: a loader without CAP_PERFMON may not mix a pointer's "
	     "bytes with other data",
	     BV_SIZE_BYTES(in->code), in->off);
	if (in->dst_reg == BV_REG_FP)
		why_spilled(x, in->off);
	XSET(e->fix, "store the new value in a slot of its own (another "
		     "variable), or overwrite all 8 bytes; or load the program "
		     "with CAP_PERFMON");
}

static void spill_caller_frame(struct bv_xctx *x, const struct bv_insn *in)
{
	struct bv_explanation *e = x->out;
	struct bv_trace t[2];
	const struct bv_trace *ts[2] = { &t[0], &t[1] };

	XSET(e->what,
	     "the function stores r%d, a pointer to the stack, into its "
	     "caller's stack frame (through r%d)",
	     in->src_reg, in->dst_reg);
	bv_xtrace(x, in->src_reg, &t[0]);
	bv_xtrace(x, in->dst_reg, &t[1]);
	bv_xwhy_traces(x, ts, 2);
	bv_xwhy(x, e->where.insn,
		"the verifier tracks spilled stack pointers in the frame that "
		"owns them only, so it refuses them in an older frame");
	XSET(e->fix, "keep the pointer in the function's own stack, or pass "
		     "the data instead of a pointer to it");
}

void bv_explain_spill(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	const struct bv_insn *in = fail_insn(x);

	if (!in) {
		XSET(e->what,
		     "a pointer is stored, read or copied other than "
		     "whole: %s",
		     x->line);
		XSET(e->fix, "keep pointers in 64-bit variables");
		return;
	}
	if (strstr(x->line, "register spill"))
		spill_narrow(x, in);
	else if (strstr(x->line, "register fill"))
		fill_narrow(x, in);
	else if (strstr(x->line, "corrupt spilled pointer"))
		spill_corrupt(x, in);
	else if (strstr(x->line, "frame of the caller"))
		spill_caller_frame(x, in);
	else {
		XSET(e->what,
		     "`%s` copies the lower 32 bits of r%d, a pointer: a "
		     "loader without CAP_PERFMON may not turn part of an "
		     "address into a number",
		     insn_words(x), in->src_reg);
		bv_xwhy_reg(x, in->src_reg);
		XSET(e->fix,
		     "copy pointers with 64-bit moves (`r0 = r1`, a 64-bit C "
		     "type); load the program with CAP_PERFMON to compute with "
		     "addresses");
	}
}

/* ---- shifts ---- */

void bv_explain_shift(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	const struct bv_insn *in = fail_insn(x);
	int width = in && BV_CLASS(in->code) == BV_ALU64 ? 64 : 32;
	long long by = 0;

	bv_xnum(x, "invalid shift ", &by);
	XSET(e->what,
	     "`%s` shifts by %lld, but a %d-bit shift must be by 0..%d",
	     in ? insn_words(x) : "the instruction", by, width, width - 1);
	bv_xwhy(x, e->where.insn,
		"a shift by the operand's width or more gives different "
		"results on different CPUs, so the verifier refuses an "
		"immediate shift count outside 0..%d (a count in a register "
		"is allowed; the result is then unknown)",
		width - 1);
	XSET(e->fix,
	     "shift by less than %d; to clear the value assign 0; in C, "
	     "check the shifted type (a 32-bit int shifted by 32 or more is "
	     "undefined: widen it to __u64 first)",
	     width);
}

/* ---- the maps a program names ---- */

static bool is_map_load(const struct bv_insn *in)
{
	return in->code == (BV_LD | BV_IMM | BV_DW) &&
	       (in->src_reg == BV_PSEUDO_MAP_FD ||
		in->src_reg == BV_PSEUDO_MAP_VALUE);
}

/* The first 64-bit map load that names fd and no map, -1 */
static int load_of_fd(const struct bv_program *prog, long long fd)
{
	for (size_t i = 0; i + 1 < prog->n_insns; i++)
		if (is_map_load(&prog->insns[i]) && prog->insns[i].imm == fd &&
		    bv_program_map_for_ldimm(prog, i) < 0)
			return (int)i;
	return -1;
}

/* The first direct value load (BPF_PSEUDO_MAP_VALUE), -1 */
static int value_load(const struct bv_program *prog)
{
	for (size_t i = 0; i + 1 < prog->n_insns; i++)
		if (prog->insns[i].code == (BV_LD | BV_IMM | BV_DW) &&
		    prog->insns[i].src_reg == BV_PSEUDO_MAP_VALUE)
			return (int)i;
	return -1;
}

static const struct bv_map_def *map_of_load(const struct bv_xctx *x, int i)
{
	int idx = i >= 0 ? bv_program_map_for_ldimm(x->prog, (size_t)i) : -1;

	return idx >= 0 ? bv_program_map_at(x->prog, idx) : NULL;
}

static void map_use_fd(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	long long fd = -1;
	int at;

	bv_xnum(x, "fd ", &fd);
	at = load_of_fd(x->prog, fd);
	if (at >= 0)
		bv_explain_loc_fill(x->prog, at, &e->where);
	XSET(e->what,
	     "the 64-bit map load at insn %d names map fd %lld, but no map "
	     "has that file descriptor",
	     e->where.insn, fd);
	bv_xwhy(x, e->where.insn,
		"a map load must carry the fd of a map the loader created; "
		"libbpf writes it through the relocation of `&map`, so a load "
		"written by hand, or one no relocation covers, keeps its raw "
		"number");
	XSET(e->fix, "refer to maps by their C name (`&my_map`), declared in "
		     "SEC(\".maps\"), so the loader relocates the load");
}

static void map_use_value(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;
	int at = value_load(x->prog);
	const struct bv_map_def *m = map_of_load(x, at);
	const char *type = m ? bv_map_type_name(m->type) : NULL;

	if (at >= 0)
		bv_explain_loc_fill(x->prog, at, &e->where);
	if (strstr(x->line, "value_size=")) {
		long long size = 0, off = 0;

		bv_xnum(x, "value_size=", &size);
		bv_xnum(x, "off=", &off);
		XSET(e->what,
		     "the direct load of map %s's value points %lld bytes in, "
		     "past its %lld-byte value",
		     m ? m->name : "?", off, size);
		bv_xwhy(x, e->where.insn,
			"the address of a global variable is its offset in "
			"the map's one value");
		XSET(e->fix, "keep the offset within the value (a variable of "
			     "the section, not past its end)");
		return;
	}
	XSET(e->what,
	     "the program takes the address of a value of map %s directly, "
	     "which only array maps allow; %s is a %s map",
	     m ? m->name : "?", m ? m->name : "the map", type ? type : "?");
	bv_xwhy(x, e->where.insn,
		"global variables (.data, .bss, .rodata) are array maps of "
		"one value: their loads are direct value loads");
	XSET(e->fix, "look the value up with bpf_map_lookup_elem() and check "
		     "the result for NULL, or make the map an array");
}

void bv_explain_map_use(struct bv_xctx *x)
{
	struct bv_explanation *e = x->out;

	if (strstr(x->line, "is not pointing to valid bpf_map")) {
		map_use_fd(x);
		return;
	}
	if (strstr(x->line, "direct value") ||
	    strstr(x->line, "map value pointer")) {
		map_use_value(x);
		return;
	}
	XSET(e->what,
	     "a sleepable program (section %s) uses a map of a type "
	     "sleepable programs may not use",
	     x->prog->section[0] ? x->prog->section : "?");
	bv_xwhy(x, e->where.insn,
		"a sleepable program may use only array, hash, ringbuf, queue "
		"or stack, and local storage maps, also as the inner maps of "
		"a map-in-map: the others are not safe to touch while the "
		"program sleeps");
	XSET(e->fix, "use one of those map types, or a program that does not "
		     "sleep (a section without .s)");
}
