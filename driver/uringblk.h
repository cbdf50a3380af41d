/* SPDX-License-Identifier: GPL-2.0 */
/*
 * uringblk internal definitions shared by the driver's files.
 *
 * A device has two halves, as in null_blk: the configuration that configfs
 * holds for the whole life of the directory (struct uringblk_config), and
 * the live disk that power=1 builds and power=0 tears down.  The backend
 * (the data) belongs to the directory, so it survives power cycles.
 */
#ifndef _URINGBLK_H
#define _URINGBLK_H

#include <linux/blk-mq.h>
#include <linux/configfs.h>
#include <linux/hrtimer.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <uapi/linux/uringblk.h>

#include "attrs.h"

#include "faults.h"
#include "logw.h"
#include "model.h"
#include "stats.h"
#include "validate.h"

struct ub_backend;
struct ub_ctl;
struct ub_zones;
struct ub_logw;
struct dentry;

/* UB_COMPLETION_<word of `completion`>, in completion_list.h's order. */
#define UB_COMPLETION(w)	UB_COMPLETION_##w,
enum ub_completion {
#include "completion_list.h"
	UB_COMPLETION_NR,
};

#undef UB_COMPLETION

/*
 * One field per setting in attr_list.h, of the same name, as configfs.c
 * reaches them by offset from that list: u64, except UB_K_STR settings,
 * a kmalloc'ed string (NULL: unset).
 */
struct uringblk_config {
	u64 capacity;			/* bytes */
	u64 completion_nsec;		/* timer completion latency */
	u64 latency_seed;		/* completion=model: the draw's seed */
	u64 channels;			/* completion=model: in service at once, 0: any */
	u64 memory_limit;		/* bytes of RAM, 0 = no limit */
	u64 io_timeout_ms;		/* blk-mq request timeout */
	u64 index;			/* /dev/uringblk<index> */
	u64 logical_block_size;
	u64 physical_block_size;
	u64 max_sectors;		/* 512-byte sectors */
	u64 queue_depth;
	u64 nr_hw_queues;		/* interrupt-driven queues */
	u64 poll_queues;		/* HCTX_TYPE_POLL queues */
	u64 completion;			/* enum ub_completion */
	u64 discard;			/* 0 or 1, and so on below */
	u64 write_zeroes;
	u64 write_cache;
	u64 volatile_cache;		/* unflushed writes lost at a power failure */
	u64 volatile_cache_size;	/* bytes not durable at most, 0: no limit */
	u64 powerfail_keep_pct;		/* powerfail_policy=random: kept, percent */
	u64 powerfail_seed;		/* powerfail_policy=random: the draw's seed */
	u64 stats;			/* collect statistics (live) */
	u64 home_node;			/* NUMA node, UB_NO_NODE: local */
	u64 backend;			/* enum ub_backend_kind */
	char *path;			/* file backend: absolute path */
	u64 direct;			/* file backend: O_DIRECT */
	u64 grow;			/* file backend: extend to capacity */
	u64 zoned;			/* host-managed zoned device */
	u64 zone_size;			/* bytes, a power of two */
	u64 zone_capacity;		/* bytes, 0: zone_size */
	u64 zone_nr_conv;		/* conventional zones at the start */
	u64 zone_max_open;		/* 0: no limit */
	u64 zone_max_active;		/* 0: no limit */
	u64 zone_append_max_sectors;	/* 0: min(max_sectors, zone) */
	u64 blocking;			/* BLK_MQ_F_BLOCKING: may sleep */
	char *log_writes;		/* write log: absolute path (logw.c) */
};

struct uringblk_dev {
	struct config_group group;
	/* Serialises attribute writes, power changes and teardown. */
	struct mutex lock;
	struct uringblk_config cfg;
	char name[URINGBLK_NAME_MAX + 1];
	/*
	 * Why the last power on was refused, "ENAME: reason" as dmesg says
	 * it (ub_refuse()); empty after a successful one (dev->lock).
	 */
	char last_error[160];
	bool powered;
	bool kernel_made;		/* nr_devices group, not a user mkdir */
	struct list_head node;		/* on ub_kernel_devs */
	struct ub_backend *backend;
	struct ub_stats stats;		/* lives as long as the directory */
	struct ub_faults faults;	/* <device>/faults/ */
	struct ub_zones *zones;		/* zoned: the zone table, with the data */
	struct ub_model model;		/* completion=model (model.c) */
	/* The write log while logging (logw.c); set and cleared under lock. */
	struct ub_logw __rcu *logw;

	/* Valid while powered. */
	struct blk_mq_tag_set tag_set;
	struct gendisk *disk;
	struct ub_queue *queues;	/* one per possible hardware queue */
	struct ub_ctl *ctl;		/* /dev/uringblk<N>-ctl */
	struct dentry *debugfs;		/* /sys/kernel/debug/uringblk/<disk> */
	/*
	 * Non-zero while powering off or changing the queues: timeout rules
	 * end their requests at once with this status instead of holding
	 * them, so nothing waits io_timeout_ms behind them.
	 */
	blk_status_t hold_fail;
	/*
	 * `powerfail` cut the power: every request ends with EIO until the
	 * next power on (powerfail.c); READ_ONCE where requests start and end.
	 */
	bool powerfailed;
	u32 powerfail_policy;		/* URINGBLK_POWERFAIL_*, read at power on */
	/*
	 * A cut from a fault rule (in ->queue_rq, where the queue cannot be
	 * quiesced) ends the requests timeout rules hold from here.
	 */
	struct work_struct powerfail_work;
	/* Queue counts the tag set was last built with (map_queues fallback). */
	u32 prev_nr_hw_queues;
	u32 prev_poll_queues;
	u32 zone_append_max_sectors;	/* as resolved at power on */
	/*
	 * debugfs knob (0 by default: one predictable branch): a zoned write
	 * sleeps this long between taking its zone and moving its data, so
	 * tests can show races that TCG's single thread hides.
	 */
	u32 delay_in_copy_us;
	/*
	 * debugfs knob, the same way: a request that matched a fault rule
	 * sleeps this long before it uses the rule's type (faults.c), so a
	 * test can change the rule inside that window.
	 */
	u32 delay_in_match_us;
	/*
	 * debugfs knob, the same way: the statistics' reader sleeps this
	 * long after each CPU it sums (stats.c), so requests move between
	 * CPUs while it reads and in_flight's clamp is tested.
	 */
	u32 delay_in_sum_us;
	/*
	 * debugfs counters of the paths that end a done polled request
	 * nobody polled: ub_release_held() (unpolled_ended) and the timeout
	 * handler (timeout_polled_ended).
	 */
	atomic_long_t unpolled_ended;
	atomic_long_t timeout_polled_ended;
};

/* Per hardware queue state, cache-line separated from its neighbours. */
struct ub_queue {
	spinlock_t poll_lock;		/* protects poll_list */
	struct list_head poll_list;	/* requests done, waiting for ->poll */
} ____cacheline_aligned_in_smp;

/* Per request driver data (blk-mq pdu). */
enum ub_injected {
	UB_INJ_NONE,
	UB_INJ_ERROR,			/* a fault rule failed the request */
	UB_INJ_DELAY,
	UB_INJ_CORRUPT,
};

/*
 * Who ends a request that ->queue_rq has accepted.  The timeout handler
 * reads it to know what it may touch: only a request on the poll list is
 * its to end; one on a timer or still in ->queue_rq has its owner.
 */
enum ub_owner {
	UB_OWNER_QUEUE_RQ,		/* in ->queue_rq, or ended */
	UB_OWNER_TIMER,			/* cmd->timer is armed */
	UB_OWNER_POLL,			/* on ub_queue.poll_list */
	UB_OWNER_BACKEND,		/* the backend's until ub_backend_done() */
};

/* What ub_fault_done() applies for a fault rule after the backend. */
enum ub_post {
	UB_POST_NONE,
	UB_POST_TORN,			/* fail the request with EIO */
	UB_POST_CORRUPT,		/* flip a bit per block of cmd->hit */
};

struct ub_cmd {
	struct hrtimer timer;
	struct list_head poll_node;	/* on ub_queue.poll_list */
	blk_status_t status;
	atomic_t held;			/* 1: kept back by a timeout rule */
	u8 owner;			/* enum ub_owner, under poll_lock */
	u8 injected;			/* enum ub_injected */
	u8 post;			/* enum ub_post */
	int op;				/* URINGBLK_OP_*, -1: not counted */
	u64 start_ns;			/* dispatch time, for latency */
	u64 delay_ns;			/* delay rule: complete this much later */
	struct ub_fault_hit hit;	/* corrupt-read rule, for a backend's I/O */
};

static inline struct uringblk_dev *to_ub_dev(struct config_item *item)
{
	return container_of(to_config_group(item), struct uringblk_dev, group);
}

/* URINGBLK_OP_* of a request, -1 for operations uringblk does not count. */
static inline int ub_rq_op(struct request *rq)
{
	switch (req_op(rq)) {
	case REQ_OP_READ:
		return URINGBLK_OP_READ;
	case REQ_OP_WRITE:
	case REQ_OP_ZONE_APPEND:	/* a write: stats and fault rules */
		return URINGBLK_OP_WRITE;
	case REQ_OP_FLUSH:
		return URINGBLK_OP_FLUSH;
	case REQ_OP_DISCARD:
		return URINGBLK_OP_DISCARD;
	case REQ_OP_WRITE_ZEROES:
		return URINGBLK_OP_WRITE_ZEROES;
	default:
		return -1;
	}
}

/*
 * Statistics of a request: counted from dispatch (@op is ub_rq_op()) to
 * its end.  Inline, so that a device with stats=0 pays a load and a
 * branch per request and one with stats=1 no call at dispatch.
 */
static inline void ub_stats_start(struct uringblk_dev *dev,
				  struct request *rq, int op)
{
	struct ub_cmd *cmd = blk_mq_rq_to_pdu(rq);
	struct ub_counts __percpu *c = dev->stats.pcpu;

	if (!READ_ONCE(dev->cfg.stats) || op < 0) {
		cmd->op = -1;
		return;
	}
	cmd->op = op;
	cmd->start_ns = ktime_get_ns();
	this_cpu_inc(c->started);
	this_cpu_inc(c->queue[rq->mq_hctx->queue_num].dispatched);
}

static inline void ub_stats_done(struct uringblk_dev *dev, struct request *rq,
				 bool polled)
{
	struct ub_cmd *cmd = blk_mq_rq_to_pdu(rq);

	/*
	 * Every request ends here first: after a power failure, in flight
	 * or not, it ends with EIO (powerfail.c).
	 */
	if (unlikely(READ_ONCE(dev->powerfailed)))
		cmd->status = BLK_STS_IOERR;
	/* The write log copies what completed, before the request ends. */
	if (unlikely(rcu_access_pointer(dev->logw)) && cmd->status == BLK_STS_OK)
		__ub_logw_done(dev, rq);
	if (cmd->op >= 0)
		__ub_stats_done(dev, rq, polled);
}

/* configfs.c: device directories, their disk indexes */
int ub_configfs_init(unsigned int nr_devices);
void ub_configfs_exit(void);
struct uringblk_dev *ub_dev_create(const char *name);
void ub_dev_destroy(struct uringblk_dev *dev);
int ub_dev_pin(struct uringblk_dev *dev);
void ub_dev_unpin(struct uringblk_dev *dev);
void ub_cfg_values(struct uringblk_dev *dev, u64 v[UB_V_NR]);

/* disk.c: power, resize and queue changes; the last two with dev->lock */
int ub_disk_init(void);
void ub_disk_exit(void);
int ub_dev_set_power(struct uringblk_dev *dev, bool on);

__printf(3, 4)
int ub_refuse(const struct uringblk_config *c, int err, const char *fmt, ...);
int ub_resize(struct uringblk_dev *dev, u64 capacity);
int ub_set_queues(struct uringblk_dev *dev, u32 nr_hw_queues, u32 poll_queues);

/* blkmq.c */
extern const struct blk_mq_ops ub_mq_ops;
void ub_release_held(struct uringblk_dev *dev, blk_status_t status);
void ub_hold_again(struct uringblk_dev *dev);

/* powerfail.c */
#define UB_POWERFAIL_NR	(URINGBLK_POWERFAIL_RANDOM + 1)

void ub_power_cut(struct uringblk_dev *dev);
void ub_powerfail_work(struct work_struct *work);
int ub_powerfail_now(struct uringblk_dev *dev);
int ub_powerfail_ucmd_record(struct uringblk_dev *dev, void *p, size_t len);
void ub_powerfail_debugfs_add(struct uringblk_dev *dev);
/*
 * CONFIGFS_ATTR() without its `static`: a device directory's file whose
 * show and store live in another file than configfs.c's attribute list.
 */
#define UB_CONFIGFS_ATTR(_name)						\
struct configfs_attribute uringblk_attr_##_name = {			\
	.ca_owner	= THIS_MODULE,					\
	.ca_name	= __stringify(_name),				\
	.ca_mode	= 0644,						\
	.show		= uringblk_##_name##_show,			\
	.store		= uringblk_##_name##_store,			\
}

extern struct configfs_attribute uringblk_attr_powerfail;
extern struct configfs_attribute uringblk_attr_powerfail_policy;

/* ctl.c: the control device and admin commands */
struct uringblk_cache_stats;
void ub_fill_cache_stats(struct uringblk_dev *dev,
			 struct uringblk_cache_stats *st);
int ub_ctl_init(void);
void ub_ctl_exit(void);
int ub_ctl_add(struct uringblk_dev *dev);
void ub_ctl_remove(struct uringblk_dev *dev);

/* sysfs.c: /sys/block/<disk>/uringblk/ and debugfs */
extern const struct attribute_group *ub_disk_groups[];
void ub_sysfs_init(void);
void ub_debugfs_exit(void);
void ub_debugfs_add(struct uringblk_dev *dev);
void ub_debugfs_remove(struct uringblk_dev *dev);

#endif /* _URINGBLK_H */
