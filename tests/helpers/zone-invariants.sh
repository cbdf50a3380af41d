#!/bin/bash
# zone-invariants.sh DEV NAME: check a zoned uringblk device's zone table
# as BLKREPORTZONE shows it, against ZBC's rules and the driver's own
# open/active counts (debugfs zone_resources).  Run with no I/O in flight.
#   - a conventional zone (the first zone_nr_conv) is NOT_WP;
#   - EMPTY <=> wp == start, FULL <=> wp == start + capacity; an open
#     zone lies below its capacity (at its start after an explicit open
#     or a write that moved nothing), a closed one strictly between;
#     read-only and offline zones (zone_readonly, zone_offline) have no
#     write pointer to check;
#   - the driver's imp_open / exp_open / closed counts equal the number
#     of zones seen in each condition.
# Prints what is wrong and exits 1; silent and 0 when all holds.
set -uo pipefail
dev=${1:?usage: zone-invariants.sh DEV NAME} name=${2:?usage: zone-invariants.sh DEV NAME}
cfs=/sys/kernel/config/uringblk/$name
disk=${dev#/dev/}
nconv=$(<"$cfs/zone_nr_conv")
res=/sys/kernel/debug/uringblk/$disk/zone_resources
bad=0 i=0 imp=0 exp=0 closed=0
say() { echo "zone-invariants: $disk: $*" >&2; bad=1; }

while read -r line; do
	[[ $line =~ start:\ 0x([0-9a-f]+),\ len\ 0x([0-9a-f]+),\ cap\ 0x([0-9a-f]+),\ wptr\ 0x([0-9a-f]+).*zcond:\ *([0-9]+).*type:\ *([0-9]+) ]] ||
		{ say "cannot parse: $line"; continue; }
	len=$((16#${BASH_REMATCH[2]})) cap=$((16#${BASH_REMATCH[3]}))
	wp=$((16#${BASH_REMATCH[4]})) cond=${BASH_REMATCH[5]} type=${BASH_REMATCH[6]}
	if ((i < nconv)); then
		((type == 1 && cond == 0)) || say "zone $i: conventional zone has type $type cond $cond"
	else
		((type == 2)) || say "zone $i: type $type, want 2 (sequential write required)"
		((cap <= len)) || say "zone $i: capacity $cap > len $len"
		case $cond in
		1) ((wp == 0)) || say "zone $i: EMPTY with wp at +$wp" ;;
		14) ((wp == cap)) || say "zone $i: FULL with wp at +$wp, capacity $cap" ;;
		2 | 3) ((wp < cap)) || say "zone $i: open with wp at +$wp, capacity $cap" ;;
		4) ((wp > 0 && wp < cap)) || say "zone $i: CLOSED with wp at +$wp, capacity $cap" ;;
		13 | 15) ;;	# read-only, offline: no write pointer
		*) say "zone $i: condition $cond" ;;
		esac
		((cond == 13 || cond == 15 || wp <= len)) || say "zone $i: wp +$wp past the zone"
		case $cond in 2) imp=$((imp + 1)) ;; 3) exp=$((exp + 1)) ;; 4) closed=$((closed + 1)) ;; esac
	fi
	i=$((i + 1))
done < <(blkzone report "$dev" | grep 'start:')

want=$(printf 'imp_open %s\nexp_open %s\nclosed %s' $imp $exp $closed)
got=$(cat "$res" 2>/dev/null) || say "no $res"
[ "$got" = "$want" ] || say "driver counts '$(echo $got)', zones seen '$(echo $want)'"
nz=$(<"/sys/block/$disk/queue/nr_zones")
((i == nz)) || say "report has $i zones, nr_zones says $nz"
exit $bad
