/* SPDX-License-Identifier: MIT */
/* libbpf's section_defs (src/libbpf.c), in its order: the first match
 * wins. A name ending in '+' matches itself exactly or followed by '/'; a
 * name ending in '/' matches as a prefix; any other name must be equal. */
#include "load/sec_def.h"
#include "bpfverify.h"

#include <string.h>

struct sec_row {
	const char *sec;
	const char *prog_type;   /* bv_prog_type_from_name spelling */
	const char *attach_type; /* NULL: 0 */
	unsigned flags;
};

#define SLEEP BV_SEC_SLEEPABLE
#define BTF_ATTACH BV_SEC_ATTACH_BTF
#define FRAGS BV_SEC_XDP_FRAGS

static const struct sec_row rows[] = {
	{ "socket", "socket_filter", NULL, 0 },
	{ "sk_reuseport/migrate", "sk_reuseport", "sk_reuseport_select_or_migrate", 0 },
	{ "sk_reuseport", "sk_reuseport", "sk_reuseport_select", 0 },
	{ "kprobe+", "kprobe", NULL, 0 },
	{ "uprobe+", "kprobe", NULL, 0 },
	{ "uprobe.s+", "kprobe", NULL, SLEEP },
	{ "kretprobe+", "kprobe", NULL, 0 },
	{ "uretprobe+", "kprobe", NULL, 0 },
	{ "uretprobe.s+", "kprobe", NULL, SLEEP },
	{ "kprobe.multi+", "kprobe", "trace_kprobe_multi", 0 },
	{ "kretprobe.multi+", "kprobe", "trace_kprobe_multi", 0 },
	{ "kprobe.session+", "kprobe", "trace_kprobe_session", 0 },
	{ "uprobe.multi+", "kprobe", "trace_uprobe_multi", 0 },
	{ "uretprobe.multi+", "kprobe", "trace_uprobe_multi", 0 },
	{ "uprobe.multi.s+", "kprobe", "trace_uprobe_multi", SLEEP },
	{ "uretprobe.multi.s+", "kprobe", "trace_uprobe_multi", SLEEP },
	{ "ksyscall+", "kprobe", NULL, 0 },
	{ "kretsyscall+", "kprobe", NULL, 0 },
	/* SEC_USDT: uprobe_multi where the kernel has it, as 6.18 does */
	{ "usdt+", "kprobe", "trace_uprobe_multi", 0 },
	{ "usdt.s+", "kprobe", "trace_uprobe_multi", SLEEP },
	{ "tc/ingress", "sched_cls", "tcx_ingress", 0 },
	{ "tc/egress", "sched_cls", "tcx_egress", 0 },
	{ "tcx/ingress", "sched_cls", "tcx_ingress", 0 },
	{ "tcx/egress", "sched_cls", "tcx_egress", 0 },
	{ "tc", "sched_cls", NULL, 0 },
	{ "classifier", "sched_cls", NULL, 0 },
	{ "action", "sched_act", NULL, 0 },
	{ "netkit/primary", "sched_cls", "netkit_primary", 0 },
	{ "netkit/peer", "sched_cls", "netkit_peer", 0 },
	{ "tracepoint+", "tracepoint", NULL, 0 },
	{ "tp+", "tracepoint", NULL, 0 },
	{ "raw_tracepoint+", "raw_tracepoint", NULL, 0 },
	{ "raw_tp+", "raw_tracepoint", NULL, 0 },
	{ "raw_tracepoint.w+", "raw_tracepoint_writable", NULL, 0 },
	{ "raw_tp.w+", "raw_tracepoint_writable", NULL, 0 },
	{ "tp_btf+", "tracing", "trace_raw_tp", BTF_ATTACH },
	{ "fentry+", "tracing", "trace_fentry", BTF_ATTACH },
	{ "fmod_ret+", "tracing", "modify_return", BTF_ATTACH },
	{ "fexit+", "tracing", "trace_fexit", BTF_ATTACH },
	{ "fentry.s+", "tracing", "trace_fentry", BTF_ATTACH | SLEEP },
	{ "fmod_ret.s+", "tracing", "modify_return", BTF_ATTACH | SLEEP },
	{ "fexit.s+", "tracing", "trace_fexit", BTF_ATTACH | SLEEP },
	{ "freplace+", "ext", NULL, BTF_ATTACH | BV_SEC_EXT },
	{ "lsm+", "lsm", "lsm_mac", BTF_ATTACH },
	{ "lsm.s+", "lsm", "lsm_mac", BTF_ATTACH | SLEEP },
	{ "lsm_cgroup+", "lsm", "lsm_cgroup", BTF_ATTACH },
	{ "iter+", "tracing", "trace_iter", BTF_ATTACH },
	{ "iter.s+", "tracing", "trace_iter", BTF_ATTACH | SLEEP },
	{ "syscall", "syscall", NULL, SLEEP },
	{ "xdp.frags/devmap", "xdp", "xdp_devmap", FRAGS },
	{ "xdp/devmap", "xdp", "xdp_devmap", 0 },
	{ "xdp.frags/cpumap", "xdp", "xdp_cpumap", FRAGS },
	{ "xdp/cpumap", "xdp", "xdp_cpumap", 0 },
	{ "xdp.frags", "xdp", "xdp", FRAGS },
	{ "xdp", "xdp", "xdp", 0 },
	{ "perf_event", "perf_event", NULL, 0 },
	{ "lwt_in", "lwt_in", NULL, 0 },
	{ "lwt_out", "lwt_out", NULL, 0 },
	{ "lwt_xmit", "lwt_xmit", NULL, 0 },
	{ "lwt_seg6local", "lwt_seg6local", NULL, 0 },
	{ "sockops", "sock_ops", "cgroup_sock_ops", 0 },
	{ "sk_skb/stream_parser", "sk_skb", "sk_skb_stream_parser", 0 },
	{ "sk_skb/stream_verdict", "sk_skb", "sk_skb_stream_verdict", 0 },
	{ "sk_skb/verdict", "sk_skb", "sk_skb_verdict", 0 },
	{ "sk_skb", "sk_skb", NULL, 0 },
	{ "sk_msg", "sk_msg", "sk_msg_verdict", 0 },
	{ "lirc_mode2", "lirc_mode2", "lirc_mode2", 0 },
	{ "flow_dissector", "flow_dissector", "flow_dissector", 0 },
	{ "cgroup_skb/ingress", "cgroup_skb", "cgroup_inet_ingress", 0 },
	{ "cgroup_skb/egress", "cgroup_skb", "cgroup_inet_egress", 0 },
	{ "cgroup/skb", "cgroup_skb", NULL, 0 },
	{ "cgroup/sock_create", "cgroup_sock", "cgroup_inet_sock_create", 0 },
	{ "cgroup/sock_release", "cgroup_sock", "cgroup_inet_sock_release", 0 },
	{ "cgroup/sock", "cgroup_sock", "cgroup_inet_sock_create", 0 },
	{ "cgroup/post_bind4", "cgroup_sock", "cgroup_inet4_post_bind", 0 },
	{ "cgroup/post_bind6", "cgroup_sock", "cgroup_inet6_post_bind", 0 },
	{ "cgroup/bind4", "cgroup_sock_addr", "cgroup_inet4_bind", 0 },
	{ "cgroup/bind6", "cgroup_sock_addr", "cgroup_inet6_bind", 0 },
	{ "cgroup/connect4", "cgroup_sock_addr", "cgroup_inet4_connect", 0 },
	{ "cgroup/connect6", "cgroup_sock_addr", "cgroup_inet6_connect", 0 },
	{ "cgroup/connect_unix", "cgroup_sock_addr", "cgroup_unix_connect", 0 },
	{ "cgroup/sendmsg4", "cgroup_sock_addr", "cgroup_udp4_sendmsg", 0 },
	{ "cgroup/sendmsg6", "cgroup_sock_addr", "cgroup_udp6_sendmsg", 0 },
	{ "cgroup/sendmsg_unix", "cgroup_sock_addr", "cgroup_unix_sendmsg", 0 },
	{ "cgroup/recvmsg4", "cgroup_sock_addr", "cgroup_udp4_recvmsg", 0 },
	{ "cgroup/recvmsg6", "cgroup_sock_addr", "cgroup_udp6_recvmsg", 0 },
	{ "cgroup/recvmsg_unix", "cgroup_sock_addr", "cgroup_unix_recvmsg", 0 },
	{ "cgroup/getpeername4", "cgroup_sock_addr", "cgroup_inet4_getpeername", 0 },
	{ "cgroup/getpeername6", "cgroup_sock_addr", "cgroup_inet6_getpeername", 0 },
	{ "cgroup/getpeername_unix", "cgroup_sock_addr", "cgroup_unix_getpeername", 0 },
	{ "cgroup/getsockname4", "cgroup_sock_addr", "cgroup_inet4_getsockname", 0 },
	{ "cgroup/getsockname6", "cgroup_sock_addr", "cgroup_inet6_getsockname", 0 },
	{ "cgroup/getsockname_unix", "cgroup_sock_addr", "cgroup_unix_getsockname", 0 },
	{ "cgroup/sysctl", "cgroup_sysctl", "cgroup_sysctl", 0 },
	{ "cgroup/getsockopt", "cgroup_sockopt", "cgroup_getsockopt", 0 },
	{ "cgroup/setsockopt", "cgroup_sockopt", "cgroup_setsockopt", 0 },
	{ "cgroup/dev", "cgroup_device", "cgroup_device", 0 },
	{ "struct_ops+", "struct_ops", NULL, BV_SEC_STRUCT_OPS },
	{ "struct_ops.s+", "struct_ops", NULL, BV_SEC_STRUCT_OPS | SLEEP },
	{ "sk_lookup", "sk_lookup", "sk_lookup", 0 },
	{ "netfilter", "netfilter", "netfilter", 0 },
};

/* sec_def_matches() */
static bool matches(const char *pattern, const char *name)
{
	size_t len = strlen(pattern);

	if (pattern[len - 1] == '/')
		return !strncmp(name, pattern, len);
	if (pattern[len - 1] == '+') {
		len--;
		return !strncmp(name, pattern, len) &&
		       (name[len] == '\0' || name[len] == '/');
	}
	return !strcmp(name, pattern);
}

int bv_sec_def_find(const char *sec_name, struct bv_sec_def *def)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct sec_row *r = &rows[i];

		if (!matches(r->sec, sec_name))
			continue;
		def->attach_type = 0;
		def->flags = r->flags;
		if (bv_prog_type_from_name(r->prog_type, &def->prog_type) ||
		    (r->attach_type &&
		     bv_attach_type_from_name(r->attach_type, &def->attach_type)))
			return -1; /* a table typo; test_elf_secdef catches it */
		return 0;
	}
	return -1;
}
