#!/bin/bash
# Every writable attribute: bad input is EINVAL and leaves the value as it
# was; good input in every accepted form is taken.
. "$(dirname "$0")/lib.sh"

ub_mkdev bad0
p=$UB_CFS/bad0
garbage=(" " "-1" "+1" "0x10" "010" "1.5" "1 " " 1" $'1\n\n' $'\n1' $'1\t' "abc" "1a"
	"18446744073709551616" "99999999999999999999999")
# The debug kernel takes seconds per write: a representative third there.
[ "$UB_DEBUG" = 1 ] && garbage=("+1" "0x10" $'1\n\n' "1a" "18446744073709551616")
for a in capacity logical_block_size physical_block_size max_sectors queue_depth \
	nr_hw_queues poll_queues completion_nsec memory_limit discard write_zeroes \
	write_cache stats power index; do
	before=$(cat $p/$a)
	for g in "${garbage[@]}"; do
		expect_write $p/$a "$g" EINVAL
	done
	expect_eq "$a after bad input" "$(cat $p/$a)" "$before"
done

# Ranges.
expect_write $p/logical_block_size 256 EINVAL
expect_write $p/logical_block_size 8192 EINVAL
expect_write $p/logical_block_size 1000 EINVAL
expect_write $p/physical_block_size 3000 EINVAL
expect_write $p/physical_block_size 256 EINVAL
expect_write $p/max_sectors 7 EINVAL
expect_write $p/max_sectors 65536 EINVAL
expect_write $p/max_sectors 8 OK
expect_write $p/max_sectors 65535 OK
expect_write $p/queue_depth 0 EINVAL
expect_write $p/queue_depth 4097 EINVAL
expect_write $p/queue_depth 4096 OK
expect_write $p/nr_hw_queues 0 EINVAL
expect_write $p/nr_hw_queues $(($(nproc) + 1)) EINVAL
expect_write $p/poll_queues $(($(nproc) + 1)) EINVAL
expect_write $p/poll_queues "$(nproc)" OK
expect_write $p/index 1048576 EINVAL
expect_write $p/completion fast EINVAL
expect_write $p/completion "inline " EINVAL
for b in discard write_zeroes write_cache stats; do
	expect_write $p/$b 2 EINVAL
	expect_write $p/$b yes EINVAL
	expect_write $p/$b on EINVAL
	expect_write $p/$b "0
" OK
	expect_eq $b "$(cat $p/$b)" 0
	expect_write $p/$b 1 OK
done
for c in softirq timer inline; do
	expect_write $p/completion "$c
" OK
	expect_eq completion "$(cat $p/completion)" $c
done

# Size suffixes, either case, powers of 1024.
for s in 4k:4096 4K:4096 2m:2097152 1G:1073741824 1t:1099511627776 512:512; do
	expect_write $p/capacity "${s%%:*}" OK
	expect_eq "capacity ${s%%:*}" "$(cat $p/capacity)" "${s#*:}"
done
expect_write $p/capacity 4P EINVAL
expect_write $p/capacity 4KB EINVAL
expect_write $p/capacity 16777216T EINVAL
expect_write $p/capacity 0 EINVAL
expect_write $p/capacity 511 EINVAL
expect_write $p/capacity 1000 EINVAL

# Cross rules, against the current values.
expect_write $p/capacity 1G OK
expect_write $p/physical_block_size 512 OK
expect_write $p/logical_block_size 1024 EINVAL
expect_write $p/physical_block_size 4096 OK
expect_write $p/logical_block_size 4096 OK
expect_write $p/capacity 6144 EINVAL
expect_write $p/physical_block_size 2048 EINVAL
expect_write $p/capacity 8192 OK
expect_eq capacity "$(cat $p/capacity)" 8192
expect_write $p/capacity 12K OK
expect_write $p/logical_block_size 512 OK
expect_write $p/capacity 1536 OK

# Read-only files.
expect_write $p/disk x EACCES
expect_write $p/memory_used 1 EACCES
