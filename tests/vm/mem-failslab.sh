#!/bin/bash
# Allocation failures (the debug kernel's fail-nth): the N-th allocation
# of mkdir, power on, live resize and queue changes fails, for every N up
# to 32 and then in growing steps until the operation makes no more
# allocations.  Each must fail cleanly
# with an errno, keep the old state and leak nothing (kmemleak runs after
# the suite); afterwards the device works.  Writes needing new pages fail
# with an I/O error under fail_page_alloc, never an OOM or a splat.
. "$(dirname "$0")/lib.sh"

[ -e /proc/self/fail-nth ] || skip "needs CONFIG_FAULT_INJECTION (the debug kernel)"
dbg=/sys/kernel/debug
for f in failslab fail_page_alloc; do
	echo N >$dbg/$f/ignore-gfp-wait
	echo 0 >$dbg/$f/verbose
done
echo 0 >$dbg/fail_page_alloc/min-order
# Kept powered through the test, so the "bio-96" slab cache behind every
# disk's bioset already exists: creating it under fail-nth runs into a
# 6.12 SLUB error path that leaks the cache's kobject name (sysfs_slab_add
# does not kobject_put after a failed kobject_init_and_add), a kernel bug
# that kmemleak would otherwise pin on this test.
ub_up fshold capacity=8M >/dev/null

# fail_each LABEL FILE VALUE: run the write (FILE --mkdir: the mkdir of
# VALUE) with fail-nth N until it goes through with fail-nth unused; every
# failure must be an errno.  N runs 1..32 one by one (the driver's own
# allocations come first: backend, stats, tag set with its per-queue
# maps), then grows by a third each step through the block core's
# hundreds of sysfs and kobject allocations behind device_add_disk (one by
# one, power on alone took over 400 rounds of 1.5 s here).
# $KEPT: a shell test that holds after a failed write (the old state
# kept), checked before $UNDO puts things back.  At least one round must
# fail with an errno: otherwise nothing was injected where it counts.
fail_each() {
	local label=$1 file=$2 val=$3 n=1 out errs=0
	while [ $n -le 100000 ]; do
		out=$(UB_FAIL_NTH=$n "$UB_WRITE" "$file" "$val" || true)
		case $out in
		"OK unused")
			echo "$label: failures injected up to allocation $((n - 1)), $errs refused"
			((errs > 0)) || fail "$label: no allocation failure ever reached the caller"
			return 0
			;;
		OK) ;;	# the failure was absorbed (a retry or a fallback)
		ENOMEM | EIO | EINVAL | ENOSPC | EBUSY | ENODEV)
			errs=$((errs + 1))
			eval "$KEPT" || fail "$label: fail-nth $n gave $out but changed the state"
			;;
		*) fail "$label: fail-nth $n gave '$out'" ;;
		esac
		# Whatever happened, put the state back for the next round.
		eval "$UNDO" || fail "$label: undo after fail-nth $n failed"
		if [ $n -lt 32 ]; then n=$((n + 1)); else n=$((n + n / 3)); fi
	done
	fail "$label: still failing at allocation $n"
}

UNDO='[ ! -d $UB_CFS/fs0 ] || rmdir $UB_CFS/fs0'
KEPT='[ ! -d $UB_CFS/fs0 ]'
fail_each "mkdir" --mkdir $UB_CFS/fs0

echo 64M >$UB_CFS/fs0/capacity
UNDO='echo 0 >$UB_CFS/fs0/power'
KEPT='[ "$(<$UB_CFS/fs0/power)" = 0 ] && [ -z "$(<$UB_CFS/fs0/disk)" ]'
fail_each "power on" $UB_CFS/fs0/power 1
dev=/dev/$(cat $UB_CFS/fs0/disk)
ub_wait_node "$dev"
pattern write "$dev" 0 1M 61

UNDO='echo 64M >$UB_CFS/fs0/capacity'
KEPT='[ "$(<$UB_CFS/fs0/capacity)" = 67108864 ] && [ "$(blockdev --getsize64 $dev)" = 67108864 ]'
fail_each "resize" $UB_CFS/fs0/capacity 128M
echo 1 >$UB_CFS/fs0/nr_hw_queues
UNDO='echo 1 >$UB_CFS/fs0/nr_hw_queues; echo 0 >$UB_CFS/fs0/poll_queues'
KEPT='[ "$(<$UB_CFS/fs0/nr_hw_queues)" = 1 ] && [ "$(<$UB_CFS/fs0/poll_queues)" = 0 ]'
fail_each "nr_hw_queues" $UB_CFS/fs0/nr_hw_queues "$(nproc)"
# Its last round went through: nr_hw_queues is nproc now.
UNDO='echo 0 >$UB_CFS/fs0/poll_queues'
KEPT='[ "$(<$UB_CFS/fs0/nr_hw_queues)" = "$(nproc)" ] && [ "$(<$UB_CFS/fs0/poll_queues)" = 0 ]'
fail_each "poll_queues" $UB_CFS/fs0/poll_queues 1
pattern verify "$dev" 0 1M 61

# Writes to new pages with page allocation failing for this task only.
p=$dbg/fail_page_alloc
echo 1 >$p/task-filter
echo 100 >$p/probability
echo -1 >$p/times
used=$(cat $UB_CFS/fs0/memory_used)
out=$(UB_MAKE_IT_FAIL=1 "$UB_IO" write "$dev" $((8 << 20)) 4096 | cut -d' ' -f1)
echo 0 >$p/probability
# The queue is BLOCKING and issues from the writer's own task, so the
# driver's page allocation is the one that fails: EIO (BLK_STS_IOERR; a
# BLK_STS_RESOURCE completion would reach user space as ENOMEM), and no
# page is kept.
expect_eq "write with page allocation failing" "$out" EIO
expect_eq "memory_used after the failed write" "$(cat $UB_CFS/fs0/memory_used)" "$used"
pattern write "$dev" 8M 1M 62
pattern verify "$dev" 8M 1M 62
pattern verify "$dev" 0 1M 61
