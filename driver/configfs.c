// SPDX-License-Identifier: GPL-2.0
/*
 * configfs provisioning: /sys/kernel/config/uringblk/NAME is a device.
 *
 * Every device attribute is declared once in ub_attr_descs[], which gives
 * its type, range, whether it may change while powered and how a change is
 * applied; the `features` and `live_features` files are produced from the
 * same tables, so they cannot drift from what the driver accepts.
 */
#include <linux/configfs.h>
#include <linux/cpumask.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "backend.h"
#include "parse.h"
#include "uringblk.h"

enum ub_attr_type {
	UB_T_NUM,		/* decimal */
	UB_T_SIZE,		/* decimal with K/M/G/T */
	UB_T_BOOL,		/* 0 or 1 */
	UB_T_COMPLETION,	/* one of ub_completion_names */
};

struct ub_attr_desc {
	enum ub_attr_type type;
	bool live;		/* may change while powered */
	size_t off, size;	/* field in struct uringblk_config */
	u64 min, max;		/* max 0: nr_cpu_ids */
	/* Applies a checked value; NULL stores it into the field. */
	int (*set)(struct uringblk_dev *dev, u64 val);
};

static const char *const ub_completion_names[UB_COMPLETION_NR] = {
	[UB_COMPLETION_INLINE]	= "inline",
	[UB_COMPLETION_SOFTIRQ]	= "softirq",
	[UB_COMPLETION_TIMER]	= "timer",
};

static u64 ub_cfg_get(const struct uringblk_dev *dev,
		      const struct ub_attr_desc *d)
{
	const void *p = (const u8 *)&dev->cfg + d->off;

	switch (d->size) {
	case sizeof(u64):
		return *(const u64 *)p;
	case sizeof(u32):
		return *(const u32 *)p;
	default:
		return *(const bool *)p;
	}
}

static void ub_cfg_put(struct uringblk_dev *dev, const struct ub_attr_desc *d,
		       u64 val)
{
	void *p = (u8 *)&dev->cfg + d->off;

	switch (d->size) {
	case sizeof(u64):
		*(u64 *)p = val;
		break;
	case sizeof(u32):
		*(u32 *)p = val;
		break;
	default:
		*(bool *)p = val;
		break;
	}
}

static int ub_set_capacity(struct uringblk_dev *dev, u64 val)
{
	if (val % dev->cfg.logical_block_size)
		return -EINVAL;
	return ub_resize(dev, val);
}

static int ub_set_lbs(struct uringblk_dev *dev, u64 val)
{
	if (!is_power_of_2(val) || val > dev->cfg.physical_block_size ||
	    dev->cfg.capacity % val)
		return -EINVAL;
	dev->cfg.logical_block_size = val;
	return 0;
}

static int ub_set_pbs(struct uringblk_dev *dev, u64 val)
{
	if (!is_power_of_2(val) || val < dev->cfg.logical_block_size)
		return -EINVAL;
	dev->cfg.physical_block_size = val;
	return 0;
}

static int ub_set_nr_hw_queues(struct uringblk_dev *dev, u64 val)
{
	return ub_set_queues(dev, val, dev->cfg.poll_queues);
}

static int ub_set_poll_queues(struct uringblk_dev *dev, u64 val)
{
	return ub_set_queues(dev, dev->cfg.nr_hw_queues, val);
}

static int ub_set_memory_limit(struct uringblk_dev *dev, u64 val)
{
	dev->cfg.memory_limit = val;
	if (dev->backend)
		WRITE_ONCE(dev->backend->memory_limit, val);
	return 0;
}

/* The I/O path reads it without dev->lock. */
static int ub_set_stats(struct uringblk_dev *dev, u64 val)
{
	WRITE_ONCE(dev->cfg.stats, val);
	return 0;
}

#define UB_OFF(f)	offsetof(struct uringblk_config, f)
#define UB_SIZE(f)	sizeof_field(struct uringblk_config, f)

/* Attribute numbers: UB_A_<configfs file name>. */
enum {
	UB_A_capacity,
	UB_A_logical_block_size,
	UB_A_physical_block_size,
	UB_A_max_sectors,
	UB_A_queue_depth,
	UB_A_nr_hw_queues,
	UB_A_poll_queues,
	UB_A_discard,
	UB_A_write_zeroes,
	UB_A_write_cache,
	UB_A_completion,
	UB_A_completion_nsec,
	UB_A_memory_limit,
	UB_A_stats,
	UB_A_io_timeout_ms,
	UB_A_NR,
};

static const struct ub_attr_desc ub_attr_descs[UB_A_NR] = {
	[UB_A_capacity] = {
		.type = UB_T_SIZE, .live = true,
		.off = UB_OFF(capacity), .size = UB_SIZE(capacity),
		.min = URINGBLK_BLOCK_SIZE_MIN, .max = S64_MAX,
		.set = ub_set_capacity,
	},
	[UB_A_logical_block_size] = {
		.type = UB_T_NUM,
		.off = UB_OFF(logical_block_size),
		.size = UB_SIZE(logical_block_size),
		.min = URINGBLK_BLOCK_SIZE_MIN, .max = URINGBLK_BLOCK_SIZE_MAX,
		.set = ub_set_lbs,
	},
	[UB_A_physical_block_size] = {
		.type = UB_T_NUM,
		.off = UB_OFF(physical_block_size),
		.size = UB_SIZE(physical_block_size),
		.min = URINGBLK_BLOCK_SIZE_MIN, .max = URINGBLK_BLOCK_SIZE_MAX,
		.set = ub_set_pbs,
	},
	[UB_A_max_sectors] = {
		.type = UB_T_NUM,
		.off = UB_OFF(max_sectors), .size = UB_SIZE(max_sectors),
		.min = URINGBLK_MAX_SECTORS_MIN, .max = URINGBLK_MAX_SECTORS_MAX,
	},
	[UB_A_queue_depth] = {
		.type = UB_T_NUM,
		.off = UB_OFF(queue_depth), .size = UB_SIZE(queue_depth),
		.min = 1, .max = URINGBLK_QUEUE_DEPTH_MAX,
	},
	[UB_A_nr_hw_queues] = {
		.type = UB_T_NUM, .live = true,
		.off = UB_OFF(nr_hw_queues), .size = UB_SIZE(nr_hw_queues),
		.min = 1, .max = 0, .set = ub_set_nr_hw_queues,
	},
	[UB_A_poll_queues] = {
		.type = UB_T_NUM, .live = true,
		.off = UB_OFF(poll_queues), .size = UB_SIZE(poll_queues),
		.min = 0, .max = 0, .set = ub_set_poll_queues,
	},
	[UB_A_discard] = {
		.type = UB_T_BOOL,
		.off = UB_OFF(discard), .size = UB_SIZE(discard), .max = 1,
	},
	[UB_A_write_zeroes] = {
		.type = UB_T_BOOL,
		.off = UB_OFF(write_zeroes), .size = UB_SIZE(write_zeroes),
		.max = 1,
	},
	[UB_A_write_cache] = {
		.type = UB_T_BOOL,
		.off = UB_OFF(write_cache), .size = UB_SIZE(write_cache),
		.max = 1,
	},
	[UB_A_completion] = {
		.type = UB_T_COMPLETION,
		.off = UB_OFF(completion), .size = UB_SIZE(completion),
		.max = UB_COMPLETION_NR - 1,
	},
	[UB_A_completion_nsec] = {
		.type = UB_T_NUM,
		.off = UB_OFF(completion_nsec), .size = UB_SIZE(completion_nsec),
		.max = 10ULL * NSEC_PER_SEC,
	},
	[UB_A_memory_limit] = {
		.type = UB_T_SIZE, .live = true,
		.off = UB_OFF(memory_limit), .size = UB_SIZE(memory_limit),
		.max = S64_MAX, .set = ub_set_memory_limit,
	},
	[UB_A_stats] = {
		.type = UB_T_BOOL, .live = true,
		.off = UB_OFF(stats), .size = UB_SIZE(stats), .max = 1,
		.set = ub_set_stats,
	},
	[UB_A_io_timeout_ms] = {
		.type = UB_T_NUM,
		.off = UB_OFF(io_timeout_ms), .size = UB_SIZE(io_timeout_ms),
		.min = 1, .max = 3600000,
	},
};

static ssize_t ub_attr_show(struct uringblk_dev *dev, unsigned int a,
			    char *page)
{
	const struct ub_attr_desc *d = &ub_attr_descs[a];
	u64 val;

	mutex_lock(&dev->lock);
	val = ub_cfg_get(dev, d);
	mutex_unlock(&dev->lock);
	if (d->type == UB_T_COMPLETION)
		return sprintf(page, "%s\n", ub_completion_names[val]);
	return sprintf(page, "%llu\n", val);
}

static int ub_attr_parse(const struct ub_attr_desc *d, const char *page,
			 size_t count, u64 *val)
{
	bool b;
	int ret;

	switch (d->type) {
	case UB_T_BOOL:
		ret = ub_parse_bool(page, count, &b);
		*val = b;
		return ret;
	case UB_T_COMPLETION:
		ret = ub_parse_word(page, count, ub_completion_names,
				    UB_COMPLETION_NR);
		*val = ret;
		return ret < 0 ? ret : 0;
	default:
		return ub_parse_u64(page, count, d->type == UB_T_SIZE, val);
	}
}

static ssize_t ub_attr_store(struct uringblk_dev *dev, unsigned int a,
			     const char *page, size_t count)
{
	const struct ub_attr_desc *d = &ub_attr_descs[a];
	u64 max = d->max ?: nr_cpu_ids;
	u64 val;
	int ret;

	ret = ub_attr_parse(d, page, count, &val);
	if (ret)
		return ret;
	if (val < d->min || val > max)
		return -EINVAL;

	mutex_lock(&dev->lock);
	if (dev->powered && !d->live)
		ret = -EBUSY;
	else if (d->set)
		ret = d->set(dev, val);
	else
		ub_cfg_put(dev, d, val);
	mutex_unlock(&dev->lock);
	return ret ?: count;
}

#define UB_DEV_ATTR(_name)						\
static ssize_t uringblk_##_name##_show(struct config_item *item,	\
				       char *page)			\
{									\
	return ub_attr_show(to_ub_dev(item), UB_A_##_name, page);	\
}									\
static ssize_t uringblk_##_name##_store(struct config_item *item,	\
					const char *page, size_t count)	\
{									\
	return ub_attr_store(to_ub_dev(item), UB_A_##_name, page,	\
			     count);					\
}									\
CONFIGFS_ATTR(uringblk_, _name)

UB_DEV_ATTR(capacity);
UB_DEV_ATTR(logical_block_size);
UB_DEV_ATTR(physical_block_size);
UB_DEV_ATTR(max_sectors);
UB_DEV_ATTR(queue_depth);
UB_DEV_ATTR(nr_hw_queues);
UB_DEV_ATTR(poll_queues);
UB_DEV_ATTR(discard);
UB_DEV_ATTR(write_zeroes);
UB_DEV_ATTR(write_cache);
UB_DEV_ATTR(completion);
UB_DEV_ATTR(completion_nsec);
UB_DEV_ATTR(memory_limit);
UB_DEV_ATTR(stats);
UB_DEV_ATTR(io_timeout_ms);

static ssize_t uringblk_power_show(struct config_item *item, char *page)
{
	return sprintf(page, "%d\n", READ_ONCE(to_ub_dev(item)->powered));
}

static ssize_t uringblk_power_store(struct config_item *item,
				    const char *page, size_t count)
{
	struct uringblk_dev *dev = to_ub_dev(item);
	bool on;
	int ret;

	ret = ub_parse_bool(page, count, &on);
	if (ret)
		return ret;
	mutex_lock(&dev->lock);
	if (on && !dev->powered)
		ret = ub_power_on(dev);
	else if (!on)
		ub_power_off(dev);
	mutex_unlock(&dev->lock);
	if (on && !ret)
		ub_faults_open(dev);
	else if (!on)
		ub_faults_close(dev);
	return ret ?: count;
}
CONFIGFS_ATTR(uringblk_, power);

static ssize_t uringblk_index_show(struct config_item *item, char *page)
{
	return sprintf(page, "%u\n", READ_ONCE(to_ub_dev(item)->cfg.index));
}

static ssize_t uringblk_index_store(struct config_item *item,
				    const char *page, size_t count)
{
	struct uringblk_dev *dev = to_ub_dev(item);
	u64 val;
	int ret;

	ret = ub_parse_u64(page, count, false, &val);
	if (ret)
		return ret;
	if (val > URINGBLK_INDEX_MAX)
		return -EINVAL;
	mutex_lock(&dev->lock);
	if (dev->powered) {
		ret = -EBUSY;
	} else {
		ret = ub_index_take(dev->cfg.index, val);
		if (!ret)
			dev->cfg.index = val;
	}
	mutex_unlock(&dev->lock);
	return ret ?: count;
}
CONFIGFS_ATTR(uringblk_, index);

static ssize_t uringblk_disk_show(struct config_item *item, char *page)
{
	struct uringblk_dev *dev = to_ub_dev(item);
	ssize_t len;

	mutex_lock(&dev->lock);
	len = sprintf(page, "%s\n", dev->powered ? dev->disk->disk_name : "");
	mutex_unlock(&dev->lock);
	return len;
}
CONFIGFS_ATTR_RO(uringblk_, disk);

static ssize_t uringblk_memory_used_show(struct config_item *item, char *page)
{
	struct uringblk_dev *dev = to_ub_dev(item);
	u64 used = 0;

	mutex_lock(&dev->lock);
	if (dev->backend)
		used = dev->backend->ops->memory_used(dev->backend);
	mutex_unlock(&dev->lock);
	return sprintf(page, "%llu\n", used);
}
CONFIGFS_ATTR_RO(uringblk_, memory_used);

/* Order matters only for `features`; live ones are flagged in the descs. */
static struct configfs_attribute *ub_dev_attrs[] = {
	&uringblk_attr_power,
	&uringblk_attr_index,
	&uringblk_attr_disk,
	&uringblk_attr_capacity,
	&uringblk_attr_logical_block_size,
	&uringblk_attr_physical_block_size,
	&uringblk_attr_max_sectors,
	&uringblk_attr_queue_depth,
	&uringblk_attr_nr_hw_queues,
	&uringblk_attr_poll_queues,
	&uringblk_attr_discard,
	&uringblk_attr_write_zeroes,
	&uringblk_attr_write_cache,
	&uringblk_attr_completion,
	&uringblk_attr_completion_nsec,
	&uringblk_attr_memory_used,
	&uringblk_attr_memory_limit,
	&uringblk_attr_stats,
	&uringblk_attr_io_timeout_ms,
	NULL,
};

/* The descriptor behind each table-driven attribute file. */
static struct configfs_attribute *const ub_desc_files[UB_A_NR] = {
	[UB_A_capacity]			= &uringblk_attr_capacity,
	[UB_A_logical_block_size]	= &uringblk_attr_logical_block_size,
	[UB_A_physical_block_size]	= &uringblk_attr_physical_block_size,
	[UB_A_max_sectors]		= &uringblk_attr_max_sectors,
	[UB_A_queue_depth]		= &uringblk_attr_queue_depth,
	[UB_A_nr_hw_queues]		= &uringblk_attr_nr_hw_queues,
	[UB_A_poll_queues]		= &uringblk_attr_poll_queues,
	[UB_A_discard]			= &uringblk_attr_discard,
	[UB_A_write_zeroes]		= &uringblk_attr_write_zeroes,
	[UB_A_write_cache]		= &uringblk_attr_write_cache,
	[UB_A_completion]		= &uringblk_attr_completion,
	[UB_A_completion_nsec]		= &uringblk_attr_completion_nsec,
	[UB_A_memory_limit]		= &uringblk_attr_memory_limit,
	[UB_A_stats]			= &uringblk_attr_stats,
	[UB_A_io_timeout_ms]		= &uringblk_attr_io_timeout_ms,
};

/* May this attribute file change while the device is powered? */
static bool ub_attr_is_live(const struct configfs_attribute *attr)
{
	unsigned int i;

	if (attr == &uringblk_attr_power)
		return true;
	for (i = 0; i < UB_A_NR; i++) {
		if (ub_desc_files[i] == attr)
			return ub_attr_descs[i].live;
	}
	return false;
}

static void ub_dev_release(struct config_item *item)
{
	ub_dev_destroy(to_ub_dev(item));
}

static struct configfs_item_operations ub_dev_item_ops = {
	.release	= ub_dev_release,
};

static const struct config_item_type ub_dev_type = {
	.ct_item_ops	= &ub_dev_item_ops,
	.ct_attrs	= ub_dev_attrs,
	.ct_owner	= THIS_MODULE,
};

struct uringblk_dev *ub_dev_create(const char *name)
{
	struct uringblk_dev *dev;
	int index;

	if (ub_parse_name(name, strlen(name)))
		return ERR_PTR(-EINVAL);
	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	if (ub_stats_init(&dev->stats)) {
		kfree(dev);
		return ERR_PTR(-ENOMEM);
	}
	index = ub_index_alloc(0);
	if (index < 0) {
		ub_stats_free(&dev->stats);
		kfree(dev);
		return ERR_PTR(index);
	}
	mutex_init(&dev->lock);
	INIT_LIST_HEAD(&dev->node);
	strscpy(dev->name, name, sizeof(dev->name));
	dev->cfg = (struct uringblk_config) {
		.capacity		= SZ_1G,
		.index			= index,
		.logical_block_size	= 512,
		.physical_block_size	= 4096,
		.max_sectors		= 1024,
		.queue_depth		= 128,
		.nr_hw_queues		= nr_cpu_ids,
		.poll_queues		= 0,
		.completion		= UB_COMPLETION_INLINE,
		.completion_nsec	= 10000,
		.discard		= true,
		.write_zeroes		= true,
		.stats			= true,
		.io_timeout_ms		= 30000,
	};
	config_group_init_type_name(&dev->group, name, &ub_dev_type);
	ub_faults_init(dev);
	return dev;
}

void ub_dev_destroy(struct uringblk_dev *dev)
{
	if (dev->backend)
		dev->backend->ops->destroy(dev->backend);
	ub_index_free(dev->cfg.index);
	ub_stats_free(&dev->stats);
	mutex_destroy(&dev->lock);
	kfree(dev);
}

static struct config_group *ub_make_group(struct config_group *group,
					  const char *name)
{
	struct uringblk_dev *dev = ub_dev_create(name);

	return IS_ERR(dev) ? ERR_CAST(dev) : &dev->group;
}

/*
 * rmdir: take the disk down first; the item goes with its last reference.
 * Rules made over the admin plane pin the directory, so none is left here.
 */
static void ub_drop_item(struct config_group *group, struct config_item *item)
{
	struct uringblk_dev *dev = to_ub_dev(item);

	mutex_lock(&dev->lock);
	ub_power_off(dev);
	mutex_unlock(&dev->lock);
	ub_faults_close(dev);
	config_item_put(item);
}

static ssize_t ub_list_attrs(char *page, bool live_only)
{
	struct configfs_attribute **attr;
	ssize_t len = 0;

	for (attr = ub_dev_attrs; *attr; attr++) {
		if (live_only && !ub_attr_is_live(*attr))
			continue;
		len += scnprintf(page + len, PAGE_SIZE - len, "%s%s",
				 len ? " " : "", (*attr)->ca_name);
	}
	len += scnprintf(page + len, PAGE_SIZE - len, "\n");
	return len;
}

static ssize_t uringblk_features_show(struct config_item *item, char *page)
{
	return ub_list_attrs(page, false);
}
CONFIGFS_ATTR_RO(uringblk_, features);

static ssize_t uringblk_live_features_show(struct config_item *item,
					   char *page)
{
	return ub_list_attrs(page, true);
}
CONFIGFS_ATTR_RO(uringblk_, live_features);

static ssize_t uringblk_version_show(struct config_item *item, char *page)
{
	return sprintf(page, "%d.%d.%d\n", URINGBLK_VERSION_MAJOR,
		       URINGBLK_VERSION_MINOR, URINGBLK_VERSION_PATCH);
}
CONFIGFS_ATTR_RO(uringblk_, version);

static struct configfs_attribute *ub_root_attrs[] = {
	&uringblk_attr_features,
	&uringblk_attr_live_features,
	&uringblk_attr_version,
	NULL,
};

static struct configfs_group_operations ub_root_group_ops = {
	.make_group	= ub_make_group,
	.drop_item	= ub_drop_item,
};

static const struct config_item_type ub_root_type = {
	.ct_group_ops	= &ub_root_group_ops,
	.ct_attrs	= ub_root_attrs,
	.ct_owner	= THIS_MODULE,
};

static struct configfs_subsystem ub_subsys = {
	.su_group = {
		.cg_item = {
			.ci_namebuf	= URINGBLK_CONFIGFS_NAME,
			.ci_type	= &ub_root_type,
		},
	},
};

/*
 * Keep a device directory from being removed (rmdir gets EBUSY) while it
 * has kernel-made children; not to be called from configfs callbacks.
 */
int ub_dev_pin(struct uringblk_dev *dev)
{
	return configfs_depend_item(&ub_subsys, &dev->group.cg_item);
}

void ub_dev_unpin(struct uringblk_dev *dev)
{
	configfs_undepend_item(&dev->group.cg_item);
}

/* nr_devices: kernel-made groups users cannot rmdir, powered at load. */
static LIST_HEAD(ub_kernel_devs);

static int ub_add_kernel_dev(unsigned int i)
{
	struct uringblk_dev *dev;
	char name[16];
	int ret;

	snprintf(name, sizeof(name), "dev%u", i);
	dev = ub_dev_create(name);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	dev->kernel_made = true;
	ret = configfs_register_group(&ub_subsys.su_group, &dev->group);
	if (ret) {
		config_item_put(&dev->group.cg_item);
		return ret;
	}
	list_add_tail(&dev->node, &ub_kernel_devs);
	mutex_lock(&dev->lock);
	ret = ub_power_on(dev);
	mutex_unlock(&dev->lock);
	if (!ret)
		ub_faults_open(dev);
	return ret;
}

static void ub_remove_kernel_devs(void)
{
	struct uringblk_dev *dev, *next;

	list_for_each_entry_safe(dev, next, &ub_kernel_devs, node) {
		list_del(&dev->node);
		mutex_lock(&dev->lock);
		ub_power_off(dev);
		mutex_unlock(&dev->lock);
		/* Admin-made rules first: they are groups below this one. */
		ub_faults_remove_kernel_made(dev);
		configfs_unregister_group(&dev->group);
		config_item_put(&dev->group.cg_item);
	}
}

int ub_configfs_init(unsigned int nr_devices)
{
	unsigned int i;
	int ret;

	config_group_init(&ub_subsys.su_group);
	mutex_init(&ub_subsys.su_mutex);
	ret = configfs_register_subsystem(&ub_subsys);
	if (ret)
		return ret;
	for (i = 0; i < nr_devices; i++) {
		ret = ub_add_kernel_dev(i);
		if (ret) {
			ub_configfs_exit();
			return ret;
		}
	}
	return 0;
}

void ub_configfs_exit(void)
{
	ub_remove_kernel_devs();
	configfs_unregister_subsystem(&ub_subsys);
}
