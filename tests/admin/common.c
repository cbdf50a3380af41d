// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdarg.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common.h"
#include "../../configfs-tools/ucmd.h"

#define CFS "/sys/kernel/config/uringblk"

int ub_attr_write(const char *name, const char *attr, const char *val)
{
	char path[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), CFS "/%s/%s", name, attr);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	n = n < 0 ? -errno : 0;
	close(fd);
	return n;
}

unsigned long long ub_read_ull(const char *fmt, ...)
{
	unsigned long long v;
	char path[512];
	va_list ap;
	FILE *f;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	f = fopen(path, "r");
	CHECK(f, "open %s: %s", path, strerror(errno));
	CHECK(fscanf(f, "%llu", &v) == 1, "parse %s", path);
	fclose(f);
	return v;
}

void ub_wait_path(const char *path)
{
	int i;

	for (i = 0; i < 200; i++) {
		if (!access(path, F_OK))
			return;
		usleep(10000);
	}
	CHECK(0, "%s did not appear", path);
}

/*
 * Every device a test made, gone at exit whatever the test did; copies,
 * as main()'s own variables are gone by the time exit handlers run.
 */
static struct ub_test_dev ub_cleanup_devs[8];

static void ub_cleanup(void)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		if (ub_cleanup_devs[i].name[0])
			ub_destroy(&ub_cleanup_devs[i]);
}

void ub_create(struct ub_test_dev *d, const char *name, ...)
{
	const char *kv;
	char path[256];
	unsigned int i;
	va_list ap;
	int ret;

	snprintf(d->name, sizeof(d->name), "%s", name);
	snprintf(path, sizeof(path), CFS "/%s", name);
	CHECK(!mkdir(path, 0755), "mkdir %s: %s", path, strerror(errno));
	for (i = 0; i < 8 && ub_cleanup_devs[i].name[0] &&
		    strcmp(ub_cleanup_devs[i].name, name); i++)
		;
	CHECK(i < 8, "more than 8 devices");
	if (!i && !ub_cleanup_devs[0].name[0])
		atexit(ub_cleanup);
	ub_cleanup_devs[i] = *d;
	va_start(ap, name);
	while ((kv = va_arg(ap, const char *))) {
		char attr[64];
		const char *eq = strchr(kv, '=');

		snprintf(attr, sizeof(attr), "%.*s", (int)(eq - kv), kv);
		ret = ub_attr_write(name, attr, eq + 1);
		CHECK(!ret, "%s: %s: %s", name, kv, strerror(-ret));
	}
	va_end(ap);
	d->index = ub_read_ull(CFS "/%s/index", name);
	snprintf(d->disk, sizeof(d->disk), "/dev/uringblk%u", d->index);
	snprintf(d->ctl, sizeof(d->ctl), "/dev/uringblk%u-ctl", d->index);
	ub_power(d, 1);
}

void ub_power(struct ub_test_dev *d, int on)
{
	int ret = ub_attr_write(d->name, "power", on ? "1" : "0");

	CHECK(!ret, "%s: power %d: %s", d->name, on, strerror(-ret));
	if (on) {
		ub_wait_path(d->disk);
		ub_wait_path(d->ctl);
	}
}

void ub_destroy(struct ub_test_dev *d)
{
	char path[256];

	snprintf(path, sizeof(path), CFS "/%s", d->name);
	if (access(path, F_OK))
		return;
	ub_attr_write(d->name, "power", "0");
	rmdir(path);
}

struct uringblk_ucmd_hdr ub_hdr(uint16_t opcode, void *payload, uint32_t len)
{
	return ub_ucmd_hdr(opcode, payload, len);
}

int ub_uring_cmd(struct io_uring *ring, int fd, uint32_t cmd_op,
		 const struct uringblk_ucmd_hdr *h)
{
	return ub_ucmd_uring(ring, fd, cmd_op, h);
}

int ub_ioctl_cmd(int fd, const struct uringblk_ucmd_hdr *h)
{
	int ret = ioctl(fd, URINGBLK_UCMD, h);

	return ret < 0 ? -errno : ret;
}

void ub_open_io(const struct ub_test_dev *d, struct ub_test_io *io, int fill)
{
	struct uringblk_ucmd_hdr h = ub_hdr(URINGBLK_UCMD_RESET_STATS, NULL, 0);

	io->ctl = open(d->ctl, O_RDWR);
	CHECK(io->ctl >= 0, "open %s: %s", d->ctl, strerror(errno));
	CHECK(!io_uring_queue_init(8, &io->ring, 0), "ring");
	io->fd = open(d->disk, O_RDWR | O_DIRECT);
	CHECK(io->fd >= 0, "open %s: %s", d->disk, strerror(errno));
	CHECK(!posix_memalign((void **)&io->buf, 4096, UB_IO_BUF), "alloc");
	memset(io->buf, fill, UB_IO_BUF);
	/* Whatever udev or the partition scan read at power on goes. */
	CHECK(ub_ioctl_cmd(io->ctl, &h) == 0, "reset");
}

void ub_drop_sys_admin(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	CHECK(!syscall(SYS_capget, &hdr, data), "capget");
	data[0].effective &= ~(1U << CAP_SYS_ADMIN);
	data[0].permitted &= ~(1U << CAP_SYS_ADMIN);
	CHECK(!syscall(SYS_capset, &hdr, data), "capset: %s", strerror(errno));
}
