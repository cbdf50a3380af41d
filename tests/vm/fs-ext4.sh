#!/bin/bash
# A filesystem on the device: mkfs.ext4, mount, write files, unmount,
# fsck clean, mount again and read them back; with write_cache=1 the
# flushes ext4 issues are accepted.
. "$(dirname "$0")/lib.sh"

# Mount runs modprobe in the initramfs root, not our chroot: load it here.
modprobe ext4 || fail "modprobe ext4 failed"
for wc in 0 1; do
	dev=$(ub_up fs$wc capacity=256M write_cache=$wc)
	mkfs.ext4 -q -F "$dev" || fail "mkfs.ext4 failed"
	mkdir -p /tmp/mnt$wc
	mount "$dev" /tmp/mnt$wc || fail "mount failed"
	for i in 1 2 3; do
		head -c $((i << 20)) /dev/urandom >/tmp/mnt$wc/f$i
	done
	sha=$(cd /tmp/mnt$wc && sha256sum f1 f2 f3)
	sync
	umount /tmp/mnt$wc
	fsck.ext4 -f -n "$dev" >/tmp/fsck.out 2>&1 || { cat /tmp/fsck.out; fail "fsck found errors"; }
	echo 0 >$UB_CFS/fs$wc/power
	echo 1 >$UB_CFS/fs$wc/power
	ub_wait_node "$dev"
	mount "$dev" /tmp/mnt$wc || fail "second mount failed"
	expect_eq "checksums" "$(cd /tmp/mnt$wc && sha256sum f1 f2 f3)" "$sha"
	umount /tmp/mnt$wc
done
