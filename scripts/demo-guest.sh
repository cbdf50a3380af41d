#!/bin/bash
# The part of `make demo` that runs inside the guest.
set -euo pipefail
cfs=/sys/kernel/config/uringblk
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() { say "$*"; eval "$@"; }

run "cat $cfs/version $cfs/features"
mk() { # name attr=value...
	local n=$1 kv
	shift
	say "mkdir $cfs/$n $*"
	mkdir "$cfs/$n"
	for kv in "$@"; do echo "${kv#*=}" >"$cfs/$n/${kv%%=*}"; done
	echo 1 >"$cfs/$n/power"
}
mk fast0 capacity=1G nr_hw_queues=2 poll_queues=1
mk small4k capacity=256M logical_block_size=4096 write_cache=1
mk thin1t capacity=1T
mk slow0 capacity=64M completion=timer completion_nsec=100000
sleep 0.5
run "lsblk -o NAME,SIZE,LOG-SEC,PHY-SEC,DISC-MAX /dev/uringblk*"
for d in fast0 small4k thin1t slow0; do
	dev=/dev/$(cat $cfs/$d/disk)
	say "fio verify on $d ($dev)"
	fio --name=$d --filename="$dev" --rw=randwrite --bs=4k --direct=1 --ioengine=io_uring \
		--iodepth=16 --size=16M --verify=crc32c --do_verify=1 --verify_fatal=1 \
		--output-format=terse --terse-version=3 | awk -F';' '{printf "  wrote %s KiB, verified, %s IOPS\n", $48, $49}'
done
run "fio --name=poll --filename=/dev/\$(cat $cfs/fast0/disk) --rw=randread --bs=4k --direct=1 --ioengine=io_uring --hipri --iodepth=8 --size=64M --runtime=2 --time_based | grep -E 'IOPS|clat \\(usec\\)'"
run "mkfs.ext4 -q /dev/\$(cat $cfs/small4k/disk) && mount /dev/\$(cat $cfs/small4k/disk) /mnt && df -h /mnt && umount /mnt"
for d in fast0 small4k thin1t slow0; do
	printf '  %-8s memory_used %s bytes\n' $d "$(cat $cfs/$d/memory_used)"
done
say "live resize thin1t to 2T, poll queues of fast0 to 2"
echo 2T >$cfs/thin1t/capacity
echo 2 >$cfs/fast0/poll_queues
run "lsblk -o NAME,SIZE /dev/\$(cat $cfs/thin1t/disk)"
for d in fast0 small4k thin1t slow0; do
	echo 0 >$cfs/$d/power
	rmdir $cfs/$d
done
run "ls $cfs; ls /dev | grep -c '^uringblk' || true"
say "demo done"
