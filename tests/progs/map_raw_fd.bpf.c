/* SPDX-License-Identifier: MIT */
//@ raw_fd0 error fd 0 is not pointing to valid bpf_map
//@ raw_value_fd2 error fd 2 is not pointing to valid bpf_map
//@ relocated_then_raw error fd 1 is not pointing to valid bpf_map
//@ relocated accept
/* 64-bit map loads no relocation fills in: libbpf passes them on as
 * written, so their imm is a raw fd of the loader (0 to 2 are no maps),
 * even when the object has maps of its own. */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u64);
	__type(value, __u64);
} m SEC(".maps");

/* r1 = map fd 0, no relocation */
SEC("socket")
int raw_fd0(void *ctx)
{
	asm volatile("r2 = 0;"
		     "*(u64 *)(r10 - 8) = r2;"
		     "r2 = r10;"
		     "r2 += -8;"
		     ".8byte 0x0000000000001118;"
		     ".8byte 0;"
		     "call 3;"
		     ::: "r0", "r1", "r2", "r3", "r4", "r5");
	return 0;
}

/* a map value load (src_reg 2) naming fd 2 */
SEC("socket")
int raw_value_fd2(void *ctx)
{
	asm volatile(".8byte 0x0000000200002118;"
		     ".8byte 0;"
		     "r0 = *(u64 *)(r1 + 0);"
		     ::: "r0", "r1");
	return 0;
}

/* the relocated load of the same program is fine; the raw one after it
 * still fails */
SEC("socket")
int relocated_then_raw(void *ctx)
{
	__u64 key = 0;

	bpf_map_delete_elem(&m, &key);
	asm volatile(".8byte 0x0000000100001118;"
		     ".8byte 0;"
		     ::: "r1");
	return 0;
}

/* a relocated load only */
SEC("socket")
int relocated(void *ctx)
{
	__u64 key = 0;

	bpf_map_delete_elem(&m, &key);
	return 0;
}
