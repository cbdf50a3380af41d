#!/bin/bash
# crash-fs.sh workload|check FSTYPE [MOUNT_OPTIONS]: the workload and the
# check the crash-* cases give `uringblkctl crashtest`, which passes the
# device in URINGBLK_DEV and a directory for records in
# URINGBLK_RECORD_DIR (the same one for the workload and the check).
#
# workload: mount with MOUNT_OPTIONS, write CRASH_FILES files (default 6;
# make stress's sweeps write more, to have 200 flushes to cut at); each
# one whose fsync returned success goes into $URINGBLK_RECORD_DIR/fsynced
# with its checksum, so the check knows what the filesystem promised.
# Files written without fsync sit between them: they may or may not
# survive.
# check: mount (journal or log replay), every fsynced file intact,
# unmount, the filesystem's own checker finds nothing (read-only mode).
set -u
mode=$1 fs=$2 opts=${3:-defaults}
dev=$URINGBLK_DEV rec=$URINGBLK_RECORD_DIR
mnt=$rec/mnt
mkdir -p "$mnt"

case $mode in
workload)
	mount -t "$fs" -o "$opts" "$dev" "$mnt" || exit 1
	for ((i = 1; i <= ${CRASH_FILES:-6}; i++)); do
		head -c $(((i - 1) % 6 * 12288 + 12288)) /dev/urandom >"$rec/src$i"
		head -c 8192 /dev/urandom >"$mnt/loose$i" || exit 1
		# dd's conv=fsync fails when fsync(2) does: record only success.
		dd if="$rec/src$i" of="$mnt/f$i" bs=64k conv=fsync status=none || exit 1
		echo "f$i $(sha256sum <"$rec/src$i" | cut -d' ' -f1)" >>"$rec/fsynced"
	done
	umount "$mnt"
	;;
check)
	mount -t "$fs" "$dev" "$mnt" || { echo "check: mount failed"; exit 1; }
	bad=0
	if [ -f "$rec/fsynced" ]; then
		while read -r name sum; do
			got=$(sha256sum <"$mnt/$name" 2>/dev/null | cut -d' ' -f1)
			if [ "$got" != "$sum" ]; then
				echo "check: fsynced file $name lost or changed"
				bad=1
			fi
		done <"$rec/fsynced"
	fi
	echo "check: $(wc -l <"$rec/fsynced" 2>/dev/null || echo 0) fsynced files looked at"
	umount "$mnt" || { echo "check: umount failed"; exit 1; }
	case $fs in
	ext4) e2fsck -fn "$dev" || { echo "check: e2fsck found errors"; bad=1; } ;;
	xfs) xfs_repair -n "$dev" || { echo "check: xfs_repair -n found errors"; bad=1; } ;;
	btrfs) btrfs check --readonly "$dev" || { echo "check: btrfs check found errors"; bad=1; } ;;
	esac
	exit $bad
	;;
*)
	echo "usage: crash-fs.sh workload|check FSTYPE [MOUNT_OPTIONS]" >&2
	exit 2
	;;
esac
