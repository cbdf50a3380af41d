#!/bin/bash
# uringblkctl crashtest --policy random on ext4 (commit=600), 5 flush
# points, seed 42, half the unflushed blocks kept: every fsynced file
# intact and e2fsck clean at every point; each row carries the seed and
# the power failure's record id, and the driver's record names the seed.  Needs powerfail_policy=random
# (powerfail_seed, powerfail_keep_pct): issue 27's remaining part.
. "$(dirname "$0")/lib.sh"

[ "$UB_DEBUG" = 1 ] && skip "debug kernel: filesystem sweeps (the block-level powerfail-* cases run there)"
ub_mkdev ct0 capacity=24M write_cache=1 volatile_cache=1 discard=1
[ -e "$UB_CFS/ct0/powerfail_seed" ] || skip "this driver has no powerfail_policy=random yet (powerfail_seed)"
echo 50 >"$UB_CFS/ct0/powerfail_keep_pct" || fail "powerfail_keep_pct=50"
modprobe ext4 || fail "modprobe ext4 failed"
img=/tmp/crash-ext4.img
rm -f "$img"
truncate -s 24M "$img"
mkfs.ext4 -q -F "$img" || fail "mkfs.ext4 on the image"
ub_up ct0 >/dev/null
helper="bash $UB_TOP/tests/helpers/crash-fs.sh"
t0=$SECONDS
ctl_rc 0 --json crashtest ct0 --workload "$helper workload ext4 commit=600" \
	--check "$helper check ext4" --image "$img" --points 5 --policy random --seed 42
python3 - <<'EOF' || fail "random sweep: $(cat /tmp/ctl.out)"
import json
o = json.load(open("/tmp/ctl.out"))
p = o["points"]
assert len(p) == 5 and o["passed"] == 5 and o["failed"] == 0, o
assert all(x["check"] == "pass" and x["policy"] == "random"
           and x["seed"] == 42 and x["record"] is not None for x in p), p
assert all(x["cut"] == "flush" for x in p[:-1]), p
ids = [int(x["record"]) for x in p]
assert ids == sorted(set(ids)), ids
EOF
# The driver's own record of the last cut names what crashtest set.
rec=/sys/kernel/debug/uringblk/$(attr ct0 disk)/powerfail_record
head -n 1 "$rec" >/tmp/rec.head || fail "no $rec"
expect_grep "the record's policy and seed" /tmp/rec.head "policy random seed 42 keep_pct 50"
echo "NOTE: ext4 commit=600 --policy random --points 5: $((SECONDS - t0)) s"
exit 0
