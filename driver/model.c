// SPDX-License-Identifier: GPL-2.0
/*
 * completion=model: each request completes after a delay drawn from its
 * operation's latency model, a table of 1,024 quantiles uploaded over the
 * admin plane (SET_LATENCY_MODEL; Documentation/latency-models.md).
 *
 * The draw is a counter-based generator, a hash of latency_seed and the
 * device's request sequence number, so a single-threaded sequence replays
 * exactly and the hot path takes no lock: the table is read under RCU and
 * the sequence number is one atomic increment.  channels > 0 adds the one
 * device-wide lock: a request is served by the channel free first, from
 * when that channel is free, in arrival order, as a drive's dies are.
 * The delay goes through the request's hrtimer (blkmq.c), so poll queues
 * and io_timeout_ms treat it as they treat completion=timer.
 */
#include <linux/configfs.h>
#include <linux/debugfs.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "model.h"
#include "uringblk.h"

static_assert(sizeof(struct uringblk_latency_model) == URINGBLK_PAYLOAD_MAX);
static_assert(URINGBLK_MODEL_PAGE ==
	      ARRAY_SIZE(((struct uringblk_latency_model *)0)->quantiles));

/* splitmix64's finaliser: every bit of the counter reaches every bit out. */
static u64 ub_model_hash(u64 seed, u64 seq)
{
	u64 z = seed * 0xbf58476d1ce4e5b9ULL + (seq + 1) * 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * The delay at u / 2^32 of the distribution: quantile i is at i / 1023,
 * linear between neighbours; 32-bit fixed point, no floating point.
 */
static u64 ub_model_at(const u64 *q, u32 u)
{
	u64 pos = (u64)u * (URINGBLK_MODEL_QUANTILES - 1);
	u32 i = pos >> 32;

	return q[i] + mul_u64_u32_shr(q[i + 1] - q[i], (u32)pos, 32);
}

/* From the earliest free channel's end on; the caller gets the wait too. */
static u64 ub_model_channel(struct ub_model *m, u64 delay)
{
	u64 now = ktime_get_ns(), start, end;
	unsigned long flags;
	u32 i, k = 0;

	spin_lock_irqsave(&m->chan_lock, flags);
	for (i = 1; i < m->nr_chan; i++)
		if (m->chan_free[i] < m->chan_free[k])
			k = i;
	start = max(now, m->chan_free[k]);
	end = start + delay;
	m->chan_free[k] = end;
	spin_unlock_irqrestore(&m->chan_lock, flags);
	return end - now;
}

/**
 * ub_model_delay() - how long after now a request of a model device ends
 * @dev: a powered device with completion=model
 * @rq: the request, its data moved
 *
 * Any context, hard interrupts included (a file backend's completion).
 * An operation without a table (or not counted) gets no delay.
 */
u64 ub_model_delay(struct uringblk_dev *dev, struct request *rq)
{
	struct ub_model *m = &dev->model;
	const struct ub_model_table *t;
	int op = ub_rq_op(rq);
	u64 seq, delay = 0;

	if (op < 0)
		return 0;
	seq = atomic64_inc_return(&m->seq) - 1;
	rcu_read_lock();
	t = rcu_dereference(m->table);
	if (t && (t->present & BIT(op)))
		delay = ub_model_at(t->q[op],
				    ub_model_hash(dev->cfg.latency_seed, seq) >> 32);
	rcu_read_unlock();
	if (m->trace)
		WRITE_ONCE(m->trace[seq % UB_MODEL_TRACE], delay);
	if (m->nr_chan)
		delay = ub_model_channel(m, delay);
	return delay;
}

/* The sequence restarts at every power on: a replay powers on again. */
int ub_model_power_on(struct uringblk_dev *dev)
{
	struct ub_model *m = &dev->model;

	atomic64_set(&m->seq, 0);
	spin_lock_init(&m->chan_lock);
	if (dev->cfg.completion != UB_COMPLETION_model)
		return 0;
	m->trace = kvcalloc(UB_MODEL_TRACE, sizeof(*m->trace), GFP_KERNEL);
	if (!m->trace)
		return -ENOMEM;
	if (dev->cfg.channels) {
		m->chan_free = kcalloc(dev->cfg.channels, sizeof(*m->chan_free),
				       GFP_KERNEL);
		if (!m->chan_free) {
			ub_model_power_off(dev);
			return -ENOMEM;
		}
		m->nr_chan = dev->cfg.channels;
	}
	return 0;
}

/* After the disk is gone: no request draws any more. */
void ub_model_power_off(struct uringblk_dev *dev)
{
	struct ub_model *m = &dev->model;

	kvfree(m->trace);
	m->trace = NULL;
	kfree(m->chan_free);
	m->chan_free = NULL;
	m->nr_chan = 0;
}

static void ub_model_abandon(struct ub_model *m)
{
	kvfree(m->stage);
	m->stage = NULL;
	m->staged = 0;
}

/* At rmdir: no disk, no reader. */
void ub_model_free(struct uringblk_dev *dev)
{
	ub_model_abandon(&dev->model);
	kvfree(rcu_dereference_protected(dev->model.table, true));
}

/* A printable line, NUL-terminated inside the field, not empty. */
static bool ub_model_spec_ok(const char *s)
{
	size_t n = strnlen(s, URINGBLK_MODEL_SPEC_LEN), i;

	if (!n || n == URINGBLK_MODEL_SPEC_LEN)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return false;
	return true;
}

static bool ub_model_page_ok(const struct ub_model *m,
			     const struct uringblk_latency_model *p)
{
	u64 prev;
	u32 i;

	if (p->size != sizeof(*p) ||
	    p->version != URINGBLK_LATENCY_MODEL_VERSION ||
	    p->reserved0 || p->reserved1 || p->reserved[0] || p->reserved[1] ||
	    !p->ops || p->ops >> URINGBLK_NR_OPS ||
	    !p->nr || p->nr > URINGBLK_MODEL_PAGE ||
	    p->start >= URINGBLK_MODEL_QUANTILES ||
	    p->nr > URINGBLK_MODEL_QUANTILES - p->start ||
	    !ub_model_spec_ok(p->spec))
		return false;
	/* A later page continues the upload its first page began. */
	if (p->start && (!m->stage || p->start != m->staged ||
			 p->ops != m->stage_ops ||
			 strcmp(p->spec, m->stage_spec)))
		return false;
	prev = p->start ? m->stage->q[0][p->start - 1] : 0;
	for (i = 0; i < p->nr; i++) {
		if (p->quantiles[i] > URINGBLK_MODEL_DELAY_MAX ||
		    p->quantiles[i] < prev)
			return false;
		prev = p->quantiles[i];
	}
	return true;
}

/* The whole table is in: it replaces the old one of its operations. */
static void ub_model_commit(struct uringblk_dev *dev)
{
	struct ub_model *m = &dev->model;
	struct ub_model_table *old, *t = m->stage;
	unsigned int op;

	old = rcu_dereference_protected(m->table, lockdep_is_held(&dev->lock));
	/* The staged quantiles sit in q[0]: spread them to the operations. */
	for (op = URINGBLK_NR_OPS; op-- > 0;) {
		if (m->stage_ops & BIT(op)) {
			if (op)
				memcpy(t->q[op], t->q[0], sizeof(t->q[0]));
			strscpy(t->spec[op], m->stage_spec, sizeof(t->spec[op]));
		} else if (old && (old->present & BIT(op))) {
			memcpy(t->q[op], old->q[op], sizeof(t->q[op]));
			strscpy(t->spec[op], old->spec[op], sizeof(t->spec[op]));
		}
	}
	t->present = m->stage_ops | (old ? old->present : 0);
	rcu_assign_pointer(m->table, t);
	m->stage = NULL;
	m->staged = 0;
	synchronize_rcu();
	kvfree(old);
}

/**
 * ub_model_ucmd_set() - SET_LATENCY_MODEL: one page of an upload
 * @dev: the device, dev->lock held
 * @p: the caller's copy of struct uringblk_latency_model
 * @len: its length (the whole structure: ub_ctl_exec() checked)
 *
 * Return: 0, -EINVAL (the upload is abandoned; the model in use stays),
 * or -ENOMEM.
 */
int ub_model_ucmd_set(struct uringblk_dev *dev, void *p, size_t len)
{
	const struct uringblk_latency_model *page = p;
	struct ub_model *m = &dev->model;

	if (!ub_model_page_ok(m, page)) {
		ub_model_abandon(m);
		return -EINVAL;
	}
	if (!page->start) {
		if (!m->stage)
			m->stage = kvzalloc(sizeof(*m->stage), GFP_KERNEL);
		if (!m->stage)
			return -ENOMEM;
		m->stage_ops = page->ops;
		strscpy(m->stage_spec, page->spec, sizeof(m->stage_spec));
	}
	memcpy(&m->stage->q[0][page->start], page->quantiles,
	       page->nr * sizeof(page->quantiles[0]));
	m->staged = page->start + page->nr;
	if (m->staged == URINGBLK_MODEL_QUANTILES)
		ub_model_commit(dev);
	return 0;
}

/*
 * `latency_model`: the model of reads (else of the first operation that
 * has one) in one line, "SPEC: p50=NS p99=NS max=NS", or "none".
 */
static ssize_t uringblk_latency_model_show(struct config_item *item,
					   char *page)
{
	struct uringblk_dev *dev = to_ub_dev(item);
	const struct ub_model_table *t;
	ssize_t len;
	int op;

	rcu_read_lock();
	t = rcu_dereference(dev->model.table);
	op = t ? ffs(t->present) - 1 : -1;
	if (op < 0)
		len = sprintf(page, "none\n");
	else
		len = sprintf(page, "%s: p50=%llu p99=%llu max=%llu\n",
			      t->spec[op], ub_model_at(t->q[op], 1U << 31),
			      ub_model_at(t->q[op], 4252017623U),	/* 0.99 * 2^32 */
			      t->q[op][URINGBLK_MODEL_QUANTILES - 1]);
	rcu_read_unlock();
	return len;
}

struct configfs_attribute uringblk_attr_latency_model = {
	.ca_owner	= THIS_MODULE,
	.ca_name	= "latency_model",
	.ca_mode	= 0444,
	.show		= uringblk_latency_model_show,
};

/*
 * debugfs latency_trace: "SEQ DELAY_NS" of the last UB_MODEL_TRACE draws
 * since power on, the model's delay before any channel wait, in draw
 * order: two runs of one single-threaded sequence print the same.
 */
static int ub_model_trace_show(struct seq_file *s, void *v)
{
	struct uringblk_dev *dev = s->private;
	u64 n = atomic64_read(&dev->model.seq), i;

	i = n > UB_MODEL_TRACE ? n - UB_MODEL_TRACE : 0;
	for (; i < n; i++)
		seq_printf(s, "%llu %llu\n", i,
			   READ_ONCE(dev->model.trace[i % UB_MODEL_TRACE]));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ub_model_trace);

void ub_model_debugfs_add(struct uringblk_dev *dev)
{
	if (dev->model.trace)
		debugfs_create_file("latency_trace", 0444, dev->debugfs, dev,
				    &ub_model_trace_fops);
}
