/* SPDX-License-Identifier: MIT */
/* The context arguments each BPF iterator registers (the ctx_arg_info of
 * its struct bpf_iter_reg, Linux 6.18): the member of struct
 * bpf_iter__<target> and the register type a load of it yields. The
 * struct each pointer points to is the one its member declares in the
 * kernel's BTF. Arguments not listed (meta, and plain values) are typed
 * from the iterator function's prototype as any BTF context is.
 *
 * The map iterators (bpf_map_elem, bpf_sk_storage_map, sockmap) are left
 * out: the reference kernel refuses their programs before verifying them
 * (EPERM), so they stay "cannot judge yet". */
#include "spec/iter_ctx.h"
#include "spec/types.h"

#include <string.h>

#define OR_NULL		(BV_PTR_TO_BTF_ID | BV_PTR_MAYBE_NULL)
#define TRUSTED_OR_NULL (OR_NULL | BV_PTR_TRUSTED)
#define BUF_OR_NULL	(BV_PTR_TO_BUF | BV_PTR_MAYBE_NULL)

static const struct bv_iter_ctx_arg iter_args[] = {
	{ "task", "task", TRUSTED_OR_NULL },
	{ "task_file", "task", OR_NULL },
	{ "task_file", "file", OR_NULL },
	{ "task_vma", "task", OR_NULL },
	{ "task_vma", "vma", OR_NULL },
	{ "cgroup", "cgroup", TRUSTED_OR_NULL },
	{ "bpf_map", "map", TRUSTED_OR_NULL },
	{ "bpf_prog", "prog", OR_NULL },
	{ "bpf_link", "link", OR_NULL },
	{ "tcp", "sk_common", TRUSTED_OR_NULL },
	{ "udp", "udp_sk", TRUSTED_OR_NULL },
	{ "unix", "unix_sk", OR_NULL },
	{ "netlink", "sk", OR_NULL },
	{ "ipv6_route", "rt", OR_NULL },
	{ "ksym", "ksym", OR_NULL },
	{ "kmem_cache", "s", TRUSTED_OR_NULL },
	{ "dmabuf", "dmabuf", OR_NULL },
};

bool bv_iter_target_known(const char *target)
{
	for (size_t i = 0; i < sizeof(iter_args) / sizeof(iter_args[0]); i++)
		if (!strcmp(iter_args[i].target, target))
			return true;
	return false;
}

const struct bv_iter_ctx_arg *bv_iter_ctx_arg(const char *target,
					      const char *member)
{
	for (size_t i = 0; i < sizeof(iter_args) / sizeof(iter_args[0]); i++)
		if (!strcmp(iter_args[i].target, target) &&
		    !strcmp(iter_args[i].member, member))
			return &iter_args[i];
	return NULL;
}
