/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fault rules in the profile model: one struct per rule, the value syntax
 * shared by `fault add` and profiles (type=, ops=, lba=, prob=, delay=,
 * count=, torn_sectors=), the profile writer's text and the diff that
 * turns a device's rules into the profile's.  No kernel here either: the
 * configfs side is in cfs.c, the admin plane in cmd_fault.c.
 */
#ifndef URINGBLKCTL_PROFILE_FAULT_H
#define URINGBLKCTL_PROFILE_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../uapi/linux/uringblk.h"

/* Rule names follow the device names' rule: 1-32 of [A-Za-z0-9._-]. */
#define UB_RULE_NAME_MAX	URINGBLK_NAME_MAX
/* lba_end of a rule that runs to the device's last block, whatever it is. */
#define UB_LBA_END		UINT64_MAX
#define UB_FAULT_OPS_ALL	((1u << URINGBLK_NR_OPS) - 1)

/* Operation names as the driver spells them (configfs, sysfs). */
extern const char *const ub_op_names[URINGBLK_NR_OPS];
extern const char *const ub_fault_type_names[URINGBLK_NR_FAULT_TYPES];

/* A rule as a profile gives it or configfs shows it. */
struct ub_fault_rule {
	char name[UB_RULE_NAME_MAX + 1];
	int line;		/* source line in the profile, 0 if none */
	uint16_t type;		/* URINGBLK_FAULT_* */
	uint32_t ops;		/* bit per URINGBLK_OP_*, 0 = any */
	uint64_t lba_start, lba_end;	/* inclusive; lba_end may be UB_LBA_END */
	uint32_t prob;		/* probability_ppm */
	uint32_t delay_us;
	uint32_t torn_sectors;
	uint64_t count;
	uint64_t after;		/* matching requests let pass first */
	bool enable;
};

/* A fresh rule: the driver's defaults after mkdir (type io_error, off). */
void ub_fault_rule_init(struct ub_fault_rule *r);

int ub_fault_parse_type(const char *s, uint16_t *type);
/* "any" or a comma list of operation names; 0 or -EINVAL. */
int ub_fault_parse_ops(const char *s, uint32_t *ops);
/* START-END, START- or START-end (to the last block), or one block N. */
int ub_fault_parse_lba(const char *s, uint64_t *start, uint64_t *end);
/* The fault rule key nearest to an unknown one, or NULL (ub_suggest()). */
const char *ub_fault_key_suggest(const char *key);
const char *ub_fault_ops_text(uint32_t ops, char *buf, size_t len);
const char *ub_fault_lba_text(uint64_t start, uint64_t end, char *buf, size_t len);

/*
 * One key=value with the short names of `fault add` (and the configfs
 * names as aliases): type, ops, lba, prob, delay, count, torn_sectors,
 * after.
 * NULL, or an error text; *unknown is set when the key is not one of them.
 */
const char *ub_fault_set(struct ub_fault_rule *r, const char *key, const char *val,
			 bool *unknown);
/* The keys ub_fault_set takes, for messages. */
#define UB_FAULT_KEYS	"type, ops, lba, prob, delay, count, torn_sectors, after"

/* One rule as a line of a profile's `faults = ( ... );` list. */
void ub_fault_rule_write(FILE *f, const char *indent, const struct ub_fault_rule *r);

/* Are two rules the same (name aside)?  lba_end UB_LBA_END is last_block. */
bool ub_fault_rule_eq(const struct ub_fault_rule *a, const struct ub_fault_rule *b,
		      uint64_t last_block);

/*
 * The configfs writes that turn rule cur (NULL: just made by mkdir) into
 * want, in an order the driver accepts one by one: disarm first when an
 * armed rule changes (EBUSY otherwise), lba_start/lba_end so that
 * start <= end holds after each write, enable last.
 */
#define UB_FAULT_MAX_WRITES	12
struct ub_fault_write {
	const char *attr;	/* configfs attribute under faults/RULE/ */
	char val[32];
};
unsigned int ub_fault_writes(const struct ub_fault_rule *want,
			     const struct ub_fault_rule *cur, uint64_t last_block,
			     struct ub_fault_write w[UB_FAULT_MAX_WRITES]);

/*
 * Diff of a device's rules (cur, in creation order) against the profile's
 * (want, in profile order).  Rules are evaluated in creation order, so a
 * rule that would have to move is removed and made again; everything
 * else changes in place.  Removes come first (a name may be made again),
 * then changes, then new rules in profile order.
 */
enum ub_fault_step_kind {
	UB_FSTEP_REMOVE,	/* rmdir cur */
	UB_FSTEP_CHANGE,	/* writes into cur */
	UB_FSTEP_CREATE,	/* mkdir, writes */
};

struct ub_fault_step {
	enum ub_fault_step_kind kind;
	const struct ub_fault_rule *want;	/* CHANGE, CREATE */
	const struct ub_fault_rule *cur;	/* REMOVE, CHANGE */
	bool moved;		/* REMOVE: made again later, for the order */
};

struct ub_fault_plan {
	struct ub_fault_step *s;
	unsigned int nr;
};

void ub_fault_plan(const struct ub_fault_rule *want, unsigned int nr_want,
		   const struct ub_fault_rule *cur, unsigned int nr_cur,
		   uint64_t last_block, struct ub_fault_plan *plan);
void ub_fault_plan_free(struct ub_fault_plan *plan);

/*
 * The `faults` list of one device in a profile (a libconfig setting) into
 * *rules; every problem becomes a "file:line: message" in m.
 */
struct config_setting_t;
struct ub_msgs;
void ub_faults_parse(const struct config_setting_t *list, const char *file,
		     const char *dev, struct ub_fault_rule **rules, unsigned int *nr,
		     struct ub_msgs *m);

#endif
