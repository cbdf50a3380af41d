// SPDX-License-Identifier: GPL-2.0
/*
 * save: the running devices as a profile that apply turns back into the
 * same devices.  -o replaces the file atomically, so a crash or a full disk
 * leaves either the old profile or the new one, never half of either.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "out.h"
#include "uringblkctl.h"

static int save_atomic(const char *path, const struct ub_profile *p, const char *comment)
{
	char *tmp = NULL, *dcopy = strdup(path);
	FILE *f;
	int fd, dfd, err = 0;

	if (asprintf(&tmp, "%s.tmpXXXXXX", path) < 0 || !dcopy)
		abort();
	fd = mkstemp(tmp);
	if (fd < 0) {
		err = errno;
		ub_err("%s: create temporary file: %s", tmp, strerror(err));
		goto out;
	}
	fchmod(fd, 0644);
	f = fdopen(fd, "w");
	ub_profile_write(f, p, comment);
	if (fflush(f) || ferror(f) || fsync(fd))
		err = errno ? errno : EIO;
	if (fclose(f) && !err)
		err = errno;
	if (!err && rename(tmp, path))
		err = errno;
	if (err) {
		ub_err("%s: write: %s", path, strerror(err));
		unlink(tmp);
		goto out;
	}
	/* The rename itself is durable only once the directory is synced. */
	dfd = open(dirname(dcopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
out:
	free(tmp);
	free(dcopy);
	return err ? -err : 0;
}

/*
 * The model's spec, as `latency_model` shows it before ": p50="; none (or
 * a driver without models) leaves the key out.
 */
static void save_latency_model(struct ub_dev_spec *d)
{
	char buf[256], *end;

	if (ub_cfs_read(d->name, "latency_model", buf, sizeof(buf)) || !strcmp(buf, "none"))
		return;
	end = strstr(buf, ": p50=");
	if (!end || end - buf >= (long)sizeof(d->latency_model))
		return;
	*end = 0;
	memcpy(d->latency_model, buf, end - buf + 1);
}

/*
 * The device's fault rules, made by mkdir or over io_uring alike (apply
 * makes both kinds again with mkdir, under the same name), in evaluation
 * order.  A device without rules gets no `faults` key, so its profile
 * still reads in a uringblkctl that predates them; hits are not saved.
 */
static int save_faults(struct ub_dev_spec *d)
{
	uint64_t last = UB_LBA_END, cap = d->v[UB_A_capacity].num;
	uint64_t lbs = d->v[UB_A_logical_block_size].num;
	char bad[160];
	unsigned int i;
	int r;

	r = ub_cfs_read_faults(d->name, &d->faults, &d->nr_faults, bad, sizeof(bad));
	if (r == -ENOENT)
		return 0;	/* a driver without fault injection */
	if (r) {
		ub_err("%s: %s: read: %s", d->name, bad, strerror(-r));
		return r;
	}
	d->faults_set = d->nr_faults;
	if (d->v[UB_A_capacity].set && d->v[UB_A_logical_block_size].set && lbs && cap >= lbs)
		last = cap / lbs - 1;
	/* configfs shows "to the end" as the last block: say "-end" again. */
	for (i = 0; i < d->nr_faults; i++)
		if (d->faults[i].lba_end == last)
			d->faults[i].lba_end = UB_LBA_END;
	return 0;
}

/*
 * --json: the devices saved, the file written (null: none), and without
 * -o the profile's text, which is what save prints otherwise.
 */
static void save_json(const struct ub_profile *p, const char *out, const char *comment)
{
	struct json_object *top = ub_jobj(NULL, NULL), *arr;
	char *text = NULL;
	size_t len = 0;
	unsigned int i;
	FILE *f;

	arr = ub_jarr(top, "devices");
	for (i = 0; i < p->nr_devs; i++)
		ub_js(ub_jobj(arr, NULL), "name", p->devs[i].name);
	ub_js(top, "file", out);
	if (!out) {
		f = open_memstream(&text, &len);
		if (!f)
			abort();
		ub_profile_write(f, p, comment);
		fclose(f);
	}
	ub_js(top, "profile", text);
	free(text);
	ub_json_print(top);
}

int cmd_save(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "output", required_argument, NULL, 'o' },
		{ 0 }
	};
	struct ub_profile p = { .file = "save" };
	const char *out = NULL, *bad = NULL;
	char **names = NULL, comment[128];
	unsigned int nr = 0, i;
	struct ub_driver drv;
	bool all = false;
	int c, r, ret = UB_EXIT_OK;

	while ((c = getopt_long(argc, argv, "ao:", lopts, NULL)) != -1) {
		switch (c) {
		case 'a': all = true; break;
		case 'o': out = optarg; break;
		default: return UB_EXIT_USAGE;
		}
	}
	if (all && optind < argc) {
		ub_err("save: give --all or names, not both");
		return UB_EXIT_USAGE;
	}
	if (ub_need_driver(&drv))
		return UB_EXIT_FAIL;
	r = ub_cfs_names_or_all(argc, argv, optind, &names, &nr);
	if (r)
		return r;
	snprintf(p.driver_version, sizeof(p.driver_version), "%s", drv.version);
	for (i = 0; i < nr; i++) {
		struct ub_dev_spec *d;

		if (!ub_name_valid(names[i]) || !ub_cfs_exists(names[i])) {
			ub_err("%s: no such device: %s", names[i], strerror(ENOENT));
			ret = UB_EXIT_FAIL;
			goto done;
		}
		d = ub_profile_add_dev(&p, names[i]);
		r = ub_cfs_read_dev(names[i], &drv, d->v, &bad);
		if (r) {
			ub_err("%s: %s: read: %s", names[i], bad, strerror(-r));
			ret = UB_EXIT_FAIL;
			goto done;
		}
		if (save_faults(d)) {
			ret = UB_EXIT_FAIL;
			goto done;
		}
		save_latency_model(d);
	}
	snprintf(comment, sizeof(comment), "uringblk profile saved by uringblkctl %s from driver %s",
		 UB_TOOL_VERSION, drv.version);
	if (out)
		ret = save_atomic(out, &p, comment) ? UB_EXIT_FAIL : UB_EXIT_OK;
	else if (!ub_opt.json)
		ub_profile_write(stdout, &p, comment);
	if (ub_opt.json && !ret)
		save_json(&p, out, comment);
done:
	ub_cfs_names_free(names, nr);
	ub_profile_free(&p);
	return ret;
}
