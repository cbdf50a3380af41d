#!/bin/bash
# File backend on a read-only mount: power on opens the file read-write,
# so the write to `power` fails with EROFS and the device stays off (the
# file's own mode allows writing; only the mount is read-only).  The same
# file through the writable mount then works.
. "$(dirname "$0")/lib.sh"

dir=$(ub_backing_dir)
ro=/tmp/ub-ro
truncate -s 8M "$dir/r.img"
mkdir -p "$ro"
mount --bind "$dir" "$ro" || fail "bind mount of $dir"
trap 'ub_cleanup; umount "$ro" 2>/dev/null || true' EXIT
mount -o remount,bind,ro "$ro" || fail "remount,bind,ro of $ro"
touch "$ro/probe" 2>/dev/null && fail "$ro is writable after remount,ro"

ub_mkdev ro0 backend=file path="$ro/r.img" capacity=0
expect_write "$UB_CFS/ro0/power" 1 EROFS
expect_eq power "$(attr ro0 power)" 0
expect_eq disk "$(attr ro0 disk)" ""
expect_eq capacity "$(attr ro0 capacity)" 0
# direct=0 opens the same way.
expect_write "$UB_CFS/ro0/direct" 0 OK
expect_write "$UB_CFS/ro0/power" 1 EROFS
expect_eq power "$(attr ro0 power)" 0
# The refusal left nothing open: the writable path powers on.
expect_write "$UB_CFS/ro0/path" "$dir/r.img" OK
expect_write "$UB_CFS/ro0/power" 1 OK
expect_eq capacity "$(attr ro0 capacity)" $((8 << 20))
ub_down ro0
