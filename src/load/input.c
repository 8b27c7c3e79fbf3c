/* SPDX-License-Identifier: MIT */
/* Raw instruction bytes, and picking a parser for a file. */
#include "load/elf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILE_BYTES (256u << 20)

int bv_program_from_raw(const void *bytes, size_t len, bv_program **out,
			struct bv_error *err)
{
	const size_t insn_size = sizeof(struct bv_insn);
	bv_program *prog;

	memset(err, 0, sizeof(*err));
	if (len % insn_size) {
		snprintf(err->msg, sizeof(err->msg),
			 "truncated program: %zu bytes is not a multiple of %zu",
			 len, insn_size);
		return -1;
	}
	prog = bv_program_new();
	if (!prog) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return -1;
	}
	/* struct bv_insn has the kernel's little-endian layout on the
	 * little-endian hosts bpfverify supports. */
	if (bv_program_set_insns(prog, bytes, len / insn_size, err)) {
		bv_program_free(prog);
		return -1;
	}
	*out = prog;
	return 0;
}

static int read_file(const char *path, char **data, size_t *len,
		     struct bv_error *err)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0;
	char *buf = NULL;

	if (!f) {
		snprintf(err->msg, sizeof(err->msg), "cannot open: %s",
			 strerror(errno));
		return -1;
	}
	for (;;) {
		char *grown = n + 1 >= cap || !buf ? realloc(buf, cap *= 2) : buf;
		size_t got;

		if (!grown) {
			snprintf(err->msg, sizeof(err->msg), "out of memory");
			break;
		}
		buf = grown;
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (n > MAX_FILE_BYTES) {
			snprintf(err->msg, sizeof(err->msg),
				 "file is larger than %u MiB", MAX_FILE_BYTES >> 20);
			break;
		}
		if (got == 0) {
			if (ferror(f)) {
				snprintf(err->msg, sizeof(err->msg),
					 "read error: %s", strerror(errno));
				break;
			}
			fclose(f);
			buf[n] = '\0';
			*data = buf;
			*len = n;
			return 0;
		}
	}
	fclose(f);
	free(buf);
	return -1;
}

/* Assembly is text; raw instructions almost always hold a NUL byte (a zero
 * field) or a control byte. */
static bool looks_like_text(const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];

		if (c == 0 || (c < 0x20 && c != '\n' && c != '\t' && c != '\r'))
			return false;
	}
	return true;
}

static bool is_elf(const char *data, size_t len)
{
	return len >= 4 && !memcmp(data, "\x7f" "ELF", 4);
}

/* An ELF object with one program: that program. */
static int from_elf(const char *path, const char *data, size_t len,
		    bv_program **out, struct bv_error *err)
{
	char name[BV_OBJ_NAME_LEN];
	const char *slash = strrchr(path, '/');
	struct bv_object_options opts = { .name = name };
	bv_object *obj;
	char *dot;
	int rc;

	snprintf(name, sizeof(name), "%s", slash ? slash + 1 : path);
	dot = strchr(name, '.');
	if (dot)
		*dot = '\0';
	if (bv_object_open_mem(data, len, &opts, &obj, err))
		return -1;
	rc = bv_object_take_single(obj, out, err);
	bv_object_free(obj);
	return rc;
}

int bv_program_from_file(const char *path, bv_program **out,
			 struct bv_error *err)
{
	char *data;
	size_t len;
	int rc;

	memset(err, 0, sizeof(*err));
	if (read_file(path, &data, &len, err))
		return -1;
	if (is_elf(data, len)) {
		rc = from_elf(path, data, len, out, err);
	} else if (len && looks_like_text(data, len)) {
		rc = bv_program_from_asm(data, len, out, err);
	} else {
		rc = bv_program_from_raw(data, len, out, err);
	}
	free(data);
	return rc;
}
