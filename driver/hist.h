/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Log-linear latency histograms (HdrHistogram and fio style): each power
 * of two from 2^URINGBLK_LAT_HIST_MIN_SHIFT ns up is split into
 * 2^URINGBLK_LAT_HIST_SUB_BITS linear sub-buckets, so a bucket is at most
 * 1/64 of its lower edge wide; below that, one group of the same number of
 * equal buckets; at and above 2^URINGBLK_LAT_HIST_MAX_SHIFT ns one top
 * bucket.  Pure functions on u64 arrays with no kernel dependencies beyond
 * types, log2 and math64, so the host unit tests and the tool build this
 * file unchanged.
 */
#ifndef _URINGBLK_HIST_H
#define _URINGBLK_HIST_H

#include <linux/log2.h>
#include <linux/types.h>
#include <uapi/linux/uringblk.h>

#define UB_HIST_BUCKETS		URINGBLK_LAT_HIST_BUCKETS
#define UB_HIST_TOP		(UB_HIST_BUCKETS - 1)	/* the open-ended bucket */
#define UB_HIST_NR_PCT		5	/* P50, P90, P99, P99.9, P99.99 */
#define UB_HIST_PCT_SCALE	100000	/* quantiles in 1/100,000 */
#define UB_HIST_NO_MAX		(~0ULL)	/* max_ns argument: not known */

extern const u32 ub_hist_quantiles[UB_HIST_NR_PCT];

/*
 * The bucket @ns falls in: one shift and one mask, no loop (inline: the
 * I/O path takes it for every request).
 */
static inline unsigned int ub_hist_index(u64 ns)
{
	const unsigned int m = URINGBLK_LAT_HIST_MIN_SHIFT;
	const unsigned int s = URINGBLK_LAT_HIST_SUB_BITS;
	unsigned int l;

	if (ns < (1ULL << m))
		return ns >> (m - s);
	if (ns >= (1ULL << URINGBLK_LAT_HIST_MAX_SHIFT))
		return UB_HIST_TOP;
	l = ilog2(ns);
	/* Group l - m + 1; within it, the s bits below the leading one. */
	return ((l - m + 1) << s) + ((ns >> (l - s)) & ((1U << s) - 1));
}

u64 ub_hist_lower(unsigned int i);
u64 ub_hist_width(unsigned int i);
unsigned int ub_hist_log2_bucket(unsigned int i);
u64 ub_hist_count(const u64 *buckets);
u64 ub_hist_percentile(const u64 *buckets, u64 count, u64 min_ns, u64 max_ns,
		       u32 quantile);
void ub_hist_percentiles(const u64 *buckets, u64 count, u64 min_ns,
			 u64 max_ns, u64 pct[UB_HIST_NR_PCT]);

#endif /* _URINGBLK_HIST_H */
