// SPDX-License-Identifier: GPL-2.0
/*
 * stats: the counters and latency histograms of one disk, over io_uring
 * with the ioctl as the fallback (admin.c).  Percentiles of interval
 * deltas use the driver's own histogram maths (driver/hist.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "admin.h"
#include "hist.h"
#include "out.h"
#include "uringblkctl.h"

/* One operation's fine histogram: the summary and every bucket. */
struct op_hist {
	struct uringblk_latency_hist sum;	/* summary fields, as of page 0 */
	uint64_t b[URINGBLK_LAT_HIST_BUCKETS];
};

struct sample {
	struct uringblk_stats st;
	struct op_hist h[URINGBLK_NR_OPS];
	double t;
};

enum { C_OP, C_IOS, C_BYTES, C_ERRORS, C_INJECTED, C_IOPS, C_MBS, C_P50, C_P90, C_P99,
	C_P999, C_P9999, C_DELAYS, C_CORRUPT, C_COUNT, C_MIN, C_MEAN, C_MAX };

static const struct ub_col cols[] = {
	[C_OP] = { "OP", 0, 0, "operation" },
	[C_IOS] = { "IOS", 0, SCOLS_FL_RIGHT, "requests (--watch: in the interval)" },
	[C_BYTES] = { "BYTES", 0, SCOLS_FL_RIGHT, "bytes (--watch: in the interval)" },
	[C_ERRORS] = { "ERRORS", 0, SCOLS_FL_RIGHT, "failed requests" },
	[C_INJECTED] = { "INJECTED", 0, SCOLS_FL_RIGHT, "injected errors" },
	[C_IOPS] = { "IOPS", 0, SCOLS_FL_RIGHT, "requests per second" },
	[C_MBS] = { "MB/s", 0, SCOLS_FL_RIGHT, "megabytes per second" },
	[C_P50] = { "P50", 0, SCOLS_FL_RIGHT, "median latency, us" },
	[C_P90] = { "P90", 0, SCOLS_FL_RIGHT, "latency percentile, us" },
	[C_P99] = { "P99", 0, SCOLS_FL_RIGHT, "latency percentile, us" },
	[C_P999] = { "P99.9", 0, SCOLS_FL_RIGHT, "latency percentile, us" },
	[C_P9999] = { "P99.99", 0, SCOLS_FL_RIGHT, "latency percentile, us" },
	[C_DELAYS] = { "DELAYS", 0, SCOLS_FL_RIGHT | UB_COL_HIDDEN, "injected delays" },
	[C_CORRUPT] = { "CORRUPTIONS", 0, SCOLS_FL_RIGHT | UB_COL_HIDDEN, "injected corruptions" },
	[C_COUNT] = { "LAT_COUNT", 0, SCOLS_FL_RIGHT | UB_COL_HIDDEN, "latency samples" },
	[C_MIN] = { "MIN", 0, SCOLS_FL_RIGHT | UB_COL_HIDDEN, "minimum latency, us" },
	[C_MEAN] = { "MEAN", 0, SCOLS_FL_RIGHT | UB_COL_HIDDEN, "mean latency, us" },
	[C_MAX] = { "MAX", 0, SCOLS_FL_RIGHT | UB_COL_HIDDEN, "maximum latency, us" },
};

const struct ub_col *const ub_stats_cols = cols;
const unsigned int ub_stats_nr_cols = sizeof(cols) / sizeof(cols[0]);

/* GET_LATENCY_HIST page by page (Documentation/admin-plane.md). */
int ub_get_latency_hist(struct ub_admin *ad, const char *name, unsigned int op,
			struct uringblk_latency_hist *sum, uint64_t *b)
{
	struct uringblk_latency_hist page;
	uint32_t start = 0;

	do {
		memset(&page, 0, sizeof(page));
		page.op = op;
		page.start = start;
		if (ub_do_cmd(ad, name, "GET_LATENCY_HIST", URINGBLK_UCMD_GET_LATENCY_HIST,
			      &page, sizeof(page)) < 0)
			return -1;
		if (page.nr_buckets != URINGBLK_LAT_HIST_BUCKETS || !page.nr_returned ||
		    page.nr_returned > page.nr_buckets - start) {
			ub_err("%s: GET_LATENCY_HIST: %u buckets from %u of %u, want %u",
			       name, page.nr_returned, start, page.nr_buckets,
			       URINGBLK_LAT_HIST_BUCKETS);
			return -1;
		}
		if (!start)
			*sum = page;
		memcpy(&b[start], page.buckets, page.nr_returned * sizeof(page.buckets[0]));
		start += page.nr_returned;
	} while (start < page.nr_buckets);
	return 0;
}

static int take(struct ub_admin *ad, const char *name, struct sample *s)
{
	struct timespec ts;
	unsigned int op;

	memset(s, 0, sizeof(*s));
	if (ub_do_cmd(ad, name, "GET_STATS", URINGBLK_UCMD_GET_STATS, &s->st,
		      sizeof(s->st)) < 0)
		return -1;
	for (op = 0; op < URINGBLK_NR_OPS; op++)
		if (ub_get_latency_hist(ad, name, op, &s->h[op].sum, s->h[op].b))
			return -1;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	s->t = ts.tv_sec + ts.tv_nsec / 1e9;
	return 0;
}

/* Zone operations of struct uringblk_zone_stats, by URINGBLK_ZONE_OP_*. */
static const char *const zone_op_names[URINGBLK_NR_ZONE_OPS] = {
	[URINGBLK_ZONE_OP_RESET] = "reset", [URINGBLK_ZONE_OP_RESET_ALL] = "reset_all",
	[URINGBLK_ZONE_OP_OPEN] = "open", [URINGBLK_ZONE_OP_CLOSE] = "close",
	[URINGBLK_ZONE_OP_FINISH] = "finish", [URINGBLK_ZONE_OP_APPEND] = "append",
};

/* A zoned device's operation counts: a JSON member or one text line. */
static void zone_ops(const struct uringblk_zone_stats *z, struct json_object *top)
{
	struct json_object *o;
	int i;

	if (!z->nr_zones)
		return;
	if (top) {
		o = ub_jobj(top, "zones");
		ub_ju(o, "nr_zones", z->nr_zones);
		for (i = 0; i < URINGBLK_NR_ZONE_OPS; i++)
			ub_ju(o, zone_op_names[i], z->ops[i]);
		return;
	}
	printf("zones %u:", z->nr_zones);
	for (i = 0; i < URINGBLK_NR_ZONE_OPS; i++)
		printf(" %s %llu", zone_op_names[i], (unsigned long long)z->ops[i]);
	printf("\n");
}

/*
 * The volatile cache (GET_STATS version 3), under the names of the sysfs
 * files /sys/block/<disk>/uringblk/<name> (a guest test compares them).
 */
static const struct {
	const char *name;
	size_t off;
} cache_fields[] = {
	{ "cache_dirty_bytes", offsetof(struct uringblk_cache_stats, dirty_bytes) },
	{ "cache_shadow_bytes", offsetof(struct uringblk_cache_stats, shadow_bytes) },
	{ "cache_flushes", offsetof(struct uringblk_cache_stats, flushes) },
	{ "cache_writeback_bytes", offsetof(struct uringblk_cache_stats, writebacks) },
	{ "powerfails", offsetof(struct uringblk_cache_stats, powerfails) },
	{ "powerfail_kept_blocks", offsetof(struct uringblk_cache_stats, last_kept_blocks) },
	{ "powerfail_dropped_blocks", offsetof(struct uringblk_cache_stats, last_dropped_blocks) },
};

/* Only a driver that fills it, and a device whose cache was used. */
static void cache_ops(const struct uringblk_stats *st, struct json_object *top)
{
	const struct uringblk_cache_stats *c = &st->cache;
	struct json_object *o = NULL;
	size_t i;

	if (st->version < 3 || st->size < sizeof(*st) ||
	    !(c->flushes || c->dirty_bytes || c->powerfails))
		return;
	if (top)
		o = ub_jobj(top, "cache");
	else
		printf("cache:");
	for (i = 0; i < sizeof(cache_fields) / sizeof(cache_fields[0]); i++) {
		uint64_t v = *(const uint64_t *)((const char *)c + cache_fields[i].off);

		if (o)
			ub_ju(o, cache_fields[i].name, v);
		else
			printf(" %s %llu", cache_fields[i].name, (unsigned long long)v);
	}
	if (!o)
		printf("\n");
}

/* Latency figures: pct[] as ub_hist_percentiles() fills it. */
struct lat {
	uint64_t count, min, mean, max, pct[UB_HIST_NR_PCT];
	bool have_min_max;
};

static const char *const pct_keys[UB_HIST_NR_PCT] = {
	"p50_ns", "p90_ns", "p99_ns", "p999_ns", "p9999_ns"
};

/* One operation's members: the counters of b (deltas from a), rates, latency. */
static void op_json(struct json_object *ops, int op, const struct sample *a,
		    const struct sample *b, double dt, const struct lat *l, bool totals)
{
	struct json_object *o = ub_jobj(ops, ub_op_names[op]);
	const struct uringblk_op_stats *s = &b->st.ops[op];
	int i;

	if (totals) {
		ub_ju(o, "ios", s->ios);
		ub_ju(o, "bytes", s->bytes);
		ub_ju(o, "errors", s->errors);
		ub_ju(o, "injected_errors", s->injected_errors);
		ub_ju(o, "injected_delays", s->injected_delays);
		ub_ju(o, "injected_corruptions", s->injected_corruptions);
	}
	ub_jd(o, "iops", (s->ios - a->st.ops[op].ios) / dt);
	ub_jd(o, "mb_s", (s->bytes - a->st.ops[op].bytes) / dt / 1e6);
	ub_ju(o, "lat_count", l->count);
	if (l->have_min_max) {
		ub_ju(o, "min_ns", l->min);
		ub_ju(o, "mean_ns", l->mean);
		ub_ju(o, "max_ns", l->max);
	}
	for (i = 0; i < UB_HIST_NR_PCT; i++)
		ub_ju(o, pct_keys[i], l->pct[i]);
}

static void op_row(struct ub_table *t, int op, const struct sample *a,
		   const struct sample *b, double dt, const struct lat *l, bool totals)
{
	const struct uringblk_op_stats *s = &b->st.ops[op], *p = &a->st.ops[op];
	struct libscols_line *ln = ub_table_row(t);
	/* Totals, or what happened in the interval (--watch). */
	const struct uringblk_op_stats z = { 0 }, *base = totals ? &z : p;

	ub_cell(t, ln, C_OP, "%s", ub_op_names[op]);
	ub_cell(t, ln, C_IOS, "%llu", (unsigned long long)(s->ios - base->ios));
	ub_cell(t, ln, C_BYTES, "%llu", (unsigned long long)(s->bytes - base->bytes));
	ub_cell(t, ln, C_ERRORS, "%llu", (unsigned long long)(s->errors - base->errors));
	ub_cell(t, ln, C_INJECTED, "%llu",
		(unsigned long long)(s->injected_errors - base->injected_errors));
	ub_cell(t, ln, C_DELAYS, "%llu",
		(unsigned long long)(s->injected_delays - base->injected_delays));
	ub_cell(t, ln, C_CORRUPT, "%llu",
		(unsigned long long)(s->injected_corruptions - base->injected_corruptions));
	ub_cell(t, ln, C_IOPS, "%.0f", (s->ios - p->ios) / dt);
	ub_cell(t, ln, C_MBS, "%.2f", (s->bytes - p->bytes) / dt / 1e6);
	ub_cell(t, ln, C_P50, "%.1f", l->pct[0] / 1e3);
	ub_cell(t, ln, C_P90, "%.1f", l->pct[1] / 1e3);
	ub_cell(t, ln, C_P99, "%.1f", l->pct[2] / 1e3);
	ub_cell(t, ln, C_P999, "%.1f", l->pct[3] / 1e3);
	ub_cell(t, ln, C_P9999, "%.1f", l->pct[4] / 1e3);
	ub_cell(t, ln, C_COUNT, "%llu", (unsigned long long)l->count);
	if (l->have_min_max) {
		ub_cell(t, ln, C_MIN, "%.1f", l->min / 1e3);
		ub_cell(t, ln, C_MEAN, "%.1f", l->mean / 1e3);
		ub_cell(t, ln, C_MAX, "%.1f", l->max / 1e3);
	} else {
		ub_cell(t, ln, C_MIN, "-");
		ub_cell(t, ln, C_MEAN, "-");
		ub_cell(t, ln, C_MAX, "-");
	}
}

/*
 * Totals of b (totals), or one interval of --watch: rates since a, and
 * percentiles of the bucket deltas (the driver's own maths, driver/hist.c;
 * the interval's min and max are not known, so the buckets alone bound
 * them).
 */
static int print_sample(const char *name, const struct sample *a, const struct sample *b,
			bool totals, const struct ub_table_opts *to)
{
	static uint64_t d[URINGBLK_LAT_HIST_BUCKETS];
	struct json_object *top = NULL, *ops = NULL;
	struct ub_table *t = NULL;
	double dt = b->t - a->t > 0 ? b->t - a->t : 1e-9;
	struct lat l;
	int op, i;

	if (ub_opt.json) {
		top = ub_jobj(NULL, NULL);
		ub_js(top, "name", name);
		if (totals) {
			ub_ju(top, "in_flight", b->st.in_flight);
			ub_ju(top, "numa_fallback", b->st.numa_fallback);
		}
		ub_jd(top, "interval_s", dt);
		ops = ub_jobj(top, "ops");
	} else {
		t = ub_table_new(ub_stats_cols, ub_stats_nr_cols, to, "stats");
		if (!t)
			return UB_EXIT_USAGE;
		if (!to->raw && !to->noheadings && totals)
			printf("%s: in_flight %llu (IOPS and MB/s over the last %.1f s; %s)\n",
			       name, (unsigned long long)b->st.in_flight, dt, "latency in us");
	}
	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		const struct uringblk_latency_hist *h = &b->h[op].sum;

		memset(&l, 0, sizeof(l));
		if (totals) {
			l = (struct lat){ h->count, h->min_ns, h->mean_ns, h->max_ns,
				{ h->p50_ns, h->p90_ns, h->p99_ns, h->p999_ns, h->p9999_ns },
				true };
		} else {
			for (i = 0; i < URINGBLK_LAT_HIST_BUCKETS; i++) {
				/* A reset between samples makes deltas meaningless: clamp. */
				d[i] = b->h[op].b[i] >= a->h[op].b[i] ?
				       b->h[op].b[i] - a->h[op].b[i] : 0;
				l.count += d[i];
			}
			ub_hist_percentiles(d, l.count, 0, UB_HIST_NO_MAX, l.pct);
		}
		if (top)
			op_json(ops, op, a, b, dt, &l, totals);
		else
			op_row(t, op, a, b, dt, &l, totals);
	}
	if (top) {
		if (totals) {
			zone_ops(&b->st.zones, top);
			cache_ops(&b->st, top);
		}
		/* --watch: a stream, one object a line. */
		if (totals)
			ub_json_print(top);
		else
			ub_json_print_line(top);
		return UB_EXIT_OK;
	}
	ub_table_print(t);
	if (totals && !to->raw && !to->noheadings) {
		zone_ops(&b->st.zones, NULL);
		cache_ops(&b->st, NULL);
	}
	return UB_EXIT_OK;
}

/* A latency in ns as the shortest readable figure. */
static const char *fmt_ns(uint64_t ns, char *buf, size_t len)
{
	if (ns < 10000)
		snprintf(buf, len, "%llu ns", (unsigned long long)ns);
	else if (ns < 10000000)
		snprintf(buf, len, "%.2f us", ns / 1e3);
	else if (ns < 10000000000ULL)
		snprintf(buf, len, "%.2f ms", ns / 1e6);
	else
		snprintf(buf, len, "%.2f s", ns / 1e9);
	return buf;
}

/* --hist --json: [lower_ns, upper_ns, count], upper_ns null for the top bucket. */
static void hist_json(const char *name, const struct sample *s)
{
	struct json_object *top = ub_jobj(NULL, NULL), *ops, *o, *bk, *tr;
	int op, i;

	ub_js(top, "name", name);
	ops = ub_jobj(top, "ops");
	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		const struct uringblk_latency_hist *l = &s->h[op].sum;

		o = ub_jobj(ops, ub_op_names[op]);
		ub_ju(o, "count", l->count);
		ub_ju(o, "min_ns", l->min_ns);
		ub_ju(o, "mean_ns", l->mean_ns);
		ub_ju(o, "max_ns", l->max_ns);
		bk = ub_jarr(o, "buckets");
		for (i = 0; i < URINGBLK_LAT_HIST_BUCKETS; i++) {
			if (!s->h[op].b[i])
				continue;
			tr = ub_jarr(bk, NULL);
			ub_ju(tr, NULL, ub_hist_lower(i));
			if (i == UB_HIST_TOP)
				json_object_array_add(tr, NULL);
			else
				ub_ju(tr, NULL, ub_hist_lower(i) + ub_hist_width(i));
			ub_ju(tr, NULL, s->h[op].b[i]);
		}
	}
	ub_json_print(top);
}

/* --hist: the fine buckets that hold requests, as text bars scaled to the fullest. */
static void print_hist(const char *name, const struct sample *s)
{
	char lo[32], hi[32], x[32], y[80];
	int op, i, w;

	if (ub_opt.json) {
		hist_json(name, s);
		return;
	}
	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		const struct uringblk_latency_hist *l = &s->h[op].sum;
		const uint64_t *b = s->h[op].b;
		uint64_t top = 0;

		for (i = 0; i < URINGBLK_LAT_HIST_BUCKETS; i++)
			top = b[i] > top ? b[i] : top;
		if (!l->count)
			continue;
		printf("%s %s: %llu requests, min %s, mean %s, max %s\n", name, ub_op_names[op],
		       (unsigned long long)l->count, fmt_ns(l->min_ns, lo, sizeof(lo)),
		       fmt_ns(l->mean_ns, hi, sizeof(hi)), fmt_ns(l->max_ns, x, sizeof(x)));
		for (i = 0; i < URINGBLK_LAT_HIST_BUCKETS; i++) {
			if (!b[i])
				continue;
			w = (int)((b[i] * 50 + top - 1) / top);
			fmt_ns(ub_hist_lower(i), lo, sizeof(lo));
			if (i == UB_HIST_TOP)
				snprintf(hi, sizeof(hi), "...");
			else
				fmt_ns(ub_hist_lower(i) + ub_hist_width(i), hi, sizeof(hi));
			snprintf(y, sizeof(y), "[%s, %s)", lo, hi);
			printf("  %-26s %10llu %.*s\n", y, (unsigned long long)b[i], w,
			       "##################################################");
		}
	}
}

/* A Prometheus label value: backslash, quote and newline escaped. */
static void prom_label(const char *v)
{
	for (; *v; v++) {
		if (*v == '\\' || *v == '"')
			putchar('\\');
		if (*v == '\n')
			fputs("\\n", stdout);
		else
			putchar(*v);
	}
}

static void prom_counter(const char *metric, const char *help, const char *dev,
			 const struct sample *s, size_t off)
{
	unsigned int op;

	printf("# HELP uringblk_%s %s\n# TYPE uringblk_%s counter\n", metric, help, metric);
	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		printf("uringblk_%s{device=\"", metric);
		prom_label(dev);
		printf("\",op=\"%s\"} %llu\n", ub_op_names[op],
		       (unsigned long long)*(const uint64_t *)((const char *)&s->st.ops[op] + off));
	}
}

/*
 * --prometheus: node-exporter's textfile format (counters, and each
 * operation's latency as a histogram whose bucket edges are the powers of
 * two the driver's log-linear buckets line up with, 2^M ns and up).
 */
static void print_prometheus(const char *dev, const struct sample *s)
{
	const unsigned int S = URINGBLK_LAT_HIST_SUB_BITS, M = URINGBLK_LAT_HIST_MIN_SHIFT;
	unsigned int op, k, i;

	prom_counter("ios_total", "Requests completed.", dev, s,
		     offsetof(struct uringblk_op_stats, ios));
	prom_counter("bytes_total", "Bytes of completed requests.", dev, s,
		     offsetof(struct uringblk_op_stats, bytes));
	prom_counter("errors_total", "Requests completed with an error (not injected).", dev, s,
		     offsetof(struct uringblk_op_stats, errors));
	prom_counter("injected_errors_total", "Errors injected by fault rules.", dev, s,
		     offsetof(struct uringblk_op_stats, injected_errors));
	prom_counter("injected_delays_total", "Requests delayed by fault rules.", dev, s,
		     offsetof(struct uringblk_op_stats, injected_delays));
	printf("# HELP uringblk_in_flight Requests dispatched, not yet completed.\n"
	       "# TYPE uringblk_in_flight gauge\nuringblk_in_flight{device=\"");
	prom_label(dev);
	printf("\"} %llu\n", (unsigned long long)s->st.in_flight);
	printf("# HELP uringblk_latency_seconds Time from dispatch to completion.\n"
	       "# TYPE uringblk_latency_seconds histogram\n");
	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		const struct op_hist *h = &s->h[op];
		uint64_t cum = 0;

		i = 0;
		for (k = M; k <= URINGBLK_LAT_HIST_MAX_SHIFT; k++) {
			/* Buckets below index (k - M + 1) << S: latencies under 2^k ns. */
			for (; i < (k - M + 1) << S; i++)
				cum += h->b[i];
			printf("uringblk_latency_seconds_bucket{device=\"");
			prom_label(dev);
			printf("\",op=\"%s\",le=\"%.9g\"} %llu\n", ub_op_names[op],
			       (double)(1ULL << k) / 1e9, (unsigned long long)cum);
		}
		printf("uringblk_latency_seconds_bucket{device=\"");
		prom_label(dev);
		printf("\",op=\"%s\",le=\"+Inf\"} %llu\n", ub_op_names[op],
		       (unsigned long long)h->sum.count);
		printf("uringblk_latency_seconds_sum{device=\"");
		prom_label(dev);
		printf("\",op=\"%s\"} %.9f\n", ub_op_names[op], h->sum.sum_ns / 1e9);
		printf("uringblk_latency_seconds_count{device=\"");
		prom_label(dev);
		printf("\",op=\"%s\"} %llu\n", ub_op_names[op],
		       (unsigned long long)h->sum.count);
	}
}

int cmd_stats(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "watch", required_argument, NULL, 'w' },
		{ "count", required_argument, NULL, 'c' },
		{ "hist", no_argument, NULL, 'H' },
		{ "prometheus", no_argument, NULL, 'P' },
		{ "output", required_argument, NULL, 'o' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "raw", no_argument, NULL, 'r' },
		{ 0 }
	};
	struct ub_table_opts to = { 0 };
	uint64_t watch = 0, count = 0, n;
	struct sample *a, *b, *t;
	struct ub_admin ad;
	char name[64];
	bool hist = false, prom = false;
	int c, ret = UB_EXIT_OK;

	while ((c = getopt_long(argc, argv, "w:c:Ho:nr", lopts, NULL)) != -1) {
		switch (c) {
		case 'H':
			hist = true;
			break;
		case 'P':
			prom = true;
			break;
		case 'w':
			if (ub_parse_dec(optarg, &watch) || !watch) {
				ub_err("stats: --watch wants whole seconds > 0, not '%s'", optarg);
				return UB_EXIT_USAGE;
			}
			break;
		case 'c':
			if (ub_parse_dec(optarg, &count) || !count) {
				ub_err("stats: --count wants a number > 0, not '%s'", optarg);
				return UB_EXIT_USAGE;
			}
			break;
		default:
			if (!ub_table_opt(&to, c, optarg))
				return UB_EXIT_USAGE;
		}
	}
	if (optind != argc - 1 || hist + prom + !!watch > 1) {
		ub_err("usage: uringblkctl stats DEV [--hist | --prometheus | --watch SECONDS [--count N]] %s",
		       "[-o COLS] [-n] [-r]");
		return UB_EXIT_USAGE;
	}
	if (to.columns && !ub_opt.json) {
		/* A bad -o is a usage error before the device is looked at. */
		struct ub_table *probe;

		probe = ub_table_new(ub_stats_cols, ub_stats_nr_cols, &to, "stats");
		if (!probe)
			return UB_EXIT_USAGE;
		ub_table_free(probe);
	}
	if (ub_open_dev(argv[optind], name, sizeof(name), &ad))
		return UB_EXIT_FAIL;
	a = calloc(1, sizeof(*a));
	b = calloc(1, sizeof(*b));
	if (!a || !b)
		abort();
	if (take(&ad, name, a)) {
		ret = UB_EXIT_FAIL;
	} else if (hist) {
		print_hist(name, a);
	} else if (prom) {
		print_prometheus(name, a);
	} else if (!watch) {
		/* A short window gives the current rate beside the totals. */
		usleep(500000);
		if (take(&ad, name, b))
			ret = UB_EXIT_FAIL;
		else
			ret = print_sample(name, a, b, true, &to);
	} else {
		for (n = 0; !count || n < count; n++) {
			sleep(watch);
			if (take(&ad, name, b)) {
				ret = UB_EXIT_FAIL;
				break;
			}
			print_sample(name, a, b, false, &to);
			t = a;
			a = b;
			b = t;
		}
	}
	free(a);
	free(b);
	ub_admin_close(&ad);
	return ret;
}
