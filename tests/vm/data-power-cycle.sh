#!/bin/bash
# power publishes and removes /dev/uringblkN; data survives power 0/1 and
# goes with rmdir.
. "$(dirname "$0")/lib.sh"

dev=$(ub_up pc0 capacity=64M)
pattern write "$dev" 0 1M 7
pattern write "$dev" 63M 1M 8
echo 0 >$UB_CFS/pc0/power
[ -e "$dev" ] && sleep 0.5
[ -e "$dev" ] && fail "$dev still exists after power 0"
expect_eq disk "$(attr pc0 disk)" ""
echo 1 >$UB_CFS/pc0/power
ub_wait_node "$dev"
pattern verify "$dev" 0 1M 7
pattern verify "$dev" 63M 1M 8
pattern zero "$dev" 1M 62M
expect_eq size "$(blockdev --getsize64 "$dev")" $((64 << 20))
ub_down pc0
dev=$(ub_up pc0 capacity=64M)
pattern zero "$dev" 0 64M
