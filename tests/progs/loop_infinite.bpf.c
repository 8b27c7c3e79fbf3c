/* SPDX-License-Identifier: MIT */
// (bpfverify agrees with the kernel on this program)
//@ forever error ; i += 0; @ loop_infinite.bpf.c:16
//@ forever error infinite loop detected at insn 6
//@ forever error cur state: R0=0 R1=scalar(smin=umin=umin32=1,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff)) R2=0 R10=fp0 fp-8=0000????
//@ forever error old state: R0=P0 R1=Pscalar(smin=umin=umin32=1,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff)) R2=0 R10=fp0 fp-8=0000????
#include "common.h"

/* a loop the verifier cannot bound */
SEC("socket")
int forever(struct __sk_buff *skb)
{
	volatile int i = 0;

	while (i < skb->len)
		i += 0;
	return i;
}
