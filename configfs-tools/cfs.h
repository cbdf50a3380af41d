/* SPDX-License-Identifier: GPL-2.0 */
/*
 * configfs and sysfs I/O for uringblk devices.  All functions return 0 or
 * a negative errno and print nothing: callers name the device and the
 * attribute in their messages.
 */
#ifndef URINGBLKCTL_CFS_H
#define URINGBLKCTL_CFS_H

#include <stdbool.h>
#include <stddef.h>

#include "profile.h"

/* /sys/kernel/config/uringblk, or $URINGBLKCTL_CONFIGFS. */
const char *ub_cfs_root(void);

/* Root files: features, live_features, version. */
struct ub_driver {
	bool features[UB_NR_ATTRS];
	bool live[UB_NR_ATTRS];
	char version[32];
};
int ub_cfs_driver(struct ub_driver *drv);

int ub_cfs_read(const char *dev, const char *attr, char *buf, size_t len);
int ub_cfs_write(const char *dev, const char *attr, const char *val);
/*
 * After a refused power on: ": " and the device's last_error (why, in the
 * driver's words), or "" when it has none (an older driver).  Static.
 */
const char *ub_cfs_why(const char *dev);
int ub_cfs_mkdir(const char *dev);
int ub_cfs_rmdir(const char *dev);
bool ub_cfs_exists(const char *dev);

/* Sorted names of every device directory; free with ub_cfs_names_free. */
int ub_cfs_list(char ***names, unsigned int *nr);
/*
 * The devices a command acts on: argv[first..argc-1], or every device
 * directory when there are none; 0, or an exit status after saying why.
 */
int ub_cfs_names_or_all(int argc, char **argv, int first, char ***names,
			unsigned int *nr);
void ub_cfs_names_free(char **names, unsigned int nr);

/*
 * Every attribute of the device the driver has into cur[] (set = read).
 * On error *bad_attr names the attribute that could not be read.
 */
int ub_cfs_read_dev(const char *dev, const struct ub_driver *drv,
		    struct ub_val cur[UB_NR_ATTRS], const char **bad_attr);

/*
 * Rule directories under DEV/faults in creation order, which is the order
 * the driver evaluates them in (configfs lists the newest first).
 * -ENOENT: no faults/ group (a driver without fault injection).
 */
int ub_cfs_rule_names(const char *dev, char ***names, unsigned int *nr);

/*
 * Every fault rule of DEV, in creation order, as configfs shows it: lba_end
 * is a number (the last block for a rule that runs to the end).  On error
 * *bad names the rule or attribute that could not be read.
 */
int ub_cfs_read_rule(const char *dev, const char *name, struct ub_fault_rule *r,
		     const char **bad_attr);
int ub_cfs_read_faults(const char *dev, struct ub_fault_rule **rules,
		       unsigned int *nr, char *bad, size_t bad_len);

/*
 * DEV as the user gives it: /dev/uringblkN, uringblkN or a configfs name.
 * Fills the configfs name and the disk index; -ENODEV if the disk is not
 * powered (no index to talk to), -ENOENT if nothing matches.
 */
int ub_resolve(const char *arg, char *name, size_t name_len, unsigned int *index);

/* Is the block device (major:minor of /dev/uringblkN) mounted? */
int ub_disk_mounted(unsigned int index, char *where, size_t len);

#endif
