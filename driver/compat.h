/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place that knows about kernel API differences between the
 * kernels uringblk supports (Debian's 6.1 and 6.12), keyed on the
 * features the headers define rather than on version numbers (Debian's
 * 6.1 carries backports).  Everything else reads as one kernel's code.
 */
#ifndef _URINGBLK_COMPAT_H
#define _URINGBLK_COMPAT_H

#include <linux/blk-mq.h>
#include <linux/blkdev.h>

/* Queue limits the driver sets, independent of how the kernel takes them. */
struct ub_limits {
	u32 logical_block_size;
	u32 physical_block_size;
	u32 max_sectors;
	u32 max_discard_sectors;	/* 0: no discard */
	u32 max_write_zeroes_sectors;	/* 0: no write zeroes */
	bool write_cache;		/* volatile cache: FLUSH and FUA */
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
		.discard_granularity	= l->logical_block_size,
		.max_write_zeroes_sectors = l->max_write_zeroes_sectors,
	};

	if (l->write_cache)
		lim.features |= BLK_FEAT_WRITE_CACHE | BLK_FEAT_FUA;
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
	q->limits.discard_granularity = l->logical_block_size;
	blk_queue_max_write_zeroes_sectors(q, l->max_write_zeroes_sectors);
	blk_queue_write_cache(q, l->write_cache, l->write_cache);
	/* 6.12 defaults to non-rotational; 6.1 must be told. */
	blk_queue_flag_set(QUEUE_FLAG_NONROT, q);
	blk_queue_flag_clear(QUEUE_FLAG_ADD_RANDOM, q);
	return disk;
}
#endif

/* ->queue_rqs() takes a struct rq_list on 6.12, a request chain on 6.1. */
#ifdef UB_HAVE_RQ_LIST
#define UB_RQ_LIST struct rq_list
#else
#define UB_RQ_LIST struct request *
#endif

/*
 * The io_uring command API moved to its own header and the SQE access
 * changed; Kbuild probes for the header.
 */
#ifdef UB_HAVE_IO_URING_CMD_H
#include <linux/io_uring/cmd.h>
static inline const void *ub_uring_cmd_area(struct io_uring_cmd *ioucmd)
{
	return io_uring_sqe_cmd(ioucmd->sqe);
}
#else
#include <linux/io_uring.h>
static inline const void *ub_uring_cmd_area(struct io_uring_cmd *ioucmd)
{
	return ioucmd->cmd;
}
#endif

#endif /* _URINGBLK_COMPAT_H */
