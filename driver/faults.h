/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fault injection rules: configfs groups under <device>/faults/, made by
 * mkdir or by URINGBLK_UCMD_FAULT_ADD, evaluated on the request path.
 */
#ifndef _URINGBLK_FAULTS_H
#define _URINGBLK_FAULTS_H

#include <linux/atomic.h>
#include <linux/blk_types.h>
#include <linux/configfs.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <uapi/linux/uringblk.h>

struct request;
struct uringblk_dev;

/* What the request path needs of a matching rule, copied under RCU. */
struct ub_fault_hit {
	u32 type;			/* URINGBLK_FAULT_* */
	u32 delay_us;
	u32 torn_sectors;
	u64 lba_start;			/* in 512-byte sectors */
	u64 lba_end;			/* inclusive, in 512-byte sectors */
};

struct ub_fault {
	struct config_group group;
	struct uringblk_dev *dev;
	struct list_head node;		/* on dev->faults, creation order */
	struct list_head close_node;	/* on ub_faults_close()'s list */
	struct rcu_head rcu;
	u32 id;
	u32 type;
	u32 ops;			/* BIT(URINGBLK_OP_*) */
	u32 probability_ppm;
	u32 delay_us;
	u32 torn_sectors;
	u64 lba_start;			/* logical blocks */
	u64 lba_end;			/* inclusive; U64_MAX: the device's end */
	u64 count;			/* hits to stop after, 0: no limit */
	u64 after;			/* matching requests let pass first */
	atomic64_t passed;		/* matching requests seen while armed */
	atomic64_t hits;
	bool enabled;
	bool kernel_made;		/* FAULT_ADD: not removable by rmdir */
};

/* Per device state, embedded in struct uringblk_dev. */
struct ub_faults {
	struct config_group group;	/* <device>/faults */
	struct list_head list;		/* RCU-read on the request path */
	struct mutex lock;		/* list changes, rule attributes */
	/* Serialises FAULT_ADD/DEL: pinning and configfs registration. */
	struct mutex admin_lock;
	/*
	 * Enabled rules covering each URINGBLK_OP_*: at 0 a request of that
	 * operation skips the rules (an armed write rule costs reads nothing).
	 */
	atomic_t nr_armed[URINGBLK_NR_OPS];
	u32 next_id;
	unsigned int nr_kernel_made;
	bool closed;			/* powered off: no FAULT_ADD */
	bool pinned;			/* configfs_depend_item() on the device */
};

/* Every operation a rule may name: its `ops` when it names none. */
#define UB_FAULT_ALL_OPS	(BIT(URINGBLK_NR_OPS) - 1)

/* Between faults.c (configfs, matching) and faults_admin.c. */
struct ub_fault *ub_fault_alloc(struct uringblk_dev *dev, const char *name);
void ub_fault_link(struct ub_faults *fs, struct ub_fault *f);
void ub_fault_unlink(struct ub_faults *fs, struct ub_fault *f);
void ub_fault_set_enabled(struct ub_fault *f, bool on);

void ub_faults_init(struct uringblk_dev *dev);
/* The request path's (blkmq.c): before and after the backend. */
bool ub_fault_inject(struct uringblk_dev *dev, struct request *rq,
		     blk_status_t *st, u64 *limit);
blk_status_t ub_fault_done(struct request *rq, blk_status_t status);
void ub_faults_open(struct uringblk_dev *dev);
void ub_faults_close(struct uringblk_dev *dev);
void ub_faults_remove_kernel_made(struct uringblk_dev *dev);
int ub_fault_add(struct uringblk_dev *dev, struct uringblk_fault_rule *r);
void ub_fault_arm(struct uringblk_dev *dev, u32 id);
int ub_fault_list(struct uringblk_dev *dev, struct uringblk_fault_list *l);
int ub_fault_del(struct uringblk_dev *dev, u32 id);

#endif /* _URINGBLK_FAULTS_H */
