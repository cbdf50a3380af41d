/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU statistics: the I/O path only adds to its own CPU's counters
 * (no atomics, no shared cache lines); readers sum over CPUs.  A reset
 * records the current sums as a base that readers subtract, so it is
 * exact and never races with the I/O path.
 */
#ifndef _URINGBLK_STATS_H
#define _URINGBLK_STATS_H

#include <linux/percpu.h>
#include <linux/spinlock.h>
#include <uapi/linux/uringblk.h>

struct request;
struct uringblk_dev;

struct ub_queue_counts {
	u64 dispatched;
	u64 polled;
};

/* One CPU's counters, and the layout of a summed snapshot. */
struct ub_counts {
	u64 started;				/* requests counted at dispatch */
	u64 ios[URINGBLK_NR_OPS];
	u64 bytes[URINGBLK_NR_OPS];
	u64 errors[URINGBLK_NR_OPS];
	u64 injected[URINGBLK_NR_OPS];		/* errors from fault rules */
	u64 delays[URINGBLK_NR_OPS];
	u64 corruptions[URINGBLK_NR_OPS];
	u64 lat[URINGBLK_NR_OPS][URINGBLK_LAT_BUCKETS];
	struct ub_queue_counts queue[];		/* ub_stats_nr_queues() */
};

struct ub_stats {
	struct ub_counts __percpu *pcpu;
	struct ub_counts *base;			/* sums at the last reset */
	spinlock_t lock;			/* protects base */
};

extern const char *const ub_op_names[URINGBLK_NR_OPS];

int ub_stats_init(struct ub_stats *s);
void ub_stats_free(struct ub_stats *s);
unsigned int ub_stats_nr_queues(void);
struct ub_counts *ub_stats_snapshot(struct ub_stats *s, u64 *in_flight);
void ub_stats_reset(struct ub_stats *s);
void ub_stats_percentiles(const u64 *buckets, u64 *count, u64 pct[4]);

/* I/O path: see blkmq.c. */
void ub_stats_start(struct uringblk_dev *dev, struct request *rq);
void ub_stats_done(struct uringblk_dev *dev, struct request *rq, bool polled);

#endif /* _URINGBLK_STATS_H */
