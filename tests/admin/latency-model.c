// SPDX-License-Identifier: GPL-2.0
/*
 * SET_LATENCY_MODEL (completion=model): a table uploaded in pages takes
 * effect only with its last page, and every bad page is refused with
 * EINVAL, abandons the upload and leaves the model in use (the
 * `latency_model` attribute reads the same, reads still take its delay):
 * a short payload, reserved fields set, a non-monotonic table (inside a
 * page and across pages), a quantile above the maximum, a page out of
 * order, ops 0 or unknown, a spec that is not a printable line, nr 0 or
 * past the end.  Without CAP_SYS_ADMIN: EPERM over both paths.  Reads of
 * a fixed 2 ms model take at least 2 ms each (a lower bound only: it
 * holds on the debug kernel too).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

#define Q	URINGBLK_MODEL_QUANTILES
#define PAGE	URINGBLK_MODEL_PAGE

static struct io_uring ring;
static int ctl;

/* Page @start of a table whose quantile i is @base + i * @step. */
static void fill(struct uringblk_latency_model *m, const char *spec, uint32_t ops,
		 uint32_t start, uint64_t base, uint64_t step)
{
	memset(m, 0, sizeof(*m));
	m->size = sizeof(*m);
	m->version = URINGBLK_LATENCY_MODEL_VERSION;
	m->ops = ops;
	m->start = start;
	m->nr = Q - start < PAGE ? Q - start : PAGE;
	strcpy(m->spec, spec);
	for (uint32_t i = 0; i < m->nr; i++)
		m->quantiles[i] = base + (start + i) * step;
}

static int put_page(struct uringblk_latency_model *m, uint32_t len, int uring)
{
	struct uringblk_ucmd_hdr h = ub_hdr(URINGBLK_UCMD_SET_LATENCY_MODEL, m, len);

	return uring ? ub_uring_cmd(&ring, ctl, URINGBLK_UCMD, &h) : ub_ioctl_cmd(ctl, &h);
}

/* A whole table; every page must be accepted. */
static void upload(const char *spec, uint32_t ops, uint64_t base, uint64_t step)
{
	struct uringblk_latency_model m;

	for (uint32_t start = 0; start < Q; start += m.nr) {
		fill(&m, spec, ops, start, base, step);
		int ret = put_page(&m, sizeof(m), start % 2);

		CHECK(ret == 0, "%s: page at %u: %d (%s)", spec, start, ret,
		      ret < 0 ? strerrorname_np(-ret) : "ok");
	}
}

static void model_line(const char *name, char *buf, size_t len)
{
	char path[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/sys/kernel/config/uringblk/%s/latency_model", name);
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0, "open %s", path);
	n = read(fd, buf, len - 1);
	CHECK(n > 0, "read %s", path);
	buf[n] = 0;
	close(fd);
}

/* Shortest of @n 4 KiB O_DIRECT reads, in ns. */
static uint64_t min_read_ns(const char *disk, int n)
{
	static char buf[4096] __attribute__((aligned(4096)));
	uint64_t best = ~0ULL;
	int fd = open(disk, O_RDONLY | O_DIRECT);

	CHECK(fd >= 0, "open %s", disk);
	for (int i = 0; i < n; i++) {
		struct timespec a, b;
		uint64_t t;

		clock_gettime(CLOCK_MONOTONIC, &a);
		CHECK(pread(fd, buf, sizeof(buf), (off_t)i * 4096) == sizeof(buf), "pread");
		clock_gettime(CLOCK_MONOTONIC, &b);
		t = (b.tv_sec - a.tv_sec) * 1000000000ULL + b.tv_nsec - a.tv_nsec;
		if (t < best)
			best = t;
	}
	close(fd);
	return best;
}

int main(void)
{
	const char *want = "fixed 2000000: p50=2000000 p99=2000000 max=2000000\n";
	struct uringblk_latency_model m;
	struct ub_test_dev d;
	char line[256];
	int ret, uring;

	ub_create(&d, "lmodel0", "capacity=8M", "completion=model", NULL);
	ctl = open(d.ctl, O_RDWR);
	CHECK(ctl >= 0, "open %s", d.ctl);
	CHECK(!io_uring_queue_init(8, &ring, 0), "ring");

	model_line(d.name, line, sizeof(line));
	CHECK(!strcmp(line, "none\n"), "latency_model before an upload: %s", line);
	/* Half a table is no model yet. */
	fill(&m, "fixed 2000000", 0x1f, 0, 2000000, 0);
	CHECK(put_page(&m, sizeof(m), 1) == 0, "first page");
	model_line(d.name, line, sizeof(line));
	CHECK(!strcmp(line, "none\n"), "latency_model after one page of three: %s", line);
	upload("fixed 2000000", 0x1f, 2000000, 0);
	model_line(d.name, line, sizeof(line));
	CHECK(!strcmp(line, want), "latency_model: %s", line);
	CHECK(min_read_ns(d.disk, 8) >= 2000000, "a read of a fixed 2 ms model took less");

	for (int c = 0; c < 14; c++) {
		uint32_t len = sizeof(m);

		uring = c % 2;
		fill(&m, "uniform 1000 2000", 0x1f, 0, 1000, 1);
		switch (c) {
		case 0: len = sizeof(m) - 1; break;		/* short payload */
		case 1: m.reserved0 = 1; break;
		case 2: m.reserved1 = 1; break;
		case 3: m.reserved[1] = 1; break;
		case 4: m.quantiles[100] = 999; break;		/* not monotonic */
		case 5: m.quantiles[PAGE - 1] = URINGBLK_MODEL_DELAY_MAX + 1; break;
		case 6: m.start = PAGE; break;			/* no upload begun */
		case 7: m.ops = 0; break;
		case 8: m.ops = 1U << URINGBLK_NR_OPS; break;
		case 9: memset(m.spec, 'x', sizeof(m.spec)); break;	/* no NUL */
		case 10: m.spec[0] = '\n'; break;
		case 11: m.nr = 0; break;
		case 12: m.nr = PAGE + 1; break;
		case 13: m.version = 2; break;
		}
		ret = put_page(&m, len, uring);
		CHECK(ret == -EINVAL, "bad page %d: %d (%s), want EINVAL", c, ret,
		      ret < 0 ? strerrorname_np(-ret) : "ok");
		model_line(d.name, line, sizeof(line));
		CHECK(!strcmp(line, want), "bad page %d changed latency_model: %s", c, line);
	}

	/* A bad page abandons the upload: its next page finds none. */
	fill(&m, "uniform 1000 2000", 0x1f, 0, 1000, 1);
	CHECK(put_page(&m, sizeof(m), 0) == 0, "page 0");
	fill(&m, "uniform 1000 2000", 0x1f, PAGE, 1000, 1);
	m.quantiles[0] = 1000 + PAGE - 2;	/* below the last of page 0 */
	ret = put_page(&m, sizeof(m), 1);
	CHECK(ret == -EINVAL, "non-monotonic across pages: %d", ret);
	fill(&m, "uniform 1000 2000", 0x1f, PAGE, 1000, 1);
	ret = put_page(&m, sizeof(m), 0);
	CHECK(ret == -EINVAL, "page 1 after an abandoned upload: %d", ret);
	/* A page whose ops or spec differ from its first page's. */
	fill(&m, "uniform 1000 2000", 0x1f, 0, 1000, 1);
	CHECK(put_page(&m, sizeof(m), 0) == 0, "page 0");
	fill(&m, "uniform 1000 2000", 0x01, PAGE, 1000, 1);
	CHECK(put_page(&m, sizeof(m), 1) == -EINVAL, "page 1 with other ops");
	model_line(d.name, line, sizeof(line));
	CHECK(!strcmp(line, want), "abandoned uploads changed latency_model: %s", line);
	CHECK(min_read_ns(d.disk, 4) >= 2000000, "reads lost the model after refused pages");

	/* Writes only: reads keep theirs. */
	upload("fixed 0", 1U << URINGBLK_OP_WRITE, 0, 0);
	model_line(d.name, line, sizeof(line));
	CHECK(!strcmp(line, want), "a write model changed the read one: %s", line);

	/* Survives a power cycle (the model is the directory's). */
	ub_power(&d, 0);
	close(ctl);
	ub_power(&d, 1);
	ctl = open(d.ctl, O_RDWR);
	CHECK(ctl >= 0, "open %s", d.ctl);
	model_line(d.name, line, sizeof(line));
	CHECK(!strcmp(line, want), "after a power cycle: %s", line);

	ub_drop_sys_admin();
	fill(&m, "fixed 1", 0x1f, 0, 1, 0);
	for (uring = 0; uring < 2; uring++) {
		ret = put_page(&m, sizeof(m), uring);
		CHECK(ret == -EPERM, "%s without CAP_SYS_ADMIN: %d", uring ? "io_uring" : "ioctl", ret);
	}
	printf("latency-model: 14 bad pages refused, model kept: %s", line);
	return T_EXIT_PASS;
}
