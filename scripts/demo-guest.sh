#!/bin/bash
# The part of `make demo` that runs inside the guest: the profile workflow
# with uringblkctl (apply, list, bench, stats, save, destroy), then a file
# system on one of the disks, then one crash point of an ext4 workload.
set -euo pipefail
cfs=/sys/kernel/config/uringblk
ctl=configfs-tools/uringblkctl
profile=configfs-tools/profiles/quick-start.cfg
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() { say "$*"; eval "$@"; }

run "$ctl --version"
run "cat $profile"
run "$ctl apply $profile"
run "$ctl apply $profile                # again: nothing to do"
run "$ctl list"
run "$ctl bench --all --runtime 2"
run "$ctl stats fast0"
run "$ctl identify fast0"
cp $profile /tmp/qs.cfg
sed -i 's/capacity = "1G"; poll_queues = 1;/capacity = "2G"; poll_queues = 1;/' /tmp/qs.cfg
run "$ctl apply /tmp/qs.cfg             # fast0 grows to 2G, live"
run "$ctl save fast0 small4k"
modprobe ext4 2>/dev/null || true	# mount's modprobe runs in the initramfs root
mkdir -p /tmp/mnt
run "mkfs.ext4 -q /dev/\$(cat $cfs/small4k/disk) && mount /dev/\$(cat $cfs/small4k/disk) /tmp/mnt && df -h /tmp/mnt"
run "$ctl destroy --all || true          # refused: small4k is mounted"
run "umount /tmp/mnt && $ctl destroy --all"
run "ls $cfs; ls /dev | grep -c '^uringblk' || true"
truncate -s 24M /tmp/ext4.img && mkfs.ext4 -q -F /tmp/ext4.img
# The cut's EIO storm goes to dmesg, not over the demo's screen.
dmesg -n 1 2>/dev/null || true
h="bash tests/helpers/crash-fs.sh"
run "$ctl create ct0 capacity=24M write_cache=1 volatile_cache=1 discard=1"
run "$ctl crashtest ct0 --workload '$h workload ext4 commit=600' --check '$h check ext4' --image /tmp/ext4.img --at-flush 6   # power cut at the 6th flush: fsynced files intact, fsck clean"
run "$ctl destroy ct0"
say "demo done"
