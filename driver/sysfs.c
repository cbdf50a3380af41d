// SPDX-License-Identifier: GPL-2.0
/*
 * Statistics outside the admin plane: /sys/block/<disk>/uringblk/ with one
 * value per file, and the latency histograms as a table in
 * /sys/kernel/debug/uringblk/<disk>/latency (log2 rows and percentiles)
 * and latency_hist (the fine buckets).  They read the same snapshots as
 * GET_STATS, GET_LATENCY and GET_LATENCY_HIST, so the numbers agree.
 *
 * These readers never take dev->lock: del_gendisk() and debugfs removal
 * wait for readers while power off holds it.  The statistics live as long
 * as the configfs directory, which outlives the disk.
 */
#include <linux/blkdev.h>
#include <linux/debugfs.h>
#include <linux/math64.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "backend.h"
#include "uringblk.h"
#include "zoned.h"

enum ub_stat_field {
	UB_IOS, UB_BYTES, UB_ERRORS, UB_INJECTED, UB_DELAYS, UB_CORRUPTIONS,
};

struct ub_stat_attr {
	struct device_attribute attr;
	int op;				/* URINGBLK_OP_*, or -1 for totals */
	enum ub_stat_field field;
};

static struct uringblk_dev *ub_from_device(struct device *d)
{
	return dev_to_disk(d)->private_data;
}

static ssize_t ub_stat_show(struct device *d, struct device_attribute *attr,
			    char *buf)
{
	struct ub_stat_attr *sa = container_of(attr, struct ub_stat_attr, attr);
	struct ub_counts *c;
	u64 val, in_flight;

	c = ub_stats_snapshot(&ub_from_device(d)->stats, &in_flight);
	if (!c)
		return -ENOMEM;
	switch (sa->field) {
	case UB_IOS:
		val = c->ios[sa->op];
		break;
	case UB_BYTES:
		val = c->bytes[sa->op];
		break;
	case UB_ERRORS:
		val = c->errors[sa->op];
		break;
	case UB_INJECTED:
		val = c->injected[sa->op];
		break;
	case UB_DELAYS:
		val = c->delays[sa->op];
		break;
	default:
		val = c->corruptions[sa->op];
		break;
	}
	kfree(c);
	return sysfs_emit(buf, "%llu\n", val);
}

static const char *const ub_field_names[] = {
	[UB_IOS] = "ios", [UB_BYTES] = "bytes", [UB_ERRORS] = "errors",
	[UB_INJECTED] = "injected_errors", [UB_DELAYS] = "injected_delays",
	[UB_CORRUPTIONS] = "injected_corruptions",
};

#define UB_NR_STAT_ATTRS	(URINGBLK_NR_OPS * ARRAY_SIZE(ub_field_names))

/* <op>_<field> files, named and filled in by ub_sysfs_init(). */
static struct ub_stat_attr ub_stat_attrs[UB_NR_STAT_ATTRS];
static char ub_stat_names[UB_NR_STAT_ATTRS][32];

/* Totals over the hardware queues, and in_flight. */
static ssize_t ub_queue_total_show(struct device *d, char *buf, bool polled,
				   bool in_flight_only)
{
	struct ub_counts *c;
	unsigned int q;
	u64 val = 0, in_flight;

	c = ub_stats_snapshot(&ub_from_device(d)->stats, &in_flight);
	if (!c)
		return -ENOMEM;
	for (q = 0; q < ub_stats_nr_queues(); q++)
		val += polled ? c->queue[q].polled : c->queue[q].dispatched;
	kfree(c);
	return sysfs_emit(buf, "%llu\n", in_flight_only ? in_flight : val);
}

static ssize_t dispatched_show(struct device *d, struct device_attribute *a,
			       char *buf)
{
	return ub_queue_total_show(d, buf, false, false);
}
static DEVICE_ATTR_RO(dispatched);

static ssize_t polled_show(struct device *d, struct device_attribute *a,
			   char *buf)
{
	return ub_queue_total_show(d, buf, true, false);
}
static DEVICE_ATTR_RO(polled);

static ssize_t in_flight_show(struct device *d, struct device_attribute *a,
			      char *buf)
{
	return ub_queue_total_show(d, buf, false, true);
}
static DEVICE_ATTR_RO(in_flight);

static ssize_t name_show(struct device *d, struct device_attribute *a,
			 char *buf)
{
	return sysfs_emit(buf, "%s\n", ub_from_device(d)->name);
}
static DEVICE_ATTR_RO(name);

static ssize_t abi_version_show(struct device *d, struct device_attribute *a,
				char *buf)
{
	return sysfs_emit(buf, "%d.%d\n", URINGBLK_ABI_MAJOR, URINGBLK_ABI_MINOR);
}
static DEVICE_ATTR_RO(abi_version);

/* Data pages the backend had to place off home_node (it was full). */
static ssize_t numa_fallback_show(struct device *d, struct device_attribute *a,
				  char *buf)
{
	struct ub_backend *be = ub_from_device(d)->backend;

	return sysfs_emit(buf, "%lld\n", (s64)atomic64_read(&be->numa_fallback));
}
static DEVICE_ATTR_RO(numa_fallback);

/*
 * The volatile cache's counters (struct uringblk_cache_stats, filled as
 * GET_STATS fills it), one file per field.
 */
struct ub_cache_attr {
	struct device_attribute attr;
	size_t off;
};

static ssize_t ub_cache_show(struct device *d, struct device_attribute *attr,
			     char *buf)
{
	struct ub_cache_attr *ca = container_of(attr, struct ub_cache_attr, attr);
	struct uringblk_cache_stats st;

	ub_fill_cache_stats(ub_from_device(d), &st);
	return sysfs_emit(buf, "%llu\n", *(u64 *)((char *)&st + ca->off));
}

#define UB_CACHE_ATTR(_name, _field)					\
static struct ub_cache_attr ub_cache_attr_##_name = {			\
	.attr = __ATTR(_name, 0444, ub_cache_show, NULL),		\
	.off = offsetof(struct uringblk_cache_stats, _field),		\
}

UB_CACHE_ATTR(cache_dirty_bytes, dirty_bytes);
UB_CACHE_ATTR(cache_shadow_bytes, shadow_bytes);
UB_CACHE_ATTR(cache_flushes, flushes);
UB_CACHE_ATTR(cache_writeback_bytes, writebacks);
UB_CACHE_ATTR(powerfails, powerfails);
UB_CACHE_ATTR(powerfail_kept_blocks, last_kept_blocks);
UB_CACHE_ATTR(powerfail_dropped_blocks, last_dropped_blocks);

/* The fixed files, then the <op>_<field> ones, then NULL. */
#define UB_NR_FIXED	13
static struct attribute *ub_disk_attrs[UB_NR_FIXED + UB_NR_STAT_ATTRS + 1] = {
	&dev_attr_name.attr,
	&dev_attr_abi_version.attr,
	&dev_attr_in_flight.attr,
	&dev_attr_dispatched.attr,
	&dev_attr_polled.attr,
	&dev_attr_numa_fallback.attr,
	&ub_cache_attr_cache_dirty_bytes.attr.attr,
	&ub_cache_attr_cache_shadow_bytes.attr.attr,
	&ub_cache_attr_cache_flushes.attr.attr,
	&ub_cache_attr_cache_writeback_bytes.attr.attr,
	&ub_cache_attr_powerfails.attr.attr,
	&ub_cache_attr_powerfail_kept_blocks.attr.attr,
	&ub_cache_attr_powerfail_dropped_blocks.attr.attr,
};

static const struct attribute_group ub_disk_group = {
	.name	= "uringblk",
	.attrs	= ub_disk_attrs,
};

const struct attribute_group *ub_disk_groups[] = {
	&ub_disk_group,
	NULL,
};

/*
 * debugfs latency: the log2 view as a table, one row per power of two
 * with a count per operation (summed from the fine buckets), then a line
 * per operation with the exact min, mean and max and the percentiles.
 */
static int ub_latency_show(struct seq_file *m, void *v)
{
	struct uringblk_dev *dev = m->private;
	u64 (*log2)[URINGBLK_LAT_BUCKETS];
	struct ub_lat *lat[URINGBLK_NR_OPS] = { };
	u64 pct[UB_HIST_NR_PCT];
	unsigned int op, b;
	int ret = -ENOMEM;

	log2 = kcalloc(URINGBLK_NR_OPS, sizeof(*log2), GFP_KERNEL);
	if (!log2)
		return -ENOMEM;
	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		lat[op] = ub_stats_latency(&dev->stats, op);
		if (!lat[op])
			goto out;
		for (b = 0; b < UB_HIST_BUCKETS; b++)
			log2[op][ub_hist_log2_bucket(b)] += lat[op]->buckets[b];
	}
	seq_printf(m, "%-22s", "bucket_ns");
	for (op = 0; op < URINGBLK_NR_OPS; op++)
		seq_printf(m, " %14s", ub_op_names[op]);
	seq_puts(m, "\n");
	for (b = 0; b < URINGBLK_LAT_BUCKETS; b++) {
		char label[32];

		snprintf(label, sizeof(label), "[%llu, %llu)",
			 b ? 1ULL << b : 0, 2ULL << b);
		seq_printf(m, "%-22s", label);
		for (op = 0; op < URINGBLK_NR_OPS; op++)
			seq_printf(m, " %14llu", log2[op][b]);
		seq_puts(m, "\n");
	}
	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		const struct ub_lat *l = lat[op];

		ub_lat_percentiles(l, pct);
		seq_printf(m, "%s: count %llu min %llu mean %llu max %llu p50 %llu p90 %llu p99 %llu p99.9 %llu p99.99 %llu ns\n",
			   ub_op_names[op], l->count, l->min_ns,
			   l->count ? div64_u64(l->sum_ns, l->count) : 0,
			   l->max_ns, pct[0], pct[1], pct[2], pct[3], pct[4]);
	}
	ret = 0;
out:
	for (op = 0; op < URINGBLK_NR_OPS; op++)
		ub_lat_free(lat[op]);
	kfree(log2);
	return ret;
}
DEFINE_SHOW_ATTRIBUTE(ub_latency);

/*
 * debugfs latency_hist: the fine buckets that are not empty, one line
 * each: operation, lower and upper edge in ns (upper "inf" for the top
 * bucket), count.
 */
static int ub_latency_hist_show(struct seq_file *m, void *v)
{
	struct uringblk_dev *dev = m->private;
	unsigned int op, b;

	seq_puts(m, "op lower_ns upper_ns count\n");
	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		struct ub_lat *l = ub_stats_latency(&dev->stats, op);

		if (!l)
			return -ENOMEM;
		for (b = 0; b < UB_HIST_BUCKETS; b++) {
			if (!l->buckets[b])
				continue;
			if (b == UB_HIST_TOP)
				seq_printf(m, "%s %llu inf %llu\n", ub_op_names[op],
					   ub_hist_lower(b), l->buckets[b]);
			else
				seq_printf(m, "%s %llu %llu %llu\n", ub_op_names[op],
					   ub_hist_lower(b),
					   ub_hist_lower(b) + ub_hist_width(b),
					   l->buckets[b]);
		}
		ub_lat_free(l);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ub_latency_hist);

/* debugfs queues: dispatched and polled per hardware queue. */
static int ub_queues_show(struct seq_file *m, void *v)
{
	struct uringblk_dev *dev = m->private;
	struct ub_counts *c;
	unsigned int q;
	u64 in_flight;

	c = ub_stats_snapshot(&dev->stats, &in_flight);
	if (!c)
		return -ENOMEM;
	seq_puts(m, "queue dispatched polled\n");
	for (q = 0; q < ub_stats_nr_queues(); q++) {
		if (c->queue[q].dispatched || c->queue[q].polled)
			seq_printf(m, "%u %llu %llu\n", q, c->queue[q].dispatched,
				   c->queue[q].polled);
	}
	kfree(c);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ub_queues);

/* debugfs zone_resources (zoned devices): zoned.c prints it. */
static int ub_zone_resources_show(struct seq_file *m, void *v)
{
	ub_zoned_debugfs_show(m, m->private);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ub_zone_resources);

/* A counter of the device's own, read as a number. */
static int ub_atomic_long_get(void *data, u64 *val)
{
	*val = atomic_long_read(data);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(ub_atomic_long_fops, ub_atomic_long_get, NULL, "%llu\n");

static struct dentry *ub_debugfs_root;

void ub_sysfs_init(void)
{
	unsigned int op, f, i = 0;

	for (op = 0; op < URINGBLK_NR_OPS; op++) {
		for (f = 0; f < ARRAY_SIZE(ub_field_names); f++, i++) {
			struct ub_stat_attr *sa = &ub_stat_attrs[i];

			snprintf(ub_stat_names[i], sizeof(ub_stat_names[i]),
				 "%s_%s", ub_op_names[op], ub_field_names[f]);
			sysfs_attr_init(&sa->attr.attr);
			sa->attr.attr.name = ub_stat_names[i];
			sa->attr.attr.mode = 0444;
			sa->attr.show = ub_stat_show;
			sa->op = op;
			sa->field = f;
			ub_disk_attrs[UB_NR_FIXED + i] = &sa->attr.attr;
		}
	}
	ub_debugfs_root = debugfs_create_dir("uringblk", NULL);
}

void ub_debugfs_exit(void)
{
	debugfs_remove_recursive(ub_debugfs_root);
}

void ub_debugfs_add(struct uringblk_dev *dev)
{
	dev->debugfs = debugfs_create_dir(dev->disk->disk_name, ub_debugfs_root);
	debugfs_create_file("latency", 0444, dev->debugfs, dev, &ub_latency_fops);
	debugfs_create_file("latency_hist", 0444, dev->debugfs, dev,
			    &ub_latency_hist_fops);
	debugfs_create_file("queues", 0444, dev->debugfs, dev, &ub_queues_fops);
	/* Test knobs: 0 (the default) costs the I/O path one branch. */
	debugfs_create_u32("delay_in_copy_us", 0644, dev->debugfs,
			   &dev->delay_in_copy_us);
	debugfs_create_u32("delay_in_match_us", 0644, dev->debugfs,
			   &dev->delay_in_match_us);
	debugfs_create_u32("delay_in_sum_us", 0644, dev->debugfs,
			   &dev->delay_in_sum_us);
	debugfs_create_u32("fail_nowait", 0644, dev->debugfs,
			   &dev->backend->fail_nowait);
	debugfs_create_file_unsafe("nowait_punts", 0444, dev->debugfs,
				   &dev->backend->nowait_punts, &ub_atomic_long_fops);
	debugfs_create_file_unsafe("unpolled_ended", 0444, dev->debugfs,
				   &dev->unpolled_ended, &ub_atomic_long_fops);
	debugfs_create_file_unsafe("timeout_polled_ended", 0444, dev->debugfs,
				   &dev->timeout_polled_ended, &ub_atomic_long_fops);
	ub_powerfail_debugfs_add(dev);
	ub_model_debugfs_add(dev);
	if (dev->zones)
		debugfs_create_file("zone_resources", 0444, dev->debugfs, dev,
				    &ub_zone_resources_fops);
}

void ub_debugfs_remove(struct uringblk_dev *dev)
{
	debugfs_remove_recursive(dev->debugfs);
	dev->debugfs = NULL;
}
