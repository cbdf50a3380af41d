#!/bin/bash
# ext4 over a volatile cache that loses its power.  Mounted with
# commit=600, so the journal commits only when asked: a file fsynced
# before a `drop` power failure is intact after the power comes back and
# fsck is clean; a file written afterwards without fsync (its data sent to
# the disk with O_DIRECT, its metadata in the running transaction) is gone.
. "$(dirname "$0")/lib.sh"

modprobe ext4 || fail "modprobe ext4 failed"
D=$UB_CFS/pe0
dev=$(ub_up pe0 capacity=64M write_cache=1 volatile_cache=1)
mkfs.ext4 -q -F "$dev"
mkdir -p /tmp/pe
mount -o commit=600 "$dev" /tmp/pe
head -c 1M /dev/urandom >/tmp/pe.a
cp /tmp/pe.a /tmp/pe/a
sync /tmp/pe/a		# fsync(2): the journal commits, then a FLUSH
dd if=/dev/urandom of=/tmp/pe/b bs=64K count=4 oflag=direct status=none
dirty=$(<"/sys/block/${dev#/dev/}/uringblk/cache_dirty_bytes")
[ "$dirty" -ge 262144 ] || fail "b's data is not in the volatile cache: $dirty bytes dirty"
echo 1 >$D/powerfail
umount /tmp/pe 2>/dev/null || umount -l /tmp/pe
echo 0 >$D/power
echo 1 >$D/power
ub_wait_node "$dev"

mount -o commit=600 "$dev" /tmp/pe || fail "mount after the power failure"
cmp -s /tmp/pe.a /tmp/pe/a || fail "the fsynced file a is not intact"
[ ! -e /tmp/pe/b ] || fail "b, never fsynced, survived: $(stat -c %s /tmp/pe/b) bytes"
umount /tmp/pe
rc=0
fsck.ext4 -f -n "$dev" >/tmp/pe.fsck 2>&1 || rc=$?
[ $rc = 0 ] || { cat /tmp/pe.fsck >&2; fail "fsck after the power failure: exit $rc"; }
exit 0
