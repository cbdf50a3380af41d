#!/bin/bash
# Thin provisioning: a 1 TiB device costs nothing until written;
# memory_used tracks data plus index (overhead under 1%); memory_limit
# turns "full" into ENOSPC, not OOM; shrink frees what lies past the end.
. "$(dirname "$0")/lib.sh"

dev=$(ub_up thin0 capacity=1T)
expect_eq size "$(blockdev --getsize64 "$dev")" $((1 << 40))
used0=$(attr thin0 memory_used)
[ "$used0" -lt 65536 ] || fail "empty 1T device uses $used0 bytes"
pattern write "$dev" 512G 16M 3
pattern write "$dev" $(((1 << 40) - (1 << 20))) 1M 4
used=$(attr thin0 memory_used)
data=$((17 << 20))
[ "$used" -ge $data ] || fail "memory_used $used < data $data"
[ $((used * 100)) -le $((data * 101)) ] || fail "memory_used $used over 1% above $data"
pattern verify "$dev" 512G 16M 3
pattern zero "$dev" 0 1M

# memory_limit: writes needing new pages past it fail with ENOSPC.
dev2=$(ub_up lim0 capacity=64M memory_limit=4M)
out=$(dd if=/dev/zero of="$dev2" bs=1M count=8 oflag=direct 2>&1) && fail "8M write under a 4M limit succeeded"
[[ $out == *"No space left on device"* ]] || fail "over-limit write: $out (want ENOSPC)"
u=$(attr lim0 memory_used)
[ "$u" -le $((4 << 20)) ] || fail "memory_used $u above memory_limit"
# Raised live, the write goes through.
echo 16M >$UB_CFS/lim0/memory_limit
pattern write "$dev2" 0 8M 9
pattern verify "$dev2" 0 8M 9

# Shrink while powered drops the data past the new end.
echo 32M >$UB_CFS/lim0/capacity
echo 64M >$UB_CFS/lim0/capacity
pattern zero "$dev2" 32M 32M
echo 4M >$UB_CFS/lim0/capacity
u=$(attr lim0 memory_used)
[ "$u" -le $(((4 << 20) + 65536)) ] || fail "memory_used $u after shrink to 4M"
pattern verify "$dev2" 0 4M 9
