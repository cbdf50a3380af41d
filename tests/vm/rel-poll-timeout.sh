#!/bin/bash
# Every request on a poll queue ends exactly once, whoever ends it:
# - delay rules on a poll queue with io_timeout_ms shorter than the delay:
#   the timeout handler leaves such a request to its timer (before the fix
#   it also ended it, from a list it was never on: list_del corruption or
#   a double completion, then a crash);
# - requests done and waiting on the poll list when io_timeout_ms (1 ms)
#   expires end with their own status, so polled writes and reads succeed
#   and verify (before the fix they ended with ETIMEDOUT); debugfs
#   timeout_polled_ended shows the handler really met such requests.
. "$(dirname "$0")/lib.sh"

dev=$(ub_up pt0 capacity=16M poll_queues=1 io_timeout_ms=1000)
st=/sys/block/$(basename "$dev")/uringblk
# 16 requests held 2 s by the rule, the timeout fires at 1 s for each.
ub_rule pt0 dl type=delay delay_us=2000000 count=16
fio --name=pt --filename="$dev" --rw=randrw --bs=4k --direct=1 --ioengine=io_uring \
	--hipri --iodepth=8 --size=4M --verify=crc32c --verify_fatal=1 --do_verify=1 \
	--output=/tmp/pt.out >/dev/null || { cat /tmp/pt.out; fail "hipri fio under 2 s delays failed"; }
expect_eq "delay rule hits" "$(cat $UB_CFS/pt0/faults/dl/hits)" 16
delays=$(($(cat $st/read_injected_delays) + $(cat $st/write_injected_delays)))
expect_eq "injected delays counted" "$delays" 16
[ "$(cat $st/polled)" -gt 0 ] || fail "nothing was polled"
ub_unrule pt0 dl
ub_down pt0

dev=$(ub_up pt1 capacity=16M poll_queues=1 io_timeout_ms=1)
tpe=/sys/kernel/debug/uringblk/${dev#/dev/}/timeout_polled_ended
ub_rule pt1 dl2 type=delay delay_us=20000 probability_ppm=500000
t0=$(<"$tpe")
dmesg -c >/dev/null
# --thread: the job is fio's own thread, so SIGSTOP stops its poller.
# Time-based and verified as it goes (--verify_backlog); it runs until
# SIGINT.  Each try
# stops it for 1.5 s: requests it left in flight (a 20 ms delay rule on
# half of them keeps some out) end on the poll list and sit there past
# their 1 ms deadline while the timeout work runs.  Tries until debugfs
# shows the handler met such a request: how many stops it takes depends on
# where each stop lands (fio may have reaped everything just before).
fio --name=pt1 --filename="$dev" --rw=randwrite --bs=4k --direct=1 --ioengine=io_uring \
	--hipri --iodepth=16 --size=4M --time_based --runtime=120 --verify=crc32c \
	--verify_backlog=16 --verify_fatal=1 --thread --output=/tmp/pt1.out >/dev/null &
fpid=$!
sleep 1
for try in 1 2 3 4 5 6 7 8 9 10; do
	kill -STOP $fpid 2>/dev/null || { cat /tmp/pt1.out; fail "fio ended early"; }
	sleep 1.5
	kill -CONT $fpid
	(($(<"$tpe") > t0)) && break
	sleep 0.3
done
kill -INT $fpid
rc=0
wait $fpid || rc=$?
# 128: fio's exit status when a signal ended it (backend.c, sig_int()).
if [[ $rc != 128 && $rc != 0 ]] || ! grep -q "err= 0" /tmp/pt1.out; then
	cat /tmp/pt1.out
	fail "hipri fio with io_timeout_ms=1 failed (exit $rc)"
fi
st=/sys/block/$(basename "$dev")/uringblk
expect_eq "write errors" "$(cat $st/write_errors)" 0
expect_eq "read errors" "$(cat $st/read_errors)" 0
if dmesg | grep -q "timeout error, dev $(basename "$dev")"; then
	dmesg | grep "timeout error" | head -5
	fail "a polled request that had moved its data ended as a timeout"
fi
# The case is about the handler meeting done requests on the poll list:
# it must have happened (debugfs counts each one it ended).
t1=$(<"$tpe")
echo "NOTE: the timeout handler ended $((t1 - t0)) done polled requests ($try stops)"
((t1 > t0)) || fail "the timeout handler never met a done request on the poll list"
