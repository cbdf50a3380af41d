#!/bin/bash
# Defaults of a new device and the lowest-free index rule.
. "$(dirname "$0")/lib.sh"

ub_mkdev def0
d=def0
expect_eq power "$(attr $d power)" 0
expect_eq disk "$(attr $d disk)" ""
expect_eq capacity "$(attr $d capacity)" $((1 << 30))
expect_eq logical_block_size "$(attr $d logical_block_size)" 512
expect_eq physical_block_size "$(attr $d physical_block_size)" 4096
expect_eq max_sectors "$(attr $d max_sectors)" 1024
expect_eq queue_depth "$(attr $d queue_depth)" 128
expect_eq nr_hw_queues "$(attr $d nr_hw_queues)" "$(nproc)"
expect_eq poll_queues "$(attr $d poll_queues)" 0
expect_eq discard "$(attr $d discard)" 1
expect_eq write_zeroes "$(attr $d write_zeroes)" 1
expect_eq write_cache "$(attr $d write_cache)" 0
expect_eq completion "$(attr $d completion)" inline
expect_eq memory_used_before_power "$(attr $d memory_used)" 0
expect_eq memory_limit "$(attr $d memory_limit)" 0
expect_eq stats "$(attr $d stats)" 1

# Indexes: lowest free at mkdir, reserved until rmdir.
i0=$(attr $d index)
ub_mkdev def1
i1=$(attr def1 index)
[ "$i1" -gt "$i0" ] || fail "second index $i1 not above $i0"
rmdir $UB_CFS/def0
ub_mkdev def2
expect_eq "reused index" "$(attr def2 index)" "$i0"

# No I/O scheduler by default, also with one queue (where blk-mq would
# pick mq-deadline); users may still choose one.
q1=$(ub_up sched1 nr_hw_queues=1 capacity=8M)
s=/sys/block/${q1#/dev/}/queue/scheduler
expect_eq "one-queue scheduler" "$(grep -o '\[[a-z-]*\]' $s)" "[none]"
if grep -qw mq-deadline $s; then	# where the kernel has it
	echo mq-deadline >$s || fail "cannot choose mq-deadline"
	expect_eq "chosen scheduler" "$(grep -o '\[[a-z-]*\]' $s)" "[mq-deadline]"
fi
