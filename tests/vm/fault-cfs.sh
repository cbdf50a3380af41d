#!/bin/bash
# Fault rule directories: names, defaults, bad input (EINVAL, old value
# kept), EBUSY for an armed rule's attributes, io_timeout_ms rules.
. "$(dirname "$0")/lib.sh"

ub_mkdev fc0 capacity=8M
f=$UB_CFS/fc0/faults
[ -d $f ] || fail "no faults/ group"
for bad in "$(printf 'r%.0s' {1..33})" "a b" 'r$'; do
	mkdir "$f/$bad" 2>/dev/null && fail "rule name '$bad' accepted"
done
mkdir $f/r1
r=$f/r1
expect_eq type "$(cat $r/type)" io_error
expect_eq ops "$(cat $r/ops)" any
expect_eq lba_start "$(cat $r/lba_start)" 0
expect_eq lba_end "$(cat $r/lba_end)" $(((8 << 20) / 512 - 1))
expect_eq probability_ppm "$(cat $r/probability_ppm)" 1000000
expect_eq delay_us "$(cat $r/delay_us)" 0
expect_eq count "$(cat $r/count)" 0
expect_eq enable "$(cat $r/enable)" 0
expect_eq hits "$(cat $r/hits)" 0

for t in io_error medium_error nospc timeout delay torn_write corrupt_read; do
	expect_write $r/type $t OK
	expect_eq type "$(cat $r/type)" $t
done
expect_write $r/type bogus EINVAL
expect_write $r/type "io_error " EINVAL
expect_eq "type kept" "$(cat $r/type)" corrupt_read
expect_write $r/ops read,write OK
expect_eq ops "$(cat $r/ops)" read,write
expect_write $r/ops "write_zeroes,flush,discard" OK
expect_eq ops "$(cat $r/ops)" flush,discard,write_zeroes
for bad in "read,,write" "read," "trim" "any,read" "READ" ","; do
	expect_write $r/ops "$bad" EINVAL
done
expect_eq "ops kept" "$(cat $r/ops)" flush,discard,write_zeroes
expect_write $r/ops any OK
expect_write $r/lba_start 100 OK
expect_write $r/lba_end 99 EINVAL
expect_write $r/lba_end 100 OK
expect_write $r/lba_start 101 EINVAL
expect_eq "lba kept" "$(cat $r/lba_start)-$(cat $r/lba_end)" 100-100
expect_write $r/probability_ppm 1000001 EINVAL
expect_write $r/probability_ppm 0 OK
expect_write $r/probability_ppm -1 EINVAL
expect_write $r/delay_us 10000001 EINVAL
expect_write $r/delay_us 10000000 OK
expect_write $r/count 0x10 EINVAL
expect_write $r/count 5 OK
expect_write $r/enable 2 EINVAL
expect_write $r/hits 1 EACCES

# Armed: everything but enable is EBUSY and kept.
expect_write $r/enable 1 OK
for kv in type=nospc ops=read lba_start=0 lba_end=200 probability_ppm=5 delay_us=1 count=1 torn_sectors=1; do
	before=$(cat $r/${kv%%=*})
	expect_write $r/${kv%%=*} "${kv#*=}" EBUSY
	expect_eq "${kv%%=*} kept" "$(cat $r/${kv%%=*})" "$before"
done
expect_write $r/enable 0 OK
expect_write $r/count 6 OK

# io_timeout_ms: settable while off only.
expect_eq io_timeout_ms "$(cat $UB_CFS/fc0/io_timeout_ms)" 30000
expect_write $UB_CFS/fc0/io_timeout_ms 0 EINVAL
expect_write $UB_CFS/fc0/io_timeout_ms 2000 OK
echo 1 >$UB_CFS/fc0/power
expect_write $UB_CFS/fc0/io_timeout_ms 3000 EBUSY
# A device with rule directories cannot go (configfs: ENOTEMPTY).
echo 0 >$UB_CFS/fc0/power
rmdir $UB_CFS/fc0 2>/dev/null && fail "rmdir of a device with rules succeeded"
rmdir $r
