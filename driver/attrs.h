/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The constants of attr_list.h, the one list of device settings (the
 * attributes of a configfs directory that hold a value).  The driver
 * (configfs.c) expands that list into its descriptors, configfs files,
 * `features`, `live_features` and defaults; uringblkctl
 * (configfs-tools/profile.c) into its profile keys, range checks and
 * write order; a host unit test checks Documentation/configfs.md and the
 * man page against it.  Adding an attribute is one line in attr_list.h,
 * one u64 field in struct uringblk_config and, if writing it does more
 * than store it, an apply hook in configfs.c.
 *
 * UB_ATTR(name, kind, live, min, max, default), one per line:
 *   name	configfs file, profile key, struct uringblk_config field
 *   kind	UB_K_NUM (decimal), UB_K_SIZE (K/M/G/T suffixes),
 *		UB_K_BOOL (0/1), UB_K_COMPLETION (a word of completion_list.h),
 *		UB_K_NODE (a NUMA node with memory, or -1: none; the only
 *		negative number any attribute takes, kept as (u64)-1)
 *		UB_K_BACKEND (a word of backend_list.h), UB_K_STR (an
 *		absolute path of at most max bytes, or empty: unset)
 *   live	1: may change while powered; 0: EBUSY while powered
 *   min, max	accepted range; max UB_MAX_CPUS: the number of possible CPUs
 *   default	value at mkdir; UB_DEF_CPUS: the number of possible CPUs
 *
 * The order is the order in which uringblkctl writes them (index first,
 * block sizes before the capacity that must be their multiple) and the
 * order of `features`.  `power`, `disk` and `memory_used` are files of
 * their own (no setting to keep); the tool writes `power` last.
 *
 * Plain C with constants from the uapi header: it builds in the kernel and
 * on the host alike.
 */
#ifndef _URINGBLK_ATTRS_H
#define _URINGBLK_ATTRS_H

#define UB_K_NUM		0
#define UB_K_SIZE		1
#define UB_K_BOOL		2
#define UB_K_COMPLETION		3
#define UB_K_NODE		4
#define UB_K_BACKEND		5
#define UB_K_STR		6

#define UB_MAX_CPUS		0ULL
#define UB_DEF_CPUS		(~0ULL - 1)
#define UB_SIZE_MAX		((1ULL << 63) - 1)
#define UB_NO_NODE		(~0ULL)	/* home_node -1 */
#define UB_MAX_NODE		1023	/* the driver checks the node exists */

/* Entries of completion_list.h, the words of `completion`. */
#define UB_NR_COMPLETIONS	4
/* Entries of backend_list.h, the words of `backend`. */
#define UB_NR_BACKENDS		3
/* Longest `path`: PATH_MAX less its NUL. */
#define UB_PATH_LEN_MAX		4095

#endif /* _URINGBLK_ATTRS_H */
