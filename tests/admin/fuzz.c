// SPDX-License-Identifier: GPL-2.0
/*
 * Random admin commands over io_uring and ioctl: every opcode the uapi
 * defines (the fault commands that read their input among them) and
 * random ones, random lengths around each payload's size, payloads in
 * valid memory holding valid or random rules, read-only, unmapped,
 * kernel and non-canonical addresses.  Every answer must be one the uapi
 * header documents, and the kernel must stay clean (the runner scans the
 * log for splats).  Usage: fuzz [ITERATIONS] (default 4000; make stress
 * runs 100000 on the debug kernel).
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

static const uint16_t opcodes[] = {
	URINGBLK_UCMD_IDENTIFY, URINGBLK_UCMD_GET_STATS, URINGBLK_UCMD_RESET_STATS,
	URINGBLK_UCMD_GET_LATENCY, URINGBLK_UCMD_GET_LATENCY_HIST, URINGBLK_UCMD_FAULT_ADD,
	URINGBLK_UCMD_FAULT_LIST, URINGBLK_UCMD_FAULT_DEL,
};

/* A rule FAULT_ADD accepts, or one with a field or two spoilt. */
static void fill_rule(struct uringblk_fault_rule *r)
{
	memset(r, 0, sizeof(*r));
	r->size = sizeof(*r);
	r->version = URINGBLK_FAULT_RULE_VERSION;
	r->type = rnd() % URINGBLK_NR_FAULT_TYPES;
	r->ops = rnd() % 32;
	r->probability_ppm = rnd() % (URINGBLK_FAULT_PPM_MAX + 1);
	r->lba_start = rnd() % 4096;
	r->lba_end = r->lba_start + rnd() % 4096;
	r->delay_us = rnd() % 1000;
	r->id = rnd() % 64;
	r->enable = 0;	/* no I/O runs here; armed rules are not the point */
	switch (rnd() % 6) {
	case 0: r->type = rnd(); break;
	case 1: r->lba_end = r->lba_start - 1; break;
	case 2: r->reserved[rnd() % 4] = rnd(); break;
	case 3: r->ops = rnd(); break;
	default: break;
	}
}

int main(int argc, char **argv)
{
	static char good[8192] __attribute__((aligned(4096)));
	int iterations = argc > 1 ? atoi(argv[1]) : 4000;
	int fd, i, ret, hist[3] = { 0 }, per_op[0x20] = { 0 };
	struct uringblk_fault_list l;
	struct uringblk_ucmd_hdr h;
	struct ub_test_dev d;
	struct io_uring ring;
	void *ro, *gone;

	ub_create(&d, "fuzz0", "capacity=8M", NULL);
	fd = open(d.ctl, O_RDWR);
	CHECK(fd >= 0, "open ctl");
	CHECK(!io_uring_queue_init(64, &ring, 0), "ring");
	ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(ro != MAP_FAILED, "mmap");
	fill_rule(ro);
	CHECK(!mprotect(ro, 4096, PROT_READ), "mprotect");
	gone = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(gone, 4096);

	for (i = 0; i < iterations; i++) {
		uint64_t addrs[] = {
			(uintptr_t)good, (uintptr_t)good, (uintptr_t)good + (rnd() % 4096), 0,
			0xffff888000000000ULL + (rnd() & 0xfffff000), 0xffffffff81000000ULL,
			0x8000000000000000ULL, (uintptr_t)ro, (uintptr_t)gone, rnd(),
		};
		uint32_t rule = sizeof(struct uringblk_fault_rule);
		uint32_t lens[] = {
			0, 1, 16, rule - 1, rule, rule + 1, sizeof(struct uringblk_stats),
			sizeof(struct uringblk_latency), URINGBLK_PAYLOAD_MAX,
			URINGBLK_PAYLOAD_MAX + 1, rnd(),
		};
		uint32_t cmd_op = rnd() % 16 ? URINGBLK_UCMD : (uint32_t)rnd();

		h = (struct uringblk_ucmd_hdr) {
			.abi_major = rnd() % 8 ? URINGBLK_ABI_MAJOR : rnd(),
			.abi_minor = rnd(),
			.opcode = rnd() % 8 ? opcodes[rnd() % (sizeof(opcodes) / sizeof(opcodes[0]))] : rnd(),
			.payload_len = lens[rnd() % 11],
			.payload_addr = addrs[rnd() % 10],
		};
		if (rnd() % 4)
			fill_rule((struct uringblk_fault_rule *)good);
		else
			for (size_t k = 0; k < sizeof(good) / 8; k++)
				((uint64_t *)good)[k] = rnd();

		ret = rnd() % 2 ? ub_uring_cmd(&ring, fd, cmd_op, &h) : ub_ioctl_cmd(fd, &h);
		if (h.opcode < 0x20)
			per_op[h.opcode]++;
		if (ret >= 0) {
			CHECK(ret <= URINGBLK_PAYLOAD_MAX, "result %d too large", ret);
			hist[0]++;
			continue;
		}
		/* The errnos uringblk.h documents for the admin plane. */
		switch (-ret) {
		case EINVAL: case EOPNOTSUPP: case EOVERFLOW: case EFAULT:
			hist[1]++;
			break;
		case ENOENT: case EBUSY: case ENOMEM:
			hist[2]++;
			break;
		default:
			CHECK(0, "undocumented result %d (%s) for opcode %u len %u addr 0x%llx",
			      ret, strerrorname_np(-ret), h.opcode, h.payload_len,
			      (unsigned long long)h.payload_addr);
		}
	}
	printf("fuzz: %d commands, %d ok, %d rejected, %d ENOENT/EBUSY/ENOMEM; FAULT_ADD %d, FAULT_DEL %d\n",
	       iterations, hist[0], hist[1], hist[2], per_op[URINGBLK_UCMD_FAULT_ADD],
	       per_op[URINGBLK_UCMD_FAULT_DEL]);
	CHECK(hist[0] > 0 && hist[1] > 0, "fuzzing did not reach both outcomes");

	/* The rules it made must all go, or the device stays pinned. */
	do {
		memset(&l, 0, sizeof(l));
		h = ub_hdr(URINGBLK_UCMD_FAULT_LIST, &l, sizeof(l));
		CHECK(ub_ioctl_cmd(fd, &h) == sizeof(l), "FAULT_LIST");
		for (i = 0; i < l.nr_rules; i++) {
			struct uringblk_fault_rule r = { .id = l.rules[i].id };

			h = ub_hdr(URINGBLK_UCMD_FAULT_DEL, &r, sizeof(r));
			CHECK(ub_ioctl_cmd(fd, &h) == 0, "FAULT_DEL %u", r.id);
		}
	} while (l.total > l.nr_rules);
	close(fd);
	io_uring_queue_exit(&ring);
	ub_destroy(&d);
	return T_EXIT_PASS;
}
