#!/bin/bash
# make stress: the stress test in a guest, STRESS_MINUTES long (default 2),
# on STRESS_KERNEL (default 6.12; 6.12-debug runs it under KASAN and lockdep),
# with a fresh ext4 disk image for its file-backed phase.
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
"$here/vm-run.sh" --kernel "$k" --module "$b/driver/uringblk.ko" --log "$log" --disk "$b/disk.img" \
	--timeout $((secs * 2 + 600)) -- env STRESS_FILE=1 tests/stress-guest.sh "$secs" || rc=$?
"$here/scan-splats.sh" "$log" || rc=1
exit $rc
