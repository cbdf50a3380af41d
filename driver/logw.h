/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The write log (`log_writes`, logw.c): every completed write, FLUSH, FUA
 * write and discard in dm-log-writes' on-disk format.
 */
#ifndef _URINGBLK_LOGW_H
#define _URINGBLK_LOGW_H

#include <linux/types.h>

struct request;
struct uringblk_dev;

int ub_logw_set(struct uringblk_dev *dev, const char *path);
int ub_logw_power_on(struct uringblk_dev *dev);
void ub_logw_stop(struct uringblk_dev *dev);
void __ub_logw_done(struct uringblk_dev *dev, struct request *rq);
int ub_logw_ucmd_mark(struct uringblk_dev *dev, void *p, size_t len);

#endif /* _URINGBLK_LOGW_H */
