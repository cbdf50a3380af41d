#!/bin/bash
# While powered: offline attributes give EBUSY and keep their value; live
# ones are taken.  Index conflicts are EBUSY, powered or not.
. "$(dirname "$0")/lib.sh"

ub_mkdev busy1
ub_mkdev busy0
i1=$(attr busy1 index)
expect_write $UB_CFS/busy0/index "$i1" EBUSY
ub_up busy0 >/dev/null
p=$UB_CFS/busy0
for kv in logical_block_size=4096 physical_block_size=512 max_sectors=8 queue_depth=4 \
	discard=0 write_zeroes=0 write_cache=1 completion=timer completion_nsec=5 index=777; do
	a=${kv%%=*}
	before=$(cat $p/$a)
	expect_write $p/$a "${kv#*=}" EBUSY
	expect_eq "$a after EBUSY" "$(cat $p/$a)" "$before"
done
# Writing the current value of power is a no-op.
expect_write $p/power 1 OK
expect_eq power "$(cat $p/power)" 1
# Live attributes are taken.
expect_write $p/capacity 2G OK
expect_write $p/nr_hw_queues 1 OK
expect_write $p/poll_queues 1 OK
expect_write $p/memory_limit 1G OK
echo 0 >$p/power
expect_write $p/power 0 OK
# A free index is taken while off; busy1's is not, even powered off.
expect_write $p/index "$i1" EBUSY
expect_write $p/index 4242 OK
echo 1 >$p/power
expect_eq disk "$(cat $p/disk)" uringblk4242
ub_wait_node /dev/uringblk4242
