/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The memory backend's state, shared by backend_mem.c (the pages and the
 * request path) and mem_cache.c (the volatile write cache).
 */
#ifndef _URINGBLK_BACKEND_MEM_H
#define _URINGBLK_BACKEND_MEM_H

#include <linux/list.h>
#include <linux/mm_types.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "backend.h"

struct ub_mem {
	struct ub_backend be;
	struct xarray pages;
	atomic_long_t nr_pages;
	/* xa_nodes the index holds, counted as they come and go (xa_lock). */
	atomic_long_t nr_nodes;
	/* Data pages per NUMA node, nr_node_ids of them. */
	atomic_long_t *node_pages;
	/* Bytes of RAM the backend may use, 0 for no limit; changed live. */
	u64 memory_limit;
	/*
	 * blocking=0 (made at power on; NULL when blocking): ->queue_rq may
	 * not sleep, so pages come with GFP_NOWAIT, and a request whose
	 * allocation failed, or a discard (which may take long), is finished
	 * here, where GFP_NOIO may sleep: never a requeue loop.
	 */
	struct workqueue_struct *wq;
	/*
	 * volatile_cache (mem_cache.c): a struct ub_shadow per page changed
	 * since it was last durable, by index; the same entries on dirty,
	 * oldest first.  The shadow xarray's xa_lock guards both, so an
	 * entry is on the list exactly while it is in the xarray.
	 */
	struct xarray shadow;
	struct list_head dirty;
	unsigned long nr_dirty;		/* entries (xa_lock; READ_ONCE) */
	atomic_long_t nr_shadow;	/* of those, holding a copy */
	/*
	 * Pages made since they were last durable, when durable means a
	 * hole: marked UB_MEM_FRESH in pages instead of a shadow each (no
	 * allocation on a first write), unless volatile_cache_size needs
	 * them in the age order of dirty.
	 */
	atomic_long_t nr_fresh;
	spinlock_t flush_lock;		/* one FLUSH marks busy pages at a time */
	u64 cache_size;			/* volatile_cache_size, 0: no limit */
	unsigned int block_size;	/* logical_block_size, for the record */
	bool volatile_cache;		/* set at power on */
	atomic64_t flushes;
	atomic64_t writebacks;		/* bytes made durable by cache_size */
};

/* Marks on pages: a fresh page (above), and one a write in flight changes. */
#define UB_MEM_FRESH		XA_MARK_1
#define UB_MEM_FRESH_BUSY	XA_MARK_2

/*
 * May sleep (BLK_MQ_F_BLOCKING, or the work item); __GFP_NORETRY turns
 * memory exhaustion into an I/O error instead of an endless retry or the
 * OOM killer.
 */
#define UB_MEM_GFP		(GFP_NOIO | __GFP_NORETRY | __GFP_NOWARN)
#define UB_MEM_GFP_NOWAIT	(GFP_NOWAIT | __GFP_NOWARN)

static inline struct ub_mem *to_ub_mem(struct ub_backend *be)
{
	return container_of(be, struct ub_mem, be);
}

/* RAM for @nr_pages data pages and @nr_nodes index nodes. */
static inline u64 ub_mem_bytes(u64 nr_pages, u64 nr_nodes)
{
	return nr_pages * PAGE_SIZE + nr_nodes * sizeof(struct xa_node);
}

/* backend_mem.c */
bool ub_mem_remove(struct ub_mem *m, pgoff_t idx, struct page *page);
/* *@fresh in: mark a page made here fresh; out: this call made it so. */
blk_status_t ub_mem_insert(struct ub_mem *m, pgoff_t idx, gfp_t gfp,
			   bool *fresh);

/* mem_cache.c */
void ub_mem_cache_init(struct ub_mem *m);
u64 ub_mem_cache_bytes(struct ub_mem *m);
blk_status_t ub_mem_shadow(struct ub_mem *m, pgoff_t idx, gfp_t gfp);
bool ub_mem_fresh_ok(struct ub_mem *m, pgoff_t idx);
void ub_mem_commit_all(struct ub_mem *m);
void ub_mem_commit_range(struct ub_mem *m, pgoff_t first, pgoff_t last);
void ub_mem_flush(struct ub_mem *m, struct request *flush);
void ub_mem_power_restore(struct ub_mem *m);
void ub_mem_cache_stats(struct ub_backend *be, struct uringblk_cache_stats *st);

#endif /* _URINGBLK_BACKEND_MEM_H */
