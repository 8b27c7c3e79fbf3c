/* SPDX-License-Identifier: MIT */
/* Judging a context access against the tables of ctx_skb.c, ctx_sock.c,
 * ctx_tracing.c and ctx_misc.c (the model of check_ctx_access ->
 * ops->is_valid_access). */
#include "spec/ctx.h"
#include "spec/types.h"

#include <stdio.h>

struct family {
	const struct bv_ctx_layout *layouts;
	const size_t *n;
};

static const struct family families[] = {
	{ bv_ctx_skb_layouts, &bv_ctx_skb_n_layouts },
	{ bv_ctx_sock_layouts, &bv_ctx_sock_n_layouts },
	{ bv_ctx_tracing_layouts, &bv_ctx_tracing_n_layouts },
	{ bv_ctx_misc_layouts, &bv_ctx_misc_n_layouts },
};

const struct bv_ctx_layout *bv_ctx_layout(uint32_t prog_type)
{
	for (size_t f = 0; f < sizeof(families) / sizeof(families[0]); f++)
		for (size_t i = 0; i < *families[f].n; i++)
			if (families[f].layouts[i].prog_type == prog_type)
				return &families[f].layouts[i];
	return NULL;
}

uint32_t bv_ctx_size(uint32_t prog_type)
{
	const struct bv_ctx_layout *l = bv_ctx_layout(prog_type);

	return l ? l->size : 0;
}

static bool applies(const struct bv_ctx_field *f, uint32_t attach_type)
{
	return !f->attach ||
	       (attach_type < 64 && (f->attach >> attach_type & 1));
}

/* The first row covering off that applies to attach_type. */
static const struct bv_ctx_field *
find_row(const struct bv_ctx_layout *l, uint32_t attach_type, int off)
{
	for (size_t i = 0; i < l->n_fields; i++) {
		const struct bv_ctx_field *f = &l->fields[i];

		if (off >= f->off && off < f->end && applies(f, attach_type))
			return f;
	}
	return NULL;
}

static bool valid_size(int size)
{
	return size == 1 || size == 2 || size == 4 || size == 8;
}

/* The row's verdict on an aligned access of a valid size at off. */
static bool row_allows(const struct bv_ctx_field *f, int off, int size,
		       enum bv_ctx_op op)
{
	unsigned sizes = op == BV_CTX_WRITE ? f->write : f->read;

	if (!(sizes & (unsigned)size))
		return false;
	/* check_ctx_access: no sign extension of a pointer. */
	if (op == BV_CTX_READ_SX && f->reg_type != BV_SCALAR_VALUE)
		return false;
	return !(f->flags & BV_CTX_FIT) || off + size <= f->end;
}

/* A narrow-capable field records its width; a whole read of a wider slot
 * (bpf_sock's u16 dst_port read as u32) records the read's size. */
static void fill_info(const struct bv_ctx_field *f, int size, bool write,
		      struct bv_ctx_access_info *info)
{
	uint32_t fs = f->field_size;

	if (fs && (uint32_t)size > fs)
		fs = (uint32_t)size;
	info->reg_type = write ? BV_SCALAR_VALUE : f->reg_type;
	info->field_size = write ? 0 : fs;
	info->narrow = !write && fs && (uint32_t)size < fs;
	info->field = f->name;
}

bool bv_ctx_access(uint32_t prog_type, uint32_t attach_type, int off,
		   int size, enum bv_ctx_op op,
		   struct bv_ctx_access_info *info)
{
	const struct bv_ctx_layout *l = bv_ctx_layout(prog_type);
	const struct bv_ctx_field *f;

	/* off % size != 0 fails in every is_valid_access. */
	if (!l || !valid_size(size) || off % size)
		return false;
	f = find_row(l, attach_type, off);
	if (!f || !row_allows(f, off, size, op))
		return false;
	if (info)
		fill_info(f, size, op == BV_CTX_WRITE, info);
	return true;
}

int bv_ctx_invalid_msg(char *buf, size_t len, int off, int size)
{
	return snprintf(buf, len, BV_CTX_MSG_INVALID, off, size);
}
