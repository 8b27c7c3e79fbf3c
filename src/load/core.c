/* SPDX-License-Identifier: MIT */
/* CO-RE relocations (struct bpf_core_relo of .BTF.ext) resolved against
 * the target kernel BTF as libbpf's relo_core.c does: the local access
 * spec, candidate types with the same essential name, field matching,
 * the relocated value, and bpf_core_patch_insn (an unresolvable
 * relocation poisons the instruction). */
#include "load/elf.h"

#include <bpf/btf.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SPEC_MAX 64 /* BPF_CORE_SPEC_MAX_LEN */

enum relo_kind {
	FIELD_BYTE_OFFSET = 0, FIELD_BYTE_SIZE, FIELD_EXISTS, FIELD_SIGNED,
	FIELD_LSHIFT_U64, FIELD_RSHIFT_U64, TYPE_ID_LOCAL, TYPE_ID_TARGET,
	TYPE_EXISTS, TYPE_SIZE, ENUMVAL_EXISTS, ENUMVAL_VALUE, TYPE_MATCHES,
};

static const char *const kind_names[] = {
	"byte_off", "byte_sz", "field_exists", "signed", "lshift_u64",
	"rshift_u64", "local_type_id", "target_type_id", "type_exists",
	"type_size", "enumval_exists", "enumval_value", "type_matches",
};

struct relo {
	uint32_t insn_off, type_id, access_str_off, kind;
};

struct acc {
	uint32_t type_id, idx;
	const char *name;
};

struct spec {
	const struct btf *btf;
	uint32_t root_type_id, kind;
	struct acc spec[SPEC_MAX];
	int len;
	int raw[SPEC_MAX];
	int raw_len;
	uint32_t bit_offset;
};

struct res {
	uint64_t orig_val, new_val;
	bool poison, validate, fail_memsz_adjust;
	uint32_t orig_sz, new_sz, orig_type_id, new_type_id;
};

/* candidates per local root type (libbpf's cand_cache), pruned as
 * relocations find some of them not matching */
struct bv_core_cands {
	uint32_t local_id;
	uint32_t *ids;
	size_t n;
	struct bv_core_cands *next;
};

static bool is_field(uint32_t k) { return k <= FIELD_RSHIFT_U64; }
static bool is_type(uint32_t k) { return (k >= TYPE_ID_LOCAL && k <= TYPE_SIZE) || k == TYPE_MATCHES; }
static bool is_enumval(uint32_t k) { return k == ENUMVAL_EXISTS || k == ENUMVAL_VALUE; }

const struct btf_type *bv_btf_skip_mods(const struct btf *btf, uint32_t id,
				       uint32_t *res)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	unsigned depth = 0;

	if (res)
		*res = id;
	while (t && (btf_is_mod(t) || btf_is_typedef(t)) && depth++ < 64) {
		if (res)
			*res = t->type;
		t = btf__type_by_id(btf, t->type);
	}
	return t;
}

static bool str_empty(const char *s)
{
	return !s || !s[0];
}

/* bpf_core_essential_name_len: the name before a ___flavor suffix */
static size_t essential_len(const char *name)
{
	size_t n = strlen(name);

	for (int i = (int)n - 5; i >= 0; i--)
		if (name[i] != '_' && name[i + 1] == '_' && name[i + 2] == '_' &&
		    name[i + 3] == '_' && name[i + 4] != '_')
			return (size_t)i + 1;
	return n;
}

static bool kinds_compat(const struct btf_type *a, const struct btf_type *b)
{
	return btf_kind(a) == btf_kind(b) || (btf_is_any_enum(a) && btf_is_any_enum(b));
}

static long long resolve_size(const struct btf *btf, uint32_t id)
{
	return btf__resolve_size(btf, id);
}

/* is_flex_arr: a zero-sized array last in its struct */
static bool is_flex(const struct btf *btf, const struct acc *acc,
		    const struct btf_array *arr)
{
	const struct btf_type *t;

	if (!acc->name || arr->nelems > 0)
		return false;
	t = btf__type_by_id(btf, acc->type_id);
	return t && acc->idx == (uint32_t)btf_vlen(t) - 1;
}

static uint32_t member_bit_offset(const struct btf_type *t, uint32_t i)
{
	return btf_member_bit_offset(t, i);
}

/* bpf_core_parse_spec */
static int parse_spec(const struct btf *btf, const struct relo *r, struct spec *s)
{
	const char *str = btf__name_by_offset(btf, r->access_str_off);
	const struct btf_type *t;
	uint32_t id;
	long long sz;

	if (str_empty(str) || *str == ':')
		return -EINVAL;
	memset(s, 0, sizeof(*s));
	s->btf = btf;
	s->root_type_id = r->type_id;
	s->kind = r->kind;
	if (is_type(r->kind))
		return strcmp(str, "0") ? -EINVAL : 0;
	while (*str) {
		int v, used;

		if (*str == ':')
			str++;
		if (sscanf(str, "%d%n", &v, &used) != 1 || v < 0)
			return -EINVAL;
		if (s->raw_len == SPEC_MAX)
			return -E2BIG;
		str += used;
		s->raw[s->raw_len++] = v;
	}
	if (!s->raw_len)
		return -EINVAL;
	t = bv_btf_skip_mods(btf, r->type_id, &id);
	if (!t)
		return -EINVAL;
	s->spec[0] = (struct acc){ id, (uint32_t)s->raw[0], NULL };
	s->len = 1;
	if (is_enumval(r->kind)) {
		if (!btf_is_any_enum(t) || s->raw_len > 1 || s->raw[0] >= btf_vlen(t))
			return -EINVAL;
		s->spec[0].name = btf__name_by_offset(btf, btf_is_enum(t)
					? btf_enum(t)[s->raw[0]].name_off
					: btf_enum64(t)[s->raw[0]].name_off);
		return 0;
	}
	if (!is_field(r->kind))
		return -EINVAL;
	sz = resolve_size(btf, id);
	if (sz < 0)
		return (int)sz;
	s->bit_offset = (uint32_t)(s->raw[0] * sz * 8);
	for (int i = 1; i < s->raw_len; i++) {
		uint32_t idx = (uint32_t)s->raw[i];

		t = bv_btf_skip_mods(btf, id, &id);
		if (!t)
			return -EINVAL;
		if (btf_is_composite(t)) {
			const struct btf_member *m;

			if (idx >= btf_vlen(t))
				return -EINVAL;
			s->bit_offset += member_bit_offset(t, idx);
			m = btf_members(t) + idx;
			if (m->name_off) {
				const char *n = btf__name_by_offset(btf, m->name_off);

				if (str_empty(n))
					return -EINVAL;
				s->spec[s->len++] = (struct acc){ id, idx, n };
			}
			id = m->type;
		} else if (btf_is_array(t)) {
			const struct btf_array *a = btf_array(t);

			t = bv_btf_skip_mods(btf, a->type, &id);
			if (!t || (!is_flex(btf, &s->spec[s->len - 1], a) && idx >= a->nelems))
				return -EINVAL;
			s->spec[s->len++] = (struct acc){ id, idx, NULL };
			sz = resolve_size(btf, id);
			if (sz < 0)
				return (int)sz;
			s->bit_offset += (uint32_t)(idx * sz * 8);
		} else {
			return -EINVAL;
		}
	}
	return 0;
}

/* bpf_core_fields_are_compat */
static int fields_compat(const struct btf *lb, uint32_t lid, const struct btf *tb,
			 uint32_t tid)
{
	for (int depth = 0; depth < 64; depth++) {
		const struct btf_type *l = bv_btf_skip_mods(lb, lid, &lid);
		const struct btf_type *t = bv_btf_skip_mods(tb, tid, &tid);

		if (!l || !t)
			return -EINVAL;
		if (btf_is_composite(l) && btf_is_composite(t))
			return 1;
		if (!kinds_compat(l, t))
			return 0;
		switch (btf_kind(l)) {
		case BTF_KIND_PTR:
		case BTF_KIND_FLOAT:
			return 1;
		case BTF_KIND_FWD:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64: {
			const char *ln = btf__name_by_offset(lb, l->name_off);
			const char *tn = btf__name_by_offset(tb, t->name_off);
			size_t ll = essential_len(ln), tl = essential_len(tn);

			return !ll || !tl || (ll == tl && !strncmp(ln, tn, ll));
		}
		case BTF_KIND_INT:
			return btf_int_offset(l) == 0 && btf_int_offset(t) == 0;
		case BTF_KIND_ARRAY:
			lid = btf_array(l)->type;
			tid = btf_array(t)->type;
			continue;
		default:
			return 0;
		}
	}
	return -EINVAL;
}

/* __bpf_core_types_are_compat */
static int types_compat(const struct btf *lb, uint32_t lid, const struct btf *tb,
			uint32_t tid, int level)
{
	const struct btf_type *l = btf__type_by_id(lb, lid);
	const struct btf_type *t = btf__type_by_id(tb, tid);

	if (!l || !t || !kinds_compat(l, t))
		return 0;
	for (int depth = 0; depth < 32; depth++) {
		l = bv_btf_skip_mods(lb, lid, &lid);
		t = bv_btf_skip_mods(tb, tid, &tid);
		if (!l || !t)
			return -EINVAL;
		if (!kinds_compat(l, t))
			return 0;
		switch (btf_kind(l)) {
		case BTF_KIND_UNKN:
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_ENUM:
		case BTF_KIND_FWD:
		case BTF_KIND_ENUM64:
			return 1;
		case BTF_KIND_INT:
			return btf_int_offset(l) == 0 && btf_int_offset(t) == 0;
		case BTF_KIND_PTR:
			lid = l->type;
			tid = t->type;
			continue;
		case BTF_KIND_ARRAY:
			lid = btf_array(l)->type;
			tid = btf_array(t)->type;
			continue;
		case BTF_KIND_FUNC_PROTO: {
			const struct btf_param *lp = btf_params(l), *tp = btf_params(t);

			if (btf_vlen(l) != btf_vlen(t))
				return 0;
			for (unsigned i = 0; i < btf_vlen(l); i++) {
				uint32_t a, b;
				int err;

				if (level <= 0)
					return -EINVAL;
				bv_btf_skip_mods(lb, lp[i].type, &a);
				bv_btf_skip_mods(tb, tp[i].type, &b);
				err = types_compat(lb, a, tb, b, level - 1);
				if (err <= 0)
					return err;
			}
			bv_btf_skip_mods(lb, l->type, &lid);
			bv_btf_skip_mods(tb, t->type, &tid);
			continue;
		}
		default:
			return 0;
		}
	}
	return -EINVAL;
}

static bool names_match(const struct btf *lb, uint32_t loff, const struct btf *tb,
			uint32_t toff)
{
	const char *l = btf__name_by_offset(lb, loff), *t = btf__name_by_offset(tb, toff);
	size_t ll, tl;

	if (str_empty(t))
		return str_empty(l);
	if (!l)
		return false;
	ll = essential_len(l);
	tl = essential_len(t);
	return ll == tl && !strncmp(l, t, ll);
}

static int types_match(const struct btf *lb, uint32_t lid, const struct btf *tb,
		       uint32_t tid, bool behind_ptr, int level);

static int enums_match(const struct btf *lb, const struct btf_type *l,
		       const struct btf *tb, const struct btf_type *t)
{
	if (l->size != t->size || btf_vlen(l) > btf_vlen(t))
		return 0;
	for (unsigned i = 0; i < btf_vlen(l); i++) {
		uint32_t ln = btf_is_enum(l) ? btf_enum(l)[i].name_off : btf_enum64(l)[i].name_off;
		bool found = false;

		for (unsigned j = 0; j < btf_vlen(t) && !found; j++)
			found = names_match(lb, ln, tb, btf_is_enum(t) ? btf_enum(t)[j].name_off
							: btf_enum64(t)[j].name_off);
		if (!found)
			return 0;
	}
	return 1;
}

static int composites_match(const struct btf *lb, const struct btf_type *l,
			    const struct btf *tb, const struct btf_type *t,
			    bool behind_ptr, int level)
{
	const struct btf_member *lm = btf_members(l);

	if (btf_vlen(l) > btf_vlen(t))
		return 0;
	for (unsigned i = 0; i < btf_vlen(l); i++, lm++) {
		const struct btf_member *tm = btf_members(t);
		bool matched = false;

		for (unsigned j = 0; j < btf_vlen(t) && !matched; j++, tm++) {
			int err;

			if (!names_match(lb, lm->name_off, tb, tm->name_off))
				continue;
			err = types_match(lb, lm->type, tb, tm->type, behind_ptr, level - 1);
			if (err < 0)
				return err;
			matched = err > 0;
		}
		if (!matched)
			return 0;
	}
	return 1;
}

/* __bpf_core_types_match */
static int types_match(const struct btf *lb, uint32_t lid, const struct btf *tb,
		       uint32_t tid, bool behind_ptr, int level)
{
	if (level <= 0)
		return -EINVAL;
	for (int depth = 0; depth < 32; depth++) {
		const struct btf_type *l = bv_btf_skip_mods(lb, lid, &lid);
		const struct btf_type *t = bv_btf_skip_mods(tb, tid, &tid);
		unsigned lk, tk;

		if (!l || !t)
			return -EINVAL;
		if (!names_match(lb, l->name_off, tb, t->name_off))
			return 0;
		lk = btf_kind(l);
		tk = btf_kind(t);
		switch (lk) {
		case BTF_KIND_UNKN:
			return lk == tk;
		case BTF_KIND_FWD:
			if (behind_ptr && lk != tk)
				return (tk == BTF_KIND_STRUCT && !btf_kflag(l)) ||
				       (tk == BTF_KIND_UNION && btf_kflag(l));
			return lk == tk && btf_kflag(l) == btf_kflag(t);
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
			return btf_is_any_enum(t) ? enums_match(lb, l, tb, t) : 0;
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			if (behind_ptr)
				return lk == tk ? 1 : tk == BTF_KIND_FWD &&
						      (lk == BTF_KIND_UNION) == btf_kflag(t);
			return lk == tk ? composites_match(lb, l, tb, t, false, level) : 0;
		case BTF_KIND_INT:
			return lk == tk && l->size == t->size &&
			       (btf_int_encoding(l) & BTF_INT_SIGNED) ==
				       (btf_int_encoding(t) & BTF_INT_SIGNED);
		case BTF_KIND_PTR:
			if (lk != tk)
				return 0;
			behind_ptr = true;
			lid = l->type;
			tid = t->type;
			continue;
		case BTF_KIND_ARRAY:
			if (lk != tk || btf_array(l)->nelems != btf_array(t)->nelems)
				return 0;
			lid = btf_array(l)->type;
			tid = btf_array(t)->type;
			continue;
		case BTF_KIND_FUNC_PROTO: {
			const struct btf_param *lp = btf_params(l), *tp = btf_params(t);

			if (lk != tk || btf_vlen(l) != btf_vlen(t))
				return 0;
			for (unsigned i = 0; i < btf_vlen(l); i++) {
				int err = types_match(lb, lp[i].type, tb, tp[i].type,
						      behind_ptr, level - 1);
				if (err <= 0)
					return err;
			}
			lid = l->type;
			tid = t->type;
			continue;
		}
		default:
			return 0;
		}
	}
	return -EINVAL;
}

/* bpf_core_match_member: find the local field by name in the target,
 * looking into anonymous members */
static int match_member(const struct btf *lb, const struct acc *lacc,
			const struct btf *tb, uint32_t tid, struct spec *ts,
			uint32_t *next_tid, int depth)
{
	const struct btf_type *t = bv_btf_skip_mods(tb, tid, &tid);
	const struct btf_type *lt = btf__type_by_id(lb, lacc->type_id);
	const struct btf_member *lm = btf_members(lt) + lacc->idx, *m;
	const char *lname = btf__name_by_offset(lb, lm->name_off);

	if (!t || depth > SPEC_MAX)
		return -EINVAL;
	if (!btf_is_composite(t))
		return 0;
	m = btf_members(t);
	for (unsigned i = 0; i < btf_vlen(t); i++, m++) {
		uint32_t bit = member_bit_offset(t, i);
		const char *tname = btf__name_by_offset(tb, m->name_off);
		int found;

		if (ts->raw_len == SPEC_MAX)
			return -E2BIG;
		ts->bit_offset += bit;
		ts->raw[ts->raw_len++] = (int)i;
		if (str_empty(tname)) {
			found = match_member(lb, lacc, tb, m->type, ts, next_tid, depth + 1);
			if (found)
				return found;
		} else if (lname && !strcmp(lname, tname)) {
			ts->spec[ts->len++] = (struct acc){ tid, i, tname };
			*next_tid = m->type;
			found = fields_compat(lb, lm->type, tb, m->type);
			if (!found)
				ts->len--;
			return found;
		}
		ts->bit_offset -= bit;
		ts->raw_len--;
	}
	return 0;
}

static int match_enumval(const struct spec *ls, const struct btf *tb,
			 uint32_t tid, struct spec *ts)
{
	const struct btf_type *t = bv_btf_skip_mods(tb, tid, &tid);
	size_t ll = essential_len(ls->spec[0].name);

	if (!t || !btf_is_any_enum(t))
		return 0;
	for (unsigned i = 0; i < btf_vlen(t); i++) {
		const char *n = btf__name_by_offset(tb, btf_is_enum(t) ? btf_enum(t)[i].name_off
								 : btf_enum64(t)[i].name_off);

		if (!n || essential_len(n) != ll || strncmp(ls->spec[0].name, n, ll))
			continue;
		ts->spec[0] = (struct acc){ tid, i, n };
		ts->len = 1;
		ts->raw[0] = (int)i;
		ts->raw_len = 1;
		return 1;
	}
	return 0;
}

/* bpf_core_spec_match */
static int spec_match(const struct spec *ls, const struct btf *tb, uint32_t tid,
		      struct spec *ts)
{
	memset(ts, 0, sizeof(*ts));
	ts->btf = tb;
	ts->root_type_id = tid;
	ts->kind = ls->kind;
	if (is_type(ls->kind))
		return ls->kind == TYPE_MATCHES
			       ? types_match(ls->btf, ls->root_type_id, tb, tid, false, 32)
			       : types_compat(ls->btf, ls->root_type_id, tb, tid, 32);
	if (is_enumval(ls->kind))
		return match_enumval(ls, tb, tid, ts);
	for (int i = 0; i < ls->len; i++) {
		const struct acc *la = &ls->spec[i];
		const struct btf_type *t = bv_btf_skip_mods(tb, tid, &tid);
		long long sz;

		if (!t)
			return -EINVAL;
		if (la->name) {
			int m = match_member(ls->btf, la, tb, tid, ts, &tid, 0);

			if (m <= 0)
				return m;
			continue;
		}
		if (i > 0) {
			const struct btf_array *a;

			if (!btf_is_array(t))
				return 0;
			a = btf_array(t);
			if (!is_flex(tb, &ts->spec[ts->len - 1], a) && la->idx >= a->nelems)
				return 0;
			if (!bv_btf_skip_mods(tb, a->type, &tid))
				return -EINVAL;
		}
		if (ts->raw_len == SPEC_MAX)
			return -E2BIG;
		ts->spec[ts->len++] = (struct acc){ tid, la->idx, NULL };
		ts->raw[ts->raw_len++] = (int)la->idx;
		sz = resolve_size(tb, tid);
		if (sz < 0)
			return (int)sz;
		ts->bit_offset += (uint32_t)(la->idx * sz * 8);
	}
	return 1;
}

/* bpf_core_calc_field_relo; -EUCLEAN asks for poisoning */
static int calc_field(const struct relo *r, const struct spec *s, uint64_t *val,
		      uint32_t *field_sz, uint32_t *type_id, bool *validate)
{
	const struct acc *acc;
	const struct btf_type *t, *mt;
	const struct btf_member *m;
	uint32_t byte_off, byte_sz, bit_off, bit_sz, ftid;
	long long sz;
	bool bitfield;

	*field_sz = 0;
	if (r->kind == FIELD_EXISTS) {
		*val = s ? 1 : 0;
		return 0;
	}
	if (!s)
		return -EUCLEAN;
	acc = &s->spec[s->len - 1];
	t = btf__type_by_id(s->btf, acc->type_id);
	if (!acc->name) {
		sz = resolve_size(s->btf, acc->type_id);
		if (sz < 0 || (r->kind != FIELD_BYTE_OFFSET && r->kind != FIELD_BYTE_SIZE))
			return -EINVAL;
		*val = r->kind == FIELD_BYTE_OFFSET ? s->bit_offset / 8 : (uint64_t)sz;
		if (r->kind == FIELD_BYTE_OFFSET) {
			*field_sz = (uint32_t)sz;
			*type_id = acc->type_id;
		}
		if (validate)
			*validate = true;
		return 0;
	}
	m = btf_members(t) + acc->idx;
	mt = bv_btf_skip_mods(s->btf, m->type, &ftid);
	if (!mt)
		return -EINVAL;
	bit_off = s->bit_offset;
	bit_sz = btf_member_bitfield_size(t, acc->idx);
	bitfield = bit_sz > 0;
	if (bitfield) {
		byte_sz = mt->size;
		if (!byte_sz)
			return -EINVAL;
		byte_off = bit_off / 8 / byte_sz * byte_sz;
		while (bit_off + bit_sz - byte_off * 8 > byte_sz * 8) {
			if (byte_sz >= 8)
				return -E2BIG;
			byte_sz *= 2;
			byte_off = bit_off / 8 / byte_sz * byte_sz;
		}
	} else {
		sz = resolve_size(s->btf, ftid);
		if (sz < 0)
			return -EINVAL;
		byte_sz = (uint32_t)sz;
		byte_off = s->bit_offset / 8;
		bit_sz = byte_sz * 8;
	}
	if (validate)
		*validate = !bitfield;
	switch (r->kind) {
	case FIELD_BYTE_OFFSET:
		*val = byte_off;
		if (!bitfield) {
			*field_sz = byte_sz;
			*type_id = ftid;
		}
		break;
	case FIELD_BYTE_SIZE:
		*val = byte_sz;
		break;
	case FIELD_SIGNED:
		*val = (btf_is_any_enum(mt) && btf_kflag(mt)) ||
		       (btf_is_int(mt) && (btf_int_encoding(mt) & BTF_INT_SIGNED));
		if (validate)
			*validate = true;
		break;
	case FIELD_LSHIFT_U64:
		*val = 64 - (bit_off + bit_sz - byte_off * 8);
		break;
	default: /* FIELD_RSHIFT_U64 */
		*val = 64 - bit_sz;
		if (validate)
			*validate = true;
		break;
	}
	return 0;
}

static int calc_type(const struct relo *r, const struct spec *s, uint64_t *val,
		     bool *validate)
{
	long long sz;

	if (validate)
		*validate = true;
	if (!s) {
		*val = 0;
		return 0;
	}
	switch (r->kind) {
	case TYPE_ID_TARGET:
		*val = s->root_type_id;
		if (validate)
			*validate = false;
		return 0;
	case TYPE_EXISTS:
	case TYPE_MATCHES:
		*val = 1;
		return 0;
	case TYPE_SIZE:
		sz = resolve_size(s->btf, s->root_type_id);
		if (sz < 0)
			return -EINVAL;
		*val = (uint64_t)sz;
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

static int calc_enumval(const struct relo *r, const struct spec *s, uint64_t *val)
{
	const struct btf_type *t;

	if (r->kind == ENUMVAL_EXISTS) {
		*val = s ? 1 : 0;
		return 0;
	}
	if (!s)
		return -EUCLEAN;
	t = btf__type_by_id(s->btf, s->spec[0].type_id);
	*val = btf_is_enum(t) ? (uint64_t)(int64_t)btf_enum(t)[s->spec[0].idx].val
			      : btf_enum64_value(btf_enum64(t) + s->spec[0].idx);
	return 0;
}

/* bpf_core_calc_relo */
static int calc_relo(const struct relo *r, const struct spec *ls,
		     const struct spec *ts, struct res *res)
{
	int err = -EOPNOTSUPP;

	memset(res, 0, sizeof(*res));
	res->validate = true;
	if (is_field(r->kind)) {
		err = calc_field(r, ls, &res->orig_val, &res->orig_sz,
				 &res->orig_type_id, &res->validate);
		if (!err)
			err = calc_field(r, ts, &res->new_val, &res->new_sz,
					 &res->new_type_id, NULL);
		if (!err && res->orig_sz != res->new_sz) {
			const struct btf_type *o = btf__type_by_id(ls->btf, res->orig_type_id);
			const struct btf_type *n = btf__type_by_id(ts->btf, res->new_type_id);

			res->fail_memsz_adjust =
				!(btf_is_ptr(o) && btf_is_ptr(n)) &&
				!(btf_is_int(o) && btf_is_int(n) &&
				  btf_int_encoding(o) != BTF_INT_SIGNED &&
				  btf_int_encoding(n) != BTF_INT_SIGNED);
		}
	} else if (is_type(r->kind)) {
		err = calc_type(r, ls, &res->orig_val, &res->validate);
		if (!err)
			err = calc_type(r, ts, &res->new_val, NULL);
	} else if (is_enumval(r->kind)) {
		err = calc_enumval(r, ls, &res->orig_val);
		if (!err)
			err = calc_enumval(r, ts, &res->new_val);
	}
	if (err == -EUCLEAN) {
		res->poison = true;
		err = 0;
	}
	return err;
}

/* bpf_core_format_spec: "<kind> [id] kind name.field[3] (0:1:3 @ offset 8)" */
static void format_spec(char *buf, size_t len, const struct spec *s)
{
	const struct btf_type *t = btf__type_by_id(s->btf, s->root_type_id);
	const char *n = t ? btf__name_by_offset(s->btf, t->name_off) : NULL;
	static const char *const kinds[] = {
		[BTF_KIND_UNKN] = "void", [BTF_KIND_INT] = "int", [BTF_KIND_PTR] = "ptr",
		[BTF_KIND_ARRAY] = "array", [BTF_KIND_STRUCT] = "struct",
		[BTF_KIND_UNION] = "union", [BTF_KIND_ENUM] = "enum",
		[BTF_KIND_FWD] = "fwd", [BTF_KIND_TYPEDEF] = "typedef",
		[BTF_KIND_VOLATILE] = "volatile", [BTF_KIND_CONST] = "const",
		[BTF_KIND_RESTRICT] = "restrict", [BTF_KIND_FUNC] = "func",
		[BTF_KIND_FUNC_PROTO] = "func_proto", [BTF_KIND_VAR] = "var",
		[BTF_KIND_DATASEC] = "datasec", [BTF_KIND_FLOAT] = "float",
		[BTF_KIND_DECL_TAG] = "decl_tag", [BTF_KIND_TYPE_TAG] = "type_tag",
		[BTF_KIND_ENUM64] = "enum64",
	};
	unsigned k = t ? btf_kind(t) : 0;
	size_t used;

	used = (size_t)snprintf(buf, len, "<%s> [%u] %s %s",
				s->kind < sizeof(kind_names) / sizeof(kind_names[0])
					? kind_names[s->kind] : "unknown",
				s->root_type_id,
				k < sizeof(kinds) / sizeof(kinds[0]) ? kinds[k] : "unknown",
				str_empty(n) ? "<anon>" : n);
#define APPEND(...)                                                          \
	do {                                                                 \
		if (used < len)                                              \
			used += (size_t)snprintf(buf + used, len - used, __VA_ARGS__); \
	} while (0)
	if (is_enumval(s->kind) && s->len) {
		const struct btf_type *e = bv_btf_skip_mods(s->btf, s->root_type_id, NULL);

		if (btf_is_enum(e))
			APPEND(btf_kflag(e) ? "::%s = %d" : "::%s = %u", s->spec[0].name,
			       btf_enum(e)[s->raw[0]].val);
		else
			APPEND(btf_kflag(e) ? "::%s = %lld" : "::%s = %llu", s->spec[0].name,
			       (unsigned long long)btf_enum64_value(btf_enum64(e) + s->raw[0]));
	}
	if (!is_field(s->kind))
		return;
	for (int i = 0; i < s->len; i++) {
		if (s->spec[i].name)
			APPEND(".%s", s->spec[i].name);
		else if (i > 0 || s->spec[i].idx > 0)
			APPEND("[%u]", s->spec[i].idx);
	}
	APPEND(" (");
	for (int i = 0; i < s->raw_len; i++)
		APPEND("%s%d", i ? ":" : "", s->raw[i]);
	if (s->bit_offset % 8)
		APPEND(" @ offset %u.%u)", s->bit_offset / 8, s->bit_offset % 8);
	else
		APPEND(" @ offset %u)", s->bit_offset / 8);
#undef APPEND
}

/* bpf_core_find_cands: target types of a compatible kind whose essential
 * name equals the local one (vmlinux only: no module BTFs) */
static struct bv_core_cands *find_cands(struct bv_elf_obj *o, uint32_t local_id)
{
	const struct btf_type *lt = btf__type_by_id(o->btf, local_id);
	const char *lname = btf__name_by_offset(o->btf, lt->name_off);
	size_t llen = essential_len(lname);
	struct bv_core_cands *c;

	for (c = o->cands; c; c = c->next)
		if (c->local_id == local_id)
			return c;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->local_id = local_id;
	c->next = o->cands;
	o->cands = c;
	for (uint32_t id = 1; id < btf__type_cnt(o->target); id++) {
		const struct btf_type *t = btf__type_by_id(o->target, id);
		const char *n = btf__name_by_offset(o->target, t->name_off);
		uint32_t *grown;

		if (!kinds_compat(t, lt) || str_empty(n) || essential_len(n) != llen ||
		    strncmp(lname, n, llen))
			continue;
		grown = realloc(c->ids, (c->n + 1) * sizeof(*grown));
		if (!grown)
			return NULL;
		c->ids = grown;
		c->ids[c->n++] = id;
	}
	return c;
}

void bv_core_free_cands(struct bv_elf_obj *o)
{
	while (o->cands) {
		struct bv_core_cands *next = o->cands->next;

		free(o->cands->ids);
		free(o->cands);
		o->cands = next;
	}
}

struct ctx {
	struct bv_elf_obj *o;
	const char *func;
	size_t idx; /* relocation number, for messages */
};

static int core_fail(const struct ctx *c, const char *why)
{
	return bv_elf_fail(c->o, "function '%s': CO-RE relocation #%zu: %s",
			   c->func, c->idx, why);
}

/* bpf_core_calc_relo_insn: every matching candidate must agree */
static int resolve(const struct ctx *c, const struct relo *r, struct spec *ls,
		   struct res *res)
{
	const struct btf_type *lt = btf__type_by_id(c->o->btf, r->type_id);
	const char *lname = lt ? btf__name_by_offset(c->o->btf, lt->name_off) : NULL;
	struct spec cs, ts;
	struct res cr;
	struct bv_core_cands *cands;
	size_t j = 0;

	if (!lname || parse_spec(c->o->btf, r, ls))
		return core_fail(c, "bad local type or access string");
	if (r->kind == TYPE_ID_LOCAL) {
		memset(res, 0, sizeof(*res));
		res->orig_val = res->new_val = ls->root_type_id;
		return 0;
	}
	if (str_empty(lname))
		return core_fail(c, "relocations of anonymous types are not supported");
	cands = find_cands(c->o, r->type_id);
	if (!cands)
		return bv_elf_fail(c->o, "out of memory");
	for (size_t i = 0; i < cands->n; i++) {
		int m = spec_match(ls, c->o->target, cands->ids[i], &cs);

		if (m < 0)
			return core_fail(c, "error matching a candidate");
		if (m == 0)
			continue;
		if (calc_relo(r, ls, &cs, &cr))
			return core_fail(c, "cannot compute the relocation");
		if (j == 0) {
			*res = cr;
			ts = cs;
		} else if (cs.bit_offset != ts.bit_offset) {
			return core_fail(c, "field offset ambiguity between candidates");
		} else if (cr.poison != res->poison || cr.new_val != res->new_val) {
			return core_fail(c, "relocation decision ambiguity between candidates");
		}
		cands->ids[j++] = cands->ids[i];
	}
	if (j > 0)
		cands->n = j;
	else if (calc_relo(r, ls, NULL, res))
		return core_fail(c, "cannot compute the relocation");
	return 0;
}

static int size_code(uint32_t bytes)
{
	static const int codes[9] = { -1, BV_B, BV_H, -1, BV_W, -1, -1, -1, BV_DW };

	return bytes <= 8 ? codes[bytes] : -1;
}

static uint32_t code_bytes(uint8_t code)
{
	static const uint32_t bytes[4] = { 4, 2, 1, 8 }; /* W, H, B, DW */

	return bytes[(code >> 3) & 3];
}

/* bpf_core_poison_insn */
static void poison(struct bv_insn *insn)
{
	*insn = (struct bv_insn){ .code = BV_JMP | BV_CALL, .imm = BV_CORE_POISON_IMM };
}

/* bpf_core_patch_insn; returns 1 when it poisoned the instruction */
static int patch(const struct ctx *c, struct bv_insn *insn, bool has_next,
		 const struct res *res)
{
	uint8_t cls = BV_CLASS(insn->code);

	if (res->poison)
		goto do_poison;
	switch (cls) {
	case BV_ALU:
	case BV_ALU64:
		if (BV_SRC(insn->code) != BV_K ||
		    (res->validate && (uint64_t)(int64_t)insn->imm != res->orig_val &&
		     (uint32_t)insn->imm != res->orig_val))
			return core_fail(c, "unexpected ALU instruction");
		insn->imm = (int32_t)res->new_val;
		return 0;
	case BV_LDX:
	case BV_ST:
	case BV_STX:
		if (res->validate && (uint64_t)(int64_t)insn->off != res->orig_val)
			return core_fail(c, "unexpected memory offset");
		if (res->new_val > SHRT_MAX)
			return core_fail(c, "field offset too big for an instruction");
		if (res->fail_memsz_adjust)
			goto do_poison;
		insn->off = (int16_t)res->new_val;
		if (res->new_sz != res->orig_sz) {
			if (code_bytes(insn->code) != res->orig_sz || size_code(res->new_sz) < 0)
				return core_fail(c, "unexpected memory access size");
			insn->code = (uint8_t)(BV_MODE(insn->code) | size_code(res->new_sz) | cls);
		}
		return 0;
	case BV_LD:
		if (!bv_is_ldimm64(insn->code) || !has_next || insn[0].src_reg ||
		    insn[0].off || insn[1].code || insn[1].dst_reg ||
		    insn[1].src_reg || insn[1].off)
			return core_fail(c, "unexpected 64-bit load");
		if (res->validate && ((uint32_t)insn[0].imm |
				      ((uint64_t)(uint32_t)insn[1].imm << 32)) != res->orig_val)
			return core_fail(c, "unexpected 64-bit value");
		insn[0].imm = (int32_t)res->new_val;
		insn[1].imm = (int32_t)(res->new_val >> 32);
		return 0;
	default:
		return core_fail(c, "relocation of an unrelocatable instruction");
	}
do_poison:
	if (bv_is_ldimm64(insn->code) && has_next)
		poison(insn + 1);
	poison(insn);
	return 1;
}

struct poison_list {
	struct bv_core_poison *items;
	uint32_t *funcs;
	size_t n;
};

static int add_poison(struct bv_elf_obj *o, struct poison_list *pl, size_t func,
		      uint32_t insn_off, const struct spec *ls)
{
	struct bv_core_poison *items = realloc(pl->items, (pl->n + 1) * sizeof(*items));
	uint32_t *funcs;

	if (!items)
		return bv_elf_fail(o, "out of memory");
	pl->items = items;
	funcs = realloc(pl->funcs, (pl->n + 1) * sizeof(*funcs));
	if (!funcs)
		return bv_elf_fail(o, "out of memory");
	pl->funcs = funcs;
	pl->items[pl->n].insn_off = insn_off;
	format_spec(pl->items[pl->n].spec, sizeof(pl->items[pl->n].spec), ls);
	pl->funcs[pl->n++] = (uint32_t)func;
	return 0;
}

static int one_relo(struct bv_elf_obj *o, const struct bv_ext_sec *sec,
		    const uint8_t *rec, size_t idx, struct poison_list *pl)
{
	struct relo r;
	struct bv_elf_func *f;
	struct ctx c = { .o = o, .idx = idx };
	struct spec ls;
	struct res res;
	size_t insn;
	int p;

	memcpy(&r, rec, sizeof(r));
	if (r.insn_off % BV_INSN_SZ)
		return bv_elf_fail(o, "CO-RE relocation #%zu: instruction offset %u is not a multiple of 8",
				   idx, r.insn_off);
	f = sec->sec_idx >= 0 ? bv_elf_func_at(o, (size_t)sec->sec_idx,
					       r.insn_off / BV_INSN_SZ)
			      : NULL;
	if (!f)
		return 0; /* an eliminated weak function's record */
	c.func = f->name;
	if (!btf__type_by_id(o->btf, r.type_id) || !r.type_id)
		return core_fail(&c, "local type id out of range");
	insn = r.insn_off / BV_INSN_SZ - f->sec_insn_off;
	if (resolve(&c, &r, &ls, &res))
		return -1;
	p = patch(&c, &f->insns[insn], insn + 1 < f->sec_insn_cnt, &res);
	if (p < 0)
		return -1;
	return p ? add_poison(o, pl, (size_t)(f - o->funcs), (uint32_t)insn, &ls) : 0;
}

/* bpf_object__relocate_core */
int bv_core_relocate(struct bv_elf_obj *o, struct bv_core_poison **poison_out,
		     size_t *n_poison, uint32_t **poison_func)
{
	struct poison_list pl = { 0 };
	size_t idx = 0;
	int err = 0;

	*poison_out = NULL;
	*poison_func = NULL;
	*n_poison = 0;
	if (!o->core_relo.n_secs)
		return 0;
	if (!o->target)
		return bv_elf_fail(o, "the object has CO-RE relocations but no kernel BTF is readable: give --btf FILE");
	for (size_t s = 0; s < o->core_relo.n_secs && !err; s++) {
		const struct bv_ext_sec *sec = &o->core_relo.secs[s];

		for (uint32_t i = 0; i < sec->num_info && !err; i++, idx++)
			err = one_relo(o, sec, bv_ext_rec(&o->core_relo, sec, i), i, &pl);
	}
	if (err) {
		free(pl.items);
		free(pl.funcs);
		return -1;
	}
	*poison_out = pl.items;
	*poison_func = pl.funcs;
	*n_poison = pl.n;
	return 0;
}
