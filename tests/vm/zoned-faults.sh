#!/bin/bash
# Fault rules on a zoned device: an injected io_error leaves the write
# pointer where it was, a torn write moves it by the sectors that landed
# (and they read back), and the zone takes the next write there.  A zoned
# device on the file backend is refused at power on.
. "$(dirname "$0")/lib.sh"

dev=$(ub_up zf zoned=1 capacity=32M zone_size=4M)

ub_rule zf e type=io_error ops=write
expect_eq "io_error write" "$(io write "$dev" 0 4096)" EIO
ub_unrule zf e
expect_eq "io_error keeps the pointer" "$(zone 0)" "0 1"
pattern write "$dev" 0 4096 11
expect_eq "write after the error" "$(zone 0)" "8 2"

ub_rule zf t type=torn_write torn_sectors=3 ops=write
expect_eq "torn write" "$(io write "$dev" 4096 4096)" EIO
ub_unrule zf t
expect_eq "torn write moves the pointer by 3" "$(zone 0)" "11 2"
pattern verify "$dev" 0 4096 11
expect_eq "write at the new pointer" "$(io write "$dev" $((11 * 512)) 512)" OK
expect_eq "pointer after it" "$(zone 0)" "12 2"
expect_eq "write behind it" "$(io write "$dev" 4096 512)" EIO
zone_invariants "$dev" zf
ub_down zf

# At 4096-byte blocks a torn write moves the pointer by the whole blocks
# that landed: 9 sectors are one block and a part; the part is dropped,
# so what lies past the pointer still reads as zeros (before the fix the
# 512 bytes past the block stayed there).
dev=$(ub_up zf4 zoned=1 capacity=32M zone_size=4M logical_block_size=4096 physical_block_size=4096)
ub_rule zf4 t type=torn_write torn_sectors=9 ops=write
expect_eq "torn write at 4K blocks" "$(io write "$dev" 0 16384)" EIO
ub_unrule zf4 t
expect_eq "pointer moved by one block" "$(zone 0)" "8 2"
pattern zero "$dev" 4096 12288
expect_eq "write at the new pointer" "$(io write "$dev" 4096 4096)" OK
zone_invariants "$dev" zf4
ub_down zf4

# Write pointers live in RAM: no zones over a backing file.
truncate -s 32M /tmp/zf.img
ub_mkdev zfile backend=file path=/tmp/zf.img direct=0 zoned=1 zone_size=4M capacity=32M
expect_write "$UB_CFS/zfile/power" 1 EINVAL
dmesg | grep -q "zoned needs the memory or none backend" || fail "no reason in dmesg"
rm -f /tmp/zf.img
