#!/bin/bash
# uringblkctl crashtest on ext4: default options and commit=600 (the
# journal then commits only when fsync asks), 5 flush points each under
# drop: every fsynced file intact and e2fsck clean at every point.  The
# control: ext4 mounted with nobarrier sends no flush, so its fsyncs
# promise nothing, and at least one of the same points must fail the same
# check, else the rig (not ext4) is wrong.  The replay line a failing
# point prints fails again when run.
. "$(dirname "$0")/lib.sh"

[ "$UB_DEBUG" = 1 ] && skip "debug kernel: filesystem sweeps (the block-level powerfail-* cases run there)"
command -v mkfs.ext4 >/dev/null || fail "no mkfs.ext4"
# Mount runs modprobe in the initramfs root, not our chroot: load it here.
modprobe ext4 || fail "modprobe ext4 failed"

img=/tmp/crash-ext4.img
rm -f "$img"
truncate -s 24M "$img"
mkfs.ext4 -q -F "$img" || fail "mkfs.ext4 on the image"
helper="bash $UB_TOP/tests/helpers/crash-fs.sh"

# Hostile arguments: usage (2) or a failed operation (1), nothing changed.
ctl_rc 2 crashtest ct0 --workload true --check true --at-flush 3,2
expect_grep "decreasing points" /tmp/ctl.err "--at-flush '3,2': increasing flush numbers"
ctl_rc 2 crashtest ct0 --workload true --check true --at-flush 1,,2
ctl_rc 2 crashtest ct0 --workload true --check true --points 0
ctl_rc 2 crashtest ct0 --workload true --check true --points 2 --at-flush 1
ctl_rc 2 crashtest ct0 --workload true --check true --seed 1
ctl_rc 2 crashtest ct0 --workload true --check true --policy bogus
ctl_rc 2 crashtest ct0 --check true
ctl_rc 1 crashtest nosuch --workload true --check true
expect_grep "missing device" /tmp/ctl.err "nosuch: no such uringblk device"
ub_mkdev ct0 capacity=24M write_cache=1
ctl_rc 1 crashtest ct0 --workload true --check true
expect_grep "no volatile cache" /tmp/ctl.err "ct0: crashtest needs volatile_cache=1"
expect_eq "power after a refused crashtest" "$(attr ct0 power)" 0
echo 1 >"$UB_CFS/ct0/volatile_cache"
echo 1 >"$UB_CFS/ct0/discard"
ctl_rc 1 crashtest ct0 --workload true --check true
expect_grep "no flush" /tmp/ctl.err "ct0: the workload sent no flush"
[ -d "$UB_CFS/ct0/faults/crashtest" ] && fail "crashtest left its rule behind"
check="$helper check ext4"
out=${UB_RESULTS_DIR:-/tmp}/crash-ext4.out
: >"$out"

# sweep OPTS WANT_EXIT ARGS...: one crashtest run, JSON in /tmp/ctl.out.
sweep() {
	local opts=$1 want=$2 t0=$SECONDS
	shift 2
	ctl_rc "$want" --json crashtest ct0 --workload "$helper workload ext4 $opts" \
		--check "$check" --image "$img" "$@"
	{ echo "== $opts $*: $((SECONDS - t0)) s"; cat /tmp/ctl.out; } >>"$out"
	echo "NOTE: ext4 $opts $*: $((SECONDS - t0)) s"
}

# The human table once, for the eye and the documentation.
t0=$SECONDS
ctl_rc 0 crashtest ct0 --workload "$helper workload ext4 defaults" --check "$check" \
	--image "$img" --points 5
{ echo "== defaults (table): $((SECONDS - t0)) s"; cat /tmp/ctl.out; } >>"$out"
sed "s/^/NOTE: /" /tmp/ctl.out
expect_grep "table" /tmp/ctl.out "ct0: 5 points, 5 passed, 0 failed"
expect_grep "table header" /tmp/ctl.out "POINT POLICY RECORD CHECK SECONDS"
echo "NOTE: ext4 defaults --points 5 (table): $((SECONDS - t0)) s"

sweep commit=600 0 --points 5
points=$(python3 - <<'EOF'
import json
o = json.load(open("/tmp/ctl.out"))
p = o["points"]
assert o["flushes"] >= 5, o
assert len(p) == 5 and o["passed"] == 5 and o["failed"] == 0, o
assert all(x["check"] == "pass" and x["policy"] == "drop" and "replay" not in x for x in p), p
# The last point is the dry run's last flush: a run that sends one fewer
# (a journal commit timed differently) is cut at the workload's end.
assert all(x["cut"] == "flush" for x in p[:-1]) and p[-1]["cut"] in ("flush", "end"), p
ks = [x["point"] for x in p]
assert ks == sorted(set(ks)) and ks[-1] == o["flushes"], ks
print(",".join(map(str, ks)))
EOF
) || fail "commit=600 sweep: $(cat /tmp/ctl.out)"

# The control, at the same points, as a person reads it (table, replay
# lines under it).
t0=$SECONDS
ctl_rc 1 crashtest ct0 --workload "$helper workload ext4 nobarrier" --check "$check" \
	--image "$img" --at-flush "$points"
sed "s/^/NOTE: /" /tmp/ctl.out
nfail=$(sed -n 's/^ct0: 5 points, [0-9]* passed, \([0-9]*\) failed;.*/\1/p' /tmp/ctl.out)
[ "${nfail:-0}" -ge 1 ] || fail "the control (nobarrier) never failed: the rig is wrong: $(cat /tmp/ctl.out)"
[ "$(grep -c '^point [0-9]* failed (' /tmp/ctl.out)" = "$nfail" ] || fail "not one replay per failing point"
replay=$(grep -m1 '^  uringblkctl crashtest ct0 --workload ' /tmp/ctl.out) ||
	fail "no replay line under the table"
echo "NOTE: nobarrier control failed at $nfail of 5 points: $((SECONDS - t0)) s"

# The replay line reproduces the failure, and (--json) names itself.
uringblkctl() { "$UB_CTL" "$@"; }
replay=${replay#  }
rc=0
eval "$replay --json" >/tmp/replay.out 2>/tmp/replay.err || rc=$?
[ $rc = 1 ] || { cat /tmp/replay.out /tmp/replay.err; fail "replay '$replay': exit $rc, want 1 (the point fails again)"; }
REPLAY=$replay python3 - <<'EOF' || fail "replay's JSON: $(cat /tmp/replay.out)"
import json, os
o = json.load(open("/tmp/replay.out"))
assert o["failed"] == 1 and len(o["points"]) == 1 and o["flushes"] is None, o
assert o["points"][0]["replay"] == os.environ["REPLAY"], o
EOF
exit 0
