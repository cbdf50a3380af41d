#!/bin/bash
# A zoned file system on a zoned device (blktests' zbd group runs one
# too): mkfs.btrfs -O zoned on 4G in 64M zones, mount, fio with four jobs
# at QD8 each writing and verifying files, which btrfs sends down as zone
# appends from several submitters; umount, btrfs check clean, mount again
# and read the files back.  The driver's append counter moved.
. "$(dirname "$0")/lib.sh"

# The debug kernel is built without btrfs (scripts/debug-kernel: a small
# config keeps its build inside CI's budget); the zoned paths btrfs takes
# are zoned-basic's and -limits', which run there.
if ! modprobe btrfs; then
	[ "$UB_DEBUG" = 1 ] && skip "debug kernel: built without CONFIG_BTRFS_FS"
	fail "modprobe btrfs failed"
fi
dev=$(ub_up zfs zoned=1 capacity=4G zone_size=64M)
mkfs.btrfs -q -f -O zoned -d single -m single "$dev" >/tmp/mkfs.out 2>&1 ||
	{ cat /tmp/mkfs.out >&2; fail "mkfs.btrfs -O zoned failed"; }
appends() {
	"$UB_CTL" stats zfs --json | sed -nE 's/.*"append": ([0-9]+).*/\1/p'
}
a0=$(appends)
mkdir -p /tmp/zmnt
mount -t btrfs "$dev" /tmp/zmnt || fail "mount failed"
fio --name=zapp --directory=/tmp/zmnt --rw=write --bs=64k --size=16M \
	--numjobs=4 --iodepth=8 --ioengine=io_uring --direct=1 \
	--verify=crc32c --do_verify=1 --group_reporting --output=/tmp/fio.out ||
	{ cat /tmp/fio.out >&2; fail "fio write+verify on zoned btrfs"; }
grep -q "err= 0" /tmp/fio.out || { cat /tmp/fio.out >&2; fail "fio reported errors"; }
sha=$(cd /tmp/zmnt && sha256sum zapp.*)
umount /tmp/zmnt
zone_invariants "$dev" zfs
a1=$(appends)
[ $((a1 - a0)) -ge 128 ] || fail "append counter moved by $((a1 - a0)), want >= 128 (64M in appends of at most 512K)"
btrfs check "$dev" >/tmp/check.out 2>&1 || { cat /tmp/check.out >&2; fail "btrfs check found errors"; }
mount -t btrfs "$dev" /tmp/zmnt || fail "second mount failed"
expect_eq "checksums after remount" "$(cd /tmp/zmnt && sha256sum zapp.*)" "$sha"
umount /tmp/zmnt
