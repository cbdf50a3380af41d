#!/bin/bash
# A zero delay arms no timer: with completion=model and `fixed 0`, every
# request ends as with completion=inline (the cost bullet of the latency
# models: a zero model costs what inline does; make bench weighs it).
# Counted, not timed: the timer:hrtimer_start tracepoint names the
# callback, and N reads of a `fixed 0` device start no ub_timer_fn while N
# reads of a `fixed 1us` device start N of them (so the counter does see
# the driver's timers).  The data read back is what was written, on an
# interrupt queue and on a poll queue (the polled counter grows by N).
. "$(dirname "$0")/lib.sh"

tr=/sys/kernel/tracing
[ -d "$tr/events" ] || mount -t tracefs nodev "$tr" || fail "mount tracefs"
[ -d "$tr/events/timer/hrtimer_start" ] || fail "no timer:hrtimer_start tracepoint"

# timers DEV [HIPRI]: reads the device once through, checking the pattern
# written below; prints how many ub_timer_fn starts the trace saw.
timers() {
	echo 0 >"$tr/tracing_on"
	echo >"$tr/trace"
	echo 1 >"$tr/events/timer/hrtimer_start/enable"
	echo 1 >"$tr/tracing_on"
	fio --name=z --filename="$1" --rw=read --bs=4k --direct=1 --ioengine=io_uring \
		--iodepth=1 --size="$size" ${2:+--hipri} --verify=crc32c --verify_only \
		>/dev/null || fail "read and verify on $1"
	echo 0 >"$tr/tracing_on"
	echo 0 >"$tr/events/timer/hrtimer_start/enable"
	grep -c "function=ub_timer_fn" "$tr/trace"
}

n=$(scale 256) size=$(($(scale 256) * 4))k
for q in 0 1; do
	z=$(ub_up "mz$q" capacity=4M completion=model poll_queues=$q)
	ctl_rc 0 latency-model "mz$q" fixed 0
	fio --name=w --filename="$z" --rw=write --bs=4k --direct=1 --size="$size" \
		--verify=crc32c --do_verify=0 >/dev/null || fail "write on a fixed 0 device"
	hipri=
	[ "$q" = 1 ] && hipri=1
	polled=/sys/block/${z#/dev/}/uringblk/polled
	before=$(<"$polled")
	expect_eq "timers started by $n reads, fixed 0, poll_queues=$q" "$(timers "$z" $hipri)" 0
	if [ "$q" = 1 ]; then
		after=$(<"$polled")
		[ $((after - before)) -ge "$n" ] ||
			fail "fixed 0 on a poll queue: polled grew by $((after - before)), want at least $n"
	fi
	ctl_rc 0 latency-model "mz$q" fixed 1us
	expect_eq "timers started by $n reads, fixed 1us, poll_queues=$q" "$(timers "$z" $hipri)" "$n"
done
