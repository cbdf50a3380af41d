// SPDX-License-Identifier: GPL-2.0
/*
 * fault add|list|del: fault injection rules (Documentation/faults.md).
 * add and list speak the admin plane (FAULT_ADD, FAULT_LIST); del uses
 * FAULT_DEL for admin-made rules and configfs (disarm, rmdir) for mkdir'd
 * ones.  ub_fault_clear() also serves destroy: a device directory with
 * rule subdirectories or admin-made rules cannot be removed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <getopt.h>

#include "admin.h"
#include "out.h"
#include "uringblkctl.h"

enum { C_NAME, C_ID, C_TYPE, C_OPS, C_LBA, C_PROB, C_DELAY, C_COUNT, C_ON, C_HITS,
	C_MADE, C_TORN, C_AFTER };

static const struct ub_col cols[] = {
	[C_NAME] = { "NAME", 0, 0, "rule name" },
	[C_ID] = { "ID", 0, SCOLS_FL_RIGHT, "rule id" },
	[C_TYPE] = { "TYPE", 0, 0, "fault type" },
	[C_OPS] = { "OPS", 0, 0, "operations it applies to" },
	[C_LBA] = { "LBA", 0, 0, "block range" },
	[C_PROB] = { "PROB", 0, SCOLS_FL_RIGHT, "probability, parts per million" },
	[C_DELAY] = { "DELAY", 0, SCOLS_FL_RIGHT, "delay, us" },
	[C_COUNT] = { "COUNT", 0, SCOLS_FL_RIGHT, "hits before it disarms, 0 never" },
	[C_ON] = { "ON", 0, 0, "armed" },
	[C_HITS] = { "HITS", 0, SCOLS_FL_RIGHT, "requests it hit" },
	[C_MADE] = { "MADE-BY", 0, 0, "admin (io_uring) or mkdir (configfs)" },
	[C_TORN] = { "TORN", 0, SCOLS_FL_RIGHT | UB_COL_HIDDEN, "sectors a torn write keeps" },
	[C_AFTER] = { "AFTER", 0, SCOLS_FL_RIGHT | UB_COL_HIDDEN,
		      "matching requests let pass first" },
};

const struct ub_col *const ub_fault_cols = cols;
const unsigned int ub_fault_nr_cols = sizeof(cols) / sizeof(cols[0]);

static const char *type_name(unsigned int t)
{
	return t < URINGBLK_NR_FAULT_TYPES ? ub_fault_type_names[t] : "?";
}

static int fault_list(struct ub_admin *ad, struct uringblk_fault_list *l)
{
	int ret;

	memset(l, 0, sizeof(*l));
	l->size = sizeof(*l);
	l->version = URINGBLK_FAULT_RULE_VERSION;
	ret = ub_admin_cmd(ad, URINGBLK_UCMD_FAULT_LIST, l, sizeof(*l));
	if (ret < 0)
		return ret;
	if (l->nr_rules > URINGBLK_FAULT_LIST_MAX)
		l->nr_rules = URINGBLK_FAULT_LIST_MAX;
	return 0;
}

static int fault_del_id(struct ub_admin *ad, uint32_t id)
{
	struct uringblk_fault_rule r = {
		.size = sizeof(r),
		.version = URINGBLK_FAULT_RULE_VERSION,
		.id = id,
	};

	return ub_admin_cmd(ad, URINGBLK_UCMD_FAULT_DEL, &r, sizeof(r));
}

/* Disarm and rmdir the configfs rule DEV/faults/RULE. */
static int cfs_rule_remove(const char *dev, const char *rule)
{
	char path[256];
	int ret;

	snprintf(path, sizeof(path), "faults/%s/enable", rule);
	ret = ub_cfs_write(dev, path, "0");
	if (ret && ret != -ENOENT)
		return ret;
	snprintf(path, sizeof(path), "%s/faults/%s", dev, rule);
	return ub_cfs_rmdir(path);
}

/* FAULT_DEL every admin-made rule of an open device; 0 or -errno. */
static int del_admin_made(struct ub_admin *ad, const char *dev, bool verbose)
{
	struct uringblk_fault_list *l = malloc(sizeof(*l));
	unsigned int i, done;
	int ret;

	if (!l)
		return -ENOMEM;
	do {
		done = 0;
		ret = fault_list(ad, l);
		if (ret)
			break;
		for (i = 0; i < l->nr_rules; i++) {
			if (!l->rules[i].kernel_made)
				continue;
			ret = fault_del_id(ad, l->rules[i].id);
			if (ret < 0) {
				ub_err("%s: FAULT_DEL %.40s (%s): %s", dev, l->rules[i].name,
				       ub_admin_path(ad), strerror(-ret));
				goto out;
			}
			if (verbose)
				printf("%s: rule %.40s (id %u) deleted\n", dev, l->rules[i].name,
				       l->rules[i].id);
			done++;
		}
		/* The list holds at most 16: ask again while it gave us work. */
	} while (done && l->total > l->nr_rules);
	ret = 0;
out:
	free(l);
	return ret;
}

/* Open the control device of configfs device DEV, waiting for udev's node. */
static int open_ctl(const char *dev, struct ub_admin *ad)
{
	unsigned int index, i;
	char name[64];
	int r = ub_resolve(dev, name, sizeof(name), &index);

	for (i = 0; !r && i < 100; i++) {
		r = ub_admin_open(ad, index, ub_opt.force_ioctl);
		if (r != -ENOENT)
			break;
		usleep(50000);
	}
	return r;
}

int ub_fault_del_admin(const char *dev, const char *rule)
{
	struct uringblk_fault_list *l = malloc(sizeof(*l));
	struct ub_admin ad;
	unsigned int i;
	int ret;

	if (!l)
		return -ENOMEM;
	ret = open_ctl(dev, &ad);
	if (ret) {
		free(l);
		return ret;
	}
	ret = fault_list(&ad, l);
	for (i = 0; !ret && i < l->nr_rules; i++) {
		if (strncmp(l->rules[i].name, rule, sizeof(l->rules[i].name)))
			continue;
		ret = l->rules[i].kernel_made ? fault_del_id(&ad, l->rules[i].id) : -EBUSY;
		break;
	}
	if (!ret && i == l->nr_rules)
		ret = -ENOENT;
	ub_admin_close(&ad);
	free(l);
	return ret < 0 ? ret : 0;
}

int ub_fault_clear(const char *dev, bool power_on_ok, bool verbose)
{
	unsigned int pinned, pass, i, nr;
	struct ub_admin ad;
	bool powered, powered_by_us = false;
	char buf[64], **names;
	int ret = 0, r;

	if (ub_cfs_read(dev, "power", buf, sizeof(buf)))
		buf[0] = '0';
	powered = buf[0] == '1';
	for (pass = 0; pass < 3; pass++) {
		/* Admin-made rules first, while the admin plane is there. */
		if (powered) {
			r = open_ctl(dev, &ad);
			if (!r) {
				r = del_admin_made(&ad, dev, verbose);
				ub_admin_close(&ad);
			}
			if (r && r != -ENODEV && r != -ENOTTY && r != -EOPNOTSUPP) {
				ub_err("%s: deleting admin-made rules: %s", dev, strerror(-r));
				ret = r;
				break;
			}
		}
		r = ub_cfs_rule_names(dev, &names, &nr);
		if (r) {
			if (r != -ENOENT)	/* ENOENT: a driver without faults */
				ret = r;
			break;
		}
		pinned = 0;
		for (i = 0; i < nr; i++) {
			r = cfs_rule_remove(dev, names[i]);
			if (r == -EPERM) {
				pinned++;	/* admin-made: only FAULT_DEL removes it */
			} else if (r && r != -ENOENT) {
				ub_err("%s: rmdir faults/%s: %s", dev, names[i], strerror(-r));
				ret = r;
			} else if (!r && verbose) {
				printf("%s: rule %s removed\n", dev, names[i]);
			}
		}
		ub_cfs_names_free(names, nr);
		if (!pinned || ret)
			break;
		if (powered)
			continue;	/* beyond the 16 FAULT_LIST showed: again */
		if (!power_on_ok) {
			ub_err("%s: %u admin-made rule(s) left (power on to delete them): %s",
			       dev, pinned, strerror(EBUSY));
			ret = -EBUSY;
			break;
		}
		/* Off with admin-made rules: power on, FAULT_DEL them, power off. */
		ub_note("%s: powering on to delete %u admin-made fault rule(s)", dev, pinned);
		r = ub_cfs_write(dev, "power", "1");
		if (r) {
			ub_err("%s: power: write '1': %s%s", dev, strerror(-r), ub_cfs_why(dev));
			ret = r;
			break;
		}
		powered = powered_by_us = true;
	}
	if (!ret && pass == 3) {
		ub_err("%s: admin-made rules left: %s", dev, strerror(EBUSY));
		ret = -EBUSY;
	}
	if (powered_by_us)
		ub_cfs_write(dev, "power", "0");
	return ret;
}

static int fault_add(int argc, char **argv)
{
	struct uringblk_fault_rule r = {
		.size = sizeof(r),
		.version = URINGBLK_FAULT_RULE_VERSION,
		.probability_ppm = URINGBLK_FAULT_PPM_MAX,
		.lba_start = 0,
		.lba_end = UB_LBA_END,
		.enable = 1,
	};
	struct ub_fault_rule spec;
	bool have_type = false;
	struct ub_admin ad;
	char name[64];
	int i, ret;

	if (argc < 2) {
		ub_err("usage: uringblkctl fault add DEV type=TYPE [ops=OPS] [lba=START-END] "
		       "[prob=PPM] [delay=USEC] [count=N] [torn=SECTORS] [after=N]");
		return UB_EXIT_USAGE;
	}
	ub_fault_rule_init(&spec);
	for (i = 2; i < argc; i++) {
		char *eq = strchr(argv[i], '='), key[32];
		const char *err;
		bool unknown;

		if (!eq || eq == argv[i] || (size_t)(eq - argv[i]) >= sizeof(key)) {
			ub_err("fault add: '%s' is not key=value", argv[i]);
			return UB_EXIT_USAGE;
		}
		snprintf(key, sizeof(key), "%.*s", (int)(eq - argv[i]), argv[i]);
		err = ub_fault_set(&spec, key, eq + 1, &unknown);
		if (unknown) {
			const char *near = ub_fault_key_suggest(key);

			if (near)
				ub_err("fault add: unknown key '%s', did you mean '%s'?",
				       key, near);
			else
				ub_err("fault add: unknown key '%s' (" UB_FAULT_KEYS ")", key);
			return UB_EXIT_USAGE;
		}
		if (err) {
			ub_err("fault add: bad value for %s: '%s' (%s)", key, eq + 1, err);
			return UB_EXIT_USAGE;
		}
		have_type |= !strcmp(key, "type");
	}
	if (!have_type) {
		ub_err("fault add: type= is required (io_error, medium_error, nospc, timeout, "
		       "delay, torn_write, corrupt_read, drop_write, powerfail)");
		return UB_EXIT_USAGE;
	}
	r.type = spec.type;
	r.ops = spec.ops;
	r.lba_start = spec.lba_start;
	r.lba_end = spec.lba_end;
	r.probability_ppm = spec.prob;
	r.delay_us = spec.delay_us;
	r.torn_sectors = spec.torn_sectors;
	r.count = spec.count;
	r.after = spec.after;
	if (ub_open_dev(argv[1], name, sizeof(name), &ad))
		return UB_EXIT_FAIL;
	ret = ub_admin_cmd(&ad, URINGBLK_UCMD_FAULT_ADD, &r, sizeof(r));
	if (ret < 0) {
		ub_err("%s: FAULT_ADD (%s): %s", name, ub_admin_path(&ad), strerror(-ret));
		ub_admin_close(&ad);
		return UB_EXIT_FAIL;
	}
	ub_admin_close(&ad);
	if (ub_opt.json) {
		struct json_object *o = ub_jobj(NULL, NULL);
		char rname[41];

		snprintf(rname, sizeof(rname), "%.40s", r.name);
		ub_js(o, "name", name);
		ub_js(o, "rule", rname);
		ub_ju(o, "id", r.id);
		ub_json_print(o);
	} else {
		printf("%.40s id %u\n", r.name, r.id);
	}
	return UB_EXIT_OK;
}

/* The operations of a rule: ["any"], or their names. */
static void ops_json(struct json_object *o, uint32_t ops)
{
	struct json_object *arr = ub_jarr(o, "ops");
	unsigned int i;

	if (!ops || ops == UB_FAULT_OPS_ALL) {
		ub_jstr(arr, "any");
		return;
	}
	for (i = 0; i < URINGBLK_NR_OPS; i++)
		if (ops & (1u << i))
			ub_jstr(arr, ub_op_names[i]);
}

static void rule_json(struct json_object *arr, const struct uringblk_fault_rule *r,
		      const char *rname)
{
	struct json_object *o = ub_jobj(arr, NULL);

	ub_js(o, "name", rname);
	ub_ju(o, "id", r->id);
	ub_js(o, "type", type_name(r->type));
	ops_json(o, r->ops);
	ub_ju(o, "lba_start", r->lba_start);
	ub_ju(o, "lba_end", r->lba_end);
	ub_ju(o, "probability_ppm", r->probability_ppm);
	ub_ju(o, "delay_us", r->delay_us);
	ub_ju(o, "torn_sectors", r->torn_sectors);
	ub_ju(o, "count", r->count);
	ub_ju(o, "after", r->after);
	ub_jb(o, "enable", r->enable);
	ub_ju(o, "hits", r->hits);
	ub_js(o, "made_by", r->kernel_made ? "admin" : "mkdir");
}

static void rule_row(struct ub_table *t, const struct uringblk_fault_rule *r,
		     const char *rname)
{
	struct libscols_line *ln = ub_table_row(t);
	char ops[96], lba[64];

	ub_fault_ops_text(r->ops, ops, sizeof(ops));
	ub_fault_lba_text(r->lba_start, r->lba_end, lba, sizeof(lba));
	ub_cell(t, ln, C_NAME, "%s", rname);
	ub_cell(t, ln, C_ID, "%u", r->id);
	ub_cell(t, ln, C_TYPE, "%s", type_name(r->type));
	ub_cell(t, ln, C_OPS, "%s", ops);
	ub_cell(t, ln, C_LBA, "%s", lba);
	ub_cell(t, ln, C_PROB, "%u", r->probability_ppm);
	ub_cell(t, ln, C_DELAY, "%u", r->delay_us);
	ub_cell(t, ln, C_COUNT, "%llu", (unsigned long long)r->count);
	ub_cell(t, ln, C_ON, "%s", r->enable ? "yes" : "no");
	ub_cell(t, ln, C_HITS, "%llu", (unsigned long long)r->hits);
	ub_cell(t, ln, C_MADE, "%s", r->kernel_made ? "admin" : "mkdir");
	ub_cell(t, ln, C_TORN, "%u", r->torn_sectors);
	ub_cell(t, ln, C_AFTER, "%llu", (unsigned long long)r->after);
}

static int fault_list_cmd(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "raw", no_argument, NULL, 'r' },
		{ 0 }
	};
	struct ub_table_opts to = { 0 };
	struct uringblk_fault_list *l;
	struct json_object *top = NULL, *arr = NULL;
	struct ub_table *t = NULL;
	struct ub_admin ad;
	char name[64], rname[41];
	unsigned int i;
	int c, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:nr", lopts, NULL)) != -1)
		if (!ub_table_opt(&to, c, optarg))
			return UB_EXIT_USAGE;
	if (optind != argc - 1) {
		ub_err("usage: uringblkctl fault list DEV [-o COLS] [-n] [-r]");
		return UB_EXIT_USAGE;
	}
	if (!ub_opt.json) {
		t = ub_table_new(ub_fault_cols, ub_fault_nr_cols, &to, "fault list");
		if (!t)
			return UB_EXIT_USAGE;
	}
	if (ub_open_dev(argv[optind], name, sizeof(name), &ad)) {
		ub_table_free(t);
		return UB_EXIT_FAIL;
	}
	l = malloc(sizeof(*l));
	ret = l ? fault_list(&ad, l) : -ENOMEM;
	if (ret) {
		ub_err("%s: FAULT_LIST (%s): %s", name, ub_admin_path(&ad), strerror(-ret));
		ub_admin_close(&ad);
		ub_table_free(t);
		free(l);
		return UB_EXIT_FAIL;
	}
	ub_admin_close(&ad);
	if (ub_opt.json) {
		top = ub_jobj(NULL, NULL);
		ub_js(top, "name", name);
		ub_ju(top, "total", l->total);
		arr = ub_jarr(top, "rules");
	}
	for (i = 0; i < l->nr_rules; i++) {
		snprintf(rname, sizeof(rname), "%.40s", l->rules[i].name);
		if (top)
			rule_json(arr, &l->rules[i], rname);
		else
			rule_row(t, &l->rules[i], rname);
	}
	if (top) {
		ub_json_print(top);
	} else {
		ub_table_print(t);
		if (l->total > l->nr_rules)
			ub_note("%u more rules not shown: the admin plane lists %u",
				l->total - l->nr_rules, URINGBLK_FAULT_LIST_MAX);
	}
	free(l);
	return UB_EXIT_OK;
}

/* What fault del did: "deleted" (FAULT_DEL, id >= 0) or "removed" (rmdir). */
static int del_done(const char *name, const char *rname, int64_t id, const char *how)
{
	struct json_object *o;

	if (!ub_opt.json) {
		if (id >= 0)
			printf("%s: rule %s (id %u) %s\n", name, rname, (unsigned int)id, how);
		else
			printf("%s: rule %s %s\n", name, rname, how);
		return UB_EXIT_OK;
	}
	o = ub_jobj(NULL, NULL);
	ub_js(o, "name", name);
	ub_js(o, "rule", rname);
	if (id >= 0)
		ub_ju(o, "id", id);
	ub_js(o, "action", how);
	ub_json_print(o);
	return UB_EXIT_OK;
}

static int fault_del(int argc, char **argv)
{
	struct uringblk_fault_list *l = NULL;
	const char *dev = NULL, *rule = NULL;
	bool all = false, by_id = false, found = false, kernel_made = false;
	char name[64], rname[41], dir[128];
	struct ub_admin ad;
	unsigned int index, i;
	uint64_t id = 0;
	int ret;

	for (i = 1; i < (unsigned int)argc; i++) {
		if (!strcmp(argv[i], "--all") || !strcmp(argv[i], "-a"))
			all = true;
		else if (argv[i][0] == '-')
			goto usage;
		else if (!dev)
			dev = argv[i];
		else if (!rule)
			rule = argv[i];
		else
			goto usage;
	}
	if (!dev || all == !!rule)
		goto usage;
	name[0] = 0;
	if (all) {
		ret = ub_resolve(dev, name, sizeof(name), &index);
		if ((ret && ret != -ENODEV) || !name[0]) {
			ub_err("%s: no such uringblk device: %s", dev,
			       strerror(ret == -ENODEV ? ENODEV : -ret));
			return UB_EXIT_FAIL;
		}
		if (ret == -ENODEV)
			ub_note("%s: not powered: only mkdir'd rules can be removed", dev);
		if (ub_fault_clear(name, false, !ub_opt.json))
			return UB_EXIT_FAIL;
		/* Every rule: "rule" is null. */
		return ub_opt.json ? del_done(name, NULL, -1, "removed") : UB_EXIT_OK;
	}
	by_id = !ub_parse_dec(rule, &id);
	if (!by_id && !ub_name_valid(rule)) {
		ub_err("fault del: bad rule name '%s'", rule);
		return UB_EXIT_USAGE;
	}
	ret = ub_resolve(dev, name, sizeof(name), &index);
	if ((ret && ret != -ENODEV) || !name[0]) {
		ub_err("%s: no such uringblk device: %s", dev,
		       strerror(ret == -ENODEV ? ENODEV : -ret));
		return UB_EXIT_FAIL;
	}
	if (ret == -ENODEV) {
		/* Off: no admin plane, but a mkdir'd rule can still go. */
		if (by_id) {
			ub_err("%s: not powered, cannot look up rule id %s: %s", name, rule,
			       strerror(ENODEV));
			return UB_EXIT_FAIL;
		}
		snprintf(rname, sizeof(rname), "%s", rule);
		goto cfs;
	}
	ret = ub_admin_open(&ad, index, ub_opt.force_ioctl);
	if (ret) {
		ub_err("%s: open /dev/" URINGBLK_DISK_PREFIX "%u-ctl: %s", name, index,
		       strerror(-ret));
		return UB_EXIT_FAIL;
	}
	l = malloc(sizeof(*l));
	ret = l ? fault_list(&ad, l) : -ENOMEM;
	if (ret) {
		ub_err("%s: FAULT_LIST (%s): %s", name, ub_admin_path(&ad), strerror(-ret));
		goto fail_close;
	}
	for (i = 0; i < l->nr_rules; i++) {
		const struct uringblk_fault_rule *r = &l->rules[i];

		snprintf(rname, sizeof(rname), "%.40s", r->name);
		if (by_id ? r->id == id : !strcmp(rname, rule)) {
			found = true;
			kernel_made = r->kernel_made;
			id = r->id;
			break;
		}
	}
	if (!found && !by_id) {
		/* Beyond the 16 the list shows: configfs still knows it. */
		snprintf(rname, sizeof(rname), "%s", rule);
		snprintf(dir, sizeof(dir), "%s/faults/%s", name, rule);
		found = ub_cfs_exists(dir);
	}
	if (!found) {
		ub_err("%s: no such fault rule '%s': %s", name, rule, strerror(ENOENT));
		goto fail_close;
	}
	if (kernel_made) {
		ret = fault_del_id(&ad, id);
		if (ret < 0) {
			ub_err("%s: FAULT_DEL %s (%s): %s", name, rname, ub_admin_path(&ad),
			       strerror(-ret));
			goto fail_close;
		}
		ub_admin_close(&ad);
		free(l);
		return del_done(name, rname, id, "deleted");
	}
	ub_admin_close(&ad);
	free(l);
cfs:
	ret = cfs_rule_remove(name, rname);
	if (ret) {
		ub_err("%s: rmdir faults/%s: %s%s", name, rname, strerror(-ret),
		       ret == -EPERM ? " (admin-made: power on to delete it)" : "");
		return UB_EXIT_FAIL;
	}
	return del_done(name, rname, -1, "removed");
fail_close:
	ub_admin_close(&ad);
	free(l);
	return UB_EXIT_FAIL;
usage:
	ub_err("usage: uringblkctl fault del DEV RULE|--all");
	return UB_EXIT_USAGE;
}

int cmd_fault(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "add"))
		return fault_add(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "list"))
		return fault_list_cmd(argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "del") || !strcmp(argv[1], "delete")))
		return fault_del(argc - 1, argv + 1);
	ub_err("usage: uringblkctl fault add|list|del DEV ...");
	return UB_EXIT_USAGE;
}
