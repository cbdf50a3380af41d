/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Admin commands to /dev/uringblkN-ctl: io_uring URING_CMD, or the
 * ioctl with the same header when io_uring is unavailable or when the user
 * asks for it (--ioctl or URINGBLKCTL_IOCTL=1).
 */
#ifndef URINGBLKCTL_ADMIN_H
#define URINGBLKCTL_ADMIN_H

#include <stdbool.h>
#include <stdint.h>

#include "../uapi/linux/uringblk.h"

struct ub_admin {
	int fd;
	bool use_ioctl;
	bool ring_ready;
	void *ring;		/* struct io_uring, kept opaque to callers */
	char path[64];
};

/* Opens the control device of disk INDEX; 0 or -errno. */
int ub_admin_open(struct ub_admin *ad, unsigned int index, bool force_ioctl);
void ub_admin_close(struct ub_admin *ad);
/* One command: bytes written to the payload, or -errno. */
int ub_admin_cmd(struct ub_admin *ad, uint16_t opcode, void *payload, uint32_t len);
const char *ub_admin_path(const struct ub_admin *ad);
bool ub_admin_force_ioctl_env(void);

#endif
