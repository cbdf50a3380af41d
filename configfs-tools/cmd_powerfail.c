// SPDX-License-Identifier: GPL-2.0
/*
 * uringblkctl powerfail DEV [--record]: cut the power of a volatile_cache
 * device now (the POWERFAIL admin command, as the configfs `powerfail`
 * file does; Documentation/powerfail.md), or print what the power on
 * after the last power failure kept and dropped (POWERFAIL_RECORD, page
 * by page).
 *
 * uringblkctl mark DEV TEXT: a mark entry in the device's write log
 * (LOG_MARK, as dm-log-writes' "dmsetup message DEV 0 mark TEXT").
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "out.h"
#include "uringblkctl.h"

static const char *const policy_names[] = {
	[URINGBLK_POWERFAIL_DROP] = "drop",
	[URINGBLK_POWERFAIL_KEEP] = "keep",
	[URINGBLK_POWERFAIL_RANDOM] = "random",
};

static const char *policy_name(uint32_t p)
{
	return p < sizeof(policy_names) / sizeof(policy_names[0]) ? policy_names[p] : "?";
}

/* Every page of the record; the header of the first (all agree: one power on). */
static int print_record(struct ub_admin *ad, const char *name)
{
	struct uringblk_powerfail_record *pr = malloc(sizeof(*pr));
	struct json_object *top = NULL, *runs = NULL, *o;
	uint32_t start = 0, i;
	int ret = UB_EXIT_OK;

	if (!pr)
		return UB_EXIT_FAIL;
	do {
		memset(pr, 0, sizeof(*pr));
		pr->start = start;
		if (ub_do_cmd(ad, name, "POWERFAIL_RECORD", URINGBLK_UCMD_POWERFAIL_RECORD,
			      pr, sizeof(*pr)) < 0) {
			ret = UB_EXIT_FAIL;
			break;
		}
		if (!start) {
			if (ub_opt.json) {
				top = ub_jobj(NULL, NULL);
				ub_js(top, "name", name);
				ub_ju(top, "id", pr->id);
				ub_js(top, "policy", pr->id ? policy_name(pr->policy) : "-");
				ub_ju(top, "seed", pr->seed);
				ub_ju(top, "keep_pct", pr->keep_pct);
				ub_ju(top, "kept_blocks", pr->kept_blocks);
				ub_ju(top, "dropped_blocks", pr->dropped_blocks);
				ub_jb(top, "truncated", pr->flags & URINGBLK_POWERFAIL_TRUNCATED);
				runs = ub_jarr(top, "runs");
			} else if (!pr->id) {
				printf("%s: no power failure applied yet\n", name);
			} else {
				printf("%s: power failure %llu, policy %s seed %llu keep_pct %u: kept %llu, dropped %llu blocks%s\n",
				       name, (unsigned long long)pr->id, policy_name(pr->policy),
				       (unsigned long long)pr->seed, pr->keep_pct,
				       (unsigned long long)pr->kept_blocks,
				       (unsigned long long)pr->dropped_blocks,
				       pr->flags & URINGBLK_POWERFAIL_TRUNCATED ?
				       " (record truncated)" : "");
			}
		}
		for (i = 0; i < pr->nr_returned; i++) {
			const struct uringblk_powerfail_run *r = &pr->runs[i];

			if (runs) {
				o = ub_jobj(runs, NULL);
				ub_ju(o, "sector", r->sector);
				ub_ju(o, "nr_sectors", r->nr_sectors);
				ub_jb(o, "kept", r->kept);
			} else {
				printf("%s %llu %u\n", r->kept ? "kept" : "dropped",
				       (unsigned long long)r->sector, r->nr_sectors);
			}
		}
		start += pr->nr_returned;
	} while (pr->nr_returned && start < pr->nr_runs);
	if (top && ret == UB_EXIT_OK)
		ub_json_print(top);
	free(pr);
	return ret;
}

int cmd_powerfail(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "record", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	bool record = false;
	struct ub_admin ad;
	char name[64];
	int c, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'r')
			goto usage;
		record = true;
	}
	if (optind != argc - 1)
		goto usage;
	if (ub_open_dev(argv[optind], name, sizeof(name), &ad))
		return UB_EXIT_FAIL;
	if (record) {
		ret = print_record(&ad, name);
		ub_admin_close(&ad);
		return ret;
	}
	ret = ub_admin_cmd(&ad, URINGBLK_UCMD_POWERFAIL, NULL, 0);
	if (ret < 0)
		ub_err("%s: powerfail (%s): %s%s", name, ub_admin_path(&ad), strerror(-ret),
		       ret == -EINVAL ? " (needs volatile_cache=1)" : "");
	ub_admin_close(&ad);
	if (ret < 0)
		return UB_EXIT_FAIL;
	ub_print_done(name, "powerfail", "power cut");
	return UB_EXIT_OK;
usage:
	ub_err("usage: uringblkctl powerfail DEV [--record]");
	return UB_EXIT_USAGE;
}

int cmd_mark(int argc, char **argv)
{
	struct ub_admin ad;
	char name[64];
	size_t len;
	int ret;

	if (argc != 3)
		goto usage;
	/* The driver checks the length against the log's block size. */
	len = strlen(argv[2]);
	if (!len || len > URINGBLK_LOG_MARK_MAX) {
		ub_err("mark: TEXT must be 1..%d bytes", URINGBLK_LOG_MARK_MAX);
		return UB_EXIT_USAGE;
	}
	if (ub_open_dev(argv[1], name, sizeof(name), &ad))
		return UB_EXIT_FAIL;
	ret = ub_admin_cmd(&ad, URINGBLK_UCMD_LOG_MARK, argv[2], (uint32_t)len);
	if (ret < 0)
		ub_err("%s: mark (%s): %s%s", name, ub_admin_path(&ad), strerror(-ret),
		       ret == -ENODEV ? " (no log_writes set, or powered off)" :
		       ret == -EINVAL ? " (longer than logical_block_size - 33 bytes?)" :
		       ret == -EIO ? " (logging stopped, see dmesg)" : "");
	ub_admin_close(&ad);
	if (ret < 0)
		return UB_EXIT_FAIL;
	ub_print_done(name, "mark", argv[2]);
	return UB_EXIT_OK;
usage:
	ub_err("usage: uringblkctl mark DEV TEXT");
	return UB_EXIT_USAGE;
}
