// SPDX-License-Identifier: GPL-2.0
/*
 * Rules between device settings, for the driver's power on and for
 * uringblkctl's profile checks alike (validate.h).  The first broken rule
 * is the one reported, in the order a user fixes them: block sizes, the
 * backend, the capacity, then the zone geometry.
 */
#include <linux/errno.h>
#include <linux/kernel.h>

#include "validate.h"

static __printf(3, 4) int ub_refused(struct ub_verdict *out, int setting, const char *fmt,
		      ...)
{
	va_list args;

	out->err = -EINVAL;
	out->setting = setting;
	va_start(args, fmt);
	vsnprintf(out->why, sizeof(out->why), fmt, args);
	va_end(args);
	return out->err;
}

static bool ub_is_pow2(u64 n)
{
	return n && !(n & (n - 1));
}

static int ub_validate_zoned(const u64 *v, struct ub_verdict *out)
{
	u64 lbs = v[UB_V_logical_block_size], zs = v[UB_V_zone_size];
	u64 cap = v[UB_V_zone_capacity] ? v[UB_V_zone_capacity] : zs;
	u64 capacity = v[UB_V_capacity], nr_zones;
	u64 append = v[UB_V_zone_append_max_sectors];

	/*
	 * Write pointers live in RAM: only over data that lives there too
	 * (memory) or nowhere (none), never a file that outlives them.
	 */
	if (v[UB_V_backend] == UB_BACKEND_file)
		return ub_refused(out, UB_V_zoned,
				  "zoned needs the memory or none backend, not file");
	if (!ub_is_pow2(zs))
		return ub_refused(out, UB_V_zone_size,
				  "zone_size %llu is not a power of two",
				  (unsigned long long)zs);
	/* The block layer keeps a zone's sectors in a u32 (chunk_sectors). */
	if (zs >> 9 > 0xffffffffULL)
		return ub_refused(out, UB_V_zone_size,
				  "zone_size %llu is more than 2^32 sectors",
				  (unsigned long long)zs);
	if (zs % lbs)
		return ub_refused(out, UB_V_zone_size,
				  "zone_size %llu is not a multiple of logical_block_size %llu",
				  (unsigned long long)zs, (unsigned long long)lbs);
	if (capacity < zs || capacity % zs)
		return ub_refused(out, UB_V_capacity,
				  "capacity %llu is not a whole number of %llu-byte zones",
				  (unsigned long long)capacity, (unsigned long long)zs);
	if (cap > zs || cap % lbs)
		return ub_refused(out, UB_V_zone_capacity,
				  "zone_capacity %llu is above zone_size %llu or not a multiple of logical_block_size %llu",
				  (unsigned long long)cap, (unsigned long long)zs,
				  (unsigned long long)lbs);
	nr_zones = capacity / zs;
	if (nr_zones > UB_ZONED_MAX_ZONES)
		return ub_refused(out, UB_V_zone_size,
				  "%llu zones, at most %llu: use a larger zone_size",
				  (unsigned long long)nr_zones, UB_ZONED_MAX_ZONES);
	if (v[UB_V_zone_nr_conv] >= nr_zones)
		return ub_refused(out, UB_V_zone_nr_conv,
				  "zone_nr_conv %llu leaves none of the %llu zones sequential",
				  (unsigned long long)v[UB_V_zone_nr_conv],
				  (unsigned long long)nr_zones);
	if (v[UB_V_zone_max_active] &&
	    v[UB_V_zone_max_open] > v[UB_V_zone_max_active])
		return ub_refused(out, UB_V_zone_max_open,
				  "zone_max_open %llu is above zone_max_active %llu",
				  (unsigned long long)v[UB_V_zone_max_open],
				  (unsigned long long)v[UB_V_zone_max_active]);
	if (append && (append > zs >> 9 || append > v[UB_V_max_sectors] ||
		       append << 9 < lbs))
		return ub_refused(out, UB_V_zone_append_max_sectors,
				  "zone_append_max_sectors %llu is more than a zone or max_sectors %llu, or less than a logical block",
				  (unsigned long long)append,
				  (unsigned long long)v[UB_V_max_sectors]);
	return 0;
}

int ub_validate(const u64 v[UB_V_NR], struct ub_verdict *out)
{
	u64 lbs = v[UB_V_logical_block_size], capacity = v[UB_V_capacity];
	bool file = v[UB_V_backend] == UB_BACKEND_file;

	BUILD_BUG_ON(UB_BACKEND_NR != UB_NR_BACKENDS);
	if (v[UB_V_physical_block_size] < lbs)
		return ub_refused(out, UB_V_physical_block_size,
				  "physical_block_size %llu is smaller than logical_block_size %llu",
				  (unsigned long long)v[UB_V_physical_block_size],
				  (unsigned long long)lbs);
	if (file && !v[UB_V_path])
		return ub_refused(out, UB_V_path, "backend=file needs a path");
	/* A file device's 0 is its file's size, known once it is open. */
	if (!(file && !capacity) && (capacity < lbs || capacity % lbs))
		return ub_refused(out, UB_V_capacity,
				  "capacity %llu is not a whole number of %llu-byte logical blocks",
				  (unsigned long long)capacity, (unsigned long long)lbs);
	if (!v[UB_V_blocking] && ub_needs_blocking(v[UB_V_backend], v[UB_V_zoned]))
		return ub_refused(out, UB_V_blocking, "%s needs blocking=1",
				  v[UB_V_zoned] ? "zoned=1" : "backend=file");
	/*
	 * The durable copies live next to the data in RAM: the memory
	 * backend only, and a cache the block layer knows of (FLUSH, FUA).
	 * Zone write pointers would have to roll back with the data: not
	 * in this issue.
	 */
	if (v[UB_V_volatile_cache] && !v[UB_V_write_cache])
		return ub_refused(out, UB_V_volatile_cache,
				  "volatile_cache=1 needs write_cache=1");
	if (v[UB_V_volatile_cache] && v[UB_V_backend] != UB_BACKEND_memory)
		return ub_refused(out, UB_V_volatile_cache,
				  "volatile_cache=1 needs the memory backend");
	if (v[UB_V_volatile_cache] && v[UB_V_zoned])
		return ub_refused(out, UB_V_volatile_cache,
				  "volatile_cache=1 is not supported on a zoned device");
	if (v[UB_V_zoned])
		return ub_validate_zoned(v, out);
	return 0;
}
