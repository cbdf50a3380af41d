#!/bin/bash
# LBA boundaries are exact (the blocks before and after the range
# succeed) for 512 and 4096-byte blocks, and ops filters by operation.
. "$(dirname "$0")/lib.sh"

for lbs in 512 4096; do
	dev=$(ub_up fl$lbs capacity=16M logical_block_size=$lbs physical_block_size=4096)
	d=fl$lbs
	ub_rule $d r lba_start=100 lba_end=109
	expect_eq "block 99" "$(io read "$dev" $((99 * lbs)) $lbs)" OK
	expect_eq "block 100" "$(io read "$dev" $((100 * lbs)) $lbs)" EIO
	expect_eq "block 109" "$(io read "$dev" $((109 * lbs)) $lbs)" EIO
	expect_eq "block 110" "$(io read "$dev" $((110 * lbs)) $lbs)" OK
	# A request overlapping the range by one block matches.
	expect_eq "98..100" "$(io read "$dev" $((98 * lbs)) $((3 * lbs)))" EIO
	expect_eq "hits" "$(cat $UB_CFS/$d/faults/r/hits)" 3
	ub_unrule $d r

	ub_rule $d w ops=write
	expect_eq "read with ops=write" "$(io read "$dev" 0 4096)" OK
	expect_eq "write with ops=write" "$(io write "$dev" 0 4096)" EIO
	ub_unrule $d w
	ub_rule $d dz ops=discard,write_zeroes
	expect_eq "write with ops=discard" "$(io write "$dev" 0 4096)" OK
	blkdiscard -o 0 -l 1M "$dev" 2>/dev/null && fail "discard passed an ops=discard rule"
	# BLKZEROOUT may fall back to writing zeros (6.1 does): the rule must
	# still have failed the write-zeroes request itself.
	wz=/sys/block/$(basename "$dev")/uringblk/write_zeroes_injected_errors
	before=$(cat $wz)
	blkdiscard -z -o 0 -l 1M "$dev" 2>/dev/null || true
	[ "$(cat $wz)" -gt "$before" ] || fail "write-zeroes request passed the rule"
	ub_unrule $d dz
	blkdiscard -o 0 -l 1M "$dev" || fail "discard failed with no rule"
	ub_down $d
done

# Flushes: only with a volatile cache, and only an ops=flush rule hits them.
dev=$(ub_up flf capacity=8M write_cache=1)
ub_rule flf f ops=flush
expect_eq "write with ops=flush" "$(io write "$dev" 0 4096)" OK
expect_eq "fsync with ops=flush" "$(io flush "$dev" 0 4096)" EIO
[ "$(cat /sys/block/$(basename "$dev")/uringblk/flush_injected_errors)" -ge 1 ] ||
	fail "flush_injected_errors not counted"
