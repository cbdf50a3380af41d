#!/bin/bash
# nr_hw_queues and poll_queues change while fio runs, poll queues from 0
# to N and back; the hardware queue directories follow.  --verify_backlog:
# fio skips the verify phase of a time-based mixed job, so without it
# nothing was ever verified (a job passed while its data was zeroed).
. "$(dirname "$0")/lib.sh"

n=$(nproc)
dev=$(ub_up lq0 capacity=64M nr_hw_queues=1)
disk=$(basename "$dev")
fio --name=load --filename="$dev" --rw=randrw --bs=4k --direct=1 --ioengine=io_uring \
	--iodepth=16 --size=32M --time_based --runtime=8 --verify=crc32c --verify_fatal=1 --verify_backlog=16 \
	--output=/tmp/lq.out >/dev/null &
fpid=$!
for qp in "$n 0" "1 1" "$n $n" "1 0" "2 1" "$n 0"; do
	set -- $qp
	sleep 0.6
	echo "$1" >$UB_CFS/lq0/nr_hw_queues || fail "nr_hw_queues=$1 failed"
	echo "$2" >$UB_CFS/lq0/poll_queues || fail "poll_queues=$2 failed"
	got=$(ls -d /sys/block/$disk/mq/*/ | wc -l)
	expect_eq "hw queues for $qp" "$got" $(($1 + $2))
done
wait $fpid || { cat /tmp/lq.out; fail "fio failed during queue changes"; }
