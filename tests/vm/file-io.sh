#!/bin/bash
# File backend data paths: fio verify at 512 and 4096-byte blocks, direct
# 0 and 1, with write_cache 0 and 1; discard punches holes (stat %b drops);
# errors of a truncated backing file are EIO, never a splat.
. "$(dirname "$0")/lib.sh"

dir=$(ub_backing_dir)
size=$(scale 16)M
i=0
for lbs in 512 4096; do
	for direct in 1 0; do
		i=$((i + 1))
		truncate -s 32M "$dir/f$i.img"
		dev=$(ub_up fio$i backend=file path="$dir/f$i.img" capacity=0 \
			logical_block_size=$lbs direct=$direct write_cache=$((i % 2)))
		fio --name=v --filename="$dev" --direct=1 --ioengine=io_uring --rw=randwrite \
			--bs=$lbs --bsrange=$lbs-64k --iodepth=16 --size="$size" --verify=crc32c \
			--verify_fatal=1 --output=/dev/null || fail "fio verify lbs=$lbs direct=$direct"
		ub_down fio$i
	done
done

truncate -s 32M "$dir/d.img"
dev=$(ub_up disc backend=file path="$dir/d.img" capacity=0)
pattern write "$dev" 0 16M 5
sync
before=$(stat -c %b "$dir/d.img")
blkdiscard -o 0 -l 8M "$dev" || fail "blkdiscard"
after=$(stat -c %b "$dir/d.img")
[ "$after" -lt "$before" ] || fail "discard freed nothing: $before -> $after blocks"
pattern zero "$dev" 0 8M
pattern verify "$dev" 8M 8M 5
ub_down disc

truncate -s 32M "$dir/t.img"
dev=$(ub_up trunc backend=file path="$dir/t.img" capacity=0)
st=/sys/block/${dev#/dev/}/uringblk
pattern write "$dev" 0 32M 6
re0=$(<"$st/read_errors")
# Reads all over the device for 3 s; the file loses its last 28M under
# them at 0.5 s: fio must still be running then, and must see EIO after.
fio --name=t --filename="$dev" --direct=1 --ioengine=io_uring --rw=randread --bs=4k \
	--iodepth=8 --size=32M --time_based --runtime=3 --continue_on_error=all \
	--output=/tmp/trunc.out >/dev/null 2>&1 &
fpid=$!
sleep 0.5
truncate -s 4M "$dir/t.img"
kill -0 $fpid 2>/dev/null || fail "fio ended before the truncation: it tested nothing"
wait $fpid || true		# exit status 5 on EIO; the output says what
grep -q "Input/output error" /tmp/trunc.out || { cat /tmp/trunc.out; fail "fio saw no EIO after the truncation"; }
re1=$(<"$st/read_errors")
((re1 > re0)) || fail "read_errors did not move ($re0 -> $re1)"
echo "NOTE: $((re1 - re0)) reads past the truncated end failed with EIO"
dd if="$dev" of=/dev/null bs=4k skip=2048 count=1 iflag=direct 2>/dev/null &&
	fail "a read past the truncated end succeeded"
pattern verify "$dev" 0 4M 6
ub_down trunc
