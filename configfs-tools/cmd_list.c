// SPDX-License-Identifier: GPL-2.0
/* list: one row per device from configfs, or --json for machines. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <getopt.h>

#include "out.h"
#include "uringblkctl.h"

static const int flag_attrs[] = {
	UB_A_discard, UB_A_write_zeroes, UB_A_write_cache, UB_A_stats,
};

enum { C_NAME, C_DISK, C_CAP, C_QUEUES, C_POLL, C_BS, C_FEAT, C_USED, C_NODE,
	C_BACKEND, C_PATH, C_POWER, C_ERR };

static const struct ub_col cols[] = {
	[C_NAME] = { "NAME", 0, 0, "configfs device name" },
	[C_DISK] = { "DISK", 0, 0, "block device, - when off" },
	[C_CAP] = { "CAPACITY", 0, SCOLS_FL_RIGHT, "size" },
	[C_QUEUES] = { "QUEUES", 0, SCOLS_FL_RIGHT, "interrupt-driven hardware queues" },
	[C_POLL] = { "POLL", 0, SCOLS_FL_RIGHT, "polled queues" },
	[C_BS] = { "LBS/PBS", 0, 0, "logical/physical block size" },
	[C_FEAT] = { "FEATURES", 0, 0, "discard, write_zeroes, write_cache, stats, poll" },
	[C_USED] = { "MEMORY_USED", 0, SCOLS_FL_RIGHT, "bytes of memory held" },
	[C_NODE] = { "NODE", 0, SCOLS_FL_RIGHT, "home NUMA node, -1 any" },
	[C_BACKEND] = { "BACKEND", 0, 0, "memory, file or none" },
	/* The path last: the one column that may hold spaces. */
	[C_PATH] = { "PATH", 0, 0, "backing file" },
	[C_POWER] = { "POWER", 0, UB_COL_HIDDEN, "1 on, 0 off" },
	[C_ERR] = { "LAST_ERROR", 0, UB_COL_HIDDEN, "why the last power on was refused" },
};

const struct ub_col *const ub_list_cols = cols;
const unsigned int ub_list_nr_cols = sizeof(cols) / sizeof(cols[0]);

/* The flags that are on, by name, as a JSON array and a "-" or a,b,c cell. */
static void features_of(const struct ub_val *v, struct json_object *arr, char *buf,
			size_t len)
{
	size_t n = 0;
	unsigned int i;

	buf[0] = 0;
	for (i = 0; i < sizeof(flag_attrs) / sizeof(flag_attrs[0]); i++) {
		const struct ub_val *f = &v[flag_attrs[i]];

		if (!f->set || !f->num)
			continue;
		n += snprintf(buf + n, len - n, "%s%s", n ? "," : "", ub_attrs[flag_attrs[i]].name);
		if (arr)
			ub_jstr(arr, ub_attrs[flag_attrs[i]].name);
	}
	if (v[UB_A_poll_queues].set && v[UB_A_poll_queues].num) {
		snprintf(buf + n, len - n, "%spoll", n ? "," : "");
		if (arr)
			ub_jstr(arr, "poll");
	}
	if (!buf[0])
		snprintf(buf, len, "-");
}

static void json_dev(struct json_object *devs, const char *name, const char *disk,
		     const struct ub_val *v, const char *used, const char *why)
{
	struct json_object *o = ub_jobj(devs, NULL);
	char feat[256];
	uint64_t u;
	int a;

	ub_js(o, "name", name);
	ub_js(o, "disk", disk);
	for (a = 0; a < UB_NR_ATTRS; a++)
		if (v[a].set)
			ub_val_json(o, ub_attrs[a].name, a, v[a].num);
	ub_ju(o, "memory_used", ub_parse_dec(used, &u) ? 0 : u);
	features_of(v, ub_jarr(o, "features"), feat, sizeof(feat));
	ub_js(o, "last_error", why);
}

static void row_dev(struct ub_table *t, const char *name, const char *disk,
		    const struct ub_val *v, const char *used, const char *why)
{
	struct libscols_line *ln = ub_table_row(t);
	const char *path = v[UB_A_path].set ? ub_str(v[UB_A_path].num) : "";
	char cap[32], feat[256];

	ub_val_format_human(UB_A_capacity, v[UB_A_capacity].num, cap, sizeof(cap));
	features_of(v, NULL, feat, sizeof(feat));
	ub_cell(t, ln, C_NAME, "%s", name);
	ub_cell(t, ln, C_DISK, "%s", disk[0] ? disk : "-");
	ub_cell(t, ln, C_CAP, "%s", cap);
	ub_cell(t, ln, C_QUEUES, "%llu", (unsigned long long)v[UB_A_nr_hw_queues].num);
	ub_cell(t, ln, C_POLL, "%llu", (unsigned long long)v[UB_A_poll_queues].num);
	ub_cell(t, ln, C_BS, "%llu/%llu", (unsigned long long)v[UB_A_logical_block_size].num,
		(unsigned long long)v[UB_A_physical_block_size].num);
	ub_cell(t, ln, C_FEAT, "%s", feat);
	ub_cell(t, ln, C_USED, "%s", used);
	ub_cell(t, ln, C_NODE, "%lld", (long long)v[UB_A_home_node].num);
	ub_cell(t, ln, C_BACKEND, "%s", v[UB_A_backend].set ?
		ub_attrs[UB_A_backend].words[v[UB_A_backend].num] : "memory");
	ub_cell(t, ln, C_PATH, "%s", *path ? path : "-");
	ub_cell(t, ln, C_POWER, "%llu", (unsigned long long)v[UB_A_power].num);
	ub_cell(t, ln, C_ERR, "%s", why[0] ? why : "-");
	/* Said once more where a person looks, unless asked for as a column. */
	if (why[0])
		ub_note("%s: last power on refused: %s", name, why);
}

int cmd_list(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "raw", no_argument, NULL, 'r' },
		{ 0 }
	};
	char **names, disk[64], used[32], why[256];
	struct ub_table_opts to = { 0 };
	struct json_object *top = NULL, *devs = NULL;
	struct ub_table *t = NULL;
	struct ub_val v[UB_NR_ATTRS];
	struct ub_driver drv;
	unsigned int nr, i;
	const char *bad;
	int c, r, ret = UB_EXIT_OK;

	while ((c = getopt_long(argc, argv, "o:nr", lopts, NULL)) != -1)
		if (!ub_table_opt(&to, c, optarg))
			return UB_EXIT_USAGE;
	if (optind != argc) {
		ub_err("usage: uringblkctl list [-o COLS] [-n] [-r]");
		return UB_EXIT_USAGE;
	}
	if (ub_opt.json) {
		top = ub_jobj(NULL, NULL);
		devs = ub_jarr(top, "devices");
	} else {
		t = ub_table_new(ub_list_cols, ub_list_nr_cols, &to, "list");
		if (!t)
			return UB_EXIT_USAGE;
	}
	if (ub_need_driver(&drv)) {
		ub_table_free(t);
		json_object_put(top);
		return UB_EXIT_FAIL;
	}
	r = ub_cfs_list(&names, &nr);
	if (r) {
		ub_err("%s: %s", ub_cfs_root(), strerror(-r));
		ub_table_free(t);
		json_object_put(top);
		return UB_EXIT_FAIL;
	}
	for (i = 0; i < nr; i++) {
		bad = "";
		r = ub_cfs_read_dev(names[i], &drv, v, &bad);
		if (!r)
			r = ub_cfs_read(names[i], "disk", disk, sizeof(disk));
		if (!r)
			r = ub_cfs_read(names[i], "memory_used", used, sizeof(used));
		/* An older driver has no last_error: nothing to say. */
		if (!r && ub_cfs_read(names[i], "last_error", why, sizeof(why)))
			why[0] = '\0';
		if (r) {
			/* Removed while we looked: not an error of ours. */
			if (!ub_cfs_exists(names[i]))
				continue;
			ub_err("%s: %s: read: %s", names[i], *bad ? bad : "disk", strerror(-r));
			ret = UB_EXIT_FAIL;
			continue;
		}
		if (top)
			json_dev(devs, names[i], disk, v, used, why);
		else
			row_dev(t, names[i], disk, v, used, why);
	}
	if (top)
		ub_json_print(top);
	else
		ub_table_print(t);
	ub_cfs_names_free(names, nr);
	return ret;
}
