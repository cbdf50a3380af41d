// SPDX-License-Identifier: GPL-2.0
/*
 * identify and reset-stats: the admin plane of one disk, over io_uring
 * with the ioctl as the fallback (admin.c); stats is in cmd_stats.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "out.h"
#include "uringblkctl.h"

/* Shared with cmd_fault.c (uringblkctl.h). */
int ub_open_dev(const char *arg, char *name, size_t len, struct ub_admin *ad)
{
	unsigned int index;
	int ret = ub_resolve(arg, name, len, &index);

	if (ret == -ENODEV) {
		ub_err("%s: not powered, no disk to talk to: %s", arg, strerror(ENODEV));
		return ret;
	}
	if (ret) {
		ub_err("%s: no such uringblk device: %s", arg, strerror(-ret));
		return ret;
	}
	ret = ub_admin_open(ad, index, ub_opt.force_ioctl);
	if (ret)
		ub_err("%s: open /dev/" URINGBLK_DISK_PREFIX "%u-ctl: %s", name, index,
		       strerror(-ret));
	return ret;
}

int ub_do_cmd(struct ub_admin *ad, const char *name, const char *what,
		  uint16_t op, void *buf, uint32_t len)
{
	int ret = ub_admin_cmd(ad, op, buf, len);

	if (ret < 0)
		ub_err("%s: %s (%s): %s", name, what, ub_admin_path(ad), strerror(-ret));
	return ret;
}

/* The feature bits by name: a space-separated text, and the JSON array arr. */
static const char *feature_names(uint64_t f, char *buf, size_t len, struct json_object *arr)
{
	static const struct { uint64_t bit; const char *name; } bits[] = {
		{ URINGBLK_F_DISCARD, "discard" },
		{ URINGBLK_F_WRITE_ZEROES, "write_zeroes" },
		{ URINGBLK_F_WRITE_CACHE, "write_cache" },
		{ URINGBLK_F_POLL, "poll" },
		{ URINGBLK_F_ZONED, "zoned" },
		{ URINGBLK_F_FAULTS, "faults" },
		{ URINGBLK_F_FILE_BACKEND, "file_backend" },
		{ URINGBLK_F_STATS, "stats" },
	};
	size_t n = 0;
	unsigned int i;

	buf[0] = 0;
	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		if (!(f & bits[i].bit))
			continue;
		n += snprintf(buf + n, len - n, "%s%s", n ? " " : "", bits[i].name);
		if (arr)
			ub_jstr(arr, bits[i].name);
	}
	return buf;
}

const char *ub_errno_name(int err)
{
	const char *s = strerrorname_np(err);

	return s ? s : "E?";
}

/* Shared with cmd_zones.c (uringblkctl.h). */
int ub_open_one_dev(int argc, char **argv, const char *cmd, char *name, size_t len,
		    struct ub_admin *ad)
{
	if (argc != 2 || argv[1][0] == '-') {
		ub_err("usage: uringblkctl %s DEV", cmd);
		return UB_EXIT_USAGE;
	}
	return ub_open_dev(argv[1], name, len, ad) ? UB_EXIT_FAIL : 0;
}

static void identify_json(const char *name, const struct uringblk_identify *id)
{
	struct json_object *o = ub_jobj(NULL, NULL);
	char buf[48], feat[160];

	ub_js(o, "name", name);
	snprintf(buf, sizeof(buf), "%.32s", id->model);
	ub_js(o, "model", buf);
	snprintf(buf, sizeof(buf), "%.40s", id->serial);
	ub_js(o, "serial", buf);
	snprintf(buf, sizeof(buf), "%.16s", id->firmware);
	ub_js(o, "firmware", buf);
	ub_ju(o, "abi_major", id->abi_major);
	ub_ju(o, "abi_minor", id->abi_minor);
	ub_ju(o, "capacity_bytes", id->capacity_bytes);
	ub_ju(o, "capacity_blocks", id->capacity_blocks);
	ub_ju(o, "logical_block_size", id->logical_block_size);
	ub_ju(o, "physical_block_size", id->physical_block_size);
	ub_ju(o, "max_sectors", id->max_sectors);
	ub_ju(o, "nr_hw_queues", id->nr_hw_queues);
	ub_ju(o, "poll_queues", id->poll_queues);
	ub_ju(o, "queue_depth", id->queue_depth);
	ub_ju(o, "index", id->index);
	ub_ji(o, "home_node", id->home_node);
	ub_ju(o, "feature_bits", id->features);
	feature_names(id->features, feat, sizeof(feat), ub_jarr(o, "features"));
	ub_json_print(o);
}

int cmd_identify(int argc, char **argv)
{
	struct uringblk_identify id = { 0 };
	struct ub_admin ad;
	char name[64], feat[160];
	int ret;

	ret = ub_open_one_dev(argc, argv, "identify", name, sizeof(name), &ad);
	if (ret)
		return ret;
	ret = ub_do_cmd(&ad, name, "IDENTIFY", URINGBLK_UCMD_IDENTIFY, &id, sizeof(id));
	ub_admin_close(&ad);
	if (ret < 0)
		return UB_EXIT_FAIL;
	if (ub_opt.json) {
		identify_json(name, &id);
		return UB_EXIT_OK;
	}
	feature_names(id.features, feat, sizeof(feat), NULL);
	printf("device        %s (/dev/" URINGBLK_DISK_PREFIX "%u)\n", name, id.index);
	printf("model         %.32s\n", id.model);
	printf("serial        %.40s\n", id.serial);
	printf("firmware      %.16s\n", id.firmware);
	printf("abi           %u.%u\n", id.abi_major, id.abi_minor);
	printf("capacity      %llu bytes, %llu blocks\n",
	       (unsigned long long)id.capacity_bytes, (unsigned long long)id.capacity_blocks);
	printf("block size    %u logical, %u physical\n", id.logical_block_size,
	       id.physical_block_size);
	printf("max_sectors   %u\n", id.max_sectors);
	printf("queues        %u interrupt, %u poll, depth %u\n", id.nr_hw_queues,
	       id.poll_queues, id.queue_depth);
	printf("home_node     %d\n", id.home_node);
	printf("features      %s\n", feat[0] ? feat : "-");
	return UB_EXIT_OK;
}

int cmd_reset_stats(int argc, char **argv)
{
	struct ub_admin ad;
	char name[64];
	int ret;

	if (argc != 2 || argv[1][0] == '-') {
		ub_err("usage: uringblkctl reset-stats DEV");
		return UB_EXIT_USAGE;
	}
	if (ub_open_dev(argv[1], name, sizeof(name), &ad))
		return UB_EXIT_FAIL;
	ret = ub_do_cmd(&ad, name, "RESET_STATS", URINGBLK_UCMD_RESET_STATS, NULL, 0);
	ub_admin_close(&ad);
	if (ret < 0)
		return UB_EXIT_FAIL;
	ub_print_done(name, "reset", "statistics reset");
	return UB_EXIT_OK;
}
