// SPDX-License-Identifier: GPL-2.0
/*
 * Proves polled I/O really is polled: N reads on an IORING_SETUP_IOPOLL
 * ring complete through ->poll, counted as polled on the poll queue;
 * the same reads on a normal ring are not.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

#define N 64

static void reads(struct io_uring *ring, int fd, void *buf)
{
	struct io_uring_cqe *cqe;
	int i;

	for (i = 0; i < N; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

		io_uring_prep_read(sqe, fd, buf, 4096, (i % 16) * 4096ULL);
		CHECK(io_uring_submit(ring) == 1, "submit");
		CHECK(!io_uring_wait_cqe(ring, &cqe), "wait");
		CHECK(cqe->res == 4096, "read res %d", cqe->res);
		io_uring_cqe_seen(ring, cqe);
	}
}

int main(void)
{
	struct io_uring ring, pring, cring;
	struct uringblk_ucmd_hdr h;
	struct uringblk_stats st;
	struct ub_test_dev d;
	unsigned long long polled = 0, dispatched = 0;
	void *buf;
	int fd, ctl;
	unsigned int q;

	ub_create(&d, "pollc0", "capacity=8M", "nr_hw_queues=1", "poll_queues=1", NULL);
	ctl = open(d.ctl, O_RDWR);
	CHECK(ctl >= 0, "open ctl");
	fd = open(d.disk, O_RDONLY | O_DIRECT);
	CHECK(fd >= 0, "open disk");
	CHECK(!posix_memalign(&buf, 4096, 4096), "alloc");
	CHECK(!io_uring_queue_init(8, &cring, 0), "ring");
	CHECK(!io_uring_queue_init(8, &ring, 0), "ring");
	CHECK(!io_uring_queue_init(8, &pring, IORING_SETUP_IOPOLL), "iopoll ring");

	h = ub_hdr(URINGBLK_UCMD_RESET_STATS, NULL, 0);
	CHECK(!ub_uring_cmd(&cring, ctl, URINGBLK_UCMD, &h), "reset");
	reads(&ring, fd, buf);
	reads(&pring, fd, buf);
	h = ub_hdr(URINGBLK_UCMD_GET_STATS, &st, sizeof(st));
	CHECK(ub_uring_cmd(&cring, ctl, URINGBLK_UCMD, &h) == sizeof(st), "stats");
	CHECK(st.nr_queues == 2, "nr_queues %u", st.nr_queues);
	for (q = 0; q < st.nr_queues; q++) {
		polled += st.queues[q].polled;
		dispatched += st.queues[q].dispatched;
	}
	/* Queue 0 is the interrupt queue, queue 1 the poll queue. */
	CHECK(st.queues[0].dispatched == N && st.queues[0].polled == 0,
	      "interrupt queue: %llu dispatched, %llu polled",
	      (unsigned long long)st.queues[0].dispatched, (unsigned long long)st.queues[0].polled);
	CHECK(st.queues[1].dispatched == N && st.queues[1].polled == N,
	      "poll queue: %llu dispatched, %llu polled, want %d",
	      (unsigned long long)st.queues[1].dispatched, (unsigned long long)st.queues[1].polled, N);
	CHECK(polled == N && dispatched == 2 * N, "totals: %llu polled, %llu dispatched",
	      (unsigned long long)polled, (unsigned long long)dispatched);
	CHECK(ub_read_ull("/sys/block/uringblk%u/uringblk/polled", d.index) == N, "sysfs polled");
	CHECK(st.ops[URINGBLK_OP_READ].ios == 2 * N, "read ios");
	return T_EXIT_PASS;
}
