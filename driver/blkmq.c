// SPDX-License-Identifier: GPL-2.0
/*
 * blk-mq queue operations: dispatch a request to the backend and complete
 * it inline, from softirq, from a timer, or through ->poll on poll queues.
 */
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/hrtimer.h>

#include "backend.h"
#include "uringblk.h"

static blk_status_t ub_rw(struct ub_backend *be, struct request *rq)
{
	bool write = op_is_write(req_op(rq));
	u64 pos = (u64)blk_rq_pos(rq) << SECTOR_SHIFT;
	struct req_iterator iter;
	struct bio_vec bv;
	blk_status_t st;

	rq_for_each_segment(bv, rq, iter) {
		if (write)
			st = be->ops->write(be, bv.bv_page, bv.bv_offset,
					    bv.bv_len, pos);
		else
			st = be->ops->read(be, bv.bv_page, bv.bv_offset,
					   bv.bv_len, pos);
		if (st != BLK_STS_OK)
			return st;
		pos += bv.bv_len;
	}
	return BLK_STS_OK;
}

static blk_status_t ub_execute(struct uringblk_dev *dev, struct request *rq)
{
	struct ub_backend *be = dev->backend;
	sector_t sector = blk_rq_pos(rq);
	unsigned int nr = blk_rq_sectors(rq);

	if (req_op(rq) == REQ_OP_FLUSH)
		return BLK_STS_OK;	/* data never sits in a volatile cache */
	/* A shrink may have raced with a request built for the old size. */
	if (sector + nr > get_capacity(dev->disk))
		return BLK_STS_IOERR;

	switch (req_op(rq)) {
	case REQ_OP_READ:
	case REQ_OP_WRITE:
		return ub_rw(be, rq);
	case REQ_OP_DISCARD:
	case REQ_OP_WRITE_ZEROES:
		return be->ops->zero(be, (u64)sector << SECTOR_SHIFT,
				     (u64)nr << SECTOR_SHIFT);
	default:
		return BLK_STS_NOTSUPP;
	}
}

static blk_status_t ub_queue_rq(struct blk_mq_hw_ctx *hctx,
				const struct blk_mq_queue_data *bd)
{
	struct request *rq = bd->rq;
	struct ub_cmd *cmd = blk_mq_rq_to_pdu(rq);
	struct uringblk_dev *dev = hctx->queue->queuedata;

	blk_mq_start_request(rq);
	ub_stats_start(dev, rq);
	cmd->status = ub_execute(dev, rq);

	if (hctx->type == HCTX_TYPE_POLL) {
		struct ub_queue *uq = hctx->driver_data;

		spin_lock(&uq->poll_lock);
		list_add_tail(&rq->queuelist, &uq->poll_list);
		spin_unlock(&uq->poll_lock);
		return BLK_STS_OK;
	}

	switch (dev->cfg.completion) {
	case UB_COMPLETION_SOFTIRQ:
		blk_mq_complete_request(rq);
		break;
	case UB_COMPLETION_TIMER:
		hrtimer_start(&cmd->timer, ns_to_ktime(dev->cfg.completion_nsec),
			      HRTIMER_MODE_REL);
		break;
	default:
		ub_stats_done(dev, rq, false);
		blk_mq_end_request(rq, cmd->status);
		break;
	}
	return BLK_STS_OK;
}

static void ub_complete_rq(struct request *rq)
{
	struct ub_cmd *cmd = blk_mq_rq_to_pdu(rq);

	ub_stats_done(rq->q->queuedata, rq, false);
	blk_mq_end_request(rq, cmd->status);
}

static enum hrtimer_restart ub_timer_fn(struct hrtimer *timer)
{
	struct ub_cmd *cmd = container_of(timer, struct ub_cmd, timer);
	struct request *rq = blk_mq_rq_from_pdu(cmd);

	ub_stats_done(rq->q->queuedata, rq, false);
	blk_mq_end_request(rq, cmd->status);
	return HRTIMER_NORESTART;
}

static int ub_poll(struct blk_mq_hw_ctx *hctx, struct io_comp_batch *iob)
{
	struct ub_queue *uq = hctx->driver_data;
	struct request *rq;
	LIST_HEAD(list);
	int nr = 0;

	spin_lock(&uq->poll_lock);
	list_splice_init(&uq->poll_list, &list);
	/* Tell the timeout handler these are ours to complete now. */
	list_for_each_entry(rq, &list, queuelist)
		blk_mq_set_request_complete(rq);
	spin_unlock(&uq->poll_lock);

	while (!list_empty(&list)) {
		struct ub_cmd *cmd;

		rq = list_first_entry(&list, struct request, queuelist);
		list_del_init(&rq->queuelist);
		cmd = blk_mq_rq_to_pdu(rq);
		ub_stats_done(rq->q->queuedata, rq, true);
		if (!blk_mq_add_to_batch(rq, iob, cmd->status != BLK_STS_OK,
					 blk_mq_end_request_batch))
			blk_mq_end_request(rq, cmd->status);
		nr++;
	}
	return nr;
}

static enum blk_eh_timer_return ub_timeout(struct request *rq)
{
	struct blk_mq_hw_ctx *hctx = rq->mq_hctx;
	struct ub_cmd *cmd = blk_mq_rq_to_pdu(rq);

	if (hctx->type == HCTX_TYPE_POLL) {
		struct ub_queue *uq = hctx->driver_data;

		/* Nobody polled for it: complete it here, unless poll did. */
		spin_lock(&uq->poll_lock);
		if (blk_mq_request_completed(rq)) {
			spin_unlock(&uq->poll_lock);
			return BLK_EH_DONE;
		}
		list_del_init(&rq->queuelist);
		spin_unlock(&uq->poll_lock);
		cmd->status = BLK_STS_TIMEOUT;
		ub_stats_done(rq->q->queuedata, rq, false);
		blk_mq_end_request(rq, cmd->status);
		return BLK_EH_DONE;
	}
	/* Timer and softirq completions are on their way. */
	return BLK_EH_RESET_TIMER;
}

static void ub_map_queues(struct blk_mq_tag_set *set)
{
	struct uringblk_dev *dev = set->driver_data;
	u32 nr = dev->cfg.nr_hw_queues, poll = dev->cfg.poll_queues;
	unsigned int i, qoff = 0;

	/*
	 * If blk-mq could not grow the tag set it maps with the old count:
	 * fall back to the split the set was built with (null_blk does too).
	 */
	if (set->nr_hw_queues != nr + poll) {
		nr = dev->prev_nr_hw_queues;
		poll = dev->prev_poll_queues;
	}

	for (i = 0; i < set->nr_maps; i++) {
		struct blk_mq_queue_map *map = &set->map[i];

		map->nr_queues = i == HCTX_TYPE_DEFAULT ? nr :
				 i == HCTX_TYPE_POLL ? poll : 0;
		map->queue_offset = qoff;
		/* An empty map falls back to the default one in blk-mq. */
		if (!map->nr_queues)
			continue;
		qoff += map->nr_queues;
		blk_mq_map_queues(map);
	}
}

static int ub_init_hctx(struct blk_mq_hw_ctx *hctx, void *data,
			unsigned int hctx_idx)
{
	struct uringblk_dev *dev = data;

	hctx->driver_data = &dev->queues[hctx_idx];
	return 0;
}

static int ub_init_request(struct blk_mq_tag_set *set, struct request *rq,
			   unsigned int hctx_idx, unsigned int numa_node)
{
	struct ub_cmd *cmd = blk_mq_rq_to_pdu(rq);

	hrtimer_init(&cmd->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	cmd->timer.function = ub_timer_fn;
	return 0;
}

const struct blk_mq_ops ub_mq_ops = {
	.queue_rq	= ub_queue_rq,
	.complete	= ub_complete_rq,
	.poll		= ub_poll,
	.timeout	= ub_timeout,
	.map_queues	= ub_map_queues,
	.init_hctx	= ub_init_hctx,
	.init_request	= ub_init_request,
};
