#!/bin/bash
# A live change that freezes the queue (capacity shrink, queue counts)
# first ends the requests a timeout rule holds, as if their timeout had
# fired (ETIMEDOUT), instead of waiting io_timeout_ms (here 10 minutes)
# for them behind dev->lock: before the fix the write to capacity hung in
# D state and every attribute read with it.
. "$(dirname "$0")/lib.sh"

dev=$(ub_up hc0 capacity=16M nr_hw_queues=1 io_timeout_ms=600000)

# held_change ATTR VALUE: hold one read, change ATTR, check both ends.
held_change() {
	local t0 ms got
	ub_rule hc0 hold type=timeout ops=read lba_start=0 lba_end=7 count=1
	"$UB_IO" read "$dev" 0 4096 >/tmp/held.out &
	local pid=$!
	# Wait until the rule has caught the read.
	for _ in $(seq 200); do
		[ "$(cat $UB_CFS/hc0/faults/hold/hits)" = 1 ] && break
		sleep 0.05
	done
	expect_eq "$1: rule hits before the change" "$(cat $UB_CFS/hc0/faults/hold/hits)" 1
	t0=$(date +%s%N)
	echo "$2" >"$UB_CFS/hc0/$1" || fail "write $2 to $1 failed"
	ms=$((($(date +%s%N) - t0) / 1000000))
	[ $ms -lt 10000 ] || fail "$1=$2 took $ms ms behind a held request"
	wait $pid || true
	got=$(cut -d' ' -f1 </tmp/held.out)
	expect_eq "$1: the held read" "$got" ETIMEDOUT
	expect_eq "$1 after the change" "$(attr hc0 "$1")" "$2"
	ub_unrule hc0 hold
	echo "NOTE: $1=$2 with a held request: $ms ms"
}

pattern write "$dev" 0 8M 7
held_change capacity $((8 << 20))
held_change nr_hw_queues 2
held_change poll_queues 1
# Rules hold requests again after a change.
ub_rule hc0 hold type=timeout ops=read lba_start=0 lba_end=7 count=1
echo 2 >$UB_CFS/hc0/io_timeout_ms 2>/dev/null && fail "io_timeout_ms changed while powered"
"$UB_IO" read "$dev" 0 4096 >/tmp/held.out &
pid=$!
sleep 1
kill -0 $pid 2>/dev/null || fail "a timeout rule no longer holds requests after the changes"
ub_unrule hc0 hold
echo 0 >$UB_CFS/hc0/power
wait $pid || true
expect_eq "held read at power off" "$(cut -d' ' -f1 </tmp/held.out)" EIO
echo 1 >$UB_CFS/hc0/power
ub_wait_node "$dev"
pattern verify "$dev" 0 8M 7
