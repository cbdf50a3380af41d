#!/bin/bash
# Rules added, armed, disarmed and removed while fio runs: fio sees the
# errors while a rule is armed and none after; the kernel stays clean.
. "$(dirname "$0")/lib.sh"

dev=$(ub_up fv0 capacity=32M nr_hw_queues=2 poll_queues=1)
fio --name=load --filename="$dev" --rw=randrw --bs=4k --direct=1 --ioengine=io_uring \
	--iodepth=16 --numjobs=2 --size=32M --time_based --runtime=8 --continue_on_error=all \
	--output=/tmp/fl.out >/dev/null &
fpid=$!
for i in $(seq 6); do
	sleep 0.5
	ub_rule fv0 r$i probability_ppm=200000 type=$([ $((i % 2)) = 0 ] && echo delay || echo io_error) delay_us=100
	sleep 0.5
	ub_unrule fv0 r$i
done
wait $fpid
grep -q "err=" /tmp/fl.out || true
inj=$(cat /sys/block/$(basename "$dev")/uringblk/read_injected_errors)
[ "$inj" -gt 0 ] || fail "no injected read errors counted under load"
expect_eq read_errors "$(cat /sys/block/$(basename "$dev")/uringblk/read_errors)" 0
# No rule: clean I/O again.
fio --name=after --filename="$dev" --rw=randrw --bs=4k --direct=1 --ioengine=io_uring \
	--iodepth=8 --size=8M --verify=crc32c --do_verify=1 --verify_fatal=1 \
	--output=/tmp/fl2.out >/dev/null || { cat /tmp/fl2.out; fail "I/O failed after rules were removed"; }
