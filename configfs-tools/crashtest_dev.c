// SPDX-License-Identifier: GPL-2.0
/*
 * crashtest's steps on the device: bring it to its start, arm and remove
 * the powerfail rule, set the policy, cycle the power, unmount what the
 * workload left mounted, read the flush count and the record id.  The
 * sweep itself is cmd_crashtest.c's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crashtest.h"
#include "uringblkctl.h"

int ct_wait_node(struct ct *c)
{
	char buf[32];
	uint64_t v;
	int i, ret;

	ret = ub_cfs_read(c->name, "disk", buf, sizeof(buf));
	if (ret)
		return ret;
	if (!buf[0] || ub_parse_dec(buf + strlen(URINGBLK_DISK_PREFIX), &v))
		return -ENODEV;
	c->index = v;
	snprintf(c->disk, sizeof(c->disk), "%s", buf);
	snprintf(c->dev, sizeof(c->dev), "/dev/%s", buf);
	for (i = 0; i < 200; i++) {
		struct stat st;

		if (!stat(c->dev, &st) && S_ISBLK(st.st_mode))
			return 0;
		usleep(25000);
	}
	return -ENODEV;
}

int ct_power(struct ct *c, bool on)
{
	int ret = ub_cfs_write(c->name, "power", on ? "1" : "0");

	if (ret) {
		ub_err("%s: writing %d to its power file: %s%s", c->name, on, strerror(-ret),
		       on ? ub_cfs_why(c->name) : "");
		return ret;
	}
	if (!on)
		return 0;
	ret = ct_wait_node(c);
	if (ret)
		ub_err("%s: no block device after power on: %s", c->name, strerror(-ret));
	return ret;
}

static bool zeros(const char *p, size_t n)
{
	return !n || (!p[0] && !memcmp(p, p + 1, n - 1));
}

/*
 * The known start: the whole device discarded (when the device takes
 * discard: frees the memory) or zeroed, the image written over it, and a
 * flush (fsync) making all of it durable.
 */
int ct_reset_device(struct ct *c)
{
	uint64_t range[2] = { 0, 0 };
	char buf[8], *data = NULL;
	int fd, img = -1, ret = 0;
	bool said = false;
	ssize_t n;
	off_t off = 0;

	fd = open(c->dev, O_RDWR | O_CLOEXEC);
	if (fd < 0 || ioctl(fd, BLKGETSIZE64, &range[1])) {
		ret = -errno;
		goto out;
	}
	if (!ub_cfs_read(c->name, "discard", buf, sizeof(buf)) && !strcmp(buf, "1"))
		ret = ioctl(fd, BLKDISCARD, range);
	else
		ret = ioctl(fd, BLKZEROOUT, range);
	if (ret) {
		ret = -errno;
		goto out;
	}
	if (c->image) {
		img = open(c->image, O_RDONLY | O_CLOEXEC);
		data = malloc(1 << 20);
		if (img < 0 || !data) {
			ret = img < 0 ? -errno : -ENOMEM;
			ub_err("%s: %s", c->image, strerror(-ret));
			said = true;
			goto out;
		}
		while ((n = read(img, data, 1 << 20)) > 0) {
			if ((uint64_t)off + n > range[1]) {
				ub_err("%s: larger than %s", c->image, c->dev);
				ret = -EFBIG;
				said = true;
				goto out;
			}
			/* The device reads zeros already: skip the image's holes. */
			if (!zeros(data, n) && pwrite(fd, data, n, off) != n) {
				ret = -EIO;
				goto out;
			}
			off += n;
		}
		if (n < 0) {
			ret = -errno;
			goto out;
		}
	}
	if (fsync(fd))
		ret = -errno;
out:
	if (ret && !said)
		ub_err("%s: cannot bring %s to its start: %s", c->name, c->dev, strerror(-ret));
	free(data);
	if (img >= 0)
		close(img);
	if (fd >= 0)
		close(fd);
	return ret;
}

int ct_flush_count(struct ct *c, uint64_t *v)
{
	char path[128], buf[32];
	int fd, ret = -EIO;
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/block/%s/uringblk/flush_ios", c->disk);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n > 0) {
		buf[n] = 0;
		buf[strcspn(buf, "\n")] = 0;
		ret = ub_parse_dec(buf, v) ? -EIO : 0;
	}
	close(fd);
	return ret;
}

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape(char *s)
{
	char *d = s;

	for (; *s; s++, d++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' &&
		    s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*d = (s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0');
			s += 3;
		} else {
			*d = *s;
		}
	}
	*d = 0;
}

/*
 * The first mount of the device in mountinfo (by its major:minor, or by
 * its path as the source: btrfs shows an anonymous major:minor), or 0.
 */
static int find_mount(struct ct *c, char *where, size_t len)
{
	char path[128], devno[32], line[4096];
	FILE *f;
	int ret = 0;

	snprintf(path, sizeof(path), "/sys/block/%s/dev", c->disk);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	if (!fgets(devno, sizeof(devno), f))
		devno[0] = 0;
	fclose(f);
	devno[strcspn(devno, "\n")] = 0;
	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return -errno;
	/* id parent major:minor root mountpoint opts [tags] - fstype source ... */
	while (!ret && fgets(line, sizeof(line), f)) {
		char mm[32], mnt[1024], src[256], *dash = strstr(line, " - ");

		if (sscanf(line, "%*d %*d %31s %*s %1023s", mm, mnt) != 2)
			continue;
		if (!dash || sscanf(dash + 3, "%*s %255s", src) != 1)
			src[0] = 0;
		unescape(src);
		if (!strcmp(mm, devno) || !strcmp(src, c->dev)) {
			unescape(mnt);
			snprintf(where, len, "%s", mnt);
			ret = 1;
		}
	}
	fclose(f);
	return ret;
}

/*
 * A workload cut short leaves its filesystem mounted; power 0 would pull
 * the disk from under it and the next mount would meet the old one.
 */
int ct_unmount_all(struct ct *c)
{
	char where[1024];
	int i, ret;

	for (i = 0; i < 16; i++) {
		ret = find_mount(c, where, sizeof(where));
		if (ret <= 0)
			return ret;
		if (umount2(where, 0)) {
			ret = -errno;
			ub_err("%s: cannot unmount %s: %s", c->name, where, strerror(-ret));
			return ret;
		}
	}
	return -EBUSY;
}

void ct_rule_remove(struct ct *c)
{
	char path[512];

	ub_cfs_write(c->name, CT_RULE "/enable", "0");
	snprintf(path, sizeof(path), "%s/%s/" CT_RULE, ub_cfs_root(), c->name);
	rmdir(path);
}

/* The powerfail rule that cuts at the Kth flush from now. */
int ct_rule_arm(struct ct *c, unsigned int k)
{
	char path[512], after[16];
	int ret;

	snprintf(path, sizeof(path), "%s/%s/" CT_RULE, ub_cfs_root(), c->name);
	snprintf(after, sizeof(after), "%u", k - 1);
	if (mkdir(path, 0755)) {
		ret = -errno;
		ub_err("%s: cannot make fault rule %s: %s", c->name, CT_RULE, strerror(-ret));
		return ret;
	}
	ret = ub_cfs_write(c->name, CT_RULE "/type", "powerfail");
	ret = ret ?: ub_cfs_write(c->name, CT_RULE "/ops", "flush");
	ret = ret ?: ub_cfs_write(c->name, CT_RULE "/after", after);
	ret = ret ?: ub_cfs_write(c->name, CT_RULE "/count", "1");
	ret = ret ?: ub_cfs_write(c->name, CT_RULE "/enable", "1");
	if (ret) {
		ub_err("%s: cannot arm fault rule %s: %s", c->name, CT_RULE, strerror(-ret));
		ct_rule_remove(c);
	}
	return ret;
}

/* powerfail_policy, and powerfail_seed for random (live attributes). */
int ct_set_policy(struct ct *c)
{
	char seed[24];
	int ret;

	if (!strcmp(c->policy, "random")) {
		snprintf(seed, sizeof(seed), "%llu", (unsigned long long)c->seed);
		ret = ub_cfs_write(c->name, "powerfail_seed", seed);
		if (ret) {
			ub_err("%s: powerfail_seed: %s%s", c->name, strerror(-ret),
			       ret == -ENOENT ? " (no random policy in this driver)" : "");
			return ret;
		}
	}
	ret = ub_cfs_write(c->name, "powerfail_policy", c->policy);
	if (ret)
		ub_err("%s: powerfail_policy=%s: %s", c->name, c->policy, strerror(-ret));
	return ret;
}

/* The id on the first line of debugfs powerfail_record, or "-". */
void ct_record_id(struct ct *c, char *buf, size_t len)
{
	const char *const names[] = { c->disk, c->name };
	char path[256], line[256];
	unsigned long long id;
	unsigned int i;
	FILE *f;

	snprintf(buf, len, "-");
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "/sys/kernel/debug/uringblk/%s/powerfail_record",
			 names[i]);
		f = fopen(path, "re");
		if (!f)
			continue;
		/* "id 0": no power failure recorded yet. */
		if (fgets(line, sizeof(line), f) && sscanf(line, "id %llu", &id) == 1 && id)
			snprintf(buf, len, "%llu", id);
		fclose(f);
		return;
	}
}

/* The device: exists, has a volatile cache, powered (powered on if off). */
int ct_prepare(struct ct *c)
{
	char buf[16];
	int ret;

	if (!ub_name_valid(c->name) || !ub_cfs_exists(c->name)) {
		ub_err("%s: no such uringblk device (crashtest takes its configfs name)", c->name);
		return -ENOENT;
	}
	ret = ub_cfs_read(c->name, "volatile_cache", buf, sizeof(buf));
	if (ret || strcmp(buf, "1")) {
		ub_err("%s: crashtest needs volatile_cache=1 (and write_cache=1, the memory backend)",
		       c->name);
		return -EINVAL;
	}
	ret = ub_cfs_read(c->name, "power", buf, sizeof(buf));
	if (!ret && !strcmp(buf, "1")) {
		ret = ub_cfs_read(c->name, "powerfail", buf, sizeof(buf));
		/* A device left power-failed comes back through power 0/1. */
		if (!ret && !strcmp(buf, "1"))
			ret = ct_power(c, false) ?: ct_power(c, true);
		else if (!ret)
			ret = ct_wait_node(c);
	} else if (!ret) {
		ret = ct_power(c, true);
	}
	if (ret)
		return ret;
	ct_rule_remove(c);		/* one a killed crashtest left behind */
	return 0;
}
