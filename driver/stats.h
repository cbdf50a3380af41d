/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU statistics: the I/O path only adds to its own CPU's counters
 * (no atomics, no shared cache lines); readers sum over CPUs.  A reset
 * records the current sums as a base that readers subtract, so it is
 * exact and never races with the I/O path.
 */
#ifndef _URINGBLK_STATS_H
#define _URINGBLK_STATS_H

#include <linux/mutex.h>
#include <linux/percpu.h>
#include <uapi/linux/uringblk.h>

#include "hist.h"

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
	struct ub_queue_counts queue[];		/* ub_stats_nr_queues() */
};

/*
 * One CPU's latency record of one operation (13.8 KiB): a percpu
 * allocation of its own, since all operations together would pass the
 * percpu allocator's 32 KiB unit.  min_word and max_word carry the reset
 * generation in their top bits (stats.c).
 */
struct ub_lat_pcpu {
	u64 sum_ns;
	u64 min_word;
	u64 max_word;
	u64 buckets[UB_HIST_BUCKETS];
};

/* One operation's latency since the last reset, summed over CPUs. */
struct ub_lat {
	u64 count;				/* the sum of buckets[] */
	u64 sum_ns;
	u64 min_ns;				/* exact; 0 when count is 0 */
	u64 max_ns;
	u64 buckets[UB_HIST_BUCKETS];
};

struct ub_stats {
	struct ub_counts __percpu *pcpu;
	struct ub_lat_pcpu __percpu *lat[URINGBLK_NR_OPS];
	struct ub_counts *base;			/* sums at the last reset */
	struct ub_lat *lat_base;		/* [URINGBLK_NR_OPS], likewise */
	u32 lat_gen;				/* resets so far */
	struct mutex lock;			/* protects base, lat_base, lat_gen */
};

extern const char *const ub_op_names[URINGBLK_NR_OPS];

int ub_stats_init(struct ub_stats *s);
void ub_stats_free(struct ub_stats *s);
unsigned int ub_stats_nr_queues(void);
struct ub_counts *ub_stats_snapshot(struct ub_stats *s, u64 *in_flight);
struct ub_lat *ub_stats_latency(struct ub_stats *s, unsigned int op);
void ub_lat_free(struct ub_lat *l);
void ub_lat_percentiles(const struct ub_lat *l, u64 pct[UB_HIST_NR_PCT]);
void ub_stats_reset(struct ub_stats *s);

/* I/O path: the gates in uringblk.h, ub_stats_start() and ub_stats_done(). */
void __ub_stats_done(struct uringblk_dev *dev, struct request *rq, bool polled);

#endif /* _URINGBLK_STATS_H */
