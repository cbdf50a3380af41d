// SPDX-License-Identifier: GPL-2.0
/*
 * identify, stats and reset-stats: the admin plane of one disk, over
 * io_uring with the ioctl as the fallback (admin.c).
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

int cmd_identify(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ 0 }
	};
	struct uringblk_identify id = { 0 };
	struct ub_admin ad;
	char name[64], feat[160];
	const char *dev;
	bool json = false;
	int c, ret;

	while ((c = getopt_long(argc, argv, "j", lopts, NULL)) != -1) {
		if (c != 'j')
			return UB_EXIT_USAGE;
		json = true;
	}
	if (optind != argc - 1) {
		ub_err("usage: uringblkctl identify [--json] DEV");
		return UB_EXIT_USAGE;
	}
	dev = argv[optind];
	if (ub_open_dev(dev, name, sizeof(name), &ad))
		return UB_EXIT_FAIL;
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
		       "\"queue_depth\": %u, \"index\": %u, \"features\": %llu, "
		       "\"feature_names\": \"%s\"}\n",
		       name, id.model, id.serial, id.firmware, id.abi_major, id.abi_minor,
		       (unsigned long long)id.capacity_bytes,
		       (unsigned long long)id.capacity_blocks, id.logical_block_size,
		       id.physical_block_size, id.max_sectors, id.nr_hw_queues,
		       id.poll_queues, id.queue_depth, id.index,
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
	printf("features      %s\n", feat[0] ? feat : "-");
	return UB_EXIT_OK;
}

/* Percentile of a histogram (bucket deltas): the upper edge, as the driver. */
static uint64_t pct(const uint64_t *b, uint64_t count, double q)
{
	uint64_t rank = (uint64_t)(count * q), sum = 0;
	int i;

	if (!count)
		return 0;
	if (rank < 1)
		rank = 1;
	for (i = 0; i < URINGBLK_LAT_BUCKETS; i++) {
		sum += b[i];
		if (sum >= rank)
			return 1ULL << (i + 1);
	}
	return 1ULL << URINGBLK_LAT_BUCKETS;
}

struct sample {
	struct uringblk_stats st;
	struct uringblk_latency lat;
	double t;
};

static int take(struct ub_admin *ad, const char *name, struct sample *s)
{
	struct timespec ts;

	memset(s, 0, sizeof(*s));
	if (do_cmd(ad, name, "GET_STATS", URINGBLK_UCMD_GET_STATS, &s->st, sizeof(s->st)) < 0 ||
	    do_cmd(ad, name, "GET_LATENCY", URINGBLK_UCMD_GET_LATENCY, &s->lat,
		   sizeof(s->lat)) < 0)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	s->t = ts.tv_sec + ts.tv_nsec / 1e9;
	return 0;
}

/* Totals of s, with IOPS and MB/s over the window since the sample a. */
static void print_totals(const char *name, const struct sample *a,
			 const struct sample *s, bool json)
{
	double dt = s->t - a->t > 0 ? s->t - a->t : 1;
	int op;

	if (json) {
		printf("{\"name\": \"%s\", \"in_flight\": %llu, \"ops\": {", name,
		       (unsigned long long)s->st.in_flight);
		for (op = 0; op < URINGBLK_NR_OPS; op++) {
			const struct uringblk_op_stats *o = &s->st.ops[op];
			const struct uringblk_op_latency *l = &s->lat.ops[op];

			printf("%s\"%s\": {\"ios\": %llu, \"bytes\": %llu, \"errors\": %llu, "
			       "\"injected_errors\": %llu, \"iops\": %.1f, \"mb_s\": %.3f, "
			       "\"lat_count\": %llu, \"p50_ns\": %llu, "
			       "\"p90_ns\": %llu, \"p99_ns\": %llu, \"p999_ns\": %llu}",
			       op ? ", " : "", ub_op_names[op], (unsigned long long)o->ios,
			       (unsigned long long)o->bytes, (unsigned long long)o->errors,
			       (unsigned long long)o->injected_errors,
			       (o->ios - a->st.ops[op].ios) / dt,
			       (o->bytes - a->st.ops[op].bytes) / dt / 1e6,
			       (unsigned long long)l->count, (unsigned long long)l->p50_ns,
			       (unsigned long long)l->p90_ns, (unsigned long long)l->p99_ns,
			       (unsigned long long)l->p999_ns);
		}
		printf("}}\n");
		return;
	}
	printf("%s: in_flight %llu (IOPS and MB/s over the last %.1f s)\n", name,
	       (unsigned long long)s->st.in_flight, dt);
	printf("%-13s %12s %16s %8s %8s %10s %8s %9s %9s %9s %9s\n", "OP", "IOS", "BYTES",
	       "ERRORS", "INJECTED", "IOPS", "MB/s", "P50_US", "P90_US", "P99_US", "P99.9_US");
	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		const struct uringblk_op_stats *o = &s->st.ops[op];
		const struct uringblk_op_latency *l = &s->lat.ops[op];

		printf("%-13s %12llu %16llu %8llu %8llu %10.0f %8.2f %9.1f %9.1f %9.1f %9.1f\n",
		       ub_op_names[op], (unsigned long long)o->ios, (unsigned long long)o->bytes,
		       (unsigned long long)o->errors, (unsigned long long)o->injected_errors,
		       (o->ios - a->st.ops[op].ios) / dt, (o->bytes - a->st.ops[op].bytes) / dt / 1e6,
		       l->p50_ns / 1e3, l->p90_ns / 1e3, l->p99_ns / 1e3, l->p999_ns / 1e3);
	}
}

/* One interval of --watch: rates and percentiles of that interval only. */
static void print_rates(const char *name, const struct sample *a,
			const struct sample *b, bool json)
{
	double dt = b->t - a->t;
	uint64_t d[URINGBLK_LAT_BUCKETS];
	int op, i;

	if (dt <= 0)
		dt = 1e-9;
	if (json)
		printf("{\"name\": \"%s\", \"interval_s\": %.3f, \"ops\": {", name, dt);
	else
		printf("%-13s %12s %10s %10s %10s\n", "OP", "IOPS", "MB/s", "P50_US", "P99_US");
	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		uint64_t n = 0;
		double iops = (b->st.ops[op].ios - a->st.ops[op].ios) / dt;
		double mbs = (b->st.ops[op].bytes - a->st.ops[op].bytes) / dt / 1e6;

		for (i = 0; i < URINGBLK_LAT_BUCKETS; i++) {
			/* A reset between samples makes deltas meaningless: clamp. */
			d[i] = b->lat.ops[op].buckets[i] >= a->lat.ops[op].buckets[i] ?
				b->lat.ops[op].buckets[i] - a->lat.ops[op].buckets[i] : 0;
			n += d[i];
		}
		if (json)
			printf("%s\"%s\": {\"iops\": %.1f, \"mb_s\": %.3f, \"p50_ns\": %llu, "
			       "\"p99_ns\": %llu}", op ? ", " : "", ub_op_names[op], iops, mbs,
			       (unsigned long long)pct(d, n, 0.50),
			       (unsigned long long)pct(d, n, 0.99));
		else
			printf("%-13s %12.1f %10.2f %10.1f %10.1f\n", ub_op_names[op], iops, mbs,
			       pct(d, n, 0.50) / 1e3, pct(d, n, 0.99) / 1e3);
	}
	if (json)
		printf("}}\n");
	fflush(stdout);
}

int cmd_stats(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "watch", required_argument, NULL, 'w' },
		{ "count", required_argument, NULL, 'c' },
		{ 0 }
	};
	uint64_t watch = 0, count = 0, n;
	struct sample *a, *b, *t;
	struct ub_admin ad;
	char name[64];
	bool json = false;
	int c, ret = UB_EXIT_OK;

	while ((c = getopt_long(argc, argv, "jw:c:", lopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
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
	if (optind != argc - 1) {
		ub_err("usage: uringblkctl stats DEV [--json] [--watch SECONDS [--count N]]");
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
