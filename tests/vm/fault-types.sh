#!/bin/bash
# Each fault type seen from user space with its exact errno: EIO,
# ENODATA, ENOSPC, ETIMEDOUT after io_timeout_ms, success after at least
# delay_us, torn writes leaving exactly the first sectors, corrupt reads
# caught by a checksumming reader.  Injected errors are counted apart.
. "$(dirname "$0")/lib.sh"

dev=$(ub_up ft0 capacity=16M io_timeout_ms=1500)
d=ft0
st=/sys/block/$(basename "$dev")/uringblk
for tv in io_error:EIO medium_error:ENODATA nospc:ENOSPC; do
	ub_rule $d r type=${tv%%:*} ops=write
	expect_eq "${tv%%:*} write" "$(io write "$dev" 0 4096)" "${tv#*:}"
	expect_eq "${tv%%:*} read" "$(io read "$dev" 0 4096)" OK
	ub_unrule $d r
done
expect_eq write_injected_errors "$(cat $st/write_injected_errors)" 3
expect_eq write_errors "$(cat $st/write_errors)" 0

ub_rule $d t type=timeout ops=read lba_start=8 lba_end=8
out=$("$UB_IO" read "$dev" 4096 4096)
expect_eq "timeout errno" "${out%% *}" ETIMEDOUT
[ "${out#* }" -ge 1400000 ] || fail "timed out after ${out#* } us, io_timeout_ms is 1500"
ub_unrule $d t

ub_rule $d dl type=delay delay_us=200000 ops=read
out=$("$UB_IO" read "$dev" 0 4096)
expect_eq "delay result" "${out%% *}" OK
[ "${out#* }" -ge 200000 ] || fail "delayed read took ${out#* } us, want >= 200000"
expect_eq read_injected_delays "$(cat $st/read_injected_delays)" 1
ub_unrule $d dl

# Torn write: 8 sectors asked, the first 3 land, the rest keep old data.
pattern write "$dev" 1M 4096 41
ub_rule $d torn type=torn_write torn_sectors=3
out=$(dd if=/dev/zero of="$dev" bs=4096 count=1 seek=256 oflag=direct 2>&1) &&
	fail "torn write succeeded"
[[ $out == *"Input/output error"* ]] || fail "torn write: $out"
ub_unrule $d torn
pattern zero "$dev" 1M 1536
pattern verify "$dev" $(((1 << 20) + 1536)) 2560 41

# Corrupt read: reads in the range see one flipped bit per logical block
# (the first byte's lowest bit), the device keeps the data intact.
pattern write "$dev" 2M 64K 42
ub_rule $d cr type=corrupt_read lba_start=$((2 * 2048 + 16)) lba_end=$((2 * 2048 + 23))
"$UB_PATTERN" verify "$dev" 2M 64K 42 2>/dev/null && fail "corrupted read passed verification"
dd if="$dev" of=/tmp/bad bs=64K skip=32 count=1 iflag=direct 2>/dev/null
hits=$(cat $UB_CFS/$d/faults/cr/hits)
ub_unrule $d cr
dd if="$dev" of=/tmp/good bs=64K skip=32 count=1 iflag=direct 2>/dev/null
pattern verify "$dev" 2M 64K 42
# cmp -l: 1-based offset, then both bytes in octal.
got=$({ cmp -l /tmp/bad /tmp/good || true; } | while read -r off a b; do
	[ $((8#$a ^ 8#$b)) = 1 ] && printf '%d ' "$off" || printf 'multibit@%d ' "$off"
done)
want=$(for k in 0 1 2 3 4 5 6 7; do printf '%d ' $((8192 + k * 512 + 1)); done)
expect_eq "corrupted bytes" "$got" "$want"
[ "$hits" -ge 2 ] || fail "corrupt_read rule has $hits hits, want >= 2"
[ "$(cat $st/read_injected_corruptions)" -ge 2 ] || fail "corruptions not counted"
expect_eq read_errors "$(cat $st/read_errors)" 0
