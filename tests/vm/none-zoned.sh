#!/bin/bash
# backend=none with zones (issue 25, item 1): no data, but the write
# pointers and conditions are kept as on a memory device: writes only at
# the pointer, blkzone's transitions, a reset, fio --zonemode=zbd, and the
# zone table's invariants; memory_used holds only the zone table.
. "$(dirname "$0")/lib.sh"

dev=$(ub_up nz backend=none zoned=1 capacity=64M zone_size=4M zone_nr_conv=1 zone_max_open=4)
Z=$((4 << 20))
# memory_used holds the zone table, never data.
m0=$(attr nz memory_used)
expect_eq "zone 1 empty" "$(zone 1)" "0 1"
expect_eq "write at wp" "$(io write "$dev" $Z 4096)" OK
expect_eq "zone 1 implicit open" "$(zone 1)" "8 2"
expect_eq "write behind wp" "$(io write "$dev" $Z 4096)" EIO
expect_eq "write past wp" "$(io write "$dev" $((Z + 8192)) 4096)" EIO
# The report also lets 6.10+ zone write plugging re-read the pointer.
expect_eq "wp unchanged" "$(zone 1)" "8 2"
pattern write "$dev" $((Z + 4096)) $((Z - 4096)) 91
expect_eq "zone 1 full" "$(zone 1)" "8192 14"
expect_eq "write into full" "$(io write "$dev" $((2 * Z - 4096)) 4096)" EIO
"$UB_PATTERN" verify "$dev" $((Z + 4096)) 1M 91 2>/dev/null && fail "backend=none returned the data written"
blkzone finish -o $((2 * 8192)) -c 1 "$dev"
expect_eq "finish" "$(zone 2)" "8192 14"
blkzone reset -o 8192 -c 2 "$dev"
expect_eq "reset zone 1" "$(zone 1)" "0 1"
expect_eq "reset zone 2" "$(zone 2)" "0 1"
expect_eq "write after reset" "$(io write "$dev" $Z 4096)" OK
blkzone reset "$dev"

fio --name=z --filename="$dev" --zonemode=zbd --direct=1 --ioengine=io_uring --rw=randwrite \
	--bs=64k --iodepth=8 --size=32M --io_size=48M --max_open_zones=4 \
	--output=/tmp/nz.out >/dev/null || { cat /tmp/nz.out; fail "fio --zonemode=zbd on backend=none"; }
zone_invariants "$dev" nz
expect_eq "memory_used after 48M written" "$(attr nz memory_used)" "$m0"
ub_down nz
