#!/bin/bash
# The part of `make demo` that runs inside the guest: the profile workflow
# with uringblkctl (apply, list, bench, stats, save, destroy), then a file
# system on one of the disks.
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
say "demo done"
