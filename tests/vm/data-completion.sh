#!/bin/bash
# Each completion mode moves data correctly; timer mode adds its latency.
. "$(dirname "$0")/lib.sh"

for c in inline softirq timer; do
	dev=$(ub_up cm$c capacity=16M completion=$c completion_nsec=2000000 poll_queues=1)
	pattern write "$dev" 0 4M 31
	pattern verify "$dev" 0 4M 31
	fio --name=v --filename="$dev" --rw=randwrite --bs=4k --direct=1 --ioengine=io_uring \
		--iodepth=4 --size=2M --verify=crc32c --verify_fatal=1 --do_verify=1 \
		--output=/tmp/cm.out >/dev/null || { cat /tmp/cm.out; fail "fio verify with completion=$c"; }
done
# 50 sequential 4k reads at 2 ms each take at least 100 ms in timer mode.
start=$(date +%s%N)
dd if=/dev/uringblk"$(attr cmtimer index)" of=/dev/null bs=4k count=50 iflag=direct 2>/dev/null
ms=$((($(date +%s%N) - start) / 1000000))
[ $ms -ge 100 ] || fail "timer mode: 50 reads took $ms ms, want >= 100"
