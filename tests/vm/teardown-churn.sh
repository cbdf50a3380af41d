#!/bin/bash
# Create, power, write, power off and destroy many times; nothing leaks
# (index reused, no leftover disks).
. "$(dirname "$0")/lib.sh"

for i in $(seq "${TEST_CHURN:-$(scale 60)}"); do
	dev=$(ub_up ch$((i % 3)) capacity=4M nr_hw_queues=$(((i % $(nproc)) + 1)) poll_queues=$((i % 2)))
	pattern write "$dev" $(((i % 4) << 20)) 64K $i
	pattern verify "$dev" $(((i % 4) << 20)) 64K $i
	ub_down ch$((i % 3))
done
left=$(ls /sys/block | grep -c '^uringblk' || true)
expect_eq "disks left" "$left" 0
