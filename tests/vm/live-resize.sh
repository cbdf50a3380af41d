#!/bin/bash
# capacity changes while fio verifies the first part of the device: the
# disk follows (grow and shrink), no I/O error inside the kept range,
# and what fio wrote there verifies as it goes (--verify_backlog: a
# time-based mixed job never reaches a verify phase).
. "$(dirname "$0")/lib.sh"

dev=$(ub_up rs0 capacity=64M)
fio --name=load --filename="$dev" --rw=randrw --bs=4k --direct=1 --ioengine=io_uring \
	--iodepth=8 --size=16M --time_based --runtime=6 --verify=crc32c --verify_fatal=1 --verify_backlog=16 \
	--output=/tmp/rs.out >/dev/null &
fpid=$!
for c in 128M 32M 1G 20M 64M; do
	sleep 0.8
	echo $c >$UB_CFS/rs0/capacity || fail "resize to $c failed"
	want=$(numfmt --from=iec $c)
	expect_eq "size after $c" "$(blockdev --getsize64 "$dev")" "$want"
done
wait $fpid || { cat /tmp/rs.out; fail "fio failed during live resize"; }
