// SPDX-License-Identifier: GPL-2.0
/*
 * Statistics: per operation counts, bytes, errors and a log-linear
 * latency histogram (hist.c) with exact sum, minimum and maximum, and per
 * hardware queue dispatch and polled completion counts, all kept per CPU
 * and summed on read.
 */
#include <linux/blk-mq.h>
#include <linux/delay.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "stats.h"
#include "uringblk.h"

/* Every fine bucket folds into one of GET_LATENCY's log2 buckets. */
static_assert(URINGBLK_LAT_HIST_MAX_SHIFT < URINGBLK_LAT_BUCKETS);
static_assert(URINGBLK_LAT_HIST_MIN_SHIFT > URINGBLK_LAT_HIST_SUB_BITS);
static_assert(sizeof(struct ub_lat_pcpu) < 32768);	/* PCPU_MIN_UNIT_SIZE */

/* Operation names, as configfs fault rules, sysfs and debugfs spell them. */
#define UB_OP(c, n)							\
	[URINGBLK_OP_##c] = #n,
const char *const ub_op_names[URINGBLK_NR_OPS] = {
#include "op_list.h"
};

#undef UB_OP

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
	unsigned int op;

	memset(s, 0, sizeof(*s));
	mutex_init(&s->lock);
	s->base = kzalloc(ub_counts_size(), GFP_KERNEL);
	s->lat_base = kvcalloc(URINGBLK_NR_OPS, sizeof(*s->lat_base), GFP_KERNEL);
	s->pcpu = __alloc_percpu(ub_counts_size(), __alignof__(u64));
	for (op = 0; op < URINGBLK_NR_OPS; op++)
		s->lat[op] = alloc_percpu(struct ub_lat_pcpu);
	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		if (!s->lat[op])
			goto nomem;
	}
	if (s->base && s->lat_base && s->pcpu)
		return 0;
nomem:
	ub_stats_free(s);
	return -ENOMEM;
}

void ub_stats_free(struct ub_stats *s)
{
	unsigned int op;

	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		free_percpu(s->lat[op]);
		s->lat[op] = NULL;
	}
	free_percpu(s->pcpu);
	s->pcpu = NULL;
	kvfree(s->lat_base);
	s->lat_base = NULL;
	kfree(s->base);
	s->base = NULL;
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
	struct uringblk_dev *dev = container_of(s, struct uringblk_dev, stats);
	struct ub_counts *sum = kzalloc(ub_counts_size(), GFP_KERNEL);
	int cpu;

	if (!sum)
		return NULL;
	for_each_possible_cpu(cpu) {
		ub_counts_add(sum, per_cpu_ptr(s->pcpu, cpu), false);
		if (unlikely(READ_ONCE(dev->delay_in_sum_us)))
			fsleep(READ_ONCE(dev->delay_in_sum_us));
	}
	return sum;
}

/*
 * Requests dispatched and not completed, from one summed snapshot.  The
 * CPUs are read one after the other while requests start on one CPU and
 * end on another (a poller that migrated, a completion elsewhere), so a
 * completion can be seen without its start: the difference is only
 * approximate, and may even come out below zero.  Kept within [0, the
 * tags of the device's queues], the most that can ever be in flight.
 */
static u64 ub_stats_in_flight(struct ub_stats *s, const struct ub_counts *sum)
{
	struct uringblk_dev *dev = container_of(s, struct uringblk_dev, stats);
	u64 tags = (u64)READ_ONCE(dev->tag_set.queue_depth) *
		   READ_ONCE(dev->tag_set.nr_hw_queues);
	u64 diff = sum->started;
	unsigned int op;

	for (op = 0; op < URINGBLK_NR_OPS; op++)
		diff -= sum->ios[op];
	return clamp_t(s64, (s64)diff, 0, tags);
}

/*
 * Counters since the last reset, kfree() the result; @in_flight gets the
 * requests dispatched and not completed (approximate, see above), which
 * a reset does not change.
 */
struct ub_counts *ub_stats_snapshot(struct ub_stats *s, u64 *in_flight)
{
	struct ub_counts *sum = ub_stats_sum(s);

	if (!sum)
		return NULL;
	*in_flight = ub_stats_in_flight(s, sum);
	mutex_lock(&s->lock);
	ub_counts_add(sum, s->base, true);
	mutex_unlock(&s->lock);
	return sum;
}

/*
 * Minimum and maximum cannot be reset by subtraction.  Each CPU keeps
 * them as words with the reset generation in the top 16 bits and the
 * value below (the minimum stored as UB_LAT_VAL_MAX - value), so "keep
 * the larger word" serves both, a word of an older generation is simply
 * replaced, and readers skip CPUs that have not completed a request since
 * the last reset.  Latencies are clamped to 2^48 - 1 ns (3.2 days).
 */
#define UB_LAT_GEN_SHIFT	48
#define UB_LAT_VAL_MAX		((1ULL << UB_LAT_GEN_SHIFT) - 1)

static u64 ub_lat_word(u32 gen, u64 val)
{
	return ((u64)(u16)gen << UB_LAT_GEN_SHIFT) | val;
}

static bool ub_lat_word_current(u64 word, u32 gen)
{
	return word >> UB_LAT_GEN_SHIFT == (u16)gen;
}

/*
 * A local cmpxchg loop: safe against completions that interrupt this one
 * on the same CPU, and against migration (a cmpxchg on another CPU only
 * succeeds if that CPU held the very word compared).  Almost every call
 * returns after the first read.
 */
static void ub_lat_keep(u64 __percpu *w, u64 word)
{
	u64 old = this_cpu_read(*w), prev;

	for (;;) {
		if (old >> UB_LAT_GEN_SHIFT == word >> UB_LAT_GEN_SHIFT &&
		    old >= word)
			return;
		prev = this_cpu_cmpxchg(*w, old, word);
		if (prev == old)
			return;
		old = prev;
	}
}

static void ub_lat_add(struct ub_lat *dst, const u64 *buckets, u64 sum_ns,
		       bool subtract)
{
	unsigned int i;

	if (subtract) {
		for (i = 0; i < UB_HIST_BUCKETS; i++)
			dst->buckets[i] -= buckets[i];
		dst->sum_ns -= sum_ns;
	} else {
		for (i = 0; i < UB_HIST_BUCKETS; i++)
			dst->buckets[i] += buckets[i];
		dst->sum_ns += sum_ns;
	}
}

/* Sums over CPUs into @l, and min/max of generation @gen. */
static void ub_lat_sum(struct ub_stats *s, unsigned int op, u32 gen,
		       struct ub_lat *l)
{
	u64 min_val = UB_LAT_VAL_MAX, max_val = 0;
	int cpu;

	memset(l, 0, sizeof(*l));
	for_each_possible_cpu(cpu) {
		const struct ub_lat_pcpu *p = per_cpu_ptr(s->lat[op], cpu);
		u64 w;

		ub_lat_add(l, p->buckets, p->sum_ns, false);
		w = READ_ONCE(p->min_word);
		if (ub_lat_word_current(w, gen))
			min_val = min(min_val, UB_LAT_VAL_MAX - (w & UB_LAT_VAL_MAX));
		w = READ_ONCE(p->max_word);
		if (ub_lat_word_current(w, gen))
			max_val = max(max_val, w & UB_LAT_VAL_MAX);
	}
	l->min_ns = min_val;
	l->max_ns = max_val;
}

void ub_lat_free(struct ub_lat *l)
{
	kvfree(l);
}

/* Latency of @op since the last reset; ub_lat_free() the result. */
struct ub_lat *ub_stats_latency(struct ub_stats *s, unsigned int op)
{
	struct ub_lat *l = kvmalloc(sizeof(*l), GFP_KERNEL);

	if (!l)
		return NULL;
	mutex_lock(&s->lock);
	ub_lat_sum(s, op, s->lat_gen, l);
	ub_lat_add(l, s->lat_base[op].buckets, s->lat_base[op].sum_ns, true);
	mutex_unlock(&s->lock);
	l->count = ub_hist_count(l->buckets);
	if (!l->count) {
		l->min_ns = 0;
		l->max_ns = 0;
	} else if (l->min_ns > l->max_ns) {
		/* A request between its bucket and its min/max words. */
		l->min_ns = l->max_ns;
	}
	return l;
}

void ub_lat_percentiles(const struct ub_lat *l, u64 pct[UB_HIST_NR_PCT])
{
	ub_hist_percentiles(l->buckets, l->count, l->min_ns, l->max_ns, pct);
}

void ub_stats_reset(struct ub_stats *s)
{
	struct ub_counts *sum = ub_stats_sum(s);
	unsigned int op;

	if (!sum)
		return;
	mutex_lock(&s->lock);
	memcpy(s->base, sum, ub_counts_size());
	/* From here on, min/max words of older generations are stale. */
	WRITE_ONCE(s->lat_gen, s->lat_gen + 1);
	for (op = 0; op < URINGBLK_NR_OPS; op++)
		ub_lat_sum(s, op, s->lat_gen, &s->lat_base[op]);
	mutex_unlock(&s->lock);
	kfree(sum);
}

/* A rule's delay or corruption, an error: counted apart. */
static void ub_stats_unusual(struct ub_counts __percpu *c,
			     const struct ub_cmd *cmd, int op)
{
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
}

/* The counting half of ub_stats_done() (uringblk.h): @rq was counted. */
void __ub_stats_done(struct uringblk_dev *dev, struct request *rq, bool polled)
{
	struct ub_cmd *cmd = blk_mq_rq_to_pdu(rq);
	struct ub_counts __percpu *c = dev->stats.pcpu;
	struct ub_lat_pcpu __percpu *l;
	u64 ns, val;
	u32 gen;
	int op = cmd->op;

	ns = ktime_get_ns() - cmd->start_ns;
	this_cpu_inc(c->ios[op]);
	/* Not ended yet: the request still holds all its bytes. */
	this_cpu_add(c->bytes[op], blk_rq_bytes(rq));
	if (unlikely(cmd->injected != UB_INJ_NONE || cmd->status != BLK_STS_OK))
		ub_stats_unusual(c, cmd, op);
	if (polled)
		this_cpu_inc(c->queue[rq->mq_hctx->queue_num].polled);

	l = dev->stats.lat[op];
	this_cpu_inc(l->buckets[ub_hist_index(ns)]);
	this_cpu_add(l->sum_ns, ns);
	gen = READ_ONCE(dev->stats.lat_gen);
	val = min(ns, UB_LAT_VAL_MAX);
	ub_lat_keep(&l->max_word, ub_lat_word(gen, val));
	ub_lat_keep(&l->min_word, ub_lat_word(gen, UB_LAT_VAL_MAX - val));
}
