/* SPDX-License-Identifier: MIT */
#include "spec/sock.h"
#include "spec/types.h"

#include <stddef.h>

/* struct bpf_sock (uapi/linux/bpf.h): offsets of its fields */
enum {
	SK_TYPE = 8,
	SK_PRIORITY = 20,
	SK_SRC_IP4 = 24,
	SK_SRC_IP6 = 28,
	SK_SRC_PORT = 44,
	SK_DST_PORT = 48,
	SK_DST_IP4 = 52,
	SK_DST_IP6 = 56,
	SK_STATE = 72,
	SK_RX_QUEUE_MAPPING = 76,
	SK_SIZE = 80,
	SK_FAMILY = 4,
	SK_PROTOCOL = 12,
};

/* struct bpf_tcp_sock: the two 64-bit counters, and its size */
enum { TCP_BYTES_RECEIVED = 80, TCP_BYTES_ACKED = 88, TCP_SOCK_END = 112 };

/* bpf_ctx_narrow_access_ok */
static bool narrow_ok(int size, int size_default)
{
	return size <= size_default && !(size & (size - 1));
}

static bool in(int off, int start, int end)
{
	return off >= start && off < end;
}

static bool bpf_sock_read_ok(int off, int size)
{
	if (off < 0 || off >= SK_SIZE || off % size)
		return false;
	/* fields named by their exact offset */
	if (off == SK_STATE || off == SK_FAMILY || off == SK_TYPE ||
	    off == SK_PROTOCOL || off == SK_SRC_PORT || off == SK_RX_QUEUE_MAPPING ||
	    in(off, SK_SRC_IP4, SK_SRC_IP4 + 4) || in(off, SK_SRC_IP6, SK_SRC_IP6 + 16) ||
	    in(off, SK_DST_IP4, SK_DST_IP4 + 4) || in(off, SK_DST_IP6, SK_DST_IP6 + 16))
		return narrow_ok(size, 4);
	/* dst_port is a __be16 followed by two bytes of padding */
	if (in(off, SK_DST_PORT, SK_DST_PORT + 2))
		return narrow_ok(size, size == 4 ? 4 : 2);
	if (in(off, SK_DST_PORT + 2, SK_DST_IP4))
		return false;
	return size == 4;
}

bool bv_sock_read_ok(uint32_t reg_type, int off, int size)
{
	switch (reg_type) {
	case BV_PTR_TO_SOCKET:
		return bpf_sock_read_ok(off, size);
	case BV_PTR_TO_SOCK_COMMON:
		/* type .. priority are not part of sock_common */
		return !in(off, SK_TYPE, SK_PRIORITY + 4) && bpf_sock_read_ok(off, size);
	case BV_PTR_TO_TCP_SOCK:
		if (off < 0 || off >= TCP_SOCK_END || off % size)
			return false;
		if (off == TCP_BYTES_RECEIVED || off == TCP_BYTES_ACKED)
			return size == 8;
		return size == 4;
	case BV_PTR_TO_XDP_SOCK:
		return off >= 0 && off < 4 && !(off % size) && size == 4;
	default:
		return false;
	}
}
