#!/bin/bash
# Eight devices with different configurations at once, each holding only
# its own data.
. "$(dirname "$0")/lib.sh"

cfgs=(
	"capacity=16M"
	"capacity=32M logical_block_size=4096"
	"capacity=8M nr_hw_queues=1 queue_depth=1"
	"capacity=24M poll_queues=1"
	"capacity=16M completion=softirq"
	"capacity=16M completion=timer completion_nsec=20000"
	"capacity=12M write_cache=1 physical_block_size=512"
	"capacity=16M discard=0 write_zeroes=0 max_sectors=8"
)
devs=()
for i in "${!cfgs[@]}"; do
	# shellcheck disable=SC2086
	devs[i]=$(ub_up md$i ${cfgs[i]})
done
for i in "${!devs[@]}"; do
	pattern write "${devs[i]}" 0 4M $((100 + i)) &
done
wait
for i in "${!devs[@]}"; do
	pattern verify "${devs[i]}" 0 4M $((100 + i))
	pattern zero "${devs[i]}" 4M 4M
done
expect_eq "wc md6" "$(cat /sys/block/$(basename "${devs[6]}")/queue/write_cache)" "write back"
expect_eq "wc md0" "$(cat /sys/block/$(basename "${devs[0]}")/queue/write_cache)" "write through"
expect_eq "discard md7" "$(cat /sys/block/$(basename "${devs[7]}")/queue/discard_max_bytes)" 0
expect_eq "max_sectors md7" "$(cat /sys/block/$(basename "${devs[7]}")/queue/max_hw_sectors_kb)" 4
blkdiscard "${devs[7]}" 2>/dev/null && fail "discard on discard=0 device succeeded"
blkdiscard "${devs[0]}" || fail "discard failed"
pattern zero "${devs[0]}" 0 16M
for i in 1 2 3 4 5 6 7; do
	pattern verify "${devs[i]}" 0 4M $((100 + i))
done
