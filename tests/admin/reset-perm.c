// SPDX-License-Identifier: GPL-2.0
/*
 * RESET_STATS, POWERFAIL and LOG_MARK need CAP_SYS_ADMIN: with the capability
 * dropped they fail with EPERM (both paths) and change nothing, while
 * reads still work.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

int main(void)
{
	struct uringblk_stats st, before;
	struct uringblk_ucmd_hdr h;
	struct ub_test_dev d, v;
	struct io_uring ring;
	char buf[4096];
	int ctl, fd, ret, i;

	ub_create(&d, "perm0", "capacity=8M", NULL);
	ub_create(&v, "perm1", "capacity=8M", "write_cache=1", "volatile_cache=1", NULL);
	ctl = open(d.ctl, O_RDWR);
	CHECK(ctl >= 0, "open ctl");
	fd = open(d.disk, O_RDONLY);
	CHECK(fd >= 0, "open disk");
	for (i = 0; i < 10; i++)
		CHECK(pread(fd, buf, sizeof(buf), i * 4096) == sizeof(buf), "pread");
	CHECK(!io_uring_queue_init(8, &ring, 0), "ring");

	h = ub_hdr(URINGBLK_UCMD_GET_STATS, &before, sizeof(before));
	CHECK(ub_uring_cmd(&ring, ctl, URINGBLK_UCMD, &h) == sizeof(before), "GET_STATS");
	CHECK(before.ops[URINGBLK_OP_READ].ios > 0, "no reads counted");

	ub_drop_sys_admin();
	h = ub_hdr(URINGBLK_UCMD_RESET_STATS, NULL, 0);
	ret = ub_uring_cmd(&ring, ctl, URINGBLK_UCMD, &h);
	CHECK(ret == -EPERM, "io_uring RESET without CAP_SYS_ADMIN gave %d", ret);
	ret = ub_ioctl_cmd(ctl, &h);
	CHECK(ret == -EPERM, "ioctl RESET without CAP_SYS_ADMIN gave %d", ret);
	h = ub_hdr(URINGBLK_UCMD_GET_STATS, &st, sizeof(st));
	CHECK(ub_uring_cmd(&ring, ctl, URINGBLK_UCMD, &h) == sizeof(st), "GET_STATS");
	CHECK(!memcmp(st.ops, before.ops, sizeof(st.ops)),
	      "counters changed by a refused RESET: reads %llu, before %llu",
	      (unsigned long long)st.ops[URINGBLK_OP_READ].ios,
	      (unsigned long long)before.ops[URINGBLK_OP_READ].ios);

	/* POWERFAIL refused: the device with a volatile cache still reads. */
	ctl = open(v.ctl, O_RDWR);
	CHECK(ctl >= 0, "open ctl");
	h = ub_hdr(URINGBLK_UCMD_POWERFAIL, NULL, 0);
	ret = ub_uring_cmd(&ring, ctl, URINGBLK_UCMD, &h);
	CHECK(ret == -EPERM, "io_uring POWERFAIL without CAP_SYS_ADMIN gave %d", ret);
	ret = ub_ioctl_cmd(ctl, &h);
	CHECK(ret == -EPERM, "ioctl POWERFAIL without CAP_SYS_ADMIN gave %d", ret);
	fd = open(v.disk, O_RDONLY);
	CHECK(fd >= 0, "open disk");
	CHECK(pread(fd, buf, sizeof(buf), 0) == sizeof(buf), "read after a refused POWERFAIL");

	/* LOG_MARK: EPERM comes before the device state (no log here: ENODEV). */
	h = ub_hdr(URINGBLK_UCMD_LOG_MARK, buf, 1);
	buf[0] = 'm';
	ret = ub_uring_cmd(&ring, ctl, URINGBLK_UCMD, &h);
	CHECK(ret == -EPERM, "io_uring LOG_MARK without CAP_SYS_ADMIN gave %d", ret);
	ret = ub_ioctl_cmd(ctl, &h);
	CHECK(ret == -EPERM, "ioctl LOG_MARK without CAP_SYS_ADMIN gave %d", ret);
	return T_EXIT_PASS;
}
