#!/bin/bash
# power 0 and rmdir while fio holds the device open with I/O in flight:
# fio sees errors, the kernel stays clean, memory goes with rmdir.
. "$(dirname "$0")/lib.sh"

for how in power rmdir; do
	dev=$(ub_up rl0 capacity=64M)
	# allow_file_create=0: a fio that starts late must not make a
	# regular file /dev/uringblkN (it did on the slow debug kernel, and
	# the next device's node could not appear).
	fio --name=load --filename="$dev" --allow_file_create=0 --rw=randrw --bs=4k --direct=1 --ioengine=io_uring \
		--iodepth=32 --numjobs=2 --size=64M --time_based --runtime=30 \
		--output=/tmp/rl.out >/dev/null 2>&1 &
	fpid=$!
	# Tear down only with I/O in flight: wait for fio's first requests.
	st=/sys/block/${dev#/dev/}/stat
	for i in $(seq 300); do
		[ "$(awk '{ print $1 + $5 }' $st)" -gt 64 ] && break
		sleep 0.1
	done
	[ "$(awk '{ print $1 + $5 }' $st)" -gt 64 ] || fail "fio did no I/O in 30 s"
	[ "$how" = power ] && echo 0 >$UB_CFS/rl0/power
	ub_down rl0
	for i in $(seq 50); do
		kill -0 $fpid 2>/dev/null || break
		sleep 0.2
	done
	kill -0 $fpid 2>/dev/null && { kill -9 $fpid; fail "fio still running 10 s after $how"; }
	wait $fpid && fail "fio saw no error after $how under load"
	[ -e "$dev" ] && fail "$dev still exists"
done
true
