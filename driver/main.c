// SPDX-License-Identifier: GPL-2.0
/*
 * uringblk: a configfs-provisioned blk-mq virtual disk.
 *
 * Module init and exit: registers the parts (block major, control
 * devices, sysfs and debugfs, configfs) and unregisters them in reverse.
 */
#include <linux/module.h>

#include "uringblk.h"

static unsigned int nr_devices;
module_param(nr_devices, uint, 0444);
MODULE_PARM_DESC(nr_devices, "Number of devices (dev0..) created powered at load");

static int __init uringblk_init(void)
{
	int ret;

	ret = ub_disk_init();
	if (ret)
		return ret;
	ret = ub_ctl_init();
	if (ret)
		goto disk_exit;
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
disk_exit:
	ub_disk_exit();
	return ret;
}

static void __exit uringblk_exit(void)
{
	ub_configfs_exit();
	ub_debugfs_exit();
	ub_ctl_exit();
	ub_disk_exit();
}

module_init(uringblk_init);
module_exit(uringblk_exit);

MODULE_AUTHOR("The uringblk developers");
MODULE_DESCRIPTION("configfs-provisioned blk-mq virtual disk with an io_uring admin plane");
MODULE_LICENSE("GPL");
