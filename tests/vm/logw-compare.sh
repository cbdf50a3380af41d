#!/bin/bash
# uringblk's write log (`log_writes`, driver/logw.c) against the kernel's
# dm-log-writes: logw-dm-reader's workload (two writes, a discard, a FUA
# write, a flush, a mark) run once through dm-log-writes over a uringblk
# device, once on a uringblk device logging to a second uringblk device
# and once logging to a regular file.  tests/helpers/log-writes.py reads
# all three: the same entry kinds, sectors and sizes, except what differs
# legitimately (asserted as such): dm's own "dm-log-writes-end" mark, the
# order (dm logs a FUA write at once but holds plain writes until the next
# flush completes; uringblk logs in completion order) and how many flushes
# (O_DSYNC may add one).  Replaying each uringblk log onto a fresh device
# gives the logged device's bytes.  Then the attribute's hostile inputs,
# the mark's limits, turning the log on and off under fio with
# --verify_backlog, power 0 and rmdir while logging, and a full log.
. "$(dirname "$0")/lib.sh"

reader=$UB_TOP/tests/helpers/log-writes.py
# cfs DEV ATTR: that attribute's file.
cfs() { echo "$UB_CFS/$1/$2"; }

# writes DEV: writes the disk has completed (/sys/block/*/stat).
writes() {
	local r
	read -r _ _ _ _ r _ <"/sys/block/${1#/dev/}/stat"
	echo "$r"
}

# wait_writes DEV N: until more than N writes completed and half a second
# more: fio starts slowly on the debug kernel, and power 0 before its
# first write would leave nothing to log (and fio no node to open).
wait_writes() {
	local i
	for ((i = 0; i < 400; i++)); do
		[ "$(writes "$1")" -gt "$2" ] && { sleep 0.5; return 0; }
		sleep 0.05
	done
	fail "fio's writes never reached $1"
}

# workload DEV MARK-COMMAND...: the same I/O as logw-dm-reader.
workload() {
	local dev=$1
	shift
	dd if=/tmp/lw.a of="$dev" bs=4096 seek=16 oflag=direct status=none || fail "write"
	blkdiscard -o 1M -l 64K "$dev" || fail "discard"
	dd if=/tmp/lw.b of="$dev" bs=4096 seek=512 oflag=direct,dsync status=none || fail "FUA write"
	sync "$dev" || fail "flush (fsync of the device)"
	"$@" || fail "mark: $*"
}

dd if=/dev/urandom of=/tmp/lw.a bs=4096 count=2 status=none
dd if=/dev/urandom of=/tmp/lw.b bs=4096 count=1 status=none

# 1. dm-log-writes, where the kernel has it (not the debug kernel).
have_dm=0
if modprobe dm-log-writes 2>/dev/null && command -v dmsetup >/dev/null; then
	have_dm=1
	data=$(ub_up dmdata capacity=8M write_cache=1 discard=1)
	log=$(ub_up dmlog capacity=16M)
	dmsetup create --noudevsync lw --table "0 16384 log-writes $data $log" || fail "dmsetup create"
	trap 'dmsetup remove --noudevsync lw 2>/dev/null; ub_cleanup' EXIT
	[ -b /dev/mapper/lw ] || dmsetup mknodes lw
	workload /dev/mapper/lw dmsetup message lw 0 mark one
	dmsetup remove --noudevsync lw || fail "dmsetup remove"
	trap ub_cleanup EXIT
	python3 "$reader" dump "$log" >/tmp/lw-dm.json || fail "the reader refused dm's log"
	ub_down dmdata
	ub_down dmlog
else
	echo "NOTE: no dm-log-writes here: uringblk's logs are checked against the expected entries only"
fi

# 2. uringblk logging to a second uringblk device, 3. to a regular file.
ulog=$(ub_up ulog capacity=16M)
data=$(ub_up udata capacity=8M write_cache=1 discard=1 log_writes="$ulog")
expect_eq "log_writes reads back" "$(<"$(cfs udata log_writes)")" "$ulog"
workload "$data" "$UB_CTL" mark udata one
echo >"$(cfs udata log_writes)" || fail "clearing log_writes"
python3 "$reader" dump "$ulog" >/tmp/lw-u.json || fail "the reader refused uringblk's log on a device"
fresh=$(ub_up ufresh capacity=8M)
python3 "$reader" replay "$ulog" "$fresh" || fail "replay"
cmp "$data" "$fresh" || fail "the device replayed from uringblk's log differs from the logged one"
python3 "$reader" replay "$ulog" "$fresh" --end-mark one || fail "replay to mark one"
ub_down udata
ub_down ufresh

: >/tmp/lw-file.log
data=$(ub_up fdata capacity=8M write_cache=1 discard=1)
# Set while powered: the log starts now.
echo /tmp/lw-file.log >"$(cfs fdata log_writes)" || fail "log_writes to a file, live"
workload "$data" "$UB_CTL" mark fdata one
echo 0 >"$(cfs fdata power)"	# power 0 finishes the log
python3 "$reader" dump /tmp/lw-file.log >/tmp/lw-f.json || fail "the reader refused uringblk's log in a file"
fresh=$(ub_up ffresh capacity=8M)
python3 "$reader" replay /tmp/lw-file.log "$fresh" || fail "replay from the file"
data=$(ub_up fdata)	# power on again: the log starts over (truncated)
cmp "$data" "$fresh" || fail "the device replayed from the file log differs from the logged one"
echo >"$(cfs fdata log_writes)"
ub_down ffresh

python3 - "$have_dm" <<'EOF' || fail "the logs differ (above)"
import json, sys
have_dm = sys.argv[1] == "1"

def load(p):
    o = json.load(open(p))
    return o["super"], o["entries"]

def key(x):
    return (x["kind"], x["sector"], x["nr_sectors"], x.get("mark"))

want = sorted([("write", 128, 8, None), ("write", 136, 8, None), ("discard", 2048, 128, None),
               ("write+fua", 4096, 8, None), ("mark", 0, 0, "one")])
logs = {"device": load("/tmp/lw-u.json"), "file": load("/tmp/lw-f.json")}
for name, (s, e) in logs.items():
    print("NOTE:", name, "log: super", s, "entries", [key(x) for x in e])
    assert s["sectorsize"] == 512 and s["nr_entries"] == len(e), (name, s)
    got = sorted(key(x) for x in e if x["kind"] != "flush")
    assert got == want, (name, got, want)
    flushes = [x for x in e if x["kind"] == "flush"]
    assert flushes and all(x["nr_sectors"] == 0 for x in flushes), (name, flushes)
    # Completion order: the workload's order, flushes between.
    kinds = [x["kind"] for x in e if x["kind"] != "flush"]
    assert kinds == ["write", "write", "discard", "write+fua", "mark"], (name, kinds)
    all_kinds = [x["kind"] for x in e]
    last_flush = len(all_kinds) - 1 - all_kinds[::-1].index("flush")
    assert all_kinds.index("write+fua") < last_flush < all_kinds.index("mark"), (name, all_kinds)
    # A write's data_len is its bytes; a discard's and a flush's 0.
    for x in e:
        if x["kind"].startswith("write"):
            assert x["data_len"] == x["nr_sectors"] * 512, x
        elif x["kind"] in ("discard", "flush"):
            assert x["data_len"] == 0, x
if have_dm:
    s, e = load("/tmp/lw-dm.json")
    dm = sorted(key(x) for x in e if x["kind"] != "flush")
    # What differs legitimately: dm's own end mark at teardown.
    assert ("mark", 0, 0, "dm-log-writes-end") in dm, dm
    dm.remove(("mark", 0, 0, "dm-log-writes-end"))
    u = sorted(key(x) for x in logs["device"][1] if x["kind"] != "flush")
    assert dm == u, ("dm", dm, "uringblk", u)
    print("NOTE: dm-log-writes' log:", [key(x) for x in e])
    print("NOTE: the same entries as dm-log-writes' but its end mark:", u)
EOF

# Hostile values: a precise errno, the old value kept.
ub_mkdev hdev capacity=8M write_cache=1
expect_write "$(cfs hdev log_writes)" "$ulog" OK
expect_write "$(cfs hdev log_writes)" "tmp/lw-file.log" EINVAL
expect_write "$(cfs hdev log_writes)" "/nonexistent/log" ENOENT
expect_write "$(cfs hdev log_writes)" "/tmp" EISDIR
expect_write "$(cfs hdev log_writes)" "/dev/null" EINVAL
expect_eq "log_writes kept (off)" "$(<"$(cfs hdev log_writes)")" "$ulog"
hdev=$(ub_up hdev)
expect_write "$(cfs hdev log_writes)" "/dev/null" EINVAL
expect_write "$(cfs hdev log_writes)" "$hdev" EINVAL	# itself
# A partition of it, a file on a filesystem on it: its own writes again.
echo 'start=2048, size=4096' | sfdisk -q "$hdev" || fail "sfdisk $hdev"
[ -b "${hdev}p1" ] || fail "no ${hdev}p1 after sfdisk"
expect_write "$(cfs hdev log_writes)" "${hdev}p1" EINVAL
modprobe ext4 || fail "modprobe ext4"
mkfs.ext4 -q "${hdev}p1" || fail "mkfs.ext4 ${hdev}p1"
mkdir -p /tmp/lw-mnt
mount "${hdev}p1" /tmp/lw-mnt || fail "mount ${hdev}p1"
: >/tmp/lw-mnt/log
expect_write "$(cfs hdev log_writes)" /tmp/lw-mnt/log EINVAL
umount /tmp/lw-mnt || fail "umount"
expect_write "$(cfs hdev log_writes)" "/nonexistent/log" ENOENT
expect_eq "log_writes kept (powered)" "$(<"$(cfs hdev log_writes)")" "$ulog"
# The mark: 1..479 bytes with 512-byte blocks (512 - 32 - dm's NUL).
ctl_rc 0 mark hdev "$(printf 'x%.0s' $(seq 479))"
ctl_rc 1 mark hdev "$(printf 'x%.0s' $(seq 480))"
expect_grep "mark too long" /tmp/ctl.err "Invalid argument"
ctl_rc 2 mark hdev ""
echo >"$(cfs hdev log_writes)"
ctl_rc 1 mark hdev one
expect_grep "no log" /tmp/ctl.err "No such device"
python3 "$reader" dump "$ulog" >/tmp/lw-h.json || fail "the reader refused the marks' log"
python3 -c '
import json; o = json.load(open("/tmp/lw-h.json"))
m = [x for x in o["entries"] if x["kind"] == "mark"]
assert len(m) == 1 and m[0]["mark"] == "x" * 479, m' || fail "the 479-byte mark is not in the log"
ub_down hdev

# 4096-byte logical blocks: the log's blocks and sectors are 4096 bytes
# (log-writes.rst: the logged device's sector size), a mark holds up to
# 4096 - 33 bytes, and the replay gives the device's bytes.
: >/tmp/lw-4k.log
dev=$(ub_up l4k capacity=8M logical_block_size=4096 write_cache=1 log_writes=/tmp/lw-4k.log)
dd if=/tmp/lw.a of="$dev" bs=8192 seek=8 oflag=direct status=none || fail "a write with 4096-byte blocks"
ctl_rc 0 mark l4k "$(printf 'x%.0s' $(seq 4063))"
ctl_rc 2 mark l4k "$(printf 'x%.0s' $(seq 4064))"	# past URINGBLK_LOG_MARK_MAX
echo >"$(cfs l4k log_writes)" || fail "clearing log_writes (4096-byte blocks)"
python3 "$reader" dump /tmp/lw-4k.log >/tmp/lw-4k.json || fail "the reader refused the 4096-byte log"
python3 -c '
import json; o = json.load(open("/tmp/lw-4k.json")); e = o["entries"]
got = [(x["kind"], x["sector"], x["nr_sectors"], x["data_len"], len(x.get("mark", ""))) for x in e]
print("NOTE: 4096-byte log:", o["super"], got)
assert o["super"]["sectorsize"] == 4096 and o["super"]["nr_entries"] == 2, o["super"]
assert got == [("write", 16, 2, 8192, 0), ("mark", 0, 0, 4063, 4063)], got' ||
	fail "the 4096-byte log's entries (above)"
fresh=$(ub_up l4kfresh capacity=8M logical_block_size=4096)
python3 "$reader" replay /tmp/lw-4k.log "$fresh" || fail "replay of the 4096-byte log"
cmp "$dev" "$fresh" || fail "the device replayed from the 4096-byte log differs"
ub_down l4k
ub_down l4kfresh

# Live: on and off under fio's verified writes, then power 0 and rmdir
# while logging.  fio's own verification says no request was lost or
# corrupted; check.sh fails the run on any splat or hung task.  The log
# device may fill up meanwhile: logging then stops with a dmesg line.
ub_down ulog
ulog=$(ub_up ulog capacity=64M)
dev=$(ub_up live capacity=16M write_cache=1 discard=1 nr_hw_queues=2)
n=$(scale 3)
fio --name=lw --filename="$dev" --rw=randwrite --bs=4k --direct=1 --ioengine=io_uring \
	--iodepth=16 --size=16M --loops=$n --verify=crc32c --verify_backlog=64 \
	--fsync=32 --allow_file_create=0 --output=/tmp/lw-fio.out >/dev/null &
fpid=$!
i=0
while kill -0 $fpid 2>/dev/null; do
	echo "$ulog" >"$(cfs live log_writes)" || fail "log_writes on under fio"
	sleep 0.3
	"$UB_CTL" mark live "m$i" >/dev/null 2>&1 || true	# may race with off
	echo >"$(cfs live log_writes)" || fail "log_writes off under fio"
	i=$((i + 1))
done
wait $fpid || { cat /tmp/lw-fio.out; fail "fio failed while the log went on and off"; }
echo "NOTE: log_writes on and off $i times under fio"
python3 "$reader" dump "$ulog" >/dev/null || fail "the last live log does not parse"
# From one log file to the next under writes: the new log starts before
# the old one is finished, so every write the disk completed is in exactly
# one of them (the driver once stopped the old log first, and writes in
# between went to neither).  Another name of the file being logged to (a
# hard link) finishes the old log before truncating it.
rm -f /tmp/lw-sw.*
: >/tmp/lw-sw.0
echo /tmp/lw-sw.0 >"$(cfs live log_writes)" || fail "log_writes to a file under fio"
w0=$(writes "$dev")
fio --name=sw --filename="$dev" --rw=randwrite --bs=4k --direct=1 --ioengine=io_uring \
	--iodepth=16 --size=4M --time_based --runtime=1 --rate_iops=2000 --allow_file_create=0 --output=/tmp/lw-fio4.out >/dev/null &
fpid=$!
i=0
while kill -0 $fpid 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
	: >/tmp/lw-sw.$i
	echo /tmp/lw-sw.$i >"$(cfs live log_writes)" || fail "switching to log $i under fio"
done
wait $fpid || { cat /tmp/lw-fio4.out; fail "fio failed while the log moved from file to file"; }
w1=$(writes "$dev")
echo >"$(cfs live log_writes)" || fail "clearing log_writes after the switches"
python3 - "$reader" $((w1 - w0)) /tmp/lw-sw.* <<'EOF' || fail "writes lost between logs (above)"
import importlib.util, sys
spec = importlib.util.spec_from_file_location("lw", sys.argv[1])
lw = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lw)
want, total = int(sys.argv[2]), 0
for p in sys.argv[3:]:
    sup, entries = lw.read_log(p)
    assert sup["nr_entries"] == len(entries), (p, sup)
    total += sum(x["kind"].startswith("write") for x in entries)
print("NOTE: %d logs hold %d writes, the disk completed %d" % (len(sys.argv) - 3, total, want))
assert total == want, (total, want)
EOF
ln -f /tmp/lw-sw.0 /tmp/lw-sw.link
echo /tmp/lw-sw.0 >"$(cfs live log_writes)" || fail "log_writes to a file"
w0=$(writes "$dev")
fio --name=sw2 --filename="$dev" --rw=randwrite --bs=4k --direct=1 --ioengine=io_uring \
	--iodepth=16 --size=4M --time_based --runtime=1 --rate_iops=2000 --allow_file_create=0 --output=/tmp/lw-fio5.out >/dev/null &
fpid=$!
wait_writes "$dev" "$w0"	# and half a second
echo /tmp/lw-sw.link >"$(cfs live log_writes)" || fail "log_writes to another name of the log's file"
wait $fpid || { cat /tmp/lw-fio5.out; fail "fio failed across the restart under another name"; }
echo >"$(cfs live log_writes)"
# Nothing of the old log may land in the new one's file after the
# truncation: the file is exactly the new log's blocks.
python3 "$reader" dump /tmp/lw-sw.0 >/tmp/lw-l.json || fail "the log restarted under another name does not parse"
python3 - "$(stat -c %s /tmp/lw-sw.0)" <<'EOF' || fail "the log restarted under another name has the old log's blocks (above)"
import json, sys
o = json.load(open("/tmp/lw-l.json"))
e = o["entries"]
want = 512 + sum(512 + (512 * x["nr_sectors"] if "data_offset" in x else 0) for x in e)
print("NOTE: restarted log: %d entries, file %s bytes, its blocks %d" % (len(e), sys.argv[1], want))
assert o["super"]["nr_entries"] == len(e) > 0 and int(sys.argv[1]) == want
EOF
rm -f /tmp/lw-sw.*
w0=$(writes "$dev")
fio --name=lw2 --filename="$dev" --rw=randwrite --bs=4k --direct=1 --ioengine=io_uring \
	--iodepth=16 --size=16M --loops=20 --rate_iops=4000 --allow_file_create=0 --output=/tmp/lw-fio2.out >/dev/null &
fpid=$!
echo "$ulog" >"$(cfs live log_writes)"
wait_writes "$dev" "$w0"
kill -0 $fpid 2>/dev/null && echo "NOTE: power 0 with fio running"
echo 0 >"$(cfs live power)" || fail "power 0 while logging"
wait $fpid || true	# fio sees the disk go
python3 "$reader" dump "$ulog" >/tmp/lw-p.json || fail "the log after power 0 does not parse"
dev=$(ub_up live)
w0=$(writes "$dev")
fio --name=lw3 --filename="$dev" --rw=randwrite --bs=4k --direct=1 --ioengine=io_uring \
	--iodepth=16 --size=16M --loops=20 --rate_iops=4000 --allow_file_create=0 --output=/tmp/lw-fio3.out >/dev/null &
fpid=$!
wait_writes "$dev" "$w0"
kill -0 $fpid 2>/dev/null && echo "NOTE: rmdir with fio running"
rmdir "$UB_CFS/live" || fail "rmdir while logging"
wait $fpid || true
python3 "$reader" dump "$ulog" >/tmp/lw-r.json || fail "the log after rmdir does not parse"
python3 -c '
import json
for p in ("/tmp/lw-p.json", "/tmp/lw-r.json"):
    o = json.load(open(p)); n = len(o["entries"])
    print("NOTE:", p, n, "entries")
    assert n > 0 and o["super"]["nr_entries"] == n, o["super"]' || fail "a log finished by power 0 or rmdir is empty"
# A log device too small: writing the log fails, logging stops with a
# dmesg line, the device's own writes all succeed, a mark gets EIO, and
# clearing log_writes still finishes and closes the log.  64 KiB hold the
# super block and 14 entries of a 4 KiB write (512 + 4096 bytes each):
# the 15th fails at the log's end, and block 0 counts the 14 written
# whole (make check once saw a full log whose super block still said 0,
# and so read as empty, when logging stopped between flushes).
slog=$(ub_up slog capacity=64K)
dev=$(ub_up full capacity=8M write_cache=1 log_writes="$slog")
dd if=/dev/urandom of="$dev" bs=4K count=32 oflag=direct status=none || fail "writes to a device whose log is full"
for ((i = 0; i < 50; i++)); do
	dmesg | grep -q "log_writes: writing entry 14 failed (-28), logging stopped" && break
	sleep 0.1
done
line=$(dmesg | grep -m1 "log_writes: writing entry") || fail "no dmesg line for the full log"
echo "NOTE: dmesg: ${line#*] }"
ctl_rc 1 mark full late
expect_grep "mark after the log stopped" /tmp/ctl.err "Input/output error"
echo >"$(cfs full log_writes)" || fail "clearing a stopped log"
python3 "$reader" dump "$slog" >/tmp/lw-s.json || fail "the stopped log does not parse"
python3 -c '
import json
o = json.load(open("/tmp/lw-s.json"))
e = o["entries"]
assert o["super"]["nr_entries"] == 14 and len(e) == 14, (o["super"], len(e))
assert all(x["kind"] == "write" and x["nr_sectors"] == 8 for x in e), e[:3]
assert [x["sector"] for x in e] == list(range(0, 112, 8)), [x["sector"] for x in e]' ||
	fail "the full log does not count its 14 whole entries (above)"
ub_down full
exit 0
