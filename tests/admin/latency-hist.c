// SPDX-License-Identifier: GPL-2.0
/*
 * GET_LATENCY_HIST: paging covers every bucket exactly once, with full
 * and with small pages; the buckets sum to the requests GET_STATS counts;
 * min <= percentiles <= max and the mean is sum / count; the bucket edges
 * computed from the reply's sub_bucket_bits, min_shift and max_shift fold
 * into exactly the log2 buckets the old GET_LATENCY returns, and its
 * percentiles (p9999_ns too) are the new ones, also for a client built
 * for ABI minor 0; bad payloads get EINVAL over io_uring and ioctl; after
 * RESET_STATS everything is zero.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

#define HDR_LEN	offsetof(struct uringblk_latency_hist, buckets)

static struct ub_test_io io;

/* One page; returns res.  Alternates io_uring and ioctl by @via_ioctl. */
static int page(struct uringblk_latency_hist *p, uint32_t len, bool via_ioctl)
{
	struct uringblk_ucmd_hdr h = ub_hdr(URINGBLK_UCMD_GET_LATENCY_HIST, p, len);

	return via_ioctl ? ub_ioctl_cmd(io.ctl, &h) : ub_uring_cmd(&io.ring, io.ctl, URINGBLK_UCMD, &h);
}

/* Lower edge of bucket @i as the uapi header describes it. */
static uint64_t lower(const struct uringblk_latency_hist *p, unsigned int i)
{
	unsigned int s = p->sub_bucket_bits, m = p->min_shift, g = i >> s;
	uint64_t j = i & ((1U << s) - 1);

	if (i == p->nr_buckets - 1)
		return 1ULL << p->max_shift;
	if (!g)
		return j << (m - s);
	return (1ULL << (m + g - 1)) + (j << (m + g - 1 - s));
}

/* Every bucket of @op with pages of @per buckets; the summary in @sum. */
static void read_all(unsigned int op, unsigned int per, uint64_t *b,
		     struct uringblk_latency_hist *sum)
{
	static struct uringblk_latency_hist p;
	static unsigned char seen[URINGBLK_LAT_HIST_BUCKETS];
	uint32_t start = 0, len = HDR_LEN + per * sizeof(uint64_t);
	unsigned int i, pages = 0;
	int ret;

	memset(seen, 0, sizeof(seen));
	do {
		/* Output fields are ignored on input: leave last page's in. */
		p.op = op;
		p.start = start;
		ret = page(&p, len, pages & 1);
		CHECK(ret == (int)len, "op %u start %u: res %d, want %u", op, start, ret, len);
		CHECK(p.size == sizeof(p) && p.version == URINGBLK_LATENCY_HIST_VERSION,
		      "size %u version %u", p.size, p.version);
		CHECK(p.nr_buckets == URINGBLK_LAT_HIST_BUCKETS, "nr_buckets %u", p.nr_buckets);
		CHECK(p.sub_bucket_bits == URINGBLK_LAT_HIST_SUB_BITS &&
		      p.min_shift == URINGBLK_LAT_HIST_MIN_SHIFT &&
		      p.max_shift == URINGBLK_LAT_HIST_MAX_SHIFT, "geometry %u/%u/%u",
		      p.sub_bucket_bits, p.min_shift, p.max_shift);
		CHECK(p.nr_returned == (per < p.nr_buckets - start ? per : p.nr_buckets - start),
		      "start %u: %u returned with room for %u", start, p.nr_returned, per);
		for (i = 0; i < p.nr_returned; i++) {
			seen[start + i]++;
			b[start + i] = p.buckets[i];
		}
		if (!start)
			*sum = p;
		start += p.nr_returned;
		pages++;
	} while (start < p.nr_buckets);
	for (i = 0; i < URINGBLK_LAT_HIST_BUCKETS; i++)
		CHECK(seen[i] == 1, "bucket %u seen %u times with pages of %u", i, seen[i], per);
	CHECK(pages == (URINGBLK_LAT_HIST_BUCKETS + per - 1) / per, "%u pages", pages);
}

static void expect(const char *what, struct uringblk_latency_hist *p, uint32_t len, int want)
{
	int a = page(p, len, false), b = page(p, len, true);

	CHECK(a == want && b == want, "%s: io_uring %d, ioctl %d, want %d", what, a, b, want);
}

int main(void)
{
	static uint64_t b[URINGBLK_LAT_HIST_BUCKETS], b2[URINGBLK_LAT_HIST_BUCKETS];
	static struct uringblk_latency_hist p, s, s2;
	static struct uringblk_latency lat;
	struct uringblk_stats st;
	struct uringblk_ucmd_hdr h;
	struct ub_test_dev d;
	uint64_t log2[URINGBLK_LAT_BUCKETS];
	unsigned int op, i;

	ub_create(&d, "lhist0", "capacity=16M", NULL);
	ub_open_io(&d, &io, 0x5a);
	for (i = 0; i < 301; i++)
		CHECK(pwrite(io.fd, io.buf, 4096, (i % 64) * 4096) == 4096, "pwrite");
	for (i = 0; i < 203; i++)
		CHECK(pread(io.fd, io.buf, 512 << (i % 8), 0) == 512 << (i % 8), "pread");

	h = ub_hdr(URINGBLK_UCMD_GET_STATS, &st, sizeof(st));
	CHECK(ub_uring_cmd(&io.ring, io.ctl, URINGBLK_UCMD, &h) == sizeof(st), "GET_STATS");
	h = ub_hdr(URINGBLK_UCMD_GET_LATENCY, &lat, sizeof(lat));
	CHECK(ub_uring_cmd(&io.ring, io.ctl, URINGBLK_UCMD, &h) == sizeof(lat), "GET_LATENCY");
	CHECK(lat.nr_buckets == URINGBLK_LAT_BUCKETS && lat.version == URINGBLK_LATENCY_VERSION,
	      "GET_LATENCY nr_buckets %u version %u", lat.nr_buckets, lat.version);
	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		uint64_t n = 0;

		read_all(op, URINGBLK_LAT_HIST_PAGE, b, &s);
		read_all(op, 100, b2, &s2);
		CHECK(!memcmp(b, b2, sizeof(b)), "op %u: pages of 100 differ", op);
		for (i = 0; i < URINGBLK_LAT_HIST_BUCKETS; i++)
			n += b[i];
		CHECK(n == s.count && n == st.ops[op].ios, "op %u: buckets %llu, count %llu, ios %llu",
		      op, (unsigned long long)n, (unsigned long long)s.count,
		      (unsigned long long)st.ops[op].ios);
		if (op == URINGBLK_OP_READ || op == URINGBLK_OP_WRITE)
			CHECK(n == (op == URINGBLK_OP_READ ? 203 : 301), "op %u: %llu requests",
			      op, (unsigned long long)n);
		CHECK(s.count ? s.min_ns > 0 : !s.min_ns && !s.max_ns && !s.p50_ns,
		      "op %u: min %llu with count %llu", op, (unsigned long long)s.min_ns,
		      (unsigned long long)s.count);
		CHECK(s.min_ns <= s.p50_ns || !s.count, "op %u: min > p50", op);
		CHECK(s.p50_ns <= s.p90_ns && s.p90_ns <= s.p99_ns && s.p99_ns <= s.p999_ns &&
		      s.p999_ns <= s.p9999_ns && s.p9999_ns <= s.max_ns, "op %u: out of order", op);
		CHECK(s.count ? s.mean_ns == s.sum_ns / s.count : !s.mean_ns, "op %u: mean", op);
		CHECK(s.min_ns <= s.mean_ns && s.mean_ns <= s.max_ns, "op %u: mean outside", op);
		if (s.count) {
			/* min and max lie in the first and last buckets that count. */
			for (i = 0; !b[i]; i++)
				;
			CHECK(s.min_ns >= lower(&s, i) && (i == s.nr_buckets - 1 ||
			      s.min_ns < lower(&s, i + 1)), "op %u: min %llu not in bucket %u",
			      op, (unsigned long long)s.min_ns, i);
			for (i = s.nr_buckets - 1; !b[i]; i--)
				;
			CHECK(s.max_ns >= lower(&s, i) && (i == s.nr_buckets - 1 ||
			      s.max_ns < lower(&s, i + 1)), "op %u: max %llu not in bucket %u",
			      op, (unsigned long long)s.max_ns, i);
		}

		/* The old answer is the fine one folded, with the same percentiles. */
		memset(log2, 0, sizeof(log2));
		for (i = 0; i < URINGBLK_LAT_HIST_BUCKETS; i++) {
			uint64_t lo = lower(&s, i);

			log2[lo ? 63 - __builtin_clzll(lo) : 0] += b[i];
		}
		CHECK(!memcmp(log2, lat.ops[op].buckets, sizeof(log2)), "op %u: log2 fold differs", op);
		CHECK(lat.ops[op].count == s.count && lat.ops[op].p50_ns == s.p50_ns &&
		      lat.ops[op].p90_ns == s.p90_ns && lat.ops[op].p99_ns == s.p99_ns &&
		      lat.ops[op].p999_ns == s.p999_ns && lat.ops[op].p9999_ns == s.p9999_ns,
		      "op %u: GET_LATENCY percentiles differ", op);
	}

	/* A client built for ABI minor 0 gets the same layout and numbers. */
	{
		static struct uringblk_latency old;

		h = ub_hdr(URINGBLK_UCMD_GET_LATENCY, &old, sizeof(old));
		h.abi_minor = 0;
		CHECK(ub_ioctl_cmd(io.ctl, &h) == sizeof(old), "GET_LATENCY minor 0");
		CHECK(!memcmp(&old, &lat, sizeof(old)), "minor 0 answer differs");
		h.payload_len = offsetof(struct uringblk_latency, ops[1]);
		memset(&old, 0xee, sizeof(old));
		CHECK(ub_ioctl_cmd(io.ctl, &h) == (int)h.payload_len, "short GET_LATENCY");
		CHECK(old.ops[0].count == lat.ops[0].count && old.ops[1].count == 0xeeeeeeeeeeeeeeeeULL,
		      "short GET_LATENCY wrote past payload_len");
	}

	/* The summary alone: no room for buckets. */
	memset(&p, 0, sizeof(p));
	p.op = URINGBLK_OP_WRITE;
	expect("header only", &p, HDR_LEN, HDR_LEN);
	CHECK(p.nr_returned == 0 && p.count == 301, "header only: %u returned, count %llu",
	      p.nr_returned, (unsigned long long)p.count);

	/* Bad payloads. */
	memset(&p, 0, sizeof(p));
	p.op = URINGBLK_NR_OPS;
	expect("op NR_OPS", &p, sizeof(p), -EINVAL);
	p.op = 0xffff;
	expect("op 0xffff", &p, sizeof(p), -EINVAL);
	p.op = 0;
	p.start = URINGBLK_LAT_HIST_BUCKETS;
	expect("start nr_buckets", &p, sizeof(p), -EINVAL);
	p.start = 0xffffffff;
	expect("start ~0", &p, sizeof(p), -EINVAL);
	p.start = 0;
	p.reserved0 = 1;
	expect("reserved0", &p, sizeof(p), -EINVAL);
	p.reserved0 = 0;
	for (i = 0; i < 3; i++) {
		p.reserved[i] = 1ULL << 63;
		expect("reserved[]", &p, sizeof(p), -EINVAL);
		p.reserved[i] = 0;
	}
	expect("payload_len 127", &p, HDR_LEN - 1, -EINVAL);
	expect("payload_len 0", &p, 0, -EINVAL);
	expect("payload_len 4097", &p, URINGBLK_PAYLOAD_MAX + 1, -EOVERFLOW);
	h = ub_hdr(URINGBLK_UCMD_GET_LATENCY_HIST, (void *)16, sizeof(p));
	CHECK(ub_ioctl_cmd(io.ctl, &h) == -EFAULT, "NULL-ish payload");
	expect("still good", &p, sizeof(p), sizeof(p));

	/* RESET: every bucket and the summary go to zero. */
	h = ub_hdr(URINGBLK_UCMD_RESET_STATS, NULL, 0);
	CHECK(ub_uring_cmd(&io.ring, io.ctl, URINGBLK_UCMD, &h) == 0, "reset");
	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		read_all(op, URINGBLK_LAT_HIST_PAGE, b, &s);
		for (i = 0; i < URINGBLK_LAT_HIST_BUCKETS; i++)
			CHECK(!b[i], "op %u bucket %u not zero after reset", op, i);
		CHECK(!s.count && !s.sum_ns && !s.min_ns && !s.max_ns && !s.mean_ns &&
		      !s.p50_ns && !s.p9999_ns, "op %u summary not zero after reset", op);
	}
	/* After a reset, min and max are those of the new requests only. */
	for (i = 0; i < 9; i++)
		CHECK(pread(io.fd, io.buf, 4096, 0) == 4096, "pread");
	read_all(URINGBLK_OP_READ, URINGBLK_LAT_HIST_PAGE, b, &s);
	CHECK(s.count == 9 && s.min_ns && s.min_ns <= s.max_ns && s.max_ns < 10000000000ULL,
	      "after reset: count %llu min %llu max %llu", (unsigned long long)s.count,
	      (unsigned long long)s.min_ns, (unsigned long long)s.max_ns);
	close(io.fd);
	return T_EXIT_PASS;
}
