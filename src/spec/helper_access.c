/* SPDX-License-Identifier: MIT */
/* Which helpers a program may call, and what check_helper_call() in
 * kernel/bpf/verifier.c logs when it may not. Availability comes from the
 * table measured on the live kernel (helper_access_table.c); the gpl_only
 * and might_sleep checks from the prototypes (helper_protos.c). */
#include "spec/helpers.h"

#include <stdio.h>

static bool test_bit(const uint32_t *words, int32_t id)
{
	return words[id / 32] & (1u << (id % 32));
}

static bool valid_id(int32_t id)
{
	return id >= 0 && id < BV_HELPER_COUNT;
}

/* A program type's default row: the first measured for it. */
static const struct bv_helper_access *default_row(uint32_t prog_type)
{
	for (size_t i = 0; i < bv_helper_access_count; i++)
		if (bv_helper_access_table[i].prog_type == prog_type)
			return &bv_helper_access_table[i];
	return NULL;
}

const struct bv_helper_access *bv_helper_access_find(uint32_t prog_type,
						     uint32_t attach_type,
						     bool sleepable)
{
	for (size_t i = 0; i < bv_helper_access_count; i++) {
		const struct bv_helper_access *row = &bv_helper_access_table[i];

		if (row->prog_type == prog_type &&
		    row->attach_type == attach_type &&
		    row->sleepable == sleepable)
			return row;
	}
	return default_row(prog_type);
}

static bool row_allows(const struct bv_helper_access *row, int32_t id,
		       enum bv_privilege priv)
{
	return row && row->loadable[priv] && test_bit(row->allowed[priv], id);
}

bool bv_helper_allowed(int32_t id, uint32_t prog_type, enum bv_privilege priv)
{
	if (!valid_id(id))
		return false;
	return row_allows(default_row(prog_type), id, priv);
}

/* Program types whose get_func_proto() looks at the attach target (the
 * function, hook or struct_ops member), not only at the attach type. */
static bool target_dependent(uint32_t prog_type)
{
	/* tracing, struct_ops, ext, lsm */
	static const uint32_t types[] = { 26, 27, 28, 29 };

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i] == prog_type)
			return true;
	return false;
}

/* The row for the caller's variant, or NULL when none applies. */
static const struct bv_helper_access *
caller_row(const struct bv_helper_caller *c)
{
	const struct bv_helper_access *row = bv_helper_access_find(
		c->prog_type, c->attach_type, c->sleepable);

	if (row && target_dependent(c->prog_type) &&
	    (row->attach_type != c->attach_type ||
	     row->sleepable != c->sleepable))
		return NULL;
	return row;
}

/* enum bpf_attach_type of the trampoline-based tracing programs, and the
 * helpers only they get (bpf_prog_has_trampoline in
 * tracing_prog_func_proto) */
enum {
	ATTACH_TRACE_RAW_TP = 23,
	ATTACH_TRACE_FENTRY = 24,
	ATTACH_TRACE_FEXIT = 25,
	ATTACH_MODIFY_RETURN = 26,
	HELPER_D_PATH = 147,
};
static const int32_t trampoline_helpers[] = { 183, 184, 185 };

static bool is_trampoline(const struct bv_helper_caller *c)
{
	return c->prog_type == 26 && (c->attach_type == ATTACH_TRACE_FENTRY ||
				      c->attach_type == ATTACH_TRACE_FEXIT ||
				      c->attach_type == ATTACH_MODIFY_RETURN);
}

/* fentry, fexit and fmod_ret cannot be loaded here (EPERM before
 * verification), so their row is derived: tracing_prog_func_proto gives
 * them what a tp_btf program gets (measured) plus the trampoline helpers.
 * Sleepable ones are not derived. */
static bool derive_trampoline_row(const struct bv_helper_caller *c,
				  struct bv_helper_access *out)
{
	const struct bv_helper_access *tp =
		bv_helper_access_find(c->prog_type, ATTACH_TRACE_RAW_TP, false);

	if (!is_trampoline(c) || c->sleepable || !tp ||
	    tp->attach_type != ATTACH_TRACE_RAW_TP)
		return false;
	*out = *tp;
	out->attach_type = c->attach_type;
	for (size_t i = 0;
	     i < sizeof(trampoline_helpers) / sizeof(trampoline_helpers[0]);
	     i++)
		for (int p = 0; p < 2; p++)
			out->allowed[p][trampoline_helpers[i] / 32] |=
				1u << (trampoline_helpers[i] % 32);
	return true;
}

/* The checks in check_helper_call()'s order: get_helper_proto() (-ERANGE,
 * then no prototype), gpl_only, allowed(), might_sleep. */
enum bv_helper_verdict bv_helper_check(int32_t id,
				       const struct bv_helper_caller *caller)
{
	struct bv_helper_access derived;
	const struct bv_helper_access *row;
	const struct bv_helper_proto *proto;

	if (!valid_id(id))
		return BV_HELPER_INVALID;
	row = caller_row(caller);
	if (!row && derive_trampoline_row(caller, &derived)) {
		/* bpf_d_path's allowed callback looks at the target */
		if (id == HELPER_D_PATH)
			return BV_HELPER_UNMEASURED;
		row = &derived;
	}
	if (!row)
		return BV_HELPER_UNMEASURED;
	proto = bv_helper_proto_attach(id, caller->prog_type,
				       caller->attach_type);
	if (!proto || !row_allows(row, id, caller->priv))
		return BV_HELPER_DENIED;
	if (proto->gpl_only && !caller->gpl_compatible)
		return BV_HELPER_GPL;
	if (proto->has_allowed_cb && test_bit(row->not_in_probe, id))
		return BV_HELPER_NOT_IN_PROBE;
	if (proto->might_sleep && !caller->sleepable)
		return BV_HELPER_MIGHT_SLEEP;
	return BV_HELPER_OK;
}

int bv_helper_message(enum bv_helper_verdict v, int32_t id, char *buf,
		      size_t len)
{
	/* func_id_name() says "unknown" for ids out of range */
	const char *name = bv_helper_name(id) ? bv_helper_name(id) : "unknown";

	switch (v) {
	case BV_HELPER_INVALID:
		return snprintf(buf, len, BV_MSG_HELPER_INVALID, name, id);
	case BV_HELPER_DENIED:
		return snprintf(buf, len, BV_MSG_HELPER_DENIED, name, id);
	case BV_HELPER_GPL:
		return snprintf(buf, len, "%s", BV_MSG_HELPER_GPL);
	case BV_HELPER_NOT_IN_PROBE:
		return snprintf(buf, len, "%s", BV_MSG_HELPER_NOT_IN_PROBE);
	case BV_HELPER_MIGHT_SLEEP:
		return snprintf(buf, len, "%s", BV_MSG_HELPER_MIGHT_SLEEP);
	case BV_HELPER_OK:
	case BV_HELPER_UNMEASURED:
		break;
	}
	if (len)
		buf[0] = '\0';
	return 0;
}
