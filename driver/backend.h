/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Backend operations: where a device keeps its data.  The request path
 * (blkmq.c) and the admin plane only call through this table; which
 * backend a device has is the `backend` attribute (backend_list.h), and
 * everything a backend keeps for itself (memory_limit, the backing file)
 * lives in its own structure around struct ub_backend.  Offsets and
 * lengths are in bytes; the block layer has checked them against the
 * capacity.
 */
#ifndef _URINGBLK_BACKEND_H
#define _URINGBLK_BACKEND_H

#include <linux/bits.h>
#include <linux/blk_types.h>
#include <linux/types.h>

struct request;
struct ub_backend;
struct ub_limits;
struct uringblk_cache_stats;
struct uringblk_config;
struct uringblk_powerfail_run;

/*
 * ->queue_rq returned this: the backend owns the request and reports
 * its status with ub_backend_done() later (a kiocb completion).  Outside
 * the BLK_STS_* values blk-mq defines; it never reaches blk-mq.
 */
#define UB_STS_PENDING	((__force blk_status_t)0xfe)

struct ub_backend_ops {
	const char *name;
	/* Bytes of per-request data it keeps after struct ub_cmd. */
	unsigned int pdu_size;
	/*
	 * Power on: make the data reachable.  May resolve c->capacity and
	 * turn off what the store cannot do in @lim (discard, write-zeroes).
	 * Runs under dev->lock in the context of the writer of `power`.
	 */
	int (*power_on)(struct ub_backend *be, struct uringblk_config *c,
			struct ub_limits *lim);
	/* Power off, after every request has ended (optional). */
	void (*power_off)(struct ub_backend *be);
	/*
	 * Execute a read, write, flush, discard or write-zeroes request,
	 * moving at most @limit bytes of a read or write (torn writes).
	 * Returns its status, or UB_STS_PENDING.
	 */
	blk_status_t (*queue_rq)(struct ub_backend *be, struct request *rq,
				 u64 limit);
	/*
	 * Zero [@pos, @pos + @len) and give back what held it: a zone reset,
	 * or the tail of a failed zone write.  Optional; a zoned device
	 * needs it (zoned.c keeps write pointers only for such a backend).
	 */
	void (*discard)(struct ub_backend *be, u64 pos, u64 len);
	/* Drop everything at and beyond @size (shrink; optional). */
	void (*truncate)(struct ub_backend *be, u64 size);
	/*
	 * A powered device grows to @size: make room for it or refuse it
	 * (-EINVAL), before the disk's size changes.  Optional.
	 */
	int (*grow)(struct ub_backend *be, const struct uringblk_config *c,
		    u64 size);
	/* Bytes of RAM held for data and its index (optional: 0). */
	u64 (*memory_used)(struct ub_backend *be);
	/* Bytes of data pages on node N in @bytes[N], N < nr_node_ids. */
	void (*memory_by_node)(struct ub_backend *be, u64 *bytes);
	/* The volatile cache's counters (optional: all 0). */
	void (*cache_stats)(struct ub_backend *be,
			    struct uringblk_cache_stats *st);
	/* The memory_limit attribute; NULL: only 0 is accepted. */
	void (*set_memory_limit)(struct ub_backend *be, u64 limit);
	void (*destroy)(struct ub_backend *be);
};

struct ub_backend {
	const struct ub_backend_ops *ops;
	/*
	 * NUMA node for data pages, NUMA_NO_NODE: the writer's; set while
	 * off.  Backends without pages of their own (file) ignore it.
	 */
	int home_node;
	/* Pages that landed on another node than home_node (it was full). */
	atomic64_t numa_fallback;
	/*
	 * blocking=0: requests a backend finished from a work item because
	 * an allocation without sleeping failed (debugfs nowait_punts).
	 */
	atomic_long_t nowait_punts;
	/*
	 * debugfs knob (0 by default: one predictable branch): every such
	 * allocation fails, so tests reach the work item on any machine.
	 */
	u32 fail_nowait;
	/*
	 * Volatile cache (memory backend): set by a power failure (once per
	 * cut: ub_power_cut() counts it in powerfails), so that nothing more
	 * is made durable; the next power on applies pf (copied from the
	 * device's settings then), records what it did in record and clears
	 * it.  record changes only at a power on, so readers while powered
	 * (debugfs, POWERFAIL_RECORD) see it stable.
	 */
	unsigned long power_cut;
	u64 powerfails;
	struct ub_pf_params {
		u32 policy;		/* URINGBLK_POWERFAIL_* */
		u32 keep_pct;		/* random: kept with this probability */
		u64 seed;
	} pf;
	struct ub_pf_record *record;
};

/*
 * What a power on after a power failure did (powerfail.c): runs of
 * logical blocks kept or dropped, in ascending order, at most
 * UB_PF_RECORD_MAX of them (then truncated, the counts stay exact).
 */
struct ub_pf_record {
	u64 id;				/* be->powerfails at the cut */
	struct ub_pf_params pf;
	u64 kept_blocks, dropped_blocks;
	u32 nr, cap;
	bool truncated;
	struct uringblk_powerfail_run *runs;
};

#define UB_PF_RECORD_MAX	BIT(20)

struct ub_pf_record *ub_pf_record_new(const struct ub_backend *be);
void ub_pf_record_free(struct ub_pf_record *r);
bool ub_pf_keep(const struct ub_pf_params *pf, u64 sector);
void ub_pf_note(struct ub_pf_record *r, u64 sector, u32 nr_sectors, bool kept);

/* One constructor per word of backend_list.h. */
struct ub_backend *ub_memory_backend_create(const struct uringblk_config *c);
struct ub_backend *ub_file_backend_create(const struct uringblk_config *c);
struct ub_backend *ub_none_backend_create(const struct uringblk_config *c);

/* blkmq.c: a backend finished a request it took with UB_STS_PENDING. */
void ub_backend_done(struct request *rq, blk_status_t status);

#endif /* _URINGBLK_BACKEND_H */
