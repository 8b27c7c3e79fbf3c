/* SPDX-License-Identifier: MIT */
//@ inner_bloom error Sleepable programs can only use array, hash, ringbuf and local storage maps, also as inner maps
//@ inner_bloom log2
//@ hash_inner_lpm error Sleepable programs can only use array, hash, ringbuf and local storage maps, also as inner maps
//@ inner_sockmap error Sleepable programs can only use array, hash, ringbuf and local storage maps, also as inner maps
//@ inner_hash accept
//@ inner_hash log2
//@ inner_ringbuf accept
#include "common.h"

/* A sleepable (syscall) program may use a map of maps only if the inner
 * map's type is one it may use itself: the map-in-map is refused when the
 * program loads it, before any instruction runs. */
#define INNER(name, map_type, key, value, entries, flags)                      \
	struct name##_t {                                                      \
		__uint(type, map_type);                                        \
		__uint(max_entries, entries);                                  \
		__uint(key_size, key);                                         \
		__uint(value_size, value);                                     \
		__uint(map_flags, flags);                                      \
	};                                                                     \
	struct name##_t name SEC(".maps")
#define OUTER(name, map_type, inner)                                           \
	struct {                                                               \
		__uint(type, map_type);                                        \
		__uint(max_entries, 1);                                        \
		__type(key, __u32);                                            \
		__array(values, struct inner##_t);                             \
	} name SEC(".maps") = { .values = { &inner } }
#define LOOKUP_PROG(prog, outer)                                               \
	SEC("syscall") int prog(void *ctx)                                     \
	{                                                                      \
		__u32 key = 0;                                                 \
                                                                               \
		return bpf_map_lookup_elem(&outer, &key) != 0;                 \
	}

INNER(bloom, BPF_MAP_TYPE_BLOOM_FILTER, 0, 4, 4, 0);
OUTER(of_bloom, BPF_MAP_TYPE_ARRAY_OF_MAPS, bloom);
LOOKUP_PROG(inner_bloom, of_bloom)

INNER(lpm, BPF_MAP_TYPE_LPM_TRIE, 8, 4, 4, BPF_F_NO_PREALLOC);
OUTER(hof_lpm, BPF_MAP_TYPE_HASH_OF_MAPS, lpm);
LOOKUP_PROG(hash_inner_lpm, hof_lpm)

INNER(sockmap, BPF_MAP_TYPE_SOCKMAP, 4, 4, 4, 0);
OUTER(of_sockmap, BPF_MAP_TYPE_ARRAY_OF_MAPS, sockmap);
LOOKUP_PROG(inner_sockmap, of_sockmap)

INNER(hash, BPF_MAP_TYPE_HASH, 4, 4, 4, 0);
OUTER(of_hash, BPF_MAP_TYPE_ARRAY_OF_MAPS, hash);
LOOKUP_PROG(inner_hash, of_hash)

INNER(ringbuf, BPF_MAP_TYPE_RINGBUF, 0, 0, 4096, 0);
OUTER(of_ringbuf, BPF_MAP_TYPE_ARRAY_OF_MAPS, ringbuf);
LOOKUP_PROG(inner_ringbuf, of_ringbuf)
