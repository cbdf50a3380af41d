// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests (Check) for the latency histogram maths, driver/hist.c
 * compiled unchanged: bucket edges that tile the range, the fold into
 * GET_LATENCY's log2 buckets, and percentiles of known latency sets
 * within one bucket of the exact nearest-rank value: less than the width
 * of the bucket that holds it, so (from 256 ns up) less than 1/64 of it,
 * the "within 1.6%" README.md claims.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "unit.h"

#define NS_US	1000ULL
#define NS_MS	1000000ULL
/* README.md: "P50..P99.99 within 1.6%"; one bucket is 1/64 (1.5625%). */
#define UB_README_ERR	0.016

static u64 rng = 0x9e3779b97f4a7c15ULL;

static double uniform(void)	/* (0, 1) */
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return ((rng >> 11) + 0.5) / 9007199254740992.0;
}

static double exponential(double mean)
{
	return -mean * log(uniform());
}

static double lognormal(double median, double sigma)
{
	double z = sqrt(-2 * log(uniform())) * cos(2 * M_PI * uniform());

	return median * exp(sigma * z);
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/*
 * Feed @n latencies as the driver does (one bucket, exact min and max),
 * then check every percentile against the sorted set, with the exact
 * min/max and without them (as for --watch deltas).
 */
static void check_set(const char *what, u64 *v, size_t n)
{
	static u64 b[UB_HIST_BUCKETS];
	u64 pct[UB_HIST_NR_PCT], min = ~0ULL, max = 0, count;
	double worst = 0;
	size_t i;
	int p, known;

	memset(b, 0, sizeof(b));
	for (i = 0; i < n; i++) {
		b[ub_hist_index(v[i])]++;
		min = v[i] < min ? v[i] : min;
		max = v[i] > max ? v[i] : max;
	}
	count = ub_hist_count(b);
	ck_assert_uint_eq(count, n);
	qsort(v, n, sizeof(*v), cmp_u64);
	for (known = 0; known < 2; known++) {
		ub_hist_percentiles(b, count, known ? min : 0,
				    known ? max : UB_HIST_NO_MAX, pct);
		for (p = 0; p < UB_HIST_NR_PCT; p++) {
			u64 q = ub_hist_quantiles[p];
			u64 rank = (n * q + UB_HIST_PCT_SCALE - 1) / UB_HIST_PCT_SCALE;
			u64 exact = v[rank - 1];
			u64 w = ub_hist_width(ub_hist_index(exact));
			u64 diff = pct[p] > exact ? pct[p] - exact : exact - pct[p];
			double err = (double)diff / exact;

			ck_assert_msg((!w || diff < w) && err < UB_README_ERR,
				      "%s: P%.3f %llu, exact %llu (%.3f%%, bucket %llu ns)",
				      what, q / 1000.0, (unsigned long long)pct[p],
				      (unsigned long long)exact, err * 100,
				      (unsigned long long)w);
			if (known)
				ck_assert_msg(pct[p] >= min && pct[p] <= max,
					      "%s: P%.3f %llu outside [%llu, %llu]", what,
					      q / 1000.0, (unsigned long long)pct[p],
					      (unsigned long long)min, (unsigned long long)max);
			if (p)
				ck_assert_uint_ge(pct[p], pct[p - 1]);
			worst = err > worst ? err : worst;
		}
	}
	printf("%-28s n=%-7zu worst %.3f%%\n", what, n, worst * 100);
	fflush(stdout);
}

START_TEST(test_edges_tile_the_range)
{
	unsigned int i;

	ck_assert_uint_eq(UB_HIST_BUCKETS, 1729);
	ck_assert_uint_eq(ub_hist_lower(0), 0);
	ck_assert_uint_eq(ub_hist_index(0), 0);
	for (i = 0; i < UB_HIST_TOP; i++) {
		u64 lo = ub_hist_lower(i), w = ub_hist_width(i);

		ck_assert_uint_gt(w, 0);
		ck_assert_uint_eq(ub_hist_index(lo), i);
		ck_assert_uint_eq(ub_hist_index(lo + w - 1), i);
		ck_assert_uint_eq(ub_hist_lower(i + 1), lo + w);
		/* Above 2^M a bucket is at most 1/2^S of its lower edge. */
		if (lo >= 1ULL << URINGBLK_LAT_HIST_MIN_SHIFT)
			ck_assert_uint_le(w << URINGBLK_LAT_HIST_SUB_BITS, lo);
	}
	ck_assert_uint_eq(ub_hist_lower(UB_HIST_TOP), 1ULL << URINGBLK_LAT_HIST_MAX_SHIFT);
	ck_assert_uint_eq(ub_hist_width(UB_HIST_TOP), 0);
	ck_assert_uint_eq(ub_hist_index(1ULL << URINGBLK_LAT_HIST_MAX_SHIFT), UB_HIST_TOP);
	ck_assert_uint_eq(ub_hist_index(~0ULL), UB_HIST_TOP);
	ck_assert_uint_eq(ub_hist_index(256), 64);
	ck_assert_uint_eq(ub_hist_index(255), 63);
}
END_TEST

START_TEST(test_log2_fold)
{
	unsigned int i, b;

	for (i = 0; i < UB_HIST_BUCKETS; i++) {
		u64 lo = ub_hist_lower(i);

		b = ub_hist_log2_bucket(i);
		ck_assert_uint_lt(b, URINGBLK_LAT_BUCKETS);
		if (lo < 4)
			continue;
		ck_assert_uint_ge(lo, 1ULL << b);
		if (i < UB_HIST_TOP)
			ck_assert_uint_le(lo + ub_hist_width(i), 2ULL << b);
	}
	ck_assert_uint_eq(ub_hist_log2_bucket(UB_HIST_TOP), URINGBLK_LAT_HIST_MAX_SHIFT);
}
END_TEST

#define N 200000
static u64 set[N];

START_TEST(test_known_sets)
{
	size_t i;

	for (i = 0; i < N; i++)
		set[i] = NS_US + (u64)(uniform() * 10 * NS_MS);
	check_set("uniform 1us-10ms", set, N);
	for (i = 0; i < N; i++)
		set[i] = 100 * NS_US + (u64)exponential(8 * NS_US);
	check_set("timer 100us + exp(8us)", set, N);
	for (i = 0; i < N; i++)
		set[i] = NS_MS + (u64)exponential(30 * NS_US);
	check_set("timer 1ms + exp(30us)", set, N);
	for (i = 0; i < N; i++)
		set[i] = 300 + (u64)lognormal(50 * NS_US, 1.0);
	check_set("lognormal 50us sigma 1", set, N);
	for (i = 0; i < N; i++)
		set[i] = uniform() < 0.05 ? NS_MS + (u64)exponential(20 * NS_US) :
			 100 * NS_US + (u64)exponential(5 * NS_US);
	check_set("5% delayed by 1ms", set, N);
	for (i = 0; i < N; i++)
		set[i] = 100000 + (u64)(uniform() * 40);
	check_set("narrow 100000-100040ns", set, N);
	for (i = 0; i < 1000; i++)
		set[i] = 100000;
	check_set("constant 100us", set, 1000);
	for (i = 0; i < N; i++)
		set[i] = 256 + (u64)exponential(2 * NS_US);
	check_set("fast 256ns + exp(2us)", set, N);
	for (i = 0; i < N; i++)
		set[i] = (u64)lognormal(2 * NS_MS, 2.0) + 300;
	check_set("wide lognormal 2ms sigma 2", set, N);
	set[0] = 123456;
	check_set("one sample", set, 1);
	set[0] = 5000;
	set[1] = 900000;
	check_set("two samples", set, 2);
	for (i = 0; i < 7; i++)
		set[i] = 1000 * (i + 1) * (i + 1);
	check_set("seven squares", set, 7);
}
END_TEST

/* The constant set is exact: min and max pin the only bucket. */
START_TEST(test_constant_exact)
{
	static u64 b[UB_HIST_BUCKETS];
	u64 pct[UB_HIST_NR_PCT];
	int p;

	b[ub_hist_index(100000)] = 5000;
	ub_hist_percentiles(b, 5000, 100000, 100000, pct);
	for (p = 0; p < UB_HIST_NR_PCT; p++)
		ck_assert_uint_eq(pct[p], 100000);
}
END_TEST

/* Past 2^max_shift ns only the exact maximum bounds a percentile. */
START_TEST(test_top_bucket)
{
	static u64 b[UB_HIST_BUCKETS];
	u64 top = 1ULL << URINGBLK_LAT_HIST_MAX_SHIFT, pct[UB_HIST_NR_PCT];

	memset(b, 0, sizeof(b));
	b[ub_hist_index(1000)] = 90;
	b[ub_hist_index(30ULL * 1000 * NS_MS)] = 10;
	ub_hist_percentiles(b, 100, 1000, 30ULL * 1000 * NS_MS, pct);
	ck_assert_uint_eq(b[UB_HIST_TOP], 10);
	ck_assert_uint_ge(pct[1], ub_hist_lower(ub_hist_index(1000)));
	ck_assert_uint_lt(pct[1], top);
	ck_assert_uint_ge(pct[2], top);
	ck_assert_uint_le(pct[4], 30ULL * 1000 * NS_MS);
	/* Without the maximum, the top bucket's lower edge. */
	ck_assert_uint_eq(ub_hist_percentile(b, 100, 0, UB_HIST_NO_MAX, 99000), top);
	ck_assert_uint_eq(ub_hist_percentile(b, 0, 0, UB_HIST_NO_MAX, 99000), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hist");
	TCase *tc = tcase_create("hist");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_edges_tile_the_range);
	tcase_add_test(tc, test_log2_fold);
	tcase_add_test(tc, test_known_sets);
	tcase_add_test(tc, test_constant_exact);
	tcase_add_test(tc, test_top_bucket);
	suite_add_tcase(s, tc);
	return ub_unit_run(s);
}
