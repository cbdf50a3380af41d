#!/bin/bash
# NUMA placement (the guest has two nodes; node 1 is a quarter of RAM):
# home_node=1 puts every data page on node 1 (memory_used_by_node moves by
# exactly the bytes written, and node 1's own meminfo agrees); home_node=-1
# puts them on the writer's node; nodes that do not exist are refused; a
# home node that fills up falls back to the other, counted in
# numa_fallback (sysfs and GET_STATS).
. "$(dirname "$0")/lib.sh"

[ -d /sys/devices/system/node/node1 ] ||
	skip "the guest has one NUMA node (scripts/check.sh boots two: a broken setup)"
node_free_kb() { # node -> MemFree in KiB
	local a b c d v
	while read -r a b c d v; do
		[ "$c" = MemFree: ] && { echo "$d"; return; }
	done </sys/devices/system/node/node$1/meminfo
}
by_node() { # device node -> bytes on that node
	local kv
	for kv in $(attr "$1" memory_used_by_node); do
		[ "${kv%%:*}" = "$2" ] && { echo "${kv#*:}"; return; }
	done
	echo missing
}

mkdir $UB_CFS/nm0
expect_eq "home_node default" "$(attr nm0 home_node)" -1
for bad in 2 99 -2 -01 x 1x " 1"; do
	expect_write $UB_CFS/nm0/home_node "$bad" EINVAL
done
expect_eq "home_node after bad writes" "$(attr nm0 home_node)" -1
grep -qw home_node $UB_CFS/features || fail "features lacks home_node"
grep -qw memory_used_by_node $UB_CFS/features || fail "features lacks memory_used_by_node"
expect_write $UB_CFS/nm0/home_node 1 OK
expect_eq home_node "$(attr nm0 home_node)" 1
echo 64M >$UB_CFS/nm0/capacity
dev=$(ub_up nm0)
expect_write $UB_CFS/nm0/home_node 0 EBUSY
free0=$(node_free_kb 1)
pattern write "$dev" 0 32M 11
expect_eq "node 1 bytes" "$(by_node nm0 1)" $((32 << 20))
expect_eq "node 0 bytes" "$(by_node nm0 0)" 0
used_kb=$((free0 - $(node_free_kb 1)))
# The node's own MemFree agrees only loosely: pages already on per-CPU
# free lists are not in it, and the rest of the guest allocates and frees
# on node 1 meanwhile (measured for 32 MiB: 31.6 MiB on 6.12, 27.5-30 MiB
# on 6.1, 19.7 MiB on 7.3).  The exact figure is memory_used_by_node's,
# checked above; this only confirms the pages are node 1's at all.
[ $used_kb -ge $((8 * 1024)) ] || fail "node 1 MemFree fell by only $used_kb KiB for 32 MiB"
echo "NOTE: home_node=1: 32 MiB written, node 1 MemFree -$used_kb KiB"
pattern verify "$dev" 0 32M 11
ub_down nm0

# -1: the writer's node.  fio pinned to CPU 0 (node 0).
dev=$(ub_up nm1 capacity=64M)
taskset -c 0 fio --name=n0 --filename="$dev" --rw=write --bs=64k --direct=1 --ioengine=psync \
	--size=16M --output=/tmp/n0.out >/dev/null || { cat /tmp/n0.out; fail "fio on CPU 0"; }
expect_eq "home_node=-1, writer on node 0: node 0 bytes" "$(by_node nm1 0)" $((16 << 20))
expect_eq "home_node=-1, writer on node 0: node 1 bytes" "$(by_node nm1 1)" 0
ub_down nm1

# A home node too small for the device: the rest falls back, counted.
n1_mb=$(($(node_free_kb 1) / 1024))
size_mb=$((n1_mb + 96))
dev=$(ub_up nm2 capacity=${size_mb}M home_node=1)
st=/sys/block/$(basename "$dev")/uringblk
fio --name=fill --filename="$dev" --rw=write --bs=1M --direct=1 --ioengine=psync \
	--size=${size_mb}M --output=/tmp/fill.out >/dev/null || { cat /tmp/fill.out; fail "fill"; }
fb=$(cat $st/numa_fallback)
on0=$(by_node nm2 0)
on1=$(by_node nm2 1)
[ "$fb" -gt 0 ] || fail "no numa_fallback after filling ${size_mb} MiB with ${n1_mb} MiB free on node 1"
expect_eq "fallback pages = bytes on node 0 / 4096" "$fb" $((on0 / 4096))
expect_eq "bytes on both nodes" $((on0 + on1)) $((size_mb << 20))
"$UB_CTL" stats "$dev" --json >/tmp/nstats.json || fail "uringblkctl stats"
python3 - "$fb" <<'PY' || fail "GET_STATS numa_fallback differs from sysfs"
import json, sys
s = json.load(open("/tmp/nstats.json"))
assert s["numa_fallback"] == int(sys.argv[1]), s.get("numa_fallback")
PY
echo "NOTE: home_node=1, ${size_mb} MiB filled: node 1 $((on1 >> 20)) MiB, node 0 $((on0 >> 20)) MiB, numa_fallback $fb"
ub_down nm2
