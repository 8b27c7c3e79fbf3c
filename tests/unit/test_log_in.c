/* SPDX-License-Identifier: MIT */
/* Reading verifier logs as loaders print them (src/explain/log_in.c):
 * libbpf's frame and prefixes, levels 1 and 2, logs cut at either end.
 * The logs are the 6.18 kernel's, for tests/progs programs. */
#include "check.h"
#include "explain/log_in.h"

#include <stdlib.h>

/* map_null_deref.bpf.o loaded by bpftool: libbpf's frame */
static const char framed[] =
	"libbpf: prog 'no_null_check': BPF program load failed: Permission "
	"denied\n"
	"libbpf: prog 'no_null_check': -- BEGIN PROG LOAD LOG --\n"
	"0: R1=ctx() R10=fp0\n"
	"; int no_null_check(struct __sk_buff *skb) @ map_null_deref.bpf.c:14\n"
	"0: (b7) r1 = 1                        ; R1=1\n"
	"; __u32 key = 1; @ map_null_deref.bpf.c:16\n"
	"1: (63) *(u32 *)(r10 -4) = r1         ; R1=1 R10=fp0 fp-8=mmmm????\n"
	"2: (bf) r2 = r10                      ; R2=fp0 R10=fp0\n"
	";  @ map_null_deref.bpf.c:0\n"
	"3: (07) r2 += -4                      ; R2=fp-4\n"
	"; __u64 *v = bpf_map_lookup_elem(&slots, &key); @ "
	"map_null_deref.bpf.c:17\n"
	"4: (18) r1 = 0xffff8881046a6200       ; "
	"R1=map_ptr(map=slots,ks=4,vs=8)\n"
	"6: (85) call bpf_map_lookup_elem#1    ; "
	"R0=map_value_or_null(id=1,map=slots,ks=4,vs=8)\n"
	"; return *v; @ map_null_deref.bpf.c:19\n"
	"7: (79) r0 = *(u64 *)(r0 +0)\n"
	"R0 invalid mem access 'map_value_or_null'\n"
	"processed 7 insns (limit 1000000) max_states_per_insn 0 total_states "
	"0 peak_states 0 mark_read 0\n"
	"-- END PROG LOAD LOG --\n"
	"libbpf: prog 'no_null_check': failed to load: -13\n"
	"libbpf: failed to load object 'map_null_deref.bpf.o'\n"
	"Error: failed to load object file\n";

/* xdp_unchecked.bpf.o at level 2, every line prefixed, CRLF line ends */
static const char prefixed_l2[] =
	"libbpf: prog 'no_bounds': func#0 @0\r\n"
	"libbpf: prog 'no_bounds': Live regs before insn:\r\n"
	"libbpf: prog 'no_bounds':       0: .1........ (61) r1 = *(u32 *)(r1 "
	"+0)\r\n"
	"libbpf: prog 'no_bounds':       1: .1........ (71) r1 = *(u8 *)(r1 "
	"+23)\r\n"
	"libbpf: prog 'no_bounds': 0: R1=ctx() R10=fp0\r\n"
	"libbpf: prog 'no_bounds': ; void *data = (void *)(long)ctx->data; @ "
	"xdp_unchecked.bpf.c:10\r\n"
	"libbpf: prog 'no_bounds': 0: (61) r1 = *(u32 *)(r1 +0)          ; "
	"R1=pkt(r=0)\r\n"
	"libbpf: prog 'no_bounds': ; return ip->protocol == IPPROTO_TCP ? "
	"XDP_DROP : XDP_PASS; @ xdp_unchecked.bpf.c:13\r\n"
	"libbpf: prog 'no_bounds': 1: (71) r1 = *(u8 *)(r1 +23)\r\n"
	"libbpf: prog 'no_bounds': invalid access to packet, off=23 size=1, "
	"R1(id=0,off=23,r=0)\r\n"
	"libbpf: prog 'no_bounds': R1 offset is outside of the packet\r\n"
	"libbpf: prog 'no_bounds': processed 2 insns (limit 1000000) "
	"max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\r\n"
	"libbpf: prog 'no_bounds': failed to load: -13\r\n";

/* a rotating log buffer keeps the end: the first line is cut */
static const char cut_start[] =
	"_ptr(map=slots,ks=4,vs=8)\n"
	"6: (85) call bpf_map_lookup_elem#1    ; "
	"R0=map_value_or_null(id=1,map=slots,ks=4,vs=8)\n"
	"; return *v; @ map_null_deref.bpf.c:19\n"
	"7: (79) r0 = *(u64 *)(r0 +0)\n"
	"R0 invalid mem access 'map_value_or_null'\n";

/* a fixed buffer (or a cut file) keeps the start */
static const char cut_end[] = "0: R1=ctx() R10=fp0\n"
			      "; __u32 key = 1; @ map_null_deref.bpf.c:16\n"
			      "0: (b7) r1 = 1                        ; R1=1\n"
			      "1: (63) *(u32 *)(r10 -4) = r1         ; R1";

/* two programs' frames: --prog picks one */
static const char two_frames[] =
	"libbpf: prog 'a': -- BEGIN PROG LOAD LOG --\n"
	"0: (b7) r0 = 0\n"
	"1: (95) exit\n"
	"R0 !read_ok\n"
	"-- END PROG LOAD LOG --\n"
	"libbpf: prog 'b': -- BEGIN PROG LOAD LOG --\n"
	"0: (bf) r0 = r1\n"
	"1: (95) exit\n"
	"At program exit the register R0 has unknown scalar value should "
	"have been in [0, 1]\n"
	"-- END PROG LOAD LOG --\n";

static void test_framed(void)
{
	struct bv_log_in l;
	struct bv_explanation e;
	char state[256];
	int at = -2;

	CHECK(!bv_log_in_parse(framed, sizeof(framed) - 1, NULL, &l));
	CHECK(l.framed);
	CHECK(l.ended);
	CHECK_STR(l.prog, "no_null_check");
	CHECK_STR(l.errors, "R0 invalid mem access 'map_value_or_null'");
	CHECK(l.insn == 7);
	CHECK_STR(l.insn_text, "(79) r0 = *(u64 *)(r0 +0)");
	CHECK_STR(l.file, "map_null_deref.bpf.c");
	CHECK(l.line == 19);
	CHECK_STR(l.source, "return *v;");
	/* libbpf's and bpftool's lines are not part of the log */
	CHECK(!strstr(l.log, "failed to load"));
	CHECK(!strstr(l.log, "Error:"));
	CHECK(bv_log_in_reg(&l, 0, state, sizeof(state), &at));
	CHECK_STR(state, "map_value_or_null(id=1,map=slots,ks=4,vs=8)");
	CHECK(at == 6);
	/* R10 is not R1 */
	CHECK(bv_log_in_reg(&l, 1, state, sizeof(state), &at));
	CHECK_STR(state, "map_ptr(map=slots,ks=4,vs=8)");
	CHECK(at == 4);

	bv_log_in_explain(&l, &e);
	CHECK(e.kind == BV_EXPLAIN_NULL_POINTER);
	CHECK_STR(e.error, "R0 invalid mem access 'map_value_or_null'");
	CHECK(e.where.insn == 7 && e.where.line == 19);
	CHECK(e.n_why == 2);
	/* the call set r0: its step is at the call, source line 17 */
	CHECK(e.why[0].at.insn == 6 && e.why[0].at.line == 17);
	CHECK(strstr(e.why[0].text, "r0 was set here, to map_value_or_null"));
	CHECK(strstr(e.fix, "if (!p) return"));
	bv_log_in_free(&l);
}

static void test_prefixed_level2(void)
{
	struct bv_log_in l;
	struct bv_explanation e;

	CHECK(!bv_log_in_parse(prefixed_l2, sizeof(prefixed_l2) - 1, NULL, &l));
	CHECK(!l.framed && l.ended);
	CHECK_STR(l.prog, "no_bounds");
	/* func#0 and the liveness prologue are not error lines */
	CHECK_STR(l.errors, "invalid access to packet, off=23 size=1, "
			    "R1(id=0,off=23,r=0)\n"
			    "R1 offset is outside of the packet");
	CHECK(l.insn == 1);
	CHECK(l.line == 13);
	bv_log_in_explain(&l, &e);
	CHECK(e.kind == BV_EXPLAIN_PACKET_RANGE);
	CHECK(e.n_why == 2);
	CHECK(strstr(e.why[0].text, "r1 was set here, to pkt(r=0)"));
	CHECK(e.why[0].at.insn == 0 && e.why[0].at.line == 10);
	bv_log_in_free(&l);
}

static void test_cut(void)
{
	struct bv_log_in l;
	struct bv_explanation e;

	CHECK(!bv_log_in_parse(cut_start, sizeof(cut_start) - 1, NULL, &l));
	CHECK(!l.ended);
	CHECK_STR(l.errors, "R0 invalid mem access 'map_value_or_null'");
	CHECK(l.insn == 7 && l.line == 19);
	bv_log_in_explain(&l, &e);
	CHECK(e.kind == BV_EXPLAIN_NULL_POINTER);
	CHECK(strstr(e.why[e.n_why - 1].text, "cut before its statistics"));
	bv_log_in_free(&l);

	/* no error line: nothing to explain */
	CHECK(!bv_log_in_parse(cut_end, sizeof(cut_end) - 1, NULL, &l));
	CHECK_STR(l.errors, "");
	bv_log_in_explain(&l, &e);
	CHECK(e.kind == BV_EXPLAIN_NONE);
	bv_log_in_free(&l);
}

/* a message without its newline runs into the statistics line */
static const char glued[] =
	"3: (85) call bpf_tail_call#12\n"
	"expected prog array map for tail callprocessed 3 insns (limit "
	"1000000) max_states_per_insn 0 total_states 0 peak_states 0 "
	"mark_read 0\n"
	"kernel: tail.bpfasm: rejected\n";

static void test_glued(void)
{
	struct bv_log_in l;

	CHECK(!bv_log_in_parse(glued, sizeof(glued) - 1, NULL, &l));
	CHECK(l.ended);
	CHECK_STR(l.errors, "expected prog array map for tail call");
	CHECK(l.insn == 3);
	bv_log_in_free(&l);
}

/* a GitHub Actions raw log: a timestamp before each line */
static const char stamped[] =
	"2026-12-03T16:30:01.1234567Z libbpf: prog 'no_null_check': -- BEGIN "
	"PROG LOAD LOG --\n"
	"2026-12-03T16:30:01.1234567Z ; return *v; @ map_null_deref.bpf.c:19\n"
	"2026-12-03T16:30:01.1234567Z 7: (79) r0 = *(u64 *)(r0 +0)\n"
	"2026-12-03T16:30:01.1234567Z R0 invalid mem access "
	"'map_value_or_null'\n"
	"2026-12-03T16:30:01.1234568Z -- END PROG LOAD LOG --\n";

static void test_stamped(void)
{
	struct bv_log_in l;

	CHECK(!bv_log_in_parse(stamped, sizeof(stamped) - 1, NULL, &l));
	CHECK(l.framed);
	CHECK_STR(l.prog, "no_null_check");
	CHECK_STR(l.errors, "R0 invalid mem access 'map_value_or_null'");
	CHECK(l.insn == 7 && l.line == 19);
	bv_log_in_free(&l);
}

/* level 2: the state at the failing instruction on a line of its own;
 * the writer is on the path before the branch the path was popped from */
static const char level2_paths[] =
	"0: (b7) r6 = 7                        ; R6=7\n"
	"1: (15) if r1 == 0x0 goto pc+2        ; R1=ctx()\n"
	"2: (b7) r6 = 1                        ; R6=1\n"
	"3: (95) exit\n"
	"from 1 to 4: R1=ctx() R6=7 R10=fp0\n"
	"4: R1=ctx() R6=7 R10=fp0\n"
	"4: (71) r0 = *(u8 *)(r6 +0)\n"
	"R6 invalid mem access 'scalar'\n";

static void test_level2_paths(void)
{
	struct bv_log_in l;
	struct bv_explanation e;

	CHECK(!bv_log_in_parse(level2_paths, sizeof(level2_paths) - 1, NULL,
			       &l));
	bv_log_in_explain(&l, &e);
	CHECK(e.kind == BV_EXPLAIN_SCALAR_POINTER);
	CHECK(e.n_why == 3);
	/* not insn 2, which wrote r6 on the other path */
	CHECK(e.why[0].at.insn == 0);
	CHECK(strstr(e.why[0].text, "r6 was last set here") != NULL);
	CHECK(e.why[1].at.insn == 4);
	CHECK(strstr(e.why[1].text, "r6 = 7 at this instruction") != NULL);
	bv_log_in_free(&l);
}

static void test_pick(void)
{
	struct bv_log_in l;

	CHECK(!bv_log_in_parse(two_frames, sizeof(two_frames) - 1, "b", &l));
	CHECK_STR(l.prog, "b");
	CHECK(!strncmp(l.errors, "At program exit", 15));
	bv_log_in_free(&l);
	CHECK(!bv_log_in_parse(two_frames, sizeof(two_frames) - 1, NULL, &l));
	CHECK_STR(l.prog, "a");
	CHECK_STR(l.errors, "R0 !read_ok");
	bv_log_in_free(&l);
}

static void test_kind_texts(void)
{
	for (int k = BV_EXPLAIN_GENERIC; k < BV_EXPLAIN_KIND_COUNT; k++) {
		CHECK(*bv_explain_kind_what((enum bv_explain_kind)k));
		CHECK(*bv_explain_kind_fix((enum bv_explain_kind)k));
	}
}

int main(void)
{
	test_framed();
	test_prefixed_level2();
	test_cut();
	test_pick();
	test_glued();
	test_level2_paths();
	test_stamped();
	test_kind_texts();
	return check_summary("log_in");
}
