// SPDX-License-Identifier: GPL-2.0
/*
 * ub-write FILE VALUE: write VALUE (as given, no newline added) to FILE in
 * one write(2) and print OK or the errno's name (EINVAL, EBUSY, ...), so a
 * test can assert the exact errno of a configfs store.
 *
 * With UB_FAIL_NTH=N (a kernel with CONFIG_FAULT_INJECTION) the N-th
 * allocation inside that write(2) fails; "OK" then gains " unused" when
 * the write made fewer than N allocations.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int fd, nth_fd = -1, unused = 0;
	const char *nth;
	ssize_t n;

	if (argc != 3) {
		fprintf(stderr, "usage: ub-write FILE VALUE\n");
		return 2;
	}
	fd = open(argv[1], O_WRONLY);
	if (fd < 0) {
		printf("%s\n", strerrorname_np(errno));
		return 1;
	}
	nth = getenv("UB_FAIL_NTH");
	if (nth) {
		nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
		if (nth_fd < 0 || write(nth_fd, nth, strlen(nth)) < 0) {
			perror("fail-nth");
			return 2;
		}
	}
	n = write(fd, argv[2], strlen(argv[2]));
	if (nth_fd >= 0) {
		char left[32] = "";

		/* Reads back 0 once the failure was injected. */
		if (pread(nth_fd, left, sizeof(left) - 1, 0) > 0 && atoi(left) > 0)
			unused = 1;
		write(nth_fd, "0", 1);
	}
	if (n < 0) {
		printf("%s\n", strerrorname_np(errno));
		close(fd);
		return 1;
	}
	if (close(fd) < 0) {
		printf("%s\n", strerrorname_np(errno));
		return 1;
	}
	printf(unused ? "OK unused\n" : "OK\n");
	return 0;
}
