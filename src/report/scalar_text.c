/* SPDX-License-Identifier: MIT */
/* Kernel-format text of a scalar's value (Linux 6.18 kernel/bpf/log.c). */
#include "report/scalar_text.h"

#include <stdarg.h>
#include <stdio.h>

/* An snprintf-like output that keeps counting past the end of buf. */
struct out {
	char *buf;
	size_t len;
	size_t pos;
};

static void put(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	size_t room = o->pos < o->len ? o->len - o->pos : 0;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? o->buf + o->pos : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos += (size_t)n;
}

static void put_snum(struct out *o, int64_t v)
{
	if (v >= INT16_MIN && v <= INT16_MAX)
		put(o, "%lld", (long long)v);
	else
		put(o, "0x%llx", (unsigned long long)v);
}

static void put_unum(struct out *o, uint64_t v)
{
	if (v <= UINT16_MAX)
		put(o, "%llu", (unsigned long long)v);
	else
		put(o, "0x%llx", (unsigned long long)v);
}

static size_t finish(struct out *o)
{
	if (o->len)
		o->buf[o->pos < o->len ? o->pos : o->len - 1] = '\0';
	return o->pos;
}

size_t bv_snum_text(int64_t v, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };

	put_snum(&o, v);
	return finish(&o);
}

size_t bv_unum_text(uint64_t v, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };

	put_unum(&o, v);
	return finish(&o);
}

struct bound {
	const char *name;
	uint64_t val;
	bool omit;
};

/* A signed 32-bit bound printed in hex is shown zero-extended, so that
 * smin32=0xfffe7960 is not mistaken for a 64-bit pattern. */
static uint64_t s32_shown(int32_t v)
{
	return v >= INT16_MIN && v <= INT16_MAX ? (uint64_t)(int64_t)v
						: (uint32_t)v;
}

static bool is_negative_signed(const struct bound *b)
{
	return b->name[0] == 's' && (int64_t)b->val < 0;
}

/* print_scalar_ranges: each printed bound absorbs the later bounds of the
 * same kind (minimum or maximum) that have its value and sign. */
static void put_ranges(struct out *o, const struct bv_scalar *s,
		       const char **sep)
{
	struct bound b[] = {
		{ "smin", (uint64_t)s->smin, s->smin == INT64_MIN },
		{ "smax", (uint64_t)s->smax, s->smax == INT64_MAX },
		{ "umin", s->umin, s->umin == 0 },
		{ "umax", s->umax, s->umax == UINT64_MAX },
		{ "smin32", s32_shown(s->s32_min), s->s32_min == INT32_MIN },
		{ "smax32", s32_shown(s->s32_max), s->s32_max == INT32_MAX },
		{ "umin32", s->u32_min, s->u32_min == 0 },
		{ "umax32", s->u32_max, s->u32_max == UINT32_MAX },
	};
	size_t n = sizeof(b) / sizeof(b[0]), i, j;

	for (i = 0; i < n; i++) {
		if (b[i].omit)
			continue;
		put(o, "%s%s=", *sep, b[i].name);
		*sep = ",";
		for (j = i + 2; j < n; j += 2) {
			if (b[j].omit || b[j].val != b[i].val ||
			    is_negative_signed(&b[j]) != is_negative_signed(&b[i]))
				continue;
			b[j].omit = true;
			put(o, "%s=", b[j].name);
		}
		if (b[i].name[0] == 's')
			put_snum(o, (int64_t)b[i].val);
		else
			put_unum(o, b[i].val);
	}
}

static void put_ranges_and_tnum(struct out *o, const struct bv_scalar *s,
				const char *sep)
{
	char tn[48];

	put_ranges(o, s, &sep);
	if (!bv_tnum_is_unknown(s->var_off)) {
		bv_tnum_strn(tn, sizeof(tn), s->var_off);
		put(o, "%svar_off=%s", sep, tn);
	}
}

size_t bv_scalar_ranges_text(const struct bv_scalar *s, bool after_field,
			     char *buf, size_t len)
{
	struct out o = { buf, len, 0 };

	put_ranges_and_tnum(&o, s, after_field ? "," : "");
	return finish(&o);
}

size_t bv_scalar_text(const struct bv_scalar *s, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };

	if (bv_tnum_is_const(s->var_off)) {
		put_snum(&o, (int64_t)s->var_off.value);
		return finish(&o);
	}
	put(&o, "scalar(");
	put_ranges_and_tnum(&o, s, "");
	put(&o, ")");
	return finish(&o);
}

size_t bv_scalar_invariant_text(const struct bv_scalar *s, const char *ctx,
				const char *why, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };

	put(&o, "verifier bug: REG INVARIANTS VIOLATION (%s): %s ", ctx, why);
	put(&o, "u64=[0x%llx, 0x%llx] s64=[0x%llx, 0x%llx] ",
	    (unsigned long long)s->umin, (unsigned long long)s->umax,
	    (unsigned long long)s->smin, (unsigned long long)s->smax);
	put(&o, "u32=[0x%x, 0x%x] s32=[0x%x, 0x%x] ", s->u32_min, s->u32_max,
	    (uint32_t)s->s32_min, (uint32_t)s->s32_max);
	put(&o, "var_off=(0x%llx, 0x%llx)", (unsigned long long)s->var_off.value,
	    (unsigned long long)s->var_off.mask);
	return finish(&o);
}
