// SPDX-License-Identifier: GPL-2.0
/* The output layer (out.h): json-c for --json, libsmartcols for tables. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "out.h"
#include "uringblkctl.h"

#define UB_MAX_COLS	32

static void add(struct json_object *o, const char *key, struct json_object *v)
{
	if (json_object_is_type(o, json_type_array))
		json_object_array_add(o, v);
	else
		json_object_object_add(o, key, v);
}

void ub_js(struct json_object *o, const char *key, const char *val)
{
	add(o, key, val ? json_object_new_string(val) : NULL);
}

void ub_ju(struct json_object *o, const char *key, uint64_t val)
{
	add(o, key, json_object_new_uint64(val));
}

void ub_ji(struct json_object *o, const char *key, int64_t val)
{
	add(o, key, json_object_new_int64(val));
}

void ub_jb(struct json_object *o, const char *key, bool val)
{
	add(o, key, json_object_new_boolean(val));
}

/* Three decimals are what a rate or a ratio carries; not 17 digits of noise. */
void ub_jd(struct json_object *o, const char *key, double val)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%.3f", val);
	add(o, key, json_object_new_double_s(val, buf));
}

struct json_object *ub_jobj(struct json_object *o, const char *key)
{
	struct json_object *n = json_object_new_object();

	if (!n)
		abort();
	if (o)
		add(o, key, n);
	return n;
}

struct json_object *ub_jarr(struct json_object *o, const char *key)
{
	struct json_object *n = json_object_new_array();

	if (!n)
		abort();
	if (o)
		add(o, key, n);
	return n;
}

void ub_jstr(struct json_object *a, const char *val)
{
	json_object_array_add(a, json_object_new_string(val));
}

static void print_flags(struct json_object *o, int flags)
{
	puts(json_object_to_json_string_ext(o, flags | JSON_C_TO_STRING_NOSLASHESCAPE));
	fflush(stdout);
	json_object_put(o);
}

void ub_json_print(struct json_object *o)
{
	print_flags(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED);
}

void ub_json_print_line(struct json_object *o)
{
	print_flags(o, JSON_C_TO_STRING_SPACED);
}

struct ub_table {
	struct libscols_table *tb;
	struct libscols_column *col[UB_MAX_COLS];	/* NULL: not shown */
};

static int find_col(const struct ub_col *cols, unsigned int nr, const char *name, size_t len)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (strlen(cols[i].name) == len && !strncasecmp(cols[i].name, name, len))
			return i;
	return -1;
}

static void add_col(struct ub_table *t, const struct ub_col *c, unsigned int i)
{
	t->col[i] = scols_table_new_column(t->tb, c->name, c->whint,
					   c->flags & ~UB_COL_HIDDEN);
	if (!t->col[i])
		abort();
}

struct ub_table *ub_table_new(const struct ub_col *cols, unsigned int nr,
			      const struct ub_table_opts *o, const char *cmd)
{
	struct ub_table *t = calloc(1, sizeof(*t));
	const char *p, *end;
	unsigned int i;
	int c;

	if (!t || nr > UB_MAX_COLS)
		abort();
	t->tb = scols_new_table();
	if (!t->tb)
		abort();
	scols_table_enable_noheadings(t->tb, o->noheadings);
	scols_table_enable_raw(t->tb, o->raw);
	if (!o->columns) {
		for (i = 0; i < nr; i++)
			if (!(cols[i].flags & UB_COL_HIDDEN))
				add_col(t, &cols[i], i);
		return t;
	}
	/* -o as lsblk takes it: names in the order to show, any case. */
	for (p = o->columns; *p; p = *end ? end + 1 : end) {
		end = strchrnul(p, ',');
		c = find_col(cols, nr, p, end - p);
		if (c < 0) {
			ub_err("%s: unknown column '%.*s' (%s --help lists them)", cmd,
			       (int)(end - p), p, cmd);
			ub_table_free(t);
			return NULL;
		}
		if (!t->col[c])
			add_col(t, &cols[c], c);
	}
	return t;
}

struct libscols_line *ub_table_row(struct ub_table *t)
{
	struct libscols_line *ln = scols_table_new_line(t->tb, NULL);

	if (!ln)
		abort();
	return ln;
}

void ub_cell(struct ub_table *t, struct libscols_line *ln, unsigned int col,
	     const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (col >= UB_MAX_COLS || !t->col[col])
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	/* The line takes s and frees it. */
	if (scols_line_refer_column_data(ln, t->col[col], s))
		free(s);
}

void ub_table_free(struct ub_table *t)
{
	if (!t)
		return;
	scols_unref_table(t->tb);
	free(t);
}

void ub_table_print(struct ub_table *t)
{
	scols_print_table(t->tb);
	fflush(stdout);
	ub_table_free(t);
}

bool ub_table_opt(struct ub_table_opts *o, int c, const char *arg)
{
	if (c == 'o')
		o->columns = arg;
	else if (c == 'n')
		o->noheadings = true;
	else if (c == 'r')
		o->raw = true;
	else
		return false;
	return true;
}

void ub_table_help(const struct ub_col *cols, unsigned int nr)
{
	unsigned int i;

	char name[32];

	printf("\ncolumns for --output COLS (* only when asked for):\n");
	for (i = 0; i < nr; i++) {
		snprintf(name, sizeof(name), "%s%s", cols[i].name,
			 cols[i].flags & UB_COL_HIDDEN ? " *" : "");
		printf("  %-14s %s\n", name, cols[i].help);
	}
}

void ub_val_json(struct json_object *o, const char *key, int attr, uint64_t v)
{
	enum ub_kind k = ub_attrs[attr].kind;

	if (k == UB_ENUM)
		ub_js(o, key, ub_attrs[attr].words[v]);
	else if (k == UB_STR)
		ub_js(o, key, ub_str(v));
	else if (k == UB_BOOL)
		ub_jb(o, key, v);
	else if (k == UB_NODE)
		ub_ji(o, key, (int64_t)v);
	else
		ub_ju(o, key, v);
}

void ub_print_done(const char *name, const char *key, const char *text)
{
	struct json_object *o;

	if (!ub_opt.json) {
		printf("%s: %s\n", name, text);
		return;
	}
	o = ub_jobj(NULL, NULL);
	ub_js(o, "name", name);
	ub_jb(o, key, true);
	ub_json_print(o);
}
