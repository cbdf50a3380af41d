// SPDX-License-Identifier: GPL-2.0
/*
 * create: one device from the command line, as a one-device profile that
 * ub_apply_profile() (cmd_apply.c) plans and applies.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "uringblkctl.h"

/*
 * --file PATH: the short form of backend=file path=PATH capacity=0 (the
 * file's size).  A relative PATH is taken from the current directory, as
 * the driver takes absolute paths only.  Returns an error message or NULL.
 */
static const char *create_file_opt(struct ub_dev_spec *d, const char *path)
{
	static char buf[UB_PATH_LEN_MAX + 1];
	char cwd[UB_PATH_LEN_MAX + 1];
	const char *err;
	uint64_t v;

	if (!*path)
		return "--file needs a path";
	if (*path == '/') {
		snprintf(buf, sizeof(buf), "%s", path);
	} else {
		if (!getcwd(cwd, sizeof(cwd)))
			return "--file: cannot resolve a relative path";
		if ((size_t)snprintf(buf, sizeof(buf), "%s/%s", cwd, path) >= sizeof(buf))
			return "--file: path too long";
	}
	err = ub_val_from_arg(UB_A_path, buf, &v);
	if (err)
		return err;
	d->v[UB_A_path].num = v;
	d->v[UB_A_path].set = true;
	if (ub_val_from_text(UB_A_backend, "file", &v))
		return "the tool knows no file backend";
	d->v[UB_A_backend].num = v;
	d->v[UB_A_backend].set = true;
	return NULL;
}

int cmd_create(int argc, char **argv)
{
	struct ub_apply_opts o = { 0 };
	struct ub_msgs m = { 0 };
	struct ub_profile p = { .file = "create" };
	struct ub_driver drv;
	struct ub_dev_spec *d;
	const char *file = NULL;
	bool keyed[UB_NR_ATTRS] = { false };
	int i = 1, ret;

	if (argc > 1 && !strcmp(argv[1], "--dry-run")) {
		o.dry_run = true;
		i++;
	}
	if (i >= argc || strchr(argv[i], '=') || !strncmp(argv[i], "--file", 6)) {
		ub_err("usage: uringblkctl create [--dry-run] NAME [--file PATH] [key=value...]");
		return UB_EXIT_USAGE;
	}
	if (!ub_name_valid(argv[i])) {
		ub_err("create: bad device name '%s' (1-%d characters of A-Z a-z 0-9 . _ -)",
		       argv[i], URINGBLK_NAME_MAX);
		return UB_EXIT_USAGE;
	}
	if (ub_need_driver(&drv))
		return UB_EXIT_FAIL;
	d = ub_profile_add_dev(&p, argv[i]);
	for (i++; i < argc; i++) {
		char *eq = strchr(argv[i], '='), key[64];
		const char *err;
		int a;

		if (!strcmp(argv[i], "--file") || !strncmp(argv[i], "--file=", 7)) {
			if (file || (!argv[i][6] && i + 1 >= argc)) {
				ub_err("create: %s", file ? "--file given twice" : "--file needs a path");
				ret = UB_EXIT_USAGE;
				goto out;
			}
			file = argv[i][6] ? argv[i] + 7 : argv[++i];
			continue;
		}
		if (!eq || eq == argv[i] || (size_t)(eq - argv[i]) >= sizeof(key)) {
			ub_err("create: '%s' is not key=value", argv[i]);
			ret = UB_EXIT_USAGE;
			goto out;
		}
		snprintf(key, sizeof(key), "%.*s", (int)(eq - argv[i]), argv[i]);
		a = ub_attr_lookup(key);
		if (a < 0 || !drv.features[a]) {
			ub_err("create: unknown key '%s'%s", key, ub_did_you_mean(key, &drv));
			ret = UB_EXIT_USAGE;
			goto out;
		}
		err = ub_val_from_arg(a, eq + 1, &d->v[a].num);
		if (err) {
			ub_err("create: %s: %s: %s", d->name, key, err);
			ret = UB_EXIT_USAGE;
			goto out;
		}
		d->v[a].set = true;
		keyed[a] = true;
	}
	if (file) {
		const char *err;

		if (keyed[UB_A_backend] || keyed[UB_A_path]) {
			ub_err("create: --file sets backend and path; give neither as key=value");
			ret = UB_EXIT_USAGE;
			goto out;
		}
		if (!drv.features[UB_A_path]) {
			ub_err("create: --file: the loaded driver has no file backend");
			ret = UB_EXIT_FAIL;
			goto out;
		}
		err = create_file_opt(d, file);
		if (err) {
			ub_err("create: %s: %s", d->name, err);
			ret = UB_EXIT_USAGE;
			goto out;
		}
		/* Unless given: the size of the file, resolved at power on. */
		if (!keyed[UB_A_capacity]) {
			d->v[UB_A_capacity].num = 0;
			d->v[UB_A_capacity].set = true;
		}
	}
	if (ub_profile_validate(&p, &m)) {
		ub_msgs_print(&m, stderr);
		ret = UB_EXIT_USAGE;
		goto out;
	}
	if (ub_cfs_exists(d->name)) {
		ub_err("%s: %s", d->name, strerror(EEXIST));
		ret = UB_EXIT_FAIL;
		goto out;
	}
	ret = ub_apply_profile(&p, &drv, &o);
out:
	ub_msgs_free(&m);
	ub_profile_free(&p);
	return ret;
}
