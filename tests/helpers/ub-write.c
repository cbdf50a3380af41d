// SPDX-License-Identifier: GPL-2.0
/*
 * ub-write FILE VALUE: write VALUE (as given, no newline added) to FILE in
 * one write(2) and print OK or the errno's name (EINVAL, EBUSY, ...), so a
 * test can assert the exact errno of a configfs store.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	ssize_t n;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: ub-write FILE VALUE\n");
		return 2;
	}
	fd = open(argv[1], O_WRONLY);
	if (fd < 0) {
		printf("%s\n", strerrorname_np(errno));
		return 1;
	}
	n = write(fd, argv[2], strlen(argv[2]));
	if (n < 0) {
		printf("%s\n", strerrorname_np(errno));
		close(fd);
		return 1;
	}
	if (close(fd) < 0) {
		printf("%s\n", strerrorname_np(errno));
		return 1;
	}
	printf("OK\n");
	return 0;
}
