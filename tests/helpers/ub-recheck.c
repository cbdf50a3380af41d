// SPDX-License-Identifier: GPL-2.0
/*
 * ub-recheck DEV SECONDS JOBS: JOBS processes write 4 KiB blocks with
 * O_DIRECT at random offsets of DEV's first 16 MiB (each its own blocks)
 * for SECONDS, and after every write compare their own buffer with what
 * they put in it, then read the block back and compare that too.
 *
 * fio rebuilds its buffer before each write, so a driver that flipped
 * bits in a writer's pages (a corrupt_read rule applied to a write) goes
 * unseen there; here the first changed byte is printed and the exit
 * status is 1.  Exit 2: a system call failed.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BS	4096
#define SPAN	(16 << 20)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The first byte where @a and @b differ, or -1. */
static long first_diff(const unsigned char *a, const unsigned char *b)
{
	long i;

	for (i = 0; i < BS; i++)
		if (a[i] != b[i])
			return i;
	return -1;
}

static int writer(const char *dev, double end, int job, int jobs)
{
	unsigned char *buf, *rd, want[BS];
	uint64_t rng = 0x9e3779b97f4a7c15ULL ^ ((uint64_t)job << 32), n = 0;
	int fd = open(dev, O_RDWR | O_DIRECT);
	long d;

	if (fd < 0 || posix_memalign((void **)&buf, BS, BS) ||
	    posix_memalign((void **)&rd, BS, BS)) {
		perror(dev);
		return 2;
	}
	while (now() < end) {
		uint64_t blk, i;
		off_t off;

		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		blk = (rng % (SPAN / BS / jobs)) * jobs + job;
		off = (off_t)blk * BS;
		for (i = 0; i < BS / 8; i++)
			((uint64_t *)want)[i] = off ^ (n << 40) ^ (i * 0x0101010101010101ULL);
		memcpy(buf, want, BS);
		if (pwrite(fd, buf, BS, off) != BS) {
			perror("pwrite");
			return 2;
		}
		d = first_diff(buf, want);
		if (d >= 0) {
			printf("job %d: the write at %lld changed its own buffer: byte %ld 0x%02x, wrote 0x%02x\n",
			       job, (long long)off, d, buf[d], want[d]);
			return 1;
		}
		if (pread(fd, rd, BS, off) != BS) {
			perror("pread");
			return 2;
		}
		d = first_diff(rd, want);
		if (d >= 0) {
			printf("job %d: block at %lld reads back byte %ld 0x%02x, wrote 0x%02x\n",
			       job, (long long)off, d, rd[d], want[d]);
			return 1;
		}
		n++;
	}
	printf("job %d: %llu writes, buffers and blocks intact\n", job,
	       (unsigned long long)n);
	return 0;
}

int main(int argc, char **argv)
{
	int jobs, j, st, rc = 0;
	double end;

	if (argc != 4 || (jobs = atoi(argv[3])) < 1) {
		fprintf(stderr, "usage: ub-recheck DEV SECONDS JOBS\n");
		return 2;
	}
	end = now() + atof(argv[2]);
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (j = 0; j < jobs; j++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("fork");
			return 2;
		}
		if (!pid)
			exit(writer(argv[1], end, j, jobs));
	}
	while (wait(&st) > 0) {
		int r = WIFEXITED(st) ? WEXITSTATUS(st) : 2;

		/* A changed byte (1) wins over a failed call (2). */
		if (r == 1 || (r && !rc))
			rc = r;
	}
	return rc;
}
