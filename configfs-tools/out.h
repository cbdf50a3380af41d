/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one output layer of uringblkctl: JSON through json-c (a tree built
 * by the command, printed once as one top-level object) and human tables
 * through libsmartcols, with lsblk's -o COLS, -n and -r.  No command
 * prints JSON or a table by hand.
 */
#ifndef URINGBLKCTL_OUT_H
#define URINGBLKCTL_OUT_H

#include <stdbool.h>
#include <stdint.h>

#include <json-c/json.h>
#include <libsmartcols/libsmartcols.h>

/* Members of object o: a NULL string is JSON null. */
void ub_js(struct json_object *o, const char *key, const char *val);
void ub_ju(struct json_object *o, const char *key, uint64_t val);
void ub_ji(struct json_object *o, const char *key, int64_t val);
void ub_jb(struct json_object *o, const char *key, bool val);
void ub_jd(struct json_object *o, const char *key, double val);
/* A new object or array, added to o under key (o an array: appended). */
struct json_object *ub_jobj(struct json_object *o, const char *key);
struct json_object *ub_jarr(struct json_object *o, const char *key);
/* Append a string to array a. */
void ub_jstr(struct json_object *a, const char *val);
/* Print o (pretty, one object per document), then free it. */
void ub_json_print(struct json_object *o);
/*
 * A command on one device that did KEY: --json prints {"name": NAME,
 * KEY: true}, else "NAME: TEXT".
 */
void ub_print_done(const char *name, const char *key, const char *text);
/* Print o on one line (a stream of objects, as stats --watch), free it. */
void ub_json_print_line(struct json_object *o);

/* A table column: its name, width hint (as scols) and SCOLS_FL_* flags. */
struct ub_col {
	const char *name;
	double whint;
	int flags;
	const char *help;
};

/* Table options of the commands that print one: -o COLS, -n, -r. */
struct ub_table_opts {
	const char *columns;	/* -o: comma-separated names, NULL: defaults */
	bool noheadings;	/* -n */
	bool raw;		/* -r */
};

struct ub_table;
/*
 * A table of nr columns cols[], shown as o says (only the default columns
 * when o->columns is NULL: those without UB_COL_HIDDEN).  NULL after
 * saying why when -o names a column that does not exist.
 */
#define UB_COL_HIDDEN	(1 << 30)
struct ub_table *ub_table_new(const struct ub_col *cols, unsigned int nr,
			      const struct ub_table_opts *o, const char *cmd);
/* A new row; cells of columns not shown are dropped. */
struct libscols_line *ub_table_row(struct ub_table *t);
void ub_cell(struct ub_table *t, struct libscols_line *ln, unsigned int col,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Print (nothing for a table of no rows but its header) and free. */
void ub_table_print(struct ub_table *t);
void ub_table_free(struct ub_table *t);
/*
 * Parse one table option of argv at getopt's c/optarg: 'o', 'n', 'r'.
 * Returns true when c was one of them.
 */
bool ub_table_opt(struct ub_table_opts *o, int c, const char *arg);
/* The column names of cols[] for --help ("NAME,DISK,..."). */
void ub_table_help(const struct ub_col *cols, unsigned int nr);

#endif
