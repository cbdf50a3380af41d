// SPDX-License-Identifier: GPL-2.0
/*
 * backend=none: no data at all, null_blk's memory_backed=0.  Writes store
 * nothing and reads leave the request's pages as they are, so what a read
 * returns is undefined (whatever the buffer held).  Every other part of a
 * device works the same over it: fault rules, statistics, completion
 * modes, poll queues, and zones, whose write pointers zoned.c keeps.  It
 * measures the block layer and the driver without any copy.
 */
#include <linux/blkdev.h>
#include <linux/slab.h>

#include "backend.h"
#include "uringblk.h"

static blk_status_t ub_none_queue_rq(struct ub_backend *be,
				     struct request *rq, u64 limit)
{
	return BLK_STS_OK;
}

/* Nothing holds a zone's data: a reset has nothing to give back. */
static void ub_none_discard(struct ub_backend *be, u64 pos, u64 len)
{
}

static void ub_none_truncate(struct ub_backend *be, u64 size)
{
}

static void ub_none_destroy(struct ub_backend *be)
{
	kfree(be);
}

static const struct ub_backend_ops ub_none_ops = {
	.name		= "none",
	.queue_rq	= ub_none_queue_rq,
	.discard	= ub_none_discard,
	.truncate	= ub_none_truncate,
	.destroy	= ub_none_destroy,
};

struct ub_backend *ub_none_backend_create(const struct uringblk_config *c)
{
	struct ub_backend *be = kzalloc(sizeof(*be), GFP_KERNEL);

	if (!be)
		return NULL;
	be->ops = &ub_none_ops;
	be->home_node = NUMA_NO_NODE;
	return be;
}
