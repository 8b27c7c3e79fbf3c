/* SPDX-License-Identifier: MIT */
/* The bpfverify command line: what the files of cli/ share. */
#ifndef BV_CLI_H
#define BV_CLI_H

#include "bpfverify.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define EXIT_ACCEPTED	 0
#define EXIT_REJECTED	 1
#define EXIT_BAD_INPUT	 2
#define EXIT_UNSUPPORTED 3

#define MAX_CLI_MAPS 16
#define MAX_COLS     32
#define MAX_FAIL_ON  16

enum cli_mode { MODE_VERIFY, MODE_STATS, MODE_COMPARE, MODE_EXPLAIN };
enum cli_format { FMT_TABLE, FMT_CSV, FMT_JSON };
/* --format: the verify run's output form */
enum cli_form { FORM_TEXT, FORM_JSON, FORM_SARIF, FORM_GITHUB };

/* veristat's filter: FILE_GLOB, FILE_GLOB/PROG_GLOB, or (no '/') a glob
 * matching the file's base name or the program's name. */
struct cli_filter {
	char *file_glob; /* NULL: any file */
	char *prog_glob; /* NULL: any program */
	bool either;	 /* no '/': file_glob may match the program instead */
};

struct cli_filters {
	struct cli_filter *allow, *deny;
	size_t n_allow, n_deny;
};

/* The statistics columns (cli/stats.c). */
enum cli_col {
	COL_FILE,
	COL_PROG,
	COL_SECTION,
	COL_PROG_TYPE,
	COL_VERDICT,
	COL_DURATION,
	COL_INSNS,
	COL_STATES,
	COL_PEAK_STATES,
	COL_MAX_STATES_PER_INSN,
	COL_STACK,
	COL_PROG_SIZE,
	COL_COUNT
};

/* A list of columns, each with its sort direction (-e, -s). */
struct cli_cols {
	enum cli_col ids[MAX_COLS];
	bool asc[MAX_COLS];
	size_t n;
};

/* --fail-on: a verdict change, or a statistic growing past a limit
 * (absolute, or in percent of the A side). */
struct cli_fail_on {
	bool verdict;
	enum cli_col col;
	double limit;
	bool percent;
};

struct cli {
	enum cli_mode mode;
	char **inputs;
	size_t n_inputs;
	const char *prog_type;
	const char *attach_type;
	struct bv_map_def maps[MAX_CLI_MAPS];
	unsigned n_maps;
	unsigned log_level;
	bool stats;
	bool strict_alignment;
	unsigned long prog_flags; /* --prog-flags: ORed into the program's */
	bool disasm;
	bool disasm_kernel_style;
	bool kernel;
	int caps;	      /* -1: as the file says */
	const char *btf_path; /* objects: the CO-RE target BTF */
	struct cli_filters filters;
	unsigned jobs;
	bool quiet;
	bool no_explain; /* --no-explain */
	bool verbose;
	bool color;
	enum cli_format format;
	enum cli_form form;
	struct cli_cols emit, sort;
	bool changes_only;
	struct cli_fail_on fail_on[MAX_FAIL_ON];
	size_t n_fail_on;
};

/* One program's outcome. */
struct outcome {
	enum bv_verdict verdict;
	char *log;	  /* the log, libbpf's CO-RE fixup applied */
	char *libbpf_log; /* --kernel: libbpf's own messages */
	char errors[BV_ERROR_TEXT_LEN];
	struct bv_explanation expl; /* bpfverify's, for a rejection */
	bool has_stats; /* the numbers below were measured */
	uint32_t insns, states, peak_states, max_states_per_insn, stack;
	uint32_t mark_read; /* the kernel's; 6.18 always prints 0 */
	uint64_t usec;
};

/* One program to judge: an object's program, or a whole raw/assembly file
 * (or a file that could not be read, with its error). */
struct job {
	char *path; /* as given or found; "-" for standard input */
	char *file; /* the name shown: path, or "-" */
	bool elf;
	bv_program *prog; /* NULL when the file is bad input */
	size_t prog_insns;
	struct outcome out;
};

struct job_list {
	struct job *jobs;
	size_t n, cap;
	bv_object **objs;
	size_t n_objs;
	char **tmp_files; /* standard input copied to a file */
	size_t n_tmp;
	size_t n_files; /* input files found */
};

/* cli/args.c */
int cli_parse_args(int argc, char **argv, struct cli *cli);
void cli_free(struct cli *cli);
int cli_bad_usage(const char *fmt, const char *arg);

/* cli/inputs.c: the jobs of the command line's inputs, in order. */
int cli_gather(const struct cli *cli, struct job_list *list);
void cli_jobs_free(struct job_list *list);
bool cli_filters_match(const struct cli_filters *f, const char *file,
		       const char *prog);

/* cli/run.c: judges every job on cli->jobs threads. */
void cli_run(const struct cli *cli, struct job_list *list);
uint32_t cli_extra_prog_flags(const struct cli *cli);

/* cli/report.c: the verdict lines and the summary. */
int cli_report(const struct cli *cli, const struct job_list *list);
int cli_worse(int a, int b);
int cli_exit_code(enum bv_verdict v);
const char *cli_verdict_word(enum bv_verdict v);
int cli_verdict_from_word(const char *w, enum bv_verdict *v);

/* cli/out_json.c, out_sarif.c, out_github.c: --format json, sarif and
 * github, each returning the exit status cli_report would. */
int cli_report_json(const struct cli *cli, const struct job_list *list);
int cli_report_sarif(const struct cli *cli, const struct job_list *list);
int cli_report_github(const struct cli *cli, const struct job_list *list);
/* cli/out_common.c: what the forms share */
int cli_list_status(const struct job_list *list);
const char *cli_form_verdict(enum bv_verdict v);
/* A rejected job's explanation: bpfverify's, or with --kernel the one
 * from the kernel's log alone (into buf). NULL when not rejected. */
const struct bv_explanation *cli_job_explanation(const struct cli *cli,
						 const struct job *job,
						 struct bv_explanation *buf);
/* The file a job's finding is reported in: the source file of the
 * failing instruction, or the input file (line 0). */
const char *cli_job_location(const struct job *job,
			     const struct bv_explanation *e, unsigned *line,
			     unsigned *column);

/* cli/explain_cmd.c: bpfverify explain LOGFILE [OBJ] */
int cli_explain(const struct cli *cli);

/* cli/stats.c */
int cli_col_from_name(const char *name, enum cli_col *col);
const char *cli_col_name(enum cli_col col);
const char *cli_col_header(enum cli_col col);
bool cli_col_numeric(enum cli_col col);
bool cli_col_asc_default(enum cli_col col);
int cli_parse_cols(const char *spec, struct cli_cols *cols);
int cli_print_stats(const struct cli *cli, const struct job_list *list);

/* A program's row of statistics, as printed and as read back from CSV. */
struct stat_row {
	char *text[COL_COUNT]; /* NULL: not known */
	double num[COL_COUNT];
	bool has[COL_COUNT];
};
void cli_job_row(const struct job *job, struct stat_row *row);
void cli_row_free(struct stat_row *row);

/* A table of text cells printed as a table, CSV or JSON: keys name the
 * columns in CSV and JSON, headers in tables; a NULL cell is not known
 * ("-" in tables, empty in CSV, null in JSON); numeric cells are JSON
 * numbers and right-aligned. */
struct grid {
	size_t n_cols, n_rows, cap_rows;
	const char *keys[MAX_COLS * 3];
	char *headers[MAX_COLS * 3];
	bool numeric[MAX_COLS * 3];
	char **cells; /* n_rows * n_cols */
};
int cli_grid_add_col(struct grid *g, const char *key, const char *header,
		     bool numeric);
char **cli_grid_add_row(struct grid *g);
void cli_grid_print(const struct grid *g, enum cli_format fmt);
void cli_grid_free(struct grid *g);
void cli_default_cols(const struct cli *cli, struct cli_cols *cols);

/* cli/compare.c */
int cli_compare(const struct cli *cli);

/* cli/disasm.c: --disasm of a raw or assembly program */
int cli_print_disasm(const struct cli *cli, const bv_program *prog);

/* cli/help.c: the text of cli/help.txt */
void cli_usage(FILE *out);

#endif
