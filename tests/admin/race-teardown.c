// SPDX-License-Identifier: GPL-2.0
/*
 * Admin commands racing with power 0 and with rmdir: threads hammer the
 * control device over io_uring and ioctl while the main thread powers the
 * disk off and on and finally removes it.  Every answer is a result or
 * -ENODEV; afterwards the open file still answers -ENODEV.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

static volatile int stop;
static int fd;

static void *hammer(void *arg)
{
	struct io_uring ring;
	struct uringblk_stats st;
	long n = 0;

	CHECK(!io_uring_queue_init(8, &ring, 0), "ring");
	while (!stop) {
		uint16_t ops[] = { URINGBLK_UCMD_IDENTIFY, URINGBLK_UCMD_GET_STATS,
				   URINGBLK_UCMD_GET_LATENCY };
		struct uringblk_ucmd_hdr h = ub_hdr(ops[n % 3], &st, sizeof(st));
		int ret = (n + (long)arg) % 2 ? ub_uring_cmd(&ring, fd, URINGBLK_UCMD, &h) :
						ub_ioctl_cmd(fd, &h);

		CHECK(ret > 0 || ret == -ENODEV, "command gave %d during teardown", ret);
		if (!(n % 7)) {
			h = ub_hdr(URINGBLK_UCMD_RESET_STATS, NULL, 0);
			ret = ub_ioctl_cmd(fd, &h);
			CHECK(ret == 0 || ret == -ENODEV, "reset gave %d", ret);
		}
		n++;
	}
	io_uring_queue_exit(&ring);
	return NULL;
}

int main(void)
{
	struct uringblk_identify id;
	struct uringblk_ucmd_hdr h;
	struct ub_test_dev d;
	pthread_t t[3];
	int i, ret;

	ub_create(&d, "race0", "capacity=8M", NULL);
	fd = open(d.ctl, O_RDWR);
	CHECK(fd >= 0, "open ctl");
	for (i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, hammer, (void *)(long)i);
	usleep(200000);
	ub_power(&d, 0);
	usleep(100000);
	ub_power(&d, 1);
	usleep(100000);
	/* rmdir with the (stale) control file open and commands in flight. */
	ub_destroy(&d);
	usleep(200000);
	stop = 1;
	for (i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	h = ub_hdr(URINGBLK_UCMD_IDENTIFY, &id, sizeof(id));
	ret = ub_ioctl_cmd(fd, &h);
	CHECK(ret == -ENODEV, "after rmdir: %d", ret);
	close(fd);
	/* And a fresh device with a ring open on its ctl, removed under it. */
	ub_create(&d, "race1", "capacity=8M", NULL);
	fd = open(d.ctl, O_RDWR);
	CHECK(fd >= 0, "open ctl");
	stop = 0;
	for (i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, hammer, (void *)(long)i);
	usleep(100000);
	ub_destroy(&d);
	usleep(100000);
	stop = 1;
	for (i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	close(fd);
	return T_EXIT_PASS;
}
