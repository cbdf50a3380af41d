#!/bin/bash
# ext4 on a device whose writes start failing: the filesystem reports
# errors or goes read-only, the kernel does not splat, and after the rule
# goes fsck can run.
. "$(dirname "$0")/lib.sh"

modprobe ext4 || fail "modprobe ext4 failed"
dev=$(ub_up fe0 capacity=128M)
mkfs.ext4 -q -F "$dev"
mkdir -p /tmp/fe
mount -o errors=remount-ro "$dev" /tmp/fe
head -c 4M /dev/urandom >/tmp/fe/a
sync
ub_rule fe0 w ops=write,flush
ok=1
for i in $(seq 20); do
	head -c 1M /dev/urandom >/tmp/fe/b$i 2>/dev/null || { ok=0; break; }
	sync /tmp/fe 2>/dev/null || { ok=0; break; }
done
ro=$(awk -v m=/tmp/fe '$2 == m { print $4 }' /proc/mounts | cut -d, -f1)
[ $ok = 0 ] || [ "$ro" = ro ] || fail "ext4 saw no error with every write failing"
ub_unrule fe0 w
umount /tmp/fe || umount -l /tmp/fe
rc=0
fsck.ext4 -f -y "$dev" >/dev/null 2>&1 || rc=$?
[ $rc -le 2 ] || fail "fsck could not repair: exit $rc"
