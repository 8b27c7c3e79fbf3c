/* SPDX-License-Identifier: MIT */
/* The live kernel as the oracle for the disassembler: programs that together
 * hold every opcode the Linux 6.18 verifier accepts are assembled from text,
 * loaded with log_level 2, and every "N: (xx) text" line of the log is
 * compared with bv_isa_disasm's text for instruction N. Each kernel line
 * must also assemble back to the bytes that were loaded.
 *
 * Map loads print kernel addresses: on (18) lines any 0xffff... address of
 * 16 hex digits becomes "<addr>" on both sides. kfunc names come from the
 * running kernel's BTF, as the verifier takes them. */
#include "check.h"
#include "isa/asm.h"
#include "isa/disasm.h"
#include "isa/opcodes.h"

#include <bpf/btf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

/* newer than the installed uapi headers */
#define MAP_TYPE_ARENA 33
#define ARENA_USER_START (1ull << 32)

#define MAX_INSNS 256
#define LOG_SIZE (16u << 20)
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static unsigned skipped;

/* ---- the programs ---- */

static const char *const alu_prog[] = {
	"r6 = r1", "r1 = *(u32 *)(r6 +0)", "r2 = 3", "w3 = 7",
	"r1 += 1", "r1 += r2", "r1 -= 1", "r1 -= r2", "r1 *= 3", "r1 *= r2",
	"r1 /= 3", "r1 /= r2", "r1 |= 1", "r1 |= r2", "r1 &= 255",
	"r1 &= r2", "r1 <<= 3", "r1 <<= r2", "r1 >>= 3", "r1 >>= r2",
	"r1 %= 7", "r1 %= r2", "r1 ^= -1", "r1 ^= r2", "r1 s>>= 2",
	"r1 s>>= r2", "r1 s/= -3", "r1 s/= r2", "r1 s%= 5", "r1 s%= r2",
	"r1 = -r1", "r4 = -7", "r4 = r1", "r4 = (s8)r1", "r4 = (s16)r1",
	"r4 = (s32)r1", "r4 = bswap16 r4", "r4 = bswap32 r4",
	"r4 = bswap64 r4", "r4 = le16 r4", "r4 = le32 r4", "r4 = le64 r4",
	"r4 = be16 r4", "r4 = be32 r4", "r4 = be64 r4",
	"w1 += 1", "w1 += w3", "w1 -= 1", "w1 -= w3", "w1 *= 3", "w1 *= w3",
	"w1 /= 3", "w1 /= w3", "w1 |= 1", "w1 |= w3", "w1 &= 255",
	"w1 &= w3", "w1 <<= 3", "w1 <<= w3", "w1 >>= 3", "w1 >>= w3",
	"w1 %= 7", "w1 %= w3", "w1 ^= -1", "w1 ^= w3", "w1 s>>= 2",
	"w1 s>>= w3", "w1 s/= -3", "w1 s/= w3", "w1 s%= 5", "w1 s%= w3",
	"w1 = -w1", "w4 = 7", "w4 = w1", "w4 = (s8)w1", "w4 = (s16)w1",
	"r0 = 0", "exit",
};

static const char *const memory_prog[] = {
	"r1 = 5",
	"*(u8 *)(r10 -1) = 1", "*(u16 *)(r10 -4) = 2", "*(u32 *)(r10 -8) = 3",
	"*(u64 *)(r10 -16) = -4", "*(u8 *)(r10 -17) = r1",
	"*(u16 *)(r10 -20) = r1", "*(u32 *)(r10 -24) = r1",
	"*(u64 *)(r10 -32) = r1", "r2 = *(u8 *)(r10 -1)",
	"r2 = *(u16 *)(r10 -4)", "r2 = *(u32 *)(r10 -8)",
	"r2 = *(u64 *)(r10 -16)", "r2 = *(s8 *)(r10 -1)",
	"r2 = *(s16 *)(r10 -4)", "r2 = *(s32 *)(r10 -8)",
	"lock *(u32 *)(r10 -8) += r1", "lock *(u32 *)(r10 -8) |= r1",
	"lock *(u32 *)(r10 -8) &= r1", "lock *(u32 *)(r10 -8) ^= r1",
	"lock *(u64 *)(r10 -16) += r1", "lock *(u64 *)(r10 -16) |= r1",
	"lock *(u64 *)(r10 -16) &= r1", "lock *(u64 *)(r10 -16) ^= r1",
	"r1 = atomic_fetch_add((u32 *)(r10 -8), r1)",
	"r1 = atomic_fetch_or((u32 *)(r10 -8), r1)",
	"r1 = atomic_fetch_and((u32 *)(r10 -8), r1)",
	"r1 = atomic_fetch_xor((u32 *)(r10 -8), r1)",
	"r1 = atomic64_fetch_add((u64 *)(r10 -16), r1)",
	"r1 = atomic64_fetch_or((u64 *)(r10 -16), r1)",
	"r1 = atomic64_fetch_and((u64 *)(r10 -16), r1)",
	"r1 = atomic64_fetch_xor((u64 *)(r10 -16), r1)",
	"r1 = atomic_xchg((u32 *)(r10 -8), r1)",
	"r1 = atomic64_xchg((u64 *)(r10 -16), r1)", "r0 = 0",
	"r0 = atomic_cmpxchg((u32 *)(r10 -8), r0, r1)",
	"r0 = atomic64_cmpxchg((u64 *)(r10 -16), r0, r1)",
	"r3 = load_acquire((u8 *)(r10 -1))",
	"r3 = load_acquire((u16 *)(r10 -4))",
	"r3 = load_acquire((u32 *)(r10 -8))",
	"r3 = load_acquire((u64 *)(r10 -16))",
	"store_release((u8 *)(r10 -1), r3)",
	"store_release((u16 *)(r10 -4), r3)",
	"store_release((u32 *)(r10 -8), r3)",
	"store_release((u64 *)(r10 -16), r3)",
	"r0 = 0", "exit",
};

static const char *const jump_prog[] = {
	"r6 = r1", "r1 = *(u32 *)(r6 +0)", "r2 = *(u32 *)(r6 +4)",
	"if r1 == 0x5 goto pc+0", "if r1 == r2 goto pc+0",
	"if r1 > 0x5 goto pc+0", "if r1 > r2 goto pc+0",
	"if r1 >= 0x5 goto pc+0", "if r1 >= r2 goto pc+0",
	"if r1 & 0x5 goto pc+0", "if r1 & r2 goto pc+0",
	"if r1 != 0xffffffff goto pc+0", "if r1 != r2 goto pc+0",
	"if r1 s> 0x5 goto pc+0", "if r1 s> r2 goto pc+0",
	"if r1 s>= 0x5 goto pc+0", "if r1 s>= r2 goto pc+0",
	"if r1 < 0x5 goto pc+0", "if r1 < r2 goto pc+0",
	"if r1 <= 0x5 goto pc+0", "if r1 <= r2 goto pc+0",
	"if r1 s< 0x5 goto pc+0", "if r1 s< r2 goto pc+0",
	"if r1 s<= 0x5 goto pc+0", "if r1 s<= r2 goto pc+0",
	"if w1 == 0x5 goto pc+0", "if w1 == w2 goto pc+0",
	"if w1 > 0x5 goto pc+0", "if w1 > w2 goto pc+0",
	"if w1 >= 0x5 goto pc+0", "if w1 >= w2 goto pc+0",
	"if w1 & 0x5 goto pc+0", "if w1 & w2 goto pc+0",
	"if w1 != 0x5 goto pc+0", "if w1 != w2 goto pc+0",
	"if w1 s> 0x5 goto pc+0", "if w1 s> w2 goto pc+0",
	"if w1 s>= 0x5 goto pc+0", "if w1 s>= w2 goto pc+0",
	"if w1 < 0x5 goto pc+0", "if w1 < w2 goto pc+0",
	"if w1 <= 0x5 goto pc+0", "if w1 <= w2 goto pc+0",
	"if w1 s< 0x5 goto pc+0", "if w1 s< w2 goto pc+0",
	"if w1 s<= 0x5 goto pc+0", "if w1 s<= w2 goto pc+0",
	"goto pc+0", "gotol pc+0", "may_goto pc+1", "r0 = 1", "r0 = 0",
	"exit",
};

/* 64-bit loads, helpers and a bpf-to-bpf call */
static const char *const call_prog[] = {
	"r1 = map[array]", "r2 = r10", "r2 += -4", "*(u32 *)(r10 -4) = 0",
	"call bpf_map_lookup_elem#1", "r7 = map_value[array]+8",
	"r8 = 0x123456789abcdef0", "r8 = -1 ll", "r8 = 0x7 ll",
	"call bpf_get_prandom_u32#7", "call pc+2", "r0 = 0", "exit",
	"r0 = 0", "exit",
};

/* classic packet loads, which cannot be mixed with bpf-to-bpf calls and
 * clobber r1-r5 */
static const char *const packet_prog[] = {
	"r6 = r1", "r0 = *(u8 *)skb[0]", "r0 = *(u16 *)skb[2]",
	"r0 = *(u32 *)skb[4]", "r2 = 1", "r0 = *(u8 *)skb[r2 + 0]",
	"r2 = 1", "r0 = *(u16 *)skb[r2 + 2]", "r2 = 1",
	"r0 = *(u32 *)skb[r2 + -1]", "r0 = 0", "exit",
};

static const char *const arena_prog[] = {
	"r1 = map[arena]", "r2 = 0", "r1 = addr_space_cast(r2, 1, 0)",
	"r3 = addr_space_cast(r1, 0, 1)", "r0 = 0", "exit",
};

/* ---- maps and kfuncs the programs name ---- */

struct names {
	const char *map_name[2];
	int map_fd[2];
	const char *kfunc_name[2];
	int32_t kfunc_id[2];
};

static int fd_of(void *ctx, const char *name)
{
	const struct names *names = ctx;

	for (size_t i = 0; i < COUNT(names->map_name); i++)
		if (!strcmp(names->map_name[i], name))
			return names->map_fd[i];
	return -1;
}

static int map_index(const void *ctx, const struct bv_insn *insn)
{
	const struct names *names = ctx;

	for (int i = 0; i < (int)COUNT(names->map_fd); i++)
		if (names->map_fd[i] >= 0 && names->map_fd[i] == insn->imm)
			return i;
	return -1;
}

static const char *kfunc_name(const void *ctx, const struct bv_insn *insn)
{
	const struct names *names = ctx;

	for (size_t i = 0; i < COUNT(names->kfunc_id); i++)
		if (names->kfunc_id[i] == insn->imm)
			return names->kfunc_name[i];
	return NULL;
}

/* ---- the bpf() syscall ---- */

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	return (int)syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

static bool is_unavailable(int err)
{
	return err == EPERM || err == ENOSYS;
}

static int create_map(uint32_t type, uint32_t key_size, uint32_t value_size,
		      uint32_t flags, uint64_t extra)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = key_size;
	attr.value_size = value_size;
	attr.max_entries = 1;
	attr.map_flags = flags;
	attr.map_extra = extra;
	return sys_bpf(BPF_MAP_CREATE, &attr);
}

/* Returns the program fd, or -errno. */
static int load_prog(const struct bv_insn *insns, size_t n, char *log)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = (uint64_t)(uintptr_t)insns;
	attr.insn_cnt = (uint32_t)n;
	attr.license = (uint64_t)(uintptr_t)"GPL";
	attr.log_level = 2;
	attr.log_buf = (uint64_t)(uintptr_t)log;
	attr.log_size = LOG_SIZE;
	log[0] = '\0';
	fd = sys_bpf(BPF_PROG_LOAD, &attr);
	return fd < 0 ? -errno : fd;
}

/* ---- comparing the log ---- */

struct coverage {
	size_t lines;
	bool opcode[256];
};

/* (18) lines: kernel addresses "0xffff" + 12 hex digits become "<addr>". */
static void normalise_addresses(char *s)
{
	char *p = s;

	while ((p = strstr(p, "0xffff"))) {
		size_t n = strspn(p + 2, "0123456789abcdef");

		if (n == 16) {
			memcpy(p, "<addr>", 6);
			memmove(p + 6, p + 18, strlen(p + 18) + 1);
		}
		p += 2;
	}
}

/* "12: (bf) r1 = r2          ; R1=..." → index 12 and "(bf) r1 = r2" */
static bool parse_insn_line(const char *line, size_t len, size_t *idx,
			    char *text, size_t text_len)
{
	const char *end = memchr(line, ';', len);
	char *after;
	unsigned long v;

	if (!len || line[0] < '0' || line[0] > '9')
		return false;
	v = strtoul(line, &after, 10);
	if (strncmp(after, ": (", 3) || (size_t)(after + 3 - line) >= len)
		return false;
	if (!end)
		end = line + len;
	while (end > after && end[-1] == ' ')
		end--;
	snprintf(text, text_len, "%.*s", (int)(end - (after + 2)), after + 2);
	*idx = v;
	return true;
}

static bool is_map_load(const struct bv_insn *insn)
{
	return bv_is_ldimm64(insn->code) && insn->src_reg != 0;
}

/* The kernel's text, read back by the assembler, is the loaded bytes. */
static void check_kernel_text_assembles(const char *text,
					const struct bv_insn *insns, size_t n,
					size_t idx)
{
	struct bv_insn out[2];
	char err[256];
	int slots = bv_asm_insn(text, NULL, out, err, sizeof(err));
	bool same = slots > 0 && idx + (size_t)slots <= n &&
		    !memcmp(out, &insns[idx], (size_t)slots * sizeof(*out));

	char what[64];

	snprintf(what, sizeof(what), "insn %zu: kernel text assembles to it", idx);
	if (!check_kernel(same, what, slots < 0 ? err : "different bytes", text))
		fprintf(stderr, "kernel text '%s' does not assemble to insn %zu: %s\n",
			text, idx, slots < 0 ? err : "different bytes");
}

static void compare_line(size_t idx, const char *kernel_text,
			 const struct bv_insn *insns, size_t n,
			 const struct names *names, struct coverage *cov)
{
	const struct bv_disasm_maps maps = {
		.index = map_index, .kfunc_name = kfunc_name, .ctx = names,
	};
	char ours[256], theirs[256], text[200];

	if (idx >= n) {
		fprintf(stderr, "log line for insn %zu of %zu\n", idx, n);
		CHECK(false);
		return;
	}
	bv_isa_disasm(insns, n, idx, BV_DISASM_KERNEL, &maps, true, text,
		      sizeof(text));
	snprintf(ours, sizeof(ours), "%zu: %s", idx, text);
	snprintf(theirs, sizeof(theirs), "%zu: %s", idx, kernel_text);
	if (bv_is_ldimm64(insns[idx].code)) {
		normalise_addresses(ours);
		normalise_addresses(theirs);
	}
	if (!check_kernel(!strcmp(ours, theirs), "disassembly", ours, theirs))
		fprintf(stderr, "kernel: %s\nours:   %s\n", theirs, ours);
	if (!is_map_load(&insns[idx]))
		check_kernel_text_assembles(kernel_text, insns, n, idx);
	cov->lines++;
	cov->opcode[insns[idx].code] = true;
}

static void compare_log(const char *log, const struct bv_insn *insns,
			size_t n, const struct names *names,
			struct coverage *cov)
{
	for (const char *line = log; *line;) {
		size_t len = strcspn(line, "\n");
		char text[200];
		size_t idx;

		if (parse_insn_line(line, len, &idx, text, sizeof(text)))
			compare_line(idx, text, insns, n, names, cov);
		line += len + (line[len] == '\n');
	}
}

/* ---- running a program ---- */

static size_t assemble(const char *const *lines, size_t n_lines,
		       struct names *names, struct bv_insn *insns)
{
	const struct bv_asm_maps maps = { .fd_of = fd_of, .ctx = names };
	size_t n = 0;

	for (size_t i = 0; i < n_lines; i++) {
		char err[256];
		int slots;

		if (n + 2 > MAX_INSNS)
			return 0;
		slots = bv_asm_insn(lines[i], &maps, &insns[n], err, sizeof(err));
		if (slots < 0) {
			fprintf(stderr, "cannot assemble '%s': %s\n", lines[i], err);
			return 0;
		}
		n += (size_t)slots;
	}
	return n;
}

/* Loads the program and compares its log; returns -errno when bpf() is
 * not available at all. */
static int run(const char *what, const char *const *lines, size_t n_lines,
	       struct names *names, char *log, struct coverage *cov)
{
	struct bv_insn insns[MAX_INSNS];
	size_t n = assemble(lines, n_lines, names, insns);
	int fd;

	CHECK(n > 0);
	if (!n)
		return 0;
	fd = load_prog(insns, n, log);
	if (fd < 0 && is_unavailable(-fd))
		return fd;
	if (fd < 0)
		fprintf(stderr, "the kernel rejects the %s program (%s):\n%s\n",
			what, strerror(-fd), log);
	CHECK(fd >= 0);
	if (fd >= 0)
		close(fd);
	compare_log(log, insns, n, names, cov);
	return 0;
}

/* The running kernel's BTF ids of two kfuncs every program type may call;
 * false when the kernel has no BTF. */
static bool find_kfuncs(struct names *names)
{
	struct btf *btf = btf__load_vmlinux_btf();
	bool found = true;

	if (!btf)
		return false;
	for (size_t i = 0; i < COUNT(names->kfunc_name); i++) {
		names->kfunc_id[i] = btf__find_by_name_kind(
			btf, names->kfunc_name[i], BTF_KIND_FUNC);
		found = found && names->kfunc_id[i] > 0;
	}
	btf__free(btf);
	return found;
}

static int run_kfunc_prog(struct names *names, char *log,
			  struct coverage *cov)
{
	char lock[96], unlock[96];
	const char *lines[] = { lock, unlock, "r0 = 0", "exit" };

	if (!find_kfuncs(names)) {
		printf("disasm-kernel: no vmlinux BTF, kfunc calls not compared\n");
		skipped++;
		return 0;
	}
	snprintf(lock, sizeof(lock), "call %s#%d", names->kfunc_name[0],
		 names->kfunc_id[0]);
	snprintf(unlock, sizeof(unlock), "call %s#%d", names->kfunc_name[1],
		 names->kfunc_id[1]);
	return run("kfunc", lines, COUNT(lines), names, log, cov);
}

static int run_all(struct names *names, char *log, struct coverage *cov)
{
	static const struct {
		const char *what;
		const char *const *lines;
		size_t n;
	} progs[] = {
		{ "alu", alu_prog, COUNT(alu_prog) },
		{ "memory", memory_prog, COUNT(memory_prog) },
		{ "jump", jump_prog, COUNT(jump_prog) },
		{ "call", call_prog, COUNT(call_prog) },
		{ "packet", packet_prog, COUNT(packet_prog) },
	};
	int err;

	for (size_t i = 0; i < COUNT(progs); i++) {
		err = run(progs[i].what, progs[i].lines, progs[i].n, names, log,
			  cov);
		if (err)
			return err;
	}
	if (names->map_fd[1] < 0) {
		printf("disasm-kernel: no arena map, addr_space_cast not compared\n");
		skipped++;
	} else {
		err = run("arena", arena_prog, COUNT(arena_prog), names, log,
			  cov);
		if (err)
			return err;
	}
	return run_kfunc_prog(names, log, cov);
}

static int summary(void)
{
	return check_kernel_summary("disasm-kernel", skipped);
}

static int skip_all(const char *why, int err)
{
	printf("disasm-kernel: %s: %s\n", why, strerror(err));
	skipped = 1;
	return summary();
}

static void close_maps(const struct names *names)
{
	for (size_t i = 0; i < COUNT(names->map_fd); i++)
		if (names->map_fd[i] >= 0)
			close(names->map_fd[i]);
}

int main(void)
{
	struct names names = {
		.map_name = { "array", "arena" },
		.kfunc_name = { "bpf_rcu_read_lock", "bpf_rcu_read_unlock" },
	};
	struct coverage cov = { 0 };
	unsigned distinct = 0;
	char *log;
	int err;

	/* an array of one entry allows map_value loads (direct value access) */
	names.map_fd[0] = create_map(BPF_MAP_TYPE_ARRAY, 4, 64, 0, 0);
	if (names.map_fd[0] < 0 && is_unavailable(errno))
		return skip_all("bpf(BPF_MAP_CREATE) is not available", errno);
	CHECK(names.map_fd[0] >= 0);
	names.map_fd[1] = create_map(MAP_TYPE_ARENA, 0, 0, BPF_F_MMAPABLE,
				     ARENA_USER_START);
	log = malloc(LOG_SIZE);
	if (!log) {
		close_maps(&names);
		return skip_all("no memory for the log", ENOMEM);
	}
	err = run_all(&names, log, &cov);
	free(log);
	close_maps(&names);
	if (err)
		return skip_all("bpf(BPF_PROG_LOAD) is not available", -err);
	for (size_t i = 0; i < COUNT(cov.opcode); i++)
		distinct += cov.opcode[i];
	printf("disasm-kernel: compared %zu log lines covering %u distinct opcodes\n",
	       cov.lines, distinct);
	if (!skipped)
		CHECK(distinct == 128);
	return summary();
}
