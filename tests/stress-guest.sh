#!/bin/bash
# Stress, inside a guest: 16 mixed devices; 12 under fio verify while a
# second process resizes them (within what fio uses), changes queue counts
# (poll queues 0..N), adds, arms and removes fault rules that cannot break
# the data (delays, rules past fio's range), issues admin commands; the
# other 4 are powered off and on, removed and made again under plain I/O.
# Then the file worker under memory pressure (issue 23, item 10): ext4 on
# a direct=0 write_cache=1 file device whose file lives on the runner's
# ext4 disk (/dev/vda), vm.dirty_ratio=5, half the free memory held by
# another process, rounds of fio verify and fsync for a third of SECONDS,
# under the hung-task detector at 30 s (the worker must never wait for
# reclaim or writeback that waits for it); e2fsck clean afterwards.
# Then 100,000 random admin commands (tests/admin/fuzz; STRESS_FUZZ=N).
# Prints the operations done and the errors seen; exit 1 on any error.
#
# Usage: tests/stress-guest.sh SECONDS
set -uo pipefail
secs=${1:-60}
top=$(cd "$(dirname "$0")/.." && pwd)
cfs=/sys/kernel/config/uringblk
admin=$top/tests/helpers/ub-admin
n=$(nproc)
declare -A ops errs

cfg() { # i -> attributes
	local i=$1
	echo "capacity=$((16 + (i % 4) * 16))M logical_block_size=$([ $((i % 3)) = 0 ] && echo 4096 || echo 512)" \
		"nr_hw_queues=$(((i % n) + 1)) poll_queues=$((i % 2)) write_cache=$((i % 2))" \
		"completion=$(case $((i % 3)) in 0) echo inline ;; 1) echo softirq ;; *) echo timer ;; esac)"
}
make_dev() {
	local i=$1 kv
	mkdir $cfs/st$i || return 1
	for kv in $(cfg "$i"); do echo "${kv#*=}" >$cfs/st$i/${kv%%=*} || return 1; done
	echo 1 >$cfs/st$i/power
}
for i in $(seq 0 15); do
	make_dev $i || { echo "stress: cannot make st$i"; exit 1; }
done
sleep 0.5

jobs=()
for i in $(seq 0 11); do
	jobs+=(--name=st$i --filename=/dev/$(cat $cfs/st$i/disk) --size=8M)
done
fio --allow_file_create=0 --rw=randrw --bs=4k --direct=1 --ioengine=io_uring --iodepth=8 --time_based \
	--runtime="$secs" --verify=crc32c --verify_fatal=1 --verify_backlog=64 \
	--output=/tmp/stress-fio.out "${jobs[@]}" >/dev/null 2>&1 &
fio_pid=$!

try() { # name command...
	local name=$1
	shift
	ops[$name]=$((${ops[$name]:-0} + 1))
	"$@" >/dev/null 2>&1 || { errs[$name]=$((${errs[$name]:-0} + 1)); echo "stress: $name failed: $*"; }
}
plain_io() {
	local dev=/dev/$(cat $cfs/st$1/disk 2>/dev/null)
	[ -b "$dev" ] && dd if=/dev/zero of="$dev" bs=64k count=16 oflag=direct 2>/dev/null
	true
}
end=$(($(date +%s) + secs))
round=0
while [ "$(date +%s)" -lt $end ]; do
	round=$((round + 1))
	i=$((round % 12))
	try resize sh -c "echo $((16 + (round % 5) * 8))M >$cfs/st$i/capacity"
	try queues sh -c "echo $(((round % n) + 1)) >$cfs/st$i/nr_hw_queues"
	try poll_queues sh -c "echo $((round % (n + 1))) >$cfs/st$i/poll_queues"
	r=$cfs/st$i/faults/s$round
	try fault_add sh -c "mkdir $r && echo delay >$r/type && echo 200 >$r/delay_us &&
		echo 300000 >$r/probability_ppm && echo 1 >$r/enable"
	r2=$cfs/st$i/faults/p$round
	try fault_add sh -c "mkdir $r2 && echo 100000 >$r2/lba_start && echo 1 >$r2/enable"
	try admin "$admin" /dev/$(cat $cfs/st$i/disk)-ctl 3
	try fault_del sh -c "echo 0 >$r/enable && rmdir $r && echo 0 >$r2/enable && rmdir $r2"
	j=$((12 + round % 4))
	case $((round % 3)) in
	0) try power sh -c "echo 0 >$cfs/st$j/power && echo 1 >$cfs/st$j/power" ;;
	1) try recreate sh -c "echo 0 >$cfs/st$j/power && rmdir $cfs/st$j" && try recreate make_dev $j ;;
	*) try plain_io plain_io $j ;;
	esac
done
wait $fio_pid
fio_rc=$?

echo "stress: $round rounds in $secs s on 16 devices"
for k in "${!ops[@]}"; do
	echo "stress: $k: ${ops[$k]} done, ${errs[$k]:-0} errors"
done
bad=0
for k in "${!errs[@]}"; do bad=$((bad + errs[$k])); done
grep -E "err=|verify" /tmp/stress-fio.out | grep -v "err= 0" | head -5
[ $fio_rc = 0 ] || { echo "stress: fio verify failed (exit $fio_rc)"; bad=$((bad + 1)); }
for i in $(seq 0 15); do
	for r in $cfs/st$i/faults/*/; do [ -d "$r" ] && rmdir "$r"; done
	echo 0 >$cfs/st$i/power 2>/dev/null
	rmdir $cfs/st$i 2>/dev/null
done

# file_pressure SECONDS: the file-backed phase above; 0 when it passed.
file_pressure() {
	local secs=$1 mnt=/tmp/st-disk fs=/tmp/st-fs d=$cfs/stfile dev end rounds=0 rc=0 hog
	local -A old
	local k
	modprobe virtio_blk 2>/dev/null
	modprobe ext4 2>/dev/null
	for k in 1 2 3 4 5 6 7 8 9 10; do [ -b /dev/vda ] && break; sleep 0.2; done
	[ -b /dev/vda ] || { echo "stress: file-pressure: no /dev/vda (vm-run --disk)"; return 1; }
	mkdir -p $mnt $fs
	mount /dev/vda $mnt || return 1
	truncate -s 768M $mnt/st.img
	mkdir $d && echo file >$d/backend && echo $mnt/st.img >$d/path && echo 0 >$d/capacity &&
		echo 0 >$d/direct && echo 1 >$d/write_cache && echo 1 >$d/power || return 1
	dev=/dev/$(cat $d/disk)
	for k in vm.dirty_ratio vm.dirty_background_ratio kernel.hung_task_timeout_secs; do
		old[$k]=$(sysctl -n $k)
	done
	sysctl -qw vm.dirty_ratio=5 vm.dirty_background_ratio=2 kernel.hung_task_timeout_secs=30
	if mkfs.ext4 -q -F "$dev" && mount "$dev" $fs; then
		# Half of what is free stays taken: reclaim runs in the worker.
		python3 -c "import time; b = b'x' * ($(awk '/MemAvailable/ {print $2}' /proc/meminfo) * 512)
time.sleep($secs + 600)" &
		hog=$!
		end=$(($(date +%s) + secs))
		while :; do
			rounds=$((rounds + 1))
			fio --directory=$fs --ioengine=psync --bs=64k --size=128M --verify=crc32c --verify_fatal=1 \
				--fsync_on_close=1 --output=/tmp/stress-file.out \
				--name=seq --rw=write --name=rand --rw=randwrite --bs=4k --size=32M >/dev/null 2>&1 ||
				{ echo "stress: file-pressure: fio verify failed in round $rounds"; rc=1; break; }
			rm -f $fs/seq.* $fs/rand.*
			sync
			[ "$(date +%s)" -lt $end ] || break
		done
		kill $hog 2>/dev/null
		wait $hog 2>/dev/null
		umount $fs || rc=1
		e2fsck -fn "$dev" >/tmp/stress-fsck.out 2>&1 || { echo "stress: file-pressure: e2fsck found errors"; rc=1; }
	else
		echo "stress: file-pressure: mkfs or mount failed"
		rc=1
	fi
	for k in "${!old[@]}"; do sysctl -qw "$k=${old[$k]}"; done
	echo 0 >$d/power
	rmdir $d
	rm -f $mnt/st.img
	umount $mnt
	echo "stress: file-pressure: $rounds rounds of fio verify, ext4 on a direct=0 write_cache=1 file device"
	return $rc
}
# Only under make stress (STRESS_FILE=1, with its own 1G disk image):
# make check's stress-brief shares a 256M image with the file-* cases.
if [ "${STRESS_FILE:-0}" = 1 ]; then
	file_pressure $((secs / 3 > 20 ? secs / 3 : 20)) || bad=$((bad + 1))
fi

# The admin-plane fuzz, long enough to matter (make check runs 4,000).
fuzz_n=${STRESS_FUZZ:-100000}
if "$top/tests/admin/fuzz" "$fuzz_n"; then
	echo "stress: fuzz: $fuzz_n admin commands passed"
else
	echo "stress: fuzz of $fuzz_n admin commands FAILED"
	bad=$((bad + 1))
fi
[ $bad = 0 ] && echo "stress: passed" || echo "stress: FAILED with $bad errors"
[ $bad = 0 ]
