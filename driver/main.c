// SPDX-License-Identifier: GPL-2.0
/*
 * uringblk: a configfs-provisioned blk-mq virtual disk.
 *
 * Module init and exit, and the registry of disk indexes that ties
 * /dev/uringblk<index> to exactly one configfs directory.
 */
#include <linux/blkdev.h>
#include <linux/idr.h>
#include <linux/module.h>

#include "uringblk.h"

static unsigned int nr_devices;
module_param(nr_devices, uint, 0444);
MODULE_PARM_DESC(nr_devices, "Number of devices (dev0..) created powered at load");

int ub_major;

/* Indexes are reserved from mkdir to rmdir, powered or not. */
static DEFINE_IDA(ub_index_ida);

/* Lowest free index at or above @want, or -ENOSPC. */
int ub_index_alloc(u32 want)
{
	return ida_alloc_range(&ub_index_ida, want, URINGBLK_INDEX_MAX,
			       GFP_KERNEL);
}

/* Move a reservation from @old to @want: -EBUSY if another holds it. */
int ub_index_take(u32 old, u32 want)
{
	int ret;

	if (old == want)
		return 0;
	ret = ida_alloc_range(&ub_index_ida, want, want, GFP_KERNEL);
	if (ret < 0)
		return ret == -ENOSPC ? -EBUSY : ret;
	ida_free(&ub_index_ida, old);
	return 0;
}

void ub_index_free(u32 index)
{
	ida_free(&ub_index_ida, index);
}

static int __init uringblk_init(void)
{
	int ret;

	ret = register_blkdev(0, URINGBLK_DISK_PREFIX);
	if (ret < 0)
		return ret;
	ub_major = ret;
	ret = ub_ctl_init();
	if (ret)
		goto unregister;
	ub_sysfs_init();

	ret = ub_configfs_init(nr_devices);
	if (ret)
		goto ctl_exit;
	pr_info("uringblk: loaded, version %d.%d.%d\n", URINGBLK_VERSION_MAJOR,
		URINGBLK_VERSION_MINOR, URINGBLK_VERSION_PATCH);
	return 0;

ctl_exit:
	ub_debugfs_exit();
	ub_ctl_exit();
unregister:
	unregister_blkdev(ub_major, URINGBLK_DISK_PREFIX);
	return ret;
}

static void __exit uringblk_exit(void)
{
	ub_configfs_exit();
	ub_debugfs_exit();
	ub_ctl_exit();
	unregister_blkdev(ub_major, URINGBLK_DISK_PREFIX);
	ida_destroy(&ub_index_ida);
}

module_init(uringblk_init);
module_exit(uringblk_exit);

MODULE_AUTHOR("The uringblk developers");
MODULE_DESCRIPTION("configfs-provisioned blk-mq virtual disk with an io_uring admin plane");
MODULE_LICENSE("GPL");
