// SPDX-License-Identifier: GPL-2.0
/*
 * Host-managed zoned devices, after null_blk's zoned.c: a table of zones
 * with a write pointer and a condition each, write-pointer checks,
 * implicit and explicit open, the open and active limits, zone append
 * and the zone management operations.
 *
 * Locking: a zone's mutex orders the writes to it with its write pointer
 * (held over the data copy, which may allocate and sleep: the tag set is
 * BLK_MQ_F_BLOCKING).  res_lock guards the open/active counts and every
 * condition change that moves them, so an implicit close of another zone
 * needs only res_lock, as in null_blk; it skips a zone whose write is
 * moving data (ub_zone.busy), and a write that needs it waits for one.
 *
 * Lifetime: the device holds the table; a zone report (whose callback
 * copies to user memory and may block there) holds a reference too, so
 * power off and a new geometry never wait for it nor free under it.
 *
 * Reads need no lock: nothing past a write pointer is ever in the backend
 * (writes land at the pointer, a failed write's data is dropped, reset
 * and power-on geometry changes release the pages), so the backend's
 * holes already read as the zeros a zoned device must return there.
 */
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/configfs.h>
#include <linux/delay.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "backend.h"
#include "compat.h"
#include "parse.h"
#include "uringblk.h"
#include "zoned.h"

static inline struct ub_zone *ub_zone_of(struct ub_zones *zs, sector_t s)
{
	return &zs->zones[s >> zs->zone_shift];
}

static inline bool ub_zone_is_active(const struct ub_zone *z)
{
	return z->cond == BLK_ZONE_COND_IMP_OPEN ||
	       z->cond == BLK_ZONE_COND_EXP_OPEN ||
	       z->cond == BLK_ZONE_COND_CLOSED;
}

/* The zone capacity the device uses: an unset (0) one is the zone size. */
static u64 ub_zone_cap_bytes(const struct uringblk_config *c)
{
	return c->zone_capacity ?: c->zone_size;
}

static bool ub_zones_match(const struct ub_zones *zs,
			   const struct uringblk_config *c)
{
	return zs->capacity == c->capacity && zs->zone_size == c->zone_size &&
	       zs->zone_capacity == ub_zone_cap_bytes(c) &&
	       zs->nr_conv == c->zone_nr_conv;
}

void ub_zones_put(struct ub_zones *zs)
{
	if (refcount_dec_and_test(&zs->ref))
		kvfree_rcu(zs, rcu);
}

/* The device lets go of its table (a report may still hold it). */
void ub_zoned_free(struct uringblk_dev *dev)
{
	struct ub_zones *zs = dev->zones;

	if (!zs)
		return;
	WRITE_ONCE(dev->zones, NULL);
	ub_zones_put(zs);
}

/*
 * Build the zone table for the configured geometry, or keep the one from
 * the last power on when the geometry is the same (zone states live with
 * the data).  A new geometry starts empty: the old data would sit past
 * the new write pointers, so it goes.
 */
int ub_zoned_power_on(struct uringblk_dev *dev)
{
	const struct uringblk_config *c = &dev->cfg;
	sector_t zone_sects = c->zone_size >> SECTOR_SHIFT;
	struct ub_zones *zs = dev->zones;
	unsigned int i, nr;

	if (!c->zoned) {
		ub_zoned_free(dev);
		return 0;
	}
	if (zs && ub_zones_match(zs, c))
		goto limits;

	ub_zoned_free(dev);
	dev->backend->ops->truncate(dev->backend, 0);
	nr = c->capacity / c->zone_size;
	zs = kvzalloc(struct_size(zs, zones, nr), GFP_KERNEL | __GFP_NOWARN);
	if (!zs)
		return ub_refuse(c, -ENOMEM, "no memory for a table of %u zones",
				 nr);
	refcount_set(&zs->ref, 1);
	init_waitqueue_head(&zs->busy_wq);
	zs->capacity = c->capacity;
	zs->zone_size = c->zone_size;
	zs->zone_capacity = ub_zone_cap_bytes(c);
	zs->nr_conv = c->zone_nr_conv;
	zs->nr_zones = nr;
	zs->zone_shift = ilog2(zone_sects);
	spin_lock_init(&zs->res_lock);
	for (i = 0; i < nr; i++) {
		struct ub_zone *z = &zs->zones[i];

		mutex_init(&z->lock);
		z->start = (sector_t)i * zone_sects;
		z->len = zone_sects;
		if (i < c->zone_nr_conv) {
			z->type = BLK_ZONE_TYPE_CONVENTIONAL;
			z->cond = BLK_ZONE_COND_NOT_WP;
			z->capacity = zone_sects;
			z->wp = z->start + z->len;
		} else {
			z->type = BLK_ZONE_TYPE_SEQWRITE_REQ;
			z->cond = BLK_ZONE_COND_EMPTY;
			z->capacity = zs->zone_capacity >> SECTOR_SHIFT;
			z->wp = z->start;
		}
	}
	/* Published whole: ub_zoned_report() reads it without dev->lock. */
	smp_store_release(&dev->zones, zs);
limits:
	zs->max_open = c->zone_max_open;
	zs->max_active = c->zone_max_active;
	zs->imp_close_next = zs->nr_conv;
	return 0;
}

/* The count of zones in condition @cond that the limits need, or NULL. */
static u32 *ub_zone_counter(struct ub_zones *zs, u8 cond)
{
	switch (cond) {
	case BLK_ZONE_COND_IMP_OPEN:
		return &zs->nr_imp_open;
	case BLK_ZONE_COND_EXP_OPEN:
		return &zs->nr_exp_open;
	case BLK_ZONE_COND_CLOSED:
		return &zs->nr_closed;
	default:
		return NULL;
	}
}

/*
 * Every change of a zone's condition goes through here, so the open and
 * active counts always match the table (res_lock held).
 */
static void ub_zone_set_cond(struct ub_zones *zs, struct ub_zone *z, u8 cond)
{
	u32 *n = ub_zone_counter(zs, z->cond);

	if (n)
		(*n)--;
	n = ub_zone_counter(zs, cond);
	if (n)
		(*n)++;
	z->cond = cond;
}

/*
 * Power off is a power loss for the zones too: open zones close (or go
 * back to empty), as a drive's do.  No request is in flight any more.
 */
void ub_zoned_power_off(struct uringblk_dev *dev)
{
	struct ub_zones *zs = dev->zones;
	unsigned int i;

	if (!zs)
		return;
	spin_lock(&zs->res_lock);
	for (i = zs->nr_conv; i < zs->nr_zones; i++) {
		struct ub_zone *z = &zs->zones[i];

		if (z->cond == BLK_ZONE_COND_IMP_OPEN ||
		    z->cond == BLK_ZONE_COND_EXP_OPEN)
			ub_zone_set_cond(zs, z, z->wp == z->start ?
					 BLK_ZONE_COND_EMPTY :
					 BLK_ZONE_COND_CLOSED);
	}
	spin_unlock(&zs->res_lock);
}

u64 ub_zoned_memory_used(struct uringblk_dev *dev)
{
	return dev->zones ? struct_size(dev->zones, zones,
					dev->zones->nr_zones) : 0;
}

/* Close an open zone (res_lock held).  Closing a closed one is no error. */
static blk_status_t ub_zone_close_locked(struct ub_zones *zs,
					 struct ub_zone *z)
{
	switch (z->cond) {
	case BLK_ZONE_COND_CLOSED:
		return BLK_STS_OK;
	case BLK_ZONE_COND_IMP_OPEN:
	case BLK_ZONE_COND_EXP_OPEN:
		break;
	default:
		return BLK_STS_IOERR;
	}
	ub_zone_set_cond(zs, z, z->wp == z->start ? BLK_ZONE_COND_EMPTY :
						    BLK_ZONE_COND_CLOSED);
	return BLK_STS_OK;
}

/*
 * Implicitly close one implicitly open zone that no write is moving data
 * into, round robin (res_lock).  False when every one of them is busy.
 */
static bool ub_zone_close_one_imp(struct ub_zones *zs)
{
	unsigned int n = zs->nr_zones - zs->nr_conv, i, zno = zs->imp_close_next;

	for (i = 0; i < n; i++, zno++) {
		struct ub_zone *z;

		if (zno >= zs->nr_zones)
			zno = zs->nr_conv;
		z = &zs->zones[zno];
		if (z->cond == BLK_ZONE_COND_IMP_OPEN && !z->busy) {
			ub_zone_close_locked(zs, z);
			zs->imp_close_next = zno + 1;
			return true;
		}
	}
	return false;
}

/* Not a block status: every implicitly open zone is busy, wait for one. */
#define UB_STS_ZONE_WAIT	((__force blk_status_t)0xfe)

static blk_status_t ub_zone_check_active(struct ub_zones *zs)
{
	if (!zs->max_active ||
	    zs->nr_imp_open + zs->nr_exp_open + zs->nr_closed < zs->max_active)
		return BLK_STS_OK;
	return BLK_STS_ZONE_ACTIVE_RESOURCE;
}

static blk_status_t ub_zone_check_open(struct ub_zones *zs)
{
	if (!zs->max_open || zs->nr_imp_open + zs->nr_exp_open < zs->max_open)
		return BLK_STS_OK;
	/* ZBC: make room by closing an implicitly open zone, if any. */
	if (zs->nr_imp_open && ub_zone_check_active(zs) == BLK_STS_OK)
		return ub_zone_close_one_imp(zs) ? BLK_STS_OK : UB_STS_ZONE_WAIT;
	return BLK_STS_ZONE_OPEN_RESOURCE;
}

/*
 * May an empty or closed zone become open?  An empty one also becomes
 * active, so it must fit under both limits (res_lock held).
 */
static blk_status_t ub_zone_check_resources(struct ub_zones *zs,
					    struct ub_zone *z)
	__must_hold(&zs->res_lock)
{
	blk_status_t st;

	for (;;) {
		u32 seq;

		if (z->cond == BLK_ZONE_COND_EMPTY) {
			st = ub_zone_check_active(zs);
			if (st)
				return st;
		}
		st = ub_zone_check_open(zs);
		if (st != UB_STS_ZONE_WAIT)
			return st;
		/*
		 * Every candidate is mid-write.  Its writer needs no lock we
		 * hold but res_lock, so it finishes: wait for that and look
		 * again.  @z's own condition cannot change meanwhile (its
		 * mutex is ours, and it is not implicitly open).
		 */
		seq = zs->busy_seq;
		spin_unlock(&zs->res_lock);
		wait_event(zs->busy_wq, READ_ONCE(zs->busy_seq) != seq);
		spin_lock(&zs->res_lock);
	}
}

static void ub_zone_count(struct ub_zones *zs, unsigned int op)
{
	spin_lock(&zs->res_lock);
	zs->ops[op]++;
	spin_unlock(&zs->res_lock);
}

/*
 * Move the data of a write, at most @limit bytes (torn writes), through
 * the backend, which zoned_check() made sure completes it inline.
 */
static blk_status_t ub_zone_rw(struct ub_backend *be, struct request *rq,
			       u64 limit, u64 *done)
{
	blk_status_t st = be->ops->queue_rq(be, rq, limit);

	*done = st ? 0 : min_t(u64, limit, blk_rq_bytes(rq));
	return st;
}

/*
 * A write or a zone append.  The write pointer moves by what reached the
 * backend: not at all for a failed write, by the sectors written for a
 * torn one (@limit), whose status is still an error.
 */
static blk_status_t ub_zone_write(struct uringblk_dev *dev, struct request *rq,
				  u64 limit)
{
	bool append = req_op(rq) == REQ_OP_ZONE_APPEND;
	struct ub_backend *be = dev->backend;
	struct ub_zones *zs = dev->zones;
	unsigned int nr = blk_rq_sectors(rq);
	struct ub_zone *z = ub_zone_of(zs, blk_rq_pos(rq));
	blk_status_t st;
	u64 done = 0, written;

	if (z->type == BLK_ZONE_TYPE_CONVENTIONAL) {
		if (append)
			return BLK_STS_IOERR;
		return ub_zone_rw(be, rq, limit, &done);
	}

	mutex_lock(&z->lock);
	/* Read-only and offline zones have no write pointer (wp = -1). */
	if (z->cond == BLK_ZONE_COND_FULL || z->cond == BLK_ZONE_COND_READONLY ||
	    z->cond == BLK_ZONE_COND_OFFLINE) {
		st = BLK_STS_IOERR;
		goto unlock;
	}
	/* The sector an append wrote at goes back to the submitter. */
	if (append) {
		rq->__sector = z->wp;
	} else if (blk_rq_pos(rq) != z->wp) {
		st = BLK_STS_IOERR;
		goto unlock;
	}
	if (z->wp + nr > z->start + z->capacity) {
		st = BLK_STS_IOERR;
		goto unlock;
	}
	spin_lock(&zs->res_lock);
	st = BLK_STS_OK;
	if (z->cond == BLK_ZONE_COND_EMPTY || z->cond == BLK_ZONE_COND_CLOSED) {
		st = ub_zone_check_resources(zs, z);
		if (!st)
			ub_zone_set_cond(zs, z, BLK_ZONE_COND_IMP_OPEN);
	}
	z->busy = !st;
	spin_unlock(&zs->res_lock);
	if (st)
		goto unlock;
	if (unlikely(READ_ONCE(dev->delay_in_copy_us)))
		fsleep(READ_ONCE(dev->delay_in_copy_us));

	st = ub_zone_rw(be, rq, limit, &written);
	/* The pointer moves by whole blocks ... */
	done = round_down(written, dev->cfg.logical_block_size);
	if (st) {
		done = 0;
		written = (u64)nr << SECTOR_SHIFT;
	}
	/* ... and nothing past it stays in the backend (a torn block's part). */
	if (written > done)
		be->ops->discard(be, ((u64)z->wp << SECTOR_SHIFT) + done,
				 written - done);
	spin_lock(&zs->res_lock);
	z->wp += done >> SECTOR_SHIFT;
	if (z->wp == z->start + z->capacity)
		ub_zone_set_cond(zs, z, BLK_ZONE_COND_FULL);
	z->busy = false;
	zs->busy_seq++;
	spin_unlock(&zs->res_lock);
	wake_up_all(&zs->busy_wq);
	if (!st && append)
		ub_zone_count(zs, URINGBLK_ZONE_OP_APPEND);
unlock:
	mutex_unlock(&z->lock);
	return st;
}

/* The zone's mutex is held by the callers of the four operations below. */
static blk_status_t ub_zone_open(struct ub_zones *zs, struct ub_zone *z)
{
	blk_status_t st = BLK_STS_OK;

	spin_lock(&zs->res_lock);
	switch (z->cond) {
	case BLK_ZONE_COND_EXP_OPEN:
		break;
	case BLK_ZONE_COND_EMPTY:
	case BLK_ZONE_COND_CLOSED:
		st = ub_zone_check_resources(zs, z);
		if (!st)
			ub_zone_set_cond(zs, z, BLK_ZONE_COND_EXP_OPEN);
		break;
	case BLK_ZONE_COND_IMP_OPEN:
		ub_zone_set_cond(zs, z, BLK_ZONE_COND_EXP_OPEN);
		break;
	default:
		st = BLK_STS_IOERR;
	}
	spin_unlock(&zs->res_lock);
	return st;
}

static blk_status_t ub_zone_finish(struct ub_zones *zs, struct ub_zone *z)
{
	blk_status_t st = BLK_STS_OK;

	spin_lock(&zs->res_lock);
	switch (z->cond) {
	case BLK_ZONE_COND_FULL:
		break;
	case BLK_ZONE_COND_EMPTY:
	case BLK_ZONE_COND_CLOSED:
		/* Finishing passes through open: it must fit the limits. */
		st = ub_zone_check_resources(zs, z);
		fallthrough;
	case BLK_ZONE_COND_IMP_OPEN:
	case BLK_ZONE_COND_EXP_OPEN:
		if (st)
			break;
		ub_zone_set_cond(zs, z, BLK_ZONE_COND_FULL);
		/* As a write that fills it: FULL <=> wp == start + capacity. */
		z->wp = z->start + z->capacity;
		break;
	default:
		st = BLK_STS_IOERR;
	}
	spin_unlock(&zs->res_lock);
	return st;
}

/* Empty the zone and give its pages back. */
static blk_status_t ub_zone_reset(struct uringblk_dev *dev, struct ub_zone *z)
{
	struct ub_zones *zs = dev->zones;

	spin_lock(&zs->res_lock);
	switch (z->cond) {
	case BLK_ZONE_COND_EMPTY:
		spin_unlock(&zs->res_lock);
		return BLK_STS_OK;
	case BLK_ZONE_COND_IMP_OPEN:
	case BLK_ZONE_COND_EXP_OPEN:
	case BLK_ZONE_COND_CLOSED:
	case BLK_ZONE_COND_FULL:
		break;
	default:
		spin_unlock(&zs->res_lock);
		return BLK_STS_IOERR;
	}
	ub_zone_set_cond(zs, z, BLK_ZONE_COND_EMPTY);
	z->wp = z->start;
	spin_unlock(&zs->res_lock);
	dev->backend->ops->discard(dev->backend, (u64)z->start << SECTOR_SHIFT,
				   (u64)z->len << SECTOR_SHIFT);
	return BLK_STS_OK;
}

static blk_status_t ub_zone_mgmt(struct uringblk_dev *dev, enum req_op op,
				 sector_t sector)
{
	struct ub_zones *zs = dev->zones;
	struct ub_zone *z;
	blk_status_t st;
	unsigned int i, cnt;

	if (op == REQ_OP_ZONE_RESET_ALL) {
		for (i = zs->nr_conv; i < zs->nr_zones; i++) {
			z = &zs->zones[i];
			mutex_lock(&z->lock);
			ub_zone_reset(dev, z);
			mutex_unlock(&z->lock);
		}
		ub_zone_count(zs, URINGBLK_ZONE_OP_RESET_ALL);
		return BLK_STS_OK;
	}

	z = ub_zone_of(zs, sector);
	if (z->type == BLK_ZONE_TYPE_CONVENTIONAL)
		return BLK_STS_IOERR;
	mutex_lock(&z->lock);
	switch (op) {
	case REQ_OP_ZONE_RESET:
		st = ub_zone_reset(dev, z);
		cnt = URINGBLK_ZONE_OP_RESET;
		break;
	case REQ_OP_ZONE_OPEN:
		st = ub_zone_open(zs, z);
		cnt = URINGBLK_ZONE_OP_OPEN;
		break;
	case REQ_OP_ZONE_CLOSE:
		spin_lock(&zs->res_lock);
		st = ub_zone_close_locked(zs, z);
		spin_unlock(&zs->res_lock);
		cnt = URINGBLK_ZONE_OP_CLOSE;
		break;
	case REQ_OP_ZONE_FINISH:
		st = ub_zone_finish(zs, z);
		cnt = URINGBLK_ZONE_OP_FINISH;
		break;
	default:
		st = BLK_STS_NOTSUPP;
		cnt = URINGBLK_NR_ZONE_OPS;
	}
	mutex_unlock(&z->lock);
	if (!st && cnt < URINGBLK_NR_ZONE_OPS)
		ub_zone_count(zs, cnt);
	return st;
}

/*
 * zone_readonly / zone_offline (configfs, dev->lock, powered), as
 * null_blk's: the sequential zone holding @sector becomes read-only or
 * offline, giving up the open/active resources it held; when it already
 * is in @cond it becomes EMPTY again, its data dropped.  The zone's
 * mutex waits for a write moving data into it.
 */
int ub_zoned_set_cond(struct uringblk_dev *dev, u64 sector, u8 cond)
{
	struct ub_zones *zs = dev->zones;
	struct ub_zone *z;
	bool empty;

	if (!zs || sector >= get_capacity(dev->disk))
		return -EINVAL;
	z = ub_zone_of(zs, sector);
	if (z->type == BLK_ZONE_TYPE_CONVENTIONAL)
		return -EINVAL;
	mutex_lock(&z->lock);
	spin_lock(&zs->res_lock);
	empty = z->cond == cond;
	ub_zone_set_cond(zs, z, empty ? BLK_ZONE_COND_EMPTY : cond);
	z->wp = empty ? z->start : (sector_t)-1;
	/* Resources may have come free: wake writers waiting for them. */
	zs->busy_seq++;
	spin_unlock(&zs->res_lock);
	wake_up_all(&zs->busy_wq);
	if (empty)
		dev->backend->ops->discard(dev->backend,
					   (u64)z->start << SECTOR_SHIFT,
					   (u64)z->len << SECTOR_SHIFT);
	mutex_unlock(&z->lock);
	return 0;
}

/* A read of an offline zone fails; any other zone reads (no lock). */
blk_status_t ub_zoned_read(struct uringblk_dev *dev, struct request *rq)
{
	struct ub_zone *z = ub_zone_of(dev->zones, blk_rq_pos(rq));

	return READ_ONCE(z->cond) == BLK_ZONE_COND_OFFLINE ? BLK_STS_IOERR :
							     BLK_STS_OK;
}

/*
 * Every request of a zoned device but reads and flushes.  The block
 * layer splits at zone boundaries (chunk_sectors), so a request stays in
 * one zone.  Discard and write-zeroes are not offered on zoned devices.
 */
blk_status_t ub_zoned_execute(struct uringblk_dev *dev, struct request *rq,
			      u64 limit)
{
	switch (req_op(rq)) {
	case REQ_OP_WRITE:
	case REQ_OP_ZONE_APPEND:
		return ub_zone_write(dev, rq, limit);
	case REQ_OP_ZONE_RESET:
	case REQ_OP_ZONE_RESET_ALL:
	case REQ_OP_ZONE_OPEN:
	case REQ_OP_ZONE_CLOSE:
	case REQ_OP_ZONE_FINISH:
		return ub_zone_mgmt(dev, req_op(rq), blk_rq_pos(rq));
	default:
		/* A flush: the zones have nothing to do with it. */
		return dev->backend->ops->queue_rq(dev->backend, rq, limit);
	}
}

/*
 * ZONE_MGMT, without dev->lock (it waits for I/O): through the block
 * layer, whose zone write plugs (6.10+) must see every write pointer
 * move.  The caller holds the disk open (ub_ctl pins the power state).
 */
int ub_zoned_ucmd_mgmt(struct uringblk_dev *dev, const void *payload)
{
	static const enum req_op ops[] = {
		[URINGBLK_ZONE_RESET]	= REQ_OP_ZONE_RESET,
		[URINGBLK_ZONE_OPEN]	= REQ_OP_ZONE_OPEN,
		[URINGBLK_ZONE_CLOSE]	= REQ_OP_ZONE_CLOSE,
		[URINGBLK_ZONE_FINISH]	= REQ_OP_ZONE_FINISH,
	};
	const struct uringblk_zone_mgmt *m = payload;
	struct ub_zones *zs = dev->zones;
	sector_t start, nr;

	if (!zs || m->reserved0 || m->reserved[0] || m->reserved[1] ||
	    !m->action || m->action >= ARRAY_SIZE(ops))
		return -EINVAL;
	/*
	 * All zones only for RESET, which never fails: open, close or
	 * finish over a range stop at the first zone that refuses, and a
	 * failed command must leave no zone changed.
	 */
	if (m->zone == URINGBLK_ZONE_ALL && m->action != URINGBLK_ZONE_RESET)
		return -EINVAL;
	if (m->zone == URINGBLK_ZONE_ALL) {
		start = zs->zones[zs->nr_conv].start;
		nr = get_capacity(dev->disk) - start;
	} else if (m->zone < zs->nr_zones) {
		start = zs->zones[m->zone].start;
		nr = zs->zones[m->zone].len;
	} else {
		return -EINVAL;
	}
	return ub_blkdev_zone_mgmt(dev->disk->part0, ops[m->action], start, nr);
}

/*
 * zone_readonly, zone_offline (as null_blk's): a sector of a sequential
 * zone of the powered device (decimal); see ub_zoned_set_cond().  Not
 * zoned, off, past the end or conventional: EINVAL.  They read as
 * nothing, rather than being write-only as null_blk's, so that a
 * `grep -r .` of the directory does not fail on them.
 */
static ssize_t ub_zone_cond_store(struct config_item *item, const char *page,
				  size_t count, u8 cond)
{
	struct uringblk_dev *dev = to_ub_dev(item);
	u64 sector;
	int ret;

	ret = ub_parse_u64(page, count, false, &sector);
	if (ret)
		return ret;
	mutex_lock(&dev->lock);
	ret = dev->powered ? ub_zoned_set_cond(dev, sector, cond) : -EINVAL;
	mutex_unlock(&dev->lock);
	return ret ?: count;
}

static ssize_t uringblk_zone_readonly_store(struct config_item *item,
					    const char *page, size_t count)
{
	return ub_zone_cond_store(item, page, count, BLK_ZONE_COND_READONLY);
}

static ssize_t uringblk_zone_readonly_show(struct config_item *item,
					   char *page)
{
	return 0;
}

UB_CONFIGFS_ATTR(zone_readonly);

static ssize_t uringblk_zone_offline_store(struct config_item *item,
					   const char *page, size_t count)
{
	return ub_zone_cond_store(item, page, count, BLK_ZONE_COND_OFFLINE);
}

static ssize_t uringblk_zone_offline_show(struct config_item *item,
					  char *page)
{
	return 0;
}

UB_CONFIGFS_ATTR(zone_offline);
