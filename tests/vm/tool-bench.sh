#!/bin/bash
# bench: fio on each device gives one row with real numbers and a total,
# one by one and --parallel, with a job file, and as --json.
. "$(dirname "$0")/lib.sh"
stock_only "the fio runner; data-* and stress-brief run fio here"

ub_up b0 capacity=64M >/dev/null
ub_up b1 capacity=64M nr_hw_queues=1 >/dev/null
ub_mkdev b2   # off: --all skips it

ctl_rc 0 bench --all --runtime 1
for d in b0 b1 TOTAL; do
	row=$(grep "^$d " /tmp/ctl.out) || fail "bench: no row for $d"
	set -- $row
	awk -v r="$3" -v w="$4" -v m="$5" -v p="$6" 'BEGIN { exit !(r > 0 && w > 0 && m > 0 && p > 0) }' ||
		fail "bench row $d without numbers: $row"
done
grep -q '^b2 ' /tmp/ctl.out && fail "bench --all ran on the powered-off b2"
# The device really saw the reads and writes.
n=$(attr b0 disk)
[ "$(cat /sys/block/$n/uringblk/read_ios)" -gt 0 ] && [ "$(cat /sys/block/$n/uringblk/write_ios)" -gt 0 ] ||
	fail "bench did no I/O on b0"

ctl_rc 0 bench b0 b1 --parallel --runtime 1 --json
python3 <<'PY' || fail "bench --json"
import json
r = json.load(open("/tmp/ctl.out"))
names = [d["name"] for d in r["devices"]]
assert names == ["b0", "b1"], names
for d in r["devices"]:
    assert d["ok"] and d["read_iops"] > 0 and d["write_iops"] > 0 and d["p99_us"] >= d["p50_us"] > 0, d
t = r["total"]
assert abs(t["read_iops"] - sum(d["read_iops"] for d in r["devices"])) < 1, t
PY

cat >/tmp/job.fio <<'FIO'
[seqread]
rw=read
bs=64k
size=8M
direct=1
ioengine=psync
FIO
ctl_rc 0 bench b1 --job /tmp/job.fio
row=$(grep '^b1 ' /tmp/ctl.out) || fail "bench --job: no row"
set -- $row
awk -v r="$3" -v w="$4" 'BEGIN { exit !(r > 0 && w == 0) }' || fail "bench --job row: $row"

ctl_rc 1 bench b2
expect_grep "bench off" /tmp/ctl.err "b2: not powered"
ctl_rc 1 bench nosuch
FIO=false ctl_rc 1 bench b0 --runtime 1
expect_grep "fio failure" /tmp/ctl.err "b0: fio on /dev/"
