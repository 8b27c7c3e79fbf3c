/* SPDX-License-Identifier: MIT */
/* The per-verification arena (arena.h). Each block starts with a 16-byte
 * header holding its size class; class 0 marks a block too big for the
 * classes, taken from malloc. Chunks grow from 64 KiB to 4 MiB; those of
 * 2 MiB and more ask for transparent huge pages, since a verification that
 * needs that much memory would otherwise take a page fault per 4 KiB. */
#include "verify/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Under AddressSanitizer a freed block is poisoned until it is handed out
 * again, so a use after free of a state is still caught. */
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n)   ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n)   ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define CLASS_BYTES 16
#define HEADER	    16
#define FIRST_CHUNK (64u << 10)
#define LAST_CHUNK  (4u << 20)
#define HUGE_PAGE   (2u << 20)

struct bv_arena_chunk {
	struct bv_arena_chunk *next;
};

struct block {
	size_t cls;
	size_t pad;
};

void bv_arena_init(struct bv_arena *a)
{
	memset(a, 0, sizeof(*a));
	a->next_chunk = FIRST_CHUNK;
}

static size_t class_of(size_t size)
{
	return (size + HEADER + CLASS_BYTES - 1) / CLASS_BYTES;
}

/* The first block of a chunk starts after its header, on a class boundary */
static void *new_chunk(struct bv_arena *a, size_t need)
{
	size_t bytes = a->next_chunk;
	struct bv_arena_chunk *c;

	while (bytes < need + CLASS_BYTES)
		bytes *= 2;
	if (bytes >= HUGE_PAGE) {
		c = aligned_alloc(HUGE_PAGE, bytes);
		if (c)
			madvise(c, bytes, MADV_HUGEPAGE);
	} else {
		c = malloc(bytes);
	}
	if (!c)
		return NULL;
	POISON((char *)c + CLASS_BYTES, bytes - CLASS_BYTES);
	c->next = a->chunks;
	a->chunks = c;
	a->next = (char *)c + CLASS_BYTES;
	a->left = bytes - CLASS_BYTES;
	if (a->next_chunk < LAST_CHUNK)
		a->next_chunk *= 2;
	return c;
}

static struct block *carve(struct bv_arena *a, size_t cls)
{
	size_t bytes = cls * CLASS_BYTES;
	struct block *b;

	if (a->left < bytes && !new_chunk(a, bytes))
		return NULL;
	b = (struct block *)a->next;
	UNPOISON(b, bytes);
	a->next += bytes;
	a->left -= bytes;
	return b;
}

void *bv_arena_alloc(struct bv_arena *a, size_t size)
{
	size_t cls = class_of(size);
	struct block *b;

	if (cls > BV_ARENA_CLASSES) {
		b = malloc(size + HEADER);
		cls = 0;
	} else if (a->free_blocks[cls]) {
		b = a->free_blocks[cls];
		UNPOISON(b, cls * CLASS_BYTES);
		a->free_blocks[cls] = *(void **)(b + 1);
	} else {
		b = carve(a, cls);
	}
	if (!b)
		return NULL;
	b->cls = cls;
	return b + 1;
}

void *bv_arena_calloc(struct bv_arena *a, size_t size)
{
	void *p = bv_arena_alloc(a, size);

	if (p)
		memset(p, 0, size);
	return p;
}

static size_t usable(const struct block *b)
{
	return b->cls * CLASS_BYTES - HEADER;
}

void *bv_arena_realloc(struct bv_arena *a, void *p, size_t size)
{
	struct block *b = p ? (struct block *)p - 1 : NULL;
	void *grown;

	if (b && b->cls && usable(b) >= size)
		return p;
	if (b && !b->cls) {
		b = realloc(b, size + HEADER);
		return b ? b + 1 : NULL;
	}
	grown = bv_arena_alloc(a, size);
	if (grown && b)
		memcpy(grown, p, usable(b));
	if (grown)
		bv_arena_free(a, p);
	return grown;
}

void bv_arena_free(struct bv_arena *a, void *p)
{
	struct block *b;

	if (!p)
		return;
	b = (struct block *)p - 1;
	if (!b->cls) {
		free(b);
		return;
	}
	*(void **)p = a->free_blocks[b->cls];
	a->free_blocks[b->cls] = b;
	/* the link stays readable for bv_arena_alloc */
	POISON((char *)p + sizeof(void *), usable(b) - sizeof(void *));
}

void bv_arena_release(struct bv_arena *a)
{
	while (a->chunks) {
		struct bv_arena_chunk *next = a->chunks->next;

		free(a->chunks);
		a->chunks = next;
	}
	bv_arena_init(a);
}
