/* SPDX-License-Identifier: MIT */
/* The kernel build bpfverify models: the one place that names it. The
 * helper availability table (helper_access_table.c) and every differential
 * expectation were measured on this build. */
#ifndef BV_SPEC_REFERENCE_H
#define BV_SPEC_REFERENCE_H

/* uname -r of the reference kernel. */
#define BV_REFERENCE_RELEASE "6.18.44-fc-v1252"
/* uname -v (the build string of /proc/version) of the reference kernel. */
#define BV_REFERENCE_BUILD "#1 SMP PREEMPT_DYNAMIC @0"

#endif
