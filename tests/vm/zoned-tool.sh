#!/bin/bash
# uringblkctl zones NAME reset|open|close|finish [-o SECTOR] [-c COUNT]
# [--all]: the kernel's zone ioctls with blkzone's option names, checked
# against blkzone report; misaligned or out-of-range input exits 2 with
# nothing done; a refused ioctl exits 1 with its errno name.
. "$(dirname "$0")/lib.sh"
stock_only "the tool's checks and output; zoned-basic and zoned-cond drive the same ioctls with blkzone"

S=8192	# sectors in a 4M zone
dev=$(ub_up zt zoned=1 capacity=32M zone_size=4M zone_nr_conv=1)

# cond N: blkzone's condition name of zone N.
cond() {
	blkzone report -o $(($1 * S)) -c 1 "$dev" | sed -E 's/.*zcond:[ ]*[0-9]+\(([a-z]+)\).*/\1/'
}

# Zone 2 written to (implicitly open), zone 3 empty: both explicitly open.
dd if=/dev/zero of="$dev" bs=4096 count=1 seek=$((2 * S / 8)) oflag=direct status=none ||
	fail "write to zone 2"
ctl_rc 0 zones zt open -o $((2 * S)) -c 2
expect_grep "open says" /tmp/ctl.out "zt: opened 2 zone(s) from zone 2"
expect_eq "zone 2 open" "$(cond 2)" oe
expect_eq "zone 3 open" "$(cond 3)" oe
expect_eq "zone 4 not touched" "$(cond 4)" em
ctl_rc 0 zones zt close -o $((2 * S)) -c 1
expect_eq "zone 2 closed" "$(cond 2)" cl
ctl_rc 0 zones zt finish -o $((3 * S)) --count 1
expect_eq "zone 3 full" "$(cond 3)" fu
ctl_rc 0 zones zt open --offset $((5 * S))
expect_eq "no -c: to the end (zone 7)" "$(cond 7)" oe
# The tool's own report agrees.
ctl_rc 0 zones zt -n --output zone,cond -r
expect_eq "report" "$(tr '\n' ' ' </tmp/ctl.out)" "0 nw 1 em 2 cl 3 fu 4 em 5 oe 6 oe 7 oe "
ctl_rc 0 zones zt report -o $((3 * S)) -c 1 -n --output cond
expect_eq "report -o -c" "$(cat /tmp/ctl.out)" fu
ctl_rc 0 zones zt reset --all
for z in 1 2 3 4 5 6 7; do
	expect_eq "zone $z after reset --all" "$(cond "$z")" em
done

# Hostile input: exit 2 and nothing done.
ctl_rc 2 zones zt open -o 100
expect_grep "misaligned" /tmp/ctl.err "offset 100 is not aligned to the zone size 8192"
ctl_rc 2 zones zt open -o $((8 * S))
expect_grep "beyond" /tmp/ctl.err "is beyond the device's 65536 sectors"
ctl_rc 2 zones zt open -o $((6 * S)) -c 3
expect_grep "count past the end" /tmp/ctl.err "3 zones from zone 6 run past the last zone (7)"
expect_eq "nothing opened" "$(cond 6)" em
ctl_rc 2 zones zt open --all -c 1
ctl_rc 2 zones zt open --all -o $S
ctl_rc 2 zones zt open -c 0
ctl_rc 2 zones zt open -o x
ctl_rc 2 zones zt explode
ctl_rc 2 zones zt reset --output zone
# The kernel refuses: a conventional zone cannot be opened.
ctl_rc 1 zones zt open -o 0 -c 1
expect_grep "errno name" /tmp/ctl.err "BLKOPENZONE of sectors 0+8192 (zones 0-0): E"
# A plain disk: no zones to act on.
ub_up zp capacity=16M >/dev/null
ctl_rc 1 zones zp reset
expect_grep "not zoned" /tmp/ctl.err "zp: not a zoned device: EINVAL"
ctl_rc 1 zones nosuch reset
