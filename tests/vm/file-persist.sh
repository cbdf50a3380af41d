#!/bin/bash
# File backend across a crash and a second boot (issue 17).  Two halves on
# the same virtio-blk image, run by scripts/check.sh:
#
# URINGBLK_BOOT=1 (the suite's boot; tests/run-in-vm.sh runs this case
#   last): ext4 on a file-backed device with write_cache=1, files written
#   and fsync'ed, their checksums recorded on the image's own file system;
#   a raw pattern on a second device (direct=0) flushed; then the guest is
#   stopped abruptly with ext4 still mounted (sysrq b: reset, no sync; QEMU
#   runs with -no-reboot, so it exits).  The console marker
#   URINGBLK-CRASH-ON-PURPOSE tells vm-run and check.sh it was meant.
# URINGBLK_BOOT=2 (one short extra boot): the inner ext4 needs recovery
#   (proof the crash was not a clean shutdown), mounts, the files match
#   their checksums, e2fsck -fn is clean afterwards; the pattern is there.
# Run another way (no URINGBLK_BOOT) it skips: it would kill the guest.
. "$(dirname "$0")/lib.sh"

mnt=/tmp/ub-persist
mkdir -p "$mnt"
trap 'umount "$mnt" 2>/dev/null || true; ub_cleanup' EXIT

boot1() {
	local dir dev raw f
	# The kmemleak scan before this case on the debug kernel unloads us.
	[ -d /sys/module/uringblk ] || insmod "${URINGBLK_KO:?}" || fail "insmod"
	dir=$(ub_backing_dir)
	truncate -s 64M "$dir/fs.img"
	truncate -s 8M "$dir/raw.img"
	dev=$(ub_up pp0 backend=file path="$dir/fs.img" capacity=0 write_cache=1)
	mkfs.ext4 -q "$dev" || fail "mkfs.ext4 on $dev"
	mount "$dev" "$mnt" || fail "mount $dev"
	for f in a b c; do
		head -c 256K /dev/urandom >"$mnt/$f" || fail "write $mnt/$f"
	done
	mkdir "$mnt/d" && head -c 2M /dev/urandom >"$mnt/d/big" || fail "write $mnt/d/big"
	# fsync(2) of every file and directory: from here the data must survive.
	sync "$mnt"/a "$mnt"/b "$mnt"/c "$mnt"/d/big "$mnt"/d "$mnt" || fail "fsync"
	(cd "$mnt" && sha256sum a b c d/big) >"$dir/sums" || fail "sha256sum"
	raw=$(ub_up pp1 backend=file path="$dir/raw.img" capacity=0 direct=0 write_cache=1)
	pattern write "$raw" 0 4M 61		# ends with fsync: a FLUSH
	date -u +%FT%TZ >"$dir/phase1.ok"
	sync "$dir/sums" "$dir/phase1.ok" "$dir" || fail "fsync of the record"
	echo "URINGBLK-CRASH-ON-PURPOSE file-persist: boot 1 done, stopping the guest without a shutdown" >/dev/kmsg
	sleep 1		# let the console print the marker
	echo b >/proc/sysrq-trigger
	sleep 30
	fail "sysrq b did not stop the guest"
}

boot2() {
	local dir dev raw rc=0
	dir=$(ub_backing_dir keep)
	[ -f "$dir/phase1.ok" ] || fail "boot 1 did not get to the crash (no phase1.ok)"
	dev=$(ub_up pp0 backend=file path="$dir/fs.img" capacity=0 write_cache=1)
	dumpe2fs -h "$dev" 2>/dev/null | grep -q '^Filesystem features:.*needs_recovery' ||
		fail "the inner ext4 was cleanly unmounted: boot 1 did not crash"
	mount "$dev" "$mnt" || fail "mount $dev (journal recovery)"
	(cd "$mnt" && sha256sum --quiet -c "$dir/sums") >&2 || fail "fsync'ed files differ after the crash"
	umount "$mnt" || fail "umount"
	e2fsck -fn "$dev" >/tmp/e2fsck.out 2>&1 || rc=$?
	[ $rc = 0 ] || { cat /tmp/e2fsck.out >&2; fail "e2fsck -fn: exit $rc"; }
	raw=$(ub_up pp1 backend=file path="$dir/raw.img" capacity=0 direct=0)
	pattern verify "$raw" 0 4M 61
	ub_down pp1
	ub_down pp0
	echo "NOTE: boot 1 crashed at $(<"$dir/phase1.ok") with ext4 mounted; data and e2fsck clean after it"
}

case ${URINGBLK_BOOT:-} in
1) boot1 ;;
2) boot2 ;;
*) skip "needs scripts/check.sh's crash and second boot (URINGBLK_BOOT)" ;;
esac
