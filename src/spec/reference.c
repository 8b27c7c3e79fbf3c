/* SPDX-License-Identifier: MIT */
#include "bpfverify.h"
#include "spec/reference.h"

const char *bv_reference_kernel(void)
{
	return BV_REFERENCE_RELEASE " " BV_REFERENCE_BUILD;
}
