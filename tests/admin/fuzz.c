// SPDX-License-Identifier: GPL-2.0
/*
 * Random admin commands over io_uring and ioctl, on a plain and a zoned
 * device: every opcode the uapi defines (the fault and zone commands that
 * read their input among them) and random ones, random lengths around
 * each payload's size, payloads in valid memory holding valid or spoilt
 * input, read-only, unmapped, kernel and non-canonical addresses, and
 * ranges that run off the end of a mapping into an unmapped page.
 *
 * Each answer is compared with the one the driver must give, worked out
 * here in driver/ctl.c's order of checks (header, permission, lengths,
 * reading the input, the command, writing the reply): a bad address is
 * EFAULT exactly where the driver reads or writes it, a success is the
 * exact byte count, FAULT_DEL knows which rule ids live.  Only ZONE_MGMT
 * of one zone depends on zone state (0, EIO, ETOOMANYREFS or EOVERFLOW).
 * The kernel must stay clean (the runner scans the log for splats).
 * Usage: fuzz [ITERATIONS] (default 4000; make stress runs 100000).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common.h"

#define NR_ZONES	32	/* capacity 32M, zone_size 1M */

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* The opcode table of driver/ctl.c, as the uapi defines it. */
static const struct {
	uint16_t op;
	const char *name;
	uint32_t payload;	/* 0: none */
	uint32_t input_len;	/* bytes read; 0: none read */
	int no_reply;
} ops[] = {
	{ URINGBLK_UCMD_IDENTIFY, "IDENTIFY", sizeof(struct uringblk_identify), 0, 0 },
	{ URINGBLK_UCMD_GET_STATS, "GET_STATS", sizeof(struct uringblk_stats), 0, 0 },
	{ URINGBLK_UCMD_RESET_STATS, "RESET_STATS", 0, 0, 0 },
	{ URINGBLK_UCMD_GET_LATENCY, "GET_LATENCY", sizeof(struct uringblk_latency), 0, 0 },
	{ URINGBLK_UCMD_GET_LATENCY_HIST, "GET_LATENCY_HIST",
	  sizeof(struct uringblk_latency_hist), offsetof(struct uringblk_latency_hist, buckets), 0 },
	{ URINGBLK_UCMD_FAULT_ADD, "FAULT_ADD", sizeof(struct uringblk_fault_rule),
	  sizeof(struct uringblk_fault_rule), 0 },
	{ URINGBLK_UCMD_FAULT_LIST, "FAULT_LIST", sizeof(struct uringblk_fault_list), 0, 0 },
	{ URINGBLK_UCMD_FAULT_DEL, "FAULT_DEL", sizeof(struct uringblk_fault_rule),
	  sizeof(struct uringblk_fault_rule), 1 },
	{ URINGBLK_UCMD_ZONE_REPORT, "ZONE_REPORT", sizeof(struct uringblk_zone_report),
	  offsetof(struct uringblk_zone_report, zones), 0 },
	{ URINGBLK_UCMD_ZONE_MGMT, "ZONE_MGMT", sizeof(struct uringblk_zone_mgmt),
	  sizeof(struct uringblk_zone_mgmt), 1 },
	{ URINGBLK_UCMD_POWERFAIL, "POWERFAIL", 0, 0, 0 },
	{ URINGBLK_UCMD_POWERFAIL_RECORD, "POWERFAIL_RECORD",
	  sizeof(struct uringblk_powerfail_record),
	  offsetof(struct uringblk_powerfail_record, runs), 0 },
	/* The whole structure is input. */
	{ URINGBLK_UCMD_SET_LATENCY_MODEL, "SET_LATENCY_MODEL",
	  sizeof(struct uringblk_latency_model), sizeof(struct uringblk_latency_model), 1 },
	/* Text: payload_len bytes are read (expect() has its own rule). */
	{ URINGBLK_UCMD_LOG_MARK, "LOG_MARK", URINGBLK_LOG_MARK_MAX, 0, 1 },
};
#define NR_OPS	(int)(sizeof(ops) / sizeof(ops[0]))

static int op_slot(uint16_t opcode)
{
	for (int i = 0; i < NR_OPS; i++)
		if (ops[i].op == opcode)
			return i;
	return -1;
}

/* Rule ids FAULT_ADD made and nothing deleted yet, per device. */
struct dev_state {
	struct ub_test_dev d;
	int fd;
	int zoned;
	uint32_t *live;
	int nr_live;
	/* SET_LATENCY_MODEL's upload in progress: quantiles in, their ops, spec, last. */
	uint32_t staged, stage_ops;
	char stage_spec[URINGBLK_MODEL_SPEC_LEN];
	uint64_t stage_last;
};
static struct dev_state devs[2];

static int live_find(struct dev_state *s, uint32_t id)
{
	for (int i = 0; i < s->nr_live; i++)
		if (s->live[i] == id)
			return i;
	return -1;
}

/* A rule FAULT_ADD accepts, or one with a field or two spoilt. */
static void fill_rule(struct uringblk_fault_rule *r, int spoil)
{
	memset(r, 0, sizeof(*r));
	r->size = sizeof(*r);
	r->version = URINGBLK_FAULT_RULE_VERSION;
	r->type = rnd() % URINGBLK_NR_FAULT_TYPES;
	r->ops = rnd() % 32;
	r->probability_ppm = rnd() % (URINGBLK_FAULT_PPM_MAX + 1);
	r->lba_start = rnd() % 4096;
	r->lba_end = r->lba_start + rnd() % 4096;
	r->delay_us = rnd() % 1000;
	r->id = rnd() % 64;
	r->after = rnd() % 3 ? 0 : rnd();
	r->enable = 0;	/* no I/O runs here; armed rules are not the point */
	switch (spoil ? rnd() % 8 : 7) {
	case 0: r->type = rnd(); break;
	case 1: r->lba_end = r->lba_start - 1; break;
	case 2: r->reserved[rnd() % 3] = rnd(); break;
	case 3: r->ops = rnd(); break;
	case 4: r->enable = rnd(); break;
	case 5: r->reserved0 = rnd(); break;
	case 6: r->delay_us = rnd(); break;
	default: break;
	}
}

static void fill_hist(struct uringblk_latency_hist *h, int spoil)
{
	memset(h, 0, offsetof(struct uringblk_latency_hist, buckets));
	h->op = rnd() % (URINGBLK_NR_OPS + 1);
	h->start = rnd() % 4 ? rnd() % URINGBLK_LAT_HIST_BUCKETS : URINGBLK_LAT_HIST_BUCKETS;
	switch (spoil ? rnd() % 6 : 5) {
	case 0: h->reserved0 = rnd(); break;
	case 1: h->reserved[rnd() % 3] = rnd(); break;
	case 2: h->start = rnd(); break;
	default: break;
	}
}

static void fill_report(struct uringblk_zone_report *r, int spoil)
{
	memset(r, 0, offsetof(struct uringblk_zone_report, zones));
	r->start_zone = rnd() % (NR_ZONES + 2);
	switch (spoil ? rnd() % 6 : 5) {
	case 0: r->reserved0 = rnd(); break;
	case 1: r->reserved1 = rnd(); break;
	case 2: r->reserved = rnd(); break;
	case 3: r->start_zone = rnd(); break;
	default: break;
	}
}

static void fill_mgmt(struct uringblk_zone_mgmt *m, int spoil)
{
	memset(m, 0, sizeof(*m));
	m->size = sizeof(*m);
	m->version = URINGBLK_ZONE_MGMT_VERSION;
	m->action = rnd() % 6;
	m->zone = rnd() % 8 ? rnd() % (NR_ZONES + 1) : URINGBLK_ZONE_ALL;
	switch (spoil ? rnd() % 6 : 5) {
	case 0: m->reserved0 = rnd(); break;
	case 1: m->reserved[rnd() % 2] = rnd(); break;
	case 2: m->action = rnd(); break;
	case 3: m->zone = rnd(); break;
	default: break;
	}
}

/* A page SET_LATENCY_MODEL accepts (a first one, or the next of @s's upload), or spoilt. */
static void fill_model(struct uringblk_latency_model *m, const struct dev_state *s, int spoil)
{
	uint64_t v;

	memset(m, 0, sizeof(*m));
	m->size = sizeof(*m);
	m->version = URINGBLK_LATENCY_MODEL_VERSION;
	if (s && s->staged && rnd() % 2) {
		m->start = s->staged;
		m->ops = s->stage_ops;
		memcpy(m->spec, s->stage_spec, sizeof(m->spec));
		v = s->stage_last;
	} else {
		m->ops = 1 + rnd() % ((1U << URINGBLK_NR_OPS) - 1);
		snprintf(m->spec, sizeof(m->spec), "fuzz %u", (unsigned int)(rnd() % 4));
		v = rnd() % 1000;
	}
	m->nr = URINGBLK_MODEL_QUANTILES - m->start;
	if (m->nr > URINGBLK_MODEL_PAGE)
		m->nr = URINGBLK_MODEL_PAGE;
	if (rnd() % 4 == 0)
		m->nr = 1 + rnd() % m->nr;
	for (uint32_t i = 0; i < m->nr; i++)
		m->quantiles[i] = v += rnd() % 1000;
	switch (spoil ? rnd() % 10 : 9) {
	case 0: m->reserved0 = rnd(); break;
	case 1: m->reserved[rnd() % 2] = rnd(); break;
	case 2: m->start = rnd() % URINGBLK_MODEL_QUANTILES; break;
	case 3: m->ops = rnd(); break;
	case 4: m->quantiles[rnd() % m->nr] = rnd(); break;
	case 5: m->nr = rnd() % (URINGBLK_MODEL_PAGE + 2); break;
	case 6: m->spec[rnd() % sizeof(m->spec)] = rnd(); break;
	case 7: m->reserved1 = rnd(); break;
	case 8: m->version = rnd(); break;
	default: break;
	}
}

/* ub_model_page_ok() of driver/model.c, against @s's upload. */
static int model_ok(const struct dev_state *s, const struct uringblk_latency_model *m)
{
	size_t n = strnlen(m->spec, sizeof(m->spec));
	uint64_t prev;

	if (m->size != sizeof(*m) || m->version != URINGBLK_LATENCY_MODEL_VERSION ||
	    m->reserved0 || m->reserved1 || m->reserved[0] || m->reserved[1] ||
	    !m->ops || m->ops >> URINGBLK_NR_OPS || !m->nr || m->nr > URINGBLK_MODEL_PAGE ||
	    m->start >= URINGBLK_MODEL_QUANTILES ||
	    m->nr > URINGBLK_MODEL_QUANTILES - m->start || !n || n == sizeof(m->spec))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (m->spec[i] < 0x20 || m->spec[i] > 0x7e)
			return 0;
	if (m->start && (!s->staged || m->start != s->staged || m->ops != s->stage_ops ||
			 strcmp(m->spec, s->stage_spec)))
		return 0;
	prev = m->start ? s->stage_last : 0;
	for (uint32_t i = 0; i < m->nr; i++) {
		if (m->quantiles[i] > URINGBLK_MODEL_DELAY_MAX || m->quantiles[i] < prev)
			return 0;
		prev = m->quantiles[i];
	}
	return 1;
}

/* Where the payload address points. */
enum { A_RW, A_RO, A_BAD, A_EDGE };
static const char *const aname[] = { "rw", "ro", "bad", "edge" };

/* The result ZONE_MGMT of one zone may give, by zone state. */
#define R_ZONE_STATE	(-10000)

static int readable(int cls, uint32_t bytes, uint32_t edge)
{
	return cls == A_RW || cls == A_RO || (cls == A_EDGE && bytes <= edge);
}

static int writable(int cls, uint32_t bytes, uint32_t edge)
{
	return cls == A_RW || (cls == A_EDGE && bytes <= edge);
}

/*
 * What the driver must answer, in ctl.c's order.  @in is what the driver
 * reads at the address (when it can read it).
 */
static int expect(struct dev_state *s, int uring, uint32_t cmd_op,
		  const struct uringblk_ucmd_hdr *h, int cls, uint32_t edge,
		  const void *in)
{
	int slot = op_slot(h->opcode);
	uint32_t n;
	int r = 0;

	if (uring && cmd_op != URINGBLK_UCMD)
		return -EOPNOTSUPP;
	if (h->abi_major != URINGBLK_ABI_MAJOR)
		return -EINVAL;
	if (slot < 0)
		return -EOPNOTSUPP;
	/* Running as root: no EPERM. */
	if (ops[slot].payload && !h->payload_len)
		return -EINVAL;
	if (!ops[slot].payload && (h->payload_len || h->payload_addr))
		return -EINVAL;
	if (h->payload_len > URINGBLK_PAYLOAD_MAX)
		return -EOVERFLOW;
	/* The mark's text; neither device has a log_writes. */
	if (h->opcode == URINGBLK_UCMD_LOG_MARK) {
		if (h->payload_len > URINGBLK_LOG_MARK_MAX)
			return -EINVAL;
		if (!readable(cls, h->payload_len, edge))
			return -EFAULT;
		return memchr(in, 0, h->payload_len) ? -EINVAL : -ENODEV;
	}
	if (ops[slot].input_len && h->payload_len < ops[slot].input_len)
		return -EINVAL;
	n = h->payload_len < ops[slot].payload ? h->payload_len : ops[slot].payload;
	if (ops[slot].input_len && !readable(cls, ops[slot].input_len, edge))
		return -EFAULT;

	switch (h->opcode) {
	case URINGBLK_UCMD_GET_LATENCY_HIST: {
		const struct uringblk_latency_hist *l = in;

		if (l->op >= URINGBLK_NR_OPS || l->start >= URINGBLK_LAT_HIST_BUCKETS ||
		    l->reserved0 || l->reserved[0] || l->reserved[1] || l->reserved[2])
			r = -EINVAL;
		break;
	}
	case URINGBLK_UCMD_FAULT_ADD: {
		const struct uringblk_fault_rule *f = in;

		if (f->reserved0 || f->enable > 1 || f->reserved[0] || f->reserved[1] ||
		    f->reserved[2] || f->type >= URINGBLK_NR_FAULT_TYPES ||
		    f->ops & ~((1U << URINGBLK_NR_OPS) - 1) ||
		    f->probability_ppm > URINGBLK_FAULT_PPM_MAX ||
		    f->delay_us > URINGBLK_FAULT_DELAY_MAX || f->lba_end < f->lba_start)
			r = -EINVAL;
		break;
	}
	case URINGBLK_UCMD_FAULT_DEL:
		r = live_find(s, ((const struct uringblk_fault_rule *)in)->id) >= 0 ? 0 : -ENOENT;
		break;
	case URINGBLK_UCMD_ZONE_REPORT: {
		const struct uringblk_zone_report *z = in;

		if (!s->zoned || z->reserved0 || z->reserved1 || z->reserved ||
		    z->start_zone >= NR_ZONES)
			r = -EINVAL;
		break;
	}
	case URINGBLK_UCMD_ZONE_MGMT: {
		const struct uringblk_zone_mgmt *m = in;

		if (!s->zoned || m->reserved0 || m->reserved[0] || m->reserved[1] ||
		    !m->action || m->action > URINGBLK_ZONE_FINISH)
			r = -EINVAL;
		else if (m->zone == URINGBLK_ZONE_ALL)
			r = m->action == URINGBLK_ZONE_RESET ? 0 : -EINVAL;
		else if (m->zone >= NR_ZONES)
			r = -EINVAL;
		else
			r = R_ZONE_STATE;
		break;
	}
	case URINGBLK_UCMD_POWERFAIL:
		/* Neither device has a volatile cache: nothing to cut. */
		r = -EINVAL;
		break;
	case URINGBLK_UCMD_SET_LATENCY_MODEL: {
		const struct uringblk_latency_model *m = in;

		/* The driver runs it: the upload moves on, completes or is abandoned. */
		if (!model_ok(s, m)) {
			s->staged = 0;
			r = -EINVAL;
			break;
		}
		s->staged = m->start + m->nr;
		s->stage_ops = m->ops;
		memcpy(s->stage_spec, m->spec, sizeof(s->stage_spec));
		s->stage_last = m->quantiles[m->nr - 1];
		if (s->staged == URINGBLK_MODEL_QUANTILES)
			s->staged = 0;	/* committed */
		break;
	}
	case URINGBLK_UCMD_POWERFAIL_RECORD: {
		const struct uringblk_powerfail_record *p = in;

		/* No power failure ever: a record of no runs. */
		if (p->reserved0 || p->reserved[0] || p->reserved[1] || p->start)
			r = -EINVAL;
		break;
	}
	default:
		break;
	}
	if (r || ops[slot].no_reply || !ops[slot].payload)
		return r;
	return writable(cls, n, edge) ? (int)n : -EFAULT;
}

/* Delete every rule FAULT_ADD left on @s; best effort when @strict is 0. */
static int drain_rules(struct dev_state *s, int strict)
{
	struct uringblk_fault_list l;
	struct uringblk_ucmd_hdr h;
	int i, total = -1;

	do {
		memset(&l, 0, sizeof(l));
		h = ub_hdr(URINGBLK_UCMD_FAULT_LIST, &l, sizeof(l));
		if (ub_ioctl_cmd(s->fd, &h) != sizeof(l)) {
			CHECK(!strict, "FAULT_LIST");
			return total;
		}
		if (total < 0)
			total = l.total;
		for (i = 0; i < l.nr_rules; i++) {
			struct uringblk_fault_rule r = { .id = l.rules[i].id };

			h = ub_hdr(URINGBLK_UCMD_FAULT_DEL, &r, sizeof(r));
			if (ub_ioctl_cmd(s->fd, &h) != 0) {
				CHECK(!strict, "FAULT_DEL %u", r.id);
				return total;
			}
		}
	} while (l.total > l.nr_rules);
	return total;
}

/* On a failed CHECK too: rules pin a device, so they go first. */
static void cleanup(void)
{
	for (int i = 0; i < 2; i++) {
		if (devs[i].fd > 0) {
			drain_rules(&devs[i], 0);
			close(devs[i].fd);
			devs[i].fd = 0;
		}
		ub_destroy(&devs[i].d);
	}
}

static void *map_page(int prot)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED, "mmap");
	if (prot != (PROT_READ | PROT_WRITE))
		CHECK(!mprotect(p, 4096, prot), "mprotect");
	return p;
}

int main(int argc, char **argv)
{
	static char good[8192] __attribute__((aligned(4096)));
	static char stage[URINGBLK_PAYLOAD_MAX] __attribute__((aligned(8)));
	int iterations = argc > 1 ? atoi(argv[1]) : 4000;
	int drawn[NR_OPS + 1] = { 0 }, efault[NR_OPS] = { 0 };
	int i, ret, ok = 0, rejected = 0, hdr_checks = 0, cls_n[4] = { 0 };
	void *ro[NR_OPS], *gone;
	struct uringblk_ucmd_hdr h;
	struct io_uring ring;
	char *edge;

	ub_create(&devs[0].d, "fuzz0", "capacity=8M", NULL);
	ub_create(&devs[1].d, "fuzz1", "zoned=1", "zone_size=1M", "capacity=32M",
		  "zone_nr_conv=2", "zone_max_open=4", "zone_max_active=6", NULL);
	devs[1].zoned = 1;
	for (i = 0; i < 2; i++) {
		devs[i].fd = open(devs[i].d.ctl, O_RDWR);
		CHECK(devs[i].fd >= 0, "open %s", devs[i].d.ctl);
		devs[i].live = calloc(iterations + 1, sizeof(uint32_t));
		CHECK(devs[i].live, "calloc");
	}
	atexit(cleanup);
	CHECK(ub_read_ull("/sys/block/uringblk%u/queue/nr_zones", devs[1].d.index) == NR_ZONES,
	      "zoned device: nr_zones is not %d", NR_ZONES);
	CHECK(!io_uring_queue_init(64, &ring, 0), "ring");

	/*
	 * One read-only page per opcode holding a valid input: what is read
	 * passes, so a command that replies must fail on the write back.
	 */
	for (i = 0; i < NR_OPS; i++) {
		ro[i] = map_page(PROT_READ | PROT_WRITE);
		switch (ops[i].op) {
		case URINGBLK_UCMD_GET_LATENCY_HIST:
			fill_hist(ro[i], 0);
			((struct uringblk_latency_hist *)ro[i])->op = URINGBLK_OP_READ;
			((struct uringblk_latency_hist *)ro[i])->start = 0;
			break;
		case URINGBLK_UCMD_FAULT_ADD:
		case URINGBLK_UCMD_FAULT_DEL:
			fill_rule(ro[i], 0);
			((struct uringblk_fault_rule *)ro[i])->id = 0xffffffffU;	/* none */
			break;
		case URINGBLK_UCMD_ZONE_REPORT:
			fill_report(ro[i], 0);
			((struct uringblk_zone_report *)ro[i])->start_zone = 0;
			break;
		case URINGBLK_UCMD_SET_LATENCY_MODEL:
			fill_model(ro[i], NULL, 0);
			break;
		case URINGBLK_UCMD_ZONE_MGMT:
			fill_mgmt(ro[i], 0);
			((struct uringblk_zone_mgmt *)ro[i])->action = URINGBLK_ZONE_RESET;
			((struct uringblk_zone_mgmt *)ro[i])->zone = URINGBLK_ZONE_ALL;
			break;
		}
		CHECK(!mprotect(ro[i], 4096, PROT_READ), "mprotect");
	}
	gone = map_page(PROT_READ | PROT_WRITE);
	munmap(gone, 4096);
	/* A writable page followed by an unmapped one. */
	edge = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(edge != MAP_FAILED, "mmap");
	munmap(edge + 4096, 4096);

	for (i = 0; i < iterations; i++) {
		uint32_t rule = sizeof(struct uringblk_fault_rule);
		uint32_t lens[] = {
			0, 1, 16, 32, rule - 1, rule, rule + 1, sizeof(struct uringblk_zone_mgmt),
			sizeof(struct uringblk_stats), sizeof(struct uringblk_latency),
			sizeof(struct uringblk_zone_report), URINGBLK_PAYLOAD_MAX,
			URINGBLK_PAYLOAD_MAX + 1, rnd(),
		};
		uint32_t cmd_op = rnd() % 16 ? URINGBLK_UCMD : (uint32_t)rnd();
		struct dev_state *s = &devs[rnd() % 2];
		int uring = rnd() % 2, slot, cls, want;
		uint32_t edge_room = 0;
		const void *in = stage;
		void *target = NULL;
		uint64_t addr = 0;

		/* Now and then the ioctl's own header at a bad address, or a wrong request. */
		if (rnd() % 64 == 0) {
			ret = ioctl(s->fd, URINGBLK_UCMD, (void *)(0xffff888000000000ULL));
			CHECK(ret < 0 && errno == EFAULT, "ioctl, header at a kernel address: %d %s",
			      ret, strerrorname_np(errno));
			ret = ioctl(s->fd, URINGBLK_UCMD, gone);
			CHECK(ret < 0 && errno == EFAULT, "ioctl, header unmapped: %d %s",
			      ret, strerrorname_np(errno));
			ret = ioctl(s->fd, _IOWR('U', 0x02, struct uringblk_ucmd_hdr), good);
			CHECK(ret < 0 && errno == ENOTTY, "ioctl, wrong request: %d %s",
			      ret, strerrorname_np(errno));
			hdr_checks++;
		}

		h = (struct uringblk_ucmd_hdr) {
			.abi_major = rnd() % 8 ? URINGBLK_ABI_MAJOR : rnd(),
			.abi_minor = rnd(),
			.opcode = rnd() % 8 ? ops[rnd() % NR_OPS].op : rnd(),
			.payload_len = lens[rnd() % (sizeof(lens) / sizeof(lens[0]))],
		};
		slot = op_slot(h.opcode);
		drawn[slot < 0 ? NR_OPS : slot]++;

		/* The input, by opcode: valid, spoilt or random bytes. */
		if (rnd() % 4 == 0) {
			for (size_t k = 0; k < sizeof(stage) / 8; k++)
				((uint64_t *)stage)[k] = rnd();
		} else {
			int spoil = rnd() % 2;

			switch (h.opcode) {
			case URINGBLK_UCMD_GET_LATENCY_HIST:
				fill_hist((void *)stage, spoil);
				break;
			case URINGBLK_UCMD_ZONE_REPORT:
				fill_report((void *)stage, spoil);
				break;
			case URINGBLK_UCMD_ZONE_MGMT:
				fill_mgmt((void *)stage, spoil);
				break;
			case URINGBLK_UCMD_SET_LATENCY_MODEL:
				fill_model((void *)stage, s, spoil);
				break;
			case URINGBLK_UCMD_LOG_MARK:
				/* Text without a NUL; spoilt: one somewhere. */
				memset(stage, 'm', sizeof(stage));
				if (spoil)
					((char *)stage)[rnd() % 64] = 0;
				break;
			default:
				fill_rule((void *)stage, spoil);
				/* FAULT_DEL: often a rule that is there. */
				if (s->nr_live && rnd() % 2)
					((struct uringblk_fault_rule *)stage)->id =
						s->live[rnd() % s->nr_live];
				break;
			}
		}

		switch (rnd() % 11) {
		case 0: case 1:
			cls = A_RW; target = good; break;
		case 2:
			cls = A_RW; target = good + rnd() % 4096; break;
		case 3:
			cls = A_BAD; addr = 0; break;
		case 4:
			cls = A_BAD; addr = 0xffff888000000000ULL + (rnd() & 0xfffff000); break;
		case 5:
			cls = A_BAD; addr = 0xffffffff81000000ULL; break;
		case 6:
			cls = A_BAD; addr = 0x8000000000000000ULL; break;
		case 7:
			cls = A_RO; addr = (uintptr_t)ro[slot < 0 ? 0 : slot]; in = ro[slot < 0 ? 0 : slot];
			break;
		case 8:
			cls = A_BAD; addr = (uintptr_t)gone; break;
		case 9:
			cls = A_BAD; addr = rnd() | (1ULL << 63); break;
		default:
			/* edge_room bytes, then the unmapped page. */
			cls = A_EDGE;
			edge_room = 1 + rnd() % 4096;
			target = edge + 4096 - edge_room;
			break;
		}
		if (cls == A_RW) {
			memcpy(target, stage, sizeof(stage));
			addr = (uintptr_t)target;
		} else if (cls == A_EDGE) {
			memcpy(target, stage, edge_room);
			addr = (uintptr_t)target;
		}
		h.payload_addr = addr;
		cls_n[cls]++;

		want = expect(s, uring, cmd_op, &h, cls, edge_room, in);
		ret = uring ? ub_uring_cmd(&ring, s->fd, cmd_op, &h) : ub_ioctl_cmd(s->fd, &h);

		if (want == R_ZONE_STATE)
			CHECK(ret == 0 || ret == -EIO || ret == -ETOOMANYREFS || ret == -EOVERFLOW,
			      "ZONE_MGMT action %u zone %u on %s: %d (%s), want 0, EIO, ETOOMANYREFS or EOVERFLOW",
			      ((const struct uringblk_zone_mgmt *)in)->action,
			      ((const struct uringblk_zone_mgmt *)in)->zone, s->d.name, ret,
			      ret < 0 ? strerrorname_np(-ret) : "ok");
		else
			CHECK(ret == want,
			      "command %d: %s opcode 0x%x (%s) len %u addr 0x%llx (%s) on %s: got %d (%s), want %d (%s)",
			      i, uring ? "uring" : "ioctl", h.opcode, slot < 0 ? "unknown" : ops[slot].name,
			      h.payload_len, (unsigned long long)h.payload_addr, aname[cls], s->d.name,
			      ret, ret < 0 ? strerrorname_np(-ret) : "ok",
			      want, want < 0 ? strerrorname_np(-want) : "ok");
		if (ret == -EFAULT)
			efault[slot]++;
		if (ret >= 0)
			ok++;
		else
			rejected++;

		/* Keep the set of live rule ids in step. */
		if (ret >= 0 && h.opcode == URINGBLK_UCMD_FAULT_ADD) {
			CHECK(s->nr_live <= iterations, "too many rules");
			s->live[s->nr_live++] = ((struct uringblk_fault_rule *)target)->id;
		} else if (ret == 0 && h.opcode == URINGBLK_UCMD_FAULT_DEL) {
			int k = live_find(s, ((const struct uringblk_fault_rule *)in)->id);

			s->live[k] = s->live[--s->nr_live];
		}
	}

	printf("NOTE: fuzz: %d commands, %d ok, %d rejected; addresses rw %d, ro %d, bad %d, edge %d; %d bad ioctl headers\n",
	       iterations, ok, rejected, cls_n[A_RW], cls_n[A_RO], cls_n[A_BAD], cls_n[A_EDGE],
	       hdr_checks);
	printf("NOTE: fuzz: opcodes drawn (EFAULT):");
	for (i = 0; i < NR_OPS; i++)
		printf(" %s %d (%d)", ops[i].name, drawn[i], efault[i]);
	printf(" unknown %d\n", drawn[NR_OPS]);
	CHECK(ok > 0 && rejected > 0, "fuzzing did not reach both outcomes");
	if (iterations >= 2000)
		for (i = 0; i < NR_OPS; i++)
			CHECK(drawn[i] > 0 && (!ops[i].payload || efault[i] > 0),
			      "%s: drawn %d times, EFAULT %d times", ops[i].name, drawn[i], efault[i]);

	/* Every rule made is listed, no failed FAULT_ADD left one; all go. */
	for (i = 0; i < 2; i++) {
		ret = drain_rules(&devs[i], 1);
		CHECK(ret == devs[i].nr_live, "%s: FAULT_LIST shows %d rules, FAULT_ADD made %d",
		      devs[i].d.name, ret, devs[i].nr_live);
		close(devs[i].fd);
		devs[i].fd = 0;
	}
	io_uring_queue_exit(&ring);
	cleanup();
	return T_EXIT_PASS;
}
