// SPDX-License-Identifier: GPL-2.0
/*
 * ub-uffd-report DEV: a BLKREPORTZONE whose first zone lands in a
 * userfaultfd-registered page, so the driver's report callback blocks in
 * copy_to_user() until we let it go.  Prints "blocked" once the report
 * waits on the fault, then reads a line from stdin (the test powers the
 * device off, changes it, powers it on meanwhile), resolves the fault
 * with zeros and prints "report RET ZONES" (RET: 0 or an errno name).
 * A driver that walks a freed zone table here shows in KASAN.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/blkzoned.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static struct blk_zone_report *rep;
static int dev_fd, report_ret;

static void *reporter(void *arg)
{
	(void)arg;
	report_ret = ioctl(dev_fd, BLKREPORTZONE, rep) ? errno : 0;
	return NULL;
}

int main(int argc, char **argv)
{
	long pg = sysconf(_SC_PAGESIZE);
	struct uffdio_register reg = { 0 };
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_zeropage zp = { 0 };
	struct uffd_msg msg;
	struct pollfd pfd;
	pthread_t t;
	char line[64];
	char *area;
	int uffd;

	if (argc != 2)
		return 2;
	dev_fd = open(argv[1], O_RDONLY);
	if (dev_fd < 0) {
		perror(argv[1]);
		return 2;
	}
	uffd = syscall(SYS_userfaultfd, O_CLOEXEC);
	if (uffd < 0 || ioctl(uffd, UFFDIO_API, &api)) {
		perror("userfaultfd");
		return 2;
	}
	area = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED)
		return 2;
	/* The header in a present page, the zones in the missing one. */
	memset(area, 0, pg);
	rep = (struct blk_zone_report *)(area + pg - sizeof(*rep));
	rep->sector = 0;
	rep->nr_zones = 4;
	reg.range.start = (unsigned long)area + pg;
	reg.range.len = pg;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	if (ioctl(uffd, UFFDIO_REGISTER, &reg)) {
		perror("UFFDIO_REGISTER");
		return 2;
	}
	if (pthread_create(&t, NULL, reporter, NULL))
		return 2;
	pfd.fd = uffd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 10000) != 1 || read(uffd, &msg, sizeof(msg)) != sizeof(msg) ||
	    msg.event != UFFD_EVENT_PAGEFAULT) {
		fprintf(stderr, "the report never faulted on the zones page\n");
		return 1;
	}
	printf("blocked\n");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return 2;
	zp.range.start = (unsigned long)area + pg;
	zp.range.len = pg;
	if (ioctl(uffd, UFFDIO_ZEROPAGE, &zp)) {
		perror("UFFDIO_ZEROPAGE");
		return 1;
	}
	pthread_join(t, NULL);
	printf("report %s %u\n", report_ret ? strerrorname_np(report_ret) : "0",
	       rep->nr_zones);
	return 0;
}
