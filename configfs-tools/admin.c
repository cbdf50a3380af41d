// SPDX-License-Identifier: GPL-2.0
/*
 * Admin commands.  liburing 2.3 has no io_uring_prep_cmd(), so the SQE is
 * filled by hand as Documentation/admin-plane.md shows.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "admin.h"
#include "ucmd.h"

bool ub_admin_force_ioctl_env(void)
{
	const char *e = getenv("URINGBLKCTL_IOCTL");

	return e && *e && strcmp(e, "0");
}

static void fall_back(struct ub_admin *ad, const char *why)
{
	fprintf(stderr, "uringblkctl: note: io_uring unavailable (%s), using ioctl\n", why);
	ad->use_ioctl = true;
}

/*
 * The transport is chosen here, once: io_uring when a ring can be set up
 * and the kernel's opcode probe lists IORING_OP_URING_CMD, else the
 * ioctl.  A command's own error (EINVAL for a refused fault rule,
 * EOPNOTSUPP for zones of a plain disk) is its answer, never a reason to
 * send it again the other way.
 */
static void choose_transport(struct ub_admin *ad)
{
	struct io_uring_probe *probe;
	char why[128];
	int ret;

	ret = io_uring_queue_init(4, ad->ring, 0);
	if (ret < 0) {
		/* ENOSYS, or EPERM when io_uring is disabled. */
		snprintf(why, sizeof(why), "io_uring_setup: %s", strerror(-ret));
		fall_back(ad, why);
		return;
	}
	ad->ring_ready = true;
	probe = io_uring_get_probe_ring(ad->ring);
	if (!probe) {
		fall_back(ad, "no opcode probe");
		return;
	}
	if (!io_uring_opcode_supported(probe, IORING_OP_URING_CMD))
		fall_back(ad, "no IORING_OP_URING_CMD");
	io_uring_free_probe(probe);
}

int ub_admin_open(struct ub_admin *ad, unsigned int index, bool force_ioctl)
{
	memset(ad, 0, sizeof(*ad));
	snprintf(ad->path, sizeof(ad->path), "/dev/" URINGBLK_DISK_PREFIX "%u-ctl", index);
	ad->fd = open(ad->path, O_RDWR | O_CLOEXEC);
	if (ad->fd < 0)
		return -errno;
	if (force_ioctl || ub_admin_force_ioctl_env()) {
		/* Forced: say so, as for a real fallback, so logs tell which path ran. */
		fprintf(stderr, "uringblkctl: note: io_uring unavailable (forced by %s), using ioctl\n",
			force_ioctl ? "--ioctl" : "URINGBLKCTL_IOCTL");
		ad->use_ioctl = true;
		return 0;
	}
	ad->ring = calloc(1, sizeof(struct io_uring));
	if (!ad->ring)
		return -ENOMEM;
	choose_transport(ad);
	return 0;
}

void ub_admin_close(struct ub_admin *ad)
{
	if (ad->ring_ready)
		io_uring_queue_exit(ad->ring);
	free(ad->ring);
	if (ad->fd >= 0)
		close(ad->fd);
	ad->fd = -1;
}

const char *ub_admin_path(const struct ub_admin *ad)
{
	return ad->path;
}

int ub_admin_cmd(struct ub_admin *ad, uint16_t opcode, void *payload, uint32_t len)
{
	struct uringblk_ucmd_hdr h = ub_ucmd_hdr(opcode, payload, len);
	int ret;

	if (!ad->use_ioctl)
		return ub_ucmd_uring(ad->ring, ad->fd, URINGBLK_UCMD, &h);
	ret = ioctl(ad->fd, URINGBLK_UCMD, &h);
	return ret < 0 ? -errno : ret;
}
