#!/bin/bash
# Discard and write-zeroes of a file device on a block device (issue 23,
# item 9).  Both are fallocate() there, which a block device does with its
# write-zeroes: over null_blk (discard=1, no write-zeroes, 4096-byte
# blocks) under a 512-byte direct=0 device they are not advertised (or
# work), mkfs.ext4's discard makes no "operation not supported" error, and
# BLKZEROOUT of part of a backing block still zeroes exactly its range.
# Over a device that has write-zeroes (a 4096-byte uringblk memory device)
# both are advertised and a sub-block request is aligned: write-zeroes
# zero exactly the range asked (either form), a discard of less than a
# backing block succeeds and changes nothing else.
. "$(dirname "$0")/lib.sh"

nb=$(nullb_up ubnb size=64 blocksize=4096 memory_backed=1 discard=1)

# errors DISK: failed requests the block layer logged for DISK so far.
errors() {
	dmesg | grep -c "error, dev $1," || true
}

# zeroed DEV SEED START END: zeros in [START, END) of the first 64K, the
# pattern SEED around it.
zeroed() {
	[ "$3" = 0 ] || pattern verify "$1" 0 "$3" "$2"
	pattern zero "$1" "$3" $(($4 - $3))
	[ "$4" = 65536 ] || pattern verify "$1" "$4" $((65536 - $4)) "$2"
}

dev=$(ub_up bd0 backend=file path="$nb" capacity=0 direct=0)
disk=${dev#/dev/}
q=/sys/block/$disk/queue
err0=$(errors "$disk")
# Advertised, it must work: the ioctl hides EOPNOTSUPP, the log does not.
if [ "$(<$q/discard_max_bytes)" != 0 ]; then
	blkdiscard -o 0 -l 1M "$dev" || fail "discard advertised over null_blk, but blkdiscard failed"
	expect_eq "failed discards over null_blk" "$(errors "$disk")" "$err0"
fi
pattern write "$dev" 0 64K 31
blkdiscard -z -o 512 -l 1024 "$dev" || fail "BLKZEROOUT of 1024 bytes at 512 over null_blk"
zeroed "$dev" 31 512 1536
mkfs.ext4 -q -F "$dev" 32M || fail "mkfs.ext4 over null_blk"
expect_eq "failed requests over null_blk" "$(errors "$disk")" "$err0"
ub_down bd0

# A 4096-byte device with write-zeroes as the backing store.
base=$(ub_up bm0 capacity=16M logical_block_size=4096 discard=1 write_zeroes=1)
dev=$(ub_up bd1 backend=file path="$base" capacity=0 direct=0)
disk=${dev#/dev/}
q=/sys/block/$disk/queue
err0=$(errors "$disk")
[ "$(<$q/discard_max_bytes)" != 0 ] || fail "discard not advertised over a device with write-zeroes"
[ "$(<$q/write_zeroes_max_bytes)" != 0 ] || fail "write-zeroes not advertised over a device with them"
pattern write "$dev" 0 64K 32
blkdiscard -z -o 512 -l 1024 "$dev" || fail "BLKZEROOUT inside one backing block"
zeroed "$dev" 32 512 1536
pattern write "$dev" 0 64K 33
blkdiscard -z -o 3584 -l 8192 "$dev" || fail "BLKZEROOUT across backing blocks"
zeroed "$dev" 33 3584 11776
pattern write "$dev" 0 64K 34
fallocate -p -o 20992 -l 1536 "$dev" || fail "punch (write-zeroes, unmap) inside one backing block"
zeroed "$dev" 34 20992 22528
pattern write "$dev" 0 64K 35
blkdiscard -o 33280 -l 4608 "$dev" || fail "discard of less than a backing block"
pattern verify "$dev" 0 33280 35
pattern verify "$dev" 37888 $((65536 - 37888)) 35
blkdiscard -o 8192 -l 16384 "$dev" || fail "aligned discard"
pattern verify "$dev" 0 8192 35
pattern zero "$dev" 8192 16384
expect_eq "failed requests over a uringblk device" "$(errors "$disk")" "$err0"
ub_down bd1
ub_down bm0
