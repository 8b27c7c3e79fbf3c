/* SPDX-License-Identifier: MIT */
/* The per-verification arena: the states of one verification (frames, jump
 * histories, explored-state nodes) come from large chunks and are freed in
 * one step when it ends. Freed blocks are kept on a list per size class and
 * reused, so a long verification allocates no more than it keeps live. */
#ifndef BV_VERIFY_ARENA_H
#define BV_VERIFY_ARENA_H

#include <stddef.h>

#define BV_ARENA_CLASSES 1024 /* blocks of 16 bytes up to 16 KiB */

struct bv_arena_chunk;

struct bv_arena {
	struct bv_arena_chunk *chunks;
	char *next;	   /* unused space of the newest chunk */
	size_t left;	   /* its bytes */
	size_t next_chunk; /* the size of the chunk after it */
	void *free_blocks[BV_ARENA_CLASSES + 1];
};

void bv_arena_init(struct bv_arena *a);
/* size bytes, aligned to 16; NULL when out of memory */
void *bv_arena_alloc(struct bv_arena *a, size_t size);
void *bv_arena_calloc(struct bv_arena *a, size_t size);
/* p from bv_arena_alloc (or NULL); its contents kept up to size */
void *bv_arena_realloc(struct bv_arena *a, void *p, size_t size);
void bv_arena_free(struct bv_arena *a, void *p);
/* every block at once */
void bv_arena_release(struct bv_arena *a);

#endif
