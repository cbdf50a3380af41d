// SPDX-License-Identifier: GPL-2.0
/*
 * Latency model kinds to quantile tables (configfs-tools/latmodel.c): the
 * table's percentiles, drawn as the driver draws them (ub_lm_at, the same
 * fixed point as driver/model.c), match each kind's closed form; a tail
 * mixes in at the top; measured bins give back their percentiles; every
 * table is monotonic; bad specs and fio files are refused with reasons.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "latmodel.h"
#include "unit.h"

static uint64_t q[UB_LM_Q];
static char err[256];

/* Quantile @p as the driver draws it. */
static double at(double p)
{
	return ub_lm_at(q, (uint32_t)(p * 4294967296.0 > 4294967295.0 ? 4294967295.0 :
				       p * 4294967296.0));
}

static void monotonic(void)
{
	for (int i = 1; i < UB_LM_Q; i++)
		ck_assert_uint_ge(q[i], q[i - 1]);
}

#define NEAR(v, want, rel) \
	ck_assert_msg(fabs((v) - (want)) <= (rel) * (want), "%s = %.0f, want %.0f", #v, (double)(v), (double)(want))

START_TEST(lm_fixed)
{
	ck_assert_int_eq(ub_lm_from_spec("fixed 1ms", q, err, sizeof(err)), 0);
	ck_assert_uint_eq(q[0], 1000000);
	ck_assert_uint_eq(q[UB_LM_Q - 1], 1000000);
	ck_assert_int_eq(ub_lm_from_spec("fixed 250000", q, err, sizeof(err)), 0);
	ck_assert_uint_eq(ub_lm_at(q, 12345), 250000);
}
END_TEST

START_TEST(lm_uniform)
{
	ck_assert_int_eq(ub_lm_from_spec("uniform 1ms 3ms", q, err, sizeof(err)), 0);
	monotonic();
	NEAR(at(0.5), 2e6, 0.001);
	NEAR(at(0.9), 2.8e6, 0.001);
	ck_assert_uint_eq(q[0], 1000000);
	ck_assert_uint_eq(q[UB_LM_Q - 1], 3000000);
}
END_TEST

START_TEST(lm_lognormal)
{
	ck_assert_int_eq(ub_lm_from_spec("lognormal 2ms 0.5", q, err, sizeof(err)), 0);
	monotonic();
	NEAR(at(0.5), 2e6, 0.002);
	NEAR(at(0.9), 2e6 * exp(0.5 * 1.2815516), 0.005);
	NEAR(at(0.99), 2e6 * exp(0.5 * 2.3263479), 0.01);
}
END_TEST

START_TEST(lm_tail)
{
	/* 2% at 20 ms above a 1..3 ms body: P50 the body's 49/98, P99 the tail. */
	ck_assert_int_eq(ub_lm_from_spec("uniform 1ms 3ms tail 2 20ms", q, err, sizeof(err)), 0);
	monotonic();
	NEAR(at(0.5), 1e6 + 2e6 * 0.5 / 0.98, 0.002);
	NEAR(at(0.99), 20e6, 0.001);
	ck_assert_uint_eq(q[UB_LM_Q - 1], 20000000);
	/* A tail below the body takes the bottom. */
	ck_assert_int_eq(ub_lm_from_spec("fixed 5ms tail 10 1ms", q, err, sizeof(err)), 0);
	ck_assert_uint_eq(q[0], 1000000);
	NEAR(at(0.5), 5e6, 0.0001);
}
END_TEST

START_TEST(lm_bins)
{
	/* 900 at 1 ms, 90 at 2 ms, 10 at 10 ms: P50 1 ms, P95 2 ms, P99.5 10 ms. */
	struct ub_lm_bin b[] = {
		{ 1000000, 1000000, 900 }, { 1500000, 1500000, 0 },
		{ 2000000, 2000000, 90 }, { 10000000, 10000000, 10 },
	};

	ck_assert_int_eq(ub_lm_from_bins(b, 4, q, err, sizeof(err)), 0);
	monotonic();
	NEAR(at(0.5), 1e6, 0.0001);
	NEAR(at(0.95), 2e6, 0.0001);
	NEAR(at(0.995), 1e7, 0.0001);
	ck_assert_uint_eq(q[0], 1000000);
	b[0].count = b[2].count = b[3].count = 0;
	ck_assert_int_eq(ub_lm_from_bins(b, 4, q, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "no samples");
}
END_TEST

START_TEST(lm_fio)
{
	char path[] = "/tmp/lm-fio-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	struct ub_lm_set *s = malloc(sizeof(*s));

	ck_assert_ptr_nonnull(s);
	fprintf(f, "{\"jobs\": [{\"read\": {\"clat_ns\": {\"bins\": {\"1000000\": 50, \"3000000\": 50}}}}]}");
	fclose(f);
	ck_assert_int_eq(ub_lm_from_fio(path, s, err, sizeof(err)), 0);
	ck_assert_uint_eq(s->measured, 1U << URINGBLK_OP_READ);
	for (unsigned int op = 0; op < URINGBLK_NR_OPS; op++) {
		ck_assert_uint_eq(s->q[op][0], 1000000);
		ck_assert_uint_eq(s->q[op][UB_LM_Q - 1], 3000000);
	}
	/* A table per direction; the rest take the reads'. */
	f = fopen(path, "w");
	fprintf(f, "{\"jobs\": [{\"read\": {\"clat_ns\": {\"bins\": {\"1000000\": 9}}},"
		   " \"write\": {\"clat_ns\": {\"bins\": {\"4000000\": 9}}},"
		   " \"trim\": {\"clat_ns\": {\"bins\": {\"7000000\": 9}}}},"
		   " {\"write\": {\"clat_ns\": {\"bins\": {\"5000000\": 9}}}}]}");
	fclose(f);
	ck_assert_int_eq(ub_lm_from_fio(path, s, err, sizeof(err)), 0);
	ck_assert_uint_eq(s->measured, (1U << URINGBLK_OP_READ) | (1U << URINGBLK_OP_WRITE) |
			  (1U << URINGBLK_OP_DISCARD));
	ck_assert_uint_eq(s->q[URINGBLK_OP_READ][UB_LM_Q - 1], 1000000);
	/* Both jobs' writes pooled. */
	ck_assert_uint_eq(s->q[URINGBLK_OP_WRITE][0], 4000000);
	ck_assert_uint_eq(s->q[URINGBLK_OP_WRITE][UB_LM_Q - 1], 5000000);
	ck_assert_uint_eq(s->q[URINGBLK_OP_DISCARD][0], 7000000);
	ck_assert_uint_eq(s->q[URINGBLK_OP_FLUSH][UB_LM_Q - 1], 1000000);
	ck_assert_uint_eq(s->q[URINGBLK_OP_WRITE_ZEROES][0], 1000000);
	/* Writes only: every operation takes the writes'. */
	f = fopen(path, "w");
	fprintf(f, "{\"jobs\": [{\"write\": {\"clat_ns\": {\"bins\": {\"2000000\": 1}}}}]}");
	fclose(f);
	ck_assert_int_eq(ub_lm_from_fio(path, s, err, sizeof(err)), 0);
	ck_assert_uint_eq(s->measured, 1U << URINGBLK_OP_WRITE);
	ck_assert_uint_eq(s->q[URINGBLK_OP_READ][0], 2000000);
	ck_assert_uint_eq(s->q[URINGBLK_OP_DISCARD][UB_LM_Q - 1], 2000000);
	f = fopen(path, "w");
	fprintf(f, "{\"jobs\": [{\"read\": {\"clat_ns\": {}}}]}");
	fclose(f);
	ck_assert_int_eq(ub_lm_from_fio(path, s, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "no clat_ns bins (run fio with --output-format=json+)"), "%s", err);
	f = fopen(path, "w");
	fprintf(f, "{\"jobs\": [{\"read\": {\"clat_ns\": {\"bins\": {\"x\": 1}}}}]}");
	fclose(f);
	ck_assert_int_eq(ub_lm_from_fio(path, s, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "a clat_ns bin is not"), "%s", err);
	/* A direction whose bins are all empty: named. */
	f = fopen(path, "w");
	fprintf(f, "{\"jobs\": [{\"read\": {\"clat_ns\": {\"bins\": {\"5\": 1}}},"
		   " \"trim\": {\"clat_ns\": {\"bins\": {\"5\": 0}}}}]}");
	fclose(f);
	ck_assert_int_eq(ub_lm_from_fio(path, s, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, ": trim: "), "%s", err);
	f = fopen(path, "w");
	fprintf(f, "not json");
	fclose(f);
	ck_assert_int_eq(ub_lm_from_fio(path, s, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "not a JSON file fio wrote"), "%s", err);
	unlink(path);
	free(s);
}
END_TEST

START_TEST(lm_errors)
{
	static const struct { const char *spec, *why; } bad[] = {
		{ "", "empty model" },
		{ "gamma 1 2", "gamma: unknown kind" },
		{ "fixed", "fixed: unknown kind or missing values" },
		{ "fixed -1", "values are durations" },
		{ "fixed 1parsec", "values are durations" },
		{ "uniform 3 2", "uniform: LO 3 above HI 2" },
		{ "lognormal 0 0.5", "lognormal: MEDIAN must be above 0" },
		{ "lognormal 1ms 9", "SIGMA in (0, 4]" },
		{ "fixed 1ms tail 100 2ms", "tail: PCT in (0, 100)" },
		{ "fixed 1ms tail 1", "only \"tail PCT NS\" may follow" },
		{ "fixed 11s", "above the driver's 10000000000 ns" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(ub_lm_from_spec(bad[i].spec, q, err, sizeof(err)), -1);
		ck_assert_msg(strstr(err, bad[i].why), "\"%s\": %s", bad[i].spec, err);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("latmodel");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, lm_fixed);
	tcase_add_test(tc, lm_uniform);
	tcase_add_test(tc, lm_lognormal);
	tcase_add_test(tc, lm_tail);
	tcase_add_test(tc, lm_bins);
	tcase_add_test(tc, lm_fio);
	tcase_add_test(tc, lm_errors);
	suite_add_tcase(s, tc);
	return ub_unit_run(s);
}
