/* SPDX-License-Identifier: GPL-2.0 */
/*
 * crashtest's steps on the device (crashtest_dev.c), for the sweep of
 * cmd_crashtest.c.  Functions return 0 or -errno after saying why.
 */
#ifndef URINGBLKCTL_CRASHTEST_H
#define URINGBLKCTL_CRASHTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The fault rule directory crashtest makes and removes. */
#define CT_RULE		"faults/crashtest"

struct ct {
	const char *name, *workload, *check, *image, *policy;
	bool have_seed;
	uint64_t seed;
	char dev[64], disk[32];
	unsigned int index;
	char dir[256];		/* the records of this run */
};

/* Device exists, has volatile_cache=1; powered on (through 0/1 if cut). */
int ct_prepare(struct ct *c);
/* The disk's name and node after power on (c->disk, c->dev, c->index). */
int ct_wait_node(struct ct *c);
int ct_power(struct ct *c, bool on);
/* Discard (or zero) all, write --image over it, flush: the known start. */
int ct_reset_device(struct ct *c);
/* The flush_ios statistic. */
int ct_flush_count(struct ct *c, uint64_t *v);
/* Unmount whatever is mounted from the device. */
int ct_unmount_all(struct ct *c);
/* Arm the powerfail rule at the Kth flush from now; remove it (quietly). */
int ct_rule_arm(struct ct *c, unsigned int k);
void ct_rule_remove(struct ct *c);
/* powerfail_policy, and powerfail_seed for random. */
int ct_set_policy(struct ct *c);
/* The last power failure's record id, or "-". */
void ct_record_id(struct ct *c, char *buf, size_t len);

#endif
