// SPDX-License-Identifier: GPL-2.0
/*
 * The live half of a device: power on builds the tag set and publishes
 * the gendisk, power off tears them down; resize and queue-count changes
 * act on the running disk.  Every function here runs under dev->lock.
 */
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/module.h>
#include <linux/nodemask.h>
#include <linux/slab.h>

#include "backend.h"
#include "compat.h"
#include "uringblk.h"
#include "zoned.h"

/* The block major every /dev/uringblk<index> shares. */
static int ub_major;

static const struct block_device_operations ub_fops = {
	.owner		= THIS_MODULE,
	.report_zones	= ub_report_zones,
};

/* The names of the errnos a power on can be refused with. */
static const char *ub_errname(int err)
{
	switch (-err) {
	case EINVAL:	return "EINVAL";
	case EBUSY:	return "EBUSY";
	case ENOENT:	return "ENOENT";
	case ENOTDIR:	return "ENOTDIR";
	case EISDIR:	return "EISDIR";
	case EACCES:	return "EACCES";
	case EPERM:	return "EPERM";
	case EROFS:	return "EROFS";
	case ETXTBSY:	return "ETXTBSY";
	case ENOMEM:	return "ENOMEM";
	case ENOSPC:	return "ENOSPC";
	case EFBIG:	return "EFBIG";
	case ELOOP:	return "ELOOP";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case ENXIO:	return "ENXIO";
	case ENODEV:	return "ENODEV";
	case EIO:	return "EIO";
	default:	return NULL;
	}
}

/**
 * ub_refuse() - say why a power on fails
 * @c: the device's configuration (inside its struct uringblk_dev)
 * @err: the negative errno the power on returns
 * @fmt: the reason in words, naming the attribute and its value
 *
 * The first reason of a power on is kept in last_error, "ENAME: reason",
 * and printed to dmesg with the device's name; later ones (the callers up
 * the chain that only pass the errno on) add nothing.  Under dev->lock.
 *
 * Return: @err.
 */
int ub_refuse(const struct uringblk_config *c, int err, const char *fmt, ...)
{
	struct uringblk_dev *dev = container_of((struct uringblk_config *)c,
						struct uringblk_dev, cfg);
	const char *name = ub_errname(err);
	va_list args;
	int n;

	if (dev->last_error[0])
		return err;
	if (name)
		n = scnprintf(dev->last_error, sizeof(dev->last_error), "%s: ",
			      name);
	else
		n = scnprintf(dev->last_error, sizeof(dev->last_error),
			      "E%d: ", -err);
	va_start(args, fmt);
	vscnprintf(dev->last_error + n, sizeof(dev->last_error) - n, fmt, args);
	va_end(args);
	pr_warn("uringblk: %s: power on refused: %s\n", dev->name,
		dev->last_error);
	return err;
}

/*
 * The rules between settings (validate.c, which uringblkctl runs on a
 * profile too, with the same words).  Before the backend starts, and once
 * more after it: a file device's capacity is its file's size only then.
 */
static int ub_check_config(struct uringblk_dev *dev)
{
	struct ub_verdict verdict;
	u64 v[UB_V_NR];

	ub_cfg_values(dev, v);
	if (!ub_validate(v, &verdict))
		return 0;
	return ub_refuse(&dev->cfg, verdict.err, "%s", verdict.why);
}

/* home_node as the kernel's APIs take it. */
static int ub_home_node(const struct uringblk_dev *dev)
{
	return dev->cfg.home_node == UB_NO_NODE ? NUMA_NO_NODE :
						  (int)dev->cfg.home_node;
}

/*
 * Zone limits: the append limit resolves to what the attribute reads
 * when unset, max_sectors within one zone.  No discard or write-zeroes:
 * they would put data past a write pointer or drop it below one.
 */
static void ub_zoned_limits(struct uringblk_dev *dev, struct ub_limits *lim)
{
	const struct uringblk_config *c = &dev->cfg;
	u32 zone_sects = c->zone_size >> SECTOR_SHIFT;

	if (!c->zoned)
		return;
	dev->zone_append_max_sectors = c->zone_append_max_sectors ?:
				       min_t(u64, c->max_sectors, zone_sects);
	lim->zone_sectors = zone_sects;
	lim->max_zone_append_sectors = dev->zone_append_max_sectors;
	lim->max_open_zones = c->zone_max_open;
	lim->max_active_zones = c->zone_max_active;
	lim->max_discard_sectors = 0;
	lim->max_write_zeroes_sectors = 0;
}

static int ub_alloc_tag_set(struct uringblk_dev *dev)
{
	struct blk_mq_tag_set *set = &dev->tag_set;

	memset(set, 0, sizeof(*set));
	set->ops = &ub_mq_ops;
	set->nr_hw_queues = dev->cfg.nr_hw_queues + dev->cfg.poll_queues;
	/* All map types up front, so poll queues can come and go live. */
	set->nr_maps = HCTX_MAX_TYPES;
	set->queue_depth = dev->cfg.queue_depth;
	/*
	 * Request structures on the home node; blk-mq places the per-queue
	 * ones by their CPUs' node.
	 */
	set->numa_node = ub_home_node(dev);
	set->cmd_size = sizeof(struct ub_cmd) + dev->backend->ops->pdu_size;
	/*
	 * blocking=1 (the default): page allocation on first write may sleep
	 * (GFP_NOIO).  blocking=0, as null_blk's knob: ->queue_rq runs under
	 * RCU, the memory backend allocates with GFP_NOWAIT and finishes a
	 * request whose allocation failed from a work item.  A RAM disk
	 * gains nothing from an I/O scheduler; without NO_SCHED_BY_DEFAULT a
	 * one-queue device gets mq-deadline (15% fewer 4k reads).  Users may
	 * still pick one in sysfs.  Figures: bench-results/20261126-ab-6.12.md.
	 */
	set->flags = UB_MQ_F_SHOULD_MERGE | BLK_MQ_F_NO_SCHED_BY_DEFAULT;
	if (dev->cfg.blocking)
		set->flags |= BLK_MQ_F_BLOCKING;
	set->driver_data = dev;
	set->timeout = msecs_to_jiffies(dev->cfg.io_timeout_ms);
	dev->prev_nr_hw_queues = dev->cfg.nr_hw_queues;
	dev->prev_poll_queues = dev->cfg.poll_queues;
	return blk_mq_alloc_tag_set(set);
}

/* The constructors of backend_list.h's words, by enum ub_backend_kind. */
#define UB_BACKEND(w)							\
	[UB_BACKEND_##w] = ub_##w##_backend_create,
static struct ub_backend *(*const ub_backend_create[UB_BACKEND_NR])
	(const struct uringblk_config *c) = {
#include "backend_list.h"
};

#undef UB_BACKEND

/*
 * Make the data reachable: the memory backend is made once and kept
 * across power cycles, the file backend opens its file here, as the
 * writer of `power`, and may resolve a capacity of 0.
 */
static int ub_backend_power_on(struct uringblk_dev *dev, struct ub_limits *lim)
{
	struct ub_backend *be = dev->backend;

	if (!be) {
		be = ub_backend_create[dev->cfg.backend](&dev->cfg);
		if (!be)
			return -ENOMEM;
		dev->backend = be;
	}
	be->pf.policy = dev->powerfail_policy;
	be->pf.keep_pct = dev->cfg.powerfail_keep_pct;
	be->pf.seed = dev->cfg.powerfail_seed;
	return be->ops->power_on ? be->ops->power_on(be, &dev->cfg, lim) : 0;
}

static void ub_backend_power_off(struct uringblk_dev *dev)
{
	if (dev->backend->ops->power_off)
		dev->backend->ops->power_off(dev->backend);
}

static int ub_power_on(struct uringblk_dev *dev)
{
	struct uringblk_config *c = &dev->cfg;
	/*
	 * Whole logical blocks: the block layer splits discard and
	 * write-zeroes at these limits, and a split must stay aligned.
	 */
	u32 max_zero = round_down(UINT_MAX >> SECTOR_SHIFT,
				  c->logical_block_size >> SECTOR_SHIFT);
	struct ub_limits lim = {
		.logical_block_size	= c->logical_block_size,
		.physical_block_size	= c->physical_block_size,
		.max_sectors		= c->max_sectors,
		.max_discard_sectors	= c->discard ? max_zero : 0,
		.max_write_zeroes_sectors = c->write_zeroes ? max_zero : 0,
		.write_cache		= c->write_cache,
	};
	struct gendisk *disk;
	int ret;

	ret = ub_check_config(dev);
	if (ret)
		return ret;
	/* The node may have gone (memory hot-unplug) since it was set. */
	if (c->home_node != UB_NO_NODE &&
	    (c->home_node >= nr_node_ids || !node_state(c->home_node, N_MEMORY)))
		return ub_refuse(c, -EINVAL, "home_node %llu has no memory now",
				 c->home_node);
	ret = ub_backend_power_on(dev, &lim);
	if (ret)
		return ub_refuse(c, ret, "backend=%s cannot start",
				 dev->backend ? dev->backend->ops->name : "?");
	/* The power is back: requests run again (powerfail.c). */
	WRITE_ONCE(dev->powerfailed, false);
	dev->backend->home_node = ub_home_node(dev);
	/* After the backend: a file device's capacity is resolved now. */
	ret = ub_check_config(dev);
	if (!ret)
		ret = ub_zoned_power_on(dev);
	if (ret)
		goto backend_off;
	ub_zoned_limits(dev, &lim);

	/* Enough for the largest queue counts the attributes accept. */
	dev->queues = kcalloc(2 * nr_cpu_ids, sizeof(*dev->queues), GFP_KERNEL);
	if (!dev->queues) {
		ret = -ENOMEM;
		goto backend_off;
	}
	for (ret = 0; ret < 2 * nr_cpu_ids; ret++) {
		spin_lock_init(&dev->queues[ret].poll_lock);
		INIT_LIST_HEAD(&dev->queues[ret].poll_list);
	}

	ret = ub_model_power_on(dev);
	if (ret)
		goto free_queues;
	ret = ub_alloc_tag_set(dev);
	if (ret)
		goto model_off;

	disk = ub_alloc_disk(&dev->tag_set, &lim, dev);
	if (IS_ERR(disk)) {
		ret = PTR_ERR(disk);
		goto free_tag_set;
	}
	disk->major = ub_major;
	disk->first_minor = c->index;
	disk->minors = 1;
	disk->fops = &ub_fops;
	disk->private_data = dev;
	snprintf(disk->disk_name, DISK_NAME_LEN, URINGBLK_DISK_PREFIX "%llu",
		 c->index);
	set_capacity(disk, c->capacity >> SECTOR_SHIFT);
	dev->disk = disk;
	if (dev->zones) {
		/* The block layer reads the zone table (and sets up plugs). */
		ret = ub_revalidate_zones(disk);
		if (ret)
			goto put_disk;
	}

	/* Before the disk goes live: no completed write escapes the log. */
	ret = ub_logw_power_on(dev);
	if (ret)
		goto put_disk;
	ret = device_add_disk(NULL, disk, ub_disk_groups);
	if (ret)
		goto put_disk;
	ret = ub_ctl_add(dev);
	if (ret)
		goto del_disk;
	ub_debugfs_add(dev);
	ub_hold_again(dev);
	dev->powered = true;
	return 0;

del_disk:
	del_gendisk(disk);
put_disk:
	ub_logw_stop(dev);
	dev->disk = NULL;
	put_disk(disk);
free_tag_set:
	blk_mq_free_tag_set(&dev->tag_set);
model_off:
	ub_model_power_off(dev);
free_queues:
	kfree(dev->queues);
	dev->queues = NULL;
backend_off:
	ub_backend_power_off(dev);
	return ret;
}

/*
 * del_gendisk() drains the queue: requests in flight complete, later ones
 * and openers that stay fail.  Only then does a backing file close; the
 * backend, and so the data, stays.
 */
static void ub_power_off(struct uringblk_dev *dev)
{
	if (!dev->powered)
		return;
	/* Admin commands from here on see -ENODEV. */
	dev->powered = false;
	ub_ctl_remove(dev);
	ub_debugfs_remove(dev);
	ub_release_held(dev, BLK_STS_IOERR);
	del_gendisk(dev->disk);
	/* Every request has ended: the log is complete. */
	ub_logw_stop(dev);
	put_disk(dev->disk);
	blk_mq_free_tag_set(&dev->tag_set);
	ub_model_power_off(dev);
	kfree(dev->queues);
	dev->queues = NULL;
	dev->disk = NULL;
	ub_zoned_power_off(dev);
	ub_backend_power_off(dev);
}

/*
 * The one way a device goes up or down (power writes, rmdir, nr_devices
 * and rmmod): the disk under dev->lock, then the fault rules, which are
 * configfs groups and so must not be touched under dev->lock (a configfs
 * rmdir holds configfs locks while it takes dev->lock).  Going down twice
 * or up twice does nothing.
 */
int ub_dev_set_power(struct uringblk_dev *dev, bool on)
{
	int ret = 0;

	mutex_lock(&dev->lock);
	if (on && !dev->powered) {
		dev->last_error[0] = '\0';
		ret = ub_power_on(dev);
		if (ret)
			ub_refuse(&dev->cfg, ret, "power on failed");
	} else if (!on) {
		ub_power_off(dev);
	}
	mutex_unlock(&dev->lock);
	if (on && !ret)
		ub_faults_open(dev);
	else if (!on)
		ub_faults_close(dev);
	return ret;
}

int ub_resize(struct uringblk_dev *dev, u64 capacity)
{
	struct request_queue *q;
	unsigned int memflags;

	if (!dev->powered || !dev->backend) {
		dev->cfg.capacity = capacity;
		/* Data past a shrunk end is gone even while off. */
		if (dev->backend && dev->backend->ops->truncate)
			dev->backend->ops->truncate(dev->backend, capacity);
		return 0;
	}

	if (capacity > dev->cfg.capacity && dev->backend->ops->grow) {
		int ret = dev->backend->ops->grow(dev->backend, &dev->cfg, capacity);

		if (ret)
			return ret;
	}
	/* New requests past the end fail from here on ... */
	set_capacity_and_notify(dev->disk, capacity >> SECTOR_SHIFT);
	if (capacity < dev->cfg.capacity) {
		/*
		 * ... and those already past the check drain before we drop.
		 * Held requests would keep the freeze waiting io_timeout_ms:
		 * they end now, as if their timeout had fired.
		 */
		q = dev->disk->queue;
		ub_release_held(dev, BLK_STS_TIMEOUT);
		memflags = ub_freeze_queue(q);
		if (dev->backend->ops->truncate)
			dev->backend->ops->truncate(dev->backend, capacity);
		ub_unfreeze_queue(q, memflags);
		ub_hold_again(dev);
	}
	dev->cfg.capacity = capacity;
	return 0;
}

int ub_set_queues(struct uringblk_dev *dev, u32 nr_hw_queues, u32 poll_queues)
{
	u32 old_nr = dev->cfg.nr_hw_queues, old_poll = dev->cfg.poll_queues;

	dev->cfg.nr_hw_queues = nr_hw_queues;
	dev->cfg.poll_queues = poll_queues;
	if (!dev->powered)
		return 0;

	dev->prev_nr_hw_queues = old_nr;
	dev->prev_poll_queues = old_poll;
	/* The update freezes the queue: held requests must not stall it. */
	ub_release_held(dev, BLK_STS_TIMEOUT);
	blk_mq_update_nr_hw_queues(&dev->tag_set, nr_hw_queues + poll_queues);
	ub_hold_again(dev);
	if (dev->tag_set.nr_hw_queues != nr_hw_queues + poll_queues) {
		/* blk-mq kept the old queues: so do we. */
		dev->cfg.nr_hw_queues = old_nr;
		dev->cfg.poll_queues = old_poll;
		return -ENOMEM;
	}
	dev->prev_nr_hw_queues = nr_hw_queues;
	dev->prev_poll_queues = poll_queues;
	return 0;
}

int ub_disk_init(void)
{
	int ret = register_blkdev(0, URINGBLK_DISK_PREFIX);

	if (ret < 0)
		return ret;
	ub_major = ret;
	return 0;
}

void ub_disk_exit(void)
{
	unregister_blkdev(ub_major, URINGBLK_DISK_PREFIX);
}
