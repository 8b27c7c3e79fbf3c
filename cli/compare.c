/* SPDX-License-Identifier: MIT */
/* bpfverify compare A B: two runs side by side, as veristat -C shows them.
 * Each side is a CSV file (bpfverify stats -o csv, or veristat -o csv) or
 * inputs that are verified now; programs are joined on file base name and
 * program name. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

struct side {
	struct stat_row *rows;
	size_t n;
};

/* One CSV record (RFC 4180 quoting); returns the number of fields. */
static size_t csv_split(char *line, char **fields, size_t max)
{
	size_t n = 0;
	char *p = line;

	while (n < max) {
		char *w = p;

		fields[n++] = w;
		if (*p == '"') {
			for (p++; *p; p++) {
				if (*p == '"' && p[1] == '"')
					*w++ = *++p;
				else if (*p == '"')
					break;
				else
					*w++ = *p;
			}
			if (*p)
				p++;
		} else {
			while (*p && *p != ',')
				*w++ = *p++;
		}
		if (*p != ',') {
			*w = '\0';
			break;
		}
		*w = '\0';
		p++;
	}
	return n;
}

static int add_row(struct side *s, const struct stat_row *row)
{
	struct stat_row *grown = realloc(s->rows, (s->n + 1) * sizeof(*grown));

	if (!grown)
		return -1;
	s->rows = grown;
	s->rows[s->n++] = *row;
	return 0;
}

static void fill_cell(struct stat_row *row, enum cli_col c, const char *text)
{
	enum bv_verdict v;
	char *end;

	if (!*text && c != COL_PROG)
		return;
	row->text[c] = strdup(text);
	row->has[c] = true;
	if (c == COL_VERDICT && !cli_verdict_from_word(text, &v)) {
		free(row->text[c]);
		row->text[c] = strdup(cli_verdict_word(
			v)); /* veristat's words read as ours */
		row->num[c] = v;
	} else if (cli_col_numeric(c)) {
		row->num[c] = strtod(text, &end);
		row->has[c] = *end == '\0';
	}
}

static int read_csv(const char *path, struct side *s)
{
	FILE *f = fopen(path, "r");
	char line[8192];
	char *fields[64];
	int map[64];
	size_t n_head;
	unsigned lineno = 1;

	if (!f) {
		fprintf(stderr, "bpfverify: %s: cannot open\n", path);
		return -1;
	}
	if (!fgets(line, sizeof(line), f)) {
		fprintf(stderr,
			"bpfverify: %s: empty, want a CSV header line\n", path);
		fclose(f);
		return -1;
	}
	line[strcspn(line, "\r\n")] = '\0';
	n_head = csv_split(line, fields, 64);
	for (size_t i = 0; i < n_head; i++) {
		enum cli_col c;

		map[i] = cli_col_from_name(fields[i], &c) ? -1 : (int)c;
	}
	while (fgets(line, sizeof(line), f)) {
		struct stat_row row = { 0 };
		size_t n;

		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!*line)
			continue;
		n = csv_split(line, fields, 64);
		for (size_t i = 0; i < n && i < n_head; i++)
			if (map[i] >= 0 && !row.text[map[i]])
				fill_cell(&row, (enum cli_col)map[i],
					  fields[i]);
		if (!row.has[COL_FILE] || !row.has[COL_PROG]) {
			fprintf(stderr,
				"bpfverify: %s:%u: no file_name or prog_name\n",
				path, lineno);
			cli_row_free(&row);
			fclose(f);
			return -1;
		}
		add_row(s, &row);
	}
	fclose(f);
	return 0;
}

/* A side that is not a CSV file: the inputs verified now, with the
 * command line's options. */
static int run_side(const struct cli *cli, char *input, struct side *s)
{
	struct cli one = *cli;
	struct job_list list;

	one.mode = MODE_STATS;
	one.inputs = &input;
	one.n_inputs = 1;
	if (cli_gather(&one, &list))
		return -1;
	cli_run(&one, &list);
	for (size_t i = 0; i < list.n; i++) {
		struct stat_row row;

		cli_job_row(&list.jobs[i], &row);
		add_row(s, &row);
	}
	cli_jobs_free(&list);
	return 0;
}

static bool is_csv(const char *path)
{
	size_t n = strlen(path);

	return n > 4 && !strcmp(path + n - 4, ".csv");
}

static int key_cmp(const struct stat_row *a, const struct stat_row *b)
{
	int d = strcmp(a->text[COL_FILE], b->text[COL_FILE]);

	return d ? d : strcmp(a->text[COL_PROG], b->text[COL_PROG]);
}

static int by_key(const void *a, const void *b)
{
	return key_cmp(a, b);
}

/* The compared statistics: -e, or veristat's defaults without the
 * duration, which differs from run to run. */
static void compared_cols(const struct cli *cli, struct cli_cols *cols)
{
	static const enum cli_col def[] = { COL_VERDICT, COL_INSNS, COL_STATES,
					    COL_PEAK_STATES, COL_STACK };

	memset(cols, 0, sizeof(*cols));
	if (cli->emit.n) {
		for (size_t i = 0; i < cli->emit.n; i++)
			if (cli->emit.ids[i] != COL_FILE &&
			    cli->emit.ids[i] != COL_PROG)
				cols->ids[cols->n++] = cli->emit.ids[i];
		return;
	}
	for (size_t i = 0; i < sizeof(def) / sizeof(def[0]); i++)
		cols->ids[cols->n++] = def[i];
}

static char *fmt_num(double v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%.0f", v);
	return strdup(buf);
}

/* veristat's percentage: a change from 0 is +-100% */
static double pct(double a, double b)
{
	if (a == 0)
		return b == a ? 0.0 : b < a ? -100.0 : 100.0;
	return (b - a) * 100.0 / a;
}

static bool cell_changed(const struct stat_row *a, const struct stat_row *b,
			 enum cli_col c)
{
	if (!a || !b || a->has[c] != b->has[c])
		return true;
	if (!a->has[c])
		return false;
	if (cli_col_numeric(c) || c == COL_VERDICT)
		return a->num[c] != b->num[c];
	return strcmp(a->text[c], b->text[c]) != 0;
}

/* The A, B and DIFF cells of statistic c. */
static void diff_cells(const struct stat_row *a, const struct stat_row *b,
		       enum cli_col c, enum cli_format fmt, char **cells)
{
	bool both = a && b && a->has[c] && b->has[c];
	char buf[64];

	cells[0] = a && a->has[c] ? strdup(a->text[c]) : NULL;
	cells[1] = b && b->has[c] ? strdup(b->text[c]) : NULL;
	if (!cli_col_numeric(c)) {
		cells[2] = strdup(!both			  ? "N/A"
				  : cell_changed(a, b, c) ? "MISMATCH"
							  : "MATCH");
		return;
	}
	if (!both) {
		cells[2] = fmt == FMT_TABLE ? strdup("N/A") : NULL;
		cells[3] = NULL;
		return;
	}
	if (fmt == FMT_TABLE) {
		snprintf(buf, sizeof(buf), "%+.0f (%+.2f%%)",
			 b->num[c] - a->num[c], pct(a->num[c], b->num[c]));
		cells[2] = strdup(buf);
		return;
	}
	cells[2] = fmt_num(b->num[c] - a->num[c]);
	snprintf(buf, sizeof(buf), "%.2f", pct(a->num[c], b->num[c]));
	cells[3] = strdup(buf);
}

static void compare_columns(struct grid *g, const struct cli_cols *cols,
			    enum cli_format fmt)
{
	static const char *const table_sfx[] = { " (A)", " (B)", " (DIFF)" };
	static const char *const key_sfx[] = { "_base", "_comp", "_diff",
					       "_pct" };
	static char keys[MAX_COLS][4][48];

	cli_grid_add_col(g, cli_col_name(COL_FILE), cli_col_header(COL_FILE),
			 false);
	cli_grid_add_col(g, cli_col_name(COL_PROG), cli_col_header(COL_PROG),
			 false);
	for (size_t i = 0; i < cols->n; i++) {
		enum cli_col c = cols->ids[i];
		size_t parts = cli_col_numeric(c) && fmt != FMT_TABLE ? 4 : 3;

		for (size_t j = 0; j < parts; j++) {
			char header[64];

			snprintf(keys[i][j], sizeof(keys[i][j]), "%s%s",
				 cli_col_name(c), key_sfx[j]);
			snprintf(header, sizeof(header), "%s%s",
				 cli_col_header(c),
				 j < 3 ? table_sfx[j] : " (%)");
			cli_grid_add_col(g, keys[i][j], header,
					 cli_col_numeric(c) &&
						 (j < 2 || fmt != FMT_TABLE));
		}
	}
}

/* --fail-on: prints each triggered condition; returns whether any was. */
static bool check_fail_on(const struct cli *cli, const struct stat_row *a,
			  const struct stat_row *b)
{
	bool hit = false;

	for (size_t i = 0; a && b && i < cli->n_fail_on; i++) {
		const struct cli_fail_on *f = &cli->fail_on[i];
		enum cli_col c = f->verdict ? COL_VERDICT : f->col;
		double grow;

		if (!a->has[c] || !b->has[c])
			continue;
		if (f->verdict) {
			if (a->num[c] == b->num[c])
				continue;
			fprintf(stderr,
				"bpfverify: --fail-on verdict: %s/%s: %s -> "
				"%s\n",
				a->text[COL_FILE], a->text[COL_PROG],
				a->text[c], b->text[c]);
			hit = true;
			continue;
		}
		grow = f->percent ? pct(a->num[c], b->num[c])
				  : b->num[c] - a->num[c];
		if (grow <= f->limit)
			continue;
		fprintf(stderr,
			"bpfverify: --fail-on %s>%g%s: %s/%s: %s -> %s "
			"(%+.2f%%)\n",
			cli_col_name(c), f->limit, f->percent ? "%" : "",
			a->text[COL_FILE], a->text[COL_PROG], a->text[c],
			b->text[c], pct(a->num[c], b->num[c]));
		hit = true;
	}
	return hit;
}

static bool row_changed(const struct cli_cols *cols, const struct stat_row *a,
			const struct stat_row *b)
{
	for (size_t i = 0; i < cols->n; i++)
		if (cell_changed(a, b, cols->ids[i]))
			return true;
	return !cols->n && (!a || !b);
}

static void add_pair(struct grid *g, const struct cli_cols *cols,
		     enum cli_format fmt, const struct stat_row *a,
		     const struct stat_row *b)
{
	const struct stat_row *key = a ? a : b;
	char **cells = cli_grid_add_row(g);
	size_t k = 2;

	if (!cells)
		return;
	cells[0] = strdup(key->text[COL_FILE]);
	cells[1] = strdup(key->text[COL_PROG]);
	for (size_t i = 0; i < cols->n; i++) {
		diff_cells(a, b, cols->ids[i], fmt, &cells[k]);
		k += cli_col_numeric(cols->ids[i]) && fmt != FMT_TABLE ? 4 : 3;
	}
}

static void free_side(struct side *s)
{
	for (size_t i = 0; i < s->n; i++)
		cli_row_free(&s->rows[i]);
	free(s->rows);
}

static int load_side(const struct cli *cli, char *input, struct side *s)
{
	int rc = is_csv(input) ? read_csv(input, s) : run_side(cli, input, s);

	if (!rc)
		qsort(s->rows, s->n, sizeof(*s->rows), by_key);
	return rc;
}

int cli_compare(const struct cli *cli)
{
	struct side a = { 0 }, b = { 0 };
	struct cli_cols cols;
	struct grid g = { 0 };
	bool failed = false;
	size_t i = 0, j = 0;

	if (load_side(cli, cli->inputs[0], &a) ||
	    load_side(cli, cli->inputs[1], &b)) {
		free_side(&a);
		free_side(&b);
		return EXIT_BAD_INPUT;
	}
	compared_cols(cli, &cols);
	compare_columns(&g, &cols, cli->format);
	/* a merge of the two sorted sides */
	while (i < a.n || j < b.n) {
		int d = i == a.n   ? 1
			: j == b.n ? -1
				   : key_cmp(&a.rows[i], &b.rows[j]);
		const struct stat_row *ra = d <= 0 ? &a.rows[i++] : NULL;
		const struct stat_row *rb = d >= 0 ? &b.rows[j++] : NULL;

		failed |= check_fail_on(cli, ra, rb);
		if (!cli->changes_only || row_changed(&cols, ra, rb))
			add_pair(&g, &cols, cli->format, ra, rb);
	}
	if (!cli->quiet)
		cli_grid_print(&g, cli->format);
	cli_grid_free(&g);
	free_side(&a);
	free_side(&b);
	return failed ? EXIT_REJECTED : EXIT_ACCEPTED;
}
