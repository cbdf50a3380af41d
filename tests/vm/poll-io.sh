#!/bin/bash
# Polled I/O (io_uring IOPOLL, fio --hipri) works with poll queues, also
# when they were added live, and is refused without them.
. "$(dirname "$0")/lib.sh"

run_hipri() {
	fio --name=poll --filename="$1" --rw=randrw --bs=4k --direct=1 --ioengine=io_uring \
		--hipri --iodepth=8 --size=8M --verify=crc32c --verify_fatal=1 --do_verify=1 \
		--output=/tmp/poll.out >/dev/null
}
dev=$(ub_up po0 capacity=16M poll_queues=1)
run_hipri "$dev" || { cat /tmp/poll.out; fail "hipri fio failed with poll_queues=1"; }
polled=/sys/block/$(basename "$dev")/uringblk/polled
[ "$(cat $polled)" -gt 0 ] || fail "no polled completions counted with --hipri"
echo 0 >$UB_CFS/po0/poll_queues
before=$(cat $polled)
# Without poll queues 6.12 refuses polled I/O (EOPNOTSUPP) and 6.1 quietly
# turns it into interrupt-driven I/O: either way nothing is polled.
if run_hipri "$dev"; then
	expect_eq "polled completions without poll queues" "$(cat $polled)" "$before"
else
	grep -q "Operation not supported" /tmp/poll.out ||
		{ cat /tmp/poll.out; fail "hipri without poll queues failed, but not with EOPNOTSUPP"; }
fi
echo 2 >$UB_CFS/po0/poll_queues
run_hipri "$dev" || { cat /tmp/poll.out; fail "hipri fio failed after adding poll queues live"; }
[ "$(cat $polled)" -gt "$before" ] || fail "no polled completions after adding poll queues live"
