#!/bin/bash
# A zone being written is never chosen for an implicit close (issue 23
# item 1).  zone_max_open=1, two hardware queues, two writers on two CPUs
# each looping "reset zone N, write its first block", with debugfs
# delay_in_copy_us holding each write inside its zone: every write needs
# the other zone closed.  Before the fix the close picked the zone whose
# copy was in flight (wp still at its start), made it EMPTY, then its
# pointer moved: RESET skipped the "empty" zone and the next write at its
# start failed (EIO).  Now the write waits for the other zone's copy.
. "$(dirname "$0")/lib.sh"

dev=$(ub_up zr zoned=1 capacity=16M zone_size=1M zone_max_open=1 nr_hw_queues=2)
disk=${dev#/dev/}
loop=$UB_TOP/tests/helpers/ub-zone-loop
n=$(scale 40)
echo 20000 >/sys/kernel/debug/uringblk/$disk/delay_in_copy_us
taskset -c 0 "$loop" "$dev" 1 "$n" >/tmp/zr1.out 2>&1 &
p1=$!
taskset -c 1 "$loop" "$dev" 2 "$n" >/tmp/zr2.out 2>&1 &
p2=$!
r1=0 r2=0
wait $p1 || r1=$?
wait $p2 || r2=$?
echo 0 >/sys/kernel/debug/uringblk/$disk/delay_in_copy_us
cat /tmp/zr1.out /tmp/zr2.out
((r1 == 0 && r2 == 0)) || fail "a reset or write failed: $(tail -n1 /tmp/zr1.out); $(tail -n1 /tmp/zr2.out)"
zone_invariants "$dev" zr
# Both zones were written; the one written last is open, the other closed.
c=$(blkzone report -o 2048 -c 2 "$dev" | grep -o 'zcond: *[0-9]*' | tr -d ' ' | tr '\n' ' ')
case $c in "zcond:2 zcond:4 " | "zcond:4 zcond:2 ") ;; *) fail "zones 1 and 2: $c, want one open and one closed" ;; esac
ub_down zr
