// SPDX-License-Identifier: GPL-2.0
/*
 * Every documented error, over io_uring and over ioctl, with the exact
 * errno.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common.h"

static struct io_uring ring;
static int fd;

/* Run @h both ways and expect @want from each. */
static void expect(const char *what, struct uringblk_ucmd_hdr h, int want)
{
	int r1 = ub_uring_cmd(&ring, fd, URINGBLK_UCMD, &h);
	int r2 = ub_ioctl_cmd(fd, &h);

	CHECK(r1 == want, "%s: io_uring gave %d (%s), want %d", what, r1,
	      r1 < 0 ? strerrorname_np(-r1) : "ok", want);
	CHECK(r2 == want, "%s: ioctl gave %d (%s), want %d", what, r2,
	      r2 < 0 ? strerrorname_np(-r2) : "ok", want);
}

int main(void)
{
	struct uringblk_identify id;
	struct uringblk_ucmd_hdr h;
	struct ub_test_dev d;
	void *unmapped;
	int ret;

	ub_create(&d, "err0", "capacity=8M", NULL);
	fd = open(d.ctl, O_RDWR);
	CHECK(fd >= 0, "open %s: %s", d.ctl, strerror(errno));
	CHECK(!io_uring_queue_init(8, &ring, 0), "ring");

	h = ub_hdr(URINGBLK_UCMD_IDENTIFY, &id, sizeof(id));
	h.abi_major = 2;
	expect("abi_major 2", h, -EINVAL);
	h.abi_major = 0;
	expect("abi_major 0", h, -EINVAL);
	h = ub_hdr(URINGBLK_UCMD_IDENTIFY, &id, sizeof(id));
	h.abi_minor = 99;	/* a newer minor is compatible */
	expect("abi_minor 99", h, sizeof(id));

	expect("opcode 0", ub_hdr(0, &id, sizeof(id)), -EOPNOTSUPP);
	/* A hole between the statistics opcodes and fault injection. */
	expect("opcode 0x0f", ub_hdr(0x0f, &id, sizeof(id)), -EOPNOTSUPP);
	expect("opcode 0xffff", ub_hdr(0xffff, &id, sizeof(id)), -EOPNOTSUPP);
	h = ub_hdr(URINGBLK_UCMD_IDENTIFY, &id, sizeof(id));
	ret = ub_uring_cmd(&ring, fd, 0x1234, &h);
	CHECK(ret == -EOPNOTSUPP, "unknown cmd_op gave %d", ret);
	ret = ub_uring_cmd(&ring, fd, _IOWR('U', 0x02, struct uringblk_ucmd_hdr), &h);
	CHECK(ret == -EOPNOTSUPP, "neighbour cmd_op gave %d", ret);
	/* ioctl with an unknown request number: the ioctl convention. */
	ret = ioctl(fd, _IOWR('U', 0x02, struct uringblk_ucmd_hdr), &h);
	CHECK(ret < 0 && errno == ENOTTY, "unknown ioctl gave %d/%d", ret, errno);
	ret = ioctl(fd, URINGBLK_UCMD, (void *)8);
	CHECK(ret < 0 && errno == EFAULT, "ioctl with a bad header pointer gave %d/%d", ret, errno);

	expect("payload_len 0", ub_hdr(URINGBLK_UCMD_IDENTIFY, &id, 0), -EINVAL);
	expect("GET_STATS payload_len 0", ub_hdr(URINGBLK_UCMD_GET_STATS, &id, 0), -EINVAL);
	expect("payload_len 4097", ub_hdr(URINGBLK_UCMD_IDENTIFY, &id, 4097), -EOVERFLOW);
	expect("payload_len 4G-1", ub_hdr(URINGBLK_UCMD_GET_LATENCY, &id, 0xffffffff), -EOVERFLOW);
	expect("payload_len 4096", ub_hdr(URINGBLK_UCMD_IDENTIFY, &id, 4096), sizeof(id));
	expect("RESET with payload", ub_hdr(URINGBLK_UCMD_RESET_STATS, &id, sizeof(id)), -EINVAL);
	h = ub_hdr(URINGBLK_UCMD_RESET_STATS, NULL, 0);
	h.payload_addr = 0x1000;
	expect("RESET with payload_addr", h, -EINVAL);

	expect("NULL payload", ub_hdr(URINGBLK_UCMD_IDENTIFY, NULL, 64), -EFAULT);
	expect("kernel address", ub_hdr(URINGBLK_UCMD_IDENTIFY,
					 (void *)0xffff888000000000ULL, 64), -EFAULT);
	expect("non-canonical", ub_hdr(URINGBLK_UCMD_IDENTIFY,
				       (void *)0x8000000000000000ULL, 64), -EFAULT);
	unmapped = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(unmapped != MAP_FAILED, "mmap");
	munmap(unmapped, 8192);
	expect("unmapped page", ub_hdr(URINGBLK_UCMD_GET_STATS, unmapped, 4096), -EFAULT);
	unmapped = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	expect("read-only page", ub_hdr(URINGBLK_UCMD_IDENTIFY, unmapped, 64), -EFAULT);

	/* Disk gone: power 0 with the control device still open. */
	ub_power(&d, 0);
	expect("after power 0", ub_hdr(URINGBLK_UCMD_IDENTIFY, &id, sizeof(id)), -ENODEV);
	expect("RESET after power 0", ub_hdr(URINGBLK_UCMD_RESET_STATS, NULL, 0), -ENODEV);
	ub_power(&d, 1);
	/* The old file stays dead even though the disk is back. */
	expect("stale fd after power 1", ub_hdr(URINGBLK_UCMD_IDENTIFY, &id, sizeof(id)), -ENODEV);
	close(fd);
	fd = open(d.ctl, O_RDWR);
	CHECK(fd >= 0, "reopen");
	expect("fresh fd", ub_hdr(URINGBLK_UCMD_IDENTIFY, &id, sizeof(id)), sizeof(id));
	io_uring_queue_exit(&ring);
	return T_EXIT_PASS;
}
