/* SPDX-License-Identifier: MIT */
/* bv_prepare_func_args on BTF built by hand: the shapes clang does not emit
 * but a hostile object may carry (a loop of typedefs, which libbpf accepts),
 * and the plain ones next to them. */
#include "check.h"
#include "load/func_proto.h"

#include <bpf/btf.h>
#include <stdlib.h>

struct fixture {
	bv_program *prog;
	struct bv_func_info fi;
};

/* A global function f(ARG) returning int, ARG built by add_arg. */
static void make(struct fixture *f, int (*add_arg)(struct btf *btf, int int_id))
{
	struct btf *btf = btf__new_empty();
	int int_id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	int arg = add_arg(btf, int_id);
	int proto = btf__add_func_proto(btf, int_id);

	btf__add_func_param(btf, "x", arg);
	f->fi.type_id = (uint32_t)btf__add_func(btf, "f", BTF_FUNC_GLOBAL, proto);
	f->fi.name = "f";
	f->fi.global = true;
	f->prog = bv_program_new();
	f->prog->btf = bv_shared_btf_new(btf);
}

/* typedef a -> b, typedef b -> a */
static int typedef_loop(struct btf *btf, int int_id)
{
	int a = btf__add_typedef(btf, "a", int_id);

	btf__add_typedef(btf, "b", a);
	/* close the loop: a now names b */
	((struct btf_type *)btf__type_by_id(btf, (uint32_t)a))->type = (uint32_t)a + 1;
	return a;
}

static int plain_int(struct btf *btf, int int_id)
{
	return btf__add_typedef(btf, "u", int_id);
}

static int pointer_to_int(struct btf *btf, int int_id)
{
	return btf__add_ptr(btf, int_id);
}

static enum bv_proto_status prepare(int (*add_arg)(struct btf *, int),
				    struct bv_func_proto *proto, char *msg, size_t len)
{
	struct fixture f = { 0 };
	enum bv_proto_status s;
	int err = 0;

	make(&f, add_arg);
	s = bv_prepare_func_args(f.prog, &f.fi, 1 /* socket_filter */, proto, &err,
				 msg, len);
	bv_program_free(f.prog);
	return s;
}

int main(void)
{
	struct bv_func_proto proto;
	char msg[256];

	/* a loop of typedefs ends in a refusal, not an endless walk */
	CHECK(prepare(typedef_loop, &proto, msg, sizeof(msg)) == BV_PROTO_INVALID);
	CHECK_STR(msg, "Arg#0 type UNKNOWN in f() is not supported yet.");
	CHECK(prepare(plain_int, &proto, msg, sizeof(msg)) == BV_PROTO_OK);
	CHECK(proto.n_args == 1 && proto.args[0].kind == BV_FARG_SCALAR);
	CHECK(prepare(pointer_to_int, &proto, msg, sizeof(msg)) == BV_PROTO_OK);
	CHECK(proto.args[0].kind == BV_FARG_MEM && proto.args[0].maybe_null &&
	      proto.args[0].mem_size == 4);
	return check_summary("func_proto");
}
