// SPDX-License-Identifier: GPL-2.0
/*
 * uringblkctl zones DEV reset|open|close|finish [-o SECTOR] [-c COUNT]
 * [--all]: the kernel's zone ioctls on the /dev node, with blkzone's
 * option names and checks: -o is a zone-aligned sector, -c a count of
 * zones, and without -c the range runs from -o to the end of the device
 * (--all: the whole device).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/blkzoned.h>
#include <linux/fs.h>

#include "out.h"
#include "uringblkctl.h"
#include "zones.h"

static const struct {
	const char *action, *ioctl_name, *done;
	unsigned long cmd;
} ops[] = {
	{ "reset", "BLKRESETZONE", "reset", BLKRESETZONE },
	{ "open", "BLKOPENZONE", "opened", BLKOPENZONE },
	{ "close", "BLKCLOSEZONE", "closed", BLKCLOSEZONE },
	{ "finish", "BLKFINISHZONE", "finished", BLKFINISHZONE },
};

/* The zone geometry of the open node: 0, or a UB_EXIT_* code after saying why. */
static int geometry(int fd, const char *name, uint64_t *zone, uint64_t *sectors)
{
	uint32_t zs = 0;
	uint64_t bytes;

	if (ioctl(fd, BLKGETSIZE64, &bytes)) {
		ub_err("%s: BLKGETSIZE64: %s (%s)", name, ub_errno_name(errno), strerror(errno));
		return UB_EXIT_FAIL;
	}
	if (ioctl(fd, BLKGETZONESZ, &zs) || !zs) {
		ub_err("%s: not a zoned device: %s (%s)", name, ub_errno_name(EINVAL),
		       strerror(EINVAL));
		return UB_EXIT_FAIL;
	}
	*zone = zs;
	*sectors = bytes >> 9;
	return 0;
}

int ub_zone_action(const char *dev, const char *action, const struct ub_zone_args *a)
{
	struct blk_zone_range r = { 0 };
	uint64_t zone, sectors, first, nr;
	unsigned int index, i;
	char name[64], node[64];
	int fd, ret;

	for (i = 0; strcmp(ops[i].action, action); i++)
		;
	if (a->all && a->offset) {
		ub_err("zones %s: --all is the whole device: give -o with -c, not --all",
		       action);
		return UB_EXIT_USAGE;
	}
	ret = ub_resolve(dev, name, sizeof(name), &index);
	if (ret) {
		ub_err("%s: %s: %s (%s)", dev, ret == -ENODEV ? "not powered, no disk" :
		       "no such uringblk device", ub_errno_name(-ret), strerror(-ret));
		return UB_EXIT_FAIL;
	}
	snprintf(node, sizeof(node), "/dev/" URINGBLK_DISK_PREFIX "%u", index);
	/* The zone ioctls want the node open for writing. */
	fd = open(node, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		ub_err("%s: open %s: %s (%s)", name, node, ub_errno_name(errno), strerror(errno));
		return UB_EXIT_FAIL;
	}
	ret = geometry(fd, name, &zone, &sectors);
	if (ret)
		goto out;
	if (a->offset % zone) {
		ub_err("%s: offset %llu is not aligned to the zone size %llu: %s", name,
		       (unsigned long long)a->offset, (unsigned long long)zone, strerror(EINVAL));
		ret = UB_EXIT_USAGE;
		goto out;
	}
	if (a->offset >= sectors) {
		ub_err("%s: offset %llu is beyond the device's %llu sectors: %s", name,
		       (unsigned long long)a->offset, (unsigned long long)sectors,
		       strerror(ERANGE));
		ret = UB_EXIT_USAGE;
		goto out;
	}
	first = a->offset / zone;
	nr = (sectors - a->offset + zone - 1) / zone;	/* zones to the end */
	if (a->have_count) {
		if (a->count > nr) {
			ub_err("%s: %llu zones from zone %llu run past the last zone (%llu): %s",
			       name, (unsigned long long)a->count, (unsigned long long)first,
			       (unsigned long long)(first + nr - 1), strerror(ERANGE));
			ret = UB_EXIT_USAGE;
			goto out;
		}
		nr = a->count;
	}
	r.sector = a->offset;
	/* The last zone may be smaller than the others: end at the capacity. */
	r.nr_sectors = nr * zone > sectors - a->offset ? sectors - a->offset : nr * zone;
	if (ioctl(fd, ops[i].cmd, &r)) {
		ub_err("%s: %s of sectors %llu+%llu (zones %llu-%llu): %s (%s)", name,
		       ops[i].ioctl_name, (unsigned long long)r.sector,
		       (unsigned long long)r.nr_sectors, (unsigned long long)first,
		       (unsigned long long)(first + nr - 1), ub_errno_name(errno),
		       strerror(errno));
		ret = UB_EXIT_FAIL;
		goto out;
	}
	if (ub_opt.json) {
		struct json_object *o = ub_jobj(NULL, NULL);

		ub_js(o, "name", name);
		ub_js(o, "action", action);
		ub_ju(o, "offset", r.sector);
		ub_ju(o, "sectors", r.nr_sectors);
		ub_ju(o, "first_zone", first);
		ub_ju(o, "nr_zones", nr);
		ub_json_print(o);
	} else {
		printf("%s: %s %llu zone(s) from zone %llu (sectors %llu+%llu)\n", name,
		       ops[i].done, (unsigned long long)nr, (unsigned long long)first,
		       (unsigned long long)r.sector, (unsigned long long)r.nr_sectors);
	}
	ret = UB_EXIT_OK;
out:
	close(fd);
	return ret;
}
