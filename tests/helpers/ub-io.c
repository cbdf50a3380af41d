// SPDX-License-Identifier: GPL-2.0
/*
 * ub-io read|write|flush DEV OFFSET LENGTH [COUNT]: COUNT (default 1)
 * O_DIRECT requests of LENGTH bytes at OFFSET (writes carry 0xa5); prints
 * "OK <usec>" or the errno name of the first failure and its elapsed time,
 * and with COUNT > 1 "errors N" (requests that failed), for fault tests.
 * UB_MAKE_IT_FAIL=1: mark this thread for the fault-injection knobs
 * (/proc/thread-self/make-it-fail) around the I/O only, so that exec,
 * open and the buffer are not what fails.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000ULL + ts.tv_nsec / 1000;
}

/* 1 when /proc/thread-self/make-it-fail took @val. */
static int make_it_fail(const char *val)
{
	int fd = open("/proc/thread-self/make-it-fail", O_WRONLY);
	int ok = fd >= 0 && write(fd, val, 1) == 1;

	if (fd >= 0)
		close(fd);
	if (!ok) {
		perror("make-it-fail");
		exit(1);
	}
	return 1;
}

int main(int argc, char **argv)
{
	unsigned long long off, len, count = 1, i, errors = 0;
	int fd, first_err = 0, write = 0, flush = 0, mark;
	uint64_t start;
	void *buf;

	if (argc < 5 || argc > 6) {
		fprintf(stderr, "usage: ub-io read|write|flush DEV OFFSET LENGTH [COUNT]\n");
		return 2;
	}
	write = !strcmp(argv[1], "write");
	flush = !strcmp(argv[1], "flush");
	off = strtoull(argv[3], NULL, 0);
	len = strtoull(argv[4], NULL, 0);
	if (argc == 6)
		count = strtoull(argv[5], NULL, 0);
	fd = open(argv[2], (write || flush ? O_WRONLY : O_RDONLY) | O_DIRECT);
	if (fd < 0) {
		printf("%s\n", strerrorname_np(errno));
		return 1;
	}
	if (posix_memalign(&buf, 4096, len ? len : 4096))
		return 1;
	memset(buf, 0xa5, len);
	mark = getenv("UB_MAKE_IT_FAIL") && make_it_fail("1");
	start = now_us();
	for (i = 0; i < count; i++) {
		ssize_t r;

		if (flush)
			r = fsync(fd) ? -1 : (ssize_t)len;
		else if (write)
			r = pwrite(fd, buf, len, off);
		else
			r = pread(fd, buf, len, off);
		if (r != (ssize_t)len) {
			if (!first_err)
				first_err = r < 0 ? errno : EIO;
			errors++;
		}
	}
	if (mark)
		make_it_fail("0");
	if (count > 1)
		printf("errors %llu\n", errors);
	else if (first_err)
		printf("%s %llu\n", strerrorname_np(first_err),
		       (unsigned long long)(now_us() - start));
	else
		printf("OK %llu\n", (unsigned long long)(now_us() - start));
	return 0;
}
