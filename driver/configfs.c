// SPDX-License-Identifier: GPL-2.0
/*
 * configfs provisioning: /sys/kernel/config/uringblk/NAME is a device.
 *
 * Every device setting is declared once, in attrs.h (shared with
 * uringblkctl): its kind, range, default and whether it may change while
 * powered.  The descriptors, configfs files, `features`, `live_features`
 * and defaults below are expanded from that list, so they cannot drift
 * from what the driver accepts or from what the tool writes.
 */
#include <linux/configfs.h>
#include <linux/cpumask.h>
#include <linux/idr.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/nodemask.h>
#include <linux/slab.h>

#include "attrs.h"
#include "backend.h"
#include "parse.h"
#include "uringblk.h"
#include "zoned.h"

struct ub_attr_desc {
	const char *name;	/* the configfs file */
	unsigned int kind;	/* UB_K_* */
	bool live;		/* may change while powered */
	size_t off;		/* its u64 in struct uringblk_config */
	u64 min, max;		/* max UB_MAX_CPUS: nr_cpu_ids */
	u64 def;		/* UB_DEF_CPUS: nr_cpu_ids */
};

#define UB_COMPLETION(w)						\
	[UB_COMPLETION_##w] = #w,
static const char *const ub_completion_names[UB_COMPLETION_NR] = {
#include "completion_list.h"
};

#undef UB_COMPLETION

#define UB_BACKEND(w)							\
	[UB_BACKEND_##w] = #w,
static const char *const ub_backend_names[UB_BACKEND_NR] = {
#include "backend_list.h"
};

#undef UB_BACKEND

/* The words of the word kinds, by UB_K_*. */
static const struct {
	const char *const *words;
	unsigned int nr;
} ub_kind_words[] = {
	[UB_K_COMPLETION]	= { ub_completion_names, UB_COMPLETION_NR },
	[UB_K_BACKEND]		= { ub_backend_names, UB_BACKEND_NR },
};

static bool ub_kind_is_word(unsigned int kind)
{
	return kind < ARRAY_SIZE(ub_kind_words) && ub_kind_words[kind].words;
}

static char **ub_cfg_str(struct uringblk_dev *dev, const struct ub_attr_desc *d)
{
	return (char **)((u8 *)&dev->cfg + d->off);
}

static u64 *ub_cfg_field(struct uringblk_dev *dev, const struct ub_attr_desc *d)
{
	return (u64 *)((u8 *)&dev->cfg + d->off);
}

static int ub_set_capacity(struct uringblk_dev *dev, u64 val)
{
	if (val % dev->cfg.logical_block_size)
		return -EINVAL;
	/* 0: "the backing file's size", resolved at power on. */
	if (!val && (dev->cfg.backend != UB_BACKEND_file || dev->powered))
		return -EINVAL;
	/* A zoned disk's size is its zone table: change it while off. */
	if (dev->powered && dev->zones)
		return -EBUSY;
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

/* A rule of its own, so checked when written; the rest at power on. */
static int ub_set_zone_size(struct uringblk_dev *dev, u64 val)
{
	if (!is_power_of_2(val))
		return -EINVAL;
	dev->cfg.zone_size = val;
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

/* Only the memory backend has a limit; others take 0 (save/apply). */
static int ub_set_memory_limit(struct uringblk_dev *dev, u64 val)
{
	if (val && dev->cfg.backend != UB_BACKEND_memory)
		return -EINVAL;
	dev->cfg.memory_limit = val;
	if (dev->backend && dev->backend->ops->set_memory_limit)
		dev->backend->ops->set_memory_limit(dev->backend, val);
	return 0;
}

static int ub_set_blocking(struct uringblk_dev *dev, u64 val)
{
	if (!val && ub_needs_blocking(dev->cfg.backend, dev->cfg.zoned))
		return -EINVAL;
	dev->cfg.blocking = val;
	return 0;
}

static int ub_set_zoned(struct uringblk_dev *dev, u64 val)
{
	if (!dev->cfg.blocking && ub_needs_blocking(dev->cfg.backend, val))
		return -EINVAL;
	dev->cfg.zoned = val;
	return 0;
}

/* A new kind of backend starts empty: the old one's data goes. */
static int ub_set_backend(struct uringblk_dev *dev, u64 val)
{
	if (val == dev->cfg.backend)
		return 0;
	if (!dev->cfg.blocking && ub_needs_blocking(val, dev->cfg.zoned))
		return -EINVAL;
	if (dev->backend) {
		dev->backend->ops->destroy(dev->backend);
		dev->backend = NULL;
	}
	/* The zone table describes data that is gone now. */
	ub_zoned_free(dev);
	dev->cfg.backend = val;
	if (val != UB_BACKEND_memory)
		dev->cfg.memory_limit = 0;
	return 0;
}

/* The I/O path reads it without dev->lock. */
static int ub_set_stats(struct uringblk_dev *dev, u64 val)
{
	WRITE_ONCE(dev->cfg.stats, val);
	return 0;
}

/*
 * Disk indexes tie /dev/uringblk<index> to exactly one directory: each is
 * reserved from mkdir to rmdir, powered or not.
 */
static DEFINE_IDA(ub_index_ida);

/* Lowest free index at or above @want, or -ENOSPC. */
static int ub_index_alloc(u32 want)
{
	return ida_alloc_range(&ub_index_ida, want, URINGBLK_INDEX_MAX,
			       GFP_KERNEL);
}

/* Move a reservation from @old to @want: -EBUSY if another holds it. */
static int ub_index_take(u32 old, u32 want)
{
	int ret;

	if (old == want)
		return 0;
	ret = ida_alloc_range(&ub_index_ida, want, want, GFP_KERNEL);
	if (ret < 0)
		return ret == -ENOSPC ? -EBUSY : ret;
	ida_free(&ub_index_ida, old);
	return 0;
}

static void ub_index_free(u32 index)
{
	ida_free(&ub_index_ida, index);
}

static int ub_set_index(struct uringblk_dev *dev, u64 val)
{
	int ret = ub_index_take(dev->cfg.index, val);

	if (!ret)
		dev->cfg.index = val;
	return ret;
}

/* Attribute numbers: UB_A_<configfs file name>, in attrs.h's order. */
#define UB_ATTR(n, kind, live, min, max, def)	UB_A_##n,
enum {
#include "attr_list.h"
	UB_A_NR
};

#undef UB_ATTR

#define UB_ATTR(n, k, l, lo, hi, d)					\
	[UB_A_##n] = {							\
		.name = #n, .kind = k, .live = l,			\
		.off = offsetof(struct uringblk_config, n),		\
		.min = lo, .max = hi, .def = d,				\
	},
static const struct ub_attr_desc ub_attr_descs[UB_A_NR] = {
#include "attr_list.h"
};

#undef UB_ATTR

/**
 * ub_cfg_values() - a device's settings as ub_validate() takes them
 * @dev: the device (dev->lock held)
 * @v: filled in: each setting's value, for `path` 1 when one is set
 */
void ub_cfg_values(struct uringblk_dev *dev, u64 v[UB_V_NR])
{
	unsigned int i;

	BUILD_BUG_ON((int)UB_A_NR != (int)UB_V_NR);
	for (i = 0; i < UB_A_NR; i++) {
		const struct ub_attr_desc *d = &ub_attr_descs[i];
		char **str;

		if (d->kind == UB_K_STR) {
			str = ub_cfg_str(dev, d);
			v[i] = *str && **str;
		} else {
			v[i] = *ub_cfg_field(dev, d);
		}
	}
}

/* What writing an attribute does beyond storing the value. */
static int (*const ub_attr_hooks[UB_A_NR])(struct uringblk_dev *dev, u64 val) = {
	[UB_A_index]			= ub_set_index,
	[UB_A_capacity]			= ub_set_capacity,
	[UB_A_logical_block_size]	= ub_set_lbs,
	[UB_A_physical_block_size]	= ub_set_pbs,
	[UB_A_nr_hw_queues]		= ub_set_nr_hw_queues,
	[UB_A_poll_queues]		= ub_set_poll_queues,
	[UB_A_memory_limit]		= ub_set_memory_limit,
	[UB_A_backend]			= ub_set_backend,
	[UB_A_stats]			= ub_set_stats,
	[UB_A_zone_size]		= ub_set_zone_size,
	[UB_A_zoned]			= ub_set_zoned,
	[UB_A_blocking]			= ub_set_blocking,
};

static u64 ub_get_zone_capacity(const struct uringblk_config *c)
{
	return c->zone_capacity ?: c->zone_size;
}

static u64 ub_get_zone_append_max_sectors(const struct uringblk_config *c)
{
	return c->zone_append_max_sectors ?:
	       min(c->max_sectors, c->zone_size >> SECTOR_SHIFT);
}

/* What an attribute reads when unset (stored as 0) resolves to. */
static u64 (*const ub_attr_resolve[UB_A_NR])(const struct uringblk_config *c) = {
	[UB_A_zone_capacity]		= ub_get_zone_capacity,
	[UB_A_zone_append_max_sectors]	= ub_get_zone_append_max_sectors,
};

static ssize_t ub_attr_show(struct uringblk_dev *dev, unsigned int a,
			    char *page)
{
	const struct ub_attr_desc *d = &ub_attr_descs[a];
	ssize_t len;
	u64 val;

	mutex_lock(&dev->lock);
	if (d->kind == UB_K_STR) {
		const char *str = *ub_cfg_str(dev, d);

		len = scnprintf(page, PAGE_SIZE, "%s\n", str ?: "");
		mutex_unlock(&dev->lock);
		return len;
	}
	val = *ub_cfg_field(dev, d);
	if (ub_attr_resolve[a])
		val = ub_attr_resolve[a](&dev->cfg);
	mutex_unlock(&dev->lock);
	if (ub_kind_is_word(d->kind))
		return sprintf(page, "%s\n", ub_kind_words[d->kind].words[val]);
	if (d->kind == UB_K_NODE)
		return sprintf(page, "%lld\n", (s64)val);
	return sprintf(page, "%llu\n", val);
}

static int ub_attr_parse(const struct ub_attr_desc *d, const char *page,
			 size_t count, u64 *val)
{
	bool b;
	int ret;

	switch (d->kind) {
	case UB_K_BOOL:
		ret = ub_parse_bool(page, count, &b);
		*val = b;
		return ret;
	case UB_K_COMPLETION:
	case UB_K_BACKEND:
		ret = ub_parse_word(page, count, ub_kind_words[d->kind].words,
				    ub_kind_words[d->kind].nr);
		*val = ret;
		return ret < 0 ? ret : 0;
	case UB_K_NODE:
		return ub_parse_node(page, count, val);
	default:
		return ub_parse_u64(page, count, d->kind == UB_K_SIZE, val);
	}
}

/* In range: a node must exist and have memory now, -1 is always fine. */
static bool ub_attr_in_range(const struct ub_attr_desc *d, u64 val)
{
	u64 max = d->max == UB_MAX_CPUS ? nr_cpu_ids : d->max;

	if (d->kind == UB_K_NODE)
		return val == UB_NO_NODE ||
		       (val < nr_node_ids && node_state(val, N_MEMORY));
	return val >= d->min && val <= max;
}

/*
 * A path is stored as written, less one trailing newline; it is opened
 * at power on, never here.  Empty: unset.
 */
static ssize_t ub_str_store(struct uringblk_dev *dev,
			    const struct ub_attr_desc *d, const char *page,
			    size_t count)
{
	size_t len = count;
	char *str = NULL, *old;
	int ret;

	if (len && page[len - 1] == '\n')
		len--;
	if (len > d->max || memchr(page, '\0', len))
		return -EINVAL;
	if (len && page[0] != '/')
		return -EINVAL;
	if (len) {
		str = kmemdup_nul(page, len, GFP_KERNEL);
		if (!str)
			return -ENOMEM;
	}
	mutex_lock(&dev->lock);
	ret = dev->powered && !d->live ? -EBUSY : 0;
	if (!ret && d == &ub_attr_descs[UB_A_log_writes])
		ret = ub_logw_set(dev, str);	/* looked at, opened if powered */
	if (ret) {
		mutex_unlock(&dev->lock);
		kfree(str);
		return ret;
	}
	old = *ub_cfg_str(dev, d);
	*ub_cfg_str(dev, d) = str;
	mutex_unlock(&dev->lock);
	kfree(old);
	return count;
}

static ssize_t ub_attr_store(struct uringblk_dev *dev, unsigned int a,
			     const char *page, size_t count)
{
	const struct ub_attr_desc *d = &ub_attr_descs[a];
	u64 val;
	int ret;

	if (d->kind == UB_K_STR)
		return ub_str_store(dev, d, page, count);

	ret = ub_attr_parse(d, page, count, &val);
	if (ret)
		return ret;
	if (!ub_attr_in_range(d, val))
		return -EINVAL;

	mutex_lock(&dev->lock);
	if (dev->powered && !d->live)
		ret = -EBUSY;
	else if (ub_attr_hooks[a])
		ret = ub_attr_hooks[a](dev, val);
	else
		*ub_cfg_field(dev, d) = val;
	mutex_unlock(&dev->lock);
	return ret ?: count;
}

/* show and store of one table-driven attribute file */
#define UB_DEV_ATTR_FUNCS(_name)					\
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
}

#define UB_ATTR(n, kind, live, min, max, def)	UB_DEV_ATTR_FUNCS(n)
#include "attr_list.h"
#undef UB_ATTR

/* The configfs files of the table-driven attributes, by UB_A_ number. */
#define UB_ATTR(n, kind, live, min, max, def)				\
	[UB_A_##n] = {							\
		.ca_owner = THIS_MODULE, .ca_name = #n,			\
		.ca_mode = 0644,					\
		.show = uringblk_##n##_show,				\
		.store = uringblk_##n##_store,				\
	},
static struct configfs_attribute ub_attr_files[UB_A_NR] = {
#include "attr_list.h"
};

#undef UB_ATTR

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
	ret = ub_dev_set_power(dev, on);
	return ret ?: count;
}
CONFIGFS_ATTR(uringblk_, power);

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

/* Why the last power on was refused (ub_refuse()), or an empty line. */
static ssize_t uringblk_last_error_show(struct config_item *item, char *page)
{
	struct uringblk_dev *dev = to_ub_dev(item);
	ssize_t len;

	mutex_lock(&dev->lock);
	len = sprintf(page, "%s\n", dev->last_error);
	mutex_unlock(&dev->lock);
	return len;
}
CONFIGFS_ATTR_RO(uringblk_, last_error);

static ssize_t uringblk_memory_used_show(struct config_item *item, char *page)
{
	struct uringblk_dev *dev = to_ub_dev(item);
	u64 used = 0;

	mutex_lock(&dev->lock);
	if (dev->backend && dev->backend->ops->memory_used)
		used = dev->backend->ops->memory_used(dev->backend);
	used += ub_zoned_memory_used(dev);
	mutex_unlock(&dev->lock);
	return sprintf(page, "%llu\n", used);
}
CONFIGFS_ATTR_RO(uringblk_, memory_used);

/* "N:bytes" of data pages for every node with memory, one line. */
static ssize_t uringblk_memory_used_by_node_show(struct config_item *item,
						 char *page)
{
	struct uringblk_dev *dev = to_ub_dev(item);
	ssize_t len = 0;
	u64 *bytes;
	int nid;

	bytes = kcalloc(nr_node_ids, sizeof(*bytes), GFP_KERNEL);
	if (!bytes)
		return -ENOMEM;
	mutex_lock(&dev->lock);
	if (dev->backend && dev->backend->ops->memory_by_node)
		dev->backend->ops->memory_by_node(dev->backend, bytes);
	mutex_unlock(&dev->lock);
	for_each_node_state(nid, N_MEMORY)
		len += scnprintf(page + len, PAGE_SIZE - len, "%s%d:%llu",
				 len ? " " : "", nid, bytes[nid]);
	len += scnprintf(page + len, PAGE_SIZE - len, "\n");
	kfree(bytes);
	return len;
}
CONFIGFS_ATTR_RO(uringblk_, memory_used_by_node);

/*
 * The order of `features`: the special files, then attr_list.h's (filled
 * in by ub_configfs_init()).
 */
#define UB_NR_SPECIAL	10
static struct configfs_attribute *ub_dev_attrs[UB_NR_SPECIAL + UB_A_NR + 1] = {
	&uringblk_attr_power,
	&uringblk_attr_disk,
	&uringblk_attr_last_error,
	&uringblk_attr_memory_used,
	&uringblk_attr_memory_used_by_node,
	&uringblk_attr_zone_readonly,
	&uringblk_attr_zone_offline,
	&uringblk_attr_powerfail,
	&uringblk_attr_powerfail_policy,
	&uringblk_attr_latency_model,
};

/* May this attribute file change while the device is powered? */
static bool ub_attr_is_live(const struct configfs_attribute *attr)
{
	if (attr == &uringblk_attr_power ||
	    attr == &uringblk_attr_powerfail ||
	    attr == &uringblk_attr_powerfail_policy)
		return true;
	if (attr >= ub_attr_files && attr < ub_attr_files + UB_A_NR)
		return ub_attr_descs[attr - ub_attr_files].live;
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
	unsigned int a;
	int index;

	BUILD_BUG_ON(UB_COMPLETION_NR != UB_NR_COMPLETIONS);
	BUILD_BUG_ON(UB_BACKEND_NR != UB_NR_BACKENDS);
	BUILD_BUG_ON(UB_BACKEND_file != URINGBLK_BACKEND_FILE);
	BUILD_BUG_ON(UB_BACKEND_none != URINGBLK_BACKEND_NONE);
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
	INIT_WORK(&dev->powerfail_work, ub_powerfail_work);
	INIT_LIST_HEAD(&dev->node);
	strscpy(dev->name, name, sizeof(dev->name));
	for (a = 0; a < UB_A_NR; a++) {
		const struct ub_attr_desc *d = &ub_attr_descs[a];

		if (d->kind == UB_K_STR)
			continue;	/* NULL from kzalloc: unset */
		*ub_cfg_field(dev, d) = d->def == UB_DEF_CPUS ? nr_cpu_ids : d->def;
	}
	dev->cfg.index = index;
	config_group_init_type_name(&dev->group, name, &ub_dev_type);
	ub_faults_init(dev);
	return dev;
}

void ub_dev_destroy(struct uringblk_dev *dev)
{
	cancel_work_sync(&dev->powerfail_work);
	if (dev->backend)
		dev->backend->ops->destroy(dev->backend);
	ub_zoned_free(dev);
	ub_model_free(dev);
	kfree(dev->cfg.path);
	kfree(dev->cfg.log_writes);
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

	ub_dev_set_power(dev, false);
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
	return ub_dev_set_power(dev, true);
}

static void ub_remove_kernel_devs(void)
{
	struct uringblk_dev *dev, *next;

	list_for_each_entry_safe(dev, next, &ub_kernel_devs, node) {
		list_del(&dev->node);
		ub_dev_set_power(dev, false);
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

	for (i = 0; i < UB_A_NR; i++)
		ub_dev_attrs[UB_NR_SPECIAL + i] = &ub_attr_files[i];
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
	ida_destroy(&ub_index_ida);
}
