// SPDX-License-Identifier: GPL-2.0
/*
 * apply and create: plan every device first, touch configfs only when the
 * whole profile is valid and no device needs a refused power cycle, and on
 * a failing write undo what this run did (journal, newest first).  Fault
 * rules are made, changed and removed after a device's attributes and
 * before it is powered on, so it goes live with its rules armed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "admin.h"
#include "latmodel.h"
#include "out.h"
#include "uringblkctl.h"

#define J_MKDIR		(-1)	/* the mkdir of dev */
#define J_RULE		(-2)	/* a fault rule of dev */

struct journal_entry {
	const char *dev;
	int attr;		/* ub_attrs[] index, J_MKDIR or J_RULE */
	bool had;
	uint64_t old;
	/* J_RULE: the rule's name and what it was (NULL: made by this run) */
	const char *rule;
	const struct ub_fault_rule *rule_old;
	uint64_t last_block;
};

/* What apply does to one device. */
struct dev_work {
	struct ub_plan plan;
	bool powered;			/* now */
	struct ub_fault_rule *cur_rules;	/* read from configfs */
	unsigned int nr_cur_rules;
	struct ub_fault_plan faults;
	uint64_t last_block;		/* as the device will be */
};

struct journal {
	struct journal_entry *e;
	unsigned int nr;
};

/*
 * --json: the device the plan and the dry run's commands are collected
 * for, a member of the "devices" array; NULL in text mode.
 */
static struct json_object *jdev;

/* One configfs operation of a dry run: a shell line, or a JSON string. */
static void __attribute__((format(printf, 1, 2))) emit(const char *fmt, ...)
{
	struct json_object *arr;
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (!jdev) {
		vprintf(fmt, ap);
		putchar('\n');
		va_end(ap);
		return;
	}
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	if (!json_object_object_get_ex(jdev, "commands", &arr))
		arr = ub_jarr(jdev, "commands");
	ub_jstr(arr, s);
	free(s);
}

static void journal_add(struct journal *j, const char *dev, int attr, bool had,
			uint64_t old)
{
	struct journal_entry *grown = realloc(j->e, (j->nr + 1) * sizeof(*grown));

	if (!grown)
		abort();
	j->e = grown;
	j->e[j->nr++] = (struct journal_entry){ dev, attr, had, old };
}

static void journal_add_rule(struct journal *j, const char *dev, const char *rule,
			     const struct ub_fault_rule *old, uint64_t last_block)
{
	journal_add(j, dev, J_RULE, false, 0);
	j->e[j->nr - 1].rule = rule;
	j->e[j->nr - 1].rule_old = old;
	j->e[j->nr - 1].last_block = last_block;
}

/* The writes that turn rule cur (NULL: fresh from mkdir) into want. */
static int rule_write(const char *dev, const struct ub_fault_rule *want,
		      const struct ub_fault_rule *cur, uint64_t last_block, bool dry_run)
{
	struct ub_fault_write w[UB_FAULT_MAX_WRITES];
	unsigned int n = ub_fault_writes(want, cur, last_block, w), i;
	char dir[128];
	int ret;

	snprintf(dir, sizeof(dir), "%s/faults/%s", dev, want->name);
	for (i = 0; i < n; i++) {
		if (dry_run) {
			emit("echo %s > %s/%s/%s", w[i].val, ub_cfs_root(), dir, w[i].attr);
			continue;
		}
		ret = ub_cfs_write(dir, w[i].attr, w[i].val);
		if (ret) {
			ub_err("%s: faults/%s/%s: write '%s': %s", dev, want->name, w[i].attr,
			       w[i].val, strerror(-ret));
			return ret;
		}
	}
	return 0;
}

/* Put a rule back as it was before this run. */
static void rule_undo(const struct journal_entry *e)
{
	struct ub_fault_rule now;
	const char *bad;
	char dir[128];

	snprintf(dir, sizeof(dir), "%s/faults/%s", e->dev, e->rule);
	if (!e->rule_old) {
		ub_cfs_rmdir(dir);
		return;
	}
	if (ub_cfs_read_rule(e->dev, e->rule, &now, &bad)) {
		if (ub_cfs_mkdir(dir))
			return;
		rule_write(e->dev, e->rule_old, NULL, e->last_block, false);
		return;
	}
	rule_write(e->dev, e->rule_old, &now, e->last_block, false);
}

static void journal_undo(struct journal *j)
{
	char buf[UB_VAL_TEXT_MAX];

	while (j->nr) {
		struct journal_entry *e = &j->e[--j->nr];

		if (e->attr == J_RULE) {
			rule_undo(e);
			continue;
		}
		if (e->attr == J_MKDIR) {
			ub_cfs_write(e->dev, "power", "0");
			ub_cfs_rmdir(e->dev);
			continue;
		}
		if (!e->had)
			continue;
		ub_val_format(e->attr, e->old, buf, sizeof(buf));
		ub_cfs_write(e->dev, ub_attrs[e->attr].name, buf);
	}
	free(j->e);
	j->e = NULL;
}

/* devtmpfs makes the node at once, udev may take a moment: scripts use it next. */
static void wait_disk(const char *dev)
{
	char disk[64], path[96];
	struct stat st;
	int i;

	if (ub_cfs_read(dev, "disk", disk, sizeof(disk)) || !disk[0])
		return;
	snprintf(path, sizeof(path), "/dev/%s", disk);
	for (i = 0; i < 200 && stat(path, &st); i++)
		usleep(10000);
}

/* The plan of one device as members of jdev: action, changes, faults. */
static void describe_json(const struct dev_work *dw, const char *kind)
{
	const struct ub_plan *plan = &dw->plan;
	const struct ub_fault_plan *fp = &dw->faults;
	struct ub_fault_write w[UB_FAULT_MAX_WRITES];
	struct json_object *arr, *o, *wr;
	unsigned int i, k, n;

	ub_js(jdev, "action", kind);
	arr = ub_jarr(jdev, "changes");
	for (i = 0; i < plan->nr; i++) {
		const struct ub_change *c = &plan->c[i];

		o = ub_jobj(arr, NULL);
		ub_js(o, "key", ub_attrs[c->attr].name);
		if (c->had)
			ub_val_json(o, "from", c->attr, c->from);
		else
			ub_js(o, "from", NULL);
		ub_val_json(o, "to", c->attr, c->to);
	}
	arr = ub_jarr(jdev, "faults");
	for (i = 0; i < fp->nr; i++) {
		const struct ub_fault_step *s = &fp->s[i];

		o = ub_jobj(arr, NULL);
		if (s->kind == UB_FSTEP_REMOVE) {
			ub_js(o, "rule", s->cur->name);
			ub_js(o, "action", "remove");
			continue;
		}
		ub_js(o, "rule", s->want->name);
		ub_js(o, "action", s->kind == UB_FSTEP_CREATE ? "create" : "change");
		wr = ub_jarr(o, "writes");
		n = ub_fault_writes(s->want, s->cur, dw->last_block, w);
		for (k = 0; k < n; k++) {
			struct json_object *x = ub_jobj(wr, NULL);

			ub_js(x, "attr", w[k].attr);
			ub_js(x, "value", w[k].val);
		}
	}
}

static void describe(const char *dev, const struct dev_work *dw)
{
	const struct ub_plan *plan = &dw->plan;
	const struct ub_fault_plan *fp = &dw->faults;
	struct ub_fault_write w[UB_FAULT_MAX_WRITES];
	const char *kind = ub_plan_kind_name(plan->kind);
	unsigned int i, k, n, items = 0;
	char a[64], b[64];

	if (plan->kind == UB_PLAN_NONE && fp->nr)
		kind = ub_plan_kind_name(dw->powered ? UB_PLAN_LIVE : UB_PLAN_OFFLINE);
	if (jdev) {
		describe_json(dw, kind);
		return;
	}
	printf("%s: %s", dev, kind);
	for (i = 0; i < plan->nr; i++) {
		const struct ub_change *c = &plan->c[i];

		ub_val_format_human(c->attr, c->to, b, sizeof(b));
		if (c->had) {
			ub_val_format_human(c->attr, c->from, a, sizeof(a));
			printf("%s %s %s->%s", items++ ? "," : ":", ub_attrs[c->attr].name, a, b);
		} else {
			printf("%s %s=%s", items++ ? "," : ":", ub_attrs[c->attr].name, b);
		}
	}
	for (i = 0; i < fp->nr; i++) {
		const struct ub_fault_step *s = &fp->s[i];

		if (s->kind == UB_FSTEP_REMOVE) {
			printf("%s faults/%s %s", items++ ? "," : ":", s->cur->name,
			       s->moved ? "removed (to keep the profile's order)" : "removed");
			continue;
		}
		printf("%s faults/%s%s", items++ ? "," : ":", s->want->name,
		       s->kind == UB_FSTEP_CREATE ? " new" : "");
		n = ub_fault_writes(s->want, s->cur, dw->last_block, w);
		for (k = 0; k < n; k++)
			printf(" %s=%s", w[k].attr, w[k].val);
	}
	putchar('\n');
}

/* Make, change and remove the fault rules of one device. */
static int run_faults(const char *dev, const struct dev_work *dw, bool dry_run,
		      struct journal *j)
{
	unsigned int i;
	char dir[128];
	int ret;

	for (i = 0; i < dw->faults.nr; i++) {
		const struct ub_fault_step *s = &dw->faults.s[i];
		const char *name = s->want ? s->want->name : s->cur->name;

		snprintf(dir, sizeof(dir), "%s/faults/%s", dev, name);
		if (s->kind == UB_FSTEP_REMOVE || s->kind == UB_FSTEP_CREATE) {
			bool rm = s->kind == UB_FSTEP_REMOVE;

			if (dry_run) {
				emit("%s %s/%s%s", rm ? "rmdir" : "mkdir", ub_cfs_root(), dir,
				     rm && !strncmp(name, "uring.", 6) ?
				     "\t# or FAULT_DEL if made over io_uring" : "");
				if (rm)
					continue;
			} else {
				ret = rm ? ub_cfs_rmdir(dir) : ub_cfs_mkdir(dir);
				if (ret == -EPERM && rm) {
					/* Made over io_uring: only FAULT_DEL removes it. */
					ret = ub_fault_del_admin(dev, name);
					if (ret == -ENODEV || ret == -ENOENT)
						ret = -EPERM;	/* off: no control device */
					else if (!ret)
						ub_note("%s: rule %s was made over io_uring: deleted with FAULT_DEL",
							dev, name);
				}
				if (ret) {
					ub_err("%s: %s faults/%s: %s%s", dev, rm ? "rmdir" : "mkdir",
					       name, strerror(-ret),
					       ret == -EPERM ? " (made over io_uring: power the device on, or 'uringblkctl fault del')" : "");
					return ret;
				}
				journal_add_rule(j, dev, name, rm ? s->cur : NULL, dw->last_block);
				if (rm)
					continue;
			}
		} else if (!dry_run) {
			journal_add_rule(j, dev, name, s->cur, dw->last_block);
		}
		ret = rule_write(dev, s->want, s->cur, dw->last_block, dry_run);
		if (ret)
			return ret;
	}
	return 0;
}

static int run_plan(const char *dev, const struct dev_work *dw, bool dry_run,
		    struct journal *j)
{
	const struct ub_plan *plan = &dw->plan;
	bool faults_done = false;
	char val[UB_VAL_TEXT_MAX];
	unsigned int i;
	int ret;

	if (plan->kind == UB_PLAN_CREATE) {
		if (dry_run) {
			emit("mkdir %s/%s", ub_cfs_root(), dev);
		} else {
			ret = ub_cfs_mkdir(dev);
			if (ret) {
				ub_err("%s: mkdir %s/%s: %s", dev, ub_cfs_root(), dev,
				       strerror(-ret));
				return ret;
			}
			journal_add(j, dev, J_MKDIR, false, 0);
		}
	}
	for (i = 0; i < plan->nr; i++) {
		const struct ub_change *c = &plan->c[i];
		const char *attr = ub_attrs[c->attr].name;

		if (c->attr == UB_A_power && c->to && !faults_done) {
			/* Rules first: the device goes live with them armed. */
			ret = run_faults(dev, dw, dry_run, j);
			if (ret)
				return ret;
			faults_done = true;
		}
		ub_val_format(c->attr, c->to, val, sizeof(val));
		if (dry_run) {
			emit("echo %s > %s/%s/%s", val, ub_cfs_root(), dev, attr);
			continue;
		}
		ret = ub_cfs_write(dev, attr, val);
		if (ret) {
			ub_err("%s: %s: write '%s': %s%s", dev, attr, val, strerror(-ret),
			       c->attr == UB_A_power ? ub_cfs_why(dev) : "");
			return ret;
		}
		journal_add(j, dev, c->attr, c->had, c->from);
		if (c->attr == UB_A_power && c->to)
			wait_disk(dev);
	}
	return faults_done ? 0 : run_faults(dev, dw, dry_run, j);
}

/*
 * latency_model: uploaded after the plan, once the device is powered (the
 * admin plane needs its disk); every apply uploads it again, the table
 * being the driver's and not diffed.  0 or -errno (printed).
 */
static int run_latency_model(const struct ub_dev_spec *d, bool dry_run)
{
	struct ub_lm_set *s;
	struct ub_admin ad;
	char name[64], buf[8];
	int ret;

	if (!d->latency_model[0])
		return 0;
	if (dry_run) {
		emit("uringblkctl latency-model %s %s", d->name, d->latency_model);
		return 0;
	}
	if (ub_cfs_read(d->name, "power", buf, sizeof(buf)) || buf[0] != '1') {
		ub_err("%s: latency_model: the device must be powered (power = true) to take a model",
		       d->name);
		return -ENODEV;
	}
	s = malloc(sizeof(*s));
	if (!s) {
		ub_err("%s: latency_model: out of memory", d->name);
		return -ENOMEM;
	}
	ret = -EINVAL;
	if (ub_latency_model_table(d->name, d->latency_model, s))
		goto out;
	ret = ub_open_dev(d->name, name, sizeof(name), &ad);
	if (ret)
		goto out;
	ret = ub_latency_model_upload(&ad, name, d->latency_model, s);
	ub_admin_close(&ad);
out:
	free(s);
	return ret;
}

/*
 * An index held by a device the profile does not describe would fail with
 * EBUSY half-way through; find it before anything is written.
 */
static unsigned int index_conflicts(const struct ub_profile *p)
{
	struct ub_val want[UB_NR_ATTRS];
	unsigned int i, k, nr, bad = 0;
	char **names, buf[32];
	uint64_t idx;

	if (ub_cfs_list(&names, &nr))
		return 0;
	for (k = 0; k < nr; k++) {
		bool described = false;

		for (i = 0; i < p->nr_devs; i++)
			described |= !strcmp(p->devs[i].name, names[k]);
		if (described || ub_cfs_read(names[k], "index", buf, sizeof(buf)) ||
		    ub_parse_dec(buf, &idx))
			continue;
		for (i = 0; i < p->nr_devs; i++) {
			ub_profile_effective(p, i, want);
			if (want[UB_A_index].set && want[UB_A_index].num == idx) {
				ub_err("%s: index: %llu is held by device '%s': %s", p->devs[i].name,
				       (unsigned long long)idx, names[k], strerror(EBUSY));
				bad++;
			}
		}
	}
	ub_cfs_names_free(names, nr);
	return bad;
}

/* The device's last block once the profile is applied, for lba "-end". */
static uint64_t last_block_of(const struct ub_val *want, const struct ub_val *cur)
{
	uint64_t cap = 0, lbs = 512;

	if (want[UB_A_capacity].set)
		cap = want[UB_A_capacity].num;
	else if (cur && cur[UB_A_capacity].set)
		cap = cur[UB_A_capacity].num;
	if (want[UB_A_logical_block_size].set)
		lbs = want[UB_A_logical_block_size].num;
	else if (cur && cur[UB_A_logical_block_size].set)
		lbs = cur[UB_A_logical_block_size].num;
	return cap >= lbs ? cap / lbs - 1 : 0;
}

/* The fault rule part of a device's plan; 0, or -1 when refused (printed). */
static int plan_faults(const struct ub_dev_spec *d, bool exists, struct dev_work *dw)
{
	char bad[160];
	int r;

	if (!d->faults_set)
		return 0;	/* no `faults` key: the rules stay as they are */
	if (exists) {
		r = ub_cfs_read_faults(d->name, &dw->cur_rules, &dw->nr_cur_rules, bad,
				       sizeof(bad));
		if (r == -ENOENT && !d->nr_faults)
			return 0;
		if (r == -ENOENT) {
			ub_err("%s: the loaded driver has no fault rules (no faults/ group)",
			       d->name);
			return -1;
		}
		if (r) {
			ub_err("%s: %s: read: %s", d->name, bad, strerror(-r));
			return -1;
		}
	}
	ub_fault_plan(d->faults, d->nr_faults, dw->cur_rules, dw->nr_cur_rules,
		      dw->last_block, &dw->faults);
	return 0;
}

static void free_work(struct dev_work *w, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		ub_fault_plan_free(&w[i].faults);
		free(w[i].cur_rules);
	}
	free(w);
}

/*
 * --json: the result of the whole run as the "result" member, printed;
 * "refused" and "undone" runs changed nothing.  Returns ret.
 */
static int apply_result(struct json_object *top, const char *result, int ret)
{
	if (top) {
		ub_js(top, "result", result);
		ub_json_print(top);
	}
	return ret;
}

int ub_apply_profile(const struct ub_profile *p, const struct ub_driver *drv,
		     const struct ub_apply_opts *o)
{
	struct dev_work *w = calloc(p->nr_devs ? p->nr_devs : 1, sizeof(*w));
	struct ub_val want[UB_NR_ATTRS], cur[UB_NR_ATTRS];
	struct journal j = { 0 };
	struct json_object *top = NULL, *devs = NULL;
	unsigned int i, k, refused = 0, cycles = 0;
	int ret = UB_EXIT_OK;

	if (!w)
		abort();
	if (ub_opt.json) {
		top = ub_jobj(NULL, NULL);
		ub_js(top, "profile", p->file);
		ub_jb(top, "dry_run", o->dry_run);
		devs = ub_jarr(top, "devices");
	}
	for (i = 0; i < p->nr_devs; i++) {
		const char *dev = p->devs[i].name, *bad = NULL;
		bool exists = ub_cfs_exists(dev);
		struct ub_plan *plan = &w[i].plan;

		if (exists) {
			int r = ub_cfs_read_dev(dev, drv, cur, &bad);

			if (r) {
				ub_err("%s: %s: read: %s", dev, bad, strerror(-r));
				free_work(w, p->nr_devs);
				return apply_result(top, "failed", UB_EXIT_FAIL);
			}
		}
		ub_profile_effective(p, i, want);
		ub_plan_device(want, exists ? cur : NULL, drv->live, plan);
		w[i].powered = exists && cur[UB_A_power].set && cur[UB_A_power].num;
		w[i].last_block = last_block_of(want, exists ? cur : NULL);
		if (plan_faults(&p->devs[i], exists, &w[i]))
			refused++;
		if (plan->kind != UB_PLAN_RECREATE || o->recreate)
			continue;
		cycles++;
		for (k = 0; k < plan->nr; k++) {
			const struct ub_change *c = &plan->c[k];
			char a[64], b[64];

			if (c->attr == UB_A_power || drv->live[c->attr])
				continue;
			ub_val_format_human(c->attr, c->from, a, sizeof(a));
			ub_val_format_human(c->attr, c->to, b, sizeof(b));
			ub_err("%s: %s: %s -> %s cannot change while powered (apply --recreate power-cycles the device)",
			       dev, ub_attrs[c->attr].name, a, b);
		}
	}
	if (cycles)
		ub_err("%u device(s) need a power cycle", cycles);
	refused += cycles + index_conflicts(p);
	if (refused) {
		ub_err("nothing was changed");
		free_work(w, p->nr_devs);
		return apply_result(top, "refused", UB_EXIT_FAIL);
	}
	for (i = 0; i < p->nr_devs; i++) {
		if (top) {
			/* The plan of every device, the dry run's commands too. */
			jdev = ub_jobj(devs, NULL);
			ub_js(jdev, "name", p->devs[i].name);
			describe(p->devs[i].name, &w[i]);
		} else if (!o->dry_run) {
			describe(p->devs[i].name, &w[i]);
		}
		if (run_plan(p->devs[i].name, &w[i], o->dry_run, &j) ||
		    run_latency_model(&p->devs[i], o->dry_run)) {
			if (j.nr)
				ub_err("undoing the changes made by this run");
			journal_undo(&j);
			ret = UB_EXIT_FAIL;
			break;
		}
	}
	jdev = NULL;
	free(j.e);
	free_work(w, p->nr_devs);
	return apply_result(top, ret ? "undone" : o->dry_run ? "planned" : "applied", ret);
}

int cmd_apply(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "recreate", no_argument, NULL, 'r' },
		{ "skip-unknown", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct ub_apply_opts o = { 0 };
	struct ub_parse_opts po = { 0 };
	struct ub_driver drv;
	struct ub_profile p;
	struct ub_msgs m = { 0 };
	bool have_drv;
	int c, ret;

	while ((c = getopt_long(argc, argv, "nrsh", lopts, NULL)) != -1) {
		switch (c) {
		case 'n': o.dry_run = true; break;
		case 'r': o.recreate = true; break;
		case 's': po.skip_unknown = true; break;
		case 'h':
			printf("usage: uringblkctl apply [--dry-run] [--recreate] [--skip-unknown] PROFILE\n");
			return UB_EXIT_OK;
		default: return UB_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		ub_err("apply: give exactly one PROFILE");
		return UB_EXIT_USAGE;
	}
	/*
	 * The profile is checked even without the driver, so a bad file is
	 * exit 2 everywhere; keys are matched against the driver when loaded.
	 */
	have_drv = !ub_cfs_driver(&drv);
	po.supported = have_drv ? drv.features : NULL;
	ret = ub_profile_parse_file(argv[optind], &po, &p, &m);
	ub_msgs_print(&m, stderr);
	ub_msgs_free(&m);
	if (ret) {
		ub_err("%s: profile rejected, nothing was changed", argv[optind]);
		ub_profile_free(&p);
		return UB_EXIT_USAGE;
	}
	if (!have_drv && !o.dry_run) {
		ub_profile_free(&p);
		ub_need_driver(&drv);
		return UB_EXIT_FAIL;
	}
	if (have_drv && p.driver_version[0] && strcmp(p.driver_version, drv.version))
		ub_note("%s was saved from driver %s, the loaded driver is %s",
			argv[optind], p.driver_version, drv.version);
	ret = ub_apply_profile(&p, &drv, &o);
	ub_profile_free(&p);
	return ret;
}
