// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection: live rules by operation, LBA range, probability, count
 * and delay, as configfs groups under <device>/faults/ (mkdir, rmdir) or
 * made over the admin plane (URINGBLK_UCMD_FAULT_ADD/LIST/DEL, in
 * faults_admin.c).  This file: matching on the request path, what a
 * matching rule does to the request, and the configfs rule directories.
 *
 * The request path pays one atomic_read() while no rule is armed; with
 * rules it walks the list under RCU, no lock, with the per-CPU random
 * state of get_random_u32_below().  Rule attributes only change while the
 * rule is disabled, disabling waits for RCU readers, and a reader copies
 * an enabled rule's fields once: what it applies is what was armed.
 *
 * Rules made over io_uring are kernel-made configfs groups: users cannot
 * rmdir them (EPERM), FAULT_DEL removes them (the device must be powered
 * for its control device to exist).  While any exists the device
 * directory is pinned (configfs_depend_item), so an rmdir of the device
 * cannot detach them behind our back: it gets EBUSY.
 */
#include <linux/blk-mq.h>
#include <linux/delay.h>
#include <linux/highmem.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "backend.h"
#include "parse.h"
#include "uringblk.h"

#define UB_FAULT_TYPE(c, n)						\
	[URINGBLK_FAULT_##c] = #n,
static const char *const ub_fault_type_names[URINGBLK_NR_FAULT_TYPES] = {
#include "fault_type_list.h"
};

#undef UB_FAULT_TYPE

static inline struct ub_fault *to_ub_fault(struct config_item *item)
{
	return container_of(to_config_group(item), struct ub_fault, group);
}

/* The request path */

/*
 * Does @t, a copy of an armed rule's fields, cover this request?  The
 * caller read them once after seeing the rule enabled (acquire), so they
 * are the fields the rule was armed with.
 */
static bool ub_fault_applies(const struct ub_fault_hit *t, u32 ops, int op,
			     u64 first, u64 last)
{
	if (!(ops & BIT(op)))
		return false;
	/* These two only make sense for one direction. */
	if ((t->type == URINGBLK_FAULT_TORN_WRITE ||
	     t->type == URINGBLK_FAULT_DROP_WRITE) && op != URINGBLK_OP_WRITE)
		return false;
	if (t->type == URINGBLK_FAULT_CORRUPT_READ && op != URINGBLK_OP_READ)
		return false;
	/* Flushes carry no range: any rule covering them matches. */
	if (op != URINGBLK_OP_FLUSH && (last < t->lba_start || first > t->lba_end))
		return false;
	return true;
}

/*
 * Find the first enabled rule for @rq; fills @hit and counts the hit.
 * Called from ->queue_rq (ub_fault_inject) only while nr_armed[op] is
 * not zero.  A rule's fields change only while it is disabled, and
 * disabling waits for readers like this one (ub_fault_set_enabled), so
 * the copy is consistent.
 */
static bool ub_fault_match(struct uringblk_dev *dev, struct request *rq,
			   struct ub_fault_hit *hit)
{
	unsigned int shift = ilog2(dev->cfg.logical_block_size) - SECTOR_SHIFT;
	u64 first = blk_rq_pos(rq) >> shift;
	u64 last = (blk_rq_pos(rq) + max(blk_rq_sectors(rq), 1U) - 1) >> shift;
	int op = ub_rq_op(rq);
	struct ub_fault *f;
	bool found = false;

	if (op < 0)
		return false;
	rcu_read_lock();
	list_for_each_entry_rcu(f, &dev->faults.list, node) {
		struct ub_fault_hit t;
		u32 ppm;
		u64 count, after;

		/* Pairs with the release in ub_fault_set_enabled(). */
		if (!smp_load_acquire(&f->enabled))
			continue;
		t.type = READ_ONCE(f->type);
		t.delay_us = READ_ONCE(f->delay_us);
		t.torn_sectors = READ_ONCE(f->torn_sectors);
		t.lba_start = READ_ONCE(f->lba_start);
		t.lba_end = READ_ONCE(f->lba_end);
		ppm = READ_ONCE(f->probability_ppm);
		count = READ_ONCE(f->count);
		after = READ_ONCE(f->after);
		if (!ub_fault_applies(&t, READ_ONCE(f->ops), op, first, last))
			continue;
		/*
		 * Before the probability draw, so "after" counts requests, not
		 * luck: a test cuts exactly at the Nth flush with after=N-1.
		 */
		if (after && atomic64_inc_return(&f->passed) <= after)
			continue;
		if (ppm < URINGBLK_FAULT_PPM_MAX &&
		    get_random_u32_below(URINGBLK_FAULT_PPM_MAX) >= ppm)
			continue;
		if (count && atomic64_inc_return(&f->hits) > count) {
			/* Used up: give back the hit it did not make. */
			atomic64_dec(&f->hits);
			continue;
		}
		if (!count)
			atomic64_inc(&f->hits);
		*hit = t;
		hit->lba_start = t.lba_start << shift;
		hit->lba_end = t.lba_end >= (U64_MAX >> shift) ? U64_MAX :
			       ((t.lba_end + 1) << shift) - 1;
		found = true;
		break;
	}
	rcu_read_unlock();
	/*
	 * debugfs knob (0: one predictable branch): widen the window between
	 * matching the rule and using its type, outside RCU so the rule may
	 * be disarmed and changed meanwhile; only the copy in @hit counts.
	 * Only where ->queue_rq may sleep (blocking=1).
	 */
	if (unlikely(READ_ONCE(dev->delay_in_match_us)) && found &&
	    dev->cfg.blocking)
		fsleep(READ_ONCE(dev->delay_in_match_us));
	return found;
}

/*
 * Flip the lowest bit of the first byte of every logical block of a
 * successful read that lies in the rule's range: checksums see it, and
 * the data next to it stays intact.
 */
static void ub_fault_corrupt(struct uringblk_dev *dev, struct request *rq,
			     const struct ub_fault_hit *hit)
{
	u32 lbs = dev->cfg.logical_block_size;
	u64 pos = (u64)blk_rq_pos(rq) << SECTOR_SHIFT;
	struct req_iterator iter;
	struct bio_vec bv;

	rq_for_each_segment(bv, rq, iter) {
		u32 off;

		/* Block starts inside this segment (lbs is a power of two). */
		for (off = (lbs - (pos & (lbs - 1))) & (lbs - 1); off < bv.bv_len;
		     off += lbs) {
			u64 sector = (pos + off) >> SECTOR_SHIFT;
			u8 *p;

			if (sector < hit->lba_start || sector > hit->lba_end)
				continue;
			p = kmap_local_page(bv.bv_page);
			p[bv.bv_offset + off] ^= 1;
			kunmap_local(p);
		}
		pos += bv.bv_len;
	}
}

/**
 * ub_fault_inject() - apply the first matching fault rule to a request
 * @dev: the device
 * @rq: a request just started in ->queue_rq
 * @st: the request's status when the rule ends it here
 * @limit: bytes of a read or write the backend may move (torn writes)
 *
 * Called only while a rule is armed.  Errors end the request now; a
 * timeout rule holds it for blk-mq's timeout handler (UB_STS_PENDING in
 * @st); delay, torn-write and corrupt-read rules send it on to the backend
 * and note in the command what happens afterwards: cmd->delay_ns for the
 * completion, cmd->post for ub_fault_done().
 *
 * Return: true when @st holds the outcome, false when the request goes to
 * the backend (no rule matched, or one that acts around the backend).
 */
bool ub_fault_inject(struct uringblk_dev *dev, struct request *rq,
		     blk_status_t *st, u64 *limit)
{
	struct ub_cmd *cmd = blk_mq_rq_to_pdu(rq);
	struct ub_fault_hit hit;

	if (!ub_fault_match(dev, rq, &hit))
		return false;
	cmd->injected = UB_INJ_ERROR;
	switch (hit.type) {
	case URINGBLK_FAULT_MEDIUM_ERROR:
		*st = BLK_STS_MEDIUM;
		return true;
	case URINGBLK_FAULT_NOSPC:
		*st = BLK_STS_NOSPC;
		return true;
	case URINGBLK_FAULT_TIMEOUT:
		*st = READ_ONCE(dev->hold_fail);
		if (*st)
			return true;
		atomic_set(&cmd->held, 1);
		*st = UB_STS_PENDING;
		return true;
	case URINGBLK_FAULT_DELAY:
		cmd->injected = UB_INJ_DELAY;
		cmd->delay_ns = (u64)hit.delay_us * NSEC_PER_USEC;
		return false;
	case URINGBLK_FAULT_TORN_WRITE:
		cmd->post = UB_POST_TORN;
		*limit = (u64)hit.torn_sectors << SECTOR_SHIFT;
		return false;
	case URINGBLK_FAULT_CORRUPT_READ:
		cmd->injected = UB_INJ_NONE;
		cmd->post = UB_POST_CORRUPT;
		cmd->hit = hit;
		return false;
	case URINGBLK_FAULT_POWERFAIL:
		/* Before this request completes: it fails with the rest. */
		ub_power_cut(dev);
		*st = BLK_STS_IOERR;
		return true;
	case URINGBLK_FAULT_DROP_WRITE:
		/* dm-flakey's drop_writes: the writer is told it landed. */
		cmd->injected = UB_INJ_NONE;
		*st = BLK_STS_OK;
		return true;
	default:
		*st = BLK_STS_IOERR;
		return true;
	}
}

/**
 * ub_fault_done() - what a rule does once the backend has finished
 * @rq: a request ub_fault_inject() noted a cmd->post for
 * @status: the backend's status
 *
 * Runs where the backend finished: in ->queue_rq, or in ub_backend_done()
 * in any context.  A torn write fails, whatever moved; a successful
 * corrupt read gets its bits flipped and counts as injected.
 *
 * Return: the request's status.
 */
blk_status_t ub_fault_done(struct request *rq, blk_status_t status)
{
	struct ub_cmd *cmd = blk_mq_rq_to_pdu(rq);

	if (cmd->post == UB_POST_TORN)
		return BLK_STS_IOERR;
	if (cmd->post == UB_POST_CORRUPT && status == BLK_STS_OK) {
		ub_fault_corrupt(rq->q->queuedata, rq, &cmd->hit);
		cmd->injected = UB_INJ_CORRUPT;
	}
	return status;
}

/* configfs: <device>/faults/<rule>/ */

/* Attribute changes: only on a disabled rule, under the faults lock. */
static ssize_t ub_fault_store(struct config_item *item, const char *page,
			      size_t count, int (*apply)(struct ub_fault *f,
							 const char *page,
							 size_t count))
{
	struct ub_fault *f = to_ub_fault(item);
	struct ub_faults *fs = &f->dev->faults;
	int ret;

	mutex_lock(&fs->lock);
	ret = f->enabled ? -EBUSY : apply(f, page, count);
	mutex_unlock(&fs->lock);
	return ret ?: count;
}

static int ub_fault_parse_u64(const char *page, size_t count, u64 max, u64 *v)
{
	int ret = ub_parse_u64(page, count, false, v);

	if (ret)
		return ret;
	return *v > max ? -EINVAL : 0;
}

static int ub_fault_apply_type(struct ub_fault *f, const char *page,
			       size_t count)
{
	int t = ub_parse_word(page, count, ub_fault_type_names,
			      URINGBLK_NR_FAULT_TYPES);

	if (t < 0)
		return t;
	f->type = t;
	return 0;
}

/* "any", or a comma list of operation names. */
static int ub_fault_parse_ops(const char *page, size_t count, u32 *ops)
{
	static const char *const any[] = { "any" };
	size_t start = 0, i;
	u32 mask = 0;

	if (count && page[count - 1] == '\n')
		count--;
	if (ub_parse_word(page, count, any, 1) == 0) {
		*ops = UB_FAULT_ALL_OPS;
		return 0;
	}
	for (i = 0; i <= count; i++) {
		int op;

		if (i < count && page[i] != ',')
			continue;
		op = ub_parse_word(page + start, i - start, ub_op_names,
				   URINGBLK_NR_OPS);
		if (op < 0)
			return -EINVAL;
		mask |= BIT(op);
		start = i + 1;
	}
	*ops = mask;
	return 0;
}

static int ub_fault_apply_ops(struct ub_fault *f, const char *page,
			      size_t count)
{
	return ub_fault_parse_ops(page, count, &f->ops);
}

static int ub_fault_apply_lba_start(struct ub_fault *f, const char *page,
				    size_t count)
{
	u64 v;
	int ret = ub_fault_parse_u64(page, count, U64_MAX - 1, &v);

	if (ret)
		return ret;
	if (v > f->lba_end)
		return -EINVAL;
	f->lba_start = v;
	return 0;
}

static int ub_fault_apply_lba_end(struct ub_fault *f, const char *page,
				  size_t count)
{
	u64 v;
	int ret = ub_fault_parse_u64(page, count, U64_MAX - 1, &v);

	if (ret)
		return ret;
	if (v < f->lba_start)
		return -EINVAL;
	f->lba_end = v;
	return 0;
}

static int ub_fault_apply_probability_ppm(struct ub_fault *f,
					  const char *page, size_t count)
{
	u64 v;
	int ret = ub_fault_parse_u64(page, count, URINGBLK_FAULT_PPM_MAX, &v);

	if (!ret)
		f->probability_ppm = v;
	return ret;
}

static int ub_fault_apply_delay_us(struct ub_fault *f, const char *page,
				   size_t count)
{
	u64 v;
	int ret = ub_fault_parse_u64(page, count, URINGBLK_FAULT_DELAY_MAX, &v);

	if (!ret)
		f->delay_us = v;
	return ret;
}

static int ub_fault_apply_torn_sectors(struct ub_fault *f, const char *page,
				       size_t count)
{
	u64 v;
	int ret = ub_fault_parse_u64(page, count, U32_MAX, &v);

	if (!ret)
		f->torn_sectors = v;
	return ret;
}

static int ub_fault_apply_count(struct ub_fault *f, const char *page,
				size_t count)
{
	return ub_fault_parse_u64(page, count, U64_MAX, &f->count);
}

#define UB_FAULT_ATTR(_name)						\
static ssize_t ub_fault_##_name##_store(struct config_item *item,	\
					const char *page, size_t count)	\
{									\
	return ub_fault_store(item, page, count,			\
			      ub_fault_apply_##_name);			\
}									\
CONFIGFS_ATTR(ub_fault_, _name)

static ssize_t ub_fault_type_show(struct config_item *item, char *page)
{
	return sprintf(page, "%s\n", ub_fault_type_names[to_ub_fault(item)->type]);
}
UB_FAULT_ATTR(type);

static ssize_t ub_fault_ops_show(struct config_item *item, char *page)
{
	u32 ops = to_ub_fault(item)->ops;
	ssize_t len = 0;
	int op;

	if (ops == UB_FAULT_ALL_OPS)
		return sprintf(page, "any\n");
	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		if (ops & BIT(op))
			len += sprintf(page + len, "%s%s", len ? "," : "",
				       ub_op_names[op]);
	}
	return len + sprintf(page + len, "\n");
}
UB_FAULT_ATTR(ops);

static ssize_t ub_fault_lba_start_show(struct config_item *item, char *page)
{
	return sprintf(page, "%llu\n", to_ub_fault(item)->lba_start);
}
UB_FAULT_ATTR(lba_start);

/* Unset, the range runs to the device's last block, whatever its size. */
static ssize_t ub_fault_lba_end_show(struct config_item *item, char *page)
{
	struct ub_fault *f = to_ub_fault(item);
	u64 end = f->lba_end;

	if (end == U64_MAX) {
		struct uringblk_config *c = &f->dev->cfg;

		end = READ_ONCE(c->capacity) / c->logical_block_size - 1;
	}
	return sprintf(page, "%llu\n", end);
}
UB_FAULT_ATTR(lba_end);

static ssize_t ub_fault_probability_ppm_show(struct config_item *item,
					     char *page)
{
	return sprintf(page, "%u\n", to_ub_fault(item)->probability_ppm);
}
UB_FAULT_ATTR(probability_ppm);

static ssize_t ub_fault_delay_us_show(struct config_item *item, char *page)
{
	return sprintf(page, "%u\n", to_ub_fault(item)->delay_us);
}
UB_FAULT_ATTR(delay_us);

static ssize_t ub_fault_torn_sectors_show(struct config_item *item, char *page)
{
	return sprintf(page, "%u\n", to_ub_fault(item)->torn_sectors);
}
UB_FAULT_ATTR(torn_sectors);

static ssize_t ub_fault_count_show(struct config_item *item, char *page)
{
	return sprintf(page, "%llu\n", to_ub_fault(item)->count);
}
UB_FAULT_ATTR(count);

static int ub_fault_apply_after(struct ub_fault *f, const char *page,
				size_t count)
{
	return ub_fault_parse_u64(page, count, U64_MAX, &f->after);
}

static ssize_t ub_fault_after_show(struct config_item *item, char *page)
{
	return sprintf(page, "%llu\n", to_ub_fault(item)->after);
}
UB_FAULT_ATTR(after);

/* An enabled rule counts for each operation it covers (ops is fixed). */
static void ub_fault_count_armed(struct ub_faults *fs, u32 ops, int delta)
{
	int op;

	for (op = 0; op < URINGBLK_NR_OPS; op++)
		if (ops & BIT(op))
			atomic_add(delta, &fs->nr_armed[op]);
}

/* Arm or disarm; the only attribute an armed rule takes. */
void ub_fault_set_enabled(struct ub_fault *f, bool on)
{
	if (f->enabled == on)
		return;
	/*
	 * Hits and passes restart when a rule is armed again, so count and
	 * after mean what they say.
	 */
	if (on) {
		atomic64_set(&f->hits, 0);
		atomic64_set(&f->passed, 0);
	}
	/* Publishes the fields written while disabled (acquire in match). */
	smp_store_release(&f->enabled, on);
	if (on) {
		ub_fault_count_armed(&f->dev->faults, f->ops, 1);
		return;
	}
	ub_fault_count_armed(&f->dev->faults, f->ops, -1);
	/*
	 * Readers that saw it enabled finish before its fields may change:
	 * otherwise a write matched by a delay rule could pick up a new
	 * corrupt_read type and flip bits in the writer's pages.
	 */
	synchronize_rcu();
}

static ssize_t ub_fault_enable_show(struct config_item *item, char *page)
{
	return sprintf(page, "%d\n", READ_ONCE(to_ub_fault(item)->enabled));
}

static ssize_t ub_fault_enable_store(struct config_item *item,
				     const char *page, size_t count)
{
	struct ub_fault *f = to_ub_fault(item);
	bool on;
	int ret = ub_parse_bool(page, count, &on);

	if (ret)
		return ret;
	mutex_lock(&f->dev->faults.lock);
	ub_fault_set_enabled(f, on);
	mutex_unlock(&f->dev->faults.lock);
	return count;
}
CONFIGFS_ATTR(ub_fault_, enable);

static ssize_t ub_fault_hits_show(struct config_item *item, char *page)
{
	return sprintf(page, "%llu\n",
		       (u64)atomic64_read(&to_ub_fault(item)->hits));
}
CONFIGFS_ATTR_RO(ub_fault_, hits);

/*
 * The rule's id (FAULT_LIST, FAULT_DEL): ids grow with creation, so they
 * give the evaluation order, which readdir does not (6.12 lists the
 * newest first, 7.3 the oldest).
 */
static ssize_t ub_fault_id_show(struct config_item *item, char *page)
{
	return sprintf(page, "%u\n", to_ub_fault(item)->id);
}
CONFIGFS_ATTR_RO(ub_fault_, id);

static struct configfs_attribute *ub_fault_attrs[] = {
	&ub_fault_attr_type,
	&ub_fault_attr_ops,
	&ub_fault_attr_lba_start,
	&ub_fault_attr_lba_end,
	&ub_fault_attr_probability_ppm,
	&ub_fault_attr_delay_us,
	&ub_fault_attr_torn_sectors,
	&ub_fault_attr_count,
	&ub_fault_attr_after,
	&ub_fault_attr_enable,
	&ub_fault_attr_hits,
	&ub_fault_attr_id,
	NULL,
};

static void ub_fault_release(struct config_item *item)
{
	struct ub_fault *f = to_ub_fault(item);

	/* The request path may still be looking at it. */
	kfree_rcu(f, rcu);
}

static struct configfs_item_operations ub_fault_item_ops = {
	.release	= ub_fault_release,
};

static const struct config_item_type ub_fault_type = {
	.ct_item_ops	= &ub_fault_item_ops,
	.ct_attrs	= ub_fault_attrs,
	.ct_owner	= THIS_MODULE,
};

struct ub_fault *ub_fault_alloc(struct uringblk_dev *dev, const char *name)
{
	struct ub_fault *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return NULL;
	f->dev = dev;
	f->type = URINGBLK_FAULT_IO_ERROR;
	f->ops = UB_FAULT_ALL_OPS;
	f->lba_end = U64_MAX;
	f->probability_ppm = URINGBLK_FAULT_PPM_MAX;
	INIT_LIST_HEAD(&f->node);
	config_group_init_type_name(&f->group, name, &ub_fault_type);
	return f;
}

/* Append under the lock: creation order is evaluation order. */
void ub_fault_link(struct ub_faults *fs, struct ub_fault *f)
{
	list_add_tail_rcu(&f->node, &fs->list);
	if (f->enabled)
		ub_fault_count_armed(fs, f->ops, 1);
}

void ub_fault_unlink(struct ub_faults *fs, struct ub_fault *f)
{
	ub_fault_set_enabled(f, false);
	list_del_rcu(&f->node);
}

static struct config_group *ub_faults_make_group(struct config_group *group,
						 const char *name)
{
	struct ub_faults *fs = container_of(group, struct ub_faults, group);
	struct uringblk_dev *dev = container_of(fs, struct uringblk_dev, faults);
	struct ub_fault *f;

	if (ub_parse_name(name, strlen(name)))
		return ERR_PTR(-EINVAL);
	f = ub_fault_alloc(dev, name);
	if (!f)
		return ERR_PTR(-ENOMEM);
	mutex_lock(&fs->lock);
	f->id = fs->next_id++;
	ub_fault_link(fs, f);
	mutex_unlock(&fs->lock);
	return &f->group;
}

static void ub_faults_drop_item(struct config_group *group,
				struct config_item *item)
{
	struct ub_faults *fs = container_of(group, struct ub_faults, group);

	mutex_lock(&fs->lock);
	ub_fault_unlink(fs, to_ub_fault(item));
	mutex_unlock(&fs->lock);
	config_item_put(item);
}

static struct configfs_group_operations ub_faults_group_ops = {
	.make_group	= ub_faults_make_group,
	.drop_item	= ub_faults_drop_item,
};

static const struct config_item_type ub_faults_type = {
	.ct_group_ops	= &ub_faults_group_ops,
	.ct_owner	= THIS_MODULE,
};

void ub_faults_init(struct uringblk_dev *dev)
{
	struct ub_faults *fs = &dev->faults;
	int op;

	INIT_LIST_HEAD(&fs->list);
	mutex_init(&fs->lock);
	mutex_init(&fs->admin_lock);
	for (op = 0; op < URINGBLK_NR_OPS; op++)
		atomic_set(&fs->nr_armed[op], 0);
	fs->closed = true;
	config_group_init_type_name(&fs->group, "faults", &ub_faults_type);
	configfs_add_default_group(&fs->group, &dev->group);
}
