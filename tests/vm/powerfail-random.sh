#!/bin/bash
# powerfail_policy=random: every 512-byte block not flushed reads, after
# the power failure, as its old or its new contents (nothing else), the
# record (debugfs and POWERFAIL_RECORD through `uringblkctl powerfail
# --record`) says which, block for block; the same seed replays the same
# bytes, another seed does not; keep_pct 0 and 100 are drop and keep.
# The cache's counters move by the exact amounts: dirty bytes, flushes,
# power failures, kept and dropped blocks; `stats --json` agrees with
# sysfs.  volatile_cache_size makes the oldest pages durable first.
. "$(dirname "$0")/lib.sh"

D=$UB_CFS/pf1
ub_mkdev pf1 capacity=16M write_cache=1 volatile_cache=1 logical_block_size=512 \
	powerfail_policy=random powerfail_seed=7
expect_eq "keep_pct default" "$(attr pf1 powerfail_keep_pct)" 50
expect_write $D/powerfail_keep_pct 101 EINVAL
expect_write $D/powerfail_seed 4294967296 EINVAL
expect_write $D/powerfail_policy randomly EINVAL
dev=$(ub_up pf1)
disk=${dev#/dev/}
sys=/sys/block/$disk/uringblk
dbg=/sys/kernel/debug/uringblk/$disk
expect_write $D/volatile_cache_size 1M EBUSY
expect_eq "record before any power failure" "$(head -1 $dbg/powerfail_record)" "id 0"

OFF=1048576 LEN=262144 BLOCKS=512
dd if=/dev/urandom of=/tmp/pf.old bs=64K count=4 status=none
dd if=/dev/urandom of=/tmp/pf.new bs=64K count=4 status=none

# run_cut OUT: old contents flushed, new ones not, cut, power 0/1, the
# region read back into OUT.
run_cut() {
	local fl pf
	dd if=/tmp/pf.old of="$dev" bs=64K seek=16 count=4 oflag=direct conv=fsync status=none
	expect_eq "dirty after a flush" "$(<$sys/cache_dirty_bytes)" 0
	fl=$(<$sys/cache_flushes)
	dd if=/tmp/pf.new of="$dev" bs=64K seek=16 count=4 oflag=direct status=none
	expect_eq "dirty after 256K unflushed" "$(<$sys/cache_dirty_bytes)" $LEN
	expect_eq "shadow bytes" "$(<$sys/cache_shadow_bytes)" $LEN
	expect_eq "flushes without a flush" "$(<$sys/cache_flushes)" "$fl"
	expect_eq "a flush" "$(io flush "$dev" 0 0)" OK
	expect_eq "flushes after one" "$(<$sys/cache_flushes)" $((fl + 1))
	expect_eq "dirty after the flush" "$(<$sys/cache_dirty_bytes)" 0
	pf=$(<$sys/powerfails)
	# The flush made it durable: the old contents again, then the new unflushed.
	dd if=/tmp/pf.old of="$dev" bs=64K seek=16 count=4 oflag=direct conv=fsync status=none
	dd if=/tmp/pf.new of="$dev" bs=64K seek=16 count=4 oflag=direct status=none
	ctl_rc 0 powerfail pf1
	expect_eq "power failures" "$(<$sys/powerfails)" $((pf + 1))
	expect_eq "read after the admin cut" "$(io read "$dev" 0 4096)" EIO
	echo 0 >$D/power
	echo 1 >$D/power
	ub_wait_node "$dev"
	dd if="$dev" of="$1" bs=64K skip=16 count=4 iflag=direct status=none
}

# check OUT: each block old or new, as the record says; prints the kept count.
check() {
	/usr/bin/python3 - "$1" $dbg/powerfail_record $OFF $BLOCKS <<'EOF'
import sys
out, rec, off, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
got, old, new = (open(p, 'rb').read() for p in (out, '/tmp/pf.old', '/tmp/pf.new'))
lines = open(rec).read().split('\n')
head = dict(zip(*[iter(lines[0].split())] * 2))
fate = {}
for l in lines[1:]:
    if not l:
        continue
    what, s, nr = l.split()
    for x in range(int(s), int(s) + int(nr)):
        fate[x] = what
kept = 0
for b in range(n):
    blk, sec = got[b*512:(b+1)*512], off // 512 + b
    want = fate.get(sec)
    if blk == new[b*512:(b+1)*512]:
        is_ = 'kept'
    elif blk == old[b*512:(b+1)*512]:
        is_ = 'dropped'
    else:
        sys.exit(f"block {sec}: neither old nor new contents")
    if is_ != want:
        sys.exit(f"block {sec}: reads {is_}, the record says {want}")
    kept += is_ == 'kept'
if len(fate) != n:
    sys.exit(f"record names {len(fate)} blocks, {n} changed")
if int(head['kept_blocks']) != kept or int(head['dropped_blocks']) != n - kept:
    sys.exit(f"record header {lines[0]!r}, counted kept {kept}")
print(kept)
EOF
}

run_cut /tmp/pf.a
kept=$(check /tmp/pf.a) || fail "random, seed 7: $kept"
# 512 draws at 50%: 30%..70% is more than 9 standard deviations wide.
[ "$kept" -ge 154 ] && [ "$kept" -le 358 ] || fail "seed 7 kept $kept of 512 blocks"
expect_eq "sysfs kept" "$(<$sys/powerfail_kept_blocks)" "$kept"
expect_eq "sysfs dropped" "$(<$sys/powerfail_dropped_blocks)" $((BLOCKS - kept))
read -r _ id _ policy _ seed _ <$dbg/powerfail_record
expect_eq "record policy" "$policy" random
expect_eq "record seed" "$seed" 7

# POWERFAIL_RECORD through the tool: the same runs as debugfs.
ctl_rc 0 --json powerfail pf1 --record
/usr/bin/python3 - $dbg/powerfail_record "$id" <<'EOF' || fail "powerfail --record differs from debugfs"
import json, sys
j = json.load(open('/tmp/ctl.out'))
lines = [l.split() for l in open(sys.argv[1]).read().split('\n')[1:] if l]
runs = [[('kept' if r['kept'] else 'dropped'), str(r['sector']), str(r['nr_sectors'])] for r in j['runs']]
assert j['id'] == int(sys.argv[2]) and j['policy'] == 'random' and j['seed'] == 7, j
assert runs == lines, (runs[:3], lines[:3])
EOF
# stats --json has the sysfs counters under the same names.
ctl_rc 0 --json stats pf1
for f in cache_dirty_bytes cache_shadow_bytes cache_flushes cache_writeback_bytes \
	powerfails powerfail_kept_blocks powerfail_dropped_blocks; do
	expect_eq "stats $f" "$(/usr/bin/python3 -c "import json; print(json.load(open('/tmp/ctl.out'))['cache']['$f'])")" \
		"$(<$sys/$f)"
done

# The same seed replays the same bytes; another seed does not.
run_cut /tmp/pf.b
cmp -s /tmp/pf.a /tmp/pf.b || fail "seed 7 did not replay the same bytes"
echo 8 >$D/powerfail_seed
run_cut /tmp/pf.c
check /tmp/pf.c >/dev/null || fail "random, seed 8"
cmp -s /tmp/pf.a /tmp/pf.c && fail "seeds 7 and 8 gave the same bytes"

# keep_pct 0 is drop, 100 is keep.
echo 0 >$D/powerfail_keep_pct
run_cut /tmp/pf.d
cmp -s /tmp/pf.d /tmp/pf.old || fail "keep_pct 0: not the flushed contents"
expect_eq "keep_pct 0 record" "$(sed -n 2p $dbg/powerfail_record)" "dropped $((OFF / 512)) $BLOCKS"
echo 100 >$D/powerfail_keep_pct
run_cut /tmp/pf.e
cmp -s /tmp/pf.e /tmp/pf.new || fail "keep_pct 100: not the newest contents"

# volatile_cache_size: 64K of 256K stay volatile, the oldest 192K are
# written back (durable) as the newer pages come.
echo 0 >$D/power
echo 64K >$D/volatile_cache_size
echo drop >$D/powerfail_policy
echo 1 >$D/power
ub_wait_node "$dev"
dd if=/tmp/pf.old of="$dev" bs=64K seek=16 count=4 oflag=direct conv=fsync status=none
wb=$(<$sys/cache_writeback_bytes)
dd if=/tmp/pf.new of="$dev" bs=4K seek=256 count=64 oflag=direct status=none
expect_eq "dirty at the size" "$(<$sys/cache_dirty_bytes)" 65536
expect_eq "written back" "$(<$sys/cache_writeback_bytes)" $((wb + 196608))
ctl_rc 0 powerfail pf1
echo 0 >$D/power
echo 1 >$D/power
ub_wait_node "$dev"
cmp -n 196608 /tmp/pf.new <(dd if="$dev" bs=64K skip=16 count=3 iflag=direct status=none) ||
	fail "the written-back oldest 192K were lost"
cmp -n 65536 <(dd if=/tmp/pf.old bs=64K skip=3 count=1 status=none) \
	<(dd if="$dev" bs=64K skip=19 count=1 iflag=direct status=none) ||
	fail "the newest 64K were not dropped"

# The admin command on a device without a volatile cache: EINVAL.
echo 0 >$D/power
echo 0 >$D/volatile_cache
dev=$(ub_up pf1)
ctl_rc 1 powerfail pf1
expect_grep "powerfail without a cache" /tmp/ctl.err "Invalid argument"
exit 0
