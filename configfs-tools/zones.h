/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the zone report (cmd_zones.c) and actions (cmd_zone_ops.c). */
#ifndef URINGBLKCTL_ZONES_H
#define URINGBLKCTL_ZONES_H

#include <stdbool.h>
#include <stdint.h>

#include "out.h"

/* The options of `zones`, with blkzone's names. */
struct ub_zone_args {
	uint64_t offset;	/* -o: sector, zone-aligned for an action */
	uint64_t count;		/* -c: zones */
	bool have_count;
	bool all;		/* --all: every zone from the offset on */
	struct ub_table_opts table;
};

/* reset, open, close or finish on the device's /dev node: a UB_EXIT_* code. */
int ub_zone_action(const char *dev, const char *action, const struct ub_zone_args *a);

#endif
