// SPDX-License-Identifier: GPL-2.0
/*
 * The admin plane: /dev/uringblk<N>-ctl, a character device per powered
 * disk that takes versioned commands as IORING_OP_URING_CMD or, with the
 * same header and semantics, as ioctl(URINGBLK_UCMD).  The ABI is
 * uapi/linux/uringblk.h; Documentation/admin-plane.md describes it.
 *
 * Lifetime: the control device goes away at power off, but an open file
 * keeps its struct ub_ctl, and that keeps the configfs item (and so the
 * uringblk_dev) alive.  A command checks under dev->lock that the device
 * is still powered with this very control device, else it gets -ENODEV.
 */
#include <linux/blkdev.h>
#include <linux/capability.h>
#include <linux/cdev.h>
#include <linux/compat.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "backend.h"
#include "compat.h"
#include "uringblk.h"
#include "zoned.h"

static_assert(sizeof(struct uringblk_ucmd_hdr) == 16);
static_assert(sizeof(struct uringblk_identify) == 216);
static_assert(sizeof(struct uringblk_stats) == 2696);
static_assert(sizeof(struct uringblk_powerfail_record) == URINGBLK_PAYLOAD_MAX);
static_assert(sizeof(struct uringblk_zone_report) == 4032);
static_assert(sizeof(struct uringblk_zone_mgmt) == 32);
static_assert(sizeof(struct uringblk_fault_rule) == 136);
static_assert(sizeof(struct uringblk_fault_list) == 2192);
static_assert(sizeof(struct uringblk_latency) == 2976);
static_assert(sizeof(struct uringblk_latency_hist) == URINGBLK_PAYLOAD_MAX);
static_assert(URINGBLK_LAT_HIST_PAGE ==
	      ARRAY_SIZE(((struct uringblk_latency_hist *)0)->buckets));

struct ub_ctl {
	struct device dev;
	struct cdev cdev;
	struct uringblk_dev *ub;	/* holds a reference on its config item */
};

static dev_t ub_ctl_devt;
static struct class ub_ctl_class = {
	.name = "uringblk",
};

static void ub_fill_identify(struct uringblk_dev *dev,
			     struct uringblk_identify *id)
{
	const struct uringblk_config *c = &dev->cfg;

	id->size = sizeof(*id);
	id->version = URINGBLK_IDENTIFY_VERSION;
	id->abi_major = URINGBLK_ABI_MAJOR;
	id->abi_minor = URINGBLK_ABI_MINOR;
	strscpy_pad(id->model, "uringblk", sizeof(id->model));
	strscpy_pad(id->serial, dev->name, sizeof(id->serial));
	snprintf(id->firmware, sizeof(id->firmware), "%d.%d.%d",
		 URINGBLK_VERSION_MAJOR, URINGBLK_VERSION_MINOR,
		 URINGBLK_VERSION_PATCH);
	id->capacity_bytes = c->capacity;
	id->capacity_blocks = c->capacity / c->logical_block_size;
	id->logical_block_size = c->logical_block_size;
	id->physical_block_size = c->physical_block_size;
	id->max_sectors = c->max_sectors;
	id->nr_hw_queues = c->nr_hw_queues;
	id->poll_queues = c->poll_queues;
	id->queue_depth = c->queue_depth;
	id->index = c->index;
	id->home_node = c->home_node == UB_NO_NODE ? -1 : (s32)c->home_node;
	id->backend = c->backend;
	id->features = (c->discard ? URINGBLK_F_DISCARD : 0) |
		       (c->write_zeroes ? URINGBLK_F_WRITE_ZEROES : 0) |
		       (c->write_cache ? URINGBLK_F_WRITE_CACHE : 0) |
		       (c->poll_queues ? URINGBLK_F_POLL : 0) |
		       (c->stats ? URINGBLK_F_STATS : 0) | URINGBLK_F_FAULTS |
		       (c->backend == UB_BACKEND_file ? URINGBLK_F_FILE_BACKEND : 0);
	if (dev->zones) {
		const struct ub_zones *zs = dev->zones;

		id->features |= URINGBLK_F_ZONED;
		id->zone_model = 2;	/* BLK_ZONED_HM */
		id->zone_size = zs->zone_size;
		id->zone_capacity = zs->zone_capacity;
		id->nr_zones = zs->nr_zones;
		id->zone_nr_conv = zs->nr_conv;
		id->zone_max_open = zs->max_open;
		id->zone_max_active = zs->max_active;
		id->zone_append_max_sectors = dev->zone_append_max_sectors;
	}
}

/* The volatile cache's counters, as the sysfs files show them. */
void ub_fill_cache_stats(struct uringblk_dev *dev,
			 struct uringblk_cache_stats *st)
{
	struct ub_backend *be = dev->backend;
	const struct ub_pf_record *r = be->record;

	memset(st, 0, sizeof(*st));
	if (be->ops->cache_stats)
		be->ops->cache_stats(be, st);
	st->powerfails = READ_ONCE(be->powerfails);
	if (r) {
		st->last_kept_blocks = r->kept_blocks;
		st->last_dropped_blocks = r->dropped_blocks;
	}
}

static int ub_fill_stats(struct uringblk_dev *dev, struct uringblk_stats *st)
{
	struct ub_counts *c;
	unsigned int op, q;

	c = ub_stats_snapshot(&dev->stats, &st->in_flight);
	if (!c)
		return -ENOMEM;
	st->size = sizeof(*st);
	st->version = URINGBLK_STATS_VERSION;
	st->nr_ops = URINGBLK_NR_OPS;
	st->nr_queues = min(dev->tag_set.nr_hw_queues, URINGBLK_STATS_MAX_QUEUES);
	st->numa_fallback = atomic64_read(&dev->backend->numa_fallback);
	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		st->ops[op].ios = c->ios[op];
		st->ops[op].bytes = c->bytes[op];
		st->ops[op].errors = c->errors[op];
		st->ops[op].injected_errors = c->injected[op];
		st->ops[op].injected_delays = c->delays[op];
		st->ops[op].injected_corruptions = c->corruptions[op];
	}
	for (q = 0; q < st->nr_queues; q++) {
		st->queues[q].dispatched = c->queue[q].dispatched;
		st->queues[q].polled = c->queue[q].polled;
	}
	ub_zoned_fill_stats(dev, &st->zones);
	ub_fill_cache_stats(dev, &st->cache);
	kfree(c);
	return 0;
}

static int ub_fill_latency(struct uringblk_dev *dev, struct uringblk_latency *l)
{
	u64 pct[UB_HIST_NR_PCT];
	unsigned int op, i;

	l->size = sizeof(*l);
	l->version = URINGBLK_LATENCY_VERSION;
	l->nr_ops = URINGBLK_NR_OPS;
	l->nr_buckets = URINGBLK_LAT_BUCKETS;
	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		struct uringblk_op_latency *o = &l->ops[op];
		struct ub_lat *lat = ub_stats_latency(&dev->stats, op);

		if (!lat)
			return -ENOMEM;
		/* The old log2 view, summed from the fine histogram. */
		for (i = 0; i < UB_HIST_BUCKETS; i++)
			o->buckets[ub_hist_log2_bucket(i)] += lat->buckets[i];
		o->count = lat->count;
		ub_lat_percentiles(lat, pct);
		o->p50_ns = pct[0];
		o->p90_ns = pct[1];
		o->p99_ns = pct[2];
		o->p999_ns = pct[3];
		o->p9999_ns = pct[4];
		ub_lat_free(lat);
	}
	return 0;
}

/* One page of one operation's fine histogram; @len bytes go back. */
static int ub_fill_latency_hist_cmd(struct uringblk_dev *dev, void *p,
				    size_t len)
{
	struct uringblk_latency_hist *h = p;
	size_t room = (len - offsetof(struct uringblk_latency_hist, buckets)) /
		      sizeof(h->buckets[0]);
	u64 pct[UB_HIST_NR_PCT];
	struct ub_lat *lat;
	unsigned int i;

	/* Only op, start and the reserved fields are input. */
	if (h->op >= URINGBLK_NR_OPS || h->start >= UB_HIST_BUCKETS ||
	    h->reserved0 || h->reserved[0] || h->reserved[1] || h->reserved[2])
		return -EINVAL;
	lat = ub_stats_latency(&dev->stats, h->op);
	if (!lat)
		return -ENOMEM;
	h->size = sizeof(*h);
	h->version = URINGBLK_LATENCY_HIST_VERSION;
	h->nr_buckets = UB_HIST_BUCKETS;
	h->nr_returned = min3(room, ARRAY_SIZE(h->buckets),
			      (size_t)(UB_HIST_BUCKETS - h->start));
	h->sub_bucket_bits = URINGBLK_LAT_HIST_SUB_BITS;
	h->min_shift = URINGBLK_LAT_HIST_MIN_SHIFT;
	h->max_shift = URINGBLK_LAT_HIST_MAX_SHIFT;
	h->count = lat->count;
	h->sum_ns = lat->sum_ns;
	h->min_ns = lat->min_ns;
	h->max_ns = lat->max_ns;
	h->mean_ns = lat->count ? div64_u64(lat->sum_ns, lat->count) : 0;
	ub_lat_percentiles(lat, pct);
	h->p50_ns = pct[0];
	h->p90_ns = pct[1];
	h->p99_ns = pct[2];
	h->p999_ns = pct[3];
	h->p9999_ns = pct[4];
	for (i = 0; i < h->nr_returned; i++)
		h->buckets[i] = lat->buckets[h->start + i];
	ub_lat_free(lat);
	return 0;
}

static int ub_ctl_identify(struct uringblk_dev *dev, void *p, size_t len)
{
	ub_fill_identify(dev, p);
	return 0;
}

static int ub_ctl_stats(struct uringblk_dev *dev, void *p, size_t len)
{
	return ub_fill_stats(dev, p);
}

static int ub_ctl_reset_stats(struct uringblk_dev *dev, void *p, size_t len)
{
	ub_stats_reset(&dev->stats);
	return 0;
}

static int ub_ctl_latency(struct uringblk_dev *dev, void *p, size_t len)
{
	return ub_fill_latency(dev, p);
}

static int ub_ctl_fault_list(struct uringblk_dev *dev, void *p, size_t len)
{
	return ub_fault_list(dev, p);
}

static int ub_ctl_zone_report(struct uringblk_dev *dev, void *p, size_t len)
{
	return ub_zoned_ucmd_report(dev, p, len);
}

/*
 * Under dev->lock, so power off waits for it and the disk stays; the I/O
 * path never takes dev->lock.
 */
static int ub_ctl_zone_mgmt(struct uringblk_dev *dev, void *p, size_t len)
{
	return ub_zoned_ucmd_mgmt(dev, p);
}

static int ub_ctl_fault_add(struct uringblk_dev *dev, void *p, size_t len)
{
	return ub_fault_add(dev, p);
}

/*
 * After the reply: arm the rule once its id has reached user space, or
 * take it away when the copy failed, so a failed FAULT_ADD has no effect.
 */
static void ub_ctl_fault_add_done(struct uringblk_dev *dev, void *p,
				  bool copied)
{
	struct uringblk_fault_rule *r = p;

	if (!copied)
		ub_fault_del(dev, r->id);
	else if (r->enable)
		ub_fault_arm(dev, r->id);
}

static int ub_ctl_fault_del(struct uringblk_dev *dev, void *p, size_t len)
{
	return ub_fault_del(dev, ((struct uringblk_fault_rule *)p)->id);
}

static int ub_ctl_powerfail(struct uringblk_dev *dev, void *p, size_t len)
{
	return ub_powerfail_now(dev);
}

/* What each opcode takes, and what runs it. */
struct ub_opcode {
	int (*run)(struct uringblk_dev *dev, void *payload, size_t len);
	/* After a successful run: was the reply copied to user space? */
	void (*done)(struct uringblk_dev *dev, void *payload, bool copied);
	size_t payload;		/* size of the payload structure, 0: none */
	size_t input_len;	/* bytes read as input, 0: the whole payload */
	bool mutating;		/* needs CAP_SYS_ADMIN */
	bool input;		/* the payload is read before it is written */
	/*
	 * Runs under dev->lock.  Fault rules are configfs groups and take
	 * configfs locks, which a configfs rmdir holds while it takes
	 * dev->lock: those run unlocked.
	 */
	bool locked;
	bool no_reply;		/* nothing goes back in the payload */
	/* The payload is payload_len bytes of input, at most .payload. */
	bool text;
};

static const struct ub_opcode ub_opcodes[] = {
	[URINGBLK_UCMD_IDENTIFY] = {
		.run = ub_ctl_identify, .locked = true,
		.payload = sizeof(struct uringblk_identify),
	},
	[URINGBLK_UCMD_GET_STATS] = {
		.run = ub_ctl_stats, .locked = true,
		.payload = sizeof(struct uringblk_stats),
	},
	[URINGBLK_UCMD_RESET_STATS] = {
		.run = ub_ctl_reset_stats, .locked = true, .mutating = true,
	},
	[URINGBLK_UCMD_GET_LATENCY] = {
		.run = ub_ctl_latency, .locked = true,
		.payload = sizeof(struct uringblk_latency),
	},
	[URINGBLK_UCMD_GET_LATENCY_HIST] = {
		.run = ub_fill_latency_hist_cmd, .locked = true, .input = true,
		.payload = sizeof(struct uringblk_latency_hist),
		.input_len = offsetof(struct uringblk_latency_hist, buckets),
	},
	[URINGBLK_UCMD_FAULT_ADD] = {
		.run = ub_ctl_fault_add, .done = ub_ctl_fault_add_done,
		.mutating = true, .input = true,
		.payload = sizeof(struct uringblk_fault_rule),
	},
	[URINGBLK_UCMD_FAULT_LIST] = {
		.run = ub_ctl_fault_list, .locked = true,
		.payload = sizeof(struct uringblk_fault_list),
	},
	[URINGBLK_UCMD_FAULT_DEL] = {
		.run = ub_ctl_fault_del, .mutating = true, .input = true,
		.no_reply = true,
		.payload = sizeof(struct uringblk_fault_rule),
	},
	[URINGBLK_UCMD_ZONE_REPORT] = {
		.run = ub_ctl_zone_report, .locked = true, .input = true,
		.payload = sizeof(struct uringblk_zone_report),
		.input_len = offsetof(struct uringblk_zone_report, zones),
	},
	[URINGBLK_UCMD_ZONE_MGMT] = {
		.run = ub_ctl_zone_mgmt, .locked = true, .mutating = true,
		.input = true, .no_reply = true,
		.payload = sizeof(struct uringblk_zone_mgmt),
	},
	[URINGBLK_UCMD_POWERFAIL] = {
		.run = ub_ctl_powerfail, .locked = true, .mutating = true,
	},
	[URINGBLK_UCMD_POWERFAIL_RECORD] = {
		.run = ub_powerfail_ucmd_record, .locked = true, .input = true,
		.payload = sizeof(struct uringblk_powerfail_record),
		.input_len = offsetof(struct uringblk_powerfail_record, runs),
	},
	[URINGBLK_UCMD_LOG_MARK] = {
		.run = ub_logw_ucmd_mark, .locked = true, .mutating = true,
		.input = true, .no_reply = true, .text = true,
		.payload = URINGBLK_LOG_MARK_MAX,
	},
	/* The whole page is input: a short one is refused, not guessed at. */
	[URINGBLK_UCMD_SET_LATENCY_MODEL] = {
		.run = ub_model_ucmd_set, .locked = true, .mutating = true,
		.input = true, .no_reply = true,
		.payload = sizeof(struct uringblk_latency_model),
	},
};

/* Run one command whose header the caller has copied into @h. */
static long ub_ctl_exec(struct ub_ctl *ctl, const struct uringblk_ucmd_hdr *h)
{
	void __user *uptr = u64_to_user_ptr(h->payload_addr);
	struct uringblk_dev *dev = ctl->ub;
	const struct ub_opcode *op;
	void *payload = NULL;
	bool alive, copied;
	size_t len = 0;
	int ret = 0;

	if (h->abi_major != URINGBLK_ABI_MAJOR)
		return -EINVAL;
	if (h->opcode >= ARRAY_SIZE(ub_opcodes))
		return -EOPNOTSUPP;
	op = &ub_opcodes[h->opcode];
	if (!op->run)	/* a hole in the table */
		return -EOPNOTSUPP;
	if (op->mutating && !capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (op->payload && !h->payload_len)
		return -EINVAL;
	if (!op->payload && (h->payload_len || h->payload_addr))
		return -EINVAL;
	if (h->payload_len > URINGBLK_PAYLOAD_MAX)
		return -EOVERFLOW;
	if (op->text && h->payload_len > op->payload)
		return -EINVAL;
	/* An input structure must be there whole: no guessing at missing fields. */
	if (op->input && !op->text &&
	    h->payload_len < (op->input_len ?: op->payload))
		return -EINVAL;

	if (op->payload) {
		/* Zeroed: padding and unused fields never leak kernel memory. */
		payload = kzalloc(op->payload, GFP_KERNEL);
		if (!payload)
			return -ENOMEM;
		len = min_t(size_t, h->payload_len, op->payload);
		/* Copied once; only this copy is validated and used. */
		if (op->input &&
		    copy_from_user(payload, uptr, op->input_len ?: len)) {
			ret = -EFAULT;
			goto out;
		}
	}

	mutex_lock(&dev->lock);
	alive = dev->powered && dev->ctl == ctl;
	if (alive && op->locked)
		ret = op->run(dev, payload, len);
	mutex_unlock(&dev->lock);
	if (!alive) {
		ret = -ENODEV;
		goto out;
	}
	if (!op->locked)
		ret = op->run(dev, payload, len);
	if (op->no_reply)
		len = 0;

	/* Copy out without dev->lock: a fault here may need I/O. */
	copied = !ret && !(len && copy_to_user(uptr, payload, len));
	if (!ret && op->done)
		op->done(dev, payload, copied);
	if (!ret && !copied)
		ret = -EFAULT;
out:
	kfree(payload);
	return ret ?: len;
}

static int ub_ctl_uring_cmd(struct io_uring_cmd *ioucmd,
			    unsigned int issue_flags)
{
	const struct uringblk_ucmd_hdr *sqe = ub_uring_cmd_area(ioucmd, struct uringblk_ucmd_hdr);
	struct uringblk_ucmd_hdr h;
	long ret;

	/* Commands take dev->lock and allocate: let io-wq run them. */
	if (issue_flags & IO_URING_F_NONBLOCK)
		return -EAGAIN;
	if (ioucmd->cmd_op != URINGBLK_UCMD) {
		ret = -EOPNOTSUPP;
		goto done;
	}
	/* The SQE is shared with user space: read each field exactly once. */
	h.abi_major = READ_ONCE(sqe->abi_major);
	h.abi_minor = READ_ONCE(sqe->abi_minor);
	h.opcode = READ_ONCE(sqe->opcode);
	h.payload_len = READ_ONCE(sqe->payload_len);
	h.payload_addr = READ_ONCE(sqe->payload_addr);
	ret = ub_ctl_exec(ioucmd->file->private_data, &h);
done:
	/*
	 * Complete through io_uring_cmd_done(), as ublk does: 6.1 does not
	 * post a positive result returned straight from ->uring_cmd.
	 */
	ub_uring_cmd_done(ioucmd, ret, issue_flags);
	return -EIOCBQUEUED;
}

static long ub_ctl_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	struct uringblk_ucmd_hdr h;

	if (cmd != URINGBLK_UCMD)
		return -ENOTTY;
	if (copy_from_user(&h, (void __user *)arg, sizeof(h)))
		return -EFAULT;
	return ub_ctl_exec(file->private_data, &h);
}

static int ub_ctl_open(struct inode *inode, struct file *file)
{
	struct ub_ctl *ctl = container_of(inode->i_cdev, struct ub_ctl, cdev);

	get_device(&ctl->dev);
	file->private_data = ctl;
	return 0;
}

static int ub_ctl_release(struct inode *inode, struct file *file)
{
	struct ub_ctl *ctl = file->private_data;

	put_device(&ctl->dev);
	return 0;
}

static const struct file_operations ub_ctl_fops = {
	.owner		= THIS_MODULE,
	.open		= ub_ctl_open,
	.release	= ub_ctl_release,
	.unlocked_ioctl	= ub_ctl_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.uring_cmd	= ub_ctl_uring_cmd,
	.llseek		= noop_llseek,
};

static void ub_ctl_dev_release(struct device *d)
{
	struct ub_ctl *ctl = container_of(d, struct ub_ctl, dev);

	config_item_put(&ctl->ub->group.cg_item);
	kfree(ctl);
}

/* Called with dev->lock held, after the disk is added. */
int ub_ctl_add(struct uringblk_dev *dev)
{
	struct ub_ctl *ctl = kzalloc(sizeof(*ctl), GFP_KERNEL);
	int ret;

	if (!ctl)
		return -ENOMEM;
	ctl->ub = dev;
	config_item_get(&dev->group.cg_item);
	device_initialize(&ctl->dev);
	ctl->dev.class = &ub_ctl_class;
	ctl->dev.devt = MKDEV(MAJOR(ub_ctl_devt), dev->cfg.index);
	ctl->dev.release = ub_ctl_dev_release;
	ret = dev_set_name(&ctl->dev, URINGBLK_DISK_PREFIX "%llu-ctl",
			   dev->cfg.index);
	if (ret)
		goto put;
	cdev_init(&ctl->cdev, &ub_ctl_fops);
	ctl->cdev.owner = THIS_MODULE;
	ret = cdev_device_add(&ctl->cdev, &ctl->dev);
	if (ret)
		goto put;
	dev->ctl = ctl;
	return 0;
put:
	put_device(&ctl->dev);
	return ret;
}

/* Called with dev->lock held; open files keep working and get -ENODEV. */
void ub_ctl_remove(struct uringblk_dev *dev)
{
	struct ub_ctl *ctl = dev->ctl;

	if (!ctl)
		return;
	cdev_device_del(&ctl->cdev, &ctl->dev);
	dev->ctl = NULL;
	put_device(&ctl->dev);
}

int ub_ctl_init(void)
{
	int ret;

	ret = alloc_chrdev_region(&ub_ctl_devt, 0, URINGBLK_INDEX_MAX + 1,
				  URINGBLK_DISK_PREFIX "-ctl");
	if (ret)
		return ret;
	ret = class_register(&ub_ctl_class);
	if (ret)
		unregister_chrdev_region(ub_ctl_devt, URINGBLK_INDEX_MAX + 1);
	return ret;
}

void ub_ctl_exit(void)
{
	class_unregister(&ub_ctl_class);
	unregister_chrdev_region(ub_ctl_devt, URINGBLK_INDEX_MAX + 1);
}
