#!/bin/bash
# Requests nobody polls do not block a freeze (issue 23 item 11): a
# polling fio stopped with SIGSTOP leaves done requests on the poll
# list; a change of poll_queues (which freezes the queue) and power off
# end them at once instead of waiting io_timeout_ms (60 s here) for the
# timeout handler.  debugfs unpolled_ended counts the requests so ended.
# fio runs its job as a thread (--thread), so SIGSTOP stops the poller
# itself, not only fio's parent process.
. "$(dirname "$0")/lib.sh"

# stop_poller NAME DEV: start a polling fio with a delay rule on half of
# DEV's requests and stop it with requests in flight (lib.sh
# stop_in_flight).  Half, not all: 6.1's io_uring polls until it has an
# event before it looks at the signal, and requests delayed alike all
# complete together, so it stopped with none left in flight; with only
# some delayed (20 ms), the slow ones are still out when it stops.
stop_poller() {
	ub_rule "$1" dl type=delay delay_us=20000 probability_ppm=500000
	fio --name="$1" --filename="$2" --rw=randrw --bs=4k --direct=1 --ioengine=io_uring \
		--hipri --iodepth=16 --time_based --runtime=120 --thread \
		--output=/tmp/$1.out >/dev/null &
	fpid=$!
	sleep 1
	stop_in_flight $fpid "$2"
}

dev=$(ub_up ps capacity=16M poll_queues=1 io_timeout_ms=60000)
disk=${dev#/dev/}
stop_poller ps "$dev"
s=$(date +%s%N)
echo 2 >$UB_CFS/ps/poll_queues || fail "poll_queues change failed"
ms=$((($(date +%s%N) - s) / 1000000))
echo "NOTE: poll_queues change with $inflight requests unpolled: $ms ms"
kill -9 $fpid
kill -CONT $fpid
wait $fpid 2>/dev/null || true
((ms < 10000)) || fail "the poll_queues change waited $ms ms behind unpolled requests"
ended=$(</sys/kernel/debug/uringblk/$disk/unpolled_ended)
((ended >= inflight)) || fail "unpolled_ended $ended, want at least the $inflight requests in flight"

# Power off behind a stopped poller: same.
dev=$(ub_up ps2 capacity=16M poll_queues=1 io_timeout_ms=60000)
stop_poller ps2 "$dev"
s=$(date +%s%N)
echo 0 >$UB_CFS/ps2/power
ms=$((($(date +%s%N) - s) / 1000000))
kill -9 $fpid
kill -CONT $fpid
wait $fpid 2>/dev/null || true
echo "NOTE: power off behind a stopped poller: $ms ms"
((ms < 10000)) || fail "power off waited $ms ms behind unpolled requests"
ub_unrule ps dl
ub_down ps
ub_unrule ps2 dl
rmdir $UB_CFS/ps2
