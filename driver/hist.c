// SPDX-License-Identifier: GPL-2.0
/*
 * Bucket maths of the latency histograms (hist.h).  The driver counts one
 * bucket per request; readers turn the counts into percentiles here, and
 * so does uringblkctl for the interval deltas of `stats --watch`.
 */
#include <linux/log2.h>
#include <linux/math64.h>

#include "hist.h"

#define S	URINGBLK_LAT_HIST_SUB_BITS
#define M	URINGBLK_LAT_HIST_MIN_SHIFT

/* P50, P90, P99, P99.9, P99.99 */
const u32 ub_hist_quantiles[UB_HIST_NR_PCT] = {
	50000, 90000, 99000, 99900, 99990,
};

/* Group 0 starts at 0 with the same width as group 1. */
static unsigned int ub_hist_shift(unsigned int g)
{
	return M - S + (g ? g - 1 : 0);
}

u64 ub_hist_lower(unsigned int i)
{
	unsigned int g = i >> S, j = i & ((1U << S) - 1);

	if (i >= UB_HIST_TOP)
		return 1ULL << URINGBLK_LAT_HIST_MAX_SHIFT;
	return ((g ? 1ULL << S : 0) + j) << ub_hist_shift(g);
}

/* 0 for the top bucket: it has no upper edge. */
u64 ub_hist_width(unsigned int i)
{
	if (i >= UB_HIST_TOP)
		return 0;
	return 1ULL << ub_hist_shift(i >> S);
}

/* GET_LATENCY's bucket [2^b, 2^(b+1)) that holds fine bucket @i. */
unsigned int ub_hist_log2_bucket(unsigned int i)
{
	u64 lower = ub_hist_lower(i);

	return lower ? ilog2(lower) : 0;
}

u64 ub_hist_count(const u64 *buckets)
{
	u64 n = 0;
	unsigned int i;

	for (i = 0; i < UB_HIST_BUCKETS; i++)
		n += buckets[i];
	return n;
}

/*
 * The latency of rank ceil(@count * @quantile / 100,000) (nearest rank),
 * interpolated linearly inside the bucket that holds it: the c samples
 * of a bucket are taken as spread evenly, the k-th at (k - 1/2) / c of
 * its width.  The exact @min_ns and @max_ns narrow the first and last
 * buckets, so a percentile never lies outside them (pass 0 and
 * UB_HIST_NO_MAX when they are unknown, as for interval deltas).  The
 * true value shares the bucket, so the error is below one bucket width:
 * under 1/64.
 */
u64 ub_hist_percentile(const u64 *buckets, u64 count, u64 min_ns, u64 max_ns,
		       u32 quantile)
{
	u64 rank, seen = 0, lo, hi, k, c;
	unsigned int i;

	if (!count)
		return 0;
	/* ceil(n * q / D) = n - floor(n * (D - q) / D), without overflow */
	rank = count - mul_u64_u64_div_u64(count, UB_HIST_PCT_SCALE - quantile,
					   UB_HIST_PCT_SCALE);
	if (!rank)
		rank = 1;
	for (i = 0; i < UB_HIST_TOP; i++) {
		if (seen + buckets[i] >= rank)
			break;
		seen += buckets[i];
	}
	lo = ub_hist_lower(i);
	if (i == UB_HIST_TOP) {
		/* Open-ended: only the exact maximum bounds it. */
		if (max_ns == UB_HIST_NO_MAX || max_ns < lo || !buckets[i])
			return max_ns != UB_HIST_NO_MAX && max_ns > lo ? max_ns : lo;
		hi = max_ns + 1;
	} else {
		hi = lo + ub_hist_width(i);
	}
	if (min_ns > lo)
		lo = min_ns;
	if (max_ns != UB_HIST_NO_MAX && max_ns + 1 < hi)
		hi = max_ns + 1;
	if (hi <= lo)		/* a snapshot taken while requests complete */
		return lo;
	k = rank - seen;
	c = buckets[i];
	return lo + mul_u64_u64_div_u64(hi - lo, 2 * k - 1, 2 * c);
}

void ub_hist_percentiles(const u64 *buckets, u64 count, u64 min_ns,
			 u64 max_ns, u64 pct[UB_HIST_NR_PCT])
{
	unsigned int p;

	for (p = 0; p < UB_HIST_NR_PCT; p++)
		pct[p] = ub_hist_percentile(buckets, count, min_ns, max_ns,
					    ub_hist_quantiles[p]);
}
