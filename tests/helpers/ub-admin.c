// SPDX-License-Identifier: GPL-2.0
/*
 * ub-admin CTL [N]: N rounds (default 1) of IDENTIFY, GET_STATS,
 * GET_LATENCY and FAULT_LIST over io_uring and RESET_STATS over ioctl on
 * a control device, for the stress test.  Prints "ok N" or the first
 * unexpected result; -ENODEV (disk powered off meanwhile) is expected.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../../configfs-tools/ucmd.h"

static union {
	struct uringblk_identify id;
	struct uringblk_stats st;
	struct uringblk_latency lat;
	struct uringblk_fault_list fl;
} buf;

static int cmd(struct io_uring *ring, int fd, uint16_t op, uint32_t len)
{
	struct uringblk_ucmd_hdr h = ub_ucmd_hdr(op, len ? &buf : NULL, len);

	if (!len)
		return ioctl(fd, URINGBLK_UCMD, &h) < 0 ? -errno : 0;
	return ub_ucmd_uring(ring, fd, URINGBLK_UCMD, &h);
}

int main(int argc, char **argv)
{
	static const struct { uint16_t op; uint32_t len; } ops[] = {
		{ URINGBLK_UCMD_IDENTIFY, sizeof(struct uringblk_identify) },
		{ URINGBLK_UCMD_GET_STATS, sizeof(struct uringblk_stats) },
		{ URINGBLK_UCMD_GET_LATENCY, sizeof(struct uringblk_latency) },
		{ URINGBLK_UCMD_FAULT_LIST, sizeof(struct uringblk_fault_list) },
		{ URINGBLK_UCMD_RESET_STATS, 0 },
	};
	int rounds = argc > 2 ? atoi(argv[2]) : 1, i, j, n = 0;
	struct io_uring ring;
	int fd;

	if (argc < 2)
		return 2;
	fd = open(argv[1], O_RDWR);
	if (fd < 0) {
		printf("open %s\n", strerrorname_np(errno));
		return errno == ENOENT ? 0 : 1;
	}
	if (io_uring_queue_init(4, &ring, 0))
		return 1;
	for (i = 0; i < rounds; i++) {
		for (j = 0; j < 5; j++) {
			int ret = cmd(&ring, fd, ops[j].op, ops[j].len);

			if (ret == -ENODEV)
				continue;
			if (getenv("UB_ADMIN_VERBOSE"))
				printf("opcode %u -> %d\n", ops[j].op, ret);
			if (ret != (int)ops[j].len) {
				printf("opcode %u gave %d\n", ops[j].op, ret);
				if (!getenv("UB_ADMIN_VERBOSE"))
					return 1;
			}
			n++;
		}
	}
	printf("ok %d\n", n);
	return 0;
}
