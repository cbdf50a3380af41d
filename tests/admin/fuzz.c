// SPDX-License-Identifier: GPL-2.0
/*
 * Thousands of random headers (fields, payload lengths and addresses:
 * valid, NULL, kernel, non-canonical, unmapped, read-only) over io_uring
 * and ioctl.  Every answer must be a documented one and the kernel must
 * stay clean (the runner scans the log for splats).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common.h"

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

int main(int argc, char **argv)
{
	static char good[8192] __attribute__((aligned(4096)));
	int iterations = argc > 1 ? atoi(argv[1]) : 4000;
	struct ub_test_dev d;
	struct io_uring ring;
	void *ro, *gone;
	int fd, i, ret, hist[4] = { 0 };

	ub_create(&d, "fuzz0", "capacity=8M", NULL);
	fd = open(d.ctl, O_RDWR);
	CHECK(fd >= 0, "open ctl");
	CHECK(!io_uring_queue_init(64, &ring, 0), "ring");
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	gone = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(gone, 4096);

	for (i = 0; i < iterations; i++) {
		uint64_t addrs[] = {
			(uintptr_t)good, (uintptr_t)good + (rnd() % 4096), 0,
			0xffff888000000000ULL + (rnd() & 0xfffff000), 0xffffffff81000000ULL,
			0x8000000000000000ULL, (uintptr_t)ro, (uintptr_t)gone, rnd(),
		};
		uint32_t lens[] = { 0, 1, 16, 216, 2368, 2976, 4096, 4097, rnd() };
		struct uringblk_ucmd_hdr h = {
			.abi_major = rnd() % 8 ? URINGBLK_ABI_MAJOR : rnd(),
			.abi_minor = rnd(),
			.opcode = rnd() % 4 ? rnd() % 6 : rnd(),
			.payload_len = lens[rnd() % 9],
			.payload_addr = addrs[rnd() % 9],
		};
		uint32_t cmd_op = rnd() % 16 ? URINGBLK_UCMD : (uint32_t)rnd();

		ret = rnd() % 2 ? ub_uring_cmd(&ring, fd, cmd_op, &h) : ub_ioctl_cmd(fd, &h);
		if (ret >= 0) {
			CHECK(ret <= 4096, "result %d too large", ret);
			hist[0]++;
			continue;
		}
		switch (-ret) {
		case EINVAL: case EOPNOTSUPP: case EOVERFLOW: case EFAULT: case ENOTTY:
			hist[1]++;
			break;
		case EPERM: case ENODEV: case ENOMEM: case ENOENT: case EBUSY:
			hist[2]++;
			break;
		default:
			CHECK(0, "undocumented result %d (%s) for opcode %u len %u addr 0x%llx",
			      ret, strerrorname_np(-ret), h.opcode, h.payload_len,
			      (unsigned long long)h.payload_addr);
		}
	}
	printf("fuzz: %d commands, %d ok, %d rejected, %d other errors\n",
	       iterations, hist[0], hist[1], hist[2]);
	CHECK(hist[0] > 0 && hist[1] > 0, "fuzzing did not reach both outcomes");
	return T_EXIT_PASS;
}
