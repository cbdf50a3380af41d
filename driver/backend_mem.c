// SPDX-License-Identifier: GPL-2.0
/*
 * Sparse memory backend: one page per PAGE_SIZE of device space, kept in
 * an xarray and allocated on first write, as brd does.  Holes read as
 * zeros.  Readers look pages up under RCU without a lock; pages are
 * released through RCU so a discard racing with a read never frees a page
 * the read is copying from.
 *
 * volatile_cache=1: mem_cache.c keeps the durable contents of what
 * changed since the last FLUSH (Documentation/powerfail.md).
 */
#include <linux/blk-mq.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "backend_mem.h"
#include "uringblk.h"

/* Per request, after struct ub_cmd in the blk-mq pdu: a punted request. */
struct ub_mem_cmd {
	struct work_struct work;
	struct ub_mem *m;
	u64 limit;
};

static u64 ub_mem_memory_used(struct ub_backend *be)
{
	struct ub_mem *m = to_ub_mem(be);
	/*
	 * Exact at rest; a remove that counts its nodes before the insert
	 * that made them has added them can make it briefly negative.
	 */
	long nodes = max(0L, atomic_long_read(&m->nr_nodes));

	return ub_mem_bytes(atomic_long_read(&m->nr_pages), nodes) +
	       ub_mem_cache_bytes(m) + sizeof(*m) +
	       nr_node_ids * sizeof(*m->node_pages);
}

/*
 * Index nodes a store at @idx can make or free: those on the path from
 * the root to @idx, and the chain of first children below the root
 * (xas_expand() puts new roots above the old one, each holding the one
 * below in slot 0; xas_shrink() takes away roots whose only entry is in
 * slot 0).  Counted under xa_lock before and after a store, the
 * difference is exactly the nodes the store made or freed, at every tree
 * height and whatever lies in the head (memory_used stays exact).
 */
static long ub_mem_nodes_near(struct xarray *xa, unsigned long idx)
{
	void *head = xa_head_locked(xa), *entry;
	bool root = true, chain = true;
	long n = 0;

	for (entry = head; xa_is_node(entry);
	     entry = xa_entry_locked(xa, xa_to_node(entry), 0))
		n++;
	for (entry = head; xa_is_node(entry); root = false) {
		struct xa_node *node = xa_to_node(entry);
		unsigned long off = idx >> node->shift;

		if (!chain)
			n++;
		if (root && off > XA_CHUNK_MASK)
			break;		/* @idx lies past the tree */
		off &= XA_CHUNK_MASK;
		chain = chain && !off;
		entry = xa_entry_locked(xa, node, off);
	}
	return n;
}

static void ub_mem_free_page_rcu(struct rcu_head *head)
{
	__free_page(container_of(head, struct page, rcu_head));
}

/* Take @page off @idx if it is still there; false if it was not. */
bool ub_mem_remove(struct ub_mem *m, pgoff_t idx, struct page *page)
{
	XA_STATE(xas, &m->pages, idx);
	long nodes;

	xas_lock(&xas);
	if (xas_load(&xas) != page) {
		xas_unlock(&xas);
		return false;
	}
	if (xas_get_mark(&xas, UB_MEM_FRESH))
		atomic_long_dec(&m->nr_fresh);
	nodes = ub_mem_nodes_near(&m->pages, idx);
	xas_store(&xas, NULL);
	nodes -= ub_mem_nodes_near(&m->pages, idx);
	xas_unlock(&xas);
	atomic_long_sub(nodes, &m->nr_nodes);
	atomic_long_dec(&m->node_pages[page_to_nid(page)]);
	atomic_long_dec(&m->nr_pages);
	call_rcu(&page->rcu_head, ub_mem_free_page_rcu);
	return true;
}

/*
 * Add a zeroed page at @idx unless one is there already, allocating with
 * @gfp (UB_MEM_GFP or, where ->queue_rq may not sleep, UB_MEM_GFP_NOWAIT:
 * then no memory is BLK_STS_RESOURCE, for the work item to try again).
 * The limit check reserves the page and one index node, the most a write
 * into an existing tree level needs.
 */
blk_status_t ub_mem_insert(struct ub_mem *m, pgoff_t idx, gfp_t gfp,
			   bool *fresh)
{
	blk_status_t nomem = gfpflags_allow_blocking(gfp) ? BLK_STS_IOERR :
							    BLK_STS_RESOURCE;
	u64 limit = READ_ONCE(m->memory_limit);
	XA_STATE(xas, &m->pages, idx);
	struct page *page;
	long nr, nodes, made = 0;
	bool stored = false;

	nr = atomic_long_inc_return(&m->nr_pages);
	nodes = max(0L, atomic_long_read(&m->nr_nodes)) + 1;
	/* Shadow copies count against memory_limit too. */
	nr += atomic_long_read(&m->nr_shadow);
	if (limit && ub_mem_bytes(nr, nodes) + sizeof(*m) > limit) {
		atomic_long_dec(&m->nr_pages);
		return BLK_STS_NOSPC;
	}
	/*
	 * On the home node if there is one; the allocator falls back to
	 * another node when it is full, which is allowed and counted.
	 */
	if (nomem == BLK_STS_RESOURCE && unlikely(READ_ONCE(m->be.fail_nowait)))
		page = NULL;
	else
		page = alloc_pages_node(m->be.home_node, gfp | __GFP_ZERO, 0);
	if (!page) {
		atomic_long_dec(&m->nr_pages);
		return nomem;
	}
	do {
		xas_lock(&xas);
		if (!xas_load(&xas)) {
			/* A store that fails for memory may leave nodes made. */
			made -= ub_mem_nodes_near(&m->pages, idx);
			xas_store(&xas, page);
			made += ub_mem_nodes_near(&m->pages, idx);
			stored = !xas_error(&xas);
			/* volatile_cache: a new page, durable as a hole. */
			if (stored && fresh && *fresh) {
				xas_set_mark(&xas, UB_MEM_FRESH);
				atomic_long_inc(&m->nr_fresh);
			}
		}
		xas_unlock(&xas);
	} while (xas_nomem(&xas, gfp));

	atomic_long_add(made, &m->nr_nodes);
	if (fresh)
		*fresh = *fresh && stored;
	if (stored) {
		atomic_long_inc(&m->node_pages[page_to_nid(page)]);
		if (m->be.home_node != NUMA_NO_NODE &&
		    page_to_nid(page) != m->be.home_node)
			atomic64_inc(&m->be.numa_fallback);
		return BLK_STS_OK;
	}
	/* Lost a race with another writer, or the xarray had no memory. */
	atomic_long_dec(&m->nr_pages);
	__free_page(page);
	return xas_error(&xas) ? nomem : BLK_STS_OK;
}

/*
 * A copy of one whole page (a 4 KiB I/O on a page-aligned buffer, the
 * common case) goes through copy_page(), the architecture's page copy
 * (rep movsq on x86 where that is fast), not memcpy(): since GCC 14
 * (Debian's 7.3 build) a memcpy() of up to a page is no longer expanded
 * inline but calls the kernel's memcpy(), which without FSRM is a 32-byte
 * loop (bench-results/README.md, "7.3").
 */
static bool ub_mem_whole_page(unsigned int off, unsigned int n)
{
	return !off && n == PAGE_SIZE;
}

/*
 * The page at index @idx, or NULL; inside the caller's RCU read section,
 * which xa_load() would open and close once more per page.
 */
static struct page *ub_mem_lookup(struct xa_state *xas, pgoff_t idx)
{
	void *entry;

	xas_set(xas, idx);
	do {
		entry = xas_load(xas);
	} while (xas_retry(xas, entry));
	return xa_is_zero(entry) ? NULL : entry;
}

static blk_status_t ub_mem_read(struct ub_backend *be, struct page *page,
				unsigned int off, unsigned int len, u64 pos)
{
	struct ub_mem *m = to_ub_mem(be);
	XA_STATE(xas, &m->pages, 0);

	/* A discard frees pages after a grace period (call_rcu): one section. */
	rcu_read_lock();
	while (len) {
		unsigned int poff = offset_in_page(pos);
		unsigned int n = min_t(unsigned int, len, PAGE_SIZE - poff);
		struct page *src;

		src = ub_mem_lookup(&xas, pos >> PAGE_SHIFT);
		if (src && ub_mem_whole_page(off, n)) {
			copy_highpage(page, src);
			flush_dcache_page(page);
		} else if (src) {
			memcpy_to_page(page, off, page_address(src) + poff, n);
		} else {
			memzero_page(page, off, n);
		}
		off += n;
		pos += n;
		len -= n;
	}
	rcu_read_unlock();
	return BLK_STS_OK;
}

static blk_status_t ub_mem_write(struct ub_backend *be, struct page *page,
				 unsigned int off, unsigned int len, u64 pos,
				 gfp_t gfp)
{
	struct ub_mem *m = to_ub_mem(be);
	XA_STATE(xas, &m->pages, 0);
	/* volatile_cache: the durable contents of this page are kept. */
	bool kept = false;

	while (len) {
		unsigned int poff = offset_in_page(pos);
		unsigned int n = min_t(unsigned int, len, PAGE_SIZE - poff);
		pgoff_t idx = pos >> PAGE_SHIFT;
		struct page *dst;
		blk_status_t st;
		bool fresh;

		rcu_read_lock();
		dst = ub_mem_lookup(&xas, idx);
		if (unlikely(m->volatile_cache) && !kept) {
			/* A fresh page's durable contents are a hole. */
			kept = dst && xas_get_mark(&xas, UB_MEM_FRESH);
			if (!kept && (dst || !ub_mem_fresh_ok(m, idx))) {
				rcu_read_unlock();
				st = ub_mem_shadow(m, idx, gfp);
				if (st != BLK_STS_OK)
					return st;
				kept = true;
				continue;
			}
		}
		if (!dst) {
			rcu_read_unlock();
			/*
			 * Fresh unless a shadow keeps what it was (a discard
			 * took it); made fresh here, it needs nothing more.
			 */
			fresh = unlikely(m->volatile_cache) && !kept;
			st = ub_mem_insert(m, idx, gfp, &fresh);
			if (st != BLK_STS_OK)
				return st;
			kept = fresh;
			/* Look again: a discard may have raced with us. */
			continue;
		}
		if (ub_mem_whole_page(off, n))
			copy_highpage(dst, page);
		else
			memcpy_from_page(page_address(dst) + poff, page, off, n);
		rcu_read_unlock();
		kept = false;
		off += n;
		pos += n;
		len -= n;
	}
	return BLK_STS_OK;
}

/* Free every page whose index lies in [@first, @last]. */
static void ub_mem_drop_range(struct ub_mem *m, pgoff_t first, pgoff_t last)
{
	unsigned long idx;
	struct page *page;
	unsigned int n = 0;

	xa_for_each_range(&m->pages, idx, page, first, last) {
		ub_mem_remove(m, idx, page);
		if (!(++n % 1024))
			cond_resched();
	}
}

/* Zero the pages of [@first, @last] in place: NOUNMAP keeps them. */
static void ub_mem_zero_range(struct ub_mem *m, pgoff_t first, pgoff_t last)
{
	unsigned long idx;
	struct page *page;
	unsigned int n = 0;

	rcu_read_lock();
	xa_for_each_range(&m->pages, idx, page, first, last) {
		clear_page(page_address(page));
		if (!(++n % 1024)) {
			rcu_read_unlock();
			cond_resched();
			rcu_read_lock();
		}
	}
	rcu_read_unlock();
}

/* Zero [@pos, @pos + @len) inside one page, which need not exist. */
static void ub_mem_zero_partial(struct ub_mem *m, u64 pos, unsigned int len)
{
	struct page *page;

	rcu_read_lock();
	page = xa_load(&m->pages, pos >> PAGE_SHIFT);
	if (page)
		memset(page_address(page) + offset_in_page(pos), 0, len);
	rcu_read_unlock();
}

static blk_status_t ub_mem_zero(struct ub_backend *be, u64 pos, u64 len,
				bool unmap)
{
	struct ub_mem *m = to_ub_mem(be);
	u64 end = pos + len;
	u64 first_full = round_up(pos, PAGE_SIZE);
	u64 last_full = round_down(end, PAGE_SIZE);

	if (unlikely(m->volatile_cache) && len) {
		unsigned long idx;
		struct page *page;
		blk_status_t st;

		/* Every page it changes keeps its durable contents first. */
		xa_for_each_range(&m->pages, idx, page, pos >> PAGE_SHIFT,
				  (end - 1) >> PAGE_SHIFT) {
			st = ub_mem_shadow(m, idx, UB_MEM_GFP);
			if (st != BLK_STS_OK)
				return st;
		}
	}
	if (first_full >= last_full) {
		/* The range lies within one page, or straddles two. */
		u64 mid = min(end, first_full);

		ub_mem_zero_partial(m, pos, mid - pos);
		if (end > mid)
			ub_mem_zero_partial(m, mid, end - mid);
		return BLK_STS_OK;
	}
	if (pos < first_full)
		ub_mem_zero_partial(m, pos, first_full - pos);
	if (unmap)
		ub_mem_drop_range(m, first_full >> PAGE_SHIFT,
				  (last_full >> PAGE_SHIFT) - 1);
	else
		ub_mem_zero_range(m, first_full >> PAGE_SHIFT,
				  (last_full >> PAGE_SHIFT) - 1);
	if (end > last_full)
		ub_mem_zero_partial(m, last_full, end - last_full);
	return BLK_STS_OK;
}

static void ub_mem_discard(struct ub_backend *be, u64 pos, u64 len)
{
	ub_mem_zero(be, pos, len, true);
}

static void ub_mem_truncate(struct ub_backend *be, u64 size)
{
	struct ub_mem *m = to_ub_mem(be);
	u64 first_full = round_up(size, PAGE_SIZE);

	if (size < first_full)
		ub_mem_zero_partial(m, size, first_full - size);
	ub_mem_drop_range(m, first_full >> PAGE_SHIFT, ULONG_MAX);
	/* Past the end nothing is left to put back. */
	ub_mem_commit_range(m, first_full >> PAGE_SHIFT, ULONG_MAX);
}

static void ub_mem_destroy(struct ub_backend *be)
{
	struct ub_mem *m = to_ub_mem(be);

	ub_mem_commit_all(m);
	xa_destroy(&m->shadow);
	ub_pf_record_free(be->record);
	ub_mem_drop_range(m, 0, ULONG_MAX);
	xa_destroy(&m->pages);
	/* Let the RCU callbacks of dropped pages run before rmmod. */
	rcu_barrier();
	kfree(m->node_pages);
	kfree(m);
}

static void ub_mem_memory_by_node(struct ub_backend *be, u64 *bytes)
{
	struct ub_mem *m = to_ub_mem(be);
	int nid;

	for (nid = 0; nid < nr_node_ids; nid++)
		bytes[nid] = (u64)atomic_long_read(&m->node_pages[nid]) * PAGE_SIZE;
}

/* Copy the request's data, at most @limit bytes of it (torn writes). */
static blk_status_t ub_mem_rw(struct ub_backend *be, struct request *rq,
			      u64 limit, gfp_t gfp)
{
	bool write = op_is_write(req_op(rq));
	u64 pos = (u64)blk_rq_pos(rq) << SECTOR_SHIFT;
	struct req_iterator iter;
	struct bio_vec bv;
	blk_status_t st;

	rq_for_each_segment(bv, rq, iter) {
		unsigned int len = min_t(u64, bv.bv_len, limit);

		if (!len)
			break;
		if (write)
			st = ub_mem_write(be, bv.bv_page, bv.bv_offset, len,
					  pos, gfp);
		else
			st = ub_mem_read(be, bv.bv_page, bv.bv_offset, len,
					 pos);
		if (st != BLK_STS_OK)
			return st;
		pos += len;
		limit -= len;
	}
	return BLK_STS_OK;
}

static blk_status_t ub_mem_execute(struct ub_backend *be,
				   struct request *rq, u64 limit, gfp_t gfp)
{
	u64 pos = (u64)blk_rq_pos(rq) << SECTOR_SHIFT;
	u64 len = blk_rq_bytes(rq);
	struct ub_mem *m = to_ub_mem(be);
	blk_status_t st;

	switch (req_op(rq)) {
	case REQ_OP_FLUSH:
		/* Without volatile_cache data never sits in a volatile cache. */
		if (unlikely(m->volatile_cache) && !READ_ONCE(be->power_cut))
			ub_mem_flush(m, rq);
		return BLK_STS_OK;
	case REQ_OP_WRITE:
		st = ub_mem_rw(be, rq, limit, gfp);
		/* FUA: its own pages are durable once it is done. */
		if (unlikely(m->volatile_cache) && (rq->cmd_flags & REQ_FUA) &&
		    st == BLK_STS_OK && len && !READ_ONCE(be->power_cut))
			ub_mem_commit_range(m, pos >> PAGE_SHIFT,
					    (pos + len - 1) >> PAGE_SHIFT);
		return st;
	case REQ_OP_READ:
	case REQ_OP_ZONE_APPEND:	/* zoned.c set the sector */
		return ub_mem_rw(be, rq, limit, gfp);
	case REQ_OP_DISCARD:
		return ub_mem_zero(be, pos, len, true);
	case REQ_OP_WRITE_ZEROES:
		return ub_mem_zero(be, pos, len,
				   !(rq->cmd_flags & REQ_NOUNMAP));
	default:
		return BLK_STS_NOTSUPP;
	}
}

static void ub_mem_work(struct work_struct *work)
{
	struct ub_mem_cmd *mc = container_of(work, struct ub_mem_cmd, work);
	struct request *rq = blk_mq_rq_from_pdu((struct ub_cmd *)mc - 1);

	/* After a power failure nothing reaches the medium any more. */
	if (unlikely(READ_ONCE(mc->m->be.power_cut))) {
		ub_backend_done(rq, BLK_STS_IOERR);
		return;
	}
	ub_backend_done(rq, ub_mem_execute(&mc->m->be, rq, mc->limit,
					   UB_MEM_GFP));
}

/*
 * blocking=0: finish @rq from the work item, from the start (a write
 * that stopped half way copies the same data again).
 */
static blk_status_t ub_mem_punt(struct ub_mem *m, struct request *rq,
				u64 limit)
{
	struct ub_mem_cmd *mc = (void *)((struct ub_cmd *)blk_mq_rq_to_pdu(rq) + 1);

	mc->m = m;
	mc->limit = limit;
	INIT_WORK(&mc->work, ub_mem_work);
	atomic_long_inc(&m->be.nowait_punts);
	queue_work(m->wq, &mc->work);
	return UB_STS_PENDING;
}

/*
 * Copy the page at @idx to @page (or from it, @write), inside an RCU
 * read-side section; false for a write to a hole (nothing done).
 */
static __always_inline bool ub_mem_page_copy(struct ub_mem *m,
					     struct page *page, pgoff_t idx,
					     bool write)
{
	XA_STATE(xas, &m->pages, idx);
	struct page *p = ub_mem_lookup(&xas, idx);

	if (write) {
		if (p)
			copy_highpage(p, page);
	} else if (p) {
		copy_highpage(page, p);
		flush_dcache_page(page);
	} else {
		clear_highpage(page);
	}
	return p || !write;
}

/*
 * The common request, a read or a write of one aligned page from one
 * aligned page (4 KiB direct I/O), straight to the copy, without the
 * general path's op switch, segment walk, partial pages and
 * volatile_cache: that path's layers cost as much as the xarray walk
 * (make bench, "memory vs none").  False, having done nothing, for any
 * other request and for a write to a hole, which the general path
 * allocates.
 */
static __always_inline bool ub_mem_page_rw(struct ub_mem *m,
					   struct request *rq, u64 limit)
{
	u64 pos = (u64)blk_rq_pos(rq) << SECTOR_SHIFT;
	bool write = req_op(rq) == REQ_OP_WRITE;
	struct bio_vec *bvec;
	struct bvec_iter it;
	struct page *page;
	bool done;

	if ((!write && req_op(rq) != REQ_OP_READ) ||
	    blk_rq_bytes(rq) != PAGE_SIZE || limit < PAGE_SIZE ||
	    offset_in_page(pos) || unlikely(m->volatile_cache))
		return false;
	/*
	 * req_bvec() without the special payload (a read or write has
	 * none): as long as the request, its only segment, one whole page.
	 */
	bvec = rq->bio->bi_io_vec;
	it = rq->bio->bi_iter;
	if (mp_bvec_iter_offset(bvec, it) ||
	    mp_bvec_iter_len(bvec, it) != PAGE_SIZE)
		return false;
	page = mp_bvec_iter_page(bvec, it);
	/*
	 * A discard frees pages after a grace period (ub_mem_remove()).
	 * blocking=0 (m->wq): ->queue_rq of a queue without
	 * BLK_MQ_F_BLOCKING runs inside blk-mq's RCU read-side section
	 * (blk_mq_quiesce_queue() waits for it with synchronize_rcu()),
	 * which covers the copy; a blocking queue's runs under SRCU.
	 */
	if (m->wq)
		return ub_mem_page_copy(m, page, pos >> PAGE_SHIFT, write);
	rcu_read_lock();
	done = ub_mem_page_copy(m, page, pos >> PAGE_SHIFT, write);
	rcu_read_unlock();
	return done;
}

/* Every other request; out of line, so the fast path's frame stays small. */
static noinline blk_status_t ub_mem_queue_rq_slow(struct ub_mem *m,
						  struct request *rq, u64 limit)
{
	struct ub_backend *be = &m->be;
	blk_status_t st;

	if (!m->wq)
		return ub_mem_execute(be, rq, limit, UB_MEM_GFP);
	/* Discards free page after page with cond_resched(): may sleep. */
	if (req_op(rq) == REQ_OP_DISCARD || req_op(rq) == REQ_OP_WRITE_ZEROES)
		return ub_mem_punt(m, rq, limit);
	st = ub_mem_execute(be, rq, limit, UB_MEM_GFP_NOWAIT);
	return st == BLK_STS_RESOURCE ? ub_mem_punt(m, rq, limit) : st;
}

static blk_status_t ub_mem_queue_rq(struct ub_backend *be,
				    struct request *rq, u64 limit)
{
	struct ub_mem *m = to_ub_mem(be);

	if (ub_mem_page_rw(m, rq, limit))
		return BLK_STS_OK;
	return ub_mem_queue_rq_slow(m, rq, limit);
}

static int ub_mem_power_on(struct ub_backend *be, struct uringblk_config *c,
			   struct ub_limits *lim)
{
	struct ub_mem *m = to_ub_mem(be);

	/* The power is back after a failure: the policy decides. */
	m->block_size = c->logical_block_size;
	if (be->power_cut) {
		ub_mem_power_restore(m);
		WRITE_ONCE(be->power_cut, 0);
	}
	m->volatile_cache = c->volatile_cache;
	m->cache_size = c->volatile_cache_size;
	if (c->blocking)
		return 0;
	m->wq = alloc_workqueue("uringblk%llu-mem", WQ_UNBOUND | WQ_MEM_RECLAIM,
				0, c->index);
	return m->wq ? 0 : -ENOMEM;
}

/* After every request has ended: nothing is left on the queue. */
static void ub_mem_power_off(struct ub_backend *be)
{
	struct ub_mem *m = to_ub_mem(be);

	if (m->wq) {
		destroy_workqueue(m->wq);
		m->wq = NULL;
	}
	/* A clean power off flushes, as a drive does; a cut does not. */
	if (!be->power_cut)
		ub_mem_commit_all(m);
}

static void ub_mem_set_memory_limit(struct ub_backend *be, u64 limit)
{
	WRITE_ONCE(to_ub_mem(be)->memory_limit, limit);
}

static const struct ub_backend_ops ub_mem_ops = {
	.name		= "memory",
	.pdu_size	= sizeof(struct ub_mem_cmd),
	.power_on	= ub_mem_power_on,
	.power_off	= ub_mem_power_off,
	.queue_rq	= ub_mem_queue_rq,
	.discard	= ub_mem_discard,
	.truncate	= ub_mem_truncate,
	.memory_used	= ub_mem_memory_used,
	.memory_by_node	= ub_mem_memory_by_node,
	.cache_stats	= ub_mem_cache_stats,
	.set_memory_limit = ub_mem_set_memory_limit,
	.destroy	= ub_mem_destroy,
};

/* Made at the first power on; the data stays until rmdir or a new backend. */
struct ub_backend *ub_memory_backend_create(const struct uringblk_config *c)
{
	struct ub_mem *m = kzalloc(sizeof(*m), GFP_KERNEL);

	if (!m)
		return NULL;
	m->be.ops = &ub_mem_ops;
	m->node_pages = kcalloc(nr_node_ids, sizeof(*m->node_pages), GFP_KERNEL);
	if (!m->node_pages) {
		kfree(m);
		return NULL;
	}
	m->be.home_node = NUMA_NO_NODE;
	m->memory_limit = c->memory_limit;
	xa_init(&m->pages);
	ub_mem_cache_init(m);
	atomic_long_set(&m->nr_pages, 0);
	atomic_long_set(&m->nr_nodes, 0);
	return &m->be;
}
