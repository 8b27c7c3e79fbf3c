/* SPDX-License-Identifier: MIT */
/* What the non-CO-RE test programs include: UAPI headers and libbpf's
 * helper definitions, as a typical BPF C program does. */
#ifndef BV_TESTS_PROGS_COMMON_H
#define BV_TESTS_PROGS_COMMON_H
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/udp.h>
#include <linux/tcp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "GPL";
#endif
