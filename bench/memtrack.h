/* SPDX-License-Identifier: MIT */
/* Heap accounting for the benchmark: the bench binary is linked with
 * --wrap for malloc, calloc, realloc and free, so every allocation the
 * library makes passes through memtrack.c. */
#ifndef BV_BENCH_MEMTRACK_H
#define BV_BENCH_MEMTRACK_H

#include <stddef.h>

void bv_memtrack_reset(void);
size_t bv_memtrack_peak(void);

#endif
