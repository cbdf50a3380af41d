// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the zone table (zoned.c keeps it): the block layer's
 * ->report_zones, the admin plane's ZONE_REPORT and GET_STATS zone
 * counts, and debugfs zone_resources.  A report copies each zone under
 * its mutex, so it never sees a write pointer half way through a write.
 */
#include <linux/blkdev.h>
#include <linux/seq_file.h>

#include "uringblk.h"
#include "zoned.h"

static void ub_zone_to_blk(const struct ub_zone *z, struct blk_zone *b)
{
	memset(b, 0, sizeof(*b));
	b->start = z->start;
	b->len = z->len;
	b->capacity = z->capacity;
	b->wp = z->wp;
	b->type = z->type;
	b->cond = z->cond;
}

/**
 * ub_zoned_report() - block_device_operations.report_zones
 * @disk: the zoned disk
 * @sector: a sector of the first zone to report
 * @nr: at most this many zones
 * @cb: called for each zone with a copy the caller may change
 * @data: passed to @cb
 *
 * Return: the number of zones reported, or the first error of @cb.
 */
int ub_zoned_report(struct gendisk *disk, sector_t sector, unsigned int nr,
		    report_zones_cb cb, void *data)
{
	struct uringblk_dev *dev = disk->private_data;
	unsigned int first, i;
	struct ub_zones *zs;
	struct blk_zone b;
	int ret = 0;

	/*
	 * @cb may block in copy_to_user() for as long as user space likes
	 * (a userfaultfd page): hold the table, not the device.
	 */
	rcu_read_lock();
	/* Pairs with the release in ub_zoned_power_on(): a whole table. */
	zs = smp_load_acquire(&dev->zones);
	if (zs && !refcount_inc_not_zero(&zs->ref))
		zs = NULL;
	rcu_read_unlock();
	if (!zs)
		return -ENODEV;
	first = sector >> zs->zone_shift;
	if (first >= zs->nr_zones)
		goto out;
	nr = min(nr, zs->nr_zones - first);
	for (i = 0; i < nr; i++) {
		struct ub_zone *z = &zs->zones[first + i];

		mutex_lock(&z->lock);
		ub_zone_to_blk(z, &b);
		mutex_unlock(&z->lock);
		ret = cb(&b, i, data);
		if (ret)
			goto out;
	}
	ret = nr;
out:
	ub_zones_put(zs);
	return ret;
}

/*
 * debugfs zone_resources: the open/active counts the limits use, so a
 * test can check them against the conditions a zone report shows.
 */
void ub_zoned_debugfs_show(struct seq_file *m, struct uringblk_dev *dev)
{
	struct ub_zones *zs = dev->zones;

	if (!zs)
		return;
	spin_lock(&zs->res_lock);
	seq_printf(m, "imp_open %u\nexp_open %u\nclosed %u\n",
		   zs->nr_imp_open, zs->nr_exp_open, zs->nr_closed);
	spin_unlock(&zs->res_lock);
}

/* GET_STATS: zone operation counts and zones per condition (dev->lock). */
void ub_zoned_fill_stats(struct uringblk_dev *dev,
			 struct uringblk_zone_stats *out)
{
	struct ub_zones *zs = dev->zones;
	unsigned int i;

	if (!zs)
		return;
	out->nr_zones = zs->nr_zones;
	for (i = 0; i < zs->nr_zones; i++)
		out->cond[READ_ONCE(zs->zones[i].cond) &
			  (URINGBLK_ZONE_NR_CONDS - 1)]++;
	spin_lock(&zs->res_lock);
	for (i = 0; i < URINGBLK_NR_ZONE_OPS; i++)
		out->ops[i] = zs->ops[i];
	spin_unlock(&zs->res_lock);
}

/* ZONE_REPORT: a page of the zone table from start_zone (dev->lock). */
int ub_zoned_ucmd_report(struct uringblk_dev *dev, void *payload, size_t len)
{
	struct uringblk_zone_report *r = payload;
	struct ub_zones *zs = dev->zones;
	unsigned int i, room;

	if (!zs || r->reserved0 || r->reserved1 || r->reserved ||
	    r->start_zone >= zs->nr_zones)
		return -EINVAL;
	room = (len - offsetof(struct uringblk_zone_report, zones)) /
	       sizeof(r->zones[0]);
	r->size = sizeof(*r);
	r->version = URINGBLK_ZONE_REPORT_VERSION;
	r->nr_zones = zs->nr_zones;
	r->nr_returned = min(room, zs->nr_zones - r->start_zone);
	for (i = 0; i < r->nr_returned; i++) {
		struct ub_zone *z = &zs->zones[r->start_zone + i];
		struct uringblk_zone *o = &r->zones[i];

		mutex_lock(&z->lock);
		o->start = z->start;
		o->len = z->len;
		o->capacity = z->capacity;
		o->wp = z->wp;
		o->type = z->type;
		o->cond = z->cond;
		mutex_unlock(&z->lock);
	}
	return 0;
}
