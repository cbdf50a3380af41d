/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Zoned devices (host-managed): the zone table and the requests that
 * read or change it.  The table belongs to the device directory, beside
 * the backend, so zone states survive a power cycle as the data does.
 */
#ifndef _URINGBLK_ZONED_H
#define _URINGBLK_ZONED_H

#include <linux/bits.h>
#include <linux/blk_types.h>
#include <linux/blkdev.h>
#include <linux/configfs.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <uapi/linux/uringblk.h>

struct uringblk_dev;
struct request;

struct ub_zone {
	/*
	 * Held across a write's data copy: it orders writes to the zone
	 * and the write pointer check; it may sleep (page allocation).
	 */
	struct mutex lock;
	sector_t start;
	sector_t len;
	sector_t capacity;		/* writable sectors from start */
	sector_t wp;
	u8 type;			/* BLK_ZONE_TYPE_* */
	u8 cond;			/* BLK_ZONE_COND_* */
	/*
	 * A write is moving data into the zone (res_lock): an implicit close
	 * must not pick it, or the zone would turn EMPTY (wp == start) just
	 * before its write pointer moves.
	 */
	bool busy;
};

struct ub_zones {
	/*
	 * The device holds one reference; a zone report holds one while it
	 * walks the table, so power off never waits for the user buffer a
	 * report copies into, and a new geometry never frees the table
	 * under it.  Freed after an RCU grace period (ub_zoned_report()).
	 */
	refcount_t ref;
	struct rcu_head rcu;
	/* Geometry the table was built for (bytes, zones). */
	u64 capacity, zone_size, zone_capacity, nr_conv;
	unsigned int nr_zones;
	unsigned int zone_shift;	/* log2 of zone sectors */
	u32 max_open, max_active;	/* 0: no limit */
	/* Open/active accounting and implicit close; never sleeps. */
	spinlock_t res_lock;
	u32 nr_imp_open, nr_exp_open, nr_closed;
	u32 imp_close_next;		/* where implicit close looks first */
	/*
	 * Bumped when a write leaves its zone (res_lock): a write that needs
	 * an implicit close while every implicitly open zone is busy waits
	 * on busy_wq for it instead of failing.
	 */
	u32 busy_seq;
	wait_queue_head_t busy_wq;
	/* URINGBLK_ZONE_OP_* counts, under res_lock. */
	u64 ops[URINGBLK_NR_ZONE_OPS];
	struct ub_zone zones[];
};

/* The device directory's zone_readonly and zone_offline files. */
extern struct configfs_attribute uringblk_attr_zone_readonly;
extern struct configfs_attribute uringblk_attr_zone_offline;

int ub_zoned_power_on(struct uringblk_dev *dev);
void ub_zoned_power_off(struct uringblk_dev *dev);
void ub_zoned_free(struct uringblk_dev *dev);
/* Drop a reference to the table; the last frees it after RCU. */
void ub_zones_put(struct ub_zones *zs);
u64 ub_zoned_memory_used(struct uringblk_dev *dev);
blk_status_t ub_zoned_execute(struct uringblk_dev *dev, struct request *rq,
			      u64 limit);
blk_status_t ub_zoned_read(struct uringblk_dev *dev, struct request *rq);
int ub_zoned_set_cond(struct uringblk_dev *dev, u64 sector, u8 cond);
int ub_zoned_report(struct gendisk *disk, sector_t sector, unsigned int nr,
		    report_zones_cb cb, void *data);
struct seq_file;
void ub_zoned_debugfs_show(struct seq_file *m, struct uringblk_dev *dev);
void ub_zoned_fill_stats(struct uringblk_dev *dev,
			 struct uringblk_zone_stats *zs);
int ub_zoned_ucmd_report(struct uringblk_dev *dev, void *payload, size_t len);
int ub_zoned_ucmd_mgmt(struct uringblk_dev *dev, const void *payload);

#endif /* _URINGBLK_ZONED_H */
