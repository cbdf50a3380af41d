#!/bin/bash
# make stress's crash-point sweeps, inside a guest: for each filesystem,
# uringblkctl crashtest --points POINTS under drop over a workload of
# CRASH_FILES fsynced files (tests/helpers/crash-fs.sh), from an image
# made once; each run's JSON goes to OUTDIR/crash-sweep-FS.json and a
# line per filesystem to stdout.  The CI cases (crash-ext4, crash-xfs-btrfs)
# cut at 2 to 5 points; this cuts at up to POINTS distinct flushes.
# Exit 1 when a point fails or a sweep cannot run.
#
# Usage: tests/crash-sweep-guest.sh POINTS OUTDIR [FS...]   (default ext4 xfs btrfs)
set -uo pipefail
points=${1:?points} out=${2:?outdir}
shift 2
top=$(cd "$(dirname "$0")/.." && pwd)
ctl=$top/configfs-tools/uringblkctl
helper="bash $top/tests/helpers/crash-fs.sh"
cfs=/sys/kernel/config/uringblk
export CRASH_FILES=${CRASH_FILES:-100}
rc=0
[ $# -gt 0 ] || set -- ext4 xfs btrfs
for fs in "$@"; do
	case $fs in
	ext4) size=64M mkfs=(mkfs.ext4 -q -F) ;;
	xfs) size=300M mkfs=(mkfs.xfs -q -f) ;;
	btrfs) size=128M mkfs=(mkfs.btrfs -q -f) ;;
	*) echo "crash-sweep: $fs: not ext4, xfs or btrfs"; rc=1; continue ;;
	esac
	modprobe "$fs" || { echo "crash-sweep: $fs: modprobe failed"; rc=1; continue; }
	img=/tmp/sweep-$fs.img
	rm -f "$img" && truncate -s "$size" "$img"
	"${mkfs[@]}" "$img" >/dev/null || { echo "crash-sweep: $fs: ${mkfs[*]} failed"; rc=1; continue; }
	mkdir "$cfs/sw-$fs" && echo "$size" >"$cfs/sw-$fs/capacity" &&
		echo 1 >"$cfs/sw-$fs/write_cache" && echo 1 >"$cfs/sw-$fs/volatile_cache" &&
		echo 1 >"$cfs/sw-$fs/discard" && echo 1 >"$cfs/sw-$fs/power" ||
		{ echo "crash-sweep: $fs: cannot make the device"; rc=1; continue; }
	t0=$SECONDS
	"$ctl" --json crashtest "sw-$fs" --workload "$helper workload $fs" \
		--check "$helper check $fs" --image "$img" --points "$points" \
		>"$out/crash-sweep-$fs.json" 2>"$out/crash-sweep-$fs.err" || rc=1
	python3 - "$out/crash-sweep-$fs.json" "$fs" $((SECONDS - t0)) <<'PY' || rc=1
import json, sys
f, fs, secs = sys.argv[1], sys.argv[2], int(sys.argv[3])
try:
    o = json.load(open(f))
except ValueError:
    print("crash-sweep: %s: no JSON from crashtest (%s.err)" % (fs, f[:-5]))
    sys.exit(1)
p = o["points"]
bad = [x["point"] for x in p if x["check"] != "pass"]
print("crash-sweep: %s: %d points over %s flushes, %d passed, %d failed%s; %d s (%.1f s a point)"
      % (fs, len(p), o["flushes"], o["passed"], o["failed"],
         " (at flushes %s)" % ",".join(map(str, bad)) if bad else "", secs, secs / max(len(p), 1)))
PY
	rmdir "$cfs/sw-$fs" 2>/dev/null || { echo 0 >"$cfs/sw-$fs/power"; rmdir "$cfs/sw-$fs"; }
	rm -f "$img"
done
exit $rc
