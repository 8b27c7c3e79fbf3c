/* SPDX-License-Identifier: MIT */
/* bpfverify stats: veristat's statistics table, one row a program, with
 * veristat's column names where veristat has the column. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const struct col_def {
	const char *header;
	const char *names[3]; /* names[0] is the CSV and JSON key */
	bool numeric;
} defs[COL_COUNT] = {
	[COL_FILE] = { "File", { "file_name", "filename", "file" }, false },
	[COL_PROG] = { "Program", { "prog_name", "progname", "prog" }, false },
	[COL_SECTION] = { "Section", { "section", "sec" }, false },
	[COL_PROG_TYPE] = { "Program type", { "prog_type" }, false },
	[COL_VERDICT] = { "Verdict", { "verdict" }, false },
	[COL_DURATION] = { "Duration (us)", { "duration", "dur" }, true },
	[COL_INSNS] = { "Insns", { "total_insns", "insns" }, true },
	[COL_STATES] = { "States", { "total_states", "states" }, true },
	[COL_PEAK_STATES] = { "Peak states", { "peak_states" }, true },
	[COL_MAX_STATES_PER_INSN] = { "Max states per insn",
				      { "max_states_per_insn" },
				      true },
	[COL_STACK] = { "Stack depth", { "stack_depth", "stack" }, true },
	[COL_PROG_SIZE] = { "Program size", { "prog_size" }, true },
};

int cli_col_from_name(const char *name, enum cli_col *col)
{
	for (unsigned c = 0; c < COL_COUNT; c++) {
		for (unsigned i = 0; i < 3; i++) {
			if (defs[c].names[i] &&
			    !strcmp(defs[c].names[i], name)) {
				*col = (enum cli_col)c;
				return 0;
			}
		}
	}
	return -1;
}

const char *cli_col_name(enum cli_col col)
{
	return defs[col].names[0];
}

const char *cli_col_header(enum cli_col col)
{
	return defs[col].header;
}

bool cli_col_numeric(enum cli_col col)
{
	return defs[col].numeric;
}

/* veristat: names, program names and verdicts sort ascending, numbers
 * descending (biggest first) */
bool cli_col_asc_default(enum cli_col col)
{
	return !defs[col].numeric;
}

/* "insns,states" or, for -s, with veristat's order suffixes: '^'
 * ascending, 'v' (or '.', '!', '_') descending. -e appends to the list. */
int cli_parse_cols(const char *spec, struct cli_cols *cols)
{
	char *copy = strdup(spec), *save = NULL;
	int rc = copy ? 0 : -1;

	for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t && !rc;
	     t = strtok_r(NULL, ",", &save)) {
		size_t len = strlen(t);
		char last = len > 1 ? t[len - 1] : 0;
		bool has_order = last && strchr("^vV.!_", last) != NULL;
		enum cli_col col;

		if (has_order && cli_col_from_name(t, &col) == 0)
			has_order = false; /* a name that ends in one of them */
		if (has_order)
			t[len - 1] = '\0';
		if (cols->n >= MAX_COLS || cli_col_from_name(t, &col)) {
			rc = -1;
			break;
		}
		cols->ids[cols->n] = col;
		cols->asc[cols->n] =
			has_order ? last == '^' : cli_col_asc_default(col);
		cols->n++;
	}
	free(copy);
	return rc;
}

/* The table's default columns; CSV and JSON carry them all. */
void cli_default_cols(const struct cli *cli, struct cli_cols *cols)
{
	static const enum cli_col table[] = {
		COL_FILE,	 COL_PROG,
		COL_PROG_TYPE,	 COL_VERDICT,
		COL_INSNS,	 COL_STATES,
		COL_PEAK_STATES, COL_MAX_STATES_PER_INSN,
		COL_STACK,	 COL_DURATION,
	};

	memset(cols, 0, sizeof(*cols));
	if (cli->format == FMT_TABLE) {
		for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
			cols->ids[cols->n++] = table[i];
	} else {
		for (unsigned c = 0; c < COL_COUNT; c++)
			cols->ids[cols->n++] = (enum cli_col)c;
	}
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static void set_num(struct stat_row *row, enum cli_col c, double v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%.0f", v);
	row->text[c] = strdup(buf);
	row->num[c] = v;
	row->has[c] = true;
}

static void set_text(struct stat_row *row, enum cli_col c, const char *s)
{
	row->text[c] = strdup(s);
	row->has[c] = true;
}

/* File names are base names, as veristat shows them: two builds in two
 * directories then compare program by program. */
void cli_job_row(const struct job *job, struct stat_row *row)
{
	const struct outcome *o = &job->out;
	const char *type =
		job->prog ? bv_prog_type_name(bv_program_type(job->prog))
			  : NULL;

	memset(row, 0, sizeof(*row));
	set_text(row, COL_FILE, base_name(job->file));
	set_text(row, COL_PROG, job->prog ? bv_program_name(job->prog) : "");
	set_text(row, COL_SECTION,
		 job->prog ? bv_program_section(job->prog) : "");
	set_text(row, COL_PROG_TYPE, type ? type : "");
	set_text(row, COL_VERDICT, cli_verdict_word(o->verdict));
	row->num[COL_VERDICT] = o->verdict;
	if (job->prog_insns)
		set_num(row, COL_PROG_SIZE, (double)job->prog_insns);
	if (!o->has_stats)
		return;
	set_num(row, COL_DURATION, (double)o->usec);
	set_num(row, COL_INSNS, o->insns);
	set_num(row, COL_STATES, o->states);
	set_num(row, COL_PEAK_STATES, o->peak_states);
	set_num(row, COL_MAX_STATES_PER_INSN, o->max_states_per_insn);
	set_num(row, COL_STACK, o->stack);
}

void cli_row_free(struct stat_row *row)
{
	for (unsigned c = 0; c < COL_COUNT; c++)
		free(row->text[c]);
}

/* ---- grids: tables, CSV, JSON ---- */

int cli_grid_add_col(struct grid *g, const char *key, const char *header,
		     bool numeric)
{
	if (g->n_cols >= sizeof(g->keys) / sizeof(g->keys[0]))
		return -1;
	g->keys[g->n_cols] = key;
	g->headers[g->n_cols] = strdup(header);
	g->numeric[g->n_cols] = numeric;
	g->n_cols++;
	return 0;
}

char **cli_grid_add_row(struct grid *g)
{
	char **row;

	if (g->n_rows == g->cap_rows) {
		size_t cap = g->cap_rows ? g->cap_rows * 2 : 64;
		char **grown =
			realloc(g->cells, cap * g->n_cols * sizeof(*grown));

		if (!grown)
			return NULL;
		g->cells = grown;
		g->cap_rows = cap;
	}
	row = &g->cells[g->n_rows++ * g->n_cols];
	memset(row, 0, g->n_cols * sizeof(*row));
	return row;
}

void cli_grid_free(struct grid *g)
{
	for (size_t i = 0; i < g->n_rows * g->n_cols; i++)
		free(g->cells[i]);
	for (size_t i = 0; i < g->n_cols; i++)
		free(g->headers[i]);
	free(g->cells);
}

/* RFC 4180: fields with a comma, quote or line break are quoted */
void cli_csv_field(FILE *out, const char *s)
{
	if (!strpbrk(s, ",\"\n\r")) {
		fputs(s, out);
		return;
	}
	putc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}

void cli_json_string(FILE *out, const char *s)
{
	putc('"', out);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(out, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(out, "\\u%04x", ch);
		else
			putc(ch, out);
	}
	putc('"', out);
}

static void print_table(const struct grid *g)
{
	size_t width[MAX_COLS * 3];

	for (size_t c = 0; c < g->n_cols; c++) {
		width[c] = strlen(g->headers[c]);
		for (size_t r = 0; r < g->n_rows; r++) {
			const char *s = g->cells[r * g->n_cols + c];
			size_t n = s ? strlen(s) : 1;

			if (n > width[c])
				width[c] = n;
		}
	}
	for (size_t c = 0; c < g->n_cols; c++)
		printf("%s%-*s", c ? "  " : "",
		       c + 1 < g->n_cols ? (int)width[c] : 0, g->headers[c]);
	putchar('\n');
	for (size_t c = 0; c < g->n_cols; c++) {
		printf("%s", c ? "  " : "");
		for (size_t i = 0; i < width[c]; i++)
			putchar('-');
	}
	putchar('\n');
	for (size_t r = 0; r < g->n_rows; r++) {
		for (size_t c = 0; c < g->n_cols; c++) {
			const char *s = g->cells[r * g->n_cols + c];
			bool last = c + 1 == g->n_cols;
			int w = (int)width[c];

			if (g->numeric[c])
				printf("%s%*s", c ? "  " : "", w, s ? s : "-");
			else
				printf("%s%-*s", c ? "  " : "", last ? 0 : w,
				       s ? s : "-");
		}
		putchar('\n');
	}
}

static void print_csv(const struct grid *g)
{
	for (size_t c = 0; c < g->n_cols; c++) {
		if (c)
			putchar(',');
		cli_csv_field(stdout, g->keys[c]);
	}
	putchar('\n');
	for (size_t r = 0; r < g->n_rows; r++) {
		for (size_t c = 0; c < g->n_cols; c++) {
			const char *s = g->cells[r * g->n_cols + c];

			if (c)
				putchar(',');
			if (s)
				cli_csv_field(stdout, s);
		}
		putchar('\n');
	}
}

static bool is_number(const char *s)
{
	char *end;

	if (!*s)
		return false;
	strtod(s, &end);
	return *end == '\0';
}

static void print_json(const struct grid *g)
{
	puts("[");
	for (size_t r = 0; r < g->n_rows; r++) {
		fputs("  {", stdout);
		for (size_t c = 0; c < g->n_cols; c++) {
			const char *s = g->cells[r * g->n_cols + c];

			fputs(c ? ", " : "", stdout);
			cli_json_string(stdout, g->keys[c]);
			fputs(": ", stdout);
			if (!s)
				fputs("null", stdout);
			else if (g->numeric[c] && is_number(s))
				fputs(s, stdout);
			else
				cli_json_string(stdout, s);
		}
		printf("}%s\n", r + 1 < g->n_rows ? "," : "");
	}
	puts("]");
}

void cli_grid_print(const struct grid *g, enum cli_format fmt)
{
	if (fmt == FMT_CSV)
		print_csv(g);
	else if (fmt == FMT_JSON)
		print_json(g);
	else
		print_table(g);
}

/* ---- bpfverify stats ---- */

static int cmp_rows(const void *a, const void *b, void *arg)
{
	const struct stat_row *x = a, *y = b;
	const struct cli_cols *sort = arg;

	for (size_t i = 0; i < sort->n; i++) {
		enum cli_col c = sort->ids[i];
		int d;

		if (x->has[c] != y->has[c])
			d = x->has[c] ? 1 : -1;
		else if (!x->has[c])
			d = 0;
		else if (defs[c].numeric || c == COL_VERDICT)
			d = (x->num[c] > y->num[c]) - (x->num[c] < y->num[c]);
		else
			d = strcmp(x->text[c], y->text[c]);
		if (d)
			return sort->asc[i] ? d : -d;
	}
	return 0;
}

/* The sort order: -s first, then file and program name. */
static void sort_spec(const struct cli *cli, struct cli_cols *sort)
{
	*sort = cli->sort;
	if (sort->n + 2 <= MAX_COLS) {
		sort->ids[sort->n] = COL_FILE;
		sort->asc[sort->n++] = true;
		sort->ids[sort->n] = COL_PROG;
		sort->asc[sort->n++] = true;
	}
}

static void stats_errors(const struct job_list *list)
{
	for (size_t i = 0; i < list->n; i++) {
		const struct job *j = &list->jobs[i];

		if (j->out.verdict != BV_BAD_INPUT &&
		    j->out.verdict != BV_UNSUPPORTED)
			continue;
		if (!j->prog)
			fprintf(stderr, "bpfverify: %s\n", j->out.errors);
		else
			fprintf(stderr, "bpfverify: %s: %s: %s: %s\n", j->file,
				bv_program_name(j->prog),
				cli_verdict_word(j->out.verdict),
				j->out.errors);
	}
}

int cli_print_stats(const struct cli *cli, const struct job_list *list)
{
	struct stat_row *rows = calloc(list->n ? list->n : 1, sizeof(*rows));
	struct cli_cols cols, sort;
	struct grid g = { 0 };
	int code = EXIT_ACCEPTED;

	if (!rows)
		return EXIT_BAD_INPUT;
	if (cli->emit.n)
		cols = cli->emit;
	else
		cli_default_cols(cli, &cols);
	for (size_t i = 0; i < list->n; i++) {
		cli_job_row(&list->jobs[i], &rows[i]);
		code = cli_worse(code,
				 cli_exit_code(list->jobs[i].out.verdict));
	}
	sort_spec(cli, &sort);
	qsort_r(rows, list->n, sizeof(*rows), cmp_rows, &sort);
	for (size_t c = 0; c < cols.n; c++)
		cli_grid_add_col(&g, defs[cols.ids[c]].names[0],
				 defs[cols.ids[c]].header,
				 defs[cols.ids[c]].numeric);
	for (size_t i = 0; i < list->n; i++) {
		char **cells = cli_grid_add_row(&g);

		for (size_t c = 0; cells && c < cols.n; c++)
			cells[c] = rows[i].text[cols.ids[c]]
					   ? strdup(rows[i].text[cols.ids[c]])
					   : NULL;
		cli_row_free(&rows[i]);
	}
	stats_errors(list);
	cli_grid_print(&g, cli->format);
	cli_grid_free(&g);
	free(rows);
	if (!list->n) {
		fprintf(stderr, "bpfverify: no program matches --prog or -f\n");
		return EXIT_BAD_INPUT;
	}
	return code;
}
