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
	# One process for every file: under TCG each exec costs tens of
	# milliseconds, and make stress's sweeps write 100 files a point.
	python3 - "$mnt" "$rec" "${CRASH_FILES:-6}" <<'PY' || exit 1
import hashlib, os, sys
mnt, rec, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(1, n + 1):
    data = os.urandom((i - 1) % 6 * 12288 + 12288)
    with open("%s/src%d" % (rec, i), "wb") as f:
        f.write(data)
    with open("%s/loose%d" % (mnt, i), "wb") as f:
        f.write(os.urandom(8192))
    # 64 KiB writes then fsync, as dd bs=64k conv=fsync did; an error
    # (fsync's included) ends the workload before the file is recorded.
    fd = os.open("%s/f%d" % (mnt, i), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    for off in range(0, len(data), 65536):
        os.write(fd, data[off:off + 65536])
    os.fsync(fd)
    os.close(fd)
    with open("%s/fsynced" % rec, "a") as f:
        f.write("f%d %s\n" % (i, hashlib.sha256(data).hexdigest()))
PY
	umount "$mnt"
	;;
check)
	mount -t "$fs" "$dev" "$mnt" || { echo "check: mount failed"; exit 1; }
	bad=0
	python3 - "$mnt" "$rec" <<'PY' || bad=1
import hashlib, os, sys
mnt, rec = sys.argv[1], sys.argv[2]
try:
    want = [l.split() for l in open(rec + "/fsynced")]
except FileNotFoundError:
    want = []
bad = 0
for name, digest in want:
    try:
        got = hashlib.sha256(open("%s/%s" % (mnt, name), "rb").read()).hexdigest()
    except OSError:
        got = None
    if got != digest:
        print("check: fsynced file %s lost or changed" % name)
        bad = 1
print("check: %d fsynced files looked at" % len(want))
sys.exit(bad)
PY
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
