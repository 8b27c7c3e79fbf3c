/* The kernel side of the selftests suite (tools/selftests.sh): for every
 * program of one object of tools/testing/selftests/bpf/progs, reads its
 * bpf_misc.h annotations (BTF decl tags "comment:test_...", as test_loader.c
 * reads them), loads it alone (with the auxiliary programs, as test_loader
 * does) into the running kernel with the flags they
 * name, and prints one line per program:
 *   NAME <TAB> FLAGS <TAB> VERDICT <TAB> ERROR-LINE
 * VERDICT is accepted, rejected, skip:REASON. With --caps bpf first, the
 * process keeps CAP_BPF only before it loads anything (the loader bpfverify
 * models as --caps bpf). With --stats (make bench) the load is at
 * log_level 4 (BPF_LOG_STATS only) and the last column is
 * "USEC <TAB> INSNS", the kernel's verification time and processed count.
 * Linked against the static libbpf of the same tree (1.5), which knows
 * every section it uses. */
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define CAP_BPF_BIT 39

#define LOG_SIZE (16u << 20)
#define TAG "comment:test_"

struct annot {
	unsigned flags;
	int auxiliary;
	int other_arch; /* __arch_* names only other architectures */
};

/* BPF_F_* names as __flag() stringifies them (uapi/linux/bpf.h values) */
static const struct {
	const char *name;
	unsigned bit;
} flag_names[] = {
	{ "BPF_F_STRICT_ALIGNMENT", 1u << 0 }, { "BPF_F_ANY_ALIGNMENT", 1u << 1 },
	{ "BPF_F_TEST_RND_HI32", 1u << 2 },    { "BPF_F_TEST_STATE_FREQ", 1u << 3 },
	{ "BPF_F_SLEEPABLE", 1u << 4 },        { "BPF_F_XDP_HAS_FRAGS", 1u << 5 },
	{ "BPF_F_TEST_REG_INVARIANTS", 1u << 7 },
};

static unsigned parse_flag(const char *s)
{
	for (size_t i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
		if (!strcmp(s, flag_names[i].name))
			return flag_names[i].bit;
	return (unsigned)strtoul(s, NULL, 0);
}

/* One decl tag of the function (component_idx -1), as parse_test_spec does */
static void read_tag(const char *s, struct annot *a, int *arch_seen, int *arch_x86)
{
	if (!strncmp(s, TAG "prog_flags=", strlen(TAG "prog_flags=")))
		a->flags |= parse_flag(s + strlen(TAG "prog_flags="));
	else if (!strcmp(s, TAG "auxiliary"))
		a->auxiliary = 1;
	else if (!strncmp(s, TAG "arch=", strlen(TAG "arch="))) {
		*arch_seen = 1;
		*arch_x86 |= !strcmp(s + strlen(TAG "arch="), "X86_64");
	}
}

static struct annot annotations(const struct btf *btf, const char *func)
{
	struct annot a = { 0 };
	int arch_seen = 0, arch_x86 = 0;
	int id = btf ? btf__find_by_name_kind(btf, func, BTF_KIND_FUNC) : -1;

	for (unsigned i = 1; id > 0 && i < btf__type_cnt(btf); i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);

		if (btf_is_decl_tag(t) && t->type == (unsigned)id &&
		    btf_decl_tag(t)->component_idx == -1)
			read_tag(btf__name_by_offset(btf, t->name_off), &a,
				 &arch_seen, &arch_x86);
	}
	a.other_arch = arch_seen && !arch_x86;
	return a;
}

static int is_stat_line(const char *s)
{
	return !*s || !strncmp(s, "processed ", 10) ||
	       !strncmp(s, "verification time ", 18) ||
	       !strncmp(s, "stack depth ", 12);
}

/* The kernel's error line: the last line of the log that is not a statistic */
static void print_error_line(char *log)
{
	char *last = NULL;

	for (char *line = strtok(log, "\n"); line; line = strtok(NULL, "\n"))
		if (!is_stat_line(line))
			last = line;
	printf("%s", last ? last : "");
}

/* Loads program number IDX of PATH alone and prints its line */
static int stats_mode;

/* The kernel's "verification time N usec" and "processed N insns" */
static void print_stats(const char *log)
{
	const char *t = strstr(log, "verification time ");
	const char *p = strstr(log, "processed ");

	if (t && p)
		printf("%lu\t%lu", strtoul(t + strlen("verification time "), NULL, 10),
		       strtoul(p + strlen("processed "), NULL, 10));
	else
		printf("-\t-");
}

static int load_one(const char *path, int idx, char *log)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *p, *me = NULL;
	struct annot a;
	int i = 0, err;

	if (!obj)
		return -1;
	/* auxiliary programs load too, as in test_loader: prog arrays name them */
	bpf_object__for_each_program(p, obj) {
		a = annotations(bpf_object__btf(obj), bpf_program__name(p));
		bpf_program__set_autoload(p, i == idx || a.auxiliary);
		if (i++ == idx)
			me = p;
	}
	if (!me) {
		bpf_object__close(obj);
		return 1;
	}
	a = annotations(bpf_object__btf(obj), bpf_program__name(me));
	printf("%s\t%u\t", bpf_program__name(me), a.flags);
	if (a.auxiliary || a.other_arch) {
		printf("skip:%s\t\n", a.auxiliary ? "auxiliary" : "other arch");
		bpf_object__close(obj);
		return 0;
	}
	bpf_program__set_flags(me, bpf_program__flags(me) | a.flags);
	log[0] = 0;
	bpf_program__set_log_buf(me, log, LOG_SIZE);
	bpf_program__set_log_level(me, stats_mode ? 4 : 1);
	err = bpf_object__load(obj);
	if (err && !log[0])
		printf("skip:refused before verification (%s)\t", strerror(-err));
	else {
		printf("%s\t", err ? "rejected" : "accepted");
		if (stats_mode)
			print_stats(log);
		else
			print_error_line(log);
	}
	printf("\n");
	bpf_object__close(obj);
	return 0;
}

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level, (void)fmt, (void)ap;
	return 0;
}

/* Keeps only CAP_BPF, effective and permitted */
static int drop_to_cap_bpf(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	data[1].effective = data[1].permitted = 1u << (CAP_BPF_BIT - 32);
	return (int)syscall(SYS_capset, &hdr, data);
}

int main(int argc, char **argv)
{
	char *log;
	int rc = 0;

	if (argc >= 4 && !strcmp(argv[1], "--caps") && !strcmp(argv[2], "bpf")) {
		if (drop_to_cap_bpf()) {
			fprintf(stderr, "sel_oracle: cannot drop to CAP_BPF: %s\n", strerror(errno));
			return 2;
		}
		argv += 2;
		argc -= 2;
	}
	stats_mode = argc == 3 && !strcmp(argv[1], "--stats");
	if (argc != 2 + stats_mode) {
		fprintf(stderr, "usage: sel_oracle [--caps bpf] [--stats] OBJECT\n");
		return 2;
	}
	libbpf_set_print(quiet);
	log = malloc(LOG_SIZE);
	if (!log)
		return 2;
	for (int i = 0; rc == 0; i++)
		rc = load_one(argv[1 + stats_mode], i, log);
	free(log);
	if (rc < 0) {
		fprintf(stderr, "sel_oracle: cannot open %s\n", argv[1 + stats_mode]);
		return 2;
	}
	return 0;
}
