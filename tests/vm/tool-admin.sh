#!/bin/bash
# identify, stats and reset-stats against known I/O: exact counts and bytes
# after a known number of direct writes and reads, all three ways of naming
# the device, the ioctl fallback (forced by --ioctl and by
# URINGBLKCTL_IOCTL=1, with a note) giving the same numbers, and errors
# for devices that are off or do not exist.
. "$(dirname "$0")/lib.sh"

dev=$(ub_up ad0 capacity=64M nr_hw_queues=1 poll_queues=1 logical_block_size=4096 write_cache=1)
n=${dev#/dev/uringblk}

for d in ad0 "uringblk$n" "$dev"; do
	ctl_rc 0 identify --json "$d"
	python3 - "$n" <<'PY' || fail "identify --json $d"
import json, sys
i = json.load(open("/tmp/ctl.out"))
assert i["name"] == "ad0" and i["serial"] == "ad0" and i["model"] == "uringblk", i
assert i["capacity_bytes"] == 64 << 20 and i["capacity_blocks"] == (64 << 20) // 4096, i
assert i["logical_block_size"] == 4096 and i["physical_block_size"] == 4096, i
assert i["nr_hw_queues"] == 1 and i["poll_queues"] == 1 and i["queue_depth"] == 128, i
assert i["index"] == int(sys.argv[1]) and i["abi_major"] == 1, i
assert set(i["features"]) >= {"discard", "write_zeroes", "write_cache", "poll", "stats"}, i
assert isinstance(i["feature_bits"], int), i
PY
done
expect_eq "identify firmware" "$(python3 -c 'import json; print(json.load(open("/tmp/ctl.out"))["firmware"])')" \
	"$(cat $UB_CFS/version)"
ctl_rc 0 identify ad0
expect_grep "identify text" /tmp/ctl.out "capacity      67108864 bytes, 16384 blocks"
grep -q note /tmp/ctl.err && fail "io_uring path printed a fallback note"

ctl_rc 0 reset-stats ad0
dd if=/dev/zero of="$dev" bs=4096 count=37 oflag=direct status=none
dd if="$dev" of=/dev/null bs=8192 count=11 iflag=direct status=none
stats_is() { # WHAT: /tmp/ctl.out has 37 writes of 4K and 11 reads of 8K
	python3 <<'PY' || fail "stats --json $1"
import json
s = json.load(open("/tmp/ctl.out"))
w, r = s["ops"]["write"], s["ops"]["read"]
assert (w["ios"], w["bytes"], w["errors"]) == (37, 37 * 4096, 0), w
assert (r["ios"], r["bytes"], r["errors"]) == (11, 11 * 8192, 0), r
assert w["lat_count"] == 37 and r["lat_count"] == 11, s
assert 0 < w["p50_ns"] <= w["p99_ns"] <= w["p999_ns"], w
assert s["in_flight"] == 0, s
PY
}
ctl_rc 0 stats ad0 --json
stats_is "over io_uring"
ctl_rc 0 --ioctl stats "$dev" --json
stats_is "--ioctl"
expect_grep "ioctl note" /tmp/ctl.err "note: io_uring unavailable"
URINGBLKCTL_IOCTL=1 ctl_rc 0 stats "uringblk$n" --json
stats_is "URINGBLKCTL_IOCTL=1"
expect_grep "ioctl note (env)" /tmp/ctl.err "using ioctl"
ctl_rc 0 stats ad0
expect_grep "stats table" /tmp/ctl.out "in_flight 0"
row=$(grep '^write ' /tmp/ctl.out)
set -- $row
expect_eq "stats table write ios" "$2" 37
expect_eq "stats table write bytes" "$3" $((37 * 4096))

# The counters the sysfs files show agree with the tool.
expect_eq "sysfs write_ios" "$(cat /sys/block/uringblk$n/uringblk/write_ios)" 37

# --watch: per-interval rates, here of an idle device.
ctl_rc 0 stats ad0 --watch 1 --count 2 --json
expect_eq "watch samples" "$(wc -l </tmp/ctl.out)" 2
python3 -c 'import json; [json.loads(l) for l in open("/tmp/ctl.out")]' || fail "watch --json lines"

URINGBLKCTL_IOCTL=1 ctl_rc 0 reset-stats "$dev"
ctl_rc 0 stats ad0 --json
python3 -c 'import json; s=json.load(open("/tmp/ctl.out")); assert all(o["ios"] == 0 for o in s["ops"].values()), s' ||
	fail "counters not zero after reset-stats over ioctl"
ctl_rc 0 reset-stats ad0

# Errors: off, missing, bad usage.
echo 0 >$UB_CFS/ad0/power
ctl_rc 1 identify ad0
expect_grep "identify off" /tmp/ctl.err "ad0: not powered"
ctl_rc 1 stats nosuch
expect_grep "stats missing" /tmp/ctl.err "nosuch: no such uringblk device"
ctl_rc 1 stats /dev/uringblk999999
ctl_rc 2 stats
ctl_rc 2 stats ad0 --watch 0
