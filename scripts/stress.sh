#!/bin/bash
# make stress: the stress test in a guest, STRESS_MINUTES long (default 2),
# on STRESS_KERNEL (default 6.12; 6.12-debug runs it under KASAN and lockdep),
# with a fresh ext4 disk image for its file-backed phase (STRESS_MAIN=0
# skips it); then the crash-point sweeps in a second guest.
# The guest log is scanned for splats afterwards.
set -euo pipefail
here=$(dirname "$(realpath "$0")")
top=$(dirname "$here")
# shellcheck source=scripts/lib.sh
source "$here/lib.sh"
cd "$top"
k=${STRESS_KERNEL:-6.12}
secs=$(( ${STRESS_MINUTES:-2} * 60 ))
"$here/deps.sh" >/dev/null
case $k in *-debug) "$here/build-debug-kernel.sh" ;; *) "$here/fetch-kernels.sh" "$k" ;; esac
make -s tools >/dev/null
b=$top/build/stress-$k
rm -rf "$b" && mkdir -p "$b" build/vm-logs
uringblk_build_module "$k" "$b" >"$b/build.log" 2>&1 || { cat "$b/build.log"; die "building the module for $k failed"; }
grep -v 'Skipping BTF' "$b/build.log" || true
truncate -s 1G "$b/disk.img" && mkfs.ext4 -q -F "$b/disk.img" || die "cannot make $b/disk.img"
log=build/vm-logs/stress-$k.log
rc=0
if [ "${STRESS_MAIN:-1}" != 0 ]; then
	"$here/vm-run.sh" --kernel "$k" --module "$b/driver/uringblk.ko" --log "$log" --disk "$b/disk.img" \
		--timeout $((secs * 2 + 600)) -- env STRESS_FILE=1 tests/stress-guest.sh "$secs" || rc=$?
	"$here/scan-splats.sh" "$log" || rc=1
fi
# Crash-point sweeps (issue 28): STRESS_CRASH_POINTS per filesystem
# (default 200, 0: none) of STRESS_CRASH_FS (default ext4 xfs btrfs), in a
# guest of their own; the table goes to bench-results/.
pts=${STRESS_CRASH_POINTS:-200}
# About 1.1 flushes a file on each filesystem: as many files as points
# gives that many distinct flushes to cut at (100 files gave ext4 112,
# xfs 105, btrfs 103).
files=${STRESS_CRASH_FILES:-$((pts > 100 ? pts : 100))}
if [ "$pts" != 0 ]; then
	mkdir -p "$b/out" bench-results
	log=build/vm-logs/stress-crash-$k.log
	t0=$SECONDS
	"$here/vm-run.sh" --kernel "$k" --module "$b/driver/uringblk.ko" --log "$log" --share "$b/out" \
		--mem 2G --timeout $((pts * 3 * 20 + 600)) -- \
		env CRASH_FILES="$files" tests/crash-sweep-guest.sh "$pts" "$b/out" \
		${STRESS_CRASH_FS:-ext4 xfs btrfs} || rc=1
	"$here/scan-splats.sh" "$log" || rc=1
	name=bench-results/crash-sweep-$(date +%Y%m%d-%H%M)-$k
	{
		echo "# Crash-point sweeps, $k, $(date -u +%Y-%m-%d)"
		echo
		echo "\`make stress\` (STRESS_CRASH_POINTS=$pts): uringblkctl crashtest --points $pts --policy drop"
		echo "over tests/helpers/crash-fs.sh with CRASH_FILES=$files fsynced files, from one mkfs image per"
		echo "filesystem; a point passes when the filesystem mounts, every fsynced file is intact and its"
		echo "checker (e2fsck -fn, xfs_repair -n, btrfs check --readonly) is clean. Guest wall time"
		echo "$((SECONDS - t0)) s in all (QEMU TCG, $(nproc) host cores)."
		echo
		grep -a "^crash-sweep:" "$log" | sed 's/^/- /'
	} >"$name.md"
	for f in "$b"/out/crash-sweep-*.json; do
		[ -e "$f" ] && cp "$f" "$name-$(basename "$f" .json | sed 's/^crash-sweep-//').json"
	done
	cat "$name.md"
fi
exit $rc
