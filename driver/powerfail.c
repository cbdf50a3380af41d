// SPDX-License-Identifier: GPL-2.0
/*
 * Power failure (Documentation/powerfail.md): the `powerfail` file, the
 * POWERFAIL admin command or a `powerfail` fault rule cuts the power of a
 * powered device with volatile_cache=1; `powerfail_policy` (with
 * powerfail_keep_pct and powerfail_seed for random) says what a block not
 * yet durable reads as after the next power on.  From the cut every
 * request, in flight or new, ends with EIO (the disk is gone; blkmq.c
 * checks dev->powerfailed where requests end); `power 0` then `power 1`
 * brings the device back with the policy applied by the memory backend,
 * which keeps the durable copies (mem_cache.c) and records here what it
 * kept and dropped: debugfs powerfail_record, POWERFAIL_RECORD.
 */
#include <linux/configfs.h>
#include <linux/debugfs.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "backend.h"
#include "parse.h"
#include "uringblk.h"

static const char *const ub_powerfail_policies[UB_POWERFAIL_NR] = {
	[URINGBLK_POWERFAIL_DROP] = "drop",
	[URINGBLK_POWERFAIL_KEEP] = "keep",
	[URINGBLK_POWERFAIL_RANDOM] = "random",
};

/*
 * random: is the block at @sector kept?  A pure function of the seed and
 * the sector (splitmix64's finalizer over both), not of timing or order,
 * so the same seed decides every block the same way in every run.
 */
bool ub_pf_keep(const struct ub_pf_params *pf, u64 sector)
{
	u64 x;

	if (pf->policy != URINGBLK_POWERFAIL_RANDOM)
		return pf->policy == URINGBLK_POWERFAIL_KEEP;
	x = pf->seed * 0x9e3779b97f4a7c15ULL + sector;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return (u32)(x >> 32) % 100 < pf->keep_pct;
}

struct ub_pf_record *ub_pf_record_new(const struct ub_backend *be)
{
	struct ub_pf_record *r = kzalloc(sizeof(*r), GFP_KERNEL);

	if (r) {
		r->id = be->powerfails;
		r->pf = be->pf;
	}
	return r;
}

void ub_pf_record_free(struct ub_pf_record *r)
{
	if (r)
		kvfree(r->runs);
	kfree(r);
}

/* Double the room for runs, up to UB_PF_RECORD_MAX. */
static bool ub_pf_grow(struct ub_pf_record *r)
{
	u32 cap = r->cap ? min_t(u32, r->cap * 2, UB_PF_RECORD_MAX) : 256;
	struct uringblk_powerfail_run *runs;

	if (cap <= r->cap)
		return false;
	runs = kvmalloc_array(cap, sizeof(*runs), GFP_KERNEL);
	if (!runs)
		return false;
	if (r->nr)
		memcpy(runs, r->runs, r->nr * sizeof(*runs));
	kvfree(r->runs);
	r->runs = runs;
	r->cap = cap;
	return true;
}

/*
 * The power on kept (or dropped) the block of @nr_sectors at @sector:
 * count it, and extend the last run or start one; past the room there is
 * the record is truncated, the counts stay exact.
 */
void ub_pf_note(struct ub_pf_record *r, u64 sector, u32 nr_sectors, bool kept)
{
	struct uringblk_powerfail_run *last = r->nr ? &r->runs[r->nr - 1] : NULL;

	if (kept)
		r->kept_blocks++;
	else
		r->dropped_blocks++;
	if (last && last->kept == kept &&
	    last->sector + last->nr_sectors == sector &&
	    last->nr_sectors <= U32_MAX - nr_sectors) {
		last->nr_sectors += nr_sectors;
		return;
	}
	if (r->truncated || (r->nr == r->cap && !ub_pf_grow(r))) {
		r->truncated = true;
		return;
	}
	r->runs[r->nr++] = (struct uringblk_powerfail_run){
		.sector = sector, .nr_sectors = nr_sectors, .kept = kept,
	};
}

/**
 * ub_power_cut() - the power fails now
 * @dev: a powered device
 *
 * Any context (a `powerfail` fault rule calls it from ->queue_rq): the
 * backend stops making anything durable, then every request that starts
 * or ends fails with EIO; requests a timeout rule holds end from
 * ub_powerfail_work().
 * Without volatile_cache there is no cache to lose: nothing happens.
 */
void ub_power_cut(struct uringblk_dev *dev)
{
	struct ub_backend *be = dev->backend;

	if (!dev->cfg.volatile_cache)
		return;
	/* Two rules (or a rule and the file) at once: one power failure. */
	if (xchg(&be->power_cut, 1))
		return;
	WRITE_ONCE(be->powerfails, be->powerfails + 1);
	WRITE_ONCE(dev->powerfailed, true);
	schedule_work(&dev->powerfail_work);
}

/*
 * After a cut: requests timeout rules hold end now, with EIO, as every
 * other request does.  The file and the admin command do it themselves
 * (the work then finds none); a rule's cut runs in ->queue_rq, which
 * cannot quiesce its own queue.  Power off or on since: nothing to do.
 */
void ub_powerfail_work(struct work_struct *work)
{
	struct uringblk_dev *dev = container_of(work, struct uringblk_dev,
						powerfail_work);

	mutex_lock(&dev->lock);
	if (dev->powered && READ_ONCE(dev->powerfailed)) {
		ub_release_held(dev, BLK_STS_IOERR);
		ub_hold_again(dev);
	}
	mutex_unlock(&dev->lock);
}

/*
 * The cut of the `powerfail` file and of POWERFAIL, under dev->lock.
 * Only a powered device with a volatile cache can lose power: anything
 * else has nothing to lose (EINVAL).  A second cut before power 0 finds
 * the disk gone already and does nothing.
 */
int ub_powerfail_now(struct uringblk_dev *dev)
{
	lockdep_assert_held(&dev->lock);
	if (!dev->powered || !dev->cfg.volatile_cache)
		return -EINVAL;
	if (!READ_ONCE(dev->powerfailed)) {
		ub_power_cut(dev);
		/* Requests timeout rules hold end now, with EIO. */
		ub_release_held(dev, BLK_STS_IOERR);
		ub_hold_again(dev);
	}
	return 0;
}

static ssize_t uringblk_powerfail_store(struct config_item *item,
					const char *page, size_t count)
{
	struct uringblk_dev *dev = to_ub_dev(item);
	bool on;
	int ret = ub_parse_bool(page, count, &on);

	if (ret)
		return ret;
	if (!on)
		return -EINVAL;
	mutex_lock(&dev->lock);
	ret = ub_powerfail_now(dev);
	mutex_unlock(&dev->lock);
	return ret ?: count;
}

static ssize_t uringblk_powerfail_show(struct config_item *item, char *page)
{
	return sprintf(page, "%d\n", READ_ONCE(to_ub_dev(item)->powerfailed));
}

UB_CONFIGFS_ATTR(powerfail);

/* Live: it is read at the power on after a cut. */
static ssize_t uringblk_powerfail_policy_store(struct config_item *item,
					       const char *page, size_t count)
{
	struct uringblk_dev *dev = to_ub_dev(item);
	int p = ub_parse_word(page, count, ub_powerfail_policies,
			      UB_POWERFAIL_NR);

	if (p < 0)
		return p;
	mutex_lock(&dev->lock);
	dev->powerfail_policy = p;
	mutex_unlock(&dev->lock);
	return count;
}

static ssize_t uringblk_powerfail_policy_show(struct config_item *item,
					      char *page)
{
	return sprintf(page, "%s\n",
		       ub_powerfail_policies[to_ub_dev(item)->powerfail_policy]);
}

UB_CONFIGFS_ATTR(powerfail_policy);

/*
 * POWERFAIL_RECORD: one page of the record (uapi/linux/uringblk.h), under
 * dev->lock while powered: the record changes only at a power on.
 */
int ub_powerfail_ucmd_record(struct uringblk_dev *dev, void *p, size_t len)
{
	struct uringblk_powerfail_record *pr = p;
	const struct ub_pf_record *r = dev->backend->record;
	size_t room = (len - offsetof(struct uringblk_powerfail_record, runs)) /
		      sizeof(pr->runs[0]);
	u32 nr = r ? r->nr : 0;

	if (pr->reserved0 || pr->reserved[0] || pr->reserved[1] ||
	    pr->start > nr)
		return -EINVAL;
	pr->size = sizeof(*pr);
	pr->version = URINGBLK_POWERFAIL_RECORD_VERSION;
	pr->nr_runs = nr;
	pr->nr_returned = min3(room, ARRAY_SIZE(pr->runs),
			       (size_t)(nr - pr->start));
	if (!r)
		return 0;
	pr->policy = r->pf.policy;
	pr->keep_pct = r->pf.keep_pct;
	pr->seed = r->pf.seed;
	pr->flags = r->truncated ? URINGBLK_POWERFAIL_TRUNCATED : 0;
	pr->id = r->id;
	pr->kept_blocks = r->kept_blocks;
	pr->dropped_blocks = r->dropped_blocks;
	memcpy(pr->runs, r->runs + pr->start,
	       pr->nr_returned * sizeof(pr->runs[0]));
	return 0;
}

/*
 * debugfs powerfail_record: a header line, then one line per run.  No
 * dev->lock (debugfs removal at power off waits for readers while it
 * holds it): the file exists only while powered, and the record changes
 * only at a power on.
 */
static int ub_powerfail_record_show(struct seq_file *m, void *v)
{
	struct uringblk_dev *dev = m->private;
	const struct ub_pf_record *r = dev->backend->record;
	u32 i;

	if (!r) {
		seq_puts(m, "id 0\n");
		return 0;
	}
	seq_printf(m, "id %llu policy %s seed %llu keep_pct %u kept_blocks %llu dropped_blocks %llu runs %u truncated %d\n",
		   r->id, ub_powerfail_policies[r->pf.policy], r->pf.seed,
		   r->pf.keep_pct, r->kept_blocks, r->dropped_blocks, r->nr,
		   r->truncated);
	for (i = 0; i < r->nr; i++)
		seq_printf(m, "%s %llu %u\n", r->runs[i].kept ? "kept" : "dropped",
			   r->runs[i].sector, r->runs[i].nr_sectors);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ub_powerfail_record);

void ub_powerfail_debugfs_add(struct uringblk_dev *dev)
{
	debugfs_create_file("powerfail_record", 0444, dev->debugfs, dev,
			    &ub_powerfail_record_fops);
}
