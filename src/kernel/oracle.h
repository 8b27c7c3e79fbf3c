/* SPDX-License-Identifier: MIT */
/* The kernel oracle: loads a program into the running kernel with bpf() and
 * reports the kernel verifier's verdict and log. */
#ifndef BV_KERNEL_ORACLE_H
#define BV_KERNEL_ORACLE_H

#include "bpfverify.h"

struct bv_oracle_result {
	/* false when the kernel could not be asked (no permission, map
	 * creation failed, ...): why says what happened. */
	bool ran;
	char why[BV_ERROR_LEN];
	enum bv_verdict verdict; /* BV_ACCEPTED or BV_REJECTED when ran */
	int load_errno;          /* errno of a rejected load */
	char *log;               /* the full log, NUL-terminated; malloc'd */
	bool libbpf_refused;     /* objects: libbpf failed before the kernel */
	/* objects: libbpf's own warnings and errors during the load ("libbpf:
	 * ..." lines, never printed by the library); malloc'd, may be NULL */
	char *libbpf_log;
};

/* Loads prog as a process with the given privilege would. Maps the program
 * declares are created first; the instructions' map fds are rewritten to
 * them. log_level is 0..2; stats adds BPF_LOG_STATS. Returns 0 when the
 * kernel was asked (res->ran), -1 otherwise. */
int bv_oracle_load(const bv_program *prog, unsigned log_level, bool stats,
		   enum bv_privilege priv, struct bv_oracle_result *res);
void bv_oracle_result_free(struct bv_oracle_result *res);

/* How an ELF object is loaded: btf_path is the CO-RE target (NULL: the
 * running kernel's); log_level 0..2 (0 loads at 1); stats adds
 * BPF_LOG_STATS; priv the loader's privilege; extra_flags are or'ed into
 * the program's flags (BPF_F_STRICT_ALIGNMENT from the command line). */
struct bv_oracle_object_opts {
	const char *btf_path;
	unsigned log_level;
	bool stats;
	enum bv_privilege priv;
	uint32_t extra_flags;
	/* Only the verdict and a rejection's error lines are wanted: the
	 * load runs with a stats-only log, and a rejected program is loaded
	 * once more at level 1 into a bounded rolling log whose tail holds
	 * the error lines (no retry with bigger buffers). */
	bool error_lines_only;
};

/* Loads program prog_name of the ELF object at path through libbpf, as a
 * user would (bpf_object__open_file, every other program's autoload off,
 * bpf_object__load), with o->priv (a CAP_BPF-only load runs in a child
 * process). A load libbpf refuses before the kernel sees it
 * (unknown section, failed relocation) is a rejection with an empty log
 * and res->libbpf_refused set. Sections libbpf 1.1 does not know but
 * bpfverify does get their type, attach type and flags from bpfverify's
 * table. */
int bv_oracle_load_object(const char *path, const char *prog_name,
			  const struct bv_oracle_object_opts *o,
			  struct bv_oracle_result *res);

/* Whether bpf(BPF_PROG_LOAD) works here; if not, why says so. */
bool bv_oracle_available(char *why, size_t len);

#endif
