// SPDX-License-Identifier: GPL-2.0
/*
 * blk-mq queue operations: dispatch a request to the backend and complete
 * it inline, from softirq, from a timer, or through ->poll on poll queues.
 */
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/hrtimer.h>

#include "backend.h"
#include "compat.h"
#include "uringblk.h"
#include "zoned.h"

/*
 * Hand the request to the backend.  Until it returns, or until it calls
 * ub_backend_done() for a request it kept (UB_STS_PENDING), the backend
 * owns it; after UB_STS_PENDING the caller must not touch the request.
 * Inline in both callers: GCC 14 made it a call once the fault path
 * became the second.
 */
static __always_inline blk_status_t
ub_execute(struct uringblk_dev *dev, struct request *rq, u64 limit)
{
	struct ub_backend *be = dev->backend;
	struct ub_cmd *cmd = blk_mq_rq_to_pdu(rq);
	blk_status_t st;

	/* A shrink may have raced with a request built for the old size. */
	if (req_op(rq) != REQ_OP_FLUSH &&
	    blk_rq_pos(rq) + blk_rq_sectors(rq) > get_capacity(dev->disk))
		return BLK_STS_IOERR;
	/* Zone state decides every write; a read only an offline zone's. */
	if (dev->zones) {
		if (req_op(rq) != REQ_OP_READ)
			return ub_zoned_execute(dev, rq, limit);
		st = ub_zoned_read(dev, rq);
		if (st)
			return st;
	}
	cmd->owner = UB_OWNER_BACKEND;
	st = be->ops->queue_rq(be, rq, limit);
	if (st != UB_STS_PENDING)
		cmd->owner = UB_OWNER_QUEUE_RQ;
	return st;
}

/*
 * Hand the request to its timer.  On a poll queue the owner is set first,
 * under the poll lock the timeout handler takes there, so the handler
 * never mistakes a timer's request for one it may end itself (elsewhere
 * the handler leaves every unheld request to its owner).
 */
static void ub_arm_timer(struct blk_mq_hw_ctx *hctx, struct ub_cmd *cmd,
			 u64 delay_ns)
{
	struct ub_queue *uq = hctx->driver_data;
	unsigned long flags;

	if (hctx->type == HCTX_TYPE_POLL) {
		spin_lock_irqsave(&uq->poll_lock, flags);
		cmd->owner = UB_OWNER_TIMER;
		spin_unlock_irqrestore(&uq->poll_lock, flags);
	}
	hrtimer_start(&cmd->timer, ns_to_ktime(delay_ns), HRTIMER_MODE_REL);
}

/*
 * Leave a done request on its poll queue's list for ->poll to end.  The
 * lock is irq-safe: the hrtimer adds requests from hard interrupt context.
 */
static void ub_poll_list_add(struct blk_mq_hw_ctx *hctx, struct ub_cmd *cmd)
{
	struct ub_queue *uq = hctx->driver_data;
	unsigned long flags;

	/* Its own link: rq->queuelist is the plug list's (rq_next). */
	spin_lock_irqsave(&uq->poll_lock, flags);
	cmd->owner = UB_OWNER_POLL;
	list_add_tail(&cmd->poll_node, &uq->poll_list);
	spin_unlock_irqrestore(&uq->poll_lock, flags);
}

/*
 * A delay rule's delay plus, with completion=model, the model's: a rule
 * adds to the model, and both beat every other completion mode, polled
 * ones too.  A total of zero (a model's "fixed 0", or a draw of 0) arms
 * no timer: the request ends as with completion=inline, so that a zero
 * model costs what inline does.  Out of line: the other modes pay one
 * branch for it.  Returns false when nothing was armed.
 */
static noinline bool ub_finish_delayed(struct blk_mq_hw_ctx *hctx,
				       struct request *rq)
{
	struct ub_cmd *cmd = blk_mq_rq_to_pdu(rq);
	struct uringblk_dev *dev = hctx->queue->queuedata;
	u64 delay = cmd->delay_ns;

	if (dev->cfg.completion == UB_COMPLETION_model)
		delay += ub_model_delay(dev, rq);
	if (!delay)
		return false;
	ub_arm_timer(hctx, cmd, delay);
	return true;
}

/* Complete a request whose data has moved, in the device's way. */
static void ub_finish(struct blk_mq_hw_ctx *hctx, struct request *rq)
{
	struct ub_cmd *cmd = blk_mq_rq_to_pdu(rq);
	struct uringblk_dev *dev = hctx->queue->queuedata;

	if ((cmd->delay_ns || dev->cfg.completion == UB_COMPLETION_model) &&
	    ub_finish_delayed(hctx, rq))
		return;

	if (hctx->type == HCTX_TYPE_POLL) {
		ub_poll_list_add(hctx, cmd);
		return;
	}

	switch (dev->cfg.completion) {
	case UB_COMPLETION_softirq:
		blk_mq_complete_request(rq);
		break;
	case UB_COMPLETION_timer:
		ub_arm_timer(hctx, cmd, dev->cfg.completion_nsec);
		break;
	default:
		ub_stats_done(dev, rq, false);
		blk_mq_end_request(rq, cmd->status);
		break;
	}
}

/*
 * A request some armed rule covers: the rules may end it, hold it, delay
 * it or tear it, else it runs.  Out of line, so that the hot path keeps
 * no address-taken locals (no stack canary) when no rule is armed.
 */
static noinline blk_status_t ub_queue_rq_faults(struct uringblk_dev *dev,
						struct request *rq)
{
	struct ub_cmd *cmd = blk_mq_rq_to_pdu(rq);
	u64 limit = U64_MAX;
	blk_status_t st;

	if (ub_fault_inject(dev, rq, &st, &limit))
		return st;
	st = ub_execute(dev, rq, limit);
	/* A torn write's or corrupt read's outcome (faults.c). */
	if (unlikely(cmd->post != UB_POST_NONE) && st != UB_STS_PENDING)
		st = ub_fault_done(rq, st);
	return st;
}

static blk_status_t ub_queue_rq(struct blk_mq_hw_ctx *hctx,
				const struct blk_mq_queue_data *bd)
{
	struct request *rq = bd->rq;
	struct ub_cmd *cmd = blk_mq_rq_to_pdu(rq);
	struct uringblk_dev *dev = hctx->queue->queuedata;
	int op = ub_rq_op(rq);
	blk_status_t st;

	blk_mq_start_request(rq);
	ub_stats_start(dev, rq, op);
	cmd->injected = UB_INJ_NONE;
	cmd->owner = UB_OWNER_QUEUE_RQ;
	cmd->post = UB_POST_NONE;
	cmd->delay_ns = 0;
	/* One read of one counter when no rule covers this operation. */
	if (unlikely(READ_ONCE(dev->powerfailed)))
		st = BLK_STS_IOERR;	/* the disk is gone (powerfail.c) */
	else if (likely(op < 0 || !atomic_read(&dev->faults.nr_armed[op])))
		st = ub_execute(dev, rq, U64_MAX);
	else
		st = ub_queue_rq_faults(dev, rq);
	/* Held until it times out, or the backend's until it is done. */
	if (st == UB_STS_PENDING)
		return BLK_STS_OK;
	cmd->status = st;
	ub_finish(hctx, rq);
	return BLK_STS_OK;
}

/**
 * ub_backend_done() - a backend finished a request it kept
 * @rq: the request ->queue_rq of the backend returned UB_STS_PENDING for
 * @status: its outcome
 *
 * May run in any context, hard interrupts included (a kiocb completion on
 * the backing device's end_io): a delay rule's or the model's timer is armed, a polled
 * request goes on its poll list (irq-safe lock) for ->poll, anything else
 * through blk_mq_complete_request() (softirq), which counts the
 * statistics and ends it once.
 */
void ub_backend_done(struct request *rq, blk_status_t status)
{
	struct ub_cmd *cmd = blk_mq_rq_to_pdu(rq);
	struct uringblk_dev *dev = rq->q->queuedata;
	u64 delay;

	if (unlikely(cmd->post != UB_POST_NONE))
		status = ub_fault_done(rq, status);
	cmd->status = status;
	if (cmd->delay_ns || dev->cfg.completion == UB_COMPLETION_model) {
		delay = cmd->delay_ns;
		if (dev->cfg.completion == UB_COMPLETION_model)
			delay += ub_model_delay(dev, rq);
		/* Neither state is the timeout handler's: no lock needed. */
		if (delay) {
			WRITE_ONCE(cmd->owner, UB_OWNER_TIMER);
			hrtimer_start(&cmd->timer, ns_to_ktime(delay),
				      HRTIMER_MODE_REL);
			return;
		}
	}
	/* Polled: ->poll ends it in task context (see ub_timer_fn()). */
	if (rq->mq_hctx->type == HCTX_TYPE_POLL) {
		ub_poll_list_add(rq->mq_hctx, cmd);
		return;
	}
	WRITE_ONCE(cmd->owner, UB_OWNER_QUEUE_RQ);
	blk_mq_complete_request(rq);
}

/*
 * A plug list for this queue (io_uring submits its batch under a plug):
 * one call for all of it instead of blk-mq's direct issue per request.
 * ->queue_rq never fails, so nothing is left on the list to requeue.
 */
static void ub_queue_rqs(UB_RQ_LIST *rqlist)
{
	struct blk_mq_queue_data bd = { };
	struct request *rq;

	while ((rq = rq_list_pop(rqlist))) {
		bd.rq = rq;
		ub_queue_rq(rq->mq_hctx, &bd);
	}
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

	/*
	 * A polled request's bio may come from the per-CPU bio cache, which
	 * must not be freed in interrupt context (6.1 warns in bio_put):
	 * ->poll ends it, in the poller's task.
	 */
	if (rq->mq_hctx->type == HCTX_TYPE_POLL) {
		ub_poll_list_add(rq->mq_hctx, cmd);
		return HRTIMER_NORESTART;
	}
	ub_stats_done(rq->q->queuedata, rq, false);
	blk_mq_end_request(rq, cmd->status);
	return HRTIMER_NORESTART;
}

/*
 * Move the done requests of a poll queue to @list; ours to end now, so
 * the timeout handler must keep its hands off them.
 */
static void ub_take_poll_list(struct ub_queue *uq, struct list_head *list)
{
	struct ub_cmd *cmd;

	spin_lock_irq(&uq->poll_lock);
	list_splice_init(&uq->poll_list, list);
	list_for_each_entry(cmd, list, poll_node) {
		cmd->owner = UB_OWNER_QUEUE_RQ;
		blk_mq_set_request_complete(blk_mq_rq_from_pdu(cmd));
	}
	spin_unlock_irq(&uq->poll_lock);
}

static int ub_poll(struct blk_mq_hw_ctx *hctx, struct io_comp_batch *iob)
{
	struct ub_queue *uq = hctx->driver_data;
	struct ub_cmd *cmd, *next;
	LIST_HEAD(list);
	int nr = 0;

	ub_take_poll_list(uq, &list);
	list_for_each_entry_safe(cmd, next, &list, poll_node) {
		struct request *rq = blk_mq_rq_from_pdu(cmd);

		list_del_init(&cmd->poll_node);
		ub_stats_done(rq->q->queuedata, rq, true);
		if (!blk_mq_add_to_batch(rq, iob, cmd->status != BLK_STS_OK,
					 blk_mq_end_request_batch))
			blk_mq_end_request(rq, cmd->status);
		nr++;
	}
	return nr;
}

/*
 * blk-mq found a request older than io_timeout_ms.  Who ends it depends
 * on where it is (enum ub_owner): a held request is failed here as a real
 * timeout; a request done and waiting on the poll list has moved its
 * data, so it ends with its own status, as nvme completes a polled
 * command it finds at timeout; a request on its timer, in the backend's
 * hands (a file I/O in flight), or still in a blocking ->queue_rq, is
 * left to that owner and its timer restarts.
 */
static enum blk_eh_timer_return ub_timeout(struct request *rq)
{
	struct blk_mq_hw_ctx *hctx = rq->mq_hctx;
	struct ub_queue *uq = hctx->driver_data;
	struct ub_cmd *cmd = blk_mq_rq_to_pdu(rq);
	struct uringblk_dev *dev = rq->q->queuedata;

	if (atomic_xchg(&cmd->held, 0)) {
		cmd->status = BLK_STS_TIMEOUT;
		blk_mq_complete_request(rq);
		return BLK_EH_DONE;
	}
	if (hctx->type != HCTX_TYPE_POLL)
		return BLK_EH_RESET_TIMER;

	spin_lock_irq(&uq->poll_lock);
	if (blk_mq_request_completed(rq) || cmd->owner != UB_OWNER_POLL) {
		spin_unlock_irq(&uq->poll_lock);
		return blk_mq_request_completed(rq) ? BLK_EH_DONE :
						      BLK_EH_RESET_TIMER;
	}
	list_del_init(&cmd->poll_node);
	cmd->owner = UB_OWNER_QUEUE_RQ;
	spin_unlock_irq(&uq->poll_lock);
	atomic_long_inc(&dev->timeout_polled_ended);
	ub_stats_done(dev, rq, false);
	blk_mq_end_request(rq, cmd->status);
	return BLK_EH_DONE;
}

static bool ub_release_one(struct request *rq, void *data)
{
	struct ub_cmd *cmd = blk_mq_rq_to_pdu(rq);

	if (atomic_xchg(&cmd->held, 0)) {
		cmd->status = *(blk_status_t *)data;
		blk_mq_complete_request(rq);
	}
	return true;
}

/*
 * End the done requests waiting on a poll list whose poller may never come
 * back (an io_uring task stopped with SIGSTOP), each with its own status,
 * as ->poll would have.  Task context, so a cached bio may be freed here.
 */
static void ub_end_unpolled(struct uringblk_dev *dev)
{
	unsigned int i;

	for (i = 0; i < dev->tag_set.nr_hw_queues; i++) {
		struct ub_queue *uq = &dev->queues[i];
		struct ub_cmd *cmd, *next;
		LIST_HEAD(list);

		ub_take_poll_list(uq, &list);
		list_for_each_entry_safe(cmd, next, &list, poll_node) {
			struct request *rq = blk_mq_rq_from_pdu(cmd);

			list_del_init(&cmd->poll_node);
			atomic_long_inc(&dev->unpolled_ended);
			ub_stats_done(dev, rq, false);
			blk_mq_end_request(rq, cmd->status);
		}
	}
}

/*
 * End the requests timeout rules hold, with @status, and hold no new ones
 * until ub_hold_again(); end the done ones nobody polls too: power off, a
 * shrink's queue freeze and a queue count change would otherwise wait up
 * to io_timeout_ms for them.  With the queue quiesced and hold_fail set,
 * no ->queue_rq can hold another one behind our back.
 */
void ub_release_held(struct uringblk_dev *dev, blk_status_t status)
{
	struct request_queue *q = dev->disk->queue;

	WRITE_ONCE(dev->hold_fail, status);
	blk_mq_quiesce_queue(q);
	blk_mq_tagset_busy_iter(&dev->tag_set, ub_release_one, &status);
	ub_end_unpolled(dev);
	blk_mq_unquiesce_queue(q);
}

/* The change is made: timeout rules hold requests again. */
void ub_hold_again(struct uringblk_dev *dev)
{
	WRITE_ONCE(dev->hold_fail, BLK_STS_OK);
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
			   unsigned int hctx_idx, UB_NUMA_NODE_T numa_node)
{
	struct ub_cmd *cmd = blk_mq_rq_to_pdu(rq);

	ub_hrtimer_setup(&cmd->timer, ub_timer_fn, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	INIT_LIST_HEAD(&cmd->poll_node);
	atomic_set(&cmd->held, 0);
	return 0;
}

const struct blk_mq_ops ub_mq_ops = {
	.queue_rq	= ub_queue_rq,
	.queue_rqs	= ub_queue_rqs,
	.complete	= ub_complete_rq,
	.poll		= ub_poll,
	.timeout	= ub_timeout,
	.map_queues	= ub_map_queues,
	.init_hctx	= ub_init_hctx,
	.init_request	= ub_init_request,
};
