// SPDX-License-Identifier: GPL-2.0
/*
 * Statistics: per operation counts, bytes, errors and a log2 latency
 * histogram, and per hardware queue dispatch and polled completion counts,
 * all kept per CPU and summed on read.
 */
#include <linux/blk-mq.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "stats.h"
#include "uringblk.h"

/* Operation names, as configfs fault rules, sysfs and debugfs spell them. */
const char *const ub_op_names[URINGBLK_NR_OPS] = {
	[URINGBLK_OP_READ]		= "read",
	[URINGBLK_OP_WRITE]		= "write",
	[URINGBLK_OP_FLUSH]		= "flush",
	[URINGBLK_OP_DISCARD]		= "discard",
	[URINGBLK_OP_WRITE_ZEROES]	= "write_zeroes",
};

/* Hardware queues can be nr_hw_queues + poll_queues, each up to nr_cpu_ids. */
unsigned int ub_stats_nr_queues(void)
{
	return 2 * nr_cpu_ids;
}

static size_t ub_counts_size(void)
{
	return struct_size((struct ub_counts *)NULL, queue, ub_stats_nr_queues());
}

int ub_stats_init(struct ub_stats *s)
{
	spin_lock_init(&s->lock);
	s->base = kzalloc(ub_counts_size(), GFP_KERNEL);
	if (!s->base)
		return -ENOMEM;
	s->pcpu = __alloc_percpu(ub_counts_size(), __alignof__(u64));
	if (!s->pcpu) {
		kfree(s->base);
		return -ENOMEM;
	}
	return 0;
}

void ub_stats_free(struct ub_stats *s)
{
	free_percpu(s->pcpu);
	kfree(s->base);
}

/* Add every counter of @src into @dst (both ub_counts_size() long). */
static void ub_counts_add(struct ub_counts *dst, const struct ub_counts *src,
			  bool subtract)
{
	size_t i, n = ub_counts_size() / sizeof(u64);
	const u64 *s = (const u64 *)src;
	u64 *d = (u64 *)dst;

	for (i = 0; i < n; i++)
		d[i] = subtract ? d[i] - s[i] : d[i] + s[i];
}

static struct ub_counts *ub_stats_sum(struct ub_stats *s)
{
	struct ub_counts *sum = kzalloc(ub_counts_size(), GFP_KERNEL);
	int cpu;

	if (!sum)
		return NULL;
	for_each_possible_cpu(cpu)
		ub_counts_add(sum, per_cpu_ptr(s->pcpu, cpu), false);
	return sum;
}

/*
 * Counters since the last reset, kfree() the result; @in_flight gets the
 * requests dispatched and not completed, which a reset does not change.
 */
struct ub_counts *ub_stats_snapshot(struct ub_stats *s, u64 *in_flight)
{
	struct ub_counts *sum = ub_stats_sum(s);
	unsigned int op;

	if (!sum)
		return NULL;
	*in_flight = sum->started;
	for (op = 0; op < URINGBLK_NR_OPS; op++)
		*in_flight -= sum->ios[op];
	spin_lock(&s->lock);
	ub_counts_add(sum, s->base, true);
	spin_unlock(&s->lock);
	return sum;
}

void ub_stats_reset(struct ub_stats *s)
{
	struct ub_counts *sum = ub_stats_sum(s);

	if (!sum)
		return;
	spin_lock(&s->lock);
	memcpy(s->base, sum, ub_counts_size());
	spin_unlock(&s->lock);
	kfree(sum);
}

/*
 * P50, P90, P99 and P99.9 of a histogram: the upper edge of the bucket
 * that holds the rank, so a percentile never understates the latency.
 */
void ub_stats_percentiles(const u64 *buckets, u64 *count, u64 pct[4])
{
	static const unsigned int per_mille[4] = { 500, 900, 990, 999 };
	u64 total = 0, seen = 0;
	unsigned int b = 0, p;

	for (b = 0; b < URINGBLK_LAT_BUCKETS; b++)
		total += buckets[b];
	*count = total;
	b = 0;
	for (p = 0; p < 4; p++) {
		u64 rank = DIV_ROUND_UP_ULL(total * per_mille[p], 1000);

		if (!total) {
			pct[p] = 0;
			continue;
		}
		while (b < URINGBLK_LAT_BUCKETS - 1 && seen + buckets[b] < rank)
			seen += buckets[b++];
		pct[p] = (2ULL << b) - 1;
	}
}

void ub_stats_start(struct uringblk_dev *dev, struct request *rq)
{
	struct ub_cmd *cmd = blk_mq_rq_to_pdu(rq);
	struct ub_counts __percpu *c = dev->stats.pcpu;

	cmd->op = ub_rq_op(rq);
	if (!READ_ONCE(dev->cfg.stats) || cmd->op < 0) {
		cmd->op = -1;
		return;
	}
	cmd->bytes = blk_rq_bytes(rq);
	cmd->start_ns = ktime_get_ns();
	this_cpu_inc(c->started);
	this_cpu_inc(c->queue[rq->mq_hctx->queue_num].dispatched);
}

void ub_stats_done(struct uringblk_dev *dev, struct request *rq, bool polled)
{
	struct ub_cmd *cmd = blk_mq_rq_to_pdu(rq);
	struct ub_counts __percpu *c = dev->stats.pcpu;
	u64 ns;
	int op = cmd->op;

	if (op < 0)
		return;
	ns = ktime_get_ns() - cmd->start_ns;
	this_cpu_inc(c->ios[op]);
	this_cpu_add(c->bytes[op], cmd->bytes);
	if (cmd->injected == UB_INJ_DELAY)
		this_cpu_inc(c->delays[op]);
	else if (cmd->injected == UB_INJ_CORRUPT)
		this_cpu_inc(c->corruptions[op]);
	if (cmd->status != BLK_STS_OK) {
		/* Injected errors are counted apart from real ones. */
		if (cmd->injected == UB_INJ_ERROR)
			this_cpu_inc(c->injected[op]);
		else
			this_cpu_inc(c->errors[op]);
	}
	this_cpu_inc(c->lat[op][min_t(unsigned int, ns ? ilog2(ns) : 0,
				      URINGBLK_LAT_BUCKETS - 1)]);
	if (polled)
		this_cpu_inc(c->queue[rq->mq_hctx->queue_num].polled);
}
