#!/bin/bash
# create and destroy: create takes key=value pairs checked like a profile
# (exit 2 for a bad one, nothing made); destroy refuses a mounted device
# (exit 1, nothing destroyed, also not the other names given) unless
# --force; a missing name is exit 1.
. "$(dirname "$0")/lib.sh"

ctl_rc 0 create c0 capacity=64M logical_block_size=4096 write_cache=true
expect_eq "c0 capacity" "$(attr c0 capacity)" $((64 << 20))
expect_eq "c0 lbs" "$(attr c0 logical_block_size)" 4096
expect_eq "c0 write_cache" "$(attr c0 write_cache)" 1
expect_eq "c0 power" "$(attr c0 power)" 1
ctl_rc 0 create c1 capacity=16M power=0
expect_eq "c1 power" "$(attr c1 power)" 0
ctl_rc 1 create c1
expect_grep "create existing" /tmp/ctl.err "c1: File exists"
ctl_rc 2 create c2 capacity=1000 logical_block_size=4096
expect_grep "create bad multiple" /tmp/ctl.err "c2: EINVAL: capacity 1000 is not a whole number of 4096-byte logical blocks"
ctl_rc 2 create c2 colour=red
ctl_rc 2 create c2 write_cache=yes
ctl_rc 2 create 'bad/name'
ctl_rc 2 create c2 memory_used=5
[ ! -e $UB_CFS/c2 ] || fail "a refused create made c2"

# Mount runs modprobe in the initramfs root, not our chroot: load it here.
modprobe ext4 || fail "modprobe ext4 failed"
dev=/dev/$(attr c0 disk)
mkfs.ext4 -q "$dev" || fail "mkfs.ext4"
mkdir -p /mnt/c0 && mount "$dev" /mnt/c0 || fail "mount"
ctl_rc 1 destroy c1 c0
expect_grep "mounted refusal" /tmp/ctl.err "c0: $dev is mounted on /mnt/c0"
expect_grep "mounted errno" /tmp/ctl.err "Device or resource busy"
[ -d $UB_CFS/c0 ] && [ -d $UB_CFS/c1 ] || fail "a refused destroy removed something"
ctl_rc 1 destroy --all
[ -d $UB_CFS/c0 ] && [ -d $UB_CFS/c1 ] || fail "a refused destroy --all removed something"
umount /mnt/c0
mount "$dev" /mnt/c0 || fail "mount again"
ctl_rc 0 destroy --force c0
expect_grep "forced destroy" /tmp/ctl.out "c0: destroyed"
[ ! -e $UB_CFS/c0 ] || fail "destroy --force left c0"
umount /mnt/c0 2>/dev/null || umount -l /mnt/c0 || true
ctl_rc 1 destroy c0
expect_grep "destroy missing" /tmp/ctl.err "c0: no such device"
ctl_rc 2 destroy
ctl_rc 2 destroy --all c1
ctl_rc 0 destroy c1
[ ! -e $UB_CFS/c1 ] || fail "destroy left c1"
