#!/bin/bash
# The write-log reader (tests/helpers/log-writes.py, written from the
# kernel's log-writes.rst) against the kernel's own dm-log-writes target:
# two writes, a discard, a FUA write, a flush and a mark through dm-log-writes
# over a uringblk device give a log the reader parses into exactly those
# entry kinds and sizes (and the target's own end mark), and replaying it
# onto a fresh device gives the logged device's bytes.  The half of issue
# 28's interop test that uringblk's own log_writes (not written yet) will
# be compared against.
. "$(dirname "$0")/lib.sh"

# Debian's kernels have CONFIG_DM_LOG_WRITES=m; a kernel without it skips,
# which check.sh's table allows only for the debug kernel.
modprobe dm-log-writes || skip "no dm-log-writes module (CONFIG_DM_LOG_WRITES)"
command -v dmsetup >/dev/null || fail "no dmsetup on the host root"
reader=$UB_TOP/tests/helpers/log-writes.py
data=$(ub_up lwdata capacity=8M write_cache=1 discard=1)
log=$(ub_up lwlog capacity=16M)
fresh=$(ub_up lwfresh capacity=8M)
# The guest runs no udev: dmsetup makes the /dev/mapper node itself.
dmsetup create --noudevsync lw --table "0 16384 log-writes $data $log" || fail "dmsetup create"
trap 'dmsetup remove --noudevsync lw 2>/dev/null; ub_cleanup' EXIT
[ -b /dev/mapper/lw ] || dmsetup mknodes lw
lw=/dev/mapper/lw

dd if=/dev/urandom of=/tmp/lw.a bs=4096 count=2 status=none
dd if=/dev/urandom of=/tmp/lw.b bs=4096 count=1 status=none
dd if=/tmp/lw.a of=$lw bs=4096 seek=16 oflag=direct status=none || fail "write"
blkdiscard -o 1M -l 64K $lw || fail "discard"
dd if=/tmp/lw.b of=$lw bs=4096 seek=512 oflag=direct,dsync status=none || fail "FUA write"
sync $lw || fail "flush (fsync of the device)"
dmsetup message lw 0 mark one || fail "mark"
dmsetup remove --noudevsync lw || fail "dmsetup remove"
trap ub_cleanup EXIT

python3 "$reader" dump "$log" >/tmp/lw.json || fail "the reader refused dm-log-writes' log"
python3 - <<'EOF' || fail "the entries differ (above)"
import json
o = json.load(open("/tmp/lw.json"))
s, e = o["super"], o["entries"]
print("super", s, "entries", [(x["kind"], x["sector"], x["nr_sectors"], x.get("mark")) for x in e])
assert s["sectorsize"] == 512 and s["nr_entries"] == len(e), s
# O_DSYNC may add a flush after the FUA write: flushes are counted apart.
got = sorted((x["kind"], x["sector"], x["nr_sectors"], x.get("mark"))
             for x in e if x["kind"] != "flush")
want = sorted([("write", 128, 8, None), ("write", 136, 8, None), ("discard", 2048, 128, None),
               ("write+fua", 4096, 8, None),
               ("mark", 0, 0, "one"), ("mark", 0, 0, "dm-log-writes-end")])
assert got == want, (got, want)
flushes = [x for x in e if x["kind"] == "flush"]
assert flushes and all(x["nr_sectors"] == 0 for x in flushes), flushes
# dm-log-writes logs a FUA write when it completes, the writes before a
# flush when the flush does (its comment: the order data reaches the disk).
kinds = [x["kind"] for x in e]
assert kinds[0] == "write+fua" and kinds[-2:] == ["mark", "mark"], kinds
assert kinds.index("flush") > kinds.index("discard"), kinds
EOF
python3 "$reader" replay "$log" "$fresh" || fail "replay"
cmp "$data" "$fresh" || fail "the replayed device differs from the logged one"
# Replaying up to a mark stops there; an unknown mark is an error.
python3 "$reader" replay "$log" "$fresh" --end-mark one || fail "replay to mark one"
python3 "$reader" replay "$log" "$fresh" --end-mark nosuch 2>/dev/null && fail "replay to a missing mark succeeded"
exit 0
