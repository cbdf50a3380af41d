#!/bin/bash
# blocking (issue 25, item 2), null_blk's knob: 1 (the default) sets
# BLK_MQ_F_BLOCKING, 0 does not (blk-mq's debugfs shows the hctx flags);
# the file backend and zoned devices need 1 (EINVAL from whichever write
# would break the rule, the old values kept); not live (EBUSY).  With 0
# the memory backend allocates without sleeping and finishes a request
# whose allocation failed from a work item: debugfs fail_nowait makes
# every such allocation fail, and nowait_punts counts exactly one punt per
# write that needed a page, none for an overwrite; the data is right
# either way, and power off and rmdir under punted writes are prompt.
. "$(dirname "$0")/lib.sh"

hflags() {
	cat /sys/kernel/debug/block/"${1#/dev/}"/hctx0/flags
}

ub_mkdev b0
C=$UB_CFS/b0
expect_eq "default" "$(attr b0 blocking)" 1
expect_write $C/zoned 1 OK
expect_write $C/blocking 0 EINVAL
expect_write $C/zoned 0 OK
expect_write $C/backend file OK
expect_write $C/blocking 0 EINVAL
expect_write $C/backend memory OK
expect_write $C/blocking 0 OK
expect_write $C/zoned 1 EINVAL
expect_write $C/backend file EINVAL
expect_eq "zoned kept" "$(attr b0 zoned)" 0
expect_eq "backend kept" "$(attr b0 backend)" memory
expect_write $C/capacity 64M OK
dev=$(ub_up b0)
expect_write $C/blocking 1 EBUSY
[[ $(hflags "$dev") == *BLOCKING* ]] && fail "blocking=0 but the queue is BLOCKING: $(hflags "$dev")"
st=/sys/block/${dev#/dev/}/uringblk
dbg=/sys/kernel/debug/uringblk/${dev#/dev/}
# No allocation fails: nothing is punted.
pattern write "$dev" 0 4M 101
pattern verify "$dev" 0 4M 101
expect_eq "punts with memory to spare" "$(<$dbg/nowait_punts)" 0
# Every GFP_NOWAIT allocation fails: one punt per write to new pages.
echo 1 >$dbg/fail_nowait
w0=$(<$st/write_ios)
pattern write "$dev" 8M 4M 102
expect_eq "punts: one per write that needed pages" "$(<$dbg/nowait_punts)" $(($(<$st/write_ios) - w0))
pattern verify "$dev" 8M 4M 102
p0=$(<$dbg/nowait_punts)
pattern write "$dev" 8M 4M 103			# the pages exist
expect_eq "punts of an overwrite" "$(<$dbg/nowait_punts)" "$p0"
pattern verify "$dev" 8M 4M 103
# Discards always go to the work item (they may reschedule).
d0=$(<$st/discard_ios)
blkdiscard -o 8M -l 4M "$dev" || fail "blkdiscard"
expect_eq "punts of discards" $(($(<$dbg/nowait_punts) - p0)) $(($(<$st/discard_ios) - d0))
pattern zero "$dev" 8M 4M
# fio across fresh pages, every write punted, verified as it goes.
fio --name=b --filename="$dev" --rw=randrw --bs=4k --bsrange=4k-64k --direct=1 \
	--ioengine=io_uring --iodepth=16 --offset=16M --size=32M --io_size=16M \
	--verify=crc32c --verify_backlog=32 --verify_fatal=1 --output=/tmp/b.out >/dev/null ||
	{ cat /tmp/b.out; fail "fio with every allocation punted"; }
echo "NOTE: $(<$dbg/nowait_punts) requests finished from the work item"
# Power off and rmdir under punted writes.
fio --name=t --filename="$dev" --rw=randwrite --bs=4k --direct=1 --ioengine=io_uring \
	--iodepth=32 --time_based --runtime=30 --allow_file_create=0 \
	--output=/dev/null >/dev/null 2>&1 &
fpid=$!
sleep 1
t0=$(date +%s%N)
echo 0 >$C/power || fail "power 0 under punted writes"
rmdir $C || fail "rmdir under punted writes"
ms=$((($(date +%s%N) - t0) / 1000000))
wait $fpid || true
echo "NOTE: power 0 and rmdir under punted writes: $ms ms"
((ms < 5000)) || fail "power 0 and rmdir took $ms ms"

# blocking=1 sets the flag; none works with either.
dev=$(ub_up b1 capacity=16M)
[[ $(hflags "$dev") == *BLOCKING* ]] || fail "blocking=1 but the queue is not BLOCKING: $(hflags "$dev")"
ub_down b1
dev=$(ub_up b2 backend=none blocking=0 capacity=16M completion=softirq)
fio --name=n --filename="$dev" --rw=randrw --bs=4k --direct=1 --ioengine=io_uring \
	--iodepth=16 --size=16M --io_size=8M --output=/tmp/b.out >/dev/null ||
	{ cat /tmp/b.out; fail "fio on backend=none blocking=0"; }
ub_down b2
