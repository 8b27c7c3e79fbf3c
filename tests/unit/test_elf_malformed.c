/* SPDX-License-Identifier: MIT */
/* Malformed and hostile ELF objects: each corruption of a real object
 * (compiled by the test run from tests/progs/map_hash.bpf.c) must give one
 * error line, never a crash (the suite runs this under ASan and UBSan).
 * Also the SEC() table and the line-info lookup. */
#include "bpfverify.h"
#include "check.h"
#include "load/program.h"
#include "load/sec_def.h"

#include <elf.h>
#include <stdlib.h>

struct image {
	uint8_t *b;
	size_t len;
};

static bool load(struct image *img)
{
	static const char *const paths[] = { "build/san/progs/map_hash.bpf.o",
					     "build/rel/progs/map_hash.bpf.o" };

	for (size_t i = 0; i < 2; i++) {
		FILE *f = fopen(paths[i], "rb");

		if (!f)
			continue;
		img->b = malloc(1 << 20);
		img->len = fread(img->b, 1, 1 << 20, f);
		fclose(f);
		return img->len > 0;
	}
	return false;
}

static Elf64_Shdr *shdr(struct image *img, size_t i)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)img->b;

	return (Elf64_Shdr *)(img->b + eh->e_shoff) + i;
}

static Elf64_Shdr *section(struct image *img, const char *name)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)img->b;
	const char *names = (const char *)img->b + shdr(img, eh->e_shstrndx)->sh_offset;

	for (size_t i = 1; i < eh->e_shnum; i++)
		if (!strcmp(names + shdr(img, i)->sh_name, name))
			return shdr(img, i);
	return NULL;
}

/* opens a mutated copy; the object must be refused with one line that
 * contains want */
static void expect_error(const struct image *orig, void (*mutate)(struct image *),
			 const char *want)
{
	struct image img = { malloc(orig->len), orig->len };
	struct bv_object_options opts = { .no_kernel_btf = true };
	struct bv_error err;
	bv_object *obj;
	int rc;

	memcpy(img.b, orig->b, orig->len);
	mutate(&img);
	rc = bv_object_open_mem(img.b, img.len, &opts, &obj, &err);
	CHECK(rc == -1);
	if (rc == 0)
		bv_object_free(obj);
	CHECK(err.msg[0] && !strchr(err.msg, '\n'));
	if (!strstr(err.msg, want))
		fprintf(stderr, "error \"%s\" lacks \"%s\"\n", err.msg, want);
	CHECK(strstr(err.msg, want) != NULL);
	free(img.b);
}

/* opens a mutated copy that is still a valid object: it must open, and
 * must not crash (a libFuzzer finding: a license section without data) */
static void expect_open(const struct image *orig, void (*mutate)(struct image *))
{
	struct image img = { malloc(orig->len), orig->len };
	struct bv_object_options opts = { .no_kernel_btf = true };
	struct bv_error err;
	bv_object *obj;
	int rc;

	memcpy(img.b, orig->b, orig->len);
	mutate(&img);
	rc = bv_object_open_mem(img.b, img.len, &opts, &obj, &err);
	CHECK(rc == 0);
	if (rc == 0)
		bv_object_free(obj);
	free(img.b);
}

static void license_without_data(struct image *img)
{
	Elf64_Shdr *sh = section(img, "license");

	if (sh) {
		sh->sh_type = SHT_NOBITS;
		sh->sh_size = 64;
	}
}

static void truncate_half(struct image *img) { img->len /= 2; }
static void truncate_header(struct image *img) { img->len = 20; }

static void bad_section_offset(struct image *img)
{
	section(img, "socket")->sh_offset = 0x7fffffff;
}

static void odd_code_size(struct image *img)
{
	section(img, "socket")->sh_size -= 3;
}

static void relo_symbol_out_of_range(struct image *img)
{
	Elf64_Rel *r = (Elf64_Rel *)(img->b + section(img, ".relsocket")->sh_offset);

	r->r_info = ELF64_R_INFO(100000, ELF64_R_TYPE(r->r_info));
}

static void relo_offset_out_of_range(struct image *img)
{
	Elf64_Rel *r = (Elf64_Rel *)(img->b + section(img, ".relsocket")->sh_offset);

	r->r_offset = 1u << 20;
}

static void symbol_section_out_of_range(struct image *img)
{
	Elf64_Shdr *st = section(img, ".symtab");
	Elf64_Rel *r = (Elf64_Rel *)(img->b + section(img, ".relsocket")->sh_offset);
	Elf64_Sym *sym = (Elf64_Sym *)(img->b + st->sh_offset) + ELF64_R_SYM(r->r_info);

	sym->st_shndx = 0x7ff0;
}

static void func_crosses_section(struct image *img)
{
	Elf64_Shdr *st = section(img, ".symtab");
	Elf64_Sym *sym = (Elf64_Sym *)(img->b + st->sh_offset);

	for (size_t i = 0; i < st->sh_size / sizeof(*sym); i++)
		if (ELF64_ST_TYPE(sym[i].st_info) == STT_FUNC)
			sym[i].st_size += 4096;
}

static void bad_shstrndx(struct image *img)
{
	((Elf64_Ehdr *)img->b)->e_shstrndx = 0x7fff;
}

static void not_bpf(struct image *img)
{
	((Elf64_Ehdr *)img->b)->e_machine = EM_X86_64;
}

/* the size of a BTF type record, by kind (include/uapi/linux/btf.h) */
static size_t btf_rec_size(const uint32_t *t)
{
	unsigned kind = (t[1] >> 24) & 0x1f, vlen = t[1] & 0xffff;

	switch (kind) {
	case 1: case 14: case 17: return 16;        /* int, var, decl_tag */
	case 3: return 24;                           /* array */
	case 4: case 5: case 15: case 19: return 12 + 12 * vlen;
	case 6: case 13: return 12 + 8 * vlen;       /* enum, func_proto */
	default: return 12;
	}
}

/* points the first pointer-like type at a type id that does not exist */
static void btf_bad_type_id(struct image *img)
{
	uint8_t *btf = img->b + section(img, ".BTF")->sh_offset;
	uint32_t hdr_len, type_off, type_len;
	uint8_t *p, *end;

	memcpy(&hdr_len, btf + 4, 4);
	memcpy(&type_off, btf + 8, 4);
	memcpy(&type_len, btf + 12, 4);
	p = btf + hdr_len + type_off;
	end = p + type_len;
	while (p < end) {
		uint32_t t[3], kind;

		memcpy(t, p, sizeof(t));
		kind = (t[1] >> 24) & 0x1f;
		if (kind == 2 || kind == 8 || kind == 9 || kind == 10) {
			t[2] = 0x7ffff;
			memcpy(p, t, sizeof(t));
			return;
		}
		p += btf_rec_size(t);
	}
}

static void test_malformed(void)
{
	struct image img;

	if (!load(&img)) {
		printf("elf_malformed: build/*/progs/map_hash.bpf.o missing (make test builds it): skipped\n");
		return;
	}
	expect_error(&img, truncate_half, "");
	expect_error(&img, truncate_header, "not an ELF object");
	expect_error(&img, bad_section_offset, "section 'socket'");
	expect_error(&img, odd_code_size, "not a multiple of 8");
	expect_error(&img, relo_symbol_out_of_range, "names symbol 100000");
	expect_error(&img, relo_offset_out_of_range, "outside the code");
	expect_error(&img, symbol_section_out_of_range, "points to section");
	expect_error(&img, func_crosses_section, "crosses the section's end");
	expect_error(&img, bad_shstrndx, "");
	expect_error(&img, not_bpf, "not an eBPF object");
	expect_error(&img, btf_bad_type_id, "refers to a missing type");
	expect_open(&img, license_without_data);
	free(img.b);
}

static void test_sec_defs(void)
{
	static const struct { const char *sec, *type, *attach; unsigned flags; } cases[] = {
		{ "xdp", "xdp", "xdp", 0 },
		{ "xdp.frags", "xdp", "xdp", BV_SEC_XDP_FRAGS },
		{ "socket", "socket_filter", NULL, 0 },
		{ "kprobe/do_sys_open", "kprobe", NULL, 0 },
		{ "kretprobe/x", "kprobe", NULL, 0 },
		{ "tc", "sched_cls", NULL, 0 },
		{ "tc/ingress", "sched_cls", "tcx_ingress", 0 },
		{ "fentry/do_unlinkat", "tracing", "trace_fentry", BV_SEC_ATTACH_BTF },
		{ "lsm.s/file_open", "lsm", "lsm_mac", BV_SEC_ATTACH_BTF | BV_SEC_SLEEPABLE },
		{ "cgroup_skb/egress", "cgroup_skb", "cgroup_inet_egress", 0 },
		{ "cgroup/sock", "cgroup_sock", "cgroup_inet_sock_create", 0 },
		{ "sk_skb/stream_verdict", "sk_skb", "sk_skb_stream_verdict", 0 },
		{ "syscall", "syscall", NULL, BV_SEC_SLEEPABLE },
		{ "iter/task", "tracing", "trace_iter", BV_SEC_ATTACH_BTF },
	};
	static const char *const unknown[] = { "xdpfoo", "kprobex", "tc/", "mystery", "" };
	struct bv_sec_def d;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t type, attach = 0;

		CHECK(!bv_sec_def_find(cases[i].sec, &d));
		CHECK(!bv_prog_type_from_name(cases[i].type, &type) && d.prog_type == type);
		if (cases[i].attach)
			CHECK(!bv_attach_type_from_name(cases[i].attach, &attach));
		CHECK(d.attach_type == attach);
		CHECK(d.flags == cases[i].flags);
	}
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		CHECK(bv_sec_def_find(unknown[i], &d) == -1);
}

/* find_linfo and the verbose_linfo rules on a hand-made table */
static void test_linfo(void)
{
	struct bv_line_info li[] = {
		{ .insn_off = 0, .file_name_off = 1, .line_num = 10, .line = "a" },
		{ .insn_off = 2, .file_name_off = 1, .line_num = 10, .line = "a" },
		{ .insn_off = 3, .file_name_off = 1, .line_num = 11, .line = "b" },
	};
	struct bv_insn insns[6] = { 0 };
	bv_program *p = bv_program_new();
	const struct bv_line_info *prev = NULL;
	struct bv_error err;

	CHECK(!bv_program_set_insns(p, insns, 6, &err));
	p->line_info = li;
	p->n_line_info = 3;
	CHECK(bv_linfo_find(p, 1) == &li[0]);
	CHECK(bv_linfo_find(p, 5) == &li[2]);
	CHECK(bv_linfo_find(p, 6) == NULL);
	CHECK(bv_linfo_next(p, 0, &prev) == &li[0]);
	CHECK(bv_linfo_next(p, 1, &prev) == NULL); /* same record */
	CHECK(bv_linfo_next(p, 2, &prev) == NULL); /* same line, new column */
	CHECK(prev == &li[0]);
	CHECK(bv_linfo_next(p, 3, &prev) == &li[2]);
	CHECK(bv_linfo_next(p, 0, &prev) == &li[0]); /* back after a jump */
	p->line_info = NULL;
	p->n_line_info = 0;
	bv_program_free(p);
}

int main(void)
{
	test_malformed();
	test_sec_defs();
	test_linfo();
	return check_summary("elf_malformed");
}
