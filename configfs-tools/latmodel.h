/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Latency models: every kind turned into the driver's quantile table
 * (URINGBLK_MODEL_QUANTILES delays in ns, quantile i at i / 1023), so the
 * kernel needs no floating point.  Pure functions, unit-tested on the host
 * (tests/unit/test_latmodel.c); Documentation/latency-models.md.
 */
#ifndef URINGBLKCTL_LATMODEL_H
#define URINGBLKCTL_LATMODEL_H

#include <stddef.h>
#include <stdint.h>

#include "../uapi/linux/uringblk.h"

#define UB_LM_Q		URINGBLK_MODEL_QUANTILES

/* One bin of a measured distribution: count requests in [lo, hi] ns. */
struct ub_lm_bin {
	uint64_t lo, hi, count;
};

/*
 * "fixed NS", "uniform LO HI" or "lognormal MEDIAN SIGMA", each optionally
 * followed by "tail PCT NS"; NS may carry ns, us, ms or s.  0, or -1 with
 * @err set ("uniform: LO above HI").
 */
int ub_lm_from_spec(const char *spec, uint64_t q[UB_LM_Q], char *err, size_t errlen);

/* A measured distribution (bins sorted by lo, not all empty). */
int ub_lm_from_bins(const struct ub_lm_bin *b, size_t n, uint64_t q[UB_LM_Q],
		    char *err, size_t errlen);

/*
 * A table per operation (URINGBLK_OP_*).  A source measures some of them
 * (fio: reads, writes, trims; a device's histograms: every operation);
 * every other operation takes the table of the first measured one of
 * read, write, flush, discard, write_zeroes, so that no operation goes
 * without a delay.
 */
struct ub_lm_set {
	uint32_t measured;			/* bit (1 << URINGBLK_OP_*) */
	uint64_t q[URINGBLK_NR_OPS][UB_LM_Q];	/* all filled */
};

/* Every operation without a table of its own takes the first measured one's. */
void ub_lm_set_fill(struct ub_lm_set *s);

/*
 * fio --output-format=json+ clat bins of every job: "read" for reads,
 * "write" for writes, "trim" for discards, one table each.  Errors name
 * the file: "FILE: no clat_ns bins (run fio with --output-format=json+)".
 */
int ub_lm_from_fio(const char *path, struct ub_lm_set *s, char *err, size_t errlen);

/* The value at quantile @u / 2^32, as the driver draws it. */
uint64_t ub_lm_at(const uint64_t q[UB_LM_Q], uint32_t u);

#endif
