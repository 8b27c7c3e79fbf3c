/* SPDX-License-Identifier: MIT */
#include "memtrack.h"

#include <malloc.h>

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void __real_free(void *p);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
void __wrap_free(void *p);

/* The benchmark is single-threaded: plain counters suffice. Signed,
 * because libc frees through free() what it allocated internally (strdup,
 * stdio buffers) without passing through the wrappers. */
static long long live, peak, base;

static void *account(void *p)
{
	if (p) {
		live += (long long)malloc_usable_size(p);
		if (live > peak)
			peak = live;
	}
	return p;
}

void *__wrap_malloc(size_t size)
{
	return account(__real_malloc(size));
}

void *__wrap_calloc(size_t n, size_t size)
{
	return account(__real_calloc(n, size));
}

void *__wrap_realloc(void *p, size_t size)
{
	if (p)
		live -= (long long)malloc_usable_size(p);
	return account(__real_realloc(p, size));
}

void __wrap_free(void *p)
{
	if (p)
		live -= (long long)malloc_usable_size(p);
	__real_free(p);
}

void bv_memtrack_reset(void)
{
	base = peak = live;
}

size_t bv_memtrack_peak(void)
{
	return (size_t)(peak - base);
}
