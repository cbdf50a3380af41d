// SPDX-License-Identifier: GPL-2.0
/*
 * FAULT_ADD/LIST/DEL: a rule added over io_uring appears in configfs as a
 * kernel-made group (rmdir: EPERM) and acts on I/O; a mkdir'd rule shows
 * in FAULT_LIST and FAULT_DEL refuses it (EBUSY); bad rules are EINVAL;
 * the device cannot be removed while admin rules exist (EBUSY), also
 * when powered off; FAULT_DEL after power on frees it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

#define CFS "/sys/kernel/config/uringblk/fa0"

static struct io_uring ring;
static int ctl;

static int add(struct uringblk_fault_rule *r)
{
	struct uringblk_ucmd_hdr h = ub_hdr(URINGBLK_UCMD_FAULT_ADD, r, sizeof(*r));

	return ub_uring_cmd(&ring, ctl, URINGBLK_UCMD, &h);
}

static int del(uint32_t id)
{
	struct uringblk_fault_rule r = { .id = id };
	struct uringblk_ucmd_hdr h = ub_hdr(URINGBLK_UCMD_FAULT_DEL, &r, sizeof(r));

	return ub_uring_cmd(&ring, ctl, URINGBLK_UCMD, &h);
}

static int io_read(const char *disk, off_t off)
{
	static char buf[4096] __attribute__((aligned(4096)));
	int fd = open(disk, O_RDONLY | O_DIRECT), ret;

	CHECK(fd >= 0, "open %s", disk);
	ret = pread(fd, buf, sizeof(buf), off) == sizeof(buf) ? 0 : -errno;
	close(fd);
	return ret;
}

int main(void)
{
	struct uringblk_fault_rule r, bad;
	struct uringblk_fault_list l;
	struct uringblk_ucmd_hdr h;
	struct ub_test_dev d;
	char path[256];
	int ret, i, mkdir_id = -1;

	ub_create(&d, "fa0", "capacity=8M", NULL);
	ctl = open(d.ctl, O_RDWR);
	CHECK(ctl >= 0, "open ctl");
	CHECK(!io_uring_queue_init(8, &ring, 0), "ring");

	memset(&r, 0, sizeof(r));
	r.type = URINGBLK_FAULT_MEDIUM_ERROR;
	r.ops = 1 << URINGBLK_OP_READ;
	r.probability_ppm = URINGBLK_FAULT_PPM_MAX;
	r.lba_start = 16;
	r.lba_end = 23;
	r.enable = 1;
	ret = add(&r);
	CHECK(ret == sizeof(r), "FAULT_ADD returned %d", ret);
	CHECK(r.kernel_made == 1 && r.name[0], "reply: kernel_made %u name '%s'", r.kernel_made, r.name);
	CHECK(r.size == sizeof(r) && r.version == URINGBLK_FAULT_RULE_VERSION, "size/version");
	snprintf(path, sizeof(path), CFS "/faults/%s", r.name);
	CHECK(!access(path, F_OK), "%s not in configfs", path);
	CHECK(ub_read_ull(CFS "/faults/%s/lba_start", r.name) == 16, "lba_start in configfs");
	CHECK(ub_read_ull(CFS "/faults/%s/enable", r.name) == 1, "enable in configfs");
	CHECK(rmdir(path) < 0 && errno == EPERM, "rmdir of an admin rule: %s", strerror(errno));

	CHECK(io_read(d.disk, 16 * 512) == -ENODATA, "read in range not ENODATA");
	CHECK(io_read(d.disk, 20 * 512) == -ENODATA, "read at the end of the range not ENODATA");
	CHECK(io_read(d.disk, 8 * 512) == 0, "read before range failed");
	CHECK(io_read(d.disk, 24 * 512) == 0, "read after range failed");

	/* A mkdir'd rule: listed, but not FAULT_DEL's to remove. */
	CHECK(!mkdir(CFS "/faults/manual", 0755), "mkdir rule");
	h = ub_hdr(URINGBLK_UCMD_FAULT_LIST, &l, sizeof(l));
	ret = ub_uring_cmd(&ring, ctl, URINGBLK_UCMD, &h);
	CHECK(ret == sizeof(l), "FAULT_LIST returned %d", ret);
	CHECK(l.nr_rules == 2 && l.total == 2, "list has %u/%u rules", l.nr_rules, l.total);
	for (i = 0; i < l.nr_rules; i++) {
		if (!strcmp(l.rules[i].name, "manual"))
			mkdir_id = l.rules[i].id;
		else
			CHECK(l.rules[i].id == r.id && l.rules[i].hits == 2 &&
			      l.rules[i].kernel_made, "admin rule in list: hits %llu",
			      (unsigned long long)l.rules[i].hits);
	}
	CHECK(mkdir_id >= 0, "mkdir'd rule not listed");
	CHECK(del(mkdir_id) == -EBUSY, "FAULT_DEL of a mkdir'd rule");
	CHECK(del(12345) == -ENOENT, "FAULT_DEL of no rule");
	CHECK(!rmdir(CFS "/faults/manual"), "rmdir mkdir'd rule");

	/* after (ABI minor 6): two matching reads pass, the third fails. */
	{
		struct uringblk_fault_rule a;

		memset(&a, 0, sizeof(a));
		a.type = URINGBLK_FAULT_IO_ERROR;
		a.ops = 1 << URINGBLK_OP_READ;
		a.probability_ppm = URINGBLK_FAULT_PPM_MAX;
		a.lba_start = 100;
		a.lba_end = 100;
		a.after = 2;
		a.count = 1;
		a.enable = 1;
		CHECK(add(&a) == sizeof(a) && a.after == 2, "FAULT_ADD with after");
		CHECK(ub_read_ull(CFS "/faults/%s/after", a.name) == 2, "after in configfs");
		CHECK(io_read(d.disk, 100 * 512) == 0, "after=2: first read failed");
		CHECK(io_read(d.disk, 100 * 512) == 0, "after=2: second read failed");
		CHECK(io_read(d.disk, 100 * 512) == -EIO, "after=2: third read not EIO");
		CHECK(io_read(d.disk, 100 * 512) == 0, "after=2 count=1: fourth read failed");
		CHECK(del(a.id) == 0, "FAULT_DEL of the after rule");
	}

	/* Bad rules. */
	bad = r;
	bad.type = URINGBLK_NR_FAULT_TYPES;
	CHECK(add(&bad) == -EINVAL, "bad type");
	bad = r;
	bad.lba_end = 1;
	CHECK(add(&bad) == -EINVAL, "lba_end < lba_start");
	bad = r;
	bad.probability_ppm = URINGBLK_FAULT_PPM_MAX + 1;
	CHECK(add(&bad) == -EINVAL, "probability");
	bad = r;
	bad.reserved[2] = 1;
	CHECK(add(&bad) == -EINVAL, "reserved not zero");
	bad = r;
	bad.ops = 1 << 7;
	CHECK(add(&bad) == -EINVAL, "unknown op bit");
	h = ub_hdr(URINGBLK_UCMD_FAULT_ADD, NULL, sizeof(r));
	CHECK(ub_uring_cmd(&ring, ctl, URINGBLK_UCMD, &h) == -EFAULT, "NULL payload");
	h = ub_hdr(URINGBLK_UCMD_FAULT_DEL, &r, 0);
	CHECK(ub_ioctl_cmd(ctl, &h) == -EINVAL, "FAULT_DEL without payload");
	h = ub_hdr(URINGBLK_UCMD_FAULT_DEL, &r, 16);
	CHECK(ub_ioctl_cmd(ctl, &h) == -EINVAL, "FAULT_DEL with a short payload");
	h = ub_hdr(URINGBLK_UCMD_FAULT_ADD, &r, sizeof(r) - 1);
	CHECK(ub_uring_cmd(&ring, ctl, URINGBLK_UCMD, &h) == -EINVAL, "short FAULT_ADD");

	/*
	 * A reply that cannot be copied back (read-only buffer): -EFAULT
	 * and no rule, armed or not (before the fix the rule stayed, armed
	 * and pinning the device).
	 */
	{
		struct uringblk_fault_rule *ro;
		struct uringblk_fault_list l2;

		ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		CHECK(ro != MAP_FAILED, "mmap");
		*ro = r;
		ro->lba_start = 40;
		ro->lba_end = 47;
		CHECK(!mprotect(ro, 4096, PROT_READ), "mprotect");
		h = ub_hdr(URINGBLK_UCMD_FAULT_ADD, ro, sizeof(*ro));
		ret = ub_uring_cmd(&ring, ctl, URINGBLK_UCMD, &h);
		CHECK(ret == -EFAULT, "FAULT_ADD into a read-only reply buffer: %d", ret);
		CHECK(io_read(d.disk, 40 * 512) == 0, "a failed FAULT_ADD armed its rule");
		memset(&l2, 0, sizeof(l2));
		h = ub_hdr(URINGBLK_UCMD_FAULT_LIST, &l2, sizeof(l2));
		CHECK(ub_uring_cmd(&ring, ctl, URINGBLK_UCMD, &h) == sizeof(l2), "FAULT_LIST");
		CHECK(l2.total == 1, "a failed FAULT_ADD left a rule: %u rules", l2.total);
		munmap(ro, 4096);
	}

	/* The device is pinned while the admin rule exists. */
	CHECK(rmdir(CFS) < 0 && errno == EBUSY, "rmdir device with an admin rule: %s",
	      strerror(errno));
	CHECK(del(r.id) == 0, "FAULT_DEL");
	CHECK(access(path, F_OK) < 0, "%s still in configfs", path);
	CHECK(io_read(d.disk, 16 * 512) == 0, "read after FAULT_DEL failed");

	/* Admin rules outlive power off (and keep the device pinned). */
	r.enable = 0;
	CHECK(add(&r) == sizeof(r), "second FAULT_ADD");
	snprintf(path, sizeof(path), CFS "/faults/%s", r.name);
	CHECK(ub_read_ull("%s/enable", path) == 0, "enable=0 honoured");
	ub_power(&d, 0);
	CHECK(!access(path, F_OK), "%s gone at power off", path);
	CHECK(rmdir(CFS) < 0 && errno == EBUSY, "rmdir powered-off device with an admin rule");
	ub_power(&d, 1);
	close(ctl);
	ctl = open(d.ctl, O_RDWR);
	CHECK(ctl >= 0, "reopen ctl");
	CHECK(del(r.id) == 0, "FAULT_DEL after power cycle");
	CHECK(access(path, F_OK) < 0, "%s still there", path);
	close(ctl);
	ub_destroy(&d);
	CHECK(access(CFS, F_OK) < 0, "device not removed");
	return T_EXIT_PASS;
}
