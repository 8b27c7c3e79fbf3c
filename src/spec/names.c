/* SPDX-License-Identifier: MIT */
#include "bpfverify.h"

#include <stdlib.h>
#include <string.h>

/* enum bpf_prog_type, in value order */
static const char *const prog_type_names[] = {
	"unspec",	  "socket_filter",	 "kprobe",
	"sched_cls",	  "sched_act",		 "tracepoint",
	"xdp",		  "perf_event",		 "cgroup_skb",
	"cgroup_sock",	  "lwt_in",		 "lwt_out",
	"lwt_xmit",	  "sock_ops",		 "sk_skb",
	"cgroup_device",  "sk_msg",		 "raw_tracepoint",
	"cgroup_sock_addr", "lwt_seg6local",	 "lirc_mode2",
	"sk_reuseport",	  "flow_dissector",	 "cgroup_sysctl",
	"raw_tracepoint_writable", "cgroup_sockopt", "tracing",
	"struct_ops",	  "ext",		 "lsm",
	"sk_lookup",	  "syscall",		 "netfilter",
};

/* enum bpf_map_type, in value order */
static const char *const map_type_names[] = {
	"unspec",	     "hash",		  "array",
	"prog_array",	     "perf_event_array",  "percpu_hash",
	"percpu_array",	     "stack_trace",	  "cgroup_array",
	"lru_hash",	     "lru_percpu_hash",	  "lpm_trie",
	"array_of_maps",     "hash_of_maps",	  "devmap",
	"sockmap",	     "cpumap",		  "xskmap",
	"sockhash",	     "cgroup_storage",	  "reuseport_sockarray",
	"percpu_cgroup_storage", "queue",	  "stack",
	"sk_storage",	     "devmap_hash",	  "struct_ops",
	"ringbuf",	     "inode_storage",	  "task_storage",
	"bloom_filter",	     "user_ringbuf",	  "cgrp_storage",
	"arena",
};

/* enum bpf_attach_type, in value order */
static const char *const attach_type_names[] = {
	"cgroup_inet_ingress",	    "cgroup_inet_egress",
	"cgroup_inet_sock_create",  "cgroup_sock_ops",
	"sk_skb_stream_parser",	    "sk_skb_stream_verdict",
	"cgroup_device",	    "sk_msg_verdict",
	"cgroup_inet4_bind",	    "cgroup_inet6_bind",
	"cgroup_inet4_connect",	    "cgroup_inet6_connect",
	"cgroup_inet4_post_bind",   "cgroup_inet6_post_bind",
	"cgroup_udp4_sendmsg",	    "cgroup_udp6_sendmsg",
	"lirc_mode2",		    "flow_dissector",
	"cgroup_sysctl",	    "cgroup_udp4_recvmsg",
	"cgroup_udp6_recvmsg",	    "cgroup_getsockopt",
	"cgroup_setsockopt",	    "trace_raw_tp",
	"trace_fentry",		    "trace_fexit",
	"modify_return",	    "lsm_mac",
	"trace_iter",		    "cgroup_inet4_getpeername",
	"cgroup_inet6_getpeername", "cgroup_inet4_getsockname",
	"cgroup_inet6_getsockname", "xdp_devmap",
	"cgroup_inet_sock_release", "xdp_cpumap",
	"sk_lookup",		    "xdp",
	"sk_skb_verdict",	    "sk_reuseport_select",
	"sk_reuseport_select_or_migrate", "perf_event",
	"trace_kprobe_multi",	    "lsm_cgroup",
	"struct_ops",		    "netfilter",
	"tcx_ingress",		    "tcx_egress",
	"trace_uprobe_multi",	    "cgroup_unix_connect",
	"cgroup_unix_sendmsg",	    "cgroup_unix_recvmsg",
	"cgroup_unix_getpeername",  "cgroup_unix_getsockname",
	"netkit_primary",	    "netkit_peer",
	"trace_kprobe_session",
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const char *name_of(const char *const *names, size_t n, uint32_t v)
{
	return v < n ? names[v] : NULL;
}

/* Accepts a name from the table or a decimal number below its size. */
static int value_of(const char *const *names, size_t n, const char *name,
		    uint32_t *v)
{
	char *end;
	unsigned long num;

	for (size_t i = 0; i < n; i++) {
		if (!strcmp(names[i], name)) {
			*v = (uint32_t)i;
			return 0;
		}
	}
	num = strtoul(name, &end, 10);
	if (*name && !*end && num < 1000) {
		*v = (uint32_t)num;
		return 0;
	}
	return -1;
}

const char *bv_prog_type_name(uint32_t type)
{
	return name_of(prog_type_names, N_OF(prog_type_names), type);
}

int bv_prog_type_from_name(const char *name, uint32_t *type)
{
	return value_of(prog_type_names, N_OF(prog_type_names), name, type);
}

const char *bv_map_type_name(uint32_t type)
{
	return name_of(map_type_names, N_OF(map_type_names), type);
}

int bv_map_type_from_name(const char *name, uint32_t *type)
{
	return value_of(map_type_names, N_OF(map_type_names), name, type);
}

const char *bv_attach_type_name(uint32_t type)
{
	return name_of(attach_type_names, N_OF(attach_type_names), type);
}

int bv_attach_type_from_name(const char *name, uint32_t *type)
{
	return value_of(attach_type_names, N_OF(attach_type_names), name, type);
}
