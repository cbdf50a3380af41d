// SPDX-License-Identifier: GPL-2.0
/*
 * Counters move by exactly the known workload: N writes, M reads, one
 * discard, one write-zeroes and flushes; per-queue dispatch counts add up;
 * latency histograms count every request; sysfs and GET_STATS agree;
 * RESET brings everything back to zero.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "common.h"

static struct ub_test_io io;

static void get_stats(struct uringblk_stats *st)
{
	struct uringblk_ucmd_hdr h = ub_hdr(URINGBLK_UCMD_GET_STATS, st, sizeof(*st));
	int ret = ub_uring_cmd(&io.ring, io.ctl, URINGBLK_UCMD, &h);

	CHECK(ret == sizeof(*st), "GET_STATS returned %d", ret);
	CHECK(st->size == sizeof(*st) && st->version == URINGBLK_STATS_VERSION, "size/version");
	CHECK(st->nr_ops == URINGBLK_NR_OPS, "nr_ops %u", st->nr_ops);
}

static void get_latency(struct uringblk_latency *l)
{
	struct uringblk_ucmd_hdr h = ub_hdr(URINGBLK_UCMD_GET_LATENCY, l, sizeof(*l));
	int ret = ub_uring_cmd(&io.ring, io.ctl, URINGBLK_UCMD, &h);

	CHECK(ret == sizeof(*l), "GET_LATENCY returned %d", ret);
	CHECK(l->nr_buckets == URINGBLK_LAT_BUCKETS, "nr_buckets");
}

int main(void)
{
	const char *names[] = { "read", "write", "flush", "discard", "write_zeroes" };
	struct uringblk_ucmd_hdr h;
	struct uringblk_latency lat;
	struct uringblk_stats st;
	struct ub_test_dev d;
	unsigned long long want_ios[5] = { 0 }, want_bytes[5] = { 0 };
	unsigned long long sum, n, range[2];
	int i, op, ret;

	ub_create(&d, "stat0", "capacity=16M", "write_cache=1", "nr_hw_queues=2", NULL);
	ub_open_io(&d, &io, 0x3c);
	get_stats(&st);
	for (op = 0; op < URINGBLK_NR_OPS; op++)
		CHECK(!st.ops[op].ios && !st.ops[op].bytes, "%s not zero after reset", names[op]);

	for (i = 0; i < 37; i++)
		CHECK(pwrite(io.fd, io.buf, 4096, i * 8192) == 4096, "pwrite");
	want_ios[URINGBLK_OP_WRITE] = 37;
	want_bytes[URINGBLK_OP_WRITE] = 37 * 4096;
	for (i = 0; i < 23; i++)
		CHECK(pread(io.fd, io.buf, 8192, i * 65536) == 8192, "pread");
	want_ios[URINGBLK_OP_READ] = 23;
	want_bytes[URINGBLK_OP_READ] = 23 * 8192;
	range[0] = 1 << 20;
	range[1] = 1 << 20;
	CHECK(!ioctl(io.fd, BLKDISCARD, range), "BLKDISCARD: %s", strerror(errno));
	want_ios[URINGBLK_OP_DISCARD] = 1;
	want_bytes[URINGBLK_OP_DISCARD] = 1 << 20;
	range[0] = 4 << 20;
	range[1] = 64 << 10;
	CHECK(!ioctl(io.fd, BLKZEROOUT, range), "BLKZEROOUT: %s", strerror(errno));
	want_ios[URINGBLK_OP_WRITE_ZEROES] = 1;
	want_bytes[URINGBLK_OP_WRITE_ZEROES] = 64 << 10;

	get_stats(&st);
	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		if (op == URINGBLK_OP_FLUSH)
			continue;
		CHECK(st.ops[op].ios == want_ios[op], "%s ios %llu, want %llu", names[op],
		      (unsigned long long)st.ops[op].ios, want_ios[op]);
		CHECK(st.ops[op].bytes == want_bytes[op], "%s bytes %llu, want %llu", names[op],
		      (unsigned long long)st.ops[op].bytes, want_bytes[op]);
		CHECK(!st.ops[op].errors && !st.ops[op].injected_errors, "%s errors", names[op]);
	}
	CHECK(st.in_flight == 0, "in_flight %llu at rest", (unsigned long long)st.in_flight);
	CHECK(st.nr_queues == 2, "nr_queues %u", st.nr_queues);
	/* fsync on a write-back device sends exactly one flush. */
	n = st.ops[URINGBLK_OP_FLUSH].ios;
	CHECK(!fsync(io.fd), "fsync");
	get_stats(&st);
	CHECK(st.ops[URINGBLK_OP_FLUSH].ios == n + 1, "flush ios %llu, want %llu",
	      (unsigned long long)st.ops[URINGBLK_OP_FLUSH].ios, n + 1);
	want_ios[URINGBLK_OP_FLUSH] = n + 1;

	for (sum = 0, i = 0; i < (int)st.nr_queues; i++) {
		sum += st.queues[i].dispatched;
		CHECK(!st.queues[i].polled, "polled on an interrupt queue");
	}
	CHECK(sum == 37 + 23 + 1 + 1 + n + 1, "dispatched total %llu", sum);

	/* sysfs says the same. */
	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		CHECK(ub_read_ull("/sys/block/uringblk%u/uringblk/%s_ios", d.index, names[op]) ==
		      st.ops[op].ios, "sysfs %s_ios differs", names[op]);
		CHECK(ub_read_ull("/sys/block/uringblk%u/uringblk/%s_bytes", d.index, names[op]) ==
		      st.ops[op].bytes, "sysfs %s_bytes differs", names[op]);
	}
	CHECK(ub_read_ull("/sys/block/uringblk%u/uringblk/dispatched", d.index) == sum,
	      "sysfs dispatched differs");
	CHECK(ub_read_ull("/sys/block/uringblk%u/uringblk/in_flight", d.index) == 0, "in_flight");

	/* Every completed request is in its histogram. */
	get_latency(&lat);
	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		unsigned long long b = 0;

		for (i = 0; i < URINGBLK_LAT_BUCKETS; i++)
			b += lat.ops[op].buckets[i];
		CHECK(lat.ops[op].count == want_ios[op] && b == want_ios[op],
		      "%s latency count %llu/%llu, want %llu", names[op],
		      (unsigned long long)lat.ops[op].count, b, want_ios[op]);
		CHECK(lat.ops[op].p50_ns <= lat.ops[op].p90_ns &&
		      lat.ops[op].p90_ns <= lat.ops[op].p99_ns &&
		      lat.ops[op].p99_ns <= lat.ops[op].p999_ns, "%s percentiles out of order",
		      names[op]);
		CHECK(lat.ops[op].p50_ns > 0, "%s p50 is 0", names[op]);
	}

	/* RESET: back to zero, both ways of reading. */
	h = ub_hdr(URINGBLK_UCMD_RESET_STATS, NULL, 0);
	ret = ub_uring_cmd(&io.ring, io.ctl, URINGBLK_UCMD, &h);
	CHECK(ret == 0, "RESET returned %d", ret);
	get_stats(&st);
	get_latency(&lat);
	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		CHECK(!st.ops[op].ios && !st.ops[op].bytes && !lat.ops[op].count,
		      "%s not zero after reset", names[op]);
		CHECK(!ub_read_ull("/sys/block/uringblk%u/uringblk/%s_ios", d.index, names[op]),
		      "sysfs %s_ios not zero after reset", names[op]);
	}

	/* stats=0: nothing is counted; back to 1: counting resumes. */
	CHECK(!ub_attr_write("stat0", "stats", "0"), "stats=0");
	for (i = 0; i < 5; i++)
		CHECK(pread(io.fd, io.buf, 4096, 0) == 4096, "pread");
	get_stats(&st);
	CHECK(!st.ops[URINGBLK_OP_READ].ios, "counted with stats=0");
	CHECK(!ub_attr_write("stat0", "stats", "1"), "stats=1");
	for (i = 0; i < 5; i++)
		CHECK(pread(io.fd, io.buf, 4096, 0) == 4096, "pread");
	get_stats(&st);
	CHECK(st.ops[URINGBLK_OP_READ].ios == 5, "read ios %llu after stats=1",
	      (unsigned long long)st.ops[URINGBLK_OP_READ].ios);
	close(io.fd);
	close(io.ctl);
	return T_EXIT_PASS;
}
