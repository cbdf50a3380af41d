// SPDX-License-Identifier: GPL-2.0
/*
 * set NAME key=value...: change attributes of an existing device, as apply
 * would.  The device's current values with the given ones on top make a
 * one-device profile, checked by the profile validator and planned and
 * written by ub_apply_profile() (journal and undo included), so set
 * accepts exactly what apply accepts.  Every key and value is checked, and
 * a non-live change of a powered device refused, before anything is
 * written: a refused set changes nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uringblkctl.h"

const char *ub_did_you_mean(const char *key, const struct ub_driver *drv)
{
	static char buf[96];
	const char *near = ub_attr_suggest(key, drv ? drv->features : NULL);

	if (!near)
		return "";
	snprintf(buf, sizeof(buf), ", did you mean '%s'?", near);
	return buf;
}

/* The keys given: their values into d, noted in given[]; 0 or UB_EXIT_USAGE. */
static int parse_keys(int argc, char **argv, const struct ub_driver *drv,
		      struct ub_dev_spec *d, bool given[UB_NR_ATTRS])
{
	char key[64];
	const char *err, *eq;
	int i, a;

	for (i = 2; i < argc; i++) {
		eq = strchr(argv[i], '=');
		if (!eq || eq == argv[i] || (size_t)(eq - argv[i]) >= sizeof(key)) {
			ub_err("set: '%s' is not key=value", argv[i]);
			return UB_EXIT_USAGE;
		}
		snprintf(key, sizeof(key), "%.*s", (int)(eq - argv[i]), argv[i]);
		a = ub_attr_lookup(key);
		if (a < 0 || !drv->features[a]) {
			ub_err("set: %s: unknown key '%s'%s", d->name, key,
			       ub_did_you_mean(key, drv));
			return UB_EXIT_USAGE;
		}
		if (given[a]) {
			ub_err("set: %s: %s given twice", d->name, key);
			return UB_EXIT_USAGE;
		}
		err = ub_val_from_arg(a, eq + 1, &d->v[a].num);
		if (err) {
			ub_err("set: %s: %s: %s", d->name, key, err);
			return UB_EXIT_USAGE;
		}
		d->v[a].set = true;
		d->v[a].line = 0;
		given[a] = true;
	}
	return 0;
}

/*
 * A powered device that stays powered takes live attributes only; say
 * which given key is not one.  0 or UB_EXIT_FAIL.
 */
static int check_live(const struct ub_dev_spec *d, const struct ub_val *cur,
		      const bool given[UB_NR_ATTRS], const struct ub_driver *drv)
{
	char a[64], b[64];
	int i, ret = 0;

	if (!cur[UB_A_power].num || !d->v[UB_A_power].num)
		return 0;
	for (i = 0; i < UB_NR_ATTRS; i++) {
		if (!given[i] || drv->live[i] || i == UB_A_power ||
		    (cur[i].set && cur[i].num == d->v[i].num))
			continue;
		ub_val_format_human(i, cur[i].num, a, sizeof(a));
		ub_val_format_human(i, d->v[i].num, b, sizeof(b));
		ub_err("set: %s: %s: %s -> %s cannot change while powered: %s (%s)",
		       d->name, ub_attrs[i].name, a, b, strerror(EBUSY),
		       "add power=0, or power the device off first");
		ret = UB_EXIT_FAIL;
	}
	return ret;
}

int cmd_set(int argc, char **argv)
{
	struct ub_profile p = { .file = "set" };
	struct ub_apply_opts o = { 0 };
	struct ub_val cur[UB_NR_ATTRS];
	bool given[UB_NR_ATTRS] = { false };
	struct ub_msgs m = { 0 };
	struct ub_driver drv;
	struct ub_dev_spec *d;
	const char *bad = "";
	int ret, i;

	if (argc < 3 || argv[1][0] == '-') {
		ub_err("usage: uringblkctl set NAME key=value...");
		return UB_EXIT_USAGE;
	}
	if (!ub_name_valid(argv[1])) {
		ub_err("set: bad device name '%s'", argv[1]);
		return UB_EXIT_USAGE;
	}
	if (ub_need_driver(&drv))
		return UB_EXIT_FAIL;
	if (!ub_cfs_exists(argv[1])) {
		ub_err("set: %s: no such device: %s", argv[1], strerror(ENOENT));
		return UB_EXIT_FAIL;
	}
	ret = ub_cfs_read_dev(argv[1], &drv, cur, &bad);
	if (ret) {
		ub_err("set: %s: %s: read: %s", argv[1], bad, strerror(-ret));
		return UB_EXIT_FAIL;
	}
	d = ub_profile_add_dev(&p, argv[1]);
	/* What it is now, so only the given keys differ from the plan's view. */
	for (i = 0; i < UB_NR_ATTRS; i++)
		d->v[i] = cur[i];
	ret = parse_keys(argc, argv, &drv, d, given);
	if (ret)
		goto out;
	if (ub_profile_validate(&p, &m)) {
		ub_msgs_print(&m, stderr);
		ub_err("set: %s: nothing was changed", d->name);
		ret = UB_EXIT_USAGE;
		goto out;
	}
	ret = check_live(d, cur, given, &drv);
	if (ret) {
		ub_err("set: %s: nothing was changed", d->name);
		goto out;
	}
	ret = ub_apply_profile(&p, &drv, &o);
out:
	ub_msgs_free(&m);
	ub_profile_free(&p);
	return ret;
}
