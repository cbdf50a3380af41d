/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The profile model: what a profile file says, independent of configfs.
 *
 * A profile is parsed (libconfig) into plain structures, validated, diffed
 * against a device's current values and written back out.  Nothing here
 * touches the kernel, so all of it is unit-tested on the host
 * (tests/unit/test_profile.c); the configfs side lives in cfs.c.
 *
 * Every profile key is one configfs attribute of a device directory: the
 * driver's own list (driver/attr_list.h) expanded into ub_attrs[] (profile.c),
 * plus `power`.  Fault rules (`faults = (...)` per device)
 * are a list hanging off struct ub_dev_spec (profile_fault.c).
 */
#ifndef URINGBLKCTL_PROFILE_H
#define URINGBLKCTL_PROFILE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../uapi/linux/uringblk.h"
#include "../driver/attrs.h"
#include "profile_fault.h"

/* Version of the profile format written by `save` and read by `apply`. */
#define UB_FORMAT_VERSION	1

/* Kinds of value, as driver/attrs.h names them. */
enum ub_kind {
	UB_NUM = UB_K_NUM,		/* decimal integer */
	UB_SIZE = UB_K_SIZE,		/* bytes; strings may use K/M/G/T suffixes */
	UB_BOOL = UB_K_BOOL,		/* true/false (or 0/1) in a profile, 0/1 in configfs */
	UB_ENUM = UB_K_COMPLETION,	/* one word of a fixed list (UB_K_BACKEND too) */
	UB_NODE = UB_K_NODE,		/* a NUMA node, or -1 (kept as UINT64_MAX) */
	UB_STR = UB_K_STR,		/* an absolute path or "" (unset) */
};

/* Longest value as text: a path, its newline and NUL. */
#define UB_VAL_TEXT_MAX		(UB_PATH_LEN_MAX + 2)

struct ub_attr {
	const char *name;	/* the configfs file and the profile key */
	enum ub_kind kind;
	uint64_t min, max;
	const char *const *words;	/* UB_ENUM: NULL-terminated */
	uint64_t def;		/* the driver's value at mkdir */
};

/*
 * Indexes into ub_attrs[]: every setting of driver/attr_list.h, in its order
 * (also the order of writes), then power.
 */
#define UB_ATTR(n, kind, live, min, max, def)	UB_A_##n,
enum {
#include "../driver/attr_list.h"
	UB_A_power,		/* always last: devices go live fully set up */
	UB_NR_ATTRS
};
#undef UB_ATTR

extern const struct ub_attr ub_attrs[UB_NR_ATTRS];

/* A value in a profile, or read back from configfs. */
struct ub_val {
	bool set;
	int line;		/* source line in the profile, 0 if none */
	uint64_t num;		/* UB_ENUM: index into words; UB_STR: ub_str_id() */
};

/*
 * Strings are kept once each and named by number, so a UB_STR value
 * compares, plans and copies as every other value does.  0 is "".
 */
uint64_t ub_str_id(const char *s, size_t len);
const char *ub_str(uint64_t id);

struct ub_dev_spec {
	char name[URINGBLK_NAME_MAX + 1];
	int line;
	struct ub_val v[UB_NR_ATTRS];
	/*
	 * Fault rules in profile (= evaluation) order.  faults_set: the
	 * profile has a `faults` key for this device; without one the
	 * device's rules are left as they are, `faults = ();` removes them.
	 */
	bool faults_set;
	struct ub_fault_rule *faults;
	unsigned int nr_faults;
	/*
	 * `latency_model = "..."`: what `uringblkctl latency-model DEV`
	 * takes after DEV ("lognormal 2ms 0.5", "--from-fio FILE"), uploaded
	 * once the device is powered; "" when the profile has none.
	 */
	char latency_model[URINGBLK_MODEL_SPEC_LEN];
	int latency_model_line;
};

struct ub_profile {
	char file[256];			/* for messages */
	int format_version;		/* 0: not given */
	char driver_version[32];	/* "" : not given */
	struct ub_val defaults[UB_NR_ATTRS];
	struct ub_dev_spec *devs;
	unsigned int nr_devs;
};

/* Messages ("file:line: text"), errors and warnings, in order found. */
struct ub_msgs {
	char **text;
	unsigned int nr;
	unsigned int nr_errors;
};

struct ub_parse_opts {
	/*
	 * Attributes the loaded driver has (its `features` file); NULL for
	 * "every attribute this tool knows" (host tests, --dry-run offline).
	 */
	const bool *supported;
	bool skip_unknown;	/* report unknown keys, skip them, go on */
};

int ub_attr_lookup(const char *name);
/*
 * The word of words[] nearest to an unknown key (edit distance at most a
 * third of its length), or NULL: for "did you mean" in messages.
 */
const char *ub_suggest(const char *key, const char *const *words, unsigned int nr);
/* ub_suggest() over the attribute names (those supported[], if given). */
const char *ub_attr_suggest(const char *key, const bool *supported);
/* Parses "a b c" (features, live_features) into a per-attribute flag set. */
void ub_attr_set_from_list(const char *list, bool set[UB_NR_ATTRS]);

/*
 * Sizes: decimal digits with an optional K, M, G or T (either case, powers
 * of 1024), the driver's own rule; 0 on success, -1 on anything else.
 */
int ub_parse_size(const char *s, uint64_t *out);
int ub_parse_dec(const char *s, uint64_t *out);
/*
 * "must be one of inline, softirq, timer": the words of an UB_ENUM
 * attribute, from the driver's list (a static buffer).
 */
const char *ub_enum_hint(int attr);
/* A value as configfs prints it ("inline\n", "4096\n"); 0 or -1. */
int ub_val_from_text(int attr, const char *text, uint64_t *out);
/* A key=value from the command line, with range checks; NULL or error text. */
const char *ub_val_from_arg(int attr, const char *text, uint64_t *out);
/* Range and type check of one value; NULL or an error text. */
const char *ub_val_check(int attr, uint64_t v);
/* What configfs is given for a value. */
void ub_val_format(int attr, uint64_t v, char *buf, size_t len);
/* Human form for sizes ("4G" when exact), else as ub_val_format. */
void ub_val_format_human(int attr, uint64_t v, char *buf, size_t len);

void ub_msg_add(struct ub_msgs *m, bool error, const char *file, int line,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void ub_msgs_print(const struct ub_msgs *m, FILE *f);
void ub_msgs_free(struct ub_msgs *m);

/* Reading: 0 when the profile has no error (warnings allowed), else -1. */
int ub_profile_parse_file(const char *path, const struct ub_parse_opts *o,
			  struct ub_profile *p, struct ub_msgs *m);
int ub_profile_parse_string(const char *text, const char *name,
			    const struct ub_parse_opts *o,
			    struct ub_profile *p, struct ub_msgs *m);
/* Checks across devices and attributes; adds errors, returns their count. */
unsigned int ub_profile_validate(const struct ub_profile *p, struct ub_msgs *m);
void ub_profile_free(struct ub_profile *p);
struct ub_dev_spec *ub_profile_add_dev(struct ub_profile *p, const char *name);
bool ub_name_valid(const char *name);

/* A device's wanted values: its own, else the profile's defaults; power on. */
void ub_profile_effective(const struct ub_profile *p, unsigned int i,
			  struct ub_val out[UB_NR_ATTRS]);

/* Writing: a profile `apply` turns back into the same devices. */
void ub_profile_write(FILE *f, const struct ub_profile *p, const char *comment);

/* Diff of wanted against current values (both from ub_val arrays). */
enum ub_plan_kind {
	UB_PLAN_NONE,		/* matches: nothing to do */
	UB_PLAN_CREATE,		/* does not exist */
	UB_PLAN_LIVE,		/* powered, differs only in live attributes */
	UB_PLAN_OFFLINE,	/* exists, powered off: write freely */
	UB_PLAN_RECREATE,	/* powered, a non-live attribute differs */
};

struct ub_change {
	int attr;
	bool had;		/* the old value is known */
	uint64_t from, to;
};

struct ub_plan {
	enum ub_plan_kind kind;
	unsigned int nr;
	struct ub_change c[UB_NR_ATTRS + 1];	/* + a power off before */
};

/*
 * cur == NULL: the device does not exist.  live[] is the driver's
 * live_features set.  The changes come out in an order the driver accepts
 * one by one (block sizes and capacity are checked against each other on
 * every write); for UB_PLAN_RECREATE they start with power 0 and end with
 * power 1.
 */
void ub_plan_device(const struct ub_val want[UB_NR_ATTRS],
		    const struct ub_val *cur, const bool live[UB_NR_ATTRS],
		    struct ub_plan *plan);
const char *ub_plan_kind_name(enum ub_plan_kind k);

#endif
