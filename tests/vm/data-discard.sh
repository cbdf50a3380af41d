#!/bin/bash
# Discard and write-zeroes read back as zeros for exactly the range given,
# also inside a page, and free memory for whole pages.
. "$(dirname "$0")/lib.sh"

dev=$(ub_up dz0 capacity=16M)
pattern write "$dev" 0 16M 5
used=$(attr dz0 memory_used)
[ "$used" -ge $((16 << 20)) ] || fail "memory_used $used below 16M after a full write"
# Part of a page: sectors 1..2 of page 0.
blkdiscard -o 512 -l 1024 "$dev"
pattern verify "$dev" 0 512 5
pattern zero "$dev" 512 1024
pattern verify "$dev" 1536 $(((1 << 20) - 1536)) 5
# Across page edges with write-zeroes.
blkdiscard -z -o $((8192 - 512)) -l 5120 "$dev"
pattern verify "$dev" $((1 << 20)) 1M 5
pattern zero "$dev" $((8192 - 512)) 5120
pattern verify "$dev" $((8192 + 4608)) 512 5
# 8 MiB of whole pages frees 8 MiB.
blkdiscard -o $((8 << 20)) -l $((8 << 20)) "$dev"
pattern zero "$dev" 8M 8M
after=$(attr dz0 memory_used)
[ $((used - after)) -ge $((8 << 20)) ] || fail "discard of 8M freed only $((used - after)) bytes"
pattern verify "$dev" 2M 6M 5
