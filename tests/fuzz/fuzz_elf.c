/* SPDX-License-Identifier: MIT */
/* libFuzzer target for the ELF loader: any bytes must give an object or
 * a one-line error, never a crash (make fuzz). */
#include "bpfverify.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* no kernel BTF: the input alone decides what is read */
	struct bv_object_options opts = { .no_kernel_btf = true, .name = "fuzz" };
	struct bv_error err;
	bv_object *obj;

	if (bv_object_open_mem(data, size, &opts, &obj, &err))
		return 0;
	for (size_t i = 0; i < bv_object_program_count(obj); i++) {
		bv_program *p = bv_object_program(obj, i);
		size_t n;

		bv_program_insns(p, &n);
		bv_program_load_error(p, NULL);
	}
	bv_object_free(obj);
	return 0;
}
