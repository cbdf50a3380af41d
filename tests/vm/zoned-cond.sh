#!/bin/bash
# zone_readonly and zone_offline (issue 25, item 3), as null_blk's: a
# sector written to either makes its sequential zone read-only or
# offline; the same again makes it EMPTY.  ZBC's rules for them: a
# read-only zone reads (its data kept) and refuses writes and zone
# commands; an offline zone refuses reads too; reset-all passes both by;
# the open/active resources a zone held come free.  Refusals: EINVAL for
# a conventional zone, a sector past the end, a device that is off or not
# zoned.  blkzone, uringblkctl zones and fio --zonemode=zbd around them.
. "$(dirname "$0")/lib.sh"

dev=$(ub_up zc zoned=1 capacity=64M zone_size=4M zone_nr_conv=1 zone_max_open=2)
C=$UB_CFS/zc
Z=$((4 << 20))
S=8192			# sectors a zone
expect_write $C/zone_readonly 0 EINVAL			# conventional
expect_write $C/zone_offline $((16 * S)) EINVAL		# past the end
expect_write $C/zone_offline 0x10 EINVAL
expect_write $C/zone_readonly -1 EINVAL

# Read-only: data kept and readable, writes and zone commands refused.
pattern write "$dev" $((2 * Z)) 64K 111
expect_eq "zone 2 open" "$(zone 2)" "128 2"
expect_write $C/zone_readonly $((2 * S + 77)) OK
expect_eq "zone 2 read-only" "$(zone 2 | cut -d' ' -f2)" 13
pattern verify "$dev" $((2 * Z)) 64K 111
expect_eq "write at the old wp" "$(io write "$dev" $((2 * Z + 65536)) 4096)" EIO
expect_eq "write at the start" "$(io write "$dev" $((2 * Z)) 4096)" EIO
for op in open close finish reset; do
	blkzone $op -o $((2 * S)) -c 1 "$dev" 2>/dev/null && fail "blkzone $op of a read-only zone succeeded"
done
blkzone reset "$dev" || fail "reset all"
expect_eq "read-only after reset all" "$(zone 2 | cut -d' ' -f2)" 13
zone_invariants "$dev" zc
# The same sector's zone again: EMPTY, its data gone, writable.
expect_write $C/zone_readonly $((2 * S)) OK
expect_eq "zone 2 back to empty" "$(zone 2)" "0 1"
pattern zero "$dev" $((2 * Z)) 64K
expect_eq "write after" "$(io write "$dev" $((2 * Z)) 4096)" OK

# Offline: nothing reads or writes.
expect_eq "write zone 3" "$(io write "$dev" $((3 * Z)) 4096)" OK
expect_write $C/zone_offline $((3 * S)) OK
expect_eq "zone 3 offline" "$(zone 3 | cut -d' ' -f2)" 15
expect_eq "read offline" "$(io read "$dev" $((3 * Z)) 4096)" EIO
expect_eq "write offline" "$(io write "$dev" $((3 * Z)) 4096)" EIO
blkzone finish -o $((3 * S)) -c 1 "$dev" 2>/dev/null && fail "finish of an offline zone succeeded"
# Read-only straight to offline, then offline again: EMPTY.
expect_write $C/zone_readonly $((4 * S)) OK
expect_write $C/zone_offline $((4 * S)) OK
expect_eq "read-only -> offline" "$(zone 4 | cut -d' ' -f2)" 15
expect_write $C/zone_offline $((4 * S)) OK
expect_eq "offline -> empty" "$(zone 4)" "0 1"

# Resources: two explicitly open zones fill zone_max_open; one of them
# going read-only frees its slot.
blkzone reset "$dev"
blkzone open -o $((5 * S)) -c 1 "$dev"
blkzone open -o $((6 * S)) -c 1 "$dev"
blkzone open -o $((7 * S)) -c 1 "$dev" 2>/dev/null && fail "a third open zone with zone_max_open=2"
expect_write $C/zone_readonly $((5 * S)) OK
blkzone open -o $((7 * S)) -c 1 "$dev" || fail "open after a zone went read-only"
zone_invariants "$dev" zc

# The tool's table names them; fio --zonemode=zbd writes the zones after.
"$UB_CTL" zones zc -n >/tmp/zc.out || fail "uringblkctl zones"
expect_eq "tool: zone 3" "$(awk 'NR == 4 { print $NF }' /tmp/zc.out)" ol
expect_eq "tool: zone 5" "$(awk 'NR == 6 { print $NF }' /tmp/zc.out)" ro
blkzone reset "$dev"
fio --name=z --filename="$dev" --zonemode=zbd --direct=1 --ioengine=io_uring --rw=write \
	--bs=64k --iodepth=4 --offset=$((8 * Z)) --size=$((8 * Z)) --max_open_zones=2 \
	--verify=crc32c --verify_fatal=1 --output=/tmp/zc-fio.out >/dev/null ||
	{ cat /tmp/zc-fio.out; fail "fio --zonemode=zbd beside read-only and offline zones"; }

# They stay what they are across a power cycle; off, the files refuse.
echo 0 >$C/power
expect_write $C/zone_offline $((9 * S)) EINVAL
dev=$(ub_up zc)
expect_eq "offline after a power cycle" "$(zone 3 | cut -d' ' -f2)" 15
expect_eq "read-only after a power cycle" "$(zone 5 | cut -d' ' -f2)" 13
zone_invariants "$dev" zc
ub_down zc

# Not zoned: EINVAL.
ub_up zn capacity=16M >/dev/null
expect_write $UB_CFS/zn/zone_readonly 0 EINVAL
ub_down zn
