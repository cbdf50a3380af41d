#!/bin/bash
# Zoned open and active limits (ZBC/ZNS resource management): implicit
# open zones are closed to make room, explicit ones are not; over the
# open limit a write fails with BLK_STS_ZONE_OPEN_RESOURCE (ETOOMANYREFS),
# over the active limit with BLK_STS_ZONE_ACTIVE_RESOURCE (EOVERFLOW).
# Then fio --zonemode=zbd writes and verifies within the limits.
. "$(dirname "$0")/lib.sh"

dev=$(ub_up z1 zoned=1 capacity=64M zone_size=4M zone_max_open=2 zone_max_active=3)
d=${dev#/dev/}
expect_eq max_open_zones "$(</sys/block/$d/queue/max_open_zones)" 2
expect_eq max_active_zones "$(</sys/block/$d/queue/max_active_zones)" 3
Z=$((4 << 20))
zone() {
	local l
	l=$(blkzone report -o $(($1 * 8192)) -c 1 "$dev")
	[[ $l =~ zcond:\ *([0-9]+) ]] || fail "report: $l"
	echo "${BASH_REMATCH[1]}"
}

# Explicitly open two zones: a third cannot open, by write or by OPEN.
blkzone open -o 0 -c 2 "$dev"
expect_eq "write over open limit" "$(io write "$dev" $((2 * Z)) 4096)" ETOOMANYREFS
blkzone open -o $((2 * 8192)) -c 1 "$dev" 2>/dev/null && fail "OPEN over the open limit succeeded"
expect_eq "zone 2 still empty" "$(zone 2)" 1
blkzone reset "$dev"

# Implicit opens: the third write closes the oldest implicitly open zone.
for z in 0 1 2; do
	expect_eq "write zone $z" "$(io write "$dev" $((z * Z)) 4096)" OK
done
expect_eq "zone 0 implicitly closed" "$(zone 0)" 4
expect_eq "zone 2 implicitly open" "$(zone 2)" 2
# Three active (one closed, two open): a fourth zone is over the limit.
expect_eq "write over active limit" "$(io write "$dev" $((3 * Z)) 4096)" EOVERFLOW
# Finishing an open one frees its resources.  (Finishing the closed zone 0
# would need an open resource first, as in null_blk: ETOOMANYREFS here.)
blkzone finish -o 0 -c 1 "$dev" 2>/dev/null && fail "FINISH of a closed zone at both limits succeeded"
blkzone finish -o 8192 -c 1 "$dev"
expect_eq "zone 1 full" "$(zone 1)" 14
# After a failed write, 6.10+ zone write plugging fails further writes to
# that zone until a zone report re-reads its write pointer, as an
# application must after an error anyway.
expect_eq "zone 3 still empty" "$(zone 3)" 1
expect_eq "write after finish" "$(io write "$dev" $((3 * Z)) 4096)" OK
blkzone reset "$dev"

# fio, zone aware, verified; several jobs at QD 8 within max_open.
fio --name=zbd --filename="$dev" --direct=1 --zonemode=zbd --ioengine=libaio \
	--iodepth=8 --rw=write --bs=64k --size=32M --max_open_zones=2 \
	--verify=crc32c --do_verify=1 --numjobs=1 --output=/tmp/fio.out ||
	{ cat /tmp/fio.out >&2; fail "fio zbd write+verify"; }
grep -q "err= 0" /tmp/fio.out || { cat /tmp/fio.out >&2; fail "fio reported errors"; }
zone_invariants "$dev" z1
