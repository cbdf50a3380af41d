#!/bin/bash
# Patterns at the edges of the device and of pages, for each block size
# and several queue counts, then a whole-device write and verify.
. "$(dirname "$0")/lib.sh"

cap=$((8 << 20))
for bs in 512:512 512:4096 1024:1024 2048:4096 4096:4096; do
	for q in 1 "$(nproc)"; do
		lbs=${bs%%:*}
		dev=$(ub_up it0 capacity=$cap physical_block_size=${bs#*:} logical_block_size=$lbs nr_hw_queues=$q)
		expect_eq "lbs" "$(blockdev --getss "$dev")" $lbs
		expect_eq "pbs" "$(blockdev --getpbsz "$dev")" ${bs#*:}
		pattern write "$dev" 0 $lbs 11
		pattern write "$dev" $((cap - lbs)) $lbs 12
		pattern write "$dev" $((8192 - lbs)) $((2 * lbs)) 13
		pattern write "$dev" $((1 << 20)) $((3 * 4096 + lbs)) 14
		pattern verify "$dev" 0 $lbs 11
		pattern verify "$dev" $((cap - lbs)) $lbs 12
		pattern verify "$dev" $((8192 - lbs)) $((2 * lbs)) 13
		pattern verify "$dev" $((1 << 20)) $((3 * 4096 + lbs)) 14
		pattern zero "$dev" $((2 << 20)) $((1 << 20))
		# Past the end: the block layer refuses it.
		dd if=/dev/zero of="$dev" bs=$lbs seek=$((cap / lbs)) count=1 oflag=direct conv=notrunc 2>/dev/null &&
			fail "write past the end succeeded"
		ub_down it0
	done
done

dev=$(ub_up it1 capacity=32M nr_hw_queues="$(nproc)")
fio --name=whole --filename="$dev" --rw=randwrite --bs=4k --direct=1 \
	--ioengine=io_uring --iodepth=16 --verify=crc32c --verify_fatal=1 \
	--do_verify=1 --size=32M --randrepeat=0 --output=/tmp/fio.out >/dev/null ||
	{ cat /tmp/fio.out; fail "fio verify failed"; }
