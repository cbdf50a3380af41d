#!/bin/bash
# probability_ppm within statistical bounds (10% of 20,000 requests lands
# in 9-11%), count stops after exactly N hits, hits resets on re-arm.
. "$(dirname "$0")/lib.sh"

dev=$(ub_up fp0 capacity=8M)
ub_rule fp0 p probability_ppm=100000 ops=read
out=$("$UB_IO" read "$dev" 0 512 20000)
n=${out#errors }
hits=$(cat $UB_CFS/fp0/faults/p/hits)
expect_eq "hits = failed reads" "$hits" "$n"
[ "$n" -ge 1800 ] && [ "$n" -le 2200 ] || fail "10% rule failed $n of 20000 reads"
ub_unrule fp0 p

ub_rule fp0 c count=7 ops=write
out=$("$UB_IO" write "$dev" 0 4096 50)
expect_eq "failed writes with count=7" "$out" "errors 7"
expect_eq hits "$(cat $UB_CFS/fp0/faults/c/hits)" 7
echo 0 >$UB_CFS/fp0/faults/c/enable
echo 1 >$UB_CFS/fp0/faults/c/enable
out=$("$UB_IO" write "$dev" 0 4096 10)
expect_eq "failed writes after re-arm" "$out" "errors 7"
ub_unrule fp0 c

# probability 0 never fires; first enabled match wins (creation order).
ub_rule fp0 never probability_ppm=0
ub_rule fp0 second type=nospc
expect_eq "first rule never fires, second decides" "$(io write "$dev" 0 4096)" ENOSPC
expect_eq "hits of never" "$(cat $UB_CFS/fp0/faults/never/hits)" 0
ub_unrule fp0 never
ub_unrule fp0 second
