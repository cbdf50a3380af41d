// SPDX-License-Identifier: GPL-2.0
/* list: one row per device from configfs, or --json for machines. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uringblkctl.h"

static const int flag_attrs[] = {
	UB_A_discard, UB_A_write_zeroes, UB_A_write_cache, UB_A_stats,
};

/* A JSON string: quotes, backslashes and control characters escaped. */
static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++)
		printf(*s == '"' || *s == '\\' ? "\\%c" :
		       (unsigned char)*s < 0x20 ? "\\u%04x" : "%c", *s);
	putchar('"');
}

static void features_of(const struct ub_val *v, char *buf, size_t len, bool json)
{
	size_t n = 0;
	unsigned int i;

	buf[0] = 0;
	for (i = 0; i < sizeof(flag_attrs) / sizeof(flag_attrs[0]); i++) {
		const struct ub_val *f = &v[flag_attrs[i]];

		if (f->set && f->num)
			n += snprintf(buf + n, len - n, json ? "%s\"%s\"" : "%s%s",
				      n ? "," : "", ub_attrs[flag_attrs[i]].name);
	}
	if (v[UB_A_poll_queues].set && v[UB_A_poll_queues].num)
		snprintf(buf + n, len - n, json ? "%s\"poll\"" : "%spoll", n ? "," : "");
	if (!buf[0] && !json)
		snprintf(buf, len, "-");
}

int cmd_list(int argc, char **argv)
{
	bool json = argc > 1 && !strcmp(argv[1], "--json");
	char **names, disk[64], used[32], feat[256], cap[32], why[256];
	struct ub_val v[UB_NR_ATTRS];
	struct ub_driver drv;
	unsigned int nr, i, shown = 0;
	const char *bad, *path;
	int a, r, ret = UB_EXIT_OK;

	if (argc > 2 || (argc == 2 && !json)) {
		ub_err("usage: uringblkctl list [--json]");
		return UB_EXIT_USAGE;
	}
	if (ub_need_driver(&drv))
		return UB_EXIT_FAIL;
	r = ub_cfs_list(&names, &nr);
	if (r) {
		ub_err("%s: %s", ub_cfs_root(), strerror(-r));
		return UB_EXIT_FAIL;
	}
	if (json)
		printf("[");
	else
		printf("%-16s %-14s %9s %6s %4s %-9s %-40s %-11s %4s %-7s %s\n", "NAME", "DISK",
		       "CAPACITY", "QUEUES", "POLL", "LBS/PBS", "FEATURES", "MEMORY_USED", "NODE",
		       "BACKEND", "PATH");
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
		features_of(v, feat, sizeof(feat), json);
		if (!json) {
			ub_val_format_human(UB_A_capacity, v[UB_A_capacity].num, cap, sizeof(cap));
			/* The path last: it is the one column that may hold spaces. */
			path = v[UB_A_path].set ? ub_str(v[UB_A_path].num) : "";
			printf("%-16s %-14s %9s %6llu %4llu %4llu/%-4llu %-40s %-11s %4lld %-7s %s\n",
			       names[i], disk[0] ? disk : "-", cap,
			       (unsigned long long)v[UB_A_nr_hw_queues].num,
			       (unsigned long long)v[UB_A_poll_queues].num,
			       (unsigned long long)v[UB_A_logical_block_size].num,
			       (unsigned long long)v[UB_A_physical_block_size].num, feat, used,
			       (long long)v[UB_A_home_node].num,
			       v[UB_A_backend].set ? ub_attrs[UB_A_backend].words[v[UB_A_backend].num] :
			       "memory", *path ? path : "-");
			/* Why its last power on was refused, under its line. */
			if (why[0])
				printf("  last_error: %s\n", why);
			continue;
		}
		printf("%s\n  {\"name\": \"%s\", \"disk\": \"%s\"", shown++ ? "," : "", names[i], disk);
		for (a = 0; a < UB_NR_ATTRS; a++) {
			if (!v[a].set)
				continue;
			if (ub_attrs[a].kind == UB_ENUM) {
				printf(", \"%s\": \"%s\"", ub_attrs[a].name,
				       ub_attrs[a].words[v[a].num]);
			} else if (ub_attrs[a].kind == UB_STR) {
				printf(", \"%s\": ", ub_attrs[a].name);
				json_str(ub_str(v[a].num));
			} else if (ub_attrs[a].kind == UB_BOOL) {
				printf(", \"%s\": %s", ub_attrs[a].name, v[a].num ? "true" : "false");
			} else if (ub_attrs[a].kind == UB_NODE) {
				printf(", \"%s\": %lld", ub_attrs[a].name, (long long)v[a].num);
			} else {
				printf(", \"%s\": %llu", ub_attrs[a].name,
				       (unsigned long long)v[a].num);
			}
		}
		printf(", \"memory_used\": %s, \"features\": [%s], \"last_error\": ", used, feat);
		json_str(why);
		printf("}");
	}
	if (json)
		printf("%s]\n", shown ? "\n" : "");
	ub_cfs_names_free(names, nr);
	return ret;
}
