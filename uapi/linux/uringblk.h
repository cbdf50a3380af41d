/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * uringblk user-space ABI.
 *
 * This header is the contract between the uringblk driver, its tools and
 * any other client.  It is self-contained, uses fixed-width types only and
 * every structure has explicit padding and a static size check.
 */
#ifndef _UAPI_LINUX_URINGBLK_H
#define _UAPI_LINUX_URINGBLK_H

#include <linux/types.h>

/* Driver version as reported by /sys/kernel/config/uringblk/version. */
#define URINGBLK_VERSION_MAJOR	0
#define URINGBLK_VERSION_MINOR	1
#define URINGBLK_VERSION_PATCH	0

/* Block device name prefix: the disk is /dev/uringblk<index>. */
#define URINGBLK_DISK_PREFIX	"uringblk"
/* configfs subsystem name: /sys/kernel/config/uringblk/ */
#define URINGBLK_CONFIGFS_NAME	"uringblk"

/* Limits of the configfs device attributes. */
#define URINGBLK_NAME_MAX	32		/* device and rule names */
#define URINGBLK_INDEX_MAX	((1U << 20) - 1)
#define URINGBLK_BLOCK_SIZE_MIN	512
#define URINGBLK_BLOCK_SIZE_MAX	4096
#define URINGBLK_MAX_SECTORS_MIN	8
#define URINGBLK_MAX_SECTORS_MAX	65535
#define URINGBLK_QUEUE_DEPTH_MAX	4096

#endif /* _UAPI_LINUX_URINGBLK_H */
