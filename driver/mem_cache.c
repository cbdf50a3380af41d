// SPDX-License-Identifier: GPL-2.0
/*
 * The memory backend's volatile write cache, volatile_cache=1
 * (Documentation/powerfail.md).  The first change to a page after it was
 * last made durable keeps its durable contents in a struct ub_shadow (a
 * copy, or none for a page that did not exist: a hole).  A FLUSH, a FUA
 * write, a clean power off and volatile_cache_size (the oldest first, a
 * drive's own write-back) drop shadows: the newest contents are durable
 * now.  The power on after a power failure decides, per logical block
 * whose newest contents differ from its durable ones, which of the two it
 * keeps (powerfail_policy) and records it (powerfail.c).
 *
 * Page granularity for what is tracked, logical blocks for what is
 * decided: a block of a changed page that was not written reads the same
 * either way.  A page made since it was last durable (durable as a hole)
 * is only marked UB_MEM_FRESH where it lies in the pages xarray, which
 * costs a first write nothing more than a bit, unless volatile_cache_size
 * needs every change in the age order of a shadow.
 */
#include <linux/blk-mq.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "backend_mem.h"
#include "uringblk.h"

struct ub_shadow {
	struct list_head lru;		/* on m->dirty, oldest first */
	pgoff_t idx;
	struct page *page;		/* durable contents; NULL: a hole */
};

/* A shadow whose page a write still in flight changes: not durable yet. */
#define UB_MEM_BUSY		XA_MARK_0

void ub_mem_cache_init(struct ub_mem *m)
{
	xa_init(&m->shadow);
	INIT_LIST_HEAD(&m->dirty);
	atomic_long_set(&m->nr_shadow, 0);
	atomic_long_set(&m->nr_fresh, 0);
	spin_lock_init(&m->flush_lock);
	atomic64_set(&m->flushes, 0);
	atomic64_set(&m->writebacks, 0);
}

/* RAM the cache holds: copies and their entries (memory_used). */
u64 ub_mem_cache_bytes(struct ub_mem *m)
{
	return (u64)atomic_long_read(&m->nr_shadow) * PAGE_SIZE +
	       (u64)READ_ONCE(m->nr_dirty) * sizeof(struct ub_shadow);
}

static void ub_shadow_free(struct ub_mem *m, struct ub_shadow *s)
{
	if (s->page) {
		atomic_long_dec(&m->nr_shadow);
		__free_page(s->page);
	}
	kfree(s);
}

/* Under xa_lock: @s leaves the cache, onto @gone for the caller to free. */
static void ub_shadow_unlink(struct ub_mem *m, struct ub_shadow *s,
			     struct list_head *gone)
{
	__xa_erase(&m->shadow, s->idx);
	list_move_tail(&s->lru, gone);
	WRITE_ONCE(m->nr_dirty, m->nr_dirty - 1);
}

static void ub_shadow_free_list(struct ub_mem *m, struct list_head *gone)
{
	struct ub_shadow *s, *n;

	list_for_each_entry_safe(s, n, gone, lru)
		ub_shadow_free(m, s);
}

/*
 * volatile_cache_size: while the pages not durable pass it, the oldest
 * become durable (xa_lock held; @gone collects them).
 */
static void ub_mem_write_back(struct ub_mem *m, struct list_head *gone)
{
	u64 size = READ_ONCE(m->cache_size);
	struct ub_shadow *s;

	while (size && (u64)m->nr_dirty * PAGE_SIZE > size) {
		s = list_first_entry(&m->dirty, struct ub_shadow, lru);
		ub_shadow_unlink(m, s, gone);
		atomic64_add(PAGE_SIZE, &m->writebacks);
	}
}

/* May a page made at @idx now be fresh (durable as a hole)? */
bool ub_mem_fresh_ok(struct ub_mem *m, pgoff_t idx)
{
	return !READ_ONCE(m->cache_size) && !xa_load(&m->shadow, idx);
}

/*
 * Clear the fresh marks of [@first, @last]: those pages are durable now,
 * but the ones a write in flight changes (UB_MEM_FRESH_BUSY) when @busy.
 * The lock is let go every 1024 pages: writers wait no longer than that.
 */
static void ub_mem_fresh_commit(struct ub_mem *m, pgoff_t first, pgoff_t last,
				bool busy)
{
	XA_STATE(xas, &m->pages, first);
	struct page *page;
	unsigned int n = 0;

	if (!atomic_long_read(&m->nr_fresh))
		return;
	xas_lock(&xas);
	xas_for_each_marked(&xas, page, last, UB_MEM_FRESH) {
		if (busy && xas_get_mark(&xas, UB_MEM_FRESH_BUSY)) {
			xas_clear_mark(&xas, UB_MEM_FRESH_BUSY);
		} else {
			xas_clear_mark(&xas, UB_MEM_FRESH);
			xas_clear_mark(&xas, UB_MEM_FRESH_BUSY);
			atomic_long_dec(&m->nr_fresh);
		}
		if (!(++n % 1024)) {
			xas_pause(&xas);
			xas_unlock(&xas);
			xas_lock(&xas);
		}
	}
	xas_unlock(&xas);
}

/*
 * Keep the durable contents of page @idx before its first change since it
 * became durable.  The copy is made before the shadow is published, and
 * every writer publishes (or finds) one before it changes the page, so no
 * copy ever holds a change not yet durable.
 */
blk_status_t ub_mem_shadow(struct ub_mem *m, pgoff_t idx, gfp_t gfp)
{
	blk_status_t nomem = gfpflags_allow_blocking(gfp) ? BLK_STS_IOERR :
							    BLK_STS_RESOURCE;
	u64 limit = READ_ONCE(m->memory_limit);
	struct ub_shadow *s;
	struct page *cur;
	LIST_HEAD(gone);
	bool exists;
	void *old;
	long nr;

	if (xa_load(&m->shadow, idx))
		return BLK_STS_OK;
	/*
	 * Durable as a hole: a fresh page, or none yet (the writer makes it
	 * fresh, and looks again here if another writer made it first).
	 */
	if (!READ_ONCE(m->cache_size)) {
		rcu_read_lock();
		exists = xa_load(&m->pages, idx);
		rcu_read_unlock();
		if (!exists || xa_get_mark(&m->pages, idx, UB_MEM_FRESH))
			return BLK_STS_OK;
	}
	s = kmalloc(sizeof(*s), gfp);
	if (!s)
		return nomem;
	s->idx = idx;
again:
	s->page = NULL;
	rcu_read_lock();
	exists = xa_load(&m->pages, idx);
	rcu_read_unlock();
	if (exists) {
		nr = atomic_long_inc_return(&m->nr_shadow) +
		     atomic_long_read(&m->nr_pages);
		if (limit &&
		    ub_mem_bytes(nr, max(0L, atomic_long_read(&m->nr_nodes))) +
		    sizeof(*m) > limit) {
			atomic_long_dec(&m->nr_shadow);
			kfree(s);
			return BLK_STS_NOSPC;
		}
		s->page = alloc_pages_node(m->be.home_node, gfp, 0);
		if (!s->page) {
			atomic_long_dec(&m->nr_shadow);
			kfree(s);
			return nomem;
		}
	}
	rcu_read_lock();
	cur = xa_load(&m->pages, idx);
	if (cur && s->page)
		copy_highpage(s->page, cur);
	rcu_read_unlock();
	if (!cur != !s->page) {
		/*
		 * A discard freed it, or another writer made it (and a FLUSH
		 * made that durable) since the look above: look again.
		 */
		if (s->page) {
			atomic_long_dec(&m->nr_shadow);
			__free_page(s->page);
		}
		goto again;
	}
	xa_lock(&m->shadow);
	old = __xa_cmpxchg(&m->shadow, idx, NULL, s, gfp);
	if (!old) {
		list_add_tail(&s->lru, &m->dirty);
		WRITE_ONCE(m->nr_dirty, m->nr_dirty + 1);
		ub_mem_write_back(m, &gone);
	}
	xa_unlock(&m->shadow);
	ub_shadow_free_list(m, &gone);
	if (old) {
		/* No memory, or another writer's shadow: this one is not kept. */
		ub_shadow_free(m, s);
		return xa_is_err(old) ? nomem : BLK_STS_OK;
	}
	return BLK_STS_OK;
}

/* Everything becomes durable: power off, rmdir. */
void ub_mem_commit_all(struct ub_mem *m)
{
	struct ub_shadow *s, *n;
	LIST_HEAD(gone);

	xa_lock(&m->shadow);
	list_for_each_entry_safe(s, n, &m->dirty, lru)
		ub_shadow_unlink(m, s, &gone);
	xa_unlock(&m->shadow);
	ub_shadow_free_list(m, &gone);
	ub_mem_fresh_commit(m, 0, ULONG_MAX, false);
}

/* Pages [@first, @last]: the shadows of a FUA write, of a shrink. */
void ub_mem_commit_range(struct ub_mem *m, pgoff_t first, pgoff_t last)
{
	XA_STATE(xas, &m->shadow, first);
	struct ub_shadow *s;
	LIST_HEAD(gone);

	xas_lock(&xas);
	xas_for_each(&xas, s, last) {
		xas_store(&xas, NULL);
		list_move_tail(&s->lru, &gone);
		WRITE_ONCE(m->nr_dirty, m->nr_dirty - 1);
	}
	xas_unlock(&xas);
	ub_shadow_free_list(m, &gone);
	ub_mem_fresh_commit(m, first, last, false);
}

/* Mark the shadows and fresh pages of a write started, not completed. */
static bool ub_mem_mark_busy(struct request *rq, void *data)
{
	struct ub_mem *m = data;
	u64 pos = (u64)blk_rq_pos(rq) << SECTOR_SHIFT;
	pgoff_t first = pos >> PAGE_SHIFT, last;
	XA_STATE(xas, &m->pages, first);
	struct page *page;
	unsigned long idx;
	void *entry;

	if (!op_is_write(req_op(rq)) || req_op(rq) == REQ_OP_FLUSH ||
	    !blk_rq_bytes(rq))
		return true;
	last = (pos + blk_rq_bytes(rq) - 1) >> PAGE_SHIFT;
	xa_for_each_range(&m->shadow, idx, entry, first, last)
		xa_set_mark(&m->shadow, idx, UB_MEM_BUSY);
	xas_lock(&xas);
	xas_for_each_marked(&xas, page, last, UB_MEM_FRESH)
		xas_set_mark(&xas, UB_MEM_FRESH_BUSY);
	xas_unlock(&xas);
	return true;
}

/*
 * A FLUSH reached ->queue_rq: every write that completed before it is
 * durable; a write still in flight (a delay rule holds its completion) is
 * not, so the shadows of the pages it changes stay.  A write that starts
 * after the marks may be made durable too: a drive may write back more
 * than a FLUSH asks for, never less.
 */
void ub_mem_flush(struct ub_mem *m, struct request *flush)
{
	struct ub_shadow *s, *n;
	LIST_HEAD(gone);

	atomic64_inc(&m->flushes);
	spin_lock(&m->flush_lock);
	blk_mq_tagset_busy_iter(flush->q->tag_set, ub_mem_mark_busy, m);
	xa_lock(&m->shadow);
	list_for_each_entry_safe(s, n, &m->dirty, lru) {
		if (xa_get_mark(&m->shadow, s->idx, UB_MEM_BUSY))
			__xa_clear_mark(&m->shadow, s->idx, UB_MEM_BUSY);
		else
			ub_shadow_unlink(m, s, &gone);
	}
	xa_unlock(&m->shadow);
	ub_mem_fresh_commit(m, 0, ULONG_MAX, true);
	spin_unlock(&m->flush_lock);
	ub_shadow_free_list(m, &gone);
}

/*
 * Decide the logical blocks of one page not durable (@dur: its durable
 * contents, NULL for a hole) against its newest ones; only blocks whose
 * two versions differ are decided and recorded.
 */
static void ub_mem_restore_page(struct ub_mem *m, struct ub_pf_record *r,
				pgoff_t idx, struct page *dur)
{
	const void *zero = page_address(ZERO_PAGE(0));
	unsigned int bs = m->block_size, off;
	struct page *cur = xa_load(&m->pages, idx);
	bool kept_any = false;

	for (off = 0; off < PAGE_SIZE; off += bs) {
		const void *d = dur ? page_address(dur) + off : zero;
		u64 sector = ((u64)idx << (PAGE_SHIFT - SECTOR_SHIFT)) +
			     (off >> SECTOR_SHIFT);
		bool keep;

		if (!memcmp(d, cur ? page_address(cur) + off : zero, bs))
			continue;
		keep = ub_pf_keep(&r->pf, sector);
		ub_pf_note(r, sector, bs >> SECTOR_SHIFT, keep);
		kept_any |= keep;
		if (keep)
			continue;
		/* A discard may have freed the page: make it again. */
		if (!cur && ub_mem_insert(m, idx, GFP_KERNEL, NULL) == BLK_STS_OK)
			cur = xa_load(&m->pages, idx);
		if (!cur) {
			pr_warn_ratelimited("uringblk: page %lu: no memory to restore\n",
					    idx);
			return;
		}
		memcpy(page_address(cur) + off, d, bs);
	}
	/* Back to a hole, as it was when durable: memory_used agrees. */
	if (!dur && cur && !kept_any)
		ub_mem_remove(m, idx, cur);
}

/*
 * The power on after a power failure (no request runs): each block not
 * durable gets its durable or its newest contents as be->pf says, and
 * the record of it replaces the last one.  Without memory for the record
 * the policy is still applied, with an empty, truncated record.
 */
void ub_mem_power_restore(struct ub_mem *m)
{
	struct ub_pf_record *r = ub_pf_record_new(&m->be);
	struct ub_pf_record fallback = { .pf = m->be.pf, .truncated = true };
	unsigned long si = 0, fi = 0;
	struct ub_shadow *s;
	struct page *f;

	/* Both in ascending order, so the record is. */
	s = xa_find(&m->shadow, &si, ULONG_MAX, XA_PRESENT);
	f = xa_find(&m->pages, &fi, ULONG_MAX, UB_MEM_FRESH);
	while (s || f) {
		if (s && (!f || si <= fi)) {
			/* A shadow decides; a fresh mark there too is stale. */
			if (f && fi == si)
				f = xa_find_after(&m->pages, &fi, ULONG_MAX,
						  UB_MEM_FRESH);
			ub_mem_restore_page(m, r ?: &fallback, si, s->page);
			s = xa_find_after(&m->shadow, &si, ULONG_MAX, XA_PRESENT);
		} else {
			ub_mem_restore_page(m, r ?: &fallback, fi, NULL);
			f = xa_find_after(&m->pages, &fi, ULONG_MAX, UB_MEM_FRESH);
		}
		cond_resched();
	}
	ub_mem_commit_all(m);
	if (r) {
		ub_pf_record_free(m->be.record);
		m->be.record = r;
	}
}

void ub_mem_cache_stats(struct ub_backend *be, struct uringblk_cache_stats *st)
{
	struct ub_mem *m = to_ub_mem(be);

	st->dirty_bytes = ((u64)READ_ONCE(m->nr_dirty) +
			   atomic_long_read(&m->nr_fresh)) * PAGE_SIZE;
	st->shadow_bytes = (u64)atomic_long_read(&m->nr_shadow) * PAGE_SIZE;
	st->flushes = atomic64_read(&m->flushes);
	st->writebacks = atomic64_read(&m->writebacks);
}
