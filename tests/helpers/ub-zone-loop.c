// SPDX-License-Identifier: GPL-2.0
/*
 * ub-zone-loop DEV ZONE N: N times, reset zone ZONE (BLKRESETZONE) and
 * write its first 4 KiB (O_DIRECT).  Prints "writes N failed N first
 * ERRNO"; exits 1 when a reset or write failed.  Two of these on two
 * zones of a device with zone_max_open=1 race their implicit opens.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/blkzoned.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned long long zone, n, i, failed = 0;
	struct blk_zone_range r;
	const char *first = "-";
	unsigned int zsects;
	void *buf;
	int fd;

	if (argc != 4) {
		fprintf(stderr, "usage: ub-zone-loop DEV ZONE N\n");
		return 2;
	}
	zone = strtoull(argv[2], NULL, 0);
	n = strtoull(argv[3], NULL, 0);
	fd = open(argv[1], O_RDWR | O_DIRECT);
	if (fd < 0 || ioctl(fd, BLKGETZONESZ, &zsects) || !zsects) {
		perror(argv[1]);
		return 2;
	}
	if (posix_memalign(&buf, 4096, 4096))
		return 2;
	memset(buf, 0x5a, 4096);
	r.sector = zone * zsects;
	r.nr_sectors = zsects;
	for (i = 0; i < n; i++) {
		if (ioctl(fd, BLKRESETZONE, &r)) {
			fprintf(stderr, "reset %llu: %s\n", i, strerror(errno));
			failed++;
			if (first[0] == '-')
				first = strerrorname_np(errno);
			continue;
		}
		if (pwrite(fd, buf, 4096, (off_t)r.sector << 9) != 4096) {
			fprintf(stderr, "write %llu: %s\n", i, strerror(errno));
			failed++;
			if (first[0] == '-')
				first = strerrorname_np(errno);
		}
	}
	printf("writes %llu failed %llu first %s\n", n, failed, first);
	return failed ? 1 : 0;
}
