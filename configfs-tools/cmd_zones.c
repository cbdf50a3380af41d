// SPDX-License-Identifier: GPL-2.0
/*
 * uringblkctl zones DEV [--json]: the zone table of a zoned device, paged
 * through URINGBLK_UCMD_ZONE_REPORT (one snapshot per page), one line per
 * zone as blkzone report prints it.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "uringblkctl.h"

/* BLK_ZONE_COND_* values (<linux/blkzoned.h>) and blkzone's short names. */
static const char *cond_name(unsigned int c)
{
	static const char *const names[16] = {
		[0x0] = "nw", [0x1] = "em", [0x2] = "oi", [0x3] = "oe",
		[0x4] = "cl", [0xd] = "ro", [0xe] = "fu", [0xf] = "ol",
	};

	return c < 16 && names[c] ? names[c] : "?";
}

int cmd_zones(int argc, char **argv)
{
	struct uringblk_zone_report r;
	struct ub_admin ad;
	char name[64];
	bool json;
	unsigned int start = 0, i;
	int ret;

	ret = ub_open_json_dev(argc, argv, "zones", &json, name, sizeof(name), &ad);
	if (ret)
		return ret;
	if (json)
		printf("{\"name\": \"%s\", \"zones\": [", name);
	do {
		memset(&r, 0, sizeof(r));
		r.start_zone = start;
		ret = ub_admin_cmd(&ad, URINGBLK_UCMD_ZONE_REPORT, &r, sizeof(r));
		if (ret < 0) {
			ub_err("%s: ZONE_REPORT (%s): %s%s", name, ub_admin_path(&ad),
			       strerror(-ret), ret == -EINVAL && !start ? " (not zoned?)" : "");
			ub_admin_close(&ad);
			if (json)
				printf("]}\n");
			return UB_EXIT_FAIL;
		}
		for (i = 0; i < r.nr_returned; i++) {
			const struct uringblk_zone *z = &r.zones[i];

			if (json)
				printf("%s{\"zone\": %u, \"start\": %llu, \"len\": %llu, "
				       "\"capacity\": %llu, \"wp\": %llu, \"type\": %u, "
				       "\"cond\": %u, \"cond_name\": \"%s\"}",
				       start + i ? ", " : "", start + i,
				       (unsigned long long)z->start, (unsigned long long)z->len,
				       (unsigned long long)z->capacity,
				       (unsigned long long)z->wp, z->type, z->cond,
				       cond_name(z->cond));
			else
				printf("zone %5u  start 0x%09llx  len 0x%06llx  cap 0x%06llx  "
				       "wptr 0x%06llx  %s  %s\n", start + i,
				       (unsigned long long)z->start, (unsigned long long)z->len,
				       (unsigned long long)z->capacity,
				       (unsigned long long)(z->wp - z->start),
				       z->type == 1 ? "conv" : "seq ", cond_name(z->cond));
		}
		start += r.nr_returned;
	} while (r.nr_returned && start < r.nr_zones);
	ub_admin_close(&ad);
	if (json)
		printf("]}\n");
	return UB_EXIT_OK;
}
