/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the command files of uringblkctl. */
#ifndef URINGBLKCTL_H
#define URINGBLKCTL_H

#include <stdbool.h>

#include "cfs.h"
#include "profile.h"

#define UB_TOOL_VERSION	"0.1.0"

/* Exit codes: the tool's contract with scripts. */
#define UB_EXIT_OK	0
#define UB_EXIT_FAIL	1	/* an operation failed */
#define UB_EXIT_USAGE	2	/* bad usage or a bad profile */

struct ub_global {
	bool force_ioctl;	/* --ioctl: admin commands without io_uring */
};
extern struct ub_global ub_opt;

void ub_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ub_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Loads the driver's root files; prints why on failure. */
int ub_need_driver(struct ub_driver *drv);

int cmd_apply(int argc, char **argv);
int cmd_create(int argc, char **argv);
int cmd_destroy(int argc, char **argv);
int cmd_save(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_identify(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_reset_stats(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_fault(int argc, char **argv);
int cmd_zones(int argc, char **argv);

/*
 * DEV (configfs name or /dev path) to an open control device in *ad, its
 * configfs name in NAME; 0, or -errno after printing why not.
 */
struct ub_admin;
int ub_open_dev(const char *arg, char *name, size_t len, struct ub_admin *ad);
/* "[--json] DEV" of command CMD, then ub_open_dev(): 0 or a UB_EXIT_* code. */
int ub_open_json_dev(int argc, char **argv, const char *cmd, bool *json,
		     char *name, size_t len, struct ub_admin *ad);

/*
 * Remove every fault rule of configfs device DEV: admin-made ones by
 * FAULT_DEL (powering an off device on for it when power_on_ok), mkdir'd
 * ones by disarming and rmdir.  0 or -errno (printed).
 */
int ub_fault_clear(const char *dev, bool power_on_ok, bool verbose);
/*
 * FAULT_DEL the rule named RULE of powered configfs device DEV (a rule
 * made over io_uring); 0, -EBUSY for a mkdir'd rule, -ENOENT, -errno.
 */
int ub_fault_del_admin(const char *dev, const char *rule);

/* Shared by apply and create: run the plan for every device of p. */
struct ub_apply_opts {
	bool dry_run;
	bool recreate;
};
int ub_apply_profile(const struct ub_profile *p, const struct ub_driver *drv,
		     const struct ub_apply_opts *o);

#endif
