/* SPDX-License-Identifier: MIT */
//@ fexit_exit kernel-refuses
//@ fexit_exit error Attaching fexit/fmod_ret to __noreturn functions is rejected.
//@ modret_ok kernel-refuses
//@ modret_ok accept
//@ fexit_ret kernel-refuses
//@ fexit_ret error At program exit the register R0 has unknown scalar value should have been in [0, 0]
//@ modret_unknown xfail
//@ modret_unknown reject
//@ sleepy xfail
//@ sleepy reject
//@ denied xfail
//@ denied reject
/* The attach targets of fentry, fexit and fmod_ret programs, as
 * bpf_check_attach_target and check_attach_btf_id judge them. The kernel
 * here refuses all of them before verifying (EPERM): bpfverify is held to
 * the verdicts the kernel's rules give, and says "cannot judge yet" where
 * the rule rests on a list BTF does not carry (the error-injection list). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

/* do_exit does not return: no exit hook */
SEC("fexit/do_exit")
int BPF_PROG(fexit_exit, long code)
{
	return 0;
}

/* security_ hooks are modifiable */
SEC("fmod_ret/security_file_open")
int BPF_PROG(modret_ok, struct file *f, int ret)
{
	return 0;
}

/* fexit must return 0 */
SEC("fexit/do_unlinkat")
int BPF_PROG(fexit_ret, int dfd, struct filename *name, long ret)
{
	return ret;
}

/* modifiable only if on the error-injection list */
SEC("fmod_ret/do_unlinkat")
int BPF_PROG(modret_unknown, int dfd, struct filename *name, int ret)
{
	return 0;
}

SEC("fentry.s/do_unlinkat")
int BPF_PROG(sleepy, int dfd, struct filename *name)
{
	return 0;
}

/* on the kernel's deny list */
SEC("fentry/migrate_disable")
int BPF_PROG(denied)
{
	return 0;
}
