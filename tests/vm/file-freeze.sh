#!/bin/bash
# Writes through a file device honour a freeze of the backing file system
# (issue 23, item 7): with the runner's ext4 disk frozen (fsfreeze -f), an
# allocating write through the device does not complete and the backing
# file does not change (nor does the kernel warn of a write to a frozen
# superblock) until fsfreeze -u; then the write completes and the data is
# in the file.  Both ways in: direct=1 write_cache=0 (O_DIRECT, DSYNC) and
# direct=0 write_cache=1 (the page cache, which would otherwise dirty
# pages of a frozen file system and return at once).
. "$(dirname "$0")/lib.sh"

dir=$(ub_backing_dir)
mnt=$UB_DISK_MNT
# Never leave the disk frozen: every later case needs it, and a device
# with a write waiting for the thaw cannot power off.
trap 'fsfreeze -u "$mnt" 2>/dev/null || true; ub_cleanup' EXIT

# zeros_at FILE OFFSET LENGTH: true when that range of FILE reads as zeros
# (buffered: an O_DIRECT read of a frozen file system could wait on it).
zeros_at() {
	cmp -s <(tail -c +$(($2 + 1)) "$1" | head -c "$3") <(head -c "$3" /dev/zero)
}

for mode in "1 0" "0 1"; do
	set -- $mode
	name=fz$1$2
	f=$dir/$name.img
	truncate -s 16M "$f"			# sparse: every write allocates
	dev=$(ub_up $name backend=file path="$f" capacity=0 direct=$1 write_cache=$2)
	sync
	warns=$(dmesg | grep -c 'WARNING' || true)
	fsfreeze -f "$mnt" || fail "fsfreeze -f $mnt"
	"$UB_PATTERN" write "$dev" 4M 64K 23 &
	writer=$!
	sleep 2
	kill -0 $writer 2>/dev/null ||
		fail "direct=$1 write_cache=$2: the write completed while $mnt was frozen"
	zeros_at "$f" $((4 << 20)) 65536 ||
		fail "direct=$1 write_cache=$2: the backing file changed while frozen"
	now=$(dmesg | grep -c 'WARNING' || true)
	[ "$now" = "$warns" ] || { dmesg | tail -30 >&2; fail "direct=$1 write_cache=$2: a warning while frozen"; }
	fsfreeze -u "$mnt" || fail "fsfreeze -u $mnt"
	for ((i = 0; i < 300; i++)); do
		kill -0 $writer 2>/dev/null || break
		sleep 0.1
	done
	kill -0 $writer 2>/dev/null && fail "direct=$1 write_cache=$2: the write did not complete after thaw"
	wait $writer || fail "direct=$1 write_cache=$2: the write failed after thaw"
	pattern verify "$dev" 4M 64K 23
	ub_down $name
	pattern verify "$f" 4M 64K 23			# in the file itself
	zeros_at "$f" 0 $((4 << 20)) || fail "direct=$1 write_cache=$2: data outside the write"
done
