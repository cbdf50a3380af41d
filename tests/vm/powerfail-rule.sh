#!/bin/bash
# The powerfail fault rule: `ops=flush after=2 count=1` cuts the power at
# exactly the third flush, which fails with EIO as does everything after;
# what the first two flushes made durable survives drop, the write after
# them does not; a request a timeout rule holds ends with EIO at the cut.
# Without volatile_cache the rule only fails its request.
# uringblkctl powerfail DEV cuts the same way (exit 1 on no device, off,
# no volatile cache; 2 on usage).
. "$(dirname "$0")/lib.sh"

D=$UB_CFS/pr0
dev=$(ub_up pr0 capacity=16M write_cache=1 volatile_cache=1)
ub_rule pr0 cut type=powerfail ops=flush after=2 count=1
pattern write "$dev" 0 64K 1
pattern write "$dev" 1M 64K 2
expect_eq "powerfail before the third flush" "$(attr pr0 powerfail)" 0
pattern write-nosync "$dev" 2M 64K 3
expect_eq "third flush" "$(io flush "$dev" 0 0)" EIO
expect_eq "hits" "$(<$D/faults/cut/hits)" 1
expect_eq "powerfail after the third flush" "$(attr pr0 powerfail)" 1
expect_eq "read after the cut" "$(io read "$dev" 0 4096)" EIO
ub_unrule pr0 cut
echo 0 >$D/power
echo 1 >$D/power
ub_wait_node "$dev"
pattern verify "$dev" 0 64K 1
pattern verify "$dev" 1M 64K 2
pattern zero "$dev" 2M 64K

# A read a timeout rule holds ends with EIO at a rule's cut, as every
# request in flight does: not io_timeout_ms (30 s) later, nor at power 0.
ub_rule pr0 hold type=timeout ops=read count=1
"$UB_IO" read "$dev" 0 4096 >/tmp/pr.held &
held=$!
sleep 0.5
ub_rule pr0 cut type=powerfail ops=flush count=1
t0=$(date +%s%N)
expect_eq "flush under the rule" "$(io flush "$dev" 0 0)" EIO
wait $held || true
ms=$((($(date +%s%N) - t0) / 1000000))
expect_eq "held read at the rule's cut" "$(cut -d' ' -f1 </tmp/pr.held)" EIO
[ $ms -lt 5000 ] || fail "the held read ended $ms ms after the rule's cut"
ub_unrule pr0 hold
ub_unrule pr0 cut
echo 0 >$D/power
echo 1 >$D/power
ub_wait_node "$dev"

echo 0 >$D/power
echo 0 >$D/volatile_cache
dev=$(ub_up pr0)
ub_rule pr0 cut type=powerfail ops=write count=1
expect_eq "write under the rule, no volatile_cache" "$(io write "$dev" 0 4096)" EIO
expect_eq "next write" "$(io write "$dev" 0 4096)" OK
expect_eq "powerfail without volatile_cache" "$(attr pr0 powerfail)" 0
ub_unrule pr0 cut

# uringblkctl powerfail DEV: the same cut from the tool.
ctl_rc 1 powerfail nosuch
expect_grep "missing device" /tmp/ctl.err "nosuch: no such uringblk device"
ctl_rc 1 powerfail pr0
expect_grep "no volatile cache" /tmp/ctl.err "Invalid argument (needs volatile_cache=1)"
ctl_rc 2 powerfail
echo 0 >$D/power
echo 1 >$D/volatile_cache
ctl_rc 1 powerfail pr0
expect_grep "off" /tmp/ctl.err "pr0: not powered"
dev=$(ub_up pr0)
ctl_rc 0 --json powerfail "$dev"
python3 -c 'import json; o = json.load(open("/tmp/ctl.out")); assert o == {"name": "pr0", "powerfail": True}, o' ||
	fail "powerfail --json: $(cat /tmp/ctl.out)"
expect_eq "powerfail by the tool" "$(attr pr0 powerfail)" 1
expect_eq "read after the tool's cut" "$(io read "$dev" 0 4096)" EIO
exit 0
