/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place that knows about kernel API differences between the
 * kernels uringblk supports (Debian's 6.1, 6.12 and 7.3), keyed on the
 * features the headers define rather than on version numbers (Debian's
 * 6.1 carries backports): a macro the header defines, or a Kbuild probe
 * (driver/Kbuild, UB_HAVE_*) of the header that declares the thing.  A
 * changed signature is keyed on a symbol the same upstream change added,
 * or else on the prototype's text, never on LINUX_VERSION_CODE (checkpatch
 * rejects it, and Debian backports).  Everything else reads as one
 * kernel's code.
 */
#ifndef _URINGBLK_COMPAT_H
#define _URINGBLK_COMPAT_H

#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/configfs.h>
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/sched.h>

/* Queue limits the driver sets, independent of how the kernel takes them. */
struct ub_limits {
	u32 logical_block_size;
	u32 physical_block_size;
	u32 max_sectors;
	u32 max_discard_sectors;	/* 0: no discard */
	u32 max_write_zeroes_sectors;	/* 0: no write zeroes */
	u32 discard_granularity;	/* bytes; 0: the logical block size */
	bool write_cache;		/* volatile cache: FLUSH and FUA */
	/* Host-managed zoned (zone_sectors != 0); see ub_zoned_limits(). */
	u32 zone_sectors;
	u32 max_zone_append_sectors;
	u32 max_open_zones;		/* 0: no limit */
	u32 max_active_zones;
};

/* 6.11+: limits and features are given at allocation time (queue_limits). */
#ifdef BLK_FEAT_WRITE_CACHE
static inline struct gendisk *ub_alloc_disk(struct blk_mq_tag_set *set,
					    const struct ub_limits *l,
					    void *queuedata)
{
	struct queue_limits lim = {
		.logical_block_size	= l->logical_block_size,
		.physical_block_size	= l->physical_block_size,
		.max_hw_sectors		= l->max_sectors,
		.max_hw_discard_sectors	= l->max_discard_sectors,
		.discard_granularity	= l->discard_granularity ?:
					  l->logical_block_size,
		.max_write_zeroes_sectors = l->max_write_zeroes_sectors,
	};

	if (l->write_cache)
		lim.features |= BLK_FEAT_WRITE_CACHE | BLK_FEAT_FUA;
	if (l->zone_sectors) {
		lim.features |= BLK_FEAT_ZONED;
		lim.chunk_sectors = l->zone_sectors;
#ifdef UB_HAVE_MAX_HW_ZONE_APPEND
		lim.max_hw_zone_append_sectors = l->max_zone_append_sectors;
#else
		lim.max_zone_append_sectors = l->max_zone_append_sectors;
#endif
		lim.max_open_zones = l->max_open_zones;
		lim.max_active_zones = l->max_active_zones;
	}
	return blk_mq_alloc_disk(set, &lim, queuedata);
}
#else
/* Older kernels: allocate first, then set limits on the queue. */
static inline struct gendisk *ub_alloc_disk(struct blk_mq_tag_set *set,
					    const struct ub_limits *l,
					    void *queuedata)
{
	struct gendisk *disk = blk_mq_alloc_disk(set, queuedata);
	struct request_queue *q;

	if (IS_ERR(disk))
		return disk;
	q = disk->queue;
	blk_queue_logical_block_size(q, l->logical_block_size);
	blk_queue_physical_block_size(q, l->physical_block_size);
	blk_queue_max_hw_sectors(q, l->max_sectors);
	blk_queue_max_discard_sectors(q, l->max_discard_sectors);
	q->limits.discard_granularity = l->discard_granularity ?:
					l->logical_block_size;
	blk_queue_max_write_zeroes_sectors(q, l->max_write_zeroes_sectors);
	blk_queue_write_cache(q, l->write_cache, l->write_cache);
	/* 6.12 defaults to non-rotational; 6.1 must be told. */
	blk_queue_flag_set(QUEUE_FLAG_NONROT, q);
	blk_queue_flag_clear(QUEUE_FLAG_ADD_RANDOM, q);
	if (l->zone_sectors) {
		/*
		 * Before zone write plugging (6.10) only mq-deadline kept
		 * writes to a zone in order: require it.  Chunk sectors
		 * before the append limit, which is clamped to them.
		 */
		disk_set_zoned(disk, BLK_ZONED_HM);
		blk_queue_chunk_sectors(q, l->zone_sectors);
		blk_queue_flag_set(QUEUE_FLAG_ZONE_RESETALL, q);
		blk_queue_required_elevator_features(q, ELEVATOR_F_ZBD_SEQ_WRITE);
		blk_queue_max_zone_append_sectors(q, l->max_zone_append_sectors);
		disk_set_max_open_zones(disk, l->max_open_zones);
		disk_set_max_active_zones(disk, l->max_active_zones);
	}
	return disk;
}
#endif

/*
 * Zoned block layer calls whose signatures changed in 6.10 (zone write
 * plugging): blk_revalidate_disk_zones() lost its callback and
 * blkdev_zone_mgmt() its gfp mask.  BLK_FEAT_ZONED (6.11) marks both for
 * the kernels uringblk supports.
 */
static inline int ub_revalidate_zones(struct gendisk *disk)
{
#ifdef BLK_FEAT_ZONED
	return blk_revalidate_disk_zones(disk);
#else
	return blk_revalidate_disk_zones(disk, NULL);
#endif
}

static inline int ub_blkdev_zone_mgmt(struct block_device *bdev,
				      enum req_op op, sector_t sector,
				      sector_t nr_sectors)
{
#ifdef BLK_FEAT_ZONED
	return blkdev_zone_mgmt(bdev, op, sector, nr_sectors);
#else
	return blkdev_zone_mgmt(bdev, op, sector, nr_sectors, GFP_KERNEL);
#endif
}

/*
 * ub_report_zones(): the ->report_zones method, over zoned.c's
 * ub_zoned_report(), which takes a report_zones_cb and its data.  7.3
 * passes a struct blk_report_zones_args instead, reported into with
 * disk_report_zone() (Kbuild probes blkdev.h).
 */
int ub_zoned_report(struct gendisk *disk, sector_t sector, unsigned int nr,
		    report_zones_cb cb, void *data);

#ifdef UB_HAVE_REPORT_ZONES_ARGS
struct ub_report_zones_ctx {
	struct gendisk *disk;
	struct blk_report_zones_args *args;
};

static inline int ub_report_zone_cb(struct blk_zone *zone, unsigned int idx,
				    void *data)
{
	struct ub_report_zones_ctx *ctx = data;

	return disk_report_zone(ctx->disk, zone, idx, ctx->args);
}

static inline int ub_report_zones(struct gendisk *disk, sector_t sector,
				  unsigned int nr_zones,
				  struct blk_report_zones_args *args)
{
	struct ub_report_zones_ctx ctx = { disk, args };

	return ub_zoned_report(disk, sector, nr_zones, ub_report_zone_cb, &ctx);
}
#else
static inline int ub_report_zones(struct gendisk *disk, sector_t sector,
				  unsigned int nr_zones, report_zones_cb cb,
				  void *data)
{
	return ub_zoned_report(disk, sector, nr_zones, cb, data);
}
#endif

/* ->queue_rqs() takes a struct rq_list on 6.12, a request chain on 6.1. */
#ifdef UB_HAVE_RQ_LIST
#define UB_RQ_LIST struct rq_list
#else
#define UB_RQ_LIST struct request *
#endif

/*
 * 6.14 merges bios by default and dropped the flag that asked for it
 * ("block: remove BLK_MQ_F_SHOULD_MERGE"); Kbuild probes blk-mq.h.
 */
#ifdef UB_HAVE_MQ_F_SHOULD_MERGE
#define UB_MQ_F_SHOULD_MERGE BLK_MQ_F_SHOULD_MERGE
#else
#define UB_MQ_F_SHOULD_MERGE 0
#endif

/*
 * ->init_request()'s NUMA node argument became an int ("unsigned int"
 * through 6.12, "int" on 7.3).  No symbol marks it: Kbuild reads the
 * prototype in blk-mq.h.
 */
#ifdef UB_HAVE_INIT_REQUEST_INT_NODE
#define UB_NUMA_NODE_T int
#else
#define UB_NUMA_NODE_T unsigned int
#endif

/*
 * 6.14: blk_mq_freeze_queue() enters a memalloc_noio scope and returns its
 * flags for blk_mq_unfreeze_queue(q, memflags) to restore (commit
 * 1e1a9cecfab3, "block: force noio scope in blk_mq_freeze_queue").  Not a
 * version test (checkpatch rejects LINUX_VERSION_CODE): the same change
 * added blk_mq_freeze_queue_nomemsave(), which Kbuild probes in blk-mq.h.
 */
#ifdef UB_HAVE_FREEZE_MEMFLAGS
static inline unsigned int ub_freeze_queue(struct request_queue *q)
{
	return blk_mq_freeze_queue(q);
}

static inline void ub_unfreeze_queue(struct request_queue *q,
				     unsigned int memflags)
{
	blk_mq_unfreeze_queue(q, memflags);
}
#else
static inline unsigned int ub_freeze_queue(struct request_queue *q)
{
	blk_mq_freeze_queue(q);
	return 0;
}

static inline void ub_unfreeze_queue(struct request_queue *q,
				     unsigned int memflags)
{
	blk_mq_unfreeze_queue(q);
}
#endif

/*
 * 6.13 added hrtimer_setup(), which sets the callback with the rest, and
 * later kernels removed hrtimer_init() (7.3 has none); Kbuild probes
 * hrtimer.h.
 */
static inline void ub_hrtimer_setup(struct hrtimer *timer,
				    enum hrtimer_restart (*fn)(struct hrtimer *),
				    clockid_t clock, enum hrtimer_mode mode)
{
#ifdef UB_HAVE_HRTIMER_SETUP
	hrtimer_setup(timer, fn, clock, mode);
#else
	hrtimer_init(timer, clock, mode);
	timer->function = fn;
#endif
}

/*
 * The io_uring command API moved to its own header (6.12; Kbuild probes
 * for it) and the SQE access changed: ub_uring_cmd_area(ioucmd, type)
 * gives the command area as a const type *.  7.3's io_uring_sqe_cmd(sqe,
 * type) is a macro that also checks that type fits; 6.12's takes the SQE
 * only; 6.1 has ioucmd->cmd.
 */
#ifdef UB_HAVE_IO_URING_CMD_H
#include <linux/io_uring/cmd.h>
#ifdef io_uring_sqe_cmd
#define ub_uring_cmd_area(ioucmd, type) io_uring_sqe_cmd((ioucmd)->sqe, type)
#else
#define ub_uring_cmd_area(ioucmd, type) \
	((const type *)io_uring_sqe_cmd((ioucmd)->sqe))
#endif
#else
#include <linux/io_uring.h>
#define ub_uring_cmd_area(ioucmd, type) ((const type *)(ioucmd)->cmd)
#endif

/*
 * io_uring_cmd_done() lost its res2 argument when io_uring_cmd_done32()
 * took over big CQEs (7.3 has both; Kbuild probes io_uring/cmd.h for the
 * latter).  The driver never posts a res2.
 */
static inline void ub_uring_cmd_done(struct io_uring_cmd *ioucmd, s32 ret,
				     unsigned int issue_flags)
{
#ifdef UB_HAVE_IO_URING_CMD_DONE32
	io_uring_cmd_done(ioucmd, ret, issue_flags);
#else
	io_uring_cmd_done(ioucmd, ret, 0, issue_flags);
#endif
}

/*
 * configfs_register_group() refuses a name the parent already holds on
 * 6.1 and 6.12 (-EEXIST), but 7.3's adds a second entry of that name
 * (measured: a mkdir'd "uring.2", then a kernel-made "uring.2", listed
 * twice).  Nothing in the headers tells, so look first on every kernel,
 * under the subsystem mutex as config_group_find_item() requires.  A
 * user's mkdir of that name can still come in between the two: the rule
 * names the driver makes are its own ("uring.<id>"), and only a user
 * racing FAULT_ADD with the very name it is about to take could double it.
 */
static inline int ub_configfs_register_group(struct config_group *parent,
					     struct config_group *group)
{
	struct configfs_subsystem *subsys = parent->cg_subsys;
	struct config_item *item;

	mutex_lock(&subsys->su_mutex);
	item = config_group_find_item(parent, config_item_name(&group->cg_item));
	mutex_unlock(&subsys->su_mutex);
	if (item) {
		config_item_put(item);
		return -EEXIST;
	}
	return configfs_register_group(parent, group);
}

/* Bytes done in a bio's current bvec: renamed bi_offset on 7.3. */
#ifdef UB_HAVE_BI_BVEC_DONE
#define ub_bvec_iter_offset(iter)	((iter).bi_bvec_done)
#else
#define ub_bvec_iter_offset(iter)	((iter).bi_offset)
#endif

/*
 * Freeze protection for a write issued asynchronously (loop's lo_rw_aio):
 * taken before ->write_iter, dropped when the kiocb completes, maybe in
 * another context, so lockdep is told the submitter released it and the
 * completion acquired it.  kiocb_start_write() and kiocb_end_write() came
 * with 6.6 (Debian's 6.1 has them backported; Kbuild probes fs.h); before
 * them the same dance was open-coded, as 6.1's fs/aio.c aio_write() and
 * aio_complete_rw() do.
 */
#ifdef UB_HAVE_KIOCB_START_WRITE
static inline void ub_kiocb_start_write(struct kiocb *iocb)
{
	kiocb_start_write(iocb);
}

static inline void ub_kiocb_end_write(struct kiocb *iocb)
{
	kiocb_end_write(iocb);
}
#else
static inline void ub_kiocb_start_write(struct kiocb *iocb)
{
	struct super_block *sb = file_inode(iocb->ki_filp)->i_sb;

	sb_start_write(sb);
	__sb_writers_release(sb, SB_FREEZE_WRITE);
}

static inline void ub_kiocb_end_write(struct kiocb *iocb)
{
	struct super_block *sb = file_inode(iocb->ki_filp)->i_sb;

	__sb_writers_acquired(sb, SB_FREEZE_WRITE);
	sb_end_write(sb);
}
#endif

/*
 * PF_LOCAL_THROTTLE (5.10+): dirty throttling of the file worker counts
 * only the backing file's own bdi, not the one our disk's pages are
 * dirtied against (loop's worker sets it).  A kernel without it gets
 * PF_MEMALLOC_NOIO alone.
 */
#ifdef PF_LOCAL_THROTTLE
#define UB_PF_LOCAL_THROTTLE	PF_LOCAL_THROTTLE
#else
#define UB_PF_LOCAL_THROTTLE	0
#endif

#endif /* _URINGBLK_COMPAT_H */
