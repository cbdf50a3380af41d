// SPDX-License-Identifier: GPL-2.0
/*
 * ZONE_REPORT and ZONE_MGMT over the admin plane: refused on a plain
 * device; IDENTIFY's zone fields; a report paged by start_zone that
 * covers every zone once and equals BLKREPORTZONE; every ZONE_MGMT
 * action with its state change and its counter in GET_STATS (moved by
 * exactly one); zones per condition; the open limit (ETOOMANYREFS); bad
 * zone, action and reserved fields (EINVAL); EPERM without
 * CAP_SYS_ADMIN while the report still works.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/blkzoned.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "common.h"

#define NR_ZONES	256
#define NR_CONV		2
#define ZONE_SECTS	2048	/* 1M */
#define MAX_OPEN	4

static struct io_uring ring;
static int ctl;

static int report(unsigned int start, struct uringblk_zone_report *r)
{
	struct uringblk_ucmd_hdr h = ub_hdr(URINGBLK_UCMD_ZONE_REPORT, r, sizeof(*r));

	memset(r, 0, sizeof(*r));
	r->start_zone = start;
	return ub_uring_cmd(&ring, ctl, URINGBLK_UCMD, &h);
}

static int mgmt(unsigned int action, unsigned int zone)
{
	struct uringblk_zone_mgmt m = {
		.size = sizeof(m), .version = URINGBLK_ZONE_MGMT_VERSION,
		.action = action, .zone = zone,
	};
	struct uringblk_ucmd_hdr h = ub_hdr(URINGBLK_UCMD_ZONE_MGMT, &m, sizeof(m));

	return ub_uring_cmd(&ring, ctl, URINGBLK_UCMD, &h);
}

/* One zone's "cond" and "wp" as ZONE_REPORT gives them. */
static struct uringblk_zone zone(unsigned int n)
{
	static struct uringblk_zone_report r;

	CHECK(report(n, &r) >= 0, "ZONE_REPORT %u", n);
	return r.zones[0];
}

static void stats(struct uringblk_stats *st)
{
	struct uringblk_ucmd_hdr h = ub_hdr(URINGBLK_UCMD_GET_STATS, st, sizeof(*st));

	CHECK(ub_uring_cmd(&ring, ctl, URINGBLK_UCMD, &h) == sizeof(*st), "GET_STATS");
}

/* Every zone over BLKREPORTZONE equals the paged ZONE_REPORT. */
static void compare_blkreport(int fd)
{
	static struct uringblk_zone_report r;
	struct blk_zone_report *b;
	unsigned int i, seen = 0, start;

	b = calloc(1, sizeof(*b) + NR_ZONES * sizeof(struct blk_zone));
	CHECK(b, "calloc");
	b->nr_zones = NR_ZONES;
	CHECK(!ioctl(fd, BLKREPORTZONE, b), "BLKREPORTZONE: %s", strerror(errno));
	CHECK(b->nr_zones == NR_ZONES, "BLKREPORTZONE gave %u zones", b->nr_zones);
	for (start = 0; start < NR_ZONES; start += r.nr_returned) {
		CHECK(report(start, &r) >= 0, "ZONE_REPORT from %u", start);
		CHECK(r.nr_zones == NR_ZONES && r.nr_returned &&
		      r.nr_returned <= URINGBLK_ZONE_REPORT_MAX,
		      "page at %u: %u of %u", start, r.nr_returned, r.nr_zones);
		for (i = 0; i < r.nr_returned; i++) {
			const struct uringblk_zone *u = &r.zones[i];
			const struct blk_zone *k = &b->zones[start + i];

			CHECK(u->start == (start + i) * (uint64_t)ZONE_SECTS,
			      "zone %u start %llu", start + i, (unsigned long long)u->start);
			CHECK(u->start == k->start && u->len == k->len &&
			      u->capacity == k->capacity && u->type == k->type &&
			      u->cond == k->cond &&
			      (k->type == BLK_ZONE_TYPE_CONVENTIONAL || u->wp == k->wp),
			      "zone %u differs from BLKREPORTZONE", start + i);
			seen++;
		}
	}
	CHECK(seen == NR_ZONES, "paging covered %u zones", seen);
	free(b);
}

/* tests/helpers/zone-invariants.sh on the device: 0 when it all holds. */
static int invariants(const struct ub_test_dev *d)
{
	const char *top = getenv("UB_TOP");
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "%s/tests/helpers/zone-invariants.sh %s %s",
		 top ? top : ".", d->disk, d->name);
	return system(cmd);
}

int main(void)
{
	struct uringblk_stats before, after;
	static struct uringblk_zone_report r;
	struct uringblk_identify id;
	struct uringblk_ucmd_hdr h;
	struct ub_test_dev d;
	unsigned int i, sum;
	char *buf;
	int fd, ret;

	/* A plain device has no zones to report or manage. */
	ub_create(&d, "zplain", "capacity=8M", NULL);
	ctl = open(d.ctl, O_RDWR);
	CHECK(ctl >= 0, "open ctl");
	CHECK(!io_uring_queue_init(8, &ring, 0), "ring");
	CHECK(report(0, &r) == -EINVAL, "ZONE_REPORT on a plain device");
	CHECK(mgmt(URINGBLK_ZONE_RESET, 0) == -EINVAL, "ZONE_MGMT on a plain device");
	close(ctl);
	ub_destroy(&d);

	ub_create(&d, "zadm", "zoned=1", "zone_size=1M", "capacity=256M",
		  "zone_nr_conv=2", "zone_max_open=4", "zone_max_active=6", NULL);
	ctl = open(d.ctl, O_RDWR);
	CHECK(ctl >= 0, "open ctl");
	fd = open(d.disk, O_RDWR | O_DIRECT);
	CHECK(fd >= 0, "open disk");
	CHECK(!posix_memalign((void **)&buf, 4096, 8192), "buffer");
	memset(buf, 0x5a, 8192);

	h = ub_hdr(URINGBLK_UCMD_IDENTIFY, &id, sizeof(id));
	CHECK(ub_uring_cmd(&ring, ctl, URINGBLK_UCMD, &h) == sizeof(id), "IDENTIFY");
	CHECK(id.features & URINGBLK_F_ZONED, "F_ZONED missing");
	CHECK(id.zone_model == 2 && id.nr_zones == NR_ZONES &&
	      id.zone_size == 1 << 20 && id.zone_capacity == 1 << 20 &&
	      id.zone_nr_conv == NR_CONV && id.zone_max_open == MAX_OPEN &&
	      id.zone_max_active == 6 && id.zone_append_max_sectors == 1024,
	      "IDENTIFY zone fields: model %u zones %u size %llu conv %u open %u active %u append %u",
	      id.zone_model, id.nr_zones, (unsigned long long)id.zone_size,
	      id.zone_nr_conv, id.zone_max_open, id.zone_max_active,
	      id.zone_append_max_sectors);

	/* Paging and its edges. */
	CHECK(report(NR_ZONES, &r) == -EINVAL, "start_zone past the end");
	memset(&r, 0, sizeof(r));
	r.reserved1 = 1;
	h = ub_hdr(URINGBLK_UCMD_ZONE_REPORT, &r, sizeof(r));
	CHECK(ub_uring_cmd(&ring, ctl, URINGBLK_UCMD, &h) == -EINVAL, "report reserved1");
	CHECK(report(200, &r) >= 0 && r.nr_returned == 56, "last page: %u", r.nr_returned);
	CHECK(zone(0).type == BLK_ZONE_TYPE_CONVENTIONAL &&
	      zone(NR_CONV).type == BLK_ZONE_TYPE_SEQWRITE_REQ, "zone types");

	/* A write opens zone 2 implicitly and moves its pointer. */
	stats(&before);
	CHECK(pwrite(fd, buf, 8192, 2ULL << 20) == 8192, "write zone 2");
	CHECK(zone(2).cond == BLK_ZONE_COND_IMP_OPEN &&
	      zone(2).wp == 2 * ZONE_SECTS + 16, "zone 2 after a write");
	CHECK(pwrite(fd, buf, 4096, 2ULL << 20) < 0 && errno == EIO,
	      "write behind the pointer");

	/* Each action once: its state, and its counter moves by one. */
	CHECK(mgmt(URINGBLK_ZONE_OPEN, 3) == 0, "OPEN 3");
	CHECK(zone(3).cond == BLK_ZONE_COND_EXP_OPEN, "zone 3 explicitly open");
	CHECK(mgmt(URINGBLK_ZONE_CLOSE, 2) == 0, "CLOSE 2");
	CHECK(zone(2).cond == BLK_ZONE_COND_CLOSED, "zone 2 closed");
	CHECK(mgmt(URINGBLK_ZONE_FINISH, 4) == 0, "FINISH 4");
	CHECK(zone(4).cond == BLK_ZONE_COND_FULL &&
	      zone(4).wp == 5 * ZONE_SECTS, "zone 4 full");
	CHECK(mgmt(URINGBLK_ZONE_RESET, 4) == 0, "RESET 4");
	CHECK(zone(4).cond == BLK_ZONE_COND_EMPTY && zone(4).wp == 4 * ZONE_SECTS,
	      "zone 4 empty");
	stats(&after);
	CHECK(after.version >= 2 && after.zones.nr_zones == NR_ZONES, "zone stats");
	CHECK(after.zones.ops[URINGBLK_ZONE_OP_OPEN] - before.zones.ops[URINGBLK_ZONE_OP_OPEN] == 1 &&
	      after.zones.ops[URINGBLK_ZONE_OP_CLOSE] - before.zones.ops[URINGBLK_ZONE_OP_CLOSE] == 1 &&
	      after.zones.ops[URINGBLK_ZONE_OP_FINISH] - before.zones.ops[URINGBLK_ZONE_OP_FINISH] == 1 &&
	      after.zones.ops[URINGBLK_ZONE_OP_RESET] - before.zones.ops[URINGBLK_ZONE_OP_RESET] == 1,
	      "zone op counters moved by open %llu close %llu finish %llu reset %llu",
	      (unsigned long long)(after.zones.ops[URINGBLK_ZONE_OP_OPEN] - before.zones.ops[URINGBLK_ZONE_OP_OPEN]),
	      (unsigned long long)(after.zones.ops[URINGBLK_ZONE_OP_CLOSE] - before.zones.ops[URINGBLK_ZONE_OP_CLOSE]),
	      (unsigned long long)(after.zones.ops[URINGBLK_ZONE_OP_FINISH] - before.zones.ops[URINGBLK_ZONE_OP_FINISH]),
	      (unsigned long long)(after.zones.ops[URINGBLK_ZONE_OP_RESET] - before.zones.ops[URINGBLK_ZONE_OP_RESET]));
	/* Zones per condition: 2 conventional, 1 closed, 1 open, the rest empty. */
	CHECK(after.zones.cond[BLK_ZONE_COND_NOT_WP] == NR_CONV &&
	      after.zones.cond[BLK_ZONE_COND_CLOSED] == 1 &&
	      after.zones.cond[BLK_ZONE_COND_EXP_OPEN] == 1 &&
	      after.zones.cond[BLK_ZONE_COND_EMPTY] == NR_ZONES - NR_CONV - 2,
	      "zones per condition: not_wp %u empty %u exp_open %u closed %u",
	      after.zones.cond[BLK_ZONE_COND_NOT_WP], after.zones.cond[BLK_ZONE_COND_EMPTY],
	      after.zones.cond[BLK_ZONE_COND_EXP_OPEN], after.zones.cond[BLK_ZONE_COND_CLOSED]);
	for (i = 0, sum = 0; i < URINGBLK_ZONE_NR_CONDS; i++)
		sum += after.zones.cond[i];
	CHECK(sum == NR_ZONES, "conditions sum to %u", sum);
	compare_blkreport(fd);

	/* Open limit: zone 3 and three more are open, a fifth is refused. */
	for (i = 5; i < 5 + MAX_OPEN - 1; i++)
		CHECK(mgmt(URINGBLK_ZONE_OPEN, i) == 0, "OPEN %u", i);
	ret = mgmt(URINGBLK_ZONE_OPEN, i);
	CHECK(ret == -ETOOMANYREFS, "OPEN over the open limit gave %d", ret);
	CHECK(zone(i).cond == BLK_ZONE_COND_EMPTY, "refused OPEN changed zone %u", i);

	/* Bad arguments: nothing happens. */
	CHECK(mgmt(URINGBLK_ZONE_RESET, NR_ZONES) == -EINVAL, "zone past the end");
	CHECK(mgmt(0, 3) == -EINVAL && mgmt(URINGBLK_ZONE_FINISH + 1, 3) == -EINVAL,
	      "unknown action");
	CHECK(mgmt(URINGBLK_ZONE_FINISH, URINGBLK_ZONE_ALL) == -EINVAL,
	      "FINISH of all zones");
	CHECK(zone(3).cond == BLK_ZONE_COND_EXP_OPEN, "zone 3 changed by a refused command");

	/* The table as BLKREPORTZONE shows it obeys ZBC's rules. */
	CHECK(invariants(&d) == 0, "zone invariants (above)");

	/* Reset of every sequential zone. */
	CHECK(mgmt(URINGBLK_ZONE_RESET, URINGBLK_ZONE_ALL) == 0, "RESET ALL");
	stats(&after);
	CHECK(after.zones.cond[BLK_ZONE_COND_EMPTY] == NR_ZONES - NR_CONV,
	      "after RESET ALL: %u empty", after.zones.cond[BLK_ZONE_COND_EMPTY]);

	/*
	 * Writes follow admin-plane changes (6.10+ zone write plugs too):
	 * at the start of a reset zone, not into a finished one.
	 */
	CHECK(pwrite(fd, buf, 4096, 3ULL << 20) == 4096, "write after RESET ALL");
	CHECK(mgmt(URINGBLK_ZONE_FINISH, 3) == 0, "FINISH 3");
	CHECK(pwrite(fd, buf, 4096, (3ULL << 20) + 4096) < 0 && errno == EIO,
	      "write into a finished zone");
	CHECK(mgmt(URINGBLK_ZONE_RESET, 3) == 0, "RESET 3");
	CHECK(pwrite(fd, buf, 4096, 3ULL << 20) == 4096 &&
	      zone(3).wp == 3 * ZONE_SECTS + 8, "write after RESET 3");

	/* Without CAP_SYS_ADMIN: management refused, the report still read. */
	CHECK(mgmt(URINGBLK_ZONE_OPEN, 3) == 0, "OPEN 3 again");
	ub_drop_sys_admin();
	ret = mgmt(URINGBLK_ZONE_RESET, 3);
	CHECK(ret == -EPERM, "ZONE_MGMT without CAP_SYS_ADMIN gave %d", ret);
	CHECK(zone(3).cond == BLK_ZONE_COND_EXP_OPEN, "refused RESET changed zone 3");

	free(buf);
	close(fd);
	close(ctl);
	io_uring_queue_exit(&ring);
	ub_destroy(&d);
	return T_EXIT_PASS;
}
