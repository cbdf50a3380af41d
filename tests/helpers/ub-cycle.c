// SPDX-License-Identifier: GPL-2.0
/*
 * ub-cycle DEV COUNT OFFSET...: COUNT cycles of "write 4 KiB at each
 * OFFSET in turn (O_DIRECT), then discard each 4 KiB in the same order
 * (BLKDISCARD)", in one process so that a thousand cycles are quick
 * under TCG.  Prints "OK" or the first failure and exits 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define UB_CYCLE_LEN 4096

int main(int argc, char **argv)
{
	unsigned long long count, i;
	uint64_t *off;
	int fd, j, n;
	void *buf;

	if (argc < 4) {
		fprintf(stderr, "usage: ub-cycle DEV COUNT OFFSET...\n");
		return 2;
	}
	count = strtoull(argv[2], NULL, 0);
	n = argc - 3;
	off = calloc(n, sizeof(*off));
	if (!off || posix_memalign(&buf, 4096, UB_CYCLE_LEN))
		return 1;
	for (j = 0; j < n; j++)
		off[j] = strtoull(argv[3 + j], NULL, 0);
	memset(buf, 0x5a, UB_CYCLE_LEN);
	fd = open(argv[1], O_RDWR | O_DIRECT);
	if (fd < 0) {
		printf("open %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	for (i = 0; i < count; i++) {
		for (j = 0; j < n; j++) {
			if (pwrite(fd, buf, UB_CYCLE_LEN, off[j]) != UB_CYCLE_LEN) {
				printf("cycle %llu: write at %llu: %s\n", i,
				       (unsigned long long)off[j], strerror(errno));
				return 1;
			}
		}
		for (j = 0; j < n; j++) {
			uint64_t r[2] = { off[j], UB_CYCLE_LEN };

			if (ioctl(fd, BLKDISCARD, r)) {
				printf("cycle %llu: discard at %llu: %s\n", i,
				       (unsigned long long)off[j], strerror(errno));
				return 1;
			}
		}
	}
	printf("OK\n");
	return 0;
}
