// SPDX-License-Identifier: GPL-2.0
/*
 * identify, stats and reset-stats: the admin plane of one disk, over
 * io_uring with the ioctl as the fallback (admin.c).  Percentiles of
 * interval deltas use the driver's own histogram maths (driver/hist.c).
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
#include "uringblkctl.h"

/* Shared with cmd_fault.c (uringblkctl.h). */
int ub_open_dev(const char *arg, char *name, size_t len, struct ub_admin *ad)
{
	unsigned int index;
	int ret = ub_resolve(arg, name, len, &index);

	if (ret == -ENODEV) {
		ub_err("%s: not powered, no disk to talk to: %s", arg, strerror(ENODEV));
		return ret;
	}
	if (ret) {
		ub_err("%s: no such uringblk device: %s", arg, strerror(-ret));
		return ret;
	}
	ret = ub_admin_open(ad, index, ub_opt.force_ioctl);
	if (ret)
		ub_err("%s: open /dev/" URINGBLK_DISK_PREFIX "%u-ctl: %s", name, index,
		       strerror(-ret));
	return ret;
}

static int do_cmd(struct ub_admin *ad, const char *name, const char *what,
		  uint16_t op, void *buf, uint32_t len)
{
	int ret = ub_admin_cmd(ad, op, buf, len);

	if (ret < 0)
		ub_err("%s: %s (%s): %s", name, what, ub_admin_path(ad), strerror(-ret));
	return ret;
}

static const char *feature_names(uint64_t f, char *buf, size_t len)
{
	static const struct { uint64_t bit; const char *name; } bits[] = {
		{ URINGBLK_F_DISCARD, "discard" },
		{ URINGBLK_F_WRITE_ZEROES, "write_zeroes" },
		{ URINGBLK_F_WRITE_CACHE, "write_cache" },
		{ URINGBLK_F_POLL, "poll" },
		{ URINGBLK_F_ZONED, "zoned" },
		{ URINGBLK_F_FAULTS, "faults" },
		{ URINGBLK_F_FILE_BACKEND, "file_backend" },
		{ URINGBLK_F_STATS, "stats" },
	};
	size_t n = 0;
	unsigned int i;

	buf[0] = 0;
	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (f & bits[i].bit)
			n += snprintf(buf + n, len - n, "%s%s", n ? " " : "", bits[i].name);
	return buf;
}

/* Shared with cmd_zones.c (uringblkctl.h). */
int ub_open_json_dev(int argc, char **argv, const char *cmd, bool *json,
		     char *name, size_t len, struct ub_admin *ad)
{
	static const struct option lopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ 0 }
	};
	int c;

	*json = false;
	while ((c = getopt_long(argc, argv, "j", lopts, NULL)) != -1) {
		if (c != 'j')
			return UB_EXIT_USAGE;
		*json = true;
	}
	if (optind != argc - 1) {
		ub_err("usage: uringblkctl %s [--json] DEV", cmd);
		return UB_EXIT_USAGE;
	}
	return ub_open_dev(argv[optind], name, len, ad) ? UB_EXIT_FAIL : 0;
}

int cmd_identify(int argc, char **argv)
{
	struct uringblk_identify id = { 0 };
	struct ub_admin ad;
	char name[64], feat[160];
	bool json;
	int ret;

	ret = ub_open_json_dev(argc, argv, "identify", &json, name, sizeof(name), &ad);
	if (ret)
		return ret;
	ret = do_cmd(&ad, name, "IDENTIFY", URINGBLK_UCMD_IDENTIFY, &id, sizeof(id));
	ub_admin_close(&ad);
	if (ret < 0)
		return UB_EXIT_FAIL;
	feature_names(id.features, feat, sizeof(feat));
	if (json) {
		printf("{\"name\": \"%s\", \"model\": \"%.32s\", \"serial\": \"%.40s\", "
		       "\"firmware\": \"%.16s\", \"abi_major\": %u, \"abi_minor\": %u, "
		       "\"capacity_bytes\": %llu, \"capacity_blocks\": %llu, "
		       "\"logical_block_size\": %u, \"physical_block_size\": %u, "
		       "\"max_sectors\": %u, \"nr_hw_queues\": %u, \"poll_queues\": %u, "
		       "\"queue_depth\": %u, \"index\": %u, \"home_node\": %d, \"features\": %llu, "
		       "\"feature_names\": \"%s\"}\n",
		       name, id.model, id.serial, id.firmware, id.abi_major, id.abi_minor,
		       (unsigned long long)id.capacity_bytes,
		       (unsigned long long)id.capacity_blocks, id.logical_block_size,
		       id.physical_block_size, id.max_sectors, id.nr_hw_queues,
		       id.poll_queues, id.queue_depth, id.index, id.home_node,
		       (unsigned long long)id.features, feat);
		return UB_EXIT_OK;
	}
	printf("device        %s (/dev/" URINGBLK_DISK_PREFIX "%u)\n", name, id.index);
	printf("model         %.32s\n", id.model);
	printf("serial        %.40s\n", id.serial);
	printf("firmware      %.16s\n", id.firmware);
	printf("abi           %u.%u\n", id.abi_major, id.abi_minor);
	printf("capacity      %llu bytes, %llu blocks\n",
	       (unsigned long long)id.capacity_bytes, (unsigned long long)id.capacity_blocks);
	printf("block size    %u logical, %u physical\n", id.logical_block_size,
	       id.physical_block_size);
	printf("max_sectors   %u\n", id.max_sectors);
	printf("queues        %u interrupt, %u poll, depth %u\n", id.nr_hw_queues,
	       id.poll_queues, id.queue_depth);
	printf("home_node     %d\n", id.home_node);
	printf("features      %s\n", feat[0] ? feat : "-");
	return UB_EXIT_OK;
}

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

/* GET_LATENCY_HIST page by page (Documentation/admin-plane.md). */
static int get_hist(struct ub_admin *ad, const char *name, unsigned int op,
		    struct op_hist *oh)
{
	struct uringblk_latency_hist page;
	uint32_t start = 0;

	do {
		memset(&page, 0, sizeof(page));
		page.op = op;
		page.start = start;
		if (do_cmd(ad, name, "GET_LATENCY_HIST", URINGBLK_UCMD_GET_LATENCY_HIST,
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
			oh->sum = page;
		memcpy(&oh->b[start], page.buckets, page.nr_returned * sizeof(page.buckets[0]));
		start += page.nr_returned;
	} while (start < page.nr_buckets);
	return 0;
}

static int take(struct ub_admin *ad, const char *name, struct sample *s)
{
	struct timespec ts;
	unsigned int op;

	memset(s, 0, sizeof(*s));
	if (do_cmd(ad, name, "GET_STATS", URINGBLK_UCMD_GET_STATS, &s->st, sizeof(s->st)) < 0)
		return -1;
	for (op = 0; op < URINGBLK_NR_OPS; op++)
		if (get_hist(ad, name, op, &s->h[op]))
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
static void print_zone_ops(const struct uringblk_zone_stats *z, bool json)
{
	int i;

	if (!z->nr_zones)
		return;
	printf(json ? ", \"zones\": {\"nr_zones\": %u" : "zones %u:", z->nr_zones);
	for (i = 0; i < URINGBLK_NR_ZONE_OPS; i++)
		printf(json ? ", \"%s\": %llu" : " %s %llu", zone_op_names[i],
		       (unsigned long long)z->ops[i]);
	printf(json ? "}" : "\n");
}

/* Totals of s, with IOPS and MB/s over the window since the sample a. */
static void print_totals(const char *name, const struct sample *a,
			 const struct sample *s, bool json)
{
	double dt = s->t - a->t > 0 ? s->t - a->t : 1;
	int op;

	if (json) {
		printf("{\"name\": \"%s\", \"in_flight\": %llu, \"numa_fallback\": %llu, \"ops\": {",
		       name, (unsigned long long)s->st.in_flight,
		       (unsigned long long)s->st.numa_fallback);
		for (op = 0; op < URINGBLK_NR_OPS; op++) {
			const struct uringblk_op_stats *o = &s->st.ops[op];
			const struct uringblk_latency_hist *l = &s->h[op].sum;

			printf("%s\"%s\": {\"ios\": %llu, \"bytes\": %llu, \"errors\": %llu, "
			       "\"injected_errors\": %llu, \"injected_delays\": %llu, "
			       "\"injected_corruptions\": %llu, \"iops\": %.1f, \"mb_s\": %.3f, "
			       "\"lat_count\": %llu, \"min_ns\": %llu, \"mean_ns\": %llu, "
			       "\"max_ns\": %llu, \"p50_ns\": %llu, \"p90_ns\": %llu, "
			       "\"p99_ns\": %llu, \"p999_ns\": %llu, \"p9999_ns\": %llu}",
			       op ? ", " : "", ub_op_names[op], (unsigned long long)o->ios,
			       (unsigned long long)o->bytes, (unsigned long long)o->errors,
			       (unsigned long long)o->injected_errors,
			       (unsigned long long)o->injected_delays,
			       (unsigned long long)o->injected_corruptions,
			       (o->ios - a->st.ops[op].ios) / dt,
			       (o->bytes - a->st.ops[op].bytes) / dt / 1e6,
			       (unsigned long long)l->count, (unsigned long long)l->min_ns,
			       (unsigned long long)l->mean_ns, (unsigned long long)l->max_ns,
			       (unsigned long long)l->p50_ns, (unsigned long long)l->p90_ns,
			       (unsigned long long)l->p99_ns, (unsigned long long)l->p999_ns,
			       (unsigned long long)l->p9999_ns);
		}
		printf("}");
		print_zone_ops(&s->st.zones, true);
		printf("}\n");
		return;
	}
	printf("%s: in_flight %llu (IOPS and MB/s over the last %.1f s; latency in us)\n", name,
	       (unsigned long long)s->st.in_flight, dt);
	printf("%-13s %12s %16s %8s %8s %10s %8s %9s %9s %9s %9s %9s\n", "OP", "IOS", "BYTES",
	       "ERRORS", "INJECTED", "IOPS", "MB/s", "P50", "P90", "P99", "P99.9", "P99.99");
	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		const struct uringblk_op_stats *o = &s->st.ops[op];
		const struct uringblk_latency_hist *l = &s->h[op].sum;

		printf("%-13s %12llu %16llu %8llu %8llu %10.0f %8.2f %9.1f %9.1f %9.1f %9.1f %9.1f\n",
		       ub_op_names[op], (unsigned long long)o->ios, (unsigned long long)o->bytes,
		       (unsigned long long)o->errors, (unsigned long long)o->injected_errors,
		       (o->ios - a->st.ops[op].ios) / dt, (o->bytes - a->st.ops[op].bytes) / dt / 1e6,
		       l->p50_ns / 1e3, l->p90_ns / 1e3, l->p99_ns / 1e3, l->p999_ns / 1e3,
		       l->p9999_ns / 1e3);
	}
	print_zone_ops(&s->st.zones, false);
}

/*
 * One interval of --watch: rates, and percentiles of the bucket deltas
 * (the driver's own maths, driver/hist.c; the interval's min and max are
 * not known, so the buckets alone bound them).
 */
static void print_rates(const char *name, const struct sample *a,
			const struct sample *b, bool json)
{
	static uint64_t d[URINGBLK_LAT_HIST_BUCKETS];
	double dt = b->t - a->t;
	u64 pct[UB_HIST_NR_PCT];
	int op, i;

	if (dt <= 0)
		dt = 1e-9;
	if (json)
		printf("{\"name\": \"%s\", \"interval_s\": %.3f, \"ops\": {", name, dt);
	else
		printf("%-13s %12s %10s %9s %9s %9s %9s %9s\n", "OP", "IOPS", "MB/s",
		       "P50_US", "P90_US", "P99_US", "P99.9_US", "P99.99_US");
	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		uint64_t n = 0;
		double iops = (b->st.ops[op].ios - a->st.ops[op].ios) / dt;
		double mbs = (b->st.ops[op].bytes - a->st.ops[op].bytes) / dt / 1e6;

		for (i = 0; i < URINGBLK_LAT_HIST_BUCKETS; i++) {
			/* A reset between samples makes deltas meaningless: clamp. */
			d[i] = b->h[op].b[i] >= a->h[op].b[i] ? b->h[op].b[i] - a->h[op].b[i] : 0;
			n += d[i];
		}
		ub_hist_percentiles(d, n, 0, UB_HIST_NO_MAX, pct);
		if (json)
			printf("%s\"%s\": {\"iops\": %.1f, \"mb_s\": %.3f, \"lat_count\": %llu, "
			       "\"p50_ns\": %llu, \"p90_ns\": %llu, \"p99_ns\": %llu, "
			       "\"p999_ns\": %llu, \"p9999_ns\": %llu}", op ? ", " : "",
			       ub_op_names[op], iops, mbs, (unsigned long long)n,
			       (unsigned long long)pct[0], (unsigned long long)pct[1],
			       (unsigned long long)pct[2], (unsigned long long)pct[3],
			       (unsigned long long)pct[4]);
		else
			printf("%-13s %12.1f %10.2f %9.1f %9.1f %9.1f %9.1f %9.1f\n",
			       ub_op_names[op], iops, mbs, pct[0] / 1e3, pct[1] / 1e3,
			       pct[2] / 1e3, pct[3] / 1e3, pct[4] / 1e3);
	}
	if (json)
		printf("}}\n");
	fflush(stdout);
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

/*
 * --hist: the fine buckets that hold requests, as text bars scaled to the
 * fullest bucket of each operation, or as JSON [lower_ns, upper_ns, count]
 * triples (upper_ns null for the open-ended top bucket).
 */
static void print_hist(const char *name, const struct sample *s, bool json)
{
	char lo[32], hi[32], x[32], y[80];
	int op, i, w, first;

	if (json)
		printf("{\"name\": \"%s\", \"ops\": {", name);
	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		const struct uringblk_latency_hist *l = &s->h[op].sum;
		const uint64_t *b = s->h[op].b;
		uint64_t top = 0;

		for (i = 0; i < URINGBLK_LAT_HIST_BUCKETS; i++)
			top = b[i] > top ? b[i] : top;
		if (json) {
			printf("%s\"%s\": {\"count\": %llu, \"min_ns\": %llu, \"mean_ns\": %llu, "
			       "\"max_ns\": %llu, \"buckets\": [", op ? ", " : "", ub_op_names[op],
			       (unsigned long long)l->count, (unsigned long long)l->min_ns,
			       (unsigned long long)l->mean_ns, (unsigned long long)l->max_ns);
			for (i = 0, first = 1; i < URINGBLK_LAT_HIST_BUCKETS; i++) {
				if (!b[i])
					continue;
				if (i == UB_HIST_TOP)
					printf("%s[%llu, null, %llu]", first ? "" : ", ",
					       (unsigned long long)ub_hist_lower(i),
					       (unsigned long long)b[i]);
				else
					printf("%s[%llu, %llu, %llu]", first ? "" : ", ",
					       (unsigned long long)ub_hist_lower(i),
					       (unsigned long long)(ub_hist_lower(i) + ub_hist_width(i)),
					       (unsigned long long)b[i]);
				first = 0;
			}
			printf("]}");
			continue;
		}
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
	if (json)
		printf("}}\n");
}

int cmd_stats(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "watch", required_argument, NULL, 'w' },
		{ "count", required_argument, NULL, 'c' },
		{ "hist", no_argument, NULL, 'H' },
		{ 0 }
	};
	uint64_t watch = 0, count = 0, n;
	struct sample *a, *b, *t;
	struct ub_admin ad;
	char name[64];
	bool json = false, hist = false;
	int c, ret = UB_EXIT_OK;

	while ((c = getopt_long(argc, argv, "jw:c:H", lopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'H': hist = true; break;
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
		default: return UB_EXIT_USAGE;
		}
	}
	if (optind != argc - 1 || (hist && watch)) {
		ub_err("usage: uringblkctl stats DEV [--json] [--hist | --watch SECONDS [--count N]]");
		return UB_EXIT_USAGE;
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
		print_hist(name, a, json);
	} else if (!watch) {
		/* A short window gives the current rate beside the totals. */
		usleep(500000);
		if (take(&ad, name, b))
			ret = UB_EXIT_FAIL;
		else
			print_totals(name, a, b, json);
	} else {
		for (n = 0; !count || n < count; n++) {
			sleep(watch);
			if (take(&ad, name, b)) {
				ret = UB_EXIT_FAIL;
				break;
			}
			print_rates(name, a, b, json);
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

int cmd_reset_stats(int argc, char **argv)
{
	struct ub_admin ad;
	char name[64];
	int ret;

	if (argc != 2 || argv[1][0] == '-') {
		ub_err("usage: uringblkctl reset-stats DEV");
		return UB_EXIT_USAGE;
	}
	if (ub_open_dev(argv[1], name, sizeof(name), &ad))
		return UB_EXIT_FAIL;
	ret = do_cmd(&ad, name, "RESET_STATS", URINGBLK_UCMD_RESET_STATS, NULL, 0);
	ub_admin_close(&ad);
	if (ret < 0)
		return UB_EXIT_FAIL;
	printf("%s: statistics reset\n", name);
	return UB_EXIT_OK;
}
