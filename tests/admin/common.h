/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the admin-plane test programs (liburing style: one small
 * program per case, exit 0 pass, 77 skip, 1 fail).  Each program makes
 * its own device through configfs and removes it at exit.
 */
#ifndef UB_TEST_COMMON_H
#define UB_TEST_COMMON_H

#include <liburing.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../uapi/linux/uringblk.h"

#define T_EXIT_PASS	0
#define T_EXIT_FAIL	1
#define T_EXIT_SKIP	77

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "FAIL-REASON: %s:%d: ", __FILE__, __LINE__); \
		fprintf(stderr, __VA_ARGS__);				\
		fprintf(stderr, "\n");					\
		exit(T_EXIT_FAIL);					\
	}								\
} while (0)

struct ub_test_dev {
	char name[64];
	unsigned int index;
	char disk[64];		/* /dev/uringblkN */
	char ctl[64];		/* /dev/uringblkN-ctl */
};

/* mkdir NAME, write "attr=value" pairs (NULL-terminated), power on. */
void ub_create(struct ub_test_dev *d, const char *name, ...);
void ub_power(struct ub_test_dev *d, int on);
void ub_destroy(struct ub_test_dev *d);
int ub_attr_write(const char *name, const char *attr, const char *val);
unsigned long long ub_read_ull(const char *fmt, ...);
void ub_wait_path(const char *path);

/*
 * What a case doing I/O and reading statistics works with: the control
 * device and a ring for commands, the disk opened O_DIRECT and a buffer
 * of UB_IO_BUF aligned bytes.
 */
#define UB_IO_BUF	65536
struct ub_test_io {
	struct io_uring ring;
	int ctl;
	int fd;
	char *buf;
};

/* Open all of @io for @d, fill buf with @fill, reset the statistics. */
void ub_open_io(const struct ub_test_dev *d, struct ub_test_io *io, int fill);

/* Drop CAP_SYS_ADMIN (effective and permitted) for the rest of the run. */
void ub_drop_sys_admin(void);

/* One command over io_uring (cmd_op given) or ioctl; returns res/-errno. */
int ub_uring_cmd(struct io_uring *ring, int fd, uint32_t cmd_op,
		 const struct uringblk_ucmd_hdr *h);
int ub_ioctl_cmd(int fd, const struct uringblk_ucmd_hdr *h);
struct uringblk_ucmd_hdr ub_hdr(uint16_t opcode, void *payload, uint32_t len);

#endif
