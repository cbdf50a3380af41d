#!/bin/bash
# volatile_cache: what a power failure keeps.  Not flushed: gone after
# drop, there after keep; flushed or FUA: there after every policy; a
# write still in flight when a FLUSH reached the driver (a delay rule
# holds it) is not made durable by it; from the cut every request fails
# with EIO and nothing hangs; power 0/1 brings the device back; a clean
# power 0 makes everything durable.  The rules: write_cache=1, memory.
. "$(dirname "$0")/lib.sh"

D=$UB_CFS/pf0
# The rules between settings, checked at power on.
ub_mkdev pf0 capacity=16M volatile_cache=1
expect_write $D/power 1 EINVAL
expect_eq last_error "$(attr pf0 last_error)" "EINVAL: volatile_cache=1 needs write_cache=1"
echo 1 >$D/write_cache
echo none >$D/backend
expect_write $D/power 1 EINVAL
expect_eq last_error "$(attr pf0 last_error)" "EINVAL: volatile_cache=1 needs the memory backend"
echo memory >$D/backend
expect_write $D/powerfail_policy bogus EINVAL
expect_eq "policy default" "$(attr pf0 powerfail_policy)" drop
dev=$(ub_up pf0)

# powercut POLICY: power failure, I/O fails with EIO, then power 0/1.
powercut() {
	echo "$1" >$D/powerfail_policy
	echo 1 >$D/powerfail
	expect_eq "powerfail reads" "$(attr pf0 powerfail)" 1
	expect_eq "read after the cut" "$(io read "$dev" 0 4096)" EIO
	expect_eq "write after the cut" "$(io write "$dev" 0 4096)" EIO
	expect_eq "flush after the cut" "$(io flush "$dev" 0 0)" EIO
	echo 0 >$D/power
	echo 1 >$D/power
	ub_wait_node "$dev"
	expect_eq "powerfail after power on" "$(attr pf0 powerfail)" 0
}

# drop: the flushed write stays, the unflushed one is gone.
pattern write "$dev" 0 1M 1
pattern write-nosync "$dev" 0 64K 2
pattern write-nosync "$dev" 2M 64K 3
powercut drop
pattern verify "$dev" 0 1M 1
pattern zero "$dev" 2M 64K

# keep: the newest contents, flushed or not.
pattern write-nosync "$dev" 0 64K 4
powercut keep
pattern verify "$dev" 0 64K 4

# FUA (O_DSYNC on a disk that takes FUA) survives without a flush.
pattern write "$dev" 4M 64K 5
dd if=/dev/urandom of=/tmp/pf.fua bs=4096 count=4 status=none
dd if=/tmp/pf.fua of="$dev" bs=4096 seek=1024 count=4 oflag=direct,dsync status=none
powercut drop
cmp -n 16384 /tmp/pf.fua <(dd if="$dev" bs=4096 skip=1024 count=4 iflag=direct status=none) ||
	fail "FUA write lost after drop"

# A write the FLUSH found in flight is not made durable by it.
pattern write "$dev" 8M 4K 6
ub_rule pf0 slow type=delay ops=write delay_us=1500000 lba_start=16384 lba_end=16391
pattern write-nosync "$dev" 8M 4K 7 &
sleep 0.5
expect_eq "flush while the write is held" "$(io flush "$dev" 0 0)" OK
wait $! || fail "the held write failed"
ub_unrule pf0 slow
powercut drop
pattern verify "$dev" 8M 4K 6

# The same for a page never written before (durable as a hole: only
# marked fresh, no shadow): the FLUSH leaves it not durable.
ub_rule pf0 slow2 type=delay ops=write delay_us=1500000 lba_start=18432 lba_end=18439
pattern write-nosync "$dev" 9M 4K 9 &
sleep 0.5
expect_eq "flush while the fresh write is held" "$(io flush "$dev" 0 0)" OK
wait $! || fail "the held write to a fresh page failed"
ub_unrule pf0 slow2
expect_eq "dirty: the held fresh page" "$(<"/sys/block/${dev#/dev/}/uringblk/cache_dirty_bytes")" 4096
powercut drop
pattern zero "$dev" 9M 4K

# Requests in flight at the cut end with EIO, nothing hangs.
ub_rule pf0 hold type=delay ops=read delay_us=3000000
"$UB_IO" read "$dev" 0 4096 >/tmp/pf.held &
sleep 0.5
echo 1 >$D/powerfail
wait $! || true
ub_unrule pf0 hold
expect_eq "read in flight at the cut" "$(cut -d' ' -f1 </tmp/pf.held)" EIO
echo 0 >$D/power
echo 1 >$D/power
ub_wait_node "$dev"

# A clean power 0 makes everything durable.
pattern write-nosync "$dev" 12M 64K 8
echo 0 >$D/power
echo 1 >$D/power
ub_wait_node "$dev"
echo 1 >$D/powerfail
echo 0 >$D/power
echo 1 >$D/power
ub_wait_node "$dev"
pattern verify "$dev" 12M 64K 8

# Without volatile_cache there is nothing to cut.
echo 0 >$D/power
echo 0 >$D/volatile_cache
dev=$(ub_up pf0)
expect_write $D/powerfail 1 EINVAL
exit 0
