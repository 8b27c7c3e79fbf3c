/* SPDX-License-Identifier: MIT */
//@ sk_storage_lookup error cannot pass map_type 24 into func bpf_map_lookup_elem#1
//@ sk_storage_delete error cannot pass map_type 24 into func bpf_map_delete_elem#3
//@ task_storage_lookup error cannot pass map_type 29 into func bpf_map_lookup_elem#1
//@ inode_storage_lookup error cannot pass map_type 28 into func bpf_map_lookup_elem#1
//@ cgrp_storage_update error cannot pass map_type 32 into func bpf_map_update_elem#2
/* Local storage maps serve only their own helpers (and bpf_kptr_xchg):
 * check_map_func_compatibility refuses a plain lookup or update. */
#include "common.h"

#define STORAGE(name, map_type)                                                \
	struct {                                                               \
		__uint(type, map_type);                                        \
		__uint(map_flags, BPF_F_NO_PREALLOC);                          \
		__type(key, int);                                              \
		__type(value, __u64);                                          \
	} name SEC(".maps")

STORAGE(sk_stg, BPF_MAP_TYPE_SK_STORAGE);
STORAGE(task_stg, BPF_MAP_TYPE_TASK_STORAGE);
STORAGE(inode_stg, BPF_MAP_TYPE_INODE_STORAGE);
STORAGE(cgrp_stg, 32); /* BPF_MAP_TYPE_CGRP_STORAGE: newer than the installed UAPI headers */

SEC("tc")
int sk_storage_lookup(struct __sk_buff *skb)
{
	int key = 0;

	return bpf_map_lookup_elem(&sk_stg, &key) != 0;
}

SEC("tc")
int sk_storage_delete(struct __sk_buff *skb)
{
	int key = 0;

	return bpf_map_delete_elem(&sk_stg, &key);
}

SEC("kprobe")
int task_storage_lookup(void *ctx)
{
	int key = 0;

	return bpf_map_lookup_elem(&task_stg, &key) != 0;
}

SEC("kprobe")
int inode_storage_lookup(void *ctx)
{
	int key = 0;

	return bpf_map_lookup_elem(&inode_stg, &key) != 0;
}

SEC("kprobe")
int cgrp_storage_update(void *ctx)
{
	int key = 0;
	__u64 v = 0;

	return bpf_map_update_elem(&cgrp_stg, &key, &v, BPF_ANY);
}
