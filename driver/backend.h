/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Backend operations: where a device keeps its data.  The memory backend
 * is the only one today; a file backend and zoned devices plug in here.
 * All offsets and lengths are in bytes; the block layer has already
 * checked them against the capacity.
 */
#ifndef _URINGBLK_BACKEND_H
#define _URINGBLK_BACKEND_H

#include <linux/blk_types.h>
#include <linux/types.h>

struct page;
struct ub_backend;

struct ub_backend_ops {
	const char *name;
	/* Copy @len bytes at @pos into @page at @off; @len stays in @page. */
	blk_status_t (*read)(struct ub_backend *be, struct page *page,
			     unsigned int off, unsigned int len, u64 pos);
	/* Copy @len bytes from @page at @off to the device at @pos. */
	blk_status_t (*write)(struct ub_backend *be, struct page *page,
			      unsigned int off, unsigned int len, u64 pos);
	/*
	 * Make [@pos, @pos + @len) read as zeros; with @unmap (discard,
	 * write-zeroes without REQ_NOUNMAP) release what it can, without it
	 * keep what is allocated.
	 */
	blk_status_t (*zero)(struct ub_backend *be, u64 pos, u64 len,
			     bool unmap);
	/* Drop everything at and beyond @size (shrink). */
	void (*truncate)(struct ub_backend *be, u64 size);
	/* Bytes of RAM held for data and its index. */
	u64 (*memory_used)(struct ub_backend *be);
	/* Bytes of data pages on node N in @bytes[N], N < nr_node_ids. */
	void (*memory_by_node)(struct ub_backend *be, u64 *bytes);
	void (*destroy)(struct ub_backend *be);
};

struct ub_backend {
	const struct ub_backend_ops *ops;
	/* Bytes of RAM the backend may use, 0 for no limit; changed live. */
	u64 memory_limit;
	/* NUMA node for data pages, NUMA_NO_NODE: the writer's; set while off. */
	int home_node;
	/* Pages that landed on another node than home_node (it was full). */
	atomic64_t numa_fallback;
};

struct ub_backend *ub_mem_backend_create(void);

#endif /* _URINGBLK_BACKEND_H */
