/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * uringblk user-space ABI.
 *
 * This header is the contract between the uringblk driver, its tools and
 * any other client.  It is self-contained, uses fixed-width types only and
 * every structure has explicit padding and a static size check.
 *
 * How it grows (Documentation/admin-plane.md refers here):
 *  - Every payload structure begins with __u32 size and __u16 version, and
 *    grows only by appending fields or by naming a reserved one (which
 *    older drivers left zero).  The driver writes min(payload_len, its
 *    size) bytes, so an old client gets the prefix it asked for and a new
 *    one learns from size how much was filled.  IDENTIFY and GET_STATS
 *    are the structures expected to grow.
 *  - Opcodes are grouped by area, 16 to an area: 0x01-0x0f the device and
 *    its statistics, 0x10-0x1f fault injection, 0x20-0x2f zones, 0x30-0x3f
 *    power failure, 0x40-0x4f the write log, 0x50-0x5f latency models; a new
 *    command takes the next free number of its area, a new area the next
 *    free block of 16.
 *  - Per-operation statistics (GET_STATS, GET_LATENCY) are arrays of
 *    URINGBLK_MAX_OPS entries, of which nr_ops (URINGBLK_NR_OPS) are in
 *    use: a new operation takes the next free URINGBLK_OP_* slot and
 *    leaves the layout alone; what needs more room is appended.
 *  - Each addition bumps URINGBLK_ABI_MINOR (clients read it in IDENTIFY);
 *    only a change that breaks old clients would bump URINGBLK_ABI_MAJOR.
 */
#ifndef _UAPI_LINUX_URINGBLK_H
#define _UAPI_LINUX_URINGBLK_H

#include <linux/const.h>
#include <linux/ioctl.h>
#include <linux/types.h>

/* Driver version as reported by /sys/kernel/config/uringblk/version. */
#define URINGBLK_VERSION_MAJOR	0
#define URINGBLK_VERSION_MINOR	1
#define URINGBLK_VERSION_PATCH	0

/* Block device name prefix: the disk is /dev/uringblk<index>. */
#define URINGBLK_DISK_PREFIX	"uringblk"
/* configfs subsystem name: /sys/kernel/config/uringblk/ */
#define URINGBLK_CONFIGFS_NAME	"uringblk"

/* Limits of the configfs device attributes. */
#define URINGBLK_NAME_MAX	32		/* device and rule names */
#define URINGBLK_INDEX_MAX	((1U << 20) - 1)
#define URINGBLK_BLOCK_SIZE_MIN	512
#define URINGBLK_BLOCK_SIZE_MAX	4096
#define URINGBLK_MAX_SECTORS_MIN	8
#define URINGBLK_MAX_SECTORS_MAX	65535
#define URINGBLK_QUEUE_DEPTH_MAX	4096

/*
 * Admin plane
 * ===========
 *
 * Each powered disk /dev/uringblk<N> has a control character device
 * /dev/uringblk<N>-ctl.  A command is an IORING_OP_URING_CMD on an ordinary
 * (64-byte SQE) ring with sqe->cmd_op = URINGBLK_UCMD and a
 * struct uringblk_ucmd_hdr in the SQE's 16-byte command area, or the same
 * header passed by pointer to ioctl(fd, URINGBLK_UCMD, &hdr).
 *
 * The result (CQE res, or the ioctl return value) is the number of bytes
 * the driver wrote to the payload buffer, or -errno:
 *   -EINVAL	abi_major is not URINGBLK_ABI_MAJOR; payload_len is 0 for a
 *		command with a payload; a command without one (RESET_STATS)
 *		got one; payload_len below the input a command reads
 *		(FAULT_ADD, FAULT_DEL: the whole rule; GET_LATENCY_HIST: up
 *		to buckets); a reserved field is not zero; FAULT_ADD: a rule
 *		its configfs attributes would refuse; GET_LATENCY_HIST: op
 *		>= URINGBLK_NR_OPS or start >= nr_buckets; ZONE_REPORT,
 *		ZONE_MGMT: the device is not zoned, or the zone or action
 *		is out of range, or URINGBLK_ZONE_ALL with another action
 *		than RESET
 *   -EOPNOTSUPP unknown opcode; io_uring cmd_op is not URINGBLK_UCMD
 *   -ENOTTY	ioctl request number is not URINGBLK_UCMD
 *   -EPERM	a mutating opcode (RESET_STATS, FAULT_ADD, FAULT_DEL,
 *		ZONE_MGMT, POWERFAIL, SET_LATENCY_MODEL, LOG_MARK)
 *		without CAP_SYS_ADMIN
 *   -EOVERFLOW	payload_len > URINGBLK_PAYLOAD_MAX
 *   -EFAULT	payload_addr is not readable (input) or writable user
 *		memory; ioctl: the header pointer is not readable
 *   -ENOMEM	the kernel could not allocate the reply or the command's
 *		state (a statistics snapshot, a rule)
 *   -ENODEV	the disk was powered off or removed (FAULT_ADD: meanwhile);
 *		LOG_MARK: the device has no write log (`log_writes` empty)
 *   -ENOENT	FAULT_DEL: no rule with that id
 *   -EBUSY	FAULT_DEL: the rule was made with mkdir (rmdir removes it)
 *   -EEXIST	FAULT_ADD: 16 names "uring.<id>" in a row taken by mkdir
 *   -EIO	LOG_MARK: logging stopped after a failure (dmesg says why)
 *   -EIO, -ETOOMANYREFS, -EOVERFLOW  ZONE_MGMT: the action is invalid in
 *		the zone's state, or over the open or active zone limit
 * A command that fails has no effect (a FAULT_ADD whose reply cannot be
 * written back leaves no rule).
 * Checks run in this order: header, permission, lengths, reading the
 * input, device state, the command, writing the reply.
 * The driver writes min(payload_len, size of its structure) bytes (see
 * "How it grows" above).
 */
#define URINGBLK_ABI_MAJOR	1
/*
 * Minor 1: GET_LATENCY_HIST; GET_LATENCY fills p9999_ns, interpolates.
 * Minor 2: NUMA home_node in IDENTIFY and the statistics.
 * Minor 3: IDENTIFY reports the backend (was reserved, read as 0 before).
 * Minor 4: zoned devices: ZONE_REPORT, ZONE_MGMT, zone fields of IDENTIFY,
 * struct uringblk_zone_stats at the end of GET_STATS (version 2).
 * Minor 5: URINGBLK_BACKEND_NONE.
 * Minor 6: fault rule field after (was reserved[0]), URINGBLK_FAULT_DROP_WRITE,
 * URINGBLK_FAULT_POWERFAIL, POWERFAIL and POWERFAIL_RECORD, struct
 * uringblk_cache_stats at the end of GET_STATS (version 3).
 * Minor 7: SET_LATENCY_MODEL (completion=model).
 * Minor 8: LOG_MARK (the write log, `log_writes`).
 */
#define URINGBLK_ABI_MINOR	8

struct uringblk_ucmd_hdr {
	__u8	abi_major;	/* URINGBLK_ABI_MAJOR */
	__u8	abi_minor;	/* URINGBLK_ABI_MINOR the client was built for */
	__u16	opcode;		/* URINGBLK_UCMD_* */
	__u32	payload_len;	/* bytes at payload_addr, <= URINGBLK_PAYLOAD_MAX */
	__u64	payload_addr;	/* user pointer to the payload buffer */
};

#define URINGBLK_UCMD		_IOWR('U', 0x01, struct uringblk_ucmd_hdr)
#define URINGBLK_PAYLOAD_MAX	4096

/*
 * Opcodes, by area (see "How it grows"): 0x10 faults, 0x20 zones, 0x30
 * power failure, 0x40 the write log, 0x50 latency models.
 */
#define URINGBLK_UCMD_IDENTIFY		0x01	/* -> struct uringblk_identify */
#define URINGBLK_UCMD_GET_STATS		0x02	/* -> struct uringblk_stats */
#define URINGBLK_UCMD_RESET_STATS	0x03	/* no payload; CAP_SYS_ADMIN */
#define URINGBLK_UCMD_GET_LATENCY	0x04	/* -> struct uringblk_latency */
/* GET_LATENCY_HIST reads op and start, writes one page of one histogram. */
#define URINGBLK_UCMD_GET_LATENCY_HIST	0x05	/* <-> struct uringblk_latency_hist */
/* FAULT_ADD reads a struct uringblk_fault_rule and writes it back completed. */
#define URINGBLK_UCMD_FAULT_ADD		0x10	/* CAP_SYS_ADMIN */
#define URINGBLK_UCMD_FAULT_LIST	0x11	/* -> struct uringblk_fault_list */
/* FAULT_DEL reads the id of a struct uringblk_fault_rule; writes nothing. */
#define URINGBLK_UCMD_FAULT_DEL		0x12	/* CAP_SYS_ADMIN */
/* ZONE_REPORT reads start_zone, writes a page of the zone table. */
#define URINGBLK_UCMD_ZONE_REPORT	0x20	/* <-> struct uringblk_zone_report */
/* ZONE_MGMT reads a struct uringblk_zone_mgmt; writes nothing. */
#define URINGBLK_UCMD_ZONE_MGMT		0x21	/* CAP_SYS_ADMIN */
/* POWERFAIL: no payload; the `powerfail` attribute's cut, as a command. */
#define URINGBLK_UCMD_POWERFAIL		0x30	/* CAP_SYS_ADMIN */
#define URINGBLK_UCMD_POWERFAIL_RECORD	0x31	/* <-> struct uringblk_powerfail_record */
/*
 * LOG_MARK: the payload is the mark's text itself, payload_len bytes
 * (1..URINGBLK_LOG_MARK_MAX, no NUL, no terminator); writes nothing.  It
 * adds a mark entry to the write log, as dm-log-writes' "mark" message.
 * -EINVAL: an empty text, a NUL in it, or more than the log's block holds
 * (logical_block_size - 33 bytes: the entry header and dm's NUL).
 */
#define URINGBLK_UCMD_LOG_MARK		0x40	/* CAP_SYS_ADMIN */
#define URINGBLK_LOG_MARK_MAX		(URINGBLK_BLOCK_SIZE_MAX - 33)
/* SET_LATENCY_MODEL reads one page of a struct uringblk_latency_model. */
#define URINGBLK_UCMD_SET_LATENCY_MODEL	0x50	/* CAP_SYS_ADMIN */

/* IDENTIFY feature bits. */
#define URINGBLK_F_DISCARD	_BITULL(0)
#define URINGBLK_F_WRITE_ZEROES	_BITULL(1)
#define URINGBLK_F_WRITE_CACHE	_BITULL(2)	/* volatile cache: FLUSH and FUA */
#define URINGBLK_F_POLL		_BITULL(3)	/* poll_queues > 0 */
#define URINGBLK_F_ZONED	_BITULL(4)	/* host-managed zoned device */
#define URINGBLK_F_FAULTS	_BITULL(5)	/* fault injection rules supported */
#define URINGBLK_F_FILE_BACKEND	_BITULL(6)	/* backend is URINGBLK_BACKEND_FILE */
#define URINGBLK_F_STATS	_BITULL(7)	/* statistics are being collected */

#define URINGBLK_IDENTIFY_VERSION	1

/* struct uringblk_identify.backend: the `backend` attribute's words. */
#define URINGBLK_BACKEND_MEMORY		0
#define URINGBLK_BACKEND_FILE		1
#define URINGBLK_BACKEND_NONE		2	/* no data: null_blk memory_backed=0 */

struct uringblk_identify {
	__u32	size;			/* sizeof(struct uringblk_identify) */
	__u16	version;		/* URINGBLK_IDENTIFY_VERSION */
	__u8	abi_major;		/* ABI the driver speaks */
	__u8	abi_minor;
	char	model[32];		/* "uringblk", NUL padded */
	char	serial[40];		/* the configfs directory name, NUL padded */
	char	firmware[16];		/* driver version "MAJOR.MINOR.PATCH" */
	__u64	capacity_bytes;
	__u64	capacity_blocks;	/* in logical blocks */
	__u32	logical_block_size;
	__u32	physical_block_size;
	__u32	max_sectors;		/* in 512-byte sectors */
	__u32	nr_hw_queues;		/* interrupt-driven queues */
	__u32	poll_queues;
	__u32	queue_depth;
	__u32	index;			/* N of /dev/uringblk<N> */
	__s32	home_node;		/* ABI minor >= 2: NUMA node, -1: none */
	__u64	features;		/* URINGBLK_F_* */
	__u32	backend;		/* ABI minor >= 3: URINGBLK_BACKEND_* */
	/* Zoned devices (ABI minor >= 4; zeros when not zoned). */
	__u32	nr_zones;
	__u64	zone_size;		/* bytes */
	__u64	zone_capacity;		/* writable bytes of a sequential zone */
	__u32	zone_nr_conv;		/* conventional zones at the start */
	__u32	zone_max_open;		/* 0: no limit */
	__u32	zone_max_active;	/* 0: no limit */
	__u32	zone_append_max_sectors;	/* 512-byte sectors */
	__u8	zone_model;		/* BLK_ZONED_NONE 0, host-managed 2 */
	__u8	reserved1[7];
	__u64	reserved[2];
};

/* Operations in the statistics arrays. */
#define URINGBLK_OP_READ		0
#define URINGBLK_OP_WRITE		1
#define URINGBLK_OP_FLUSH		2
#define URINGBLK_OP_DISCARD		3
#define URINGBLK_OP_WRITE_ZEROES	4
#define URINGBLK_NR_OPS			5	/* in use in this version */
#define URINGBLK_MAX_OPS		8	/* room in the arrays: fixed */
#define URINGBLK_STATS_MAX_QUEUES	128

struct uringblk_op_stats {
	__u64	ios;			/* completed requests */
	__u64	bytes;			/* bytes of completed requests */
	__u64	errors;			/* completed with an error (real ones) */
	__u64	injected_errors;	/* errors injected by fault rules */
	__u64	injected_delays;	/* requests delayed by fault rules */
	__u64	injected_corruptions;	/* reads corrupted by fault rules */
};

struct uringblk_queue_stats {
	__u64	dispatched;		/* requests queued to this hardware queue */
	__u64	polled;			/* of those, completed through ->poll */
};

/*
 * Version 2 (ABI minor 4) appends struct uringblk_zone_stats, version 3
 * (minor 6) struct uringblk_cache_stats.
 */
#define URINGBLK_STATS_VERSION	3

/* Zone operations counted in struct uringblk_zone_stats. */
#define URINGBLK_ZONE_OP_RESET		0
#define URINGBLK_ZONE_OP_RESET_ALL	1
#define URINGBLK_ZONE_OP_OPEN		2
#define URINGBLK_ZONE_OP_CLOSE		3
#define URINGBLK_ZONE_OP_FINISH		4
#define URINGBLK_ZONE_OP_APPEND		5
#define URINGBLK_NR_ZONE_OPS		6	/* in use in this version */
#define URINGBLK_MAX_ZONE_OPS		8	/* room in the array */
#define URINGBLK_ZONE_NR_CONDS		16	/* BLK_ZONE_COND_* are 0..15 */

struct uringblk_zone_stats {
	__u64	ops[URINGBLK_MAX_ZONE_OPS];	/* successful, per URINGBLK_ZONE_OP_* */
	__u32	nr_zones;		/* 0 when the device is not zoned */
	__u32	cond[URINGBLK_ZONE_NR_CONDS];	/* zones per BLK_ZONE_COND_* value */
	__u32	reserved0;
};

/*
 * The volatile write cache (volatile_cache=1, Documentation/powerfail.md);
 * all 0 without one.  Page granularity: a page counts as not durable from
 * its first change after it was last made durable.
 */
struct uringblk_cache_stats {
	__u64	dirty_bytes;		/* not durable now */
	__u64	shadow_bytes;		/* RAM held by durable copies */
	__u64	flushes;		/* FLUSH requests that reached the cache */
	__u64	writebacks;		/* bytes made durable by volatile_cache_size */
	__u64	powerfails;		/* power failures since the directory was made */
	__u64	last_kept_blocks;	/* last power failure: logical blocks kept */
	__u64	last_dropped_blocks;	/* ... and put back to their durable contents */
	__u64	reserved[1];
};

struct uringblk_stats {
	__u32	size;			/* sizeof(struct uringblk_stats) */
	__u16	version;		/* URINGBLK_STATS_VERSION */
	__u16	nr_ops;			/* URINGBLK_NR_OPS */
	__u32	nr_queues;		/* hardware queues reported in queues[] */
	__u32	reserved0;
	/* dispatched, not yet completed: approximate, 0..tag count */
	__u64	in_flight;
	/* ABI minor >= 2: data pages placed off home_node (it was full) */
	__u64	numa_fallback;
	__u64	reserved[4];
	struct uringblk_op_stats ops[URINGBLK_MAX_OPS];
	struct uringblk_queue_stats queues[URINGBLK_STATS_MAX_QUEUES];
	struct uringblk_zone_stats zones;	/* version >= 2 */
	struct uringblk_cache_stats cache;	/* version >= 3 */
};

/*
 * Latency is measured from ->queue_rq to the completion of the request to
 * the block layer, per operation, into a log-linear histogram (below).
 *
 * GET_LATENCY: the coarse view every ABI minor answers.  Bucket i counts
 * latencies in [2^i, 2^(i+1)) nanoseconds (bucket 0 also 0 ns), summed
 * from the fine histogram; latencies of 2^URINGBLK_LAT_HIST_MAX_SHIFT ns
 * and more land in bucket URINGBLK_LAT_HIST_MAX_SHIFT.  Since ABI minor 1
 * the percentiles come from the fine histogram (interpolated, see
 * GET_LATENCY_HIST) and p9999_ns is filled; minor 0 drivers left it 0 and
 * gave the upper edge of the log2 bucket.
 */
#define URINGBLK_LAT_BUCKETS	40
#define URINGBLK_LATENCY_VERSION	1

struct uringblk_op_latency {
	__u64	count;
	__u64	p50_ns;
	__u64	p90_ns;
	__u64	p99_ns;
	__u64	p999_ns;
	__u64	p9999_ns;		/* ABI minor >= 1; was reserved */
	__u64	buckets[URINGBLK_LAT_BUCKETS];
};

struct uringblk_latency {
	__u32	size;			/* sizeof(struct uringblk_latency) */
	__u16	version;		/* URINGBLK_LATENCY_VERSION */
	__u16	nr_ops;			/* URINGBLK_NR_OPS */
	__u32	nr_buckets;		/* URINGBLK_LAT_BUCKETS */
	__u32	reserved0;
	__u64	reserved[2];
	struct uringblk_op_latency ops[URINGBLK_MAX_OPS];
};

/*
 * The fine histogram (ABI minor >= 1).  With S = sub_bucket_bits and
 * M = min_shift, bucket i < nr_buckets - 1 is group g = i >> S, slot
 * j = i & (2^S - 1):
 *   g == 0: [j * 2^(M-S), (j + 1) * 2^(M-S)) ns
 *   g >= 1: [2^(M+g-1) + j * 2^(M+g-1-S), 2^(M+g-1) + (j + 1) * 2^(M+g-1-S)) ns
 * so above 2^M ns a bucket is at most 1/2^S of its lower edge wide.  The
 * last bucket counts everything from 2^max_shift ns on.
 */
#define URINGBLK_LAT_HIST_SUB_BITS	6
#define URINGBLK_LAT_HIST_MIN_SHIFT	8	/* 256 ns */
#define URINGBLK_LAT_HIST_MAX_SHIFT	34	/* 17.2 s */
#define URINGBLK_LAT_HIST_BUCKETS					\
	(((URINGBLK_LAT_HIST_MAX_SHIFT - URINGBLK_LAT_HIST_MIN_SHIFT + 1) <<	\
	  URINGBLK_LAT_HIST_SUB_BITS) + 1)				/* 1729 */
#define URINGBLK_LAT_HIST_PAGE		496	/* buckets in one reply */
#define URINGBLK_LATENCY_HIST_VERSION	1

/*
 * GET_LATENCY_HIST: the client sets op and start (and zeroes reserved0
 * and reserved[]); payload_len is at least offsetof(buckets), 128 bytes.
 * The driver returns the histogram's summary and buckets [start,
 * start + nr_returned), as many as payload_len holds (at most
 * URINGBLK_LAT_HIST_PAGE).  Page with start += nr_returned until start
 * reaches nr_buckets; each call is its own snapshot.  -EINVAL: op >=
 * URINGBLK_NR_OPS, start >= nr_buckets, reserved fields set, payload_len
 * below 128.  The other fields are ignored on input, so one buffer serves
 * every page.  Percentiles are the nearest rank, interpolated linearly
 * inside its bucket and kept within [min_ns, max_ns]: within one bucket
 * width (under 1/2^S) of the exact value above 2^M ns.
 */
struct uringblk_latency_hist {
	__u32	size;			/* out: sizeof(struct uringblk_latency_hist) */
	__u16	version;		/* out: URINGBLK_LATENCY_HIST_VERSION */
	__u16	op;			/* in: URINGBLK_OP_* */
	__u32	start;			/* in: first bucket to return */
	__u32	nr_buckets;		/* out: URINGBLK_LAT_HIST_BUCKETS */
	__u32	nr_returned;		/* out: buckets[] filled from start */
	__u8	sub_bucket_bits;	/* out: S, URINGBLK_LAT_HIST_SUB_BITS */
	__u8	min_shift;		/* out: M, URINGBLK_LAT_HIST_MIN_SHIFT */
	__u8	max_shift;		/* out: URINGBLK_LAT_HIST_MAX_SHIFT */
	__u8	reserved0;		/* in: 0 */
	__u64	count;			/* out: requests, the sum of all buckets */
	__u64	sum_ns;			/* out: exact sum of their latencies */
	__u64	min_ns;			/* out: exact, 0 when count is 0 */
	__u64	max_ns;			/* out: exact */
	__u64	mean_ns;		/* out: sum_ns / count */
	__u64	p50_ns;			/* out: percentiles, 0 when count is 0 */
	__u64	p90_ns;
	__u64	p99_ns;
	__u64	p999_ns;
	__u64	p9999_ns;
	__u64	reserved[3];		/* in: 0 */
	__u64	buckets[URINGBLK_LAT_HIST_PAGE];
};

/*
 * Fault injection.  A rule mirrors the configfs directory
 * <device>/faults/<rule>/: the first enabled rule (in creation order) whose
 * operations and LBA range a request overlaps, and whose probability
 * draw succeeds, decides what happens to it.
 */
#define URINGBLK_FAULT_IO_ERROR		0	/* fail: BLK_STS_IOERR (EIO) */
#define URINGBLK_FAULT_MEDIUM_ERROR	1	/* fail: BLK_STS_MEDIUM (ENODATA) */
#define URINGBLK_FAULT_NOSPC		2	/* fail: BLK_STS_NOSPC (ENOSPC) */
/* TIMEOUT holds the request until blk-mq times it out: ETIMEDOUT. */
#define URINGBLK_FAULT_TIMEOUT		3
#define URINGBLK_FAULT_DELAY		4	/* complete normally after delay_us */
#define URINGBLK_FAULT_TORN_WRITE	5	/* write torn_sectors sectors, then fail (EIO) */
#define URINGBLK_FAULT_CORRUPT_READ	6	/* read succeeds with a bit flipped per block */
#define URINGBLK_FAULT_DROP_WRITE	7	/* write succeeds, nothing is stored */
#define URINGBLK_FAULT_POWERFAIL	8	/* cut the power (volatile_cache), EIO */
#define URINGBLK_NR_FAULT_TYPES		9

#define URINGBLK_FAULT_PPM_MAX		1000000
#define URINGBLK_FAULT_DELAY_MAX	10000000	/* microseconds */
#define URINGBLK_FAULT_RULE_VERSION	1

struct uringblk_fault_rule {
	__u32	size;			/* sizeof(struct uringblk_fault_rule) */
	__u16	version;		/* URINGBLK_FAULT_RULE_VERSION */
	__u16	type;			/* URINGBLK_FAULT_* */
	__u32	ops;			/* bit (1 << URINGBLK_OP_*) per operation, 0: any */
	__u32	probability_ppm;	/* 0..1000000 */
	__u64	lba_start;		/* first logical block */
	__u64	lba_end;		/* last logical block, inclusive; ~0: device end */
	__u32	delay_us;		/* DELAY: 0..10000000 */
	__u32	torn_sectors;		/* TORN_WRITE: 512-byte sectors written */
	__u64	count;			/* stop after this many hits, 0: no limit */
	__u64	hits;			/* out: times the rule fired */
	__u32	id;			/* out (ADD, LIST), in (DEL) */
	__u8	enable;			/* ADD: 1 arms the rule at once */
	__u8	kernel_made;		/* out: made by FAULT_ADD */
	__u16	reserved0;
	char	name[40];		/* out: the rule's configfs directory name */
	/* Matching requests let pass before the rule fires (ABI minor 6). */
	__u64	after;
	__u64	reserved[3];
};

#define URINGBLK_FAULT_LIST_MAX		16

struct uringblk_fault_list {
	__u32	size;			/* sizeof(struct uringblk_fault_list) */
	__u16	version;		/* URINGBLK_FAULT_RULE_VERSION */
	__u16	nr_rules;		/* rules in rules[] */
	__u32	total;			/* rules on the device (may exceed the array) */
	__u32	reserved0;
	struct uringblk_fault_rule rules[URINGBLK_FAULT_LIST_MAX];
};

/*
 * Zones.  Sectors are 512 bytes; type and cond carry the values of
 * BLK_ZONE_TYPE_* and BLK_ZONE_COND_* of <linux/blkzoned.h>, as
 * BLKREPORTZONE reports them.
 */
struct uringblk_zone {
	__u64	start;			/* first sector */
	__u64	len;			/* sectors */
	__u64	capacity;		/* writable sectors */
	__u64	wp;			/* write pointer (sector) */
	__u8	type;
	__u8	cond;
	__u8	reserved[6];
};

#define URINGBLK_ZONE_REPORT_VERSION	1
#define URINGBLK_ZONE_REPORT_MAX	100	/* zones in one reply */

/*
 * ZONE_REPORT: the client sets start_zone (and zeroes the reserved
 * fields); payload_len is at least offsetof(zones), 32 bytes.  The driver
 * returns zones [start_zone, start_zone + nr_returned), as many as
 * payload_len holds; page with start_zone += nr_returned until it reaches
 * nr_zones.  -EINVAL: the device is not zoned, start_zone >= nr_zones.
 */
struct uringblk_zone_report {
	__u32	size;			/* out: sizeof(struct uringblk_zone_report) */
	__u16	version;		/* out: URINGBLK_ZONE_REPORT_VERSION */
	__u16	reserved0;		/* in: 0 */
	__u32	start_zone;		/* in: first zone to report */
	__u32	nr_zones;		/* out: zones on the device */
	__u32	nr_returned;		/* out: entries filled in zones[] */
	__u32	reserved1;		/* in: 0 */
	__u64	reserved;		/* in: 0 */
	struct uringblk_zone zones[URINGBLK_ZONE_REPORT_MAX];
};

#define URINGBLK_ZONE_MGMT_VERSION	1
#define URINGBLK_ZONE_RESET		1
#define URINGBLK_ZONE_OPEN		2
#define URINGBLK_ZONE_CLOSE		3
#define URINGBLK_ZONE_FINISH		4
#define URINGBLK_ZONE_ALL		0xffffffffU	/* RESET: every sequential zone */

/*
 * ZONE_MGMT: one action on one zone, or a RESET of all sequential zones,
 * through the block layer (blkdev_zone_mgmt), so its view of the write
 * pointers stays in step.  -EINVAL: not zoned, an unknown action, a zone
 * out of range, URINGBLK_ZONE_ALL with another action, reserved fields
 * set; -EIO: the action is invalid in the zone's state (a conventional
 * zone, opening a full one); -ETOOMANYREFS, -EOVERFLOW: over the open or
 * active zone limit.
 */
struct uringblk_zone_mgmt {
	__u32	size;			/* sizeof(struct uringblk_zone_mgmt) */
	__u16	version;		/* URINGBLK_ZONE_MGMT_VERSION */
	__u16	action;			/* URINGBLK_ZONE_* */
	__u32	zone;			/* zone index or URINGBLK_ZONE_ALL */
	__u32	reserved0;		/* 0 */
	__u64	reserved[2];		/* 0 */
};

/* URINGBLK_POWERFAIL_POLICY_*: the words of `powerfail_policy`. */
#define URINGBLK_POWERFAIL_DROP		0	/* durable contents */
#define URINGBLK_POWERFAIL_KEEP		1	/* newest contents (a control) */
#define URINGBLK_POWERFAIL_RANDOM	2	/* per block, seeded */

#define URINGBLK_POWERFAIL_RECORD_VERSION	1
#define URINGBLK_POWERFAIL_RECORD_PAGE		251	/* runs in one reply */
#define URINGBLK_POWERFAIL_TRUNCATED	_BITULL(0)	/* runs[] lost some */

/*
 * One run of the record: nr_sectors 512-byte sectors from sector, whole
 * logical blocks, all kept (their newest contents) or all dropped (back
 * to their durable contents).
 */
struct uringblk_powerfail_run {
	__u64	sector;
	__u32	nr_sectors;
	__u32	kept;			/* 1: kept, 0: dropped */
};

/*
 * POWERFAIL_RECORD: what the power on after the last power failure did
 * with each logical block that was not durable and whose newest contents
 * differed from its durable ones (a block written with what it held is
 * the same either way and is left out), in ascending sector order.  The
 * client sets start (and zeroes the reserved fields); payload_len is at
 * least offsetof(runs), 80 bytes.  Runs [start, start + nr_returned) come
 * back, as many as payload_len holds.  id 0: no power failure has been
 * applied yet.  -EINVAL: start > nr_runs, reserved fields set.  The record
 * changes only at a power on, so pages read while powered agree.
 */
struct uringblk_powerfail_record {
	__u32	size;			/* out: sizeof(struct uringblk_powerfail_record) */
	__u16	version;		/* out: URINGBLK_POWERFAIL_RECORD_VERSION */
	__u16	reserved0;		/* in: 0 */
	__u32	start;			/* in: first run to return */
	__u32	nr_runs;		/* out: runs in the record */
	__u32	nr_returned;		/* out: runs[] filled from start */
	__u32	policy;			/* out: URINGBLK_POWERFAIL_* applied */
	__u32	keep_pct;		/* out: powerfail_keep_pct (random) */
	__u32	flags;			/* out: URINGBLK_POWERFAIL_TRUNCATED */
	__u64	id;			/* out: the power failure's number */
	__u64	seed;			/* out: powerfail_seed (random) */
	__u64	kept_blocks;		/* out: logical blocks kept */
	__u64	dropped_blocks;		/* out: logical blocks dropped */
	__u64	reserved[2];		/* in: 0 */
	struct uringblk_powerfail_run runs[URINGBLK_POWERFAIL_RECORD_PAGE];
};

/*
 * Latency models (completion=model, Documentation/latency-models.md).  A
 * model is, per operation, the inverse of its delay distribution: 1,024
 * delays in ns at the quantiles i / 1023, non-decreasing, each at most
 * URINGBLK_MODEL_DELAY_MAX.  The driver draws u in [0, 1) per request and
 * interpolates linearly between the two neighbouring quantiles, in fixed
 * point: the kernel needs no floating point, the tool turns every kind of
 * model into this table.
 */
#define URINGBLK_MODEL_QUANTILES	1024
#define URINGBLK_MODEL_PAGE		496	/* quantiles in one command */
#define URINGBLK_MODEL_DELAY_MAX	10000000000ULL	/* 10 s, in ns */
#define URINGBLK_MODEL_CHANNELS_MAX	1024	/* the `channels` attribute */
#define URINGBLK_MODEL_SPEC_LEN		88	/* spec[], with its NUL */
#define URINGBLK_LATENCY_MODEL_VERSION	1

/*
 * SET_LATENCY_MODEL: one page of an upload, payload_len the whole
 * structure (4096).  An upload is pages with start 0, then start += nr
 * until start reaches URINGBLK_MODEL_QUANTILES; only then does the new
 * table replace the old one of every operation in ops, at once.  Every
 * page repeats ops and spec.  -EINVAL (the upload is abandoned, the model
 * in use stays): version or size wrong, reserved fields set, ops 0 or
 * with bits >= URINGBLK_NR_OPS, start not 0 nor the next quantile of the
 * upload in progress, ops or spec unlike its first page's, nr 0 or past
 * the table's end, spec not a NUL-terminated printable line, a quantile
 * above URINGBLK_MODEL_DELAY_MAX or below the one before it.
 */
struct uringblk_latency_model {
	__u32	size;			/* sizeof(struct uringblk_latency_model) */
	__u16	version;		/* URINGBLK_LATENCY_MODEL_VERSION */
	__u16	reserved0;		/* 0 */
	__u32	ops;			/* bit (1 << URINGBLK_OP_*) per operation */
	__u32	start;			/* first quantile of this page */
	__u32	nr;			/* quantiles in this page, 1..URINGBLK_MODEL_PAGE */
	__u32	reserved1;		/* 0 */
	__u64	reserved[2];		/* 0 */
	/*
	 * What the table was made from ("lognormal 2ms 0.5"), shown by the
	 * `latency_model` attribute and saved back by uringblkctl save.
	 */
	char	spec[URINGBLK_MODEL_SPEC_LEN];
	__u64	quantiles[URINGBLK_MODEL_PAGE];	/* ns, non-decreasing */
};

#endif /* _UAPI_LINUX_URINGBLK_H */
