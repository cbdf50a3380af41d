#!/bin/bash
# File backend across a crash and a second boot (issues 17 and 24).  Two
# halves on the same virtio-blk image, run by scripts/check.sh:
#
# URINGBLK_BOOT=1 (the suite's boot; tests/run-in-vm.sh runs this case
#   last).  The backing files are created and the backing file system
#   synced; from then on it commits nothing by itself (journal commit
#   interval 600 s, no periodic writeback), so only what the driver makes
#   durable (vfs_fsync on FLUSH, O_DSYNC for FUA and write_cache=0)
#   reaches the disk before the crash.  All devices use the page cache
#   (direct=0): an O_DIRECT write reaches QEMU, whose cache survives the
#   guest, flushed or not.  Each device's promise is tested:
#   - ext4 on a write_cache=1 device: files synced (syncfs), then one
#     more written and fsync'ed alone, their checksums recorded.  That
#     last journal commit is a FLUSH, then the commit block as a FUA write
#     with nothing after it: FUA is tested here (from user space, O_DSYNC
#     on a block device always adds a FLUSH);
#   - write_cache=1: a pattern, then fsync (a FLUSH);
#   - write_cache=0: a pattern, no fsync: a completed write is durable by
#     itself;
#   - the control: write_cache=1, no fsync, no FUA: nobody asked
#     for durability, and the crash must lose it, or this case could not
#     see a driver that ignores FLUSH or FUA.
#   The records (checksums, the time) go to the results directory, a 9p
#   share written through to the host, not to the backing file system.
#   Then the guest is stopped abruptly with ext4 still mounted (sysrq b:
#   reset, no sync; QEMU runs with -no-reboot, so it exits).  The console
#   marker URINGBLK-CRASH-ON-PURPOSE tells vm-run and check.sh it was meant.
# URINGBLK_BOOT=2 (one short extra boot): the inner ext4 needs recovery
#   (proof the crash was not a clean shutdown), mounts, the files match
#   their checksums, e2fsck -fn is clean afterwards; each pattern is there;
#   the control reads as zeros.
# Run another way (no URINGBLK_BOOT) it skips: it would kill the guest.
. "$(dirname "$0")/lib.sh"

mnt=/tmp/ub-persist
mkdir -p "$mnt"
rec=${UB_RESULTS_DIR:-/nonexistent}/file-persist.rec
trap 'umount "$mnt" 2>/dev/null || true; ub_cleanup' EXIT

# name device-attributes ub-pattern-mode seed, one line a raw device.
raws="flush direct=0,write_cache=1 write 61
wc0 direct=0,write_cache=0 write-nosync 62
ctl direct=0,write_cache=1 write-nosync 64"

boot1() {
	local dir dev raw f n name attrs mode seed
	# The kmemleak scan before this case on the debug kernel unloads us.
	[ -d /sys/module/uringblk ] || insmod "${URINGBLK_KO:?}" || fail "insmod"
	[ -d "${UB_RESULTS_DIR:-}" ] || fail "no results directory (tests/run-in-vm.sh sets it)"
	rm -rf "$rec" && mkdir "$rec" || fail "cannot make $rec"
	dir=$(ub_backing_dir)
	truncate -s 64M "$dir/fs.img"
	while read -r name attrs mode seed; do
		truncate -s 4M "$dir/$name.img"
	done <<<"$raws"
	# The setup is durable; what follows is the driver's to make durable.
	sync -f "$dir" || fail "sync of the backing file system"
	mount -o remount,commit=600 "$UB_DISK_MNT" || fail "remount commit=600"
	sysctl -qw vm.dirty_writeback_centisecs=0 vm.dirty_expire_centisecs=360000 ||
		fail "cannot stop periodic writeback"

	dev=$(ub_up pp0 backend=file path="$dir/fs.img" capacity=0 direct=0 write_cache=1)
	mkfs.ext4 -q "$dev" || fail "mkfs.ext4 on $dev"
	mount "$dev" "$mnt" || fail "mount $dev"
	for f in a b c; do
		head -c 256K /dev/urandom >"$mnt/$f" || fail "write $mnt/$f"
	done
	mkdir "$mnt/d" && head -c 2M /dev/urandom >"$mnt/d/big" || fail "write $mnt/d/big"
	# syncfs(2): from here these must survive (FLUSH).
	sync -f "$mnt" || fail "syncfs"
	# One file, one fsync(2): its journal commit ends with the commit
	# block as a FUA write and nothing after it (a second fsync would
	# FLUSH the committed transaction again), so only FUA keeps it.
	head -c 64K /dev/urandom >"$mnt/last" && sync "$mnt/last" || fail "write and fsync $mnt/last"
	(cd "$mnt" && sha256sum a b c d/big last) >"$rec/sums" || fail "sha256sum"

	n=1
	while read -r name attrs mode seed; do
		raw=$(ub_up "pp$n" backend=file path="$dir/$name.img" capacity=0 ${attrs//,/ })
		pattern "$mode" "$raw" 0 4M "$seed"
		n=$((n + 1))
	done <<<"$raws"
	date -u +%FT%TZ >"$rec/phase1.ok"
	echo "URINGBLK-CRASH-ON-PURPOSE file-persist: boot 1 done, stopping the guest without a shutdown" >/dev/kmsg
	sleep 1		# let the console print the marker
	echo b >/proc/sysrq-trigger
	sleep 30
	fail "sysrq b did not stop the guest"
}

boot2() {
	local dir dev raw rc=0 n name attrs mode seed
	[ -f "$rec/phase1.ok" ] || fail "boot 1 did not get to the crash (no $rec/phase1.ok)"
	dir=$(ub_backing_dir keep)
	dev=$(ub_up pp0 backend=file path="$dir/fs.img" capacity=0 direct=0 write_cache=1)
	dumpe2fs -h "$dev" 2>/dev/null | grep -q '^Filesystem features:.*needs_recovery' ||
		fail "the inner ext4 was cleanly unmounted: boot 1 did not crash"
	mount "$dev" "$mnt" || fail "mount $dev (journal recovery)"
	(cd "$mnt" && sha256sum --quiet -c "$rec/sums") >&2 || fail "fsync'ed files differ after the crash"
	umount "$mnt" || fail "umount"
	e2fsck -fn "$dev" >/tmp/e2fsck.out 2>&1 || rc=$?
	[ $rc = 0 ] || { cat /tmp/e2fsck.out >&2; fail "e2fsck -fn: exit $rc"; }
	ub_down pp0
	n=1
	while read -r name attrs mode seed; do
		raw=$(ub_up "pp$n" backend=file path="$dir/$name.img" capacity=0 direct=0)
		if [ "$name" = ctl ]; then
			"$UB_PATTERN" zero "$raw" 0 4M >/dev/null 2>&1 ||
				fail "the control's writes, never flushed, survived the crash: this case cannot see a lost FLUSH or FUA"
		else
			"$UB_PATTERN" verify "$raw" 0 4M "$seed" ||
				fail "$name ($attrs, ub-pattern $mode): the data is not there after the crash"
		fi
		ub_down "pp$n"
		n=$((n + 1))
	done <<<"$raws"
	echo "NOTE: boot 1 crashed at $(<"$rec/phase1.ok") with ext4 mounted; fsync'ed ext4 files (FLUSH and FUA), FLUSH and write_cache=0 patterns intact, the unflushed control lost"
}

case ${URINGBLK_BOOT:-} in
1) boot1 ;;
2) boot2 ;;
*) skip "needs scripts/check.sh's crash and second boot (URINGBLK_BOOT)" ;;
esac
