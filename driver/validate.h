/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rules between device settings that need nothing but the settings
 * (zone geometry against capacity and block sizes, open and active
 * limits, zoned against the backend, a file backend's path, blocking).
 * One file for the driver, which checks them at power on, and for
 * uringblkctl, which checks a profile with them before it writes a byte
 * (`apply --dry-run` included): both refuse the same configurations with
 * the same words.  Rules that need the backing file (its size, direct
 * I/O alignment, a busy inode) stay the driver's, reported in last_error.
 * Plain C over u64s: it builds in the kernel and, with configfs-tools/shim,
 * on the host, as parse.c does.
 */
#ifndef _URINGBLK_VALIDATE_H
#define _URINGBLK_VALIDATE_H

#include <linux/bits.h>
#include <linux/types.h>

#include "attrs.h"

/* UB_V_<setting>: an index into the values ub_validate() checks. */
#define UB_ATTR(n, kind, live, min, max, def)	UB_V_##n,
enum ub_setting {
#include "attr_list.h"
	UB_V_NR
};

#undef UB_ATTR

/* UB_BACKEND_<word of `backend`>, in backend_list.h's order. */
#define UB_BACKEND(w)		UB_BACKEND_##w,
enum ub_backend_kind {
#include "backend_list.h"
	UB_BACKEND_NR,
};

#undef UB_BACKEND

/*
 * What needs a queue that may sleep: the file backend (its open, freeze
 * protection and fsync) and zones (a zone's mutex).  Checked when either
 * side is written (configfs.c) and at power on (ub_validate()).
 */
static inline bool ub_needs_blocking(u64 backend, u64 zoned)
{
	return backend == UB_BACKEND_file || zoned;
}

/*
 * The most zones a device may have: the table is one array (about 72
 * bytes a zone, more under lockdep), and the block layer keeps per-zone
 * state of its own on 6.10+.  1M zones of 4 KiB each are a 4 GiB device;
 * a larger device takes larger zones.
 */
#define UB_ZONED_MAX_ZONES	BIT_ULL(20)

/* What ub_validate() found wrong first. */
struct ub_verdict {
	int err;		/* a negative errno */
	int setting;		/* UB_V_* the reason names first */
	char why[160];		/* the reason in words, no errno name */
};

/*
 * @v: every setting's value; v[UB_V_path] is 1 when a path is set.  A
 * file device's capacity of 0 (its file's size) is checked once the
 * file is open, not here.  0, or a negative errno with @out filled in.
 */
int ub_validate(const u64 v[UB_V_NR], struct ub_verdict *out);

#endif /* _URINGBLK_VALIDATE_H */
