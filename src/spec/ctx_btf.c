/* SPDX-License-Identifier: MIT */
/* The BTF name of each program type's context (the prog_ctx_type column of
 * include/linux/bpf_types.h), as btf_is_prog_ctx_type compares it with a
 * subprogram argument's struct name. */
#include "spec/ctx.h"

#include <string.h>

struct ctx_btf_name {
	const char *name; /* the canonical context type */
	const char *also; /* what it resolves to, or the kernel struct
			     it projects (btf_is_projection_of) */
};

/* Indexed by enum bpf_prog_type. Types whose context is void *, u64 or u32
 * have no entry: they take a context argument only with __arg_ctx. */
static const struct ctx_btf_name ctx_names[] = {
	[1] = { "__sk_buff", "sk_buff" },	    /* socket_filter */
	[2] = { "bpf_user_pt_regs_t", "pt_regs" },  /* kprobe */
	[3] = { "__sk_buff", "sk_buff" },	    /* sched_cls */
	[4] = { "__sk_buff", "sk_buff" },	    /* sched_act */
	[6] = { "xdp_md", "xdp_buff" },		    /* xdp */
	[7] = { "bpf_perf_event_data", NULL },	    /* perf_event */
	[8] = { "__sk_buff", "sk_buff" },	    /* cgroup_skb */
	[9] = { "bpf_sock", NULL },		    /* cgroup_sock */
	[10] = { "__sk_buff", "sk_buff" },	    /* lwt_in */
	[11] = { "__sk_buff", "sk_buff" },	    /* lwt_out */
	[12] = { "__sk_buff", "sk_buff" },	    /* lwt_xmit */
	[13] = { "bpf_sock_ops", NULL },	    /* sock_ops */
	[14] = { "__sk_buff", "sk_buff" },	    /* sk_skb */
	[15] = { "bpf_cgroup_dev_ctx", NULL },	    /* cgroup_device */
	[16] = { "sk_msg_md", NULL },		    /* sk_msg */
	[17] = { "bpf_raw_tracepoint_args", NULL }, /* raw_tracepoint */
	[18] = { "bpf_sock_addr", NULL },	    /* cgroup_sock_addr */
	[19] = { "__sk_buff", "sk_buff" },	    /* lwt_seg6local */
	[21] = { "sk_reuseport_md", NULL },	    /* sk_reuseport */
	[22] = { "__sk_buff", "sk_buff" },	    /* flow_dissector */
	[23] = { "bpf_sysctl", NULL },		    /* cgroup_sysctl */
	[24] = { "bpf_raw_tracepoint_args", NULL }, /* raw_tp_writable */
	[25] = { "bpf_sockopt", NULL },		    /* cgroup_sockopt */
	[30] = { "bpf_sk_lookup", NULL },	    /* sk_lookup */
	[32] = { "bpf_nf_ctx", NULL },		    /* netfilter */
};

bool bv_ctx_btf_name_matches(uint32_t prog_type, const char *struct_name)
{
	const struct ctx_btf_name *n;

	if (prog_type >= sizeof(ctx_names) / sizeof(ctx_names[0]) ||
	    !struct_name)
		return false;
	n = &ctx_names[prog_type];
	if (!n->name)
		return false;
	return !strcmp(n->name, struct_name) ||
	       (n->also && !strcmp(n->also, struct_name));
}
