// SPDX-License-Identifier: GPL-2.0
/*
 * configfs and sysfs I/O.  One write(2) per attribute, as the driver
 * parses one buffer per store; reads strip the trailing newline.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfs.h"
#include "uringblkctl.h"

const char *ub_cfs_root(void)
{
	const char *env = getenv("URINGBLKCTL_CONFIGFS");

	return env && *env ? env : "/sys/kernel/config/" URINGBLK_CONFIGFS_NAME;
}

static void path_of(char *buf, size_t len, const char *dev, const char *attr)
{
	if (dev && attr)
		snprintf(buf, len, "%s/%s/%s", ub_cfs_root(), dev, attr);
	else
		snprintf(buf, len, "%s/%s", ub_cfs_root(), dev ? dev : attr);
}

static int read_file(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

int ub_cfs_read(const char *dev, const char *attr, char *buf, size_t len)
{
	char path[512];

	path_of(path, sizeof(path), dev, attr);
	return read_file(path, buf, len);
}

const char *ub_cfs_why(const char *dev)
{
	static char why[256];

	why[0] = ':';
	why[1] = ' ';
	if (ub_cfs_read(dev, "last_error", why + 2, sizeof(why) - 2) || !why[2])
		return "";
	return why;
}

int ub_cfs_write(const char *dev, const char *attr, const char *val)
{
	char path[512];
	ssize_t n;
	int fd;

	path_of(path, sizeof(path), dev, attr);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* configfs takes no empty write: an empty value is its newline. */
	n = write(fd, *val ? val : "\n", *val ? strlen(val) : 1);
	n = n < 0 ? -errno : 0;
	close(fd);
	return n;
}

int ub_cfs_mkdir(const char *dev)
{
	char path[512];

	path_of(path, sizeof(path), dev, NULL);
	return mkdir(path, 0755) ? -errno : 0;
}

int ub_cfs_rmdir(const char *dev)
{
	char path[512];

	path_of(path, sizeof(path), dev, NULL);
	return rmdir(path) ? -errno : 0;
}

bool ub_cfs_exists(const char *dev)
{
	char path[512];
	struct stat st;

	path_of(path, sizeof(path), dev, NULL);
	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

int ub_cfs_driver(struct ub_driver *drv)
{
	char buf[4096];
	int ret;

	memset(drv, 0, sizeof(*drv));
	ret = ub_cfs_read(NULL, "features", buf, sizeof(buf));
	if (ret)
		return ret;
	ub_attr_set_from_list(buf, drv->features);
	ret = ub_cfs_read(NULL, "live_features", buf, sizeof(buf));
	if (ret)
		return ret;
	ub_attr_set_from_list(buf, drv->live);
	return ub_cfs_read(NULL, "version", drv->version, sizeof(drv->version));
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int ub_cfs_names_or_all(int argc, char **argv, int first, char ***names,
			unsigned int *nr)
{
	int r, i;

	*nr = 0;
	if (first >= argc) {
		r = ub_cfs_list(names, nr);
		if (r) {
			ub_err("%s: %s", ub_cfs_root(), strerror(-r));
			return UB_EXIT_FAIL;
		}
		return 0;
	}
	*names = calloc(argc - first, sizeof(**names));
	if (!*names)
		return UB_EXIT_FAIL;
	for (i = first; i < argc; i++)
		(*names)[(*nr)++] = strdup(argv[i]);
	return 0;
}

/*
 * The entries of directory @path that @keep takes, in readdir order
 * (never "." or ".."); 0 or -errno.
 */
static int read_entries(const char *path, bool (*keep)(const struct dirent *e),
			char ***names, unsigned int *nr)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char **v = NULL;
	unsigned int n = 0;

	*names = NULL;
	*nr = 0;
	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		char **grown;

		if (e->d_name[0] == '.' || !keep(e))
			continue;
		grown = realloc(v, (n + 1) * sizeof(*v));
		if (!grown)
			abort();
		v = grown;
		v[n++] = strdup(e->d_name);
	}
	closedir(d);
	*names = v;
	*nr = n;
	return 0;
}

static bool is_device(const struct dirent *e)
{
	return ub_cfs_exists(e->d_name);
}

static bool is_dir(const struct dirent *e)
{
	return e->d_type == DT_DIR || e->d_type == DT_UNKNOWN;
}

int ub_cfs_list(char ***names, unsigned int *nr)
{
	int r = read_entries(ub_cfs_root(), is_device, names, nr);

	if (!r && *nr)
		qsort(*names, *nr, sizeof(**names), cmp_names);
	return r;
}

void ub_cfs_names_free(char **names, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		free(names[i]);
	free(names);
}

int ub_cfs_read_dev(const char *dev, const struct ub_driver *drv,
		    struct ub_val cur[UB_NR_ATTRS], const char **bad_attr)
{
	char buf[UB_VAL_TEXT_MAX];
	int a, ret;

	memset(cur, 0, sizeof(*cur) * UB_NR_ATTRS);
	for (a = 0; a < UB_NR_ATTRS; a++) {
		if (!drv->features[a])
			continue;
		ret = ub_cfs_read(dev, ub_attrs[a].name, buf, sizeof(buf));
		if (!ret && ub_val_from_text(a, buf, &cur[a].num))
			ret = -EINVAL;	/* the driver printed something odd */
		if (ret) {
			*bad_attr = ub_attrs[a].name;
			return ret;
		}
		cur[a].set = true;
	}
	return 0;
}

/* Rule directory name with its id, for sorting into evaluation order. */
struct rule_id {
	unsigned long long id;
	char *name;
};

static int cmp_rule_ids(const void *a, const void *b)
{
	const struct rule_id *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

int ub_cfs_rule_names(const char *dev, char ***names, unsigned int *nr)
{
	struct rule_id *ids;
	char path[512], buf[32];
	unsigned int i;
	int r;

	snprintf(path, sizeof(path), "%s/%s/faults", ub_cfs_root(), dev);
	r = read_entries(path, is_dir, names, nr);
	if (r || !*nr)
		return r;
	/*
	 * Evaluation order is creation order, which readdir does not give
	 * (kernels differ): sort by the rule's id, which grows with creation.
	 */
	ids = calloc(*nr, sizeof(*ids));
	if (!ids)
		abort();
	for (i = 0; i < *nr; i++) {
		snprintf(path, sizeof(path), "%s/faults/%s", dev, (*names)[i]);
		ids[i].name = (*names)[i];
		ids[i].id = ub_cfs_read(path, "id", buf, sizeof(buf)) ? ~0ULL :
			    strtoull(buf, NULL, 10);
	}
	qsort(ids, *nr, sizeof(*ids), cmp_rule_ids);
	for (i = 0; i < *nr; i++)
		(*names)[i] = ids[i].name;
	free(ids);
	return 0;
}

int ub_cfs_read_rule(const char *dev, const char *name, struct ub_fault_rule *r,
		     const char **bad)
{
	static const char *const nums[] = {
		"lba_start", "lba_end", "probability_ppm", "delay_us",
		"torn_sectors", "count", "enable", "after",
	};
	char dir[256], buf[128];
	uint64_t v[8];
	unsigned int i;
	int ret;

	ub_fault_rule_init(r);
	snprintf(r->name, sizeof(r->name), "%s", name);
	snprintf(dir, sizeof(dir), "%s/faults/%s", dev, name);
	*bad = "type";
	ret = ub_cfs_read(dir, "type", buf, sizeof(buf));
	if (ret)
		return ret;
	if (ub_fault_parse_type(buf, &r->type))
		return -EINVAL;
	*bad = "ops";
	ret = ub_cfs_read(dir, "ops", buf, sizeof(buf));
	if (ret)
		return ret;
	if (ub_fault_parse_ops(buf, &r->ops))
		return -EINVAL;
	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		*bad = nums[i];
		ret = ub_cfs_read(dir, nums[i], buf, sizeof(buf));
		if (ret)
			return ret;
		if (ub_parse_dec(buf, &v[i]))
			return -EINVAL;
	}
	r->lba_start = v[0];
	r->lba_end = v[1];
	r->prob = v[2];
	r->delay_us = v[3];
	r->torn_sectors = v[4];
	r->count = v[5];
	r->enable = v[6];
	r->after = v[7];
	return 0;
}

int ub_cfs_read_faults(const char *dev, struct ub_fault_rule **rules,
		       unsigned int *nr, char *bad, size_t bad_len)
{
	const char *what = NULL;
	unsigned int i, n, got = 0;
	char **names;
	int ret;

	*rules = NULL;
	*nr = 0;
	ret = ub_cfs_rule_names(dev, &names, &n);
	if (ret) {
		snprintf(bad, bad_len, "faults");
		return ret;
	}
	*rules = calloc(n ? n : 1, sizeof(**rules));
	if (!*rules)
		abort();
	for (i = 0; i < n; i++) {
		ret = ub_cfs_read_rule(dev, names[i], &(*rules)[got], &what);
		if (ret == -ENOENT)
			continue;	/* removed meanwhile */
		if (ret) {
			snprintf(bad, bad_len, "faults/%s/%s", names[i], what);
			break;
		}
		got++;
	}
	ub_cfs_names_free(names, n);
	if (ret && ret != -ENOENT) {
		free(*rules);
		*rules = NULL;
		return ret;
	}
	*nr = got;
	return 0;
}

static int name_of_index(unsigned int index, char *name, size_t len)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/block/" URINGBLK_DISK_PREFIX "%u/uringblk/name",
		 index);
	return read_file(path, name, len);
}

int ub_resolve(const char *arg, char *name, size_t name_len, unsigned int *index)
{
	const char *p = arg;
	char buf[64];
	uint64_t v;
	int ret;

	if (!strncmp(p, "/dev/", 5))
		p += 5;
	if (!strncmp(p, URINGBLK_DISK_PREFIX, strlen(URINGBLK_DISK_PREFIX)) &&
	    !ub_parse_dec(p + strlen(URINGBLK_DISK_PREFIX), &v) && v <= URINGBLK_INDEX_MAX) {
		*index = v;
		ret = name_of_index(*index, name, name_len);
		return ret == -ENOENT ? -ENODEV : ret;
	}
	if (p != arg || !ub_name_valid(arg) || !ub_cfs_exists(arg))
		return -ENOENT;
	snprintf(name, name_len, "%s", arg);
	ret = ub_cfs_read(arg, "disk", buf, sizeof(buf));
	if (ret)
		return ret;
	if (!buf[0])
		return -ENODEV;
	if (ub_parse_dec(buf + strlen(URINGBLK_DISK_PREFIX), &v))
		return -EINVAL;
	*index = v;
	return 0;
}

int ub_disk_mounted(unsigned int index, char *where, size_t len)
{
	char path[128], devno[32], line[4096];
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "/sys/block/" URINGBLK_DISK_PREFIX "%u/dev", index);
	ret = read_file(path, devno, sizeof(devno));
	if (ret)
		return ret == -ENOENT ? 0 : ret;
	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return -errno;
	ret = 0;
	/* mountinfo: id parent major:minor root mountpoint ... */
	while (fgets(line, sizeof(line), f)) {
		char mm[32], mnt[1024];

		if (sscanf(line, "%*d %*d %31s %*s %1023s", mm, mnt) != 2)
			continue;
		if (!strcmp(mm, devno)) {
			snprintf(where, len, "%s", mnt);
			ret = 1;
			break;
		}
	}
	fclose(f);
	return ret;
}
