// SPDX-License-Identifier: GPL-2.0
/*
 * File backend: the data lives in a regular file or a block device,
 * opened at power on by the writer of `power` and closed at power off.
 * Reads and writes are asynchronous, as loop's direct I/O: one kiocb per
 * request over the request's own pages (a bvec iterator, no bounce
 * buffer), completed by ki_complete; with direct=0 the page cache does
 * the work and the same call returns at once.  FLUSH is vfs_fsync(),
 * DISCARD and WRITE_ZEROES are fallocate().
 *
 * Every request is issued from a work item, never from ->queue_rq's own
 * context: that runs inside submit_bio() of whoever wrote to our disk,
 * where current->bio_list holds back any bio the backing file system
 * submits (a block bitmap read for an allocating write) until we return,
 * so waiting for it there deadlocks (seen on 6.12 with ext4).  loop has
 * its worker for the same reason.  The worker runs as loop's does: no I/O
 * or file system recursion from reclaim (PF_MEMALLOC_NOIO, and a NOIO/NOFS
 * mask on the backing file's page cache while powered), dirty throttling
 * against the backing store's own bdi only (PF_LOCAL_THROTTLE): reclaim or
 * writeback waiting for our disk must never wait for the worker that
 * serves it.  Writes hold the backing file system's freeze protection
 * until they complete, so a frozen file system stops them.
 */
#include <linux/workqueue.h>
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/falloc.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/mutex.h>
#include <linux/namei.h>
#include <linux/pagemap.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uio.h>

#include "backend.h"
#include "compat.h"
#include "uringblk.h"

struct ub_file {
	struct ub_backend be;
	struct file *file;		/* NULL while off */
	struct list_head node;		/* on ub_files while open */
	struct workqueue_struct *wq;	/* issues the requests, while open */
	bool dsync;			/* write_cache=0: every write durable */
	bool freeze;			/* regular file: writes take sb_writers */
	/*
	 * A block device's logical block size when it is larger than ours
	 * (direct=0), else 0: it fallocates only whole blocks of its own.
	 */
	unsigned int zero_align;
	gfp_t old_gfp;			/* the mapping's mask before power on */
};

/* Per request, after struct ub_cmd in the blk-mq pdu. */
struct ub_file_cmd {
	struct kiocb iocb;
	struct work_struct work;
	struct ub_file *f;
	u64 limit;			/* bytes to move at most (torn writes) */
	struct request *rq;
	struct bio_vec *bvec;		/* kmalloc'ed for multi-bio requests */
	/* Submitter and ki_complete: the last one ends the request. */
	atomic_t ref;
	long len;			/* bytes asked for */
	long ret;			/* what ki_complete got */
	bool end_write;			/* holds freeze protection */
};

/* Open backing files, so one inode never backs two powered devices. */
static DEFINE_MUTEX(ub_files_lock);
static LIST_HEAD(ub_files);

static inline struct ub_file *to_ub_file(struct ub_backend *be)
{
	return container_of(be, struct ub_file, be);
}

static inline struct ub_file_cmd *ub_file_cmd(struct request *rq)
{
	return (void *)((struct ub_cmd *)blk_mq_rq_to_pdu(rq) + 1);
}

static void ub_file_rw_end(struct ub_file_cmd *fc)
{
	blk_status_t st;

	if (!atomic_dec_and_test(&fc->ref))
		return;
	kfree(fc->bvec);
	fc->bvec = NULL;
	if (fc->end_write)
		ub_kiocb_end_write(&fc->iocb);
	if (fc->ret == fc->len)
		st = BLK_STS_OK;
	else if (fc->ret >= 0)
		st = BLK_STS_IOERR;	/* short: past the end of a shrunk file */
	else
		st = errno_to_blk_status(fc->ret);
	ub_backend_done(fc->rq, st);
}

static void ub_file_rw_complete(struct kiocb *iocb, long ret)
{
	struct ub_file_cmd *fc = container_of(iocb, struct ub_file_cmd, iocb);

	fc->ret = ret;
	ub_file_rw_end(fc);
}

/*
 * loop's lo_rw_aio(): a single-bio request iterates over the bio's own
 * bvec table; a merged one needs its bvecs in one array.
 */
static blk_status_t ub_file_rw(struct ub_file *f, struct request *rq,
			       u64 limit)
{
	struct ub_file_cmd *fc = ub_file_cmd(rq);
	bool write = op_is_write(req_op(rq));
	struct bio *bio = rq->bio;
	unsigned int offset = 0, nr = 0;
	struct req_iterator rq_iter;
	struct iov_iter iter;
	const struct bio_vec *table;
	struct bio_vec tmp, *bvec;
	long ret;

	rq_for_each_bvec(tmp, rq, rq_iter)
		nr++;
	if (rq->bio != rq->biotail) {
		bvec = kmalloc_array(nr, sizeof(*bvec), GFP_NOIO);
		if (!bvec)
			return BLK_STS_IOERR;	/* never an endless requeue */
		fc->bvec = bvec;
		rq_for_each_bvec(tmp, rq, rq_iter) {
			*bvec = tmp;
			bvec++;
		}
		table = fc->bvec;
	} else {
		fc->bvec = NULL;
		offset = ub_bvec_iter_offset(bio->bi_iter);
		table = __bvec_iter_bvec(bio->bi_io_vec, bio->bi_iter);
	}
	fc->len = min_t(u64, blk_rq_bytes(rq), limit);
	iov_iter_bvec(&iter, write ? ITER_SOURCE : ITER_DEST, table, nr,
		      blk_rq_bytes(rq));
	iter.iov_offset = offset;
	iov_iter_truncate(&iter, fc->len);

	memset(&fc->iocb, 0, sizeof(fc->iocb));
	fc->rq = rq;
	fc->iocb.ki_filp = f->file;
	fc->iocb.ki_pos = (u64)blk_rq_pos(rq) << SECTOR_SHIFT;
	fc->iocb.ki_complete = ub_file_rw_complete;
	fc->iocb.ki_flags = f->file->f_flags & O_DIRECT ? IOCB_DIRECT : 0;
	if (write && (f->dsync || (rq->cmd_flags & REQ_FUA)))
		fc->iocb.ki_flags |= IOCB_DSYNC;
	atomic_set(&fc->ref, 2);

	/*
	 * A frozen file system makes the write wait here, in the worker,
	 * until it thaws.  A block device's node may sit on any file system:
	 * its freeze is not the data's (file_start_write() skips it too).
	 */
	fc->end_write = write && f->freeze;
	if (fc->end_write)
		ub_kiocb_start_write(&fc->iocb);
	if (write)
		ret = f->file->f_op->write_iter(&fc->iocb, &iter);
	else
		ret = f->file->f_op->read_iter(&fc->iocb, &iter);
	if (ret != -EIOCBQUEUED)
		ub_file_rw_complete(&fc->iocb, ret);
	ub_file_rw_end(fc);
	return UB_STS_PENDING;
}

/* Write zeros over [@pos, @pos + @len) through the page cache (direct=0). */
static int ub_file_write_zeros(struct file *file, u64 pos, u64 len)
{
	loff_t off = pos;
	ssize_t ret;
	size_t n;

	for (; len; len -= n) {
		n = min_t(u64, len, PAGE_SIZE);
		ret = kernel_write(file, page_address(ZERO_PAGE(0)), n, &off);
		if (ret < 0)
			return ret;
		if (ret != n)
			return -EIO;
	}
	return 0;
}

/*
 * DISCARD and WRITE_ZEROES as fallocate().  A block device takes only whole
 * blocks of its own (EINVAL), and with direct=0 ours may be smaller: a
 * discard (a hint) shrinks to the whole backing blocks inside it, a
 * write-zeroes writes zeros over the partial blocks at its ends.
 */
static blk_status_t ub_file_fallocate(struct ub_file *f, int mode,
				      bool discard, u64 pos, u64 len)
{
	u64 start = pos, end = pos + len, head, tail;
	unsigned int a = f->zero_align;
	int ret = 0;

	if (a && ((pos | len) & (a - 1))) {
		head = min(round_up(pos, a), end);
		tail = max(round_down(end, a), head);
		if (!discard) {
			ret = ub_file_write_zeros(f->file, pos, head - pos);
			if (!ret)
				ret = ub_file_write_zeros(f->file, tail,
							  end - tail);
		}
		start = head;
		end = tail;
	}
	if (!ret && end > start)
		ret = vfs_fallocate(f->file, mode | FALLOC_FL_KEEP_SIZE, start,
				    end - start);
	if (!ret && f->dsync)
		ret = vfs_fsync_range(f->file, pos, pos + len - 1, 1);
	return errno_to_blk_status(ret);
}

/*
 * In the work item: reads and writes go asynchronously; flush, discard
 * and write-zeroes are rare and sleep here.
 */
static blk_status_t ub_file_issue(struct ub_file *f, struct request *rq,
				  u64 limit)
{
	u64 pos = (u64)blk_rq_pos(rq) << SECTOR_SHIFT;
	u64 len = blk_rq_bytes(rq);

	switch (req_op(rq)) {
	case REQ_OP_READ:
	case REQ_OP_WRITE:
		return ub_file_rw(f, rq, limit);
	case REQ_OP_FLUSH:
		return errno_to_blk_status(vfs_fsync(f->file, 0));
	case REQ_OP_DISCARD:
		return ub_file_fallocate(f, FALLOC_FL_PUNCH_HOLE, true, pos,
					 len);
	case REQ_OP_WRITE_ZEROES:
		/* NOUNMAP: the blocks stay allocated, as the caller asked. */
		return ub_file_fallocate(f, rq->cmd_flags & REQ_NOUNMAP ?
					 FALLOC_FL_ZERO_RANGE :
					 FALLOC_FL_PUNCH_HOLE, false, pos, len);
	default:
		return BLK_STS_NOTSUPP;
	}
}

static void ub_file_work(struct work_struct *work)
{
	struct ub_file_cmd *fc = container_of(work, struct ub_file_cmd, work);
	struct request *rq = blk_mq_rq_from_pdu((struct ub_cmd *)fc - 1);
	unsigned int throttle = current->flags & UB_PF_LOCAL_THROTTLE;
	unsigned int noio = memalloc_noio_save();
	blk_status_t st;

	current->flags |= UB_PF_LOCAL_THROTTLE;
	st = ub_file_issue(fc->f, rq, fc->limit);
	if (!throttle)
		current->flags &= ~UB_PF_LOCAL_THROTTLE;
	memalloc_noio_restore(noio);
	if (st != UB_STS_PENDING)
		ub_backend_done(rq, st);
}

static blk_status_t ub_file_queue_rq(struct ub_backend *be,
				     struct request *rq, u64 limit)
{
	struct ub_file *f = to_ub_file(be);
	struct ub_file_cmd *fc = ub_file_cmd(rq);

	fc->f = f;
	fc->limit = limit;
	INIT_WORK(&fc->work, ub_file_work);
	queue_work(f->wq, &fc->work);
	return UB_STS_PENDING;
}

/* The smallest direct I/O the backing store takes, in bytes. */
static unsigned int ub_file_dio_align(struct inode *inode)
{
	if (S_ISBLK(inode->i_mode))
		return bdev_logical_block_size(I_BDEV(inode));
	if (inode->i_sb->s_bdev)
		return bdev_logical_block_size(inode->i_sb->s_bdev);
	return SECTOR_SIZE;
}

/*
 * On a block device both discard and write-zeroes are punches, which it
 * does with its own write-zeroes and no fallback (blkdev_fallocate()): so
 * both only when it has write-zeroes, as loop decides.  Smaller logical
 * blocks than the device's (direct=0) are aligned by ub_file_fallocate();
 * discards come whole backing blocks where the block layer can split them.
 */
static void ub_file_bdev_limits(struct ub_file *f, struct block_device *bdev,
				const struct uringblk_config *c,
				struct ub_limits *lim)
{
	unsigned int bs = bdev_logical_block_size(bdev);

	if (!bdev_write_zeroes_sectors(bdev)) {
		lim->max_discard_sectors = 0;
		lim->max_write_zeroes_sectors = 0;
	}
	if (bs <= c->logical_block_size)
		return;
	f->zero_align = bs;
	lim->discard_granularity = bs;
	lim->max_discard_sectors = round_down(lim->max_discard_sectors,
					      bs >> SECTOR_SHIFT);
	lim->max_write_zeroes_sectors = round_down(lim->max_write_zeroes_sectors,
						   bs >> SECTOR_SHIFT);
}

/* Check the open file against the settings; may resolve the capacity. */
static int ub_file_check(struct ub_file *f, struct uringblk_config *c,
			 struct ub_limits *lim)
{
	struct inode *inode = f->file->f_mapping->host;
	u64 size = i_size_read(inode);
	struct ub_file *other;
	int ret;

	if (c->direct && c->logical_block_size < ub_file_dio_align(inode))
		return ub_refuse(c, -EINVAL,
				 "%s: direct I/O needs %u-byte blocks, logical_block_size is %llu",
				 c->path, ub_file_dio_align(inode),
				 c->logical_block_size);
	list_for_each_entry(other, &ub_files, node) {
		if (other->file->f_mapping->host == inode)
			return ub_refuse(c, -EBUSY, "%s: backs another device",
					 c->path);
	}

	if (!c->capacity) {
		c->capacity = round_down(size, c->logical_block_size);
		if (!c->capacity)
			return ub_refuse(c, -EINVAL, "%s: smaller than one block",
					 c->path);
	} else if (c->capacity > size) {
		if (!c->grow || !S_ISREG(inode->i_mode))
			return ub_refuse(c, -EINVAL,
					 "%s: %llu bytes, capacity is %llu (grow=0)",
					 c->path, size, c->capacity);
		ret = vfs_truncate(&f->file->f_path, c->capacity);
		if (ret)
			return ret;
	}

	/* Advertise only what the backing store can do. */
	if (!f->file->f_op->fallocate) {
		lim->max_discard_sectors = 0;
		lim->max_write_zeroes_sectors = 0;
	}
	if (S_ISBLK(inode->i_mode))
		ub_file_bdev_limits(f, I_BDEV(inode), c, lim);
	return 0;
}

/*
 * What can back a device: a regular file or a block device, read and
 * written through iov_iters (the request's own bvecs, direct or through
 * the page cache).  A directory keeps open()'s EISDIR.
 */
static int ub_file_usable(const struct uringblk_config *c, umode_t mode,
			  const struct file_operations *fop)
{
	if (S_ISDIR(mode))
		return ub_refuse(c, -EISDIR, "%s: a directory", c->path);
	if (!S_ISREG(mode) && !S_ISBLK(mode))
		return ub_refuse(c, -EINVAL,
				 "%s: a %s, not a regular file or block device",
				 c->path, S_ISCHR(mode) ? "character device" :
				 S_ISFIFO(mode) ? "FIFO" :
				 S_ISSOCK(mode) ? "socket" : "special file");
	if (!fop || !fop->read_iter || !fop->write_iter)
		return ub_refuse(c, -EINVAL,
				 "%s: no read_iter/write_iter, cannot back a device",
				 c->path);
	return 0;
}

/*
 * Look the path up and check the inode before anything is opened: the
 * ->open of another kind of file may act (/dev/ptmx makes a pty).  Then
 * open that very dentry (no second lookup to race with a rename), with
 * the checks may_open() would make and dentry_open() leaves to its
 * caller, as the writer of `power`: its credentials decide.  The opened
 * file is checked again: an ->open may replace the file operations.
 */
static struct file *ub_file_open(const struct uringblk_config *c)
{
	/* O_EXCL without O_CREAT: an exclusive open of a block device. */
	int flags = O_RDWR | O_LARGEFILE | O_EXCL | (c->direct ? O_DIRECT : 0);
	struct inode *inode;
	struct file *file;
	struct path path;
	int ret;

	ret = kern_path(c->path, LOOKUP_FOLLOW, &path);
	if (ret)
		return ERR_PTR(ret);
	inode = d_inode(path.dentry);
	ret = ub_file_usable(c, inode->i_mode, inode->i_fop);
	if (!ret && S_ISBLK(inode->i_mode) &&
	    ((path.mnt->mnt_flags & MNT_NODEV) ||
	     (path.mnt->mnt_sb->s_iflags & SB_I_NODEV)))
		ret = -EACCES;
	if (!ret)
		ret = path_permission(&path, MAY_OPEN | MAY_READ | MAY_WRITE);
	if (!ret && IS_APPEND(inode))
		ret = -EPERM;	/* append-only: not without O_APPEND */
	if (ret) {
		path_put(&path);
		return ERR_PTR(ret);
	}
	file = dentry_open(&path, flags, current_cred());
	path_put(&path);
	if (IS_ERR(file)) {
		if (PTR_ERR(file) == -EINVAL && c->direct)
			ub_refuse(c, -EINVAL,
				  "%s: cannot be opened for direct I/O (direct=1)",
				  c->path);
		return file;
	}
	ret = ub_file_usable(c, file_inode(file)->i_mode, file->f_op);
	if (ret) {
		fput(file);
		return ERR_PTR(ret);
	}
	return file;
}

static int ub_file_power_on(struct ub_backend *be, struct uringblk_config *c,
			    struct ub_limits *lim)
{
	struct ub_file *f = to_ub_file(be);
	struct file *file;
	int ret;

	/* validate.c refused this first; the open below would oops on it. */
	if (WARN_ON_ONCE(!c->path))
		return -EINVAL;
	file = ub_file_open(c);
	if (IS_ERR(file))
		return ub_refuse(c, PTR_ERR(file), "%s: cannot open it", c->path);
	/* Unbound: the file system's work spreads over the CPUs. */
	f->wq = alloc_workqueue("uringblk-file", WQ_UNBOUND | WQ_MEM_RECLAIM |
				WQ_HIGHPRI, 0);
	if (!f->wq) {
		fput(file);
		return -ENOMEM;
	}
	f->file = file;
	f->dsync = !c->write_cache;
	f->freeze = S_ISREG(file_inode(file)->i_mode);
	f->zero_align = 0;
	mutex_lock(&ub_files_lock);
	ret = ub_file_check(f, c, lim);
	if (!ret)
		list_add(&f->node, &ub_files);
	mutex_unlock(&ub_files_lock);
	if (ret) {
		destroy_workqueue(f->wq);
		fput(file);
		f->file = NULL;
		return ret;
	}
	/* The page cache under us must not recurse into I/O either (loop). */
	f->old_gfp = mapping_gfp_mask(file->f_mapping);
	mapping_set_gfp_mask(file->f_mapping,
			     f->old_gfp & ~(__GFP_IO | __GFP_FS));
	return 0;
}

/* Every request has ended (del_gendisk drained the queue). */
static void ub_file_power_off(struct ub_backend *be)
{
	struct ub_file *f = to_ub_file(be);

	if (!f->file)
		return;
	mutex_lock(&ub_files_lock);
	list_del(&f->node);
	mutex_unlock(&ub_files_lock);
	destroy_workqueue(f->wq);
	mapping_set_gfp_mask(f->file->f_mapping, f->old_gfp);
	fput(f->file);
	f->file = NULL;
}

static void ub_file_destroy(struct ub_backend *be)
{
	ub_file_power_off(be);
	kfree(to_ub_file(be));
}

/*
 * Live growth keeps power on's rule: past the end of the backing file only
 * with grow=1, which extends a regular file.  A shrink leaves the file as
 * it is (as loop does).
 */
static int ub_file_grow(struct ub_backend *be, const struct uringblk_config *c,
			u64 size)
{
	struct ub_file *f = to_ub_file(be);
	struct inode *inode = f->file->f_mapping->host;
	u64 have = i_size_read(inode);

	if (size <= have)
		return 0;
	if (!c->grow || !S_ISREG(inode->i_mode)) {
		pr_warn("uringblk: %s: %llu bytes, capacity %llu refused (%s)\n",
			c->path, have, size,
			c->grow ? "not a regular file" : "grow=0");
		return -EINVAL;
	}
	return vfs_truncate(&f->file->f_path, size);
}

static const struct ub_backend_ops ub_file_ops = {
	.name		= "file",
	.pdu_size	= sizeof(struct ub_file_cmd),
	.power_on	= ub_file_power_on,
	.power_off	= ub_file_power_off,
	.queue_rq	= ub_file_queue_rq,
	.grow		= ub_file_grow,
	.destroy	= ub_file_destroy,
};

struct ub_backend *ub_file_backend_create(const struct uringblk_config *c)
{
	struct ub_file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return NULL;
	f->be.ops = &ub_file_ops;
	INIT_LIST_HEAD(&f->node);
	return &f->be;
}
