/* SPDX-License-Identifier: MIT */
/* The one kernel build bpfverify models and the stored expectations were
 * taken from: uname(2)'s release and version fields. The test suite's only
 * copy; tests/kernel_build.h compares the live kernel with it. */
#ifndef BV_TESTS_REFERENCE_KERNEL_H
#define BV_TESTS_REFERENCE_KERNEL_H

#define BV_TEST_REFERENCE_RELEASE "6.18.44-fc-v1147"
#define BV_TEST_REFERENCE_BUILD "#1 SMP PREEMPT_DYNAMIC @0"

#endif
