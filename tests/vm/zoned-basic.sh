#!/bin/bash
# Zoned devices, after blktests' zbd group: geometry rules at power on,
# what the block layer sees (sysfs, BLKREPORTZONE via blkzone), write
# pointer checks (unaligned, out of order, past the capacity, into a full
# zone), every state transition with blkzone open/close/finish/reset,
# reads past the write pointer as zeros, reset freeing memory_used.
. "$(dirname "$0")/lib.sh"

C=$UB_CFS/z0
ub_mkdev z0 zoned=1 capacity=64M zone_size=4M zone_nr_conv=1
expect_eq "zone_capacity unset" "$(attr z0 zone_capacity)" $((4 << 20))
expect_eq "zone_append_max_sectors unset" "$(attr z0 zone_append_max_sectors)" 1024
expect_write $C/zone_size 3M EINVAL
# Cross-attribute geometry: EINVAL from the write to power.
echo 62M >$C/capacity
expect_write $C/power 1 EINVAL
echo 64M >$C/capacity
echo 8M >$C/zone_capacity
expect_write $C/power 1 EINVAL
echo 3M >$C/zone_capacity
echo 16 >$C/zone_nr_conv
expect_write $C/power 1 EINVAL
echo 1 >$C/zone_nr_conv
# A zone of 2^33 sectors does not fit the block layer's u32.
echo 4T >$C/zone_size
echo 8T >$C/capacity
expect_write $C/power 1 EINVAL
echo 4M >$C/zone_size
echo 64M >$C/capacity

dev=$(ub_up z0)
d=${dev#/dev/}
expect_write $C/capacity 128M EBUSY
expect_write $C/zone_size 8M EBUSY
expect_eq zoned "$(</sys/block/$d/queue/zoned)" host-managed
expect_eq chunk_sectors "$(</sys/block/$d/queue/chunk_sectors)" 8192
expect_eq nr_zones "$(</sys/block/$d/queue/nr_zones)" 16
expect_eq "report lines" "$(blkzone report "$dev" | wc -l)" 16

Z=$((4 << 20))
expect_eq "zone 0 conventional" "$(zone 0)" "0 0"
expect_eq "zone 1 empty" "$(zone 1)" "0 1"

# Writes: at the write pointer only.
expect_eq "write at wp" "$(io write "$dev" $Z 4096)" OK
expect_eq "zone 1 implicit open" "$(zone 1)" "8 2"
expect_eq "write behind wp" "$(io write "$dev" $Z 4096)" EIO
expect_eq "write past wp" "$(io write "$dev" $((Z + 8192)) 4096)" EIO
expect_eq "wp unchanged" "$(zone 1)" "8 2"
pattern write "$dev" $((Z + 4096)) $(((3 << 20) - 4096)) 5
expect_eq "zone 1 full at capacity" "$(zone 1)" "6144 14"
expect_eq "write into full" "$(io write "$dev" $((Z + (3 << 20))) 4096)" EIO
pattern verify "$dev" $((Z + 4096)) $(((3 << 20) - 4096)) 5
# The conventional zone takes writes anywhere.
pattern write "$dev" 8192 64K 6
pattern verify "$dev" 8192 64K 6

# Transitions: empty -> explicit open -> closed -> open -> full -> empty.
blkzone open -o $((2 * 8192)) -c 1 "$dev"
expect_eq "explicit open" "$(zone 2)" "0 3"
blkzone close -o $((2 * 8192)) -c 1 "$dev"
expect_eq "close empty -> empty" "$(zone 2)" "0 1"
expect_eq "write zone 2" "$(io write "$dev" $((2 * Z)) 8192)" OK
blkzone close -o $((2 * 8192)) -c 1 "$dev"
expect_eq "closed" "$(zone 2)" "16 4"
blkzone open -o $((2 * 8192)) -c 1 "$dev"
expect_eq "closed -> explicit open" "$(zone 2)" "16 3"
# Past the write pointer reads zeros.
pattern zero "$dev" $((2 * Z + 8192)) 64K
blkzone finish -o $((2 * 8192)) -c 1 "$dev"
expect_eq "finish (wp at the zone capacity)" "$(zone 2)" "6144 14"
pattern zero "$dev" $((2 * Z + 8192)) 64K
blkzone reset -o $((2 * 8192)) -c 1 "$dev"
expect_eq "reset" "$(zone 2)" "0 1"
pattern zero "$dev" $((2 * Z)) 8192

# Reset frees the zone's memory.
pattern write "$dev" $((3 * Z)) 3M 7
used=$(attr z0 memory_used)
blkzone reset -o $((3 * 8192)) -c 1 "$dev"
after=$(attr z0 memory_used)
[ $((used - after)) -ge $((3 << 20)) ] || fail "reset freed $((used - after)) bytes, want 3M"
# Reset all: every sequential zone empty, the conventional one untouched.
blkzone reset "$dev"
for z in 1 2 3; do expect_eq "reset all: zone $z" "$(zone $z)" "0 1"; done
pattern verify "$dev" 8192 64K 6

# Power cycle: the zone table and data stay; open zones come back closed.
expect_eq "write zone 4" "$(io write "$dev" $((4 * Z)) 4096)" OK
echo 0 >$C/power
echo 1 >$C/power
dev=$(ub_wait_node "$dev"; echo "$dev")
expect_eq "after power cycle" "$(zone 4)" "8 4"

# The tool's zone table (ZONE_REPORT) agrees with BLKREPORTZONE.
"$UB_CTL" zones z0 >/tmp/zones.out || fail "uringblkctl zones"
expect_eq "tool lines (a header, a zone a line)" "$(wc -l </tmp/zones.out)" 17
"$UB_CTL" zones z0 -n --output wptr >/tmp/zones.out || fail "uringblkctl zones --output"
# Sequential zones only: blkzone shows a conventional zone's pointer as 0,
# the driver reports the zone end there, as null_blk does.
a=$(tail -n +2 /tmp/zones.out | tr -d ' ' | tr '\n' ' ')
b=$(blkzone report "$dev" | tail -n +2 | sed -E 's/.*wptr (0x[0-9a-f]+).*/\1/' | tr '\n' ' ')
expect_eq "write pointers tool vs blkzone" "$a" "$b"
zone_invariants "$dev" z0
