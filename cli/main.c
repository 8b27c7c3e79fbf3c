/* SPDX-License-Identifier: MIT */
/* bpfverify: verify eBPF programs as the Linux 6.18 verifier would. */
#include "cli.h"

#include <stdlib.h>

/* bpfverify [OPTIONS] FILE|DIR|-...: a verdict line a program;
 * bpfverify stats ...: a table of statistics;
 * bpfverify compare A B: two runs (CSV files or inputs) side by side;
 * bpfverify explain LOG [OBJ]: a verifier log explained. */
int main(int argc, char **argv)
{
	struct cli cli = { 0 };
	struct job_list list;
	int code;

	if (cli_parse_args(argc, argv, &cli)) {
		cli_free(&cli);
		return EXIT_BAD_INPUT;
	}
	if (cli.mode == MODE_COMPARE || cli.mode == MODE_EXPLAIN) {
		code = cli.mode == MODE_COMPARE ? cli_compare(&cli)
						: cli_explain(&cli);
		cli_free(&cli);
		return code;
	}
	if (cli_gather(&cli, &list)) {
		cli_free(&cli);
		return EXIT_BAD_INPUT;
	}
	cli_run(&cli, &list);
	if (cli.mode == MODE_STATS)
		code = cli_print_stats(&cli, &list);
	else
		code = cli_report(&cli, &list);
	cli_jobs_free(&list);
	cli_free(&cli);
	return code;
}
