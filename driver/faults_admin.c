// SPDX-License-Identifier: GPL-2.0
/*
 * Fault rules over the admin plane: FAULT_ADD makes a kernel-made configfs
 * group (users cannot rmdir it: EPERM), FAULT_LIST shows every rule,
 * FAULT_DEL removes an admin-made one; and what power on, power off and
 * rmmod do to them.  While any admin-made rule exists the device
 * directory is pinned (configfs_depend_item), so an rmdir of the device
 * cannot detach them behind our back: it gets EBUSY.
 */
#include <linux/slab.h>

#include "compat.h"
#include "uringblk.h"

/* The admin plane: FAULT_ADD, FAULT_LIST, FAULT_DEL */

static void ub_fault_to_uapi(const struct ub_fault *f,
			     struct uringblk_fault_rule *r)
{
	r->size = sizeof(*r);
	r->version = URINGBLK_FAULT_RULE_VERSION;
	r->type = f->type;
	r->ops = f->ops;
	r->probability_ppm = f->probability_ppm;
	r->lba_start = f->lba_start;
	r->lba_end = f->lba_end;
	r->delay_us = f->delay_us;
	r->torn_sectors = f->torn_sectors;
	r->count = f->count;
	r->after = f->after;
	r->hits = atomic64_read(&f->hits);
	r->id = f->id;
	r->enable = f->enabled;
	r->kernel_made = f->kernel_made;
	strscpy_pad(r->name, f->group.cg_item.ci_name, sizeof(r->name));
}

static int ub_fault_check_uapi(const struct uringblk_fault_rule *r)
{
	unsigned int i;

	if (r->reserved0 || r->enable > 1)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(r->reserved); i++) {
		if (r->reserved[i])
			return -EINVAL;
	}
	if (r->type >= URINGBLK_NR_FAULT_TYPES ||
	    r->ops & ~UB_FAULT_ALL_OPS ||
	    r->probability_ppm > URINGBLK_FAULT_PPM_MAX ||
	    r->delay_us > URINGBLK_FAULT_DELAY_MAX ||
	    r->lba_end < r->lba_start)
		return -EINVAL;
	return 0;
}

/*
 * Run without dev->lock: configfs takes its inode locks here, and a
 * configfs rmdir holds those while it takes dev->lock.
 */
static int __ub_fault_add(struct uringblk_dev *dev,
			  struct uringblk_fault_rule *r)
{
	struct ub_faults *fs = &dev->faults;
	struct ub_fault *f;
	char name[24];
	bool pin;
	u32 id;
	int ret;

	ret = ub_fault_check_uapi(r);
	if (ret)
		return ret;

	mutex_lock(&fs->lock);
	if (fs->closed) {
		mutex_unlock(&fs->lock);
		return -ENODEV;
	}
	id = fs->next_id++;
	snprintf(name, sizeof(name), "uring.%u", id);
	pin = !fs->nr_kernel_made++;
	mutex_unlock(&fs->lock);

	ret = -ENOMEM;
	f = ub_fault_alloc(dev, name);
	if (!f)
		goto undo;
	f->id = id;
	f->kernel_made = true;
	f->type = r->type;
	f->ops = r->ops ?: UB_FAULT_ALL_OPS;
	f->probability_ppm = r->probability_ppm;
	f->lba_start = r->lba_start;
	f->lba_end = r->lba_end;
	f->delay_us = r->delay_us;
	f->torn_sectors = r->torn_sectors;
	f->count = r->count;
	f->after = r->after;
	if (pin && ub_dev_pin(dev)) {
		ret = -ENODEV;		/* the directory is being removed */
		goto free;
	}
	ret = ub_configfs_register_group(&fs->group, &f->group);
	if (ret)
		goto unpin;

	mutex_lock(&fs->lock);
	if (fs->closed) {
		/* Powered off meanwhile: the close pass did not see it. */
		mutex_unlock(&fs->lock);
		configfs_unregister_group(&f->group);
		ret = -ENODEV;
		goto unpin;
	}
	f->enabled = r->enable;
	ub_fault_link(fs, f);
	if (pin)
		fs->pinned = true;
	ub_fault_to_uapi(f, r);
	mutex_unlock(&fs->lock);
	return 0;

unpin:
	if (pin)
		ub_dev_unpin(dev);
free:
	if (f)
		config_item_put(&f->group.cg_item);
undo:
	mutex_lock(&fs->lock);
	fs->nr_kernel_made--;
	mutex_unlock(&fs->lock);
	return ret;
}

/*
 * Make the rule @r describes, disabled whatever r->enable says: the
 * caller arms it with ub_fault_arm() once the rule's id has reached user
 * space, or deletes it when that copy fails, so a failed command has no
 * effect.  @r is filled as FAULT_LIST would show the armed rule.
 */
int ub_fault_add(struct uringblk_dev *dev, struct uringblk_fault_rule *r)
{
	u8 arm = r->enable;
	int ret, tries = 0;

	/* Checked here: the rule is made with enable cleared. */
	if (arm > 1)
		return -EINVAL;
	r->enable = 0;
	mutex_lock(&dev->faults.admin_lock);
	/*
	 * A user may have made "uring.<id>" with mkdir (a restored profile
	 * does): that name is taken, try the next id.
	 */
	do {
		ret = __ub_fault_add(dev, r);
	} while (ret == -EEXIST && ++tries < 16);
	mutex_unlock(&dev->faults.admin_lock);
	r->enable = arm;
	return ret;
}

/* Arm the kernel-made rule @id that ub_fault_add() made. */
void ub_fault_arm(struct uringblk_dev *dev, u32 id)
{
	struct ub_faults *fs = &dev->faults;
	struct ub_fault *f;

	mutex_lock(&fs->lock);
	list_for_each_entry(f, &fs->list, node) {
		if (f->id == id && f->kernel_made) {
			ub_fault_set_enabled(f, true);
			break;
		}
	}
	mutex_unlock(&fs->lock);
}

int ub_fault_list(struct uringblk_dev *dev, struct uringblk_fault_list *l)
{
	struct ub_faults *fs = &dev->faults;
	struct ub_fault *f;

	l->size = sizeof(*l);
	l->version = URINGBLK_FAULT_RULE_VERSION;
	mutex_lock(&fs->lock);
	list_for_each_entry(f, &fs->list, node) {
		if (l->nr_rules < URINGBLK_FAULT_LIST_MAX)
			ub_fault_to_uapi(f, &l->rules[l->nr_rules++]);
		l->total++;
	}
	mutex_unlock(&fs->lock);
	return 0;
}

/* Take a kernel-made rule off the list; the caller unregisters it. */
static void ub_fault_forget(struct ub_faults *fs, struct ub_fault *f,
			    bool *unpin)
{
	ub_fault_unlink(fs, f);
	*unpin = !--fs->nr_kernel_made && fs->pinned;
	if (*unpin)
		fs->pinned = false;
}

/*
 * Remove an admin-made rule from configfs.  configfs_unregister_group()
 * drops only configfs's own reference; ours from ub_fault_alloc() goes
 * here (kmemleak found every FAULT_DEL'd rule leaked without it).
 */
static void ub_fault_unregister(struct ub_fault *f)
{
	configfs_unregister_group(&f->group);
	config_item_put(&f->group.cg_item);
}

int ub_fault_del(struct uringblk_dev *dev, u32 id)
{
	struct ub_faults *fs = &dev->faults;
	struct ub_fault *f, *found = NULL;
	bool unpin = false;

	mutex_lock(&fs->admin_lock);
	mutex_lock(&fs->lock);
	list_for_each_entry(f, &fs->list, node) {
		if (f->id == id) {
			found = f;
			break;
		}
	}
	if (!found || !found->kernel_made) {
		mutex_unlock(&fs->lock);
		mutex_unlock(&fs->admin_lock);
		/* A mkdir'd rule goes with rmdir. */
		return found ? -EBUSY : -ENOENT;
	}
	ub_fault_forget(fs, found, &unpin);
	mutex_unlock(&fs->lock);
	ub_fault_unregister(found);
	if (unpin)
		ub_dev_unpin(dev);
	mutex_unlock(&fs->admin_lock);
	return 0;
}

/* Power on: FAULT_ADD may make rules from now on. */
void ub_faults_open(struct uringblk_dev *dev)
{
	mutex_lock(&dev->faults.lock);
	dev->faults.closed = false;
	mutex_unlock(&dev->faults.lock);
}

/*
 * Power off.  Rules stay, including admin-made ones: removing configfs
 * groups from here would nest configfs locks inside the `power` store.
 */
void ub_faults_close(struct uringblk_dev *dev)
{
	mutex_lock(&dev->faults.lock);
	dev->faults.closed = true;
	mutex_unlock(&dev->faults.lock);
}

/*
 * rmmod of an nr_devices device: its admin-made rules go first, as
 * FAULT_DEL would remove them.  Never called from configfs callbacks.
 */
void ub_faults_remove_kernel_made(struct uringblk_dev *dev)
{
	struct ub_faults *fs = &dev->faults;
	struct ub_fault *f, *next;
	LIST_HEAD(gone);
	bool unpin = false;

	mutex_lock(&fs->admin_lock);
	mutex_lock(&fs->lock);
	fs->closed = true;
	list_for_each_entry_safe(f, next, &fs->list, node) {
		if (!f->kernel_made)
			continue;
		ub_fault_forget(fs, f, &unpin);
		/* f->node stays intact for readers still walking past it. */
		list_add(&f->close_node, &gone);
	}
	mutex_unlock(&fs->lock);
	list_for_each_entry_safe(f, next, &gone, close_node)
		ub_fault_unregister(f);
	if (unpin)
		ub_dev_unpin(dev);
	mutex_unlock(&fs->admin_lock);
}
