// SPDX-License-Identifier: GPL-2.0
/*
 * uringblkctl zones DEV [report] [-o SECTOR] [-c COUNT]: the zone table
 * of a zoned device, paged through URINGBLK_UCMD_ZONE_REPORT (one snapshot
 * per page), with blkzone report's columns and option names.  The zone
 * actions (reset, open, close, finish) are in cmd_zone_ops.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "out.h"
#include "uringblkctl.h"
#include "zones.h"

enum { C_ZONE, C_START, C_LEN, C_CAP, C_WPTR, C_TYPE, C_COND };

static const struct ub_col cols[] = {
	[C_ZONE] = { "ZONE", 0, SCOLS_FL_RIGHT, "zone number" },
	[C_START] = { "START", 0, 0, "first sector" },
	[C_LEN] = { "LEN", 0, 0, "sectors" },
	[C_CAP] = { "CAP", 0, 0, "writable sectors" },
	[C_WPTR] = { "WPTR", 0, 0, "write pointer, sectors from the zone's start" },
	[C_TYPE] = { "TYPE", 0, 0, "conv or seq" },
	[C_COND] = { "COND", 0, 0, "condition, blkzone's short name" },
};

const struct ub_col *const ub_zones_cols = cols;
const unsigned int ub_zones_nr_cols = sizeof(cols) / sizeof(cols[0]);

/* BLK_ZONE_COND_* values (<linux/blkzoned.h>) and blkzone's short names. */
static const char *cond_name(unsigned int c)
{
	static const char *const names[16] = {
		[0x0] = "nw", [0x1] = "em", [0x2] = "oi", [0x3] = "oe",
		[0x4] = "cl", [0xd] = "ro", [0xe] = "fu", [0xf] = "ol",
	};

	return c < 16 && names[c] ? names[c] : "?";
}

static void zone_json(struct json_object *arr, unsigned int n, const struct uringblk_zone *z)
{
	struct json_object *o = ub_jobj(arr, NULL);

	ub_ju(o, "zone", n);
	ub_ju(o, "start", z->start);
	ub_ju(o, "len", z->len);
	ub_ju(o, "capacity", z->capacity);
	ub_ju(o, "wp", z->wp);
	ub_ju(o, "type", z->type);
	ub_ju(o, "cond", z->cond);
	ub_js(o, "cond_name", cond_name(z->cond));
}

static void zone_row(struct ub_table *t, unsigned int n, const struct uringblk_zone *z)
{
	struct libscols_line *ln = ub_table_row(t);

	ub_cell(t, ln, C_ZONE, "%u", n);
	ub_cell(t, ln, C_START, "0x%09llx", (unsigned long long)z->start);
	ub_cell(t, ln, C_LEN, "0x%06llx", (unsigned long long)z->len);
	ub_cell(t, ln, C_CAP, "0x%06llx", (unsigned long long)z->capacity);
	ub_cell(t, ln, C_WPTR, "0x%06llx", (unsigned long long)(z->wp - z->start));
	ub_cell(t, ln, C_TYPE, "%s", z->type == 1 ? "conv" : "seq");
	ub_cell(t, ln, C_COND, "%s", cond_name(z->cond));
}

/* The zones from sector a->offset on (a->count of them; 0: to the end). */
static int report(const char *arg, const struct ub_zone_args *a)
{
	struct uringblk_zone_report r;
	struct json_object *top = NULL, *arr = NULL;
	struct ub_table *t = NULL;
	struct ub_admin ad;
	char name[64];
	unsigned int start = 0, shown = 0, i;
	int ret;

	if (!ub_opt.json) {
		t = ub_table_new(ub_zones_cols, ub_zones_nr_cols, &a->table, "zones");
		if (!t)
			return UB_EXIT_USAGE;
	}
	if (ub_open_dev(arg, name, sizeof(name), &ad)) {
		ub_table_free(t);
		return UB_EXIT_FAIL;
	}
	if (ub_opt.json) {
		top = ub_jobj(NULL, NULL);
		ub_js(top, "name", name);
		arr = ub_jarr(top, "zones");
	}
	do {
		memset(&r, 0, sizeof(r));
		r.start_zone = start;
		ret = ub_admin_cmd(&ad, URINGBLK_UCMD_ZONE_REPORT, &r, sizeof(r));
		if (ret < 0) {
			ub_err("%s: ZONE_REPORT (%s): %s%s", name, ub_admin_path(&ad),
			       strerror(-ret), ret == -EINVAL && !start ? " (not zoned?)" : "");
			ub_admin_close(&ad);
			ub_table_free(t);
			json_object_put(top);
			return UB_EXIT_FAIL;
		}
		for (i = 0; i < r.nr_returned; i++) {
			const struct uringblk_zone *z = &r.zones[i];

			/* blkzone report -o: the zone holding the sector on. */
			if (z->start + z->len <= a->offset)
				continue;
			if (a->have_count && shown >= a->count)
				break;
			shown++;
			if (top)
				zone_json(arr, start + i, z);
			else
				zone_row(t, start + i, z);
		}
		start += r.nr_returned;
	} while (r.nr_returned && start < r.nr_zones && !(a->have_count && shown >= a->count));
	ub_admin_close(&ad);
	if (a->offset && !shown && !a->have_count) {
		ub_err("%s: offset %llu is beyond the last zone: %s", name,
		       (unsigned long long)a->offset, strerror(ERANGE));
		ub_table_free(t);
		json_object_put(top);
		return UB_EXIT_USAGE;
	}
	if (top)
		ub_json_print(top);
	else
		ub_table_print(t);
	return UB_EXIT_OK;
}

static const char *const actions[] = { "report", "reset", "open", "close", "finish" };

int cmd_zones(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "offset", required_argument, NULL, 'o' },
		{ "count", required_argument, NULL, 'c' },
		{ "all", no_argument, NULL, 'a' },
		{ "output", required_argument, NULL, 'O' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "raw", no_argument, NULL, 'r' },
		{ 0 }
	};
	struct ub_zone_args a = { 0 };
	const char *action = "report";
	unsigned int i;
	int c;

	while ((c = getopt_long(argc, argv, "o:c:anr", lopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (ub_parse_dec(optarg, &a.offset)) {
				ub_err("zones: -o wants a sector number, not '%s'", optarg);
				return UB_EXIT_USAGE;
			}
			break;
		case 'c':
			if (ub_parse_dec(optarg, &a.count) || !a.count) {
				ub_err("zones: -c wants a count of zones > 0, not '%s'", optarg);
				return UB_EXIT_USAGE;
			}
			a.have_count = true;
			break;
		case 'a':
			a.all = true;
			break;
		case 'O':
			a.table.columns = optarg;
			break;
		default:
			/* -n, -r; -o is the offset here, as in blkzone. */
			if (!ub_table_opt(&a.table, c, optarg))
				return UB_EXIT_USAGE;
		}
	}
	if (optind == argc - 2) {
		action = argv[optind + 1];
	} else if (optind != argc - 1) {
		ub_err("usage: uringblkctl zones DEV [report|reset|open|close|finish] %s",
		       "[-o SECTOR] [-c COUNT] [--all]");
		return UB_EXIT_USAGE;
	}
	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (!strcmp(action, actions[i]))
			break;
	if (i == sizeof(actions) / sizeof(actions[0])) {
		ub_err("zones: unknown action '%s' (report, reset, open, close, finish)", action);
		return UB_EXIT_USAGE;
	}
	if (a.all && a.have_count) {
		ub_err("zones: give --all or -c COUNT, not both");
		return UB_EXIT_USAGE;
	}
	if (!i) {
		if (a.all) {
			ub_err("zones: --all is for reset, open, close and finish");
			return UB_EXIT_USAGE;
		}
		return report(argv[optind], &a);
	}
	if (a.table.columns || a.table.noheadings || a.table.raw) {
		ub_err("zones %s: --output, -n and -r are for the report", action);
		return UB_EXIT_USAGE;
	}
	return ub_zone_action(argv[optind], action, &a);
}
