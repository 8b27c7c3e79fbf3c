/* SPDX-License-Identifier: MIT */
/* Field access through socket pointers (bpf_sock_is_valid_access,
 * bpf_sock_common_is_valid_access, bpf_tcp_sock_is_valid_access and
 * bpf_xdp_sock_is_valid_access of net/core/filter.c, Linux 6.18). */
#ifndef BV_SPEC_SOCK_H
#define BV_SPEC_SOCK_H

#include <stdbool.h>
#include <stdint.h>

/* Whether a read of size bytes at off through a pointer of base register
 * type reg_type (BV_PTR_TO_SOCKET, _SOCK_COMMON, _TCP_SOCK, _XDP_SOCK) is
 * valid. */
bool bv_sock_read_ok(uint32_t reg_type, int off, int size);

#endif
