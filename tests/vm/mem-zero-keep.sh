#!/bin/bash
# Which operations free memory, and what memory_used counts:
# - write-zeroes with REQ_NOUNMAP (fallocate --zero-range, BLKZEROOUT)
#   zeroes in place and keeps the pages (before the fix memory_used fell
#   from 8 MiB to 40 bytes and a later write could hit ENOSPC);
# - discard and write-zeroes without NOUNMAP (punch hole) free them;
# - sparse writes (one page per 64-page index chunk) count the index
#   nodes they really need, so memory_limit holds for them (before the
#   fix memory_used assumed dense pages: 14% under the real figure);
# - random writes past memory_limit fail with ENOSPC, and memory_used then
#   equals the pages that read back written plus the index nodes those
#   pages need, both counted by the test, not taken from the driver;
# - discard/write-zeroes limits are whole logical blocks.
. "$(dirname "$0")/lib.sh"

dev=$(ub_up zk0 capacity=64M memory_limit=9M)
pattern write "$dev" 0 8M 3
used=$(attr zk0 memory_used)
[ "$used" -ge $((8 << 20)) ] || fail "memory_used $used after 8M written"
fallocate --zero-range -o 0 -l 8M "$dev"
pattern zero "$dev" 0 8M
expect_eq "memory_used after zero-range (NOUNMAP)" "$(attr zk0 memory_used)" "$used"
blkdiscard -z -o 0 -l 4M "$dev"
expect_eq "memory_used after BLKZEROOUT (NOUNMAP)" "$(attr zk0 memory_used)" "$used"
# The pages are still there: rewriting them needs no new memory.
pattern write "$dev" 0 8M 4
expect_eq "memory_used after rewriting kept pages" "$(attr zk0 memory_used)" "$used"
fallocate --punch-hole --keep-size -o 0 -l 4M "$dev"
pattern zero "$dev" 0 4M
pattern verify "$dev" 4M 4M 4
after=$(attr zk0 memory_used)
[ $((used - after)) -ge $((4 << 20)) ] || fail "punch hole freed only $((used - after)) bytes"
blkdiscard -o 4M -l 4M "$dev"
after=$(attr zk0 memory_used)
[ "$after" -lt 65536 ] || fail "memory_used $after after discarding everything"
ub_down zk0

# Sparse: one 4k page every 256 KiB (a new index leaf each) costs a page
# plus a node; the limit counts both.
dev=$(ub_up zk1 capacity=1G)
n=$(scale 256)
fio --name=sparse --filename="$dev" --rw=write:252k --bs=4k --direct=1 --ioengine=psync \
	--number_ios="$n" --size=1G --output=/tmp/sparse.out >/dev/null ||
	{ cat /tmp/sparse.out; fail "sparse writes failed"; }
used=$(attr zk1 memory_used)
# Each page needs its own index node (576 bytes on x86_64); the count
# misses the few nodes that grow the tree (measured 569 a page for 64
# pages), and counting as if dense gave under 10 bytes a page.
[ "$used" -ge $((n * (4096 + 128))) ] ||
	fail "memory_used $used for $n sparse pages, want >= $((n * (4096 + 128))) (a page and an index node each)"
[ "$used" -le $((n * (4096 + 1024) + 65536)) ] ||
	fail "memory_used $used for $n sparse pages: more than the pages and their nodes"
echo "NOTE: $n sparse pages: memory_used $used ($((used / n)) per page)"
ub_down zk1

# memory_limit over sparse random writes: writes stop at the limit with
# ENOSPC, and memory_used is what the pages really written need, counted
# here without the driver: the distinct pages in fio's write log that read
# back non-zero, and the xarray nodes (576 bytes each on x86_64, 64 slots
# a node) an index holding exactly those pages has.
dev=$(ub_up zk2 capacity=1G memory_limit=2M)
base=$(attr zk2 memory_used)
[ "$base" -lt 65536 ] || fail "memory_used $base on an empty device"
rc=0
fio --name=rnd --filename="$dev" --rw=randwrite --bs=4k --direct=1 --ioengine=psync \
	--size=1G --number_ios=2000 --continue_on_error=all --write_iolog=/tmp/rnd.log \
	--output=/tmp/rnd.out >/dev/null 2>/tmp/rnd.err || rc=$?
grep -Eq 'first_error=28|err=28|No space left on device' /tmp/rnd.out /tmp/rnd.err ||
	{ cat /tmp/rnd.out /tmp/rnd.err; fail "fio (exit $rc) saw no ENOSPC writing past memory_limit"; }
grep -E 'errors|err=' /tmp/rnd.out | sed 's/^ */NOTE: fio: /'
read -r logged pages nodes < <(python3 - "$dev" /tmp/rnd.log <<'EOF'
import mmap, os, sys
dev, log = sys.argv[1], sys.argv[2]
logged = set()
for line in open(log):
    f = line.split()  # version 3: "usec file write offset length"
    if "write" in f[1:3]:
        i = f.index("write")
        off, ln = int(f[i + 1]), int(f[i + 2])
        logged.update(range(off // 4096, (off + ln + 4095) // 4096))
fd = os.open(dev, os.O_RDONLY | os.O_DIRECT)
buf = mmap.mmap(-1, 4096)
zero = bytes(4096)
pages = []
for p in sorted(logged):
    os.preadv(fd, [buf], p * 4096)
    if buf[:] != zero:
        pages.append(p)
# An xarray never shrinks on stores: its height is what the highest index
# needs, one node per distinct index >> 6*level; a lone page 0 lives in
# the head.
nodes = 0
if pages and pages != [0]:
    height = 1
    while max(pages) >> (6 * height):
        height += 1
    nodes = sum(len({p >> (6 * l) for p in pages}) for l in range(1, height + 1))
print(len(logged), len(pages), nodes)
EOF
)
used=$(attr zk2 memory_used)
echo "NOTE: $logged pages in fio's write log, $pages written, $nodes index nodes; memory_used $used, $base when empty"
[ "$pages" -lt "$logged" ] || fail "every one of the $logged logged pages was written: the limit never refused one"
expect_eq "memory_used over $pages pages and $nodes nodes" "$used" $((base + pages * 4096 + nodes * 576))
[ "$used" -le $((2 << 20)) ] || fail "memory_used $used above the 2M limit"
[ "$used" -ge $((2 * (1 << 20) * 90 / 100)) ] || fail "memory_used $used: writes stopped far below the limit"
ub_down zk2

dev=$(ub_up zk3 capacity=64M logical_block_size=4096 physical_block_size=4096)
q=/sys/block/$(basename "$dev")/queue
for f in discard_max_hw_bytes write_zeroes_max_bytes; do
	v=$(cat $q/$f)
	[ "$v" -gt 0 ] && [ $((v % 4096)) = 0 ] || fail "$f = $v: not whole 4096-byte blocks"
done
