#!/bin/bash
# memory_used counts the memory backend's index nodes exactly, including
# those that grow and shrink the tree's height: after 1,000 cycles of
# "write page 0, write page 1, discard both" (with and without a far page
# kept, in both orders, and above the far page) memory_used is back at
# its baseline to the byte, and a page written afterwards costs what it
# costs on a fresh device.
. "$(dirname "$0")/lib.sh"

UB_CYCLE=$UB_TOP/tests/helpers/ub-cycle
far=$((512 << 20))
top=$(((1 << 40) - 4096))
n=$(scale 1000)

# cycle DEV OFFSET...: $n cycles, each writing then discarding the pages.
cycle() {
	local out
	out=$("$UB_CYCLE" "$@" 2>&1) || fail "ub-cycle $*: $out"
}

# The reference: what one index node and a lone far page cost.
ref=$(ub_up ref0 capacity=1T discard=1)
r0=$(attr ref0 memory_used)
pattern write "$ref" 4096 4096 1
node=$(($(attr ref0 memory_used) - r0 - 4096))
[ "$node" -gt 0 ] || fail "one page at index 1 added $node bytes of index"
pattern write "$ref" 4096 4096 1
blkdiscard -o 4096 -l 4096 "$ref" || fail "blkdiscard ref0"
expect_eq "ref0 memory_used after discard" "$(attr ref0 memory_used)" "$r0"
pattern write "$ref" $far 4096 2
# Index 2^17 hangs three levels down (shifts 12, 6 and 0).
expect_eq "a far page's cost" $(($(attr ref0 memory_used) - r0)) $((4096 + 3 * node))

dev=$(ub_up ex0 capacity=1T discard=1)
u0=$(attr ex0 memory_used)
expect_eq "baseline of an empty device" "$u0" "$r0"

# Page 0 sits in the xarray's head; page 1 grows the tree a level.
cycle "$dev" "$n" 0 4096
expect_eq "memory_used after $n cycles of pages 0,1 on an empty device" "$(attr ex0 memory_used)" "$u0"
pattern write "$dev" $far 4096 2
u1=$(attr ex0 memory_used)
expect_eq "a far page after $n cycles of pages 0,1 (a count below zero shows here)" \
	$((u1 - u0)) $((4096 + 3 * node))

cycle "$dev" "$n" 0 4096
expect_eq "memory_used after $n cycles of pages 0,1, far page kept" "$(attr ex0 memory_used)" "$u1"
cycle "$dev" "$n" 4096 0
expect_eq "memory_used after $n cycles of pages 1,0, far page kept" "$(attr ex0 memory_used)" "$u1"
# The last page of 1 TiB raises the tree two levels above the far page.
cycle "$dev" "$n" $top
expect_eq "memory_used after $n cycles above the far page" "$(attr ex0 memory_used)" "$u1"
pattern verify "$dev" $far 4096 2
pattern zero "$dev" 0 8192
blkdiscard -o $far -l 4096 "$dev" || fail "blkdiscard ex0"
expect_eq "memory_used with every page discarded" "$(attr ex0 memory_used)" "$u0"

# The other order on an empty device: page 1 makes a node, page 0 joins
# it, discarding page 1 shrinks the tree back to page 0 in the head.
dev=$(ub_up ex1 capacity=1T discard=1)
cycle "$dev" "$n" 4096 0
expect_eq "memory_used after $n cycles of pages 1,0 on an empty device" "$(attr ex1 memory_used)" "$r0"
