// SPDX-License-Identifier: GPL-2.0
/*
 * Power failure (Documentation/powerfail.md): the `powerfail` file cuts
 * the power of a powered device with volatile_cache=1, `powerfail_policy`
 * says what a block not yet durable reads as after the next power on.
 * From the cut every request, in flight or new, ends with EIO (the disk
 * is gone; blkmq.c checks dev->powerfailed where requests end); `power 0`
 * then `power 1` brings the device back with the policy applied by the
 * memory backend, which keeps the durable copies (backend_mem.c).
 */
#include <linux/configfs.h>

#include "backend.h"
#include "parse.h"
#include "uringblk.h"

static const char *const ub_powerfail_policies[UB_POWERFAIL_NR] = {
	[UB_POWERFAIL_DROP] = "drop",
	[UB_POWERFAIL_KEEP] = "keep",
};

/**
 * ub_power_cut() - the power fails now
 * @dev: a powered device
 *
 * Any context (a `powerfail` fault rule calls it from ->queue_rq): the
 * backend stops making anything durable, then every request that starts
 * or ends fails with EIO.  Requests a timeout rule holds end with the
 * rest at power off, or at once when the cut came through the file.
 * Without volatile_cache there is no cache to lose: nothing happens.
 */
void ub_power_cut(struct uringblk_dev *dev)
{
	if (!dev->cfg.volatile_cache)
		return;
	WRITE_ONCE(dev->backend->power_cut, true);
	WRITE_ONCE(dev->powerfailed, true);
}

/*
 * Only a powered device with a volatile cache can lose power: anything
 * else has nothing to lose (EINVAL).  A second cut before power 0 finds
 * the disk gone already and does nothing.
 */
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
	if (!dev->powered || !dev->cfg.volatile_cache) {
		ret = -EINVAL;
	} else if (!READ_ONCE(dev->powerfailed)) {
		ub_power_cut(dev);
		/* Requests timeout rules hold end now, with EIO. */
		ub_release_held(dev, BLK_STS_IOERR);
		ub_hold_again(dev);
	}
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
