// SPDX-License-Identifier: GPL-2.0
/*
 * ub-write FILE VALUE: write VALUE (as given, no newline added) to FILE in
 * one write(2) and print OK or the errno's name (EINVAL, EBUSY, ...), so a
 * test can assert the exact errno of a configfs store.
 * ub-write --mkdir DIR: the same for one mkdir(2) (a configfs item).
 *
 * With UB_FAIL_NTH=N (a kernel with CONFIG_FAULT_INJECTION) the N-th
 * allocation inside that write(2) or mkdir(2) fails; "OK" then gains
 * " unused" when the call made fewer than N allocations.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int nth_fd = -1;

/* Arm fail-nth for this thread's next system call, if UB_FAIL_NTH asks. */
static void nth_arm(void)
{
	const char *nth = getenv("UB_FAIL_NTH");

	if (!nth)
		return;
	nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (nth_fd < 0 || write(nth_fd, nth, strlen(nth)) < 0) {
		perror("fail-nth");
		exit(2);
	}
}

/* Disarm; true when the call made fewer allocations than UB_FAIL_NTH. */
static int nth_unused(void)
{
	char left[32] = "";
	int unused = 0;

	if (nth_fd < 0)
		return 0;
	/* Reads back 0 once the failure was injected. */
	if (pread(nth_fd, left, sizeof(left) - 1, 0) > 0 && atoi(left) > 0)
		unused = 1;
	write(nth_fd, "0", 1);
	return unused;
}

/* The one line of output: the errno's name, or OK [unused]. */
static int report(int err, int unused)
{
	if (err) {
		printf("%s\n", strerrorname_np(err));
		return 1;
	}
	printf(unused ? "OK unused\n" : "OK\n");
	return 0;
}

int main(int argc, char **argv)
{
	int fd, unused, err = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: ub-write FILE VALUE | --mkdir DIR\n");
		return 2;
	}
	if (!strcmp(argv[1], "--mkdir")) {
		nth_arm();
		if (mkdir(argv[2], 0755) < 0)
			err = errno;	/* before fail-nth's own I/O */
		unused = nth_unused();
		return report(err, unused);
	}
	fd = open(argv[1], O_WRONLY);
	if (fd < 0)
		return report(errno, 0);
	nth_arm();
	if (write(fd, argv[2], strlen(argv[2])) < 0)
		err = errno;
	unused = nth_unused();
	/* configfs stores can also fail at close; a write error wins. */
	if (close(fd) < 0 && !err)
		err = errno;
	return report(err, unused);
}
