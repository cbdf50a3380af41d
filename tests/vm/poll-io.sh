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
echo 0 >$UB_CFS/po0/poll_queues
run_hipri "$dev" && fail "hipri fio succeeded without poll queues"
grep -q "Operation not supported" /tmp/poll.out || { cat /tmp/poll.out; fail "hipri without poll queues: want EOPNOTSUPP"; }
echo 2 >$UB_CFS/po0/poll_queues
run_hipri "$dev" || { cat /tmp/poll.out; fail "hipri fio failed after adding poll queues live"; }
