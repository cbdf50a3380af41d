// SPDX-License-Identifier: GPL-2.0
/*
 * The write log: with `log_writes` set to a regular file or a block
 * device, every write, FLUSH, FUA write and discard that completes without
 * error is appended to it in dm-log-writes' on-disk format (the kernel's
 * Documentation/admin-guide/device-mapper/log-writes.rst), so that
 * xfstests' replay-log and tests/helpers/log-writes.py read it.
 *
 * As drivers/md/dm-log-writes.c: block 0 is the super block, each entry
 * one block of struct log_write_entry (a mark's text in the same block)
 * followed by its data blocks; "block" is the logged device's logical
 * block size and sectors count those blocks.  Unlike dm, entries go in
 * completion order (dm holds plain writes back until the next flush
 * completes and logs FUA writes first) and there is no "dm-log-writes-end"
 * mark at teardown.  Write-zeroes is logged as a write of zeros: a
 * dm-log-writes device takes no write-zeroes, so the block layer sends it
 * zero-filled writes for them.
 *
 * The data is copied when the request completes, before it ends (any
 * context, so GFP_NOWAIT); one work item per log appends the entries with
 * kernel_write() in process context and rewrites the super block after
 * each FLUSH, FUA and mark entry, when logging stops and when a write to
 * the log fails (so that it counts the entries written whole).  What
 * waits to be written is bounded (UB_LOGW_PENDING_MAX): a device that outruns its log
 * by more stops logging with a dmesg line rather than hold its requests
 * or leave a hole in the log, which would replay wrong.
 */
#include <linux/blkdev.h>
#include <linux/bvec.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/namei.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "logw.h"
#include "uringblk.h"

#define UB_LOGW_MAGIC		0x6a736677736872ULL	/* dm's WRITE_LOG_MAGIC */
#define UB_LOGW_VERSION		1
#define UB_LOGW_FLUSH		1
#define UB_LOGW_FUA		2
#define UB_LOGW_DISCARD		4
#define UB_LOGW_MARK		8
/* Bytes of copied data and entries that may wait for the work item. */
#define UB_LOGW_PENDING_MAX	(64UL << 20)

/* dm-log-writes' struct log_write_super and struct log_write_entry. */
struct ub_logw_super {
	__le64 magic;
	__le64 version;
	__le64 nr_entries;
	__le32 sectorsize;
};

struct ub_logw_entry_hdr {
	__le64 sector;
	__le64 nr_sectors;
	__le64 flags;
	__le64 data_len;
};

/* One entry waiting to be written. */
struct ub_logw_entry {
	struct list_head node;
	u64 sector, nr_sectors, flags;
	size_t bytes;			/* counted in pending */
	bool zeroes;			/* write-zeroes: no pages, zeros */
	u32 text_len;			/* a mark's text, in text[] */
	u32 nr_pages;
	union {
		DECLARE_FLEX_ARRAY(struct page *, pages);
		DECLARE_FLEX_ARRAY(char, text);
	};
};

struct ub_logw {
	struct file *file;
	unsigned int bs;		/* the logged device's logical block size */
	unsigned int index;		/* /dev/uringblk<index>, for messages */
	spinlock_t lock;		/* pending, from any context */
	struct list_head pending;
	atomic_long_t pending_bytes;
	/* No new entries (set once, with a dmesg line, or at stop). */
	bool stopped;
	/* A write to the log failed: the work item drops what is left. */
	bool broken;
	struct work_struct work;
	/* Work item only: */
	loff_t pos;			/* where the next entry goes */
	u64 nr_entries;			/* entries written */
};

/*
 * A regular file or block device that is not the logged disk itself, nor
 * a file on a filesystem on it: its own writes would be logged forever.
 * (A chain through other devices' logs back to this one is not followed:
 * the log's bound on waiting bytes stops it.)
 */
static int ub_logw_check(struct uringblk_dev *dev, struct inode *inode)
{
	umode_t mode = inode->i_mode;
	struct block_device *sb_bdev = inode->i_sb->s_bdev;

	if (S_ISDIR(mode))
		return -EISDIR;
	if (!S_ISREG(mode) && !S_ISBLK(mode))
		return -EINVAL;
	if (!dev->disk)
		return 0;
	if (S_ISBLK(mode) &&
	    inode->i_rdev == MKDEV(dev->disk->major, dev->disk->first_minor))
		return -EINVAL;
	if (S_ISREG(mode) && sb_bdev && sb_bdev->bd_disk == dev->disk)
		return -EINVAL;
	return 0;
}

/* Opened, a block device is known by its disk: a partition of ours too. */
static int ub_logw_check_file(struct uringblk_dev *dev, struct file *file)
{
	struct inode *inode = file_inode(file);

	if (S_ISBLK(inode->i_mode) &&
	    I_BDEV(file->f_mapping->host)->bd_disk == dev->disk)
		return -EINVAL;
	return ub_logw_check(dev, inode);
}

static int ub_logw_write(struct ub_logw *lw, const void *buf, size_t len,
			 loff_t pos)
{
	ssize_t ret = kernel_write(lw->file, buf, len, &pos);

	if (ret < 0)
		return ret;
	return ret == len ? 0 : -ENOSPC;
}

/* Block 0, from a zeroed block (@blk, lw->bs bytes). */
static int ub_logw_write_super(struct ub_logw *lw, void *blk)
{
	struct ub_logw_super *s = blk;

	memset(blk, 0, lw->bs);
	s->magic = cpu_to_le64(UB_LOGW_MAGIC);
	s->version = cpu_to_le64(UB_LOGW_VERSION);
	s->nr_entries = cpu_to_le64(lw->nr_entries);
	s->sectorsize = cpu_to_le32(lw->bs);
	return ub_logw_write(lw, blk, lw->bs, 0);
}

static int ub_logw_write_entry(struct ub_logw *lw, struct ub_logw_entry *e,
			       void *blk)
{
	struct ub_logw_entry_hdr *h = blk;
	size_t left = e->nr_sectors * lw->bs, n;
	loff_t pos = lw->pos + lw->bs;
	u32 i = 0;
	int ret;

	memset(blk, 0, lw->bs);
	h->sector = cpu_to_le64(e->sector);
	h->nr_sectors = cpu_to_le64(e->nr_sectors);
	h->flags = cpu_to_le64(e->flags);
	if (e->flags & UB_LOGW_MARK) {
		h->data_len = cpu_to_le64(e->text_len);
		memcpy(h + 1, e->text, e->text_len);
	} else if (!(e->flags & UB_LOGW_DISCARD)) {
		h->data_len = cpu_to_le64(left);
	}
	ret = ub_logw_write(lw, blk, lw->bs, lw->pos);
	if (e->flags & (UB_LOGW_MARK | UB_LOGW_DISCARD))
		left = 0;
	while (!ret && left) {
		n = min_t(size_t, left, PAGE_SIZE);
		if (e->zeroes) {
			ret = ub_logw_write(lw, page_address(ZERO_PAGE(0)), n, pos);
		} else {
			void *src = kmap_local_page(e->pages[i++]);

			ret = ub_logw_write(lw, src, n, pos);
			kunmap_local(src);
		}
		pos += n;
		left -= n;
	}
	if (!ret)
		lw->pos = pos;
	return ret;
}

static void ub_logw_free_entry(struct ub_logw *lw, struct ub_logw_entry *e)
{
	u32 i;

	if (!(e->flags & UB_LOGW_MARK))
		for (i = 0; i < e->nr_pages; i++)
			__free_page(e->pages[i]);
	atomic_long_sub(e->bytes, &lw->pending_bytes);
	kfree(e);
}

/* Append what is pending, in the order it completed. */
static void ub_logw_work(struct work_struct *work)
{
	struct ub_logw *lw = container_of(work, struct ub_logw, work);
	struct ub_logw_entry *e;
	void *blk = NULL;
	int ret;

	for (;;) {
		spin_lock_irq(&lw->lock);
		e = list_first_entry_or_null(&lw->pending, struct ub_logw_entry,
					     node);
		if (e)
			list_del(&e->node);
		spin_unlock_irq(&lw->lock);
		if (!e)
			break;
		if (!READ_ONCE(lw->broken)) {
			if (!blk)
				blk = kmalloc(lw->bs, GFP_KERNEL);
			ret = blk ? ub_logw_write_entry(lw, e, blk) : -ENOMEM;
			if (!ret)
				lw->nr_entries++;
			/* As dm after FUA and marks; a flush is a durable point. */
			if (!ret && e->flags & (UB_LOGW_FLUSH | UB_LOGW_FUA | UB_LOGW_MARK))
				ret = ub_logw_write_super(lw, blk);
			if (!ret && e->flags & UB_LOGW_FLUSH)
				ret = vfs_fsync(lw->file, 0);
			if (ret) {
				WRITE_ONCE(lw->stopped, true);
				WRITE_ONCE(lw->broken, true);
				pr_warn("uringblk%u: log_writes: writing entry %llu failed (%d), logging stopped\n",
					lw->index, lw->nr_entries, ret);
				/*
				 * The log stays a valid one of what it holds:
				 * block 0 counts the entries written whole (a
				 * full log fails at its end, not at block 0).
				 */
				if (blk)
					ub_logw_write_super(lw, blk);
			}
		}
		ub_logw_free_entry(lw, e);
		cond_resched();
	}
	kfree(blk);
}

/* Queue @e, or stop logging when the work item is too far behind. */
static void ub_logw_queue(struct ub_logw *lw, struct ub_logw_entry *e)
{
	unsigned long flags;

	if (atomic_long_add_return(e->bytes, &lw->pending_bytes) >
	    UB_LOGW_PENDING_MAX) {
		if (!xchg(&lw->stopped, true))
			pr_warn("uringblk%u: log_writes: more than %lu MiB waiting to be logged, logging stopped\n",
				lw->index, UB_LOGW_PENDING_MAX >> 20);
		ub_logw_free_entry(lw, e);
		return;
	}
	spin_lock_irqsave(&lw->lock, flags);
	list_add_tail(&e->node, &lw->pending);
	spin_unlock_irqrestore(&lw->lock, flags);
	queue_work(system_unbound_wq, &lw->work);
}

static void ub_logw_nomem(struct ub_logw *lw)
{
	if (!xchg(&lw->stopped, true))
		pr_warn("uringblk%u: log_writes: no memory to copy a write, logging stopped\n",
			lw->index);
}

/* Copy a completed request into a new entry (any context). */
static void ub_logw_add_rq(struct ub_logw *lw, struct request *rq)
{
	unsigned int shift = ilog2(lw->bs) - SECTOR_SHIFT;
	u32 bytes = blk_rq_bytes(rq), nr_pages = 0, i;
	struct ub_logw_entry *e;
	struct req_iterator iter;
	struct bio_vec bv;
	size_t off = 0;

	if (req_op(rq) == REQ_OP_WRITE)
		nr_pages = DIV_ROUND_UP(bytes, PAGE_SIZE);
	e = kzalloc(struct_size(e, pages, nr_pages), GFP_NOWAIT | __GFP_NOWARN);
	if (!e) {
		ub_logw_nomem(lw);
		return;
	}
	e->sector = blk_rq_pos(rq) >> shift;
	e->nr_sectors = bytes / lw->bs;
	e->bytes = struct_size(e, pages, nr_pages) + (size_t)nr_pages * PAGE_SIZE;
	switch (req_op(rq)) {
	case REQ_OP_FLUSH:
		e->flags = UB_LOGW_FLUSH;
		e->sector = 0;
		e->nr_sectors = 0;
		break;
	case REQ_OP_DISCARD:
		e->flags = UB_LOGW_DISCARD;
		break;
	case REQ_OP_WRITE_ZEROES:
		e->zeroes = true;
		break;
	default:
		break;
	}
	if (rq->cmd_flags & REQ_FUA)
		e->flags |= UB_LOGW_FUA;
	if (rq->cmd_flags & REQ_PREFLUSH)
		e->flags |= UB_LOGW_FLUSH;
	for (i = 0; i < nr_pages; i++) {
		e->pages[i] = alloc_page(GFP_NOWAIT | __GFP_NOWARN);
		if (!e->pages[i]) {
			e->nr_pages = i;
			e->bytes = 0;
			ub_logw_free_entry(lw, e);
			ub_logw_nomem(lw);
			return;
		}
	}
	e->nr_pages = nr_pages;
	if (nr_pages) {
		rq_for_each_segment(bv, rq, iter) {
			u32 done = 0;

			while (done < bv.bv_len) {
				u32 n = min_t(u32, bv.bv_len - done,
					      PAGE_SIZE - off % PAGE_SIZE);
				void *src = bvec_kmap_local(&bv);

				memcpy_to_page(e->pages[off / PAGE_SIZE],
					       off % PAGE_SIZE, src + done, n);
				kunmap_local(src);
				done += n;
				off += n;
			}
		}
	}
	ub_logw_queue(lw, e);
}

/**
 * __ub_logw_done() - log a request that ends now, before it ends
 * @dev: its device, which has a log (dev->logw was seen set)
 * @rq: the request, its status final and OK
 */
void __ub_logw_done(struct uringblk_dev *dev, struct request *rq)
{
	struct ub_logw *lw;

	switch (req_op(rq)) {
	case REQ_OP_WRITE:
	case REQ_OP_FLUSH:
	case REQ_OP_DISCARD:
	case REQ_OP_WRITE_ZEROES:
		break;
	default:	/* reads; zone appends and management are not logged */
		return;
	}
	rcu_read_lock();
	lw = rcu_dereference(dev->logw);
	if (lw && !READ_ONCE(lw->stopped))
		ub_logw_add_rq(lw, rq);
	rcu_read_unlock();
}

/* Open @path and write an empty log's super block there. */
static struct ub_logw *ub_logw_open(struct uringblk_dev *dev, const char *path)
{
	struct ub_logw *lw;
	struct file *file;
	void *blk;
	int ret;

	file = filp_open(path, O_WRONLY | O_TRUNC | O_LARGEFILE, 0);
	if (IS_ERR(file))
		return ERR_CAST(file);
	ret = ub_logw_check_file(dev, file);
	lw = kzalloc(sizeof(*lw), GFP_KERNEL);
	blk = kmalloc(dev->cfg.logical_block_size, GFP_KERNEL);
	if (!ret && (!lw || !blk))
		ret = -ENOMEM;
	if (!ret) {
		lw->file = file;
		lw->bs = dev->cfg.logical_block_size;
		lw->index = dev->cfg.index;
		lw->pos = lw->bs;
		spin_lock_init(&lw->lock);
		INIT_LIST_HEAD(&lw->pending);
		INIT_WORK(&lw->work, ub_logw_work);
		ret = ub_logw_write_super(lw, blk);
	}
	kfree(blk);
	if (ret) {
		kfree(lw);
		fput(file);
		return ERR_PTR(ret);
	}
	return lw;
}

/* Start logging to @path (dev->lock held, the disk allocated). */
static int ub_logw_start(struct uringblk_dev *dev, const char *path)
{
	struct ub_logw *lw = ub_logw_open(dev, path);

	if (IS_ERR(lw))
		return PTR_ERR(lw);
	rcu_assign_pointer(dev->logw, lw);
	return 0;
}

/* Drain @lw, write its final super block and close it (NULL: nothing). */
static void ub_logw_finish(struct ub_logw *lw)
{
	void *blk;
	int ret = -ENOMEM;

	if (!lw)
		return;
	/* It is off dev->logw: no completion is still adding to it after this. */
	synchronize_rcu();
	WRITE_ONCE(lw->stopped, true);
	queue_work(system_unbound_wq, &lw->work);
	flush_work(&lw->work);
	blk = kmalloc(lw->bs, GFP_KERNEL);
	if (blk && !lw->broken)
		ret = ub_logw_write_super(lw, blk);
	if (!ret)
		ret = vfs_fsync(lw->file, 0);
	if (ret && !lw->broken)
		pr_warn("uringblk%u: log_writes: final super block not written (%d)\n",
			lw->index, ret);
	kfree(blk);
	fput(lw->file);
	kfree(lw);
}

/**
 * ub_logw_stop() - stop logging: drain, write the final super block, close
 * @dev: the device (dev->lock held); nothing happens without a log
 */
void ub_logw_stop(struct uringblk_dev *dev)
{
	ub_logw_finish(rcu_replace_pointer(dev->logw, NULL,
					   lockdep_is_held(&dev->lock)));
}

/* Power on: open the log `log_writes` names, if any (dev->lock held). */
int ub_logw_power_on(struct uringblk_dev *dev)
{
	const char *path = dev->cfg.log_writes;
	int ret;

	if (!path || !*path)
		return 0;
	ret = ub_logw_start(dev, path);
	if (ret)
		return ub_refuse(&dev->cfg, ret, "log_writes %s cannot be opened",
				 path);
	return 0;
}

/**
 * ub_logw_set() - the `log_writes` attribute is written
 * @dev: the device (dev->lock held)
 * @path: the new value, NULL or "" for none
 *
 * Return: 0, the caller then stores @path; or -errno and nothing changed
 * (past the checks, only a failure to open the file the log is in again
 * leaves logging stopped).  Powered: the new log starts, then the old one
 * is finished; off: @path is only looked at (opened at power on).
 */
int ub_logw_set(struct uringblk_dev *dev, const char *path)
{
	struct ub_logw *lw = NULL, *old;
	bool same;
	struct path p;
	int ret;

	old = rcu_dereference_protected(dev->logw, lockdep_is_held(&dev->lock));
	if (path && *path) {
		/* Refused before anything changes: the old log goes on. */
		ret = kern_path(path, LOOKUP_FOLLOW, &p);
		if (ret)
			return ret;
		ret = ub_logw_check(dev, d_inode(p.dentry));
		same = old && file_inode(old->file) == d_inode(p.dentry);
		path_put(&p);
		if (ret || !dev->powered)
			return ret;
		/*
		 * The file the log is in, by whatever name: finish the old
		 * log before opening (truncating) it again.
		 */
		if (same) {
			ub_logw_stop(dev);
			old = NULL;
		}
		lw = ub_logw_open(dev, path);
		if (IS_ERR(lw))
			return PTR_ERR(lw);
	}
	if (!dev->powered)
		return 0;
	/* Each completion goes to the old log or the new one, none to neither. */
	rcu_assign_pointer(dev->logw, lw);
	ub_logw_finish(old);
	return 0;
}

/**
 * ub_logw_ucmd_mark() - URINGBLK_UCMD_LOG_MARK: a mark entry
 * @dev: the device (dev->lock held)
 * @p: the mark's text, copied from user space once
 * @len: its length, 1..URINGBLK_LOG_MARK_MAX
 *
 * Return: 0; -EINVAL for a NUL in the text or a text longer than the
 * log's block less its entry header and dm's NUL; -ENODEV without a log,
 * -EIO when logging stopped after a failure.
 */
int ub_logw_ucmd_mark(struct uringblk_dev *dev, void *p, size_t len)
{
	struct ub_logw *lw = rcu_dereference_protected(dev->logw,
					lockdep_is_held(&dev->lock));
	struct ub_logw_entry *e;

	if (!len || memchr(p, '\0', len))
		return -EINVAL;
	if (!lw)
		return -ENODEV;
	if (len > lw->bs - sizeof(struct ub_logw_entry_hdr) - 1)
		return -EINVAL;
	if (READ_ONCE(lw->stopped))
		return -EIO;
	e = kzalloc(struct_size(e, text, len), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->flags = UB_LOGW_MARK;
	e->text_len = len;
	e->bytes = struct_size(e, text, len);
	memcpy(e->text, p, len);
	ub_logw_queue(lw, e);
	return READ_ONCE(lw->stopped) ? -EIO : 0;
}
