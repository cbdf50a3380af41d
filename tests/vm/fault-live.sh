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
# fio --continue_on_error counts what the armed rules failed.
grep -Eq "errors *: total=[1-9]" /tmp/fl.out || { cat /tmp/fl.out; fail "fio saw no errors while io_error rules were armed"; }
inj=$(cat /sys/block/$(basename "$dev")/uringblk/read_injected_errors)
[ "$inj" -gt 0 ] || fail "no injected read errors counted under load"
expect_eq read_errors "$(cat /sys/block/$(basename "$dev")/uringblk/read_errors)" 0
# No rule: clean I/O again.
fio --name=after --filename="$dev" --rw=randrw --bs=4k --direct=1 --ioengine=io_uring \
	--iodepth=8 --size=8M --verify=crc32c --do_verify=1 --verify_fatal=1 \
	--output=/tmp/fl2.out >/dev/null || { cat /tmp/fl2.out; fail "I/O failed after rules were removed"; }

# A write rule's type flipped between delay and corrupt_read while writes
# match it: a write must apply the type the rule had when it matched, never
# the new one (corrupt_read would flip bits in the writer's own pages).
# delay_in_match_us holds each matched write 20 ms between the match and
# the use of the type, outside RCU, so the flip lands inside that window
# even under TCG; ub-recheck compares its own buffer after each write
# (fio rebuilds its buffer and would not see a flipped bit there).
st=/sys/block/$(basename "$dev")/uringblk
knob=/sys/kernel/debug/uringblk/$(basename "$dev")/delay_in_match_us
mkdir $UB_CFS/fv0/faults/flip
echo write >$UB_CFS/fv0/faults/flip/ops
echo 500000 >$UB_CFS/fv0/faults/flip/probability_ppm
echo 50 >$UB_CFS/fv0/faults/flip/delay_us
echo delay >$UB_CFS/fv0/faults/flip/type
echo 1 >$UB_CFS/fv0/faults/flip/enable
delays0=$(cat $st/write_injected_delays)
corrupt0=$(cat $st/write_injected_corruptions)
echo 20000 >"$knob"
"$UB_TOP/tests/helpers/ub-recheck" "$dev" 6 4 >/tmp/fl3.out &
fpid=$!
flips=0
while kill -0 $fpid 2>/dev/null; do
	# Armed for a while each round, so writes match it and wait in the
	# window; disarmed with corrupt_read for longer than the window.
	sleep 0.1
	echo 0 >$UB_CFS/fv0/faults/flip/enable
	echo corrupt_read >$UB_CFS/fv0/faults/flip/type
	sleep 0.05
	echo delay >$UB_CFS/fv0/faults/flip/type
	echo 1 >$UB_CFS/fv0/faults/flip/enable
	flips=$((flips + 1))
done
wait $fpid || { cat /tmp/fl3.out; echo 0 >"$knob"; fail "a writer's buffer or block changed while the rule's type flipped"; }
echo 0 >"$knob"
expect_eq write_injected_corruptions "$(($(cat $st/write_injected_corruptions) - corrupt0))" 0
# (hits restart at each enable=1: count the delays it injected instead)
[ "$(cat $st/write_injected_delays)" -gt "$delays0" ] || fail "the flipping rule never matched"
[ "$flips" -ge 4 ] || fail "the rule's type flipped only $flips times"
echo "rule type flipped $flips times under rechecked writes ($(cat $st/write_injected_delays)" \
	"delays): $(grep -c intact /tmp/fl3.out) writers intact"
ub_unrule fv0 flip
