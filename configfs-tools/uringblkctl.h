/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the command files of uringblkctl. */
#ifndef URINGBLKCTL_H
#define URINGBLKCTL_H

#include <stdbool.h>
#include <stdint.h>

#include "cfs.h"
#include "profile.h"

#define UB_TOOL_VERSION	"0.1.0"

/* Exit codes: the tool's contract with scripts. */
#define UB_EXIT_OK	0
#define UB_EXIT_FAIL	1	/* an operation failed */
#define UB_EXIT_USAGE	2	/* bad usage or a bad profile */

struct ub_global {
	bool force_ioctl;	/* --ioctl: admin commands without io_uring */
	bool json;		/* --json: one JSON object on stdout (out.h) */
};
extern struct ub_global ub_opt;

void ub_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ub_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* ", did you mean 'KEY'?" for an unknown attribute key, or "" (static). */
const char *ub_did_you_mean(const char *key, const struct ub_driver *drv);
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
int cmd_set(int argc, char **argv);
int cmd_powerfail(int argc, char **argv);
int cmd_mark(int argc, char **argv);
int cmd_latency_model(int argc, char **argv);
struct ub_admin;
struct ub_lm_set;
/* cmd_latency_model.c: a spec's tables (printed why not), their upload. */
int ub_latency_model_table(const char *where, const char *spec, struct ub_lm_set *s);
int ub_latency_model_upload(struct ub_admin *ad, const char *name, const char *spec,
			    const struct ub_lm_set *s);
int cmd_crashtest(int argc, char **argv);

/* One entry of main.c's command table: see there. */
struct ub_col;
struct ub_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *flags;	/* every flag, space-separated (completion) */
	const char *usage;
	const struct ub_col *const *cols;	/* its table's columns, if any */
	const unsigned int *nr_cols;
};

/* Attribute attr's value v as a JSON member: numbers, booleans or strings. */
struct json_object;
void ub_val_json(struct json_object *o, const char *key, int attr, uint64_t v);

/* The table columns of the commands that print one (for --help). */
extern const struct ub_col *const ub_list_cols, *const ub_stats_cols,
	*const ub_zones_cols, *const ub_bench_cols, *const ub_fault_cols,
	*const ub_crashtest_cols;
extern const unsigned int ub_list_nr_cols, ub_stats_nr_cols, ub_zones_nr_cols,
	ub_bench_nr_cols, ub_fault_nr_cols, ub_crashtest_nr_cols;

/*
 * DEV (configfs name or /dev path) to an open control device in *ad, its
 * configfs name in NAME; 0, or -errno after printing why not.
 */
struct ub_admin;
int ub_open_dev(const char *arg, char *name, size_t len, struct ub_admin *ad);
/* One admin command; prints why on failure.  The result or -errno. */
int ub_do_cmd(struct ub_admin *ad, const char *name, const char *what,
	      uint16_t op, void *buf, uint32_t len);
struct uringblk_latency_hist;
/*
 * GET_LATENCY_HIST of operation @op, every page (cmd_stats.c): the summary
 * fields as of page 0 in *@sum, URINGBLK_LAT_HIST_BUCKETS counts in @b.
 * 0, or -1 after printing why.
 */
int ub_get_latency_hist(struct ub_admin *ad, const char *name, unsigned int op,
			struct uringblk_latency_hist *sum, uint64_t *b);
/* "DEV" of command CMD, then ub_open_dev(): 0 or a UB_EXIT_* code. */
int ub_open_one_dev(int argc, char **argv, const char *cmd, char *name, size_t len,
		    struct ub_admin *ad);
/* The errno's symbolic name ("EBUSY"), or "E?" for one this tool does not know. */
const char *ub_errno_name(int err);

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
