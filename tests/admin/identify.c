// SPDX-License-Identifier: GPL-2.0
/*
 * IDENTIFY over io_uring and ioctl matches configfs; a short payload gets
 * exactly payload_len bytes and the rest of the buffer is untouched.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

int main(void)
{
	struct uringblk_identify a, b;
	struct uringblk_ucmd_hdr h;
	struct ub_test_dev d;
	struct io_uring ring;
	unsigned char raw[sizeof(a) + 64];
	int fd, ret;
	size_t i;

	ub_create(&d, "ident0", "capacity=48M", "logical_block_size=4096",
		  "physical_block_size=4096", "max_sectors=256", "queue_depth=64",
		  "nr_hw_queues=1", "poll_queues=1", "write_cache=1", "discard=0",
		  NULL);
	fd = open(d.ctl, O_RDWR);
	CHECK(fd >= 0, "open %s: %s", d.ctl, strerror(errno));
	CHECK(!io_uring_queue_init(8, &ring, 0), "ring");

	memset(&a, 0xa5, sizeof(a));
	h = ub_hdr(URINGBLK_UCMD_IDENTIFY, &a, sizeof(a));
	ret = ub_uring_cmd(&ring, fd, URINGBLK_UCMD, &h);
	CHECK(ret == sizeof(a), "uring IDENTIFY returned %d", ret);
	CHECK(a.size == sizeof(a) && a.version == URINGBLK_IDENTIFY_VERSION, "size/version");
	CHECK(a.abi_major == URINGBLK_ABI_MAJOR && a.abi_minor == URINGBLK_ABI_MINOR, "abi");
	CHECK(!strcmp(a.model, "uringblk"), "model '%s'", a.model);
	CHECK(!strcmp(a.serial, "ident0"), "serial '%s'", a.serial);
	CHECK(a.capacity_bytes == 48ULL << 20, "capacity %llu", (unsigned long long)a.capacity_bytes);
	CHECK(a.capacity_blocks == (48ULL << 20) / 4096, "blocks");
	CHECK(a.logical_block_size == 4096 && a.physical_block_size == 4096, "block sizes");
	CHECK(a.max_sectors == 256 && a.queue_depth == 64, "max_sectors/queue_depth");
	CHECK(a.nr_hw_queues == 1 && a.poll_queues == 1, "queues");
	CHECK(a.index == d.index, "index %u vs %u", a.index, d.index);
	CHECK(a.features == (URINGBLK_F_WRITE_ZEROES | URINGBLK_F_WRITE_CACHE |
			     URINGBLK_F_POLL | URINGBLK_F_STATS | URINGBLK_F_FAULTS),
	      "features 0x%llx", (unsigned long long)a.features);
	CHECK(a.home_node == -1, "home_node %d, want -1 (none)", a.home_node);
	CHECK(a.backend == URINGBLK_BACKEND_MEMORY, "backend not memory");
	for (i = 0; i < sizeof(a.reserved) / sizeof(a.reserved[0]); i++)
		CHECK(!a.reserved[i], "reserved[%zu] not zero", i);
	/* Not zoned: the zone fields (ABI minor 4) are zero. */
	CHECK(!a.zone_size && !a.zone_capacity && !a.nr_zones && !a.zone_model &&
	      !a.zone_nr_conv && !a.zone_max_open && !a.zone_max_active &&
	      !a.zone_append_max_sectors, "zone fields set");
	for (i = 0; i < sizeof(a.reserved1); i++)
		CHECK(!a.reserved1[i], "reserved1[%zu] not zero", i);
	/* No stray bytes: padding of the strings is zero. */
	for (i = strlen(a.serial); i < sizeof(a.serial); i++)
		CHECK(!a.serial[i], "serial padding byte %zu", i);

	/* The ioctl path gives the same answer. */
	memset(&b, 0x5a, sizeof(b));
	h = ub_hdr(URINGBLK_UCMD_IDENTIFY, &b, sizeof(b));
	ret = ub_ioctl_cmd(fd, &h);
	CHECK(ret == sizeof(b), "ioctl IDENTIFY returned %d", ret);
	CHECK(!memcmp(&a, &b, sizeof(a)), "ioctl and io_uring differ");

	/* Short buffer: exactly payload_len bytes. */
	memset(raw, 0xee, sizeof(raw));
	h = ub_hdr(URINGBLK_UCMD_IDENTIFY, raw, 12);
	ret = ub_uring_cmd(&ring, fd, URINGBLK_UCMD, &h);
	CHECK(ret == 12, "short IDENTIFY returned %d", ret);
	CHECK(!memcmp(raw, &a, 12), "short reply differs");
	for (i = 12; i < sizeof(raw); i++)
		CHECK(raw[i] == 0xee, "byte %zu past payload_len written", i);
	/* Larger buffer (a newer client): only the structure's size. */
	h = ub_hdr(URINGBLK_UCMD_IDENTIFY, raw, sizeof(raw));
	ret = ub_ioctl_cmd(fd, &h);
	CHECK(ret == sizeof(a), "long IDENTIFY returned %d", ret);
	CHECK(raw[sizeof(a)] == 0xee, "wrote past the structure");

	/* Live changes show up. */
	CHECK(!ub_attr_write("ident0", "capacity", "64M"), "resize");
	h = ub_hdr(URINGBLK_UCMD_IDENTIFY, &a, sizeof(a));
	CHECK(ub_uring_cmd(&ring, fd, URINGBLK_UCMD, &h) == sizeof(a), "identify 2");
	CHECK(a.capacity_bytes == 64ULL << 20, "capacity after resize");
	close(fd);
	io_uring_queue_exit(&ring);
	return T_EXIT_PASS;
}
