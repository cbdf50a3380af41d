#!/bin/bash
# The zone table follows its data and its size has a limit (issue 23
# items 3 and 4).
# - backend=file then backend=memory while off drops the data, so the
#   table starts empty too (before the fix zone 1 still reported FULL
#   over zeros, and a write at its start failed).
# - a zone count past the documented maximum (1M zones) is EINVAL at
#   power on with a dmesg reason, both far past it (1T in 4K zones: 2^28
#   zones, where kvzalloc used to WARN) and one zone past it.
. "$(dirname "$0")/lib.sh"

C=$UB_CFS/zt
dev=$(ub_up zt zoned=1 capacity=16M zone_size=1M)
pattern write "$dev" 1M 1M 5
expect_eq "zone 1 full" "$(zone 1)" "2048 14"
echo 0 >$C/power
# Same backend again: the data and the table stay.
echo memory >$C/backend
dev=$(ub_up zt)
expect_eq "zone 1 still full" "$(zone 1)" "2048 14"
pattern verify "$dev" 1M 1M 5
echo 0 >$C/power
echo file >$C/backend
echo memory >$C/backend
dev=$(ub_up zt)
expect_eq "zone 1 empty after a backend change" "$(zone 1)" "0 1"
pattern zero "$dev" 1M 1M
expect_eq "write at zone 1's start" "$(io write "$dev" 1048576 4096)" OK
zone_invariants "$dev" zt
ub_down zt

ub_mkdev zbig zoned=1 capacity=1T logical_block_size=4096 physical_block_size=4096 zone_size=4096
dmesg -c >/dev/null
expect_write $UB_CFS/zbig/power 1 EINVAL
dmesg | grep -q "uringblk.*268435456 zones, at most 1048576" || { dmesg | tail -5; fail "no reason in dmesg"; }
expect_eq "still off" "$(attr zbig power)" 0
# One zone past the limit; the limit itself powers on (4 GiB in 4K zones
# would take 1M zones of block-layer state: kept out of the guest's RAM).
echo $(((1048577) * 4096)) >$UB_CFS/zbig/capacity
expect_write $UB_CFS/zbig/power 1 EINVAL
# The debug kernel's lockdep and KASAN make that table several times
# larger and its report 10x slower: the limit's refusals run there.
if [ "$UB_DEBUG" = 0 ]; then
	echo 64K >$UB_CFS/zbig/zone_size
	echo $((1048576 * 64 * 1024)) >$UB_CFS/zbig/capacity
	dev=$(ub_up zbig)
	expect_eq "nr_zones at the limit" "$(</sys/block/${dev#/dev/}/queue/nr_zones)" 1048576
fi
ub_down zbig
