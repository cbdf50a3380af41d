// SPDX-License-Identifier: GPL-2.0
/*
 * destroy: power off and rmdir.  Every named device is checked before any
 * is touched, so a mounted one stops the whole command, not half of it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "uringblkctl.h"

static int check_mounted(const char *dev, bool force)
{
	char disk[64], where[1024];
	uint64_t index;
	int ret;

	if (ub_cfs_read(dev, "disk", disk, sizeof(disk)) || !disk[0])
		return 0;
	if (ub_parse_dec(disk + strlen(URINGBLK_DISK_PREFIX), &index))
		return 0;
	ret = ub_disk_mounted(index, where, sizeof(where));
	if (ret <= 0)
		return 0;
	if (force) {
		ub_note("%s: /dev/%s is mounted on %s, destroying it anyway (--force)",
			dev, disk, where);
		return 0;
	}
	ub_err("%s: /dev/%s is mounted on %s: %s (--force to destroy it anyway)",
	       dev, disk, where, strerror(EBUSY));
	return -EBUSY;
}

/* One device done: a line, or a member of the JSON array devs. */
static void done(struct json_object *devs, const char *name, const char *what)
{
	struct json_object *o;

	if (!devs) {
		if (!strcmp(what, "destroyed"))
			printf("%s: destroyed\n", name);
		return;
	}
	o = ub_jobj(devs, NULL);
	ub_js(o, "name", name);
	ub_js(o, "result", what);
}

int cmd_destroy(int argc, char **argv)
{
	bool force = false, all = false;
	char **names = NULL;
	unsigned int nr = 0, i;
	int ret = UB_EXIT_OK, r;
	struct json_object *top = NULL, *devs = NULL;
	struct ub_driver drv;

	for (i = 1; i < (unsigned int)argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--force") || !strcmp(argv[i], "-f")) {
			force = true;
		} else if (!strcmp(argv[i], "--all") || !strcmp(argv[i], "-a")) {
			all = true;
		} else {
			ub_err("destroy: unknown option '%s'", argv[i]);
			return UB_EXIT_USAGE;
		}
	}
	if (all == (i < (unsigned int)argc)) {
		ub_err("usage: uringblkctl destroy [--force] NAME...|--all");
		return UB_EXIT_USAGE;
	}
	if (ub_need_driver(&drv))
		return UB_EXIT_FAIL;
	r = ub_cfs_names_or_all(argc, argv, all ? argc : (int)i, &names, &nr);
	if (r)
		return r;
	for (i = 0; i < nr; i++) {
		if (!ub_name_valid(names[i]) || !ub_cfs_exists(names[i])) {
			ub_err("%s: no such device: %s", names[i], strerror(ENOENT));
			ret = UB_EXIT_FAIL;
		} else if (check_mounted(names[i], force)) {
			ret = UB_EXIT_FAIL;
		}
	}
	if (ret) {
		ub_err("nothing was destroyed");
		goto out;
	}
	if (ub_opt.json) {
		top = ub_jobj(NULL, NULL);
		devs = ub_jarr(top, "devices");
	}
	for (i = 0; i < nr; i++) {
		/*
		 * Rules first: rule directories make the rmdir ENOTEMPTY and
		 * admin-made rules pin the device (EBUSY); those go by
		 * FAULT_DEL, which needs the disk powered.
		 */
		r = ub_fault_clear(names[i], true, false);
		if (r) {
			ub_err("%s: cannot remove its fault rules: %s", names[i], strerror(-r));
			ret = UB_EXIT_FAIL;
			continue;
		}
		r = ub_cfs_write(names[i], "power", "0");
		if (r) {
			ub_err("%s: power: write '0': %s", names[i], strerror(-r));
			ret = UB_EXIT_FAIL;
			continue;
		}
		r = ub_cfs_rmdir(names[i]);
		if (r == -EPERM) {
			/* Made by the module's nr_devices: it goes at rmmod. */
			ub_note("%s: made by the kernel (nr_devices), powered off, not removed",
				names[i]);
			done(devs, names[i], "powered_off");
		} else if (r) {
			ub_err("%s: rmdir: %s", names[i], strerror(-r));
			ret = UB_EXIT_FAIL;
		} else {
			done(devs, names[i], "destroyed");
		}
	}
	if (top)
		ub_json_print(top);
out:
	ub_cfs_names_free(names, nr);
	return ret;
}
