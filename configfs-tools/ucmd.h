/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One admin command over io_uring, the one way user space builds it: the
 * header in the SQE's command area (IORING_OP_URING_CMD, cmd_op given),
 * one submit, one completion.  Shared by uringblkctl (admin.c), the admin
 * test programs (tests/admin/common.c) and tests/helpers/ub-admin.c.
 */
#ifndef UB_UCMD_H
#define UB_UCMD_H

#include <errno.h>
#include <liburing.h>
#include <stdint.h>
#include <string.h>

#include "../uapi/linux/uringblk.h"

static inline struct uringblk_ucmd_hdr ub_ucmd_hdr(uint16_t opcode, void *payload,
						   uint32_t len)
{
	struct uringblk_ucmd_hdr h = {
		.abi_major = URINGBLK_ABI_MAJOR,
		.abi_minor = URINGBLK_ABI_MINOR,
		.opcode = opcode,
		.payload_len = len,
		.payload_addr = (uint64_t)(uintptr_t)payload,
	};

	return h;
}

/* The command's result (CQE res), or -errno of io_uring itself. */
static inline int ub_ucmd_uring(struct io_uring *ring, int fd, uint32_t cmd_op,
				const struct uringblk_ucmd_hdr *h)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	struct io_uring_cqe *cqe;
	int ret;

	/* Taken only now: an SQE left unfilled would be submitted too. */
	if (!sqe)
		return -EBUSY;
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = fd;
	sqe->cmd_op = cmd_op;
	memcpy(sqe->cmd, h, sizeof(*h));
	ret = io_uring_submit(ring);
	if (ret < 0)
		return ret;
	ret = io_uring_wait_cqe(ring, &cqe);
	if (ret < 0)
		return ret;
	ret = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	return ret;
}

#endif
