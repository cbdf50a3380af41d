#!/bin/bash
# Requests nobody polls do not block a freeze (issue 23 item 11): a
# polling fio stopped with SIGSTOP leaves done requests on the poll
# list; a change of poll_queues (which freezes the queue) and power off
# end them at once instead of waiting io_timeout_ms (60 s here) for the
# timeout handler.  debugfs unpolled_ended counts the requests so ended.
# fio runs its job as a thread (--thread), so SIGSTOP stops the poller
# itself, not only fio's parent process.
. "$(dirname "$0")/lib.sh"

# stop_poller NAME DEV: start a polling fio (its job a thread of its
# own, so SIGSTOP stops the poller) and stop it with requests in flight.
# A 2 ms delay rule keeps each request in flight long enough that the
# stop lands inside io_uring's polling loop, which returns on the signal
# with requests still on their timers; they then land on the poll list.
stop_poller() {
	local i
	ub_rule "$1" dl type=delay delay_us=2000
	fio --name="$1" --filename="$2" --rw=randrw --bs=4k --direct=1 --ioengine=io_uring \
		--hipri --iodepth=16 --time_based --runtime=120 --thread \
		--output=/tmp/$1.out >/dev/null &
	fpid=$!
	sleep 1
	for i in 1 2 3 4 5 6 7 8 9 10; do
		# A child that exited stays a zombie, which kill accepts.
		[[ $(awk '{ print $3 }' /proc/$fpid/stat 2>/dev/null) =~ ^[RSDT]$ ]] ||
			{ cat /tmp/$1.out >&2; fail "fio exited early"; }
		kill -STOP $fpid
		sleep 0.3
		inflight=$(awk '{ print $1 + $2 }' /sys/block/${2#/dev/}/inflight)
		((inflight > 0)) && return 0
		kill -CONT $fpid
		sleep 0.2
	done
	kill -9 $fpid
	fail "no request in flight under the stopped fio after 10 tries"
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
