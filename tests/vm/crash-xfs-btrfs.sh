#!/bin/bash
# uringblkctl crashtest on xfs and btrfs, 2 flush points each under drop:
# every fsynced file intact after log replay, xfs_repair -n and btrfs
# check --readonly clean.  Sizes are each mkfs's smallest default
# filesystem (xfs 300M, btrfs 128M); the device stores only what is
# written (crashtest skips the image's zeros after a discard).
. "$(dirname "$0")/lib.sh"

[ "$UB_DEBUG" = 1 ] && skip "debug kernel: filesystem sweeps (built without xfs and btrfs)"
helper="bash $UB_TOP/tests/helpers/crash-fs.sh"

# sweep FS SIZE MKFS...: make the image, the device, 2 points, checks.
sweep() {
	local fs=$1 size=$2 img=/tmp/crash-$1.img t0=$SECONDS
	shift 2
	command -v "$1" >/dev/null || fail "no $1 on the host root (scripts/deps.sh installs it)"
	modprobe "$fs" || fail "modprobe $fs failed"
	rm -f "$img"
	truncate -s "$size" "$img"
	"$@" "$img" >/tmp/mkfs.out 2>&1 || { cat /tmp/mkfs.out >&2; fail "$* on the image"; }
	ub_up "ct-$fs" capacity="$size" write_cache=1 volatile_cache=1 discard=1 >/dev/null
	"$UB_CTL" --json crashtest "ct-$fs" --workload "$helper workload $fs" \
		--check "$helper check $fs" --image "$img" --points 2 >/tmp/ctl.out 2>/tmp/ctl.err || {
		cat /tmp/ctl.out /tmp/ctl.err
		dir=$(python3 -c 'import json; print(json.load(open("/tmp/ctl.out"))["record_dir"])')
		tail -n 15 "$dir"/point-*/*.log
		fail "$fs sweep failed"
	}
	python3 - <<'PY' || fail "$fs sweep: $(cat /tmp/ctl.out)"
import json
o = json.load(open("/tmp/ctl.out"))
p = o["points"]
assert len(p) == 2 and o["passed"] == 2 and o["failed"] == 0, o
assert all(x["check"] == "pass" for x in p) and p[0]["cut"] == "flush", p
assert p[-1]["point"] == o["flushes"], o
PY
	echo "NOTE: $fs --points 2 of $(python3 -c 'import json; print(json.load(open("/tmp/ctl.out"))["flushes"])') flushes: $((SECONDS - t0)) s"
	ub_down "ct-$fs"
	rm -f "$img"
}

[ -n "${CRASH_ONLY_BTRFS:-}" ] || sweep xfs 300M mkfs.xfs -q -f
sweep btrfs 128M mkfs.btrfs -q -f
exit 0
