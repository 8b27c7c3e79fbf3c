/* SPDX-License-Identifier: MIT */
/* The register and stack text of the verifier log (print_verifier_state,
 * print_reg_state and reg_type_str of kernel/bpf/log.c, Linux 6.18). */
#include "report/scalar_text.h"
#include "verify/btf_ptr.h"
#include "verify/env.h"

#include <stdio.h>
#include <string.h>

static const char *const base_type_names[BV_REG_TYPE_MAX] = {
	[BV_NOT_INIT] = "?",
	[BV_SCALAR_VALUE] = "scalar",
	[BV_PTR_TO_CTX] = "ctx",
	[BV_CONST_PTR_TO_MAP] = "map_ptr",
	[BV_PTR_TO_MAP_VALUE] = "map_value",
	[BV_PTR_TO_STACK] = "fp",
	[BV_PTR_TO_PACKET] = "pkt",
	[BV_PTR_TO_PACKET_META] = "pkt_meta",
	[BV_PTR_TO_PACKET_END] = "pkt_end",
	[BV_PTR_TO_FLOW_KEYS] = "flow_keys",
	[BV_PTR_TO_SOCKET] = "sock",
	[BV_PTR_TO_SOCK_COMMON] = "sock_common",
	[BV_PTR_TO_TCP_SOCK] = "tcp_sock",
	[BV_PTR_TO_TP_BUFFER] = "tp_buffer",
	[BV_PTR_TO_XDP_SOCK] = "xdp_sock",
	[BV_PTR_TO_BTF_ID] = "ptr_",
	[BV_PTR_TO_MEM] = "mem",
	[BV_PTR_TO_ARENA] = "arena",
	[BV_PTR_TO_BUF] = "buf",
	[BV_PTR_TO_FUNC] = "func",
	[BV_PTR_TO_MAP_KEY] = "map_key",
	[BV_CONST_PTR_TO_DYNPTR] = "dynptr_ptr",
};

/* Prefixes in the kernel's order. */
static const struct {
	uint32_t flag;
	const char *text;
} type_prefixes[] = {
	{ BV_MEM_RDONLY, "rdonly_" }, { BV_MEM_RINGBUF, "ringbuf_" },
	{ BV_MEM_USER, "user_" },     { BV_MEM_PERCPU, "percpu_" },
	{ BV_MEM_RCU, "rcu_" },	      { BV_PTR_UNTRUSTED, "untrusted_" },
	{ BV_PTR_TRUSTED, "trusted_" },
};

const char *bv_reg_type_str(uint32_t type, char *buf, size_t len)
{
	uint32_t base = BV_BASE_TYPE(type);
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(type_prefixes) / sizeof(type_prefixes[0]); i++)
		if (type & type_prefixes[i].flag)
			used += (size_t)snprintf(buf + used, len - used, "%s",
						 type_prefixes[i].text);
	snprintf(buf + used, len - used, "%s%s",
		 base < BV_REG_TYPE_MAX ? base_type_names[base] : "?",
		 !(type & BV_PTR_MAYBE_NULL) ? ""
		 : base == BV_PTR_TO_BTF_ID  ? "or_null_"
					     : "_or_null");
	return buf;
}

static bool is_pkt_pointer(uint32_t type)
{
	uint32_t base = BV_BASE_TYPE(type);

	return base == BV_PTR_TO_PACKET || base == BV_PTR_TO_PACKET_META;
}

static bool is_map_pointer(uint32_t type)
{
	uint32_t base = BV_BASE_TYPE(type);

	return base == BV_CONST_PTR_TO_MAP || base == BV_PTR_TO_MAP_VALUE ||
	       base == BV_PTR_TO_MAP_KEY;
}

/* Fields inside "type(...)": each but the first preceded by a comma. */
struct fields {
	struct bv_env *env;
	const char *sep;
};

__attribute__((format(printf, 2, 3))) static void field(struct fields *f,
							const char *fmt, ...)
{
	va_list ap;

	bv_verbose(f->env, "%s", f->sep);
	va_start(ap, fmt);
	bv_vlogv(&f->env->log, fmt, ap);
	va_end(ap);
	f->sep = ",";
}

static void print_snum(struct bv_env *env, int64_t v)
{
	char num[32];

	bv_snum_text(v, num, sizeof(num));
	bv_verbose(env, "%s", num);
}

static void print_pointer_fields(struct bv_env *env, const struct bv_reg *reg,
				 struct fields *f)
{
	const struct bv_program *prog = env->prog;
	char num[32];

	if (is_map_pointer(reg->type) && reg->map_idx >= 0) {
		const struct bv_map_def *m = bv_program_map_at(prog, reg->map_idx);
		char name[BV_KERNEL_MAP_NAME_LEN];

		/* an inner map template has no name in the kernel */
		bv_kernel_map_name(reg->map_idx < BV_MAX_MAPS ? m->name : "", name);
		if (name[0])
			field(f, "map=%s", name);
		field(f, "ks=%u,vs=%u", m->key_size, m->value_size);
	}
	/* print_reg_state: off as verbose_snum, a packet range as
	 * verbose_unum of the int widened to 64 bits (BEYOND_PKT_END, -2,
	 * prints "r=0xfffffffffffffffe") */
	if (reg->off) {
		bv_snum_text(reg->off, num, sizeof(num));
		field(f, "off=%s", num);
	}
	if (is_pkt_pointer(reg->type)) {
		bv_unum_text((uint64_t)(int64_t)reg->range, num, sizeof(num));
		field(f, "r=%s", num);
	}
	if (BV_BASE_TYPE(reg->type) == BV_PTR_TO_MEM)
		field(f, "sz=%d", reg->range);
}

static void print_reg_state(struct bv_env *env, const struct bv_frame *frame,
			    const struct bv_reg *reg)
{
	struct fields f = { .env = env, .sep = "" };
	char text[64];

	if (reg->type == BV_SCALAR_VALUE && reg->precise)
		bv_verbose(env, "P");
	if (reg->type == BV_SCALAR_VALUE && bv_tnum_is_const(reg->s.var_off)) {
		print_snum(env, (int64_t)reg->s.var_off.value);
		return;
	}
	bv_verbose(env, "%s", bv_reg_type_str(reg->type, text, sizeof(text)));
	if (reg->type == BV_PTR_TO_STACK) {
		if (frame->frameno != reg->frameno)
			bv_verbose(env, "[%d]", reg->frameno);
		if (bv_tnum_is_const(reg->s.var_off)) {
			print_snum(env, (int64_t)(reg->s.var_off.value +
						  (uint64_t)(int64_t)reg->off));
			return;
		}
	}
	if (BV_BASE_TYPE(reg->type) == BV_PTR_TO_BTF_ID)
		bv_verbose(
			env, "%s",
			bv_btf_type_name(bv_env_kernel_btf(env), reg->btf_id));
	bv_verbose(env, "(");
	if (reg->id)
		field(&f, "id=%u", reg->id & ~BV_ID_ADD_CONST);
	if (reg->id & BV_ID_ADD_CONST)
		bv_verbose(env, "%+d", reg->off);
	if (reg->ref_obj_id)
		field(&f, "ref_obj_id=%u", reg->ref_obj_id);
	if (reg->type != BV_SCALAR_VALUE)
		print_pointer_fields(env, reg, &f);
	if (bv_tnum_is_const(reg->s.var_off)) {
		if (reg->s.var_off.value)
			field(&f, "imm=%llx",
			      (unsigned long long)reg->s.var_off.value);
	} else {
		char ranges[512];

		if (bv_scalar_ranges_text(&reg->s, f.sep[0] != '\0', ranges,
					  sizeof(ranges)))
			bv_verbose(env, "%s", ranges);
	}
	bv_verbose(env, ")");
}

static const char slot_type_char[] = { '?', 'r', 'm', '0', 'd', 'i', 'f' };

static void print_stack_slot(struct bv_env *env, const struct bv_frame *frame,
			     unsigned spi)
{
	const struct bv_stack_slot *slot = &frame->stack[spi];
	char types[BV_SLOT_SIZE + 1];
	bool valid = false;
	int off = -(int)(spi + 1) * BV_SLOT_SIZE;

	for (unsigned j = 0; j < BV_SLOT_SIZE; j++) {
		valid |= slot->type[j] != BV_STACK_INVALID;
		types[j] = slot_type_char[slot->type[j]];
	}
	types[BV_SLOT_SIZE] = '\0';
	if (!valid)
		return;
	if (slot->type[BV_SLOT_SIZE - 1] == BV_STACK_SPILL) {
		unsigned j = 0;

		/* the bytes above a narrower spill print as their own types */
		while (j < BV_SLOT_SIZE && slot->type[j] != BV_STACK_SPILL)
			j++;
		types[j] = '\0';
		bv_verbose(env, " fp%d=%s", off, types);
		print_reg_state(env, frame, &slot->spilled);
		return;
	}
	bv_verbose(env, " fp%d=%s", off, types);
}

void bv_print_verifier_state(struct bv_env *env, const struct bv_vstate *st,
			     unsigned frameno, bool print_all)
{
	const struct bv_frame *frame = st->frames[frameno];

	if (frame->frameno)
		bv_verbose(env, " frame%u:", frame->frameno);
	for (unsigned i = 0; i < BV_MAX_REG; i++) {
		const struct bv_reg *reg = &frame->regs[i];

		if (reg->type == BV_NOT_INIT)
			continue;
		if (!print_all && !(env->scratched_regs & (1ull << i)))
			continue;
		bv_verbose(env, " R%u=", i);
		print_reg_state(env, frame, reg);
	}
	for (unsigned spi = 0; spi < frame->allocated_stack / BV_SLOT_SIZE; spi++) {
		if (!print_all && !(env->scratched_stack_slots & (1ull << spi)))
			continue;
		print_stack_slot(env, frame, spi);
	}
	if (st->n_refs) {
		bv_verbose(env, " refs=%u", st->refs[0].id);
		for (unsigned i = 1; i < st->n_refs; i++)
			bv_verbose(env, ",%u", st->refs[i].id);
	}
	bv_verbose(env, "\n");
	if (!print_all) {
		env->scratched_regs = 0;
		env->scratched_stack_slots = 0;
	}
}

/* vlog_alignment: the state after an instruction starts in the column
 * rounded up from the instruction's text (BPF_LOG_ALIGNMENT 40,
 * BPF_LOG_MIN_ALIGNMENT 8). */
static unsigned vlog_alignment(size_t pos)
{
	size_t want = pos + 8 / 2 > 40 ? pos + 8 / 2 : 40;

	return (unsigned)(((want + 7) / 8) * 8 - pos - 1);
}

void bv_print_insn_state(struct bv_env *env, const struct bv_vstate *st,
			 unsigned frameno)
{
	if (env->prev_log_pos && env->prev_log_pos == env->log.end_pos) {
		/* continue the instruction's line: drop its newline */
		bv_vlog_reset(&env->log, env->prev_log_pos - 1);
		bv_verbose(env, "%*c;", vlog_alignment(env->prev_insn_print_pos),
			   ' ');
	} else {
		bv_verbose(env, "%d:", env->insn_idx);
	}
	bv_print_verifier_state(env, st, frameno, false);
}
