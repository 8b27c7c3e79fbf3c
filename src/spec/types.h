/* SPDX-License-Identifier: MIT */
/* The verifier's type vocabulary, mirroring include/linux/bpf.h of Linux
 * 6.18: register types (enum bpf_reg_type), helper argument types (enum
 * bpf_arg_type) and return types (enum bpf_return_type), each a base type in
 * the low 8 bits plus flag bits above, as in the kernel. The numbering is
 * ours; the semantics and the printed names are the kernel's. */
#ifndef BV_SPEC_TYPES_H
#define BV_SPEC_TYPES_H

#include <stdint.h>

#define BV_BASE_TYPE_BITS 8
#define BV_BASE_TYPE(t) ((t) & ((1u << BV_BASE_TYPE_BITS) - 1))
#define BV_TYPE_FLAGS(t) ((t) & ~((1u << BV_BASE_TYPE_BITS) - 1))

/* Flags shared by register, argument and return types (enum bpf_type_flag). */
enum bv_type_flag {
	BV_PTR_MAYBE_NULL = 1u << (BV_BASE_TYPE_BITS + 0),
	BV_MEM_RDONLY = 1u << (BV_BASE_TYPE_BITS + 1),
	BV_MEM_RINGBUF = 1u << (BV_BASE_TYPE_BITS + 2),
	BV_MEM_USER = 1u << (BV_BASE_TYPE_BITS + 3),
	BV_MEM_PERCPU = 1u << (BV_BASE_TYPE_BITS + 4),
	BV_OBJ_RELEASE = 1u << (BV_BASE_TYPE_BITS + 5),
	BV_PTR_UNTRUSTED = 1u << (BV_BASE_TYPE_BITS + 6),
	BV_MEM_UNINIT = 1u << (BV_BASE_TYPE_BITS + 7),
	BV_MEM_FIXED_SIZE = 1u << (BV_BASE_TYPE_BITS + 8),
	BV_MEM_ALLOC = 1u << (BV_BASE_TYPE_BITS + 9),
	BV_PTR_TRUSTED = 1u << (BV_BASE_TYPE_BITS + 10),
	BV_MEM_RCU = 1u << (BV_BASE_TYPE_BITS + 11),
	BV_MEM_WRITE = 1u << (BV_BASE_TYPE_BITS + 12),
};

/* enum bpf_reg_type */
enum bv_reg_type {
	BV_NOT_INIT = 0,
	BV_SCALAR_VALUE,
	BV_PTR_TO_CTX,
	BV_CONST_PTR_TO_MAP,
	BV_PTR_TO_MAP_VALUE,
	BV_PTR_TO_MAP_KEY,
	BV_PTR_TO_STACK,
	BV_PTR_TO_PACKET_META,
	BV_PTR_TO_PACKET,
	BV_PTR_TO_PACKET_END,
	BV_PTR_TO_FLOW_KEYS,
	BV_PTR_TO_SOCKET,
	BV_PTR_TO_SOCK_COMMON,
	BV_PTR_TO_TCP_SOCK,
	BV_PTR_TO_TP_BUFFER,
	BV_PTR_TO_XDP_SOCK,
	BV_PTR_TO_BTF_ID,
	BV_PTR_TO_MEM,
	BV_PTR_TO_ARENA,
	BV_PTR_TO_BUF,
	BV_PTR_TO_FUNC,
	BV_CONST_PTR_TO_DYNPTR,
	BV_REG_TYPE_MAX,
	BV_PTR_TO_MAP_VALUE_OR_NULL = BV_PTR_MAYBE_NULL | BV_PTR_TO_MAP_VALUE,
	BV_PTR_TO_SOCKET_OR_NULL = BV_PTR_MAYBE_NULL | BV_PTR_TO_SOCKET,
	BV_PTR_TO_SOCK_COMMON_OR_NULL = BV_PTR_MAYBE_NULL | BV_PTR_TO_SOCK_COMMON,
	BV_PTR_TO_TCP_SOCK_OR_NULL = BV_PTR_MAYBE_NULL | BV_PTR_TO_TCP_SOCK,
};

/* enum bpf_arg_type */
enum bv_arg_type {
	BV_ARG_DONTCARE = 0,
	BV_ARG_CONST_MAP_PTR,
	BV_ARG_PTR_TO_MAP_KEY,
	BV_ARG_PTR_TO_MAP_VALUE,
	BV_ARG_PTR_TO_MEM,
	BV_ARG_PTR_TO_ARENA,
	BV_ARG_CONST_SIZE,
	BV_ARG_CONST_SIZE_OR_ZERO,
	BV_ARG_PTR_TO_CTX,
	BV_ARG_ANYTHING,
	BV_ARG_PTR_TO_SPIN_LOCK,
	BV_ARG_PTR_TO_SOCK_COMMON,
	BV_ARG_PTR_TO_SOCKET,
	BV_ARG_PTR_TO_BTF_ID,
	BV_ARG_PTR_TO_RINGBUF_MEM,
	BV_ARG_CONST_ALLOC_SIZE_OR_ZERO,
	BV_ARG_PTR_TO_BTF_ID_SOCK_COMMON,
	BV_ARG_PTR_TO_PERCPU_BTF_ID,
	BV_ARG_PTR_TO_FUNC,
	BV_ARG_PTR_TO_STACK,
	BV_ARG_PTR_TO_CONST_STR,
	BV_ARG_PTR_TO_TIMER,
	BV_ARG_KPTR_XCHG_DEST,
	BV_ARG_PTR_TO_DYNPTR,
	BV_ARG_TYPE_MAX,
};

/* enum bpf_return_type */
enum bv_ret_type {
	BV_RET_INTEGER = 0,
	BV_RET_VOID,
	BV_RET_PTR_TO_MAP_VALUE,
	BV_RET_PTR_TO_SOCKET,
	BV_RET_PTR_TO_TCP_SOCK,
	BV_RET_PTR_TO_SOCK_COMMON,
	BV_RET_PTR_TO_MEM,
	BV_RET_PTR_TO_MEM_OR_BTF_ID,
	BV_RET_PTR_TO_BTF_ID,
	BV_RET_TYPE_MAX,
};

#endif
