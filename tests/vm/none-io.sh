#!/bin/bash
# backend=none (issue 25, item 1): no data is stored (a read after a write
# does not return it, memory_used stays 0, memory_limit takes only 0),
# while everything in front of the backend works: exact statistics, a
# fault rule's EIO, the three completion modes and a poll queue under fio,
# a live resize, power off and rmdir under I/O, a change to memory.
. "$(dirname "$0")/lib.sh"

ub_mkdev n0 backend=none capacity=64M
expect_write "$UB_CFS/n0/memory_limit" 1M EINVAL
dev=$(ub_up n0)
st=/sys/block/${dev#/dev/}/uringblk
w0=$(<"$st/write_ios")
r0=$(<"$st/read_ios")
# ub-pattern moves 1 MiB a call; the block layer splits it at max_sectors.
per=$(((1024 + $(<"/sys/block/${dev#/dev/}/queue/max_sectors_kb") - 1) / $(<"/sys/block/${dev#/dev/}/queue/max_sectors_kb")))
pattern write-nosync "$dev" 0 8M 81
# Nothing was stored: the pattern does not come back.
"$UB_PATTERN" verify "$dev" 0 1M 81 2>/dev/null && fail "backend=none returned the data written"
expect_eq "write_ios moved by" $(($(<"$st/write_ios") - w0)) $((8 * per))
expect_eq "read_ios moved by" $(($(<"$st/read_ios") - r0)) "$per"
expect_eq memory_used "$(attr n0 memory_used)" 0

# A fault rule works as on any backend: reads of the first MiB fail.
ub_rule n0 e ops=read lba_start=0 lba_end=2047
expect_eq "read under the rule" "$(io read "$dev" 0 4096)" EIO
expect_eq "read outside it" "$(io read "$dev" $((4 << 20)) 4096)" OK
expect_eq "rule hits" "$(cat "$UB_CFS/n0/faults/e/hits")" 1
ub_unrule n0 e
ub_down n0

# Completion modes and a poll queue: fio runs clean, counts add up.
for mode in inline softirq timer; do
	dev=$(ub_up "n$mode" backend=none capacity=64M completion=$mode nr_hw_queues=2 poll_queues=1)
	st=/sys/block/${dev#/dev/}/uringblk
	n0=$(($(<"$st/read_ios") + $(<"$st/write_ios")))
	fio --name=a --filename="$dev" --rw=randrw --bs=4k --direct=1 --ioengine=io_uring \
		--iodepth=16 --size=16M --io_size=8M --output=/tmp/none.out >/dev/null ||
		{ cat /tmp/none.out; fail "fio on backend=none completion=$mode"; }
	fio --name=p --filename="$dev" --rw=randread --bs=4k --direct=1 --ioengine=io_uring \
		--hipri --iodepth=8 --size=16M --io_size=4M --output=/tmp/none.out >/dev/null ||
		{ cat /tmp/none.out; fail "polled fio on backend=none completion=$mode"; }
	[ "$(<"$st/polled")" -gt 0 ] || fail "completion=$mode: nothing was polled"
	# 8M of 4k random I/O then 4M of polled reads: 3072 requests.
	expect_eq "completion=$mode: requests" \
		$(($(<"$st/read_ios") + $(<"$st/write_ios") - n0)) 3072
	expect_eq "completion=$mode: memory_used" "$(attr "n$mode" memory_used)" 0
	ub_down "n$mode"
done

# Live resize, then power off and rmdir under I/O.
dev=$(ub_up n1 backend=none capacity=64M)
# --allow_file_create=0: once the node is gone, fio must not make a
# regular file of that name in /dev (no later disk would get its node).
fio --name=l --filename="$dev" --rw=randrw --bs=4k --direct=1 --ioengine=io_uring \
	--iodepth=16 --size=32M --time_based --runtime=30 --allow_file_create=0 \
	--output=/dev/null >/dev/null 2>&1 &
fpid=$!
sleep 1
echo 128M >"$UB_CFS/n1/capacity" || fail "live grow of a none device"
expect_eq "size after the grow" "$(blockdev --getsize64 "$dev")" $((128 << 20))
t0=$(date +%s%N)
echo 0 >"$UB_CFS/n1/power" || fail "power 0 under I/O"
rmdir "$UB_CFS/n1" || fail "rmdir under I/O"
ms=$((($(date +%s%N) - t0) / 1000000))
wait $fpid || true		# its device went away under it
echo "NOTE: power 0 and rmdir under fio: $ms ms"
((ms < 5000)) || fail "power 0 and rmdir under I/O took $ms ms"

# A none device turned into a memory one starts empty and keeps data.
ub_mkdev n2 backend=none capacity=16M
dev=$(ub_up n2)
pattern write "$dev" 0 1M 82
echo 0 >"$UB_CFS/n2/power"
echo memory >"$UB_CFS/n2/backend"
dev=$(ub_up n2)
pattern zero "$dev" 0 1M
pattern write "$dev" 0 1M 83
pattern verify "$dev" 0 1M 83
ub_down n2
