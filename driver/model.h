/* SPDX-License-Identifier: GPL-2.0 */
/*
 * completion=model: per-operation latency tables (model.c) and the
 * channels that serve requests in arrival order.
 */
#ifndef _URINGBLK_MODEL_H
#define _URINGBLK_MODEL_H

#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <uapi/linux/uringblk.h>

struct uringblk_dev;
struct request;

/* A committed model: read under RCU, never changed once published. */
struct ub_model_table {
	u32 present;				/* bit per URINGBLK_OP_* */
	char spec[URINGBLK_NR_OPS][URINGBLK_MODEL_SPEC_LEN];
	u64 q[URINGBLK_NR_OPS][URINGBLK_MODEL_QUANTILES];
};

/* Delays the debugfs latency_trace keeps: the last this many. */
#define UB_MODEL_TRACE	4096

/* Per device; the table lives as long as the directory. */
struct ub_model {
	struct ub_model_table __rcu *table;
	/* An upload in progress (dev->lock): pages 0..staged-1 are in. */
	struct ub_model_table *stage;
	u32 stage_ops;
	u32 staged;
	char stage_spec[URINGBLK_MODEL_SPEC_LEN];
	/* Valid while powered. */
	atomic64_t seq;				/* requests drawn since power on */
	u64 *trace;				/* delay of draw seq % UB_MODEL_TRACE */
	spinlock_t chan_lock;			/* channels > 0 only */
	u32 nr_chan;
	u64 *chan_free;				/* ns when each channel is free */
};

u64 ub_model_delay(struct uringblk_dev *dev, struct request *rq);
int ub_model_power_on(struct uringblk_dev *dev);
void ub_model_power_off(struct uringblk_dev *dev);
void ub_model_free(struct uringblk_dev *dev);
void ub_model_debugfs_add(struct uringblk_dev *dev);
int ub_model_ucmd_set(struct uringblk_dev *dev, void *p, size_t len);
extern struct configfs_attribute uringblk_attr_latency_model;

#endif /* _URINGBLK_MODEL_H */
