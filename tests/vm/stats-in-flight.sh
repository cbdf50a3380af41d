#!/bin/bash
# in_flight (a difference of per-CPU sums read while requests move between
# CPUs) stays within [0, the tag count] under load: fio polls completions
# (--hipri) and runs interrupt-driven I/O over two queues while its
# threads are moved from CPU to CPU, so requests start on one CPU and
# complete on another, and a reader polls in_flight throughout; at rest
# it reads 0.  The reader sleeps 1 ms after each CPU it sums (debugfs
# delay_in_sum_us), so many requests start or end on CPUs already read:
# without the clamp the difference wraps to near 2^64 within seconds.
. "$(dirname "$0")/lib.sh"

dev=$(ub_up if0 capacity=64M nr_hw_queues=2 poll_queues=1)
qd=$(attr if0 queue_depth)
tags=$((qd * 3))
f=/sys/block/${dev#/dev/}/uringblk/in_flight
pattern write "$dev" 0 16M 1
echo 1000 >/sys/kernel/debug/uringblk/${dev#/dev/}/delay_in_sum_us
python3 - "$dev" "$f" "$tags" "$(scale 8)" <<'PY' || fail "in_flight left [0, $tags] under load"
import os, subprocess, sys
dev, path, tags, secs = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
common = ["--filename=" + dev, "--bs=4k", "--direct=1", "--ioengine=io_uring", "--iodepth=16",
          "--size=16M", "--time_based", "--runtime=" + secs, "--thread", "--rw=randrw"]
# Job options follow --name; --hipri follows the engine that defines it.
fio = subprocess.Popen(["fio", "--output=/tmp/inflight-fio.out", "--name=polled"] + common
                       + ["--hipri", "--numjobs=2", "--name=irq"] + common + ["--numjobs=2"],
                       stdout=subprocess.DEVNULL)
cpus = sorted(os.sched_getaffinity(0))
fd = os.open(path, os.O_RDONLY)
reads = moves = 0
top, bad = 0, []
while fio.poll() is None:
    v = int(os.pread(fd, 64, 0))
    reads += 1
    top = max(top, v)
    if v > tags:
        bad.append(v)
    if reads % 20 == 0 and len(cpus) > 1:
        # Move every fio thread to the next CPU: starts and completions
        # of one request then land on different CPUs.
        try:
            for tid in os.listdir("/proc/%d/task" % fio.pid):
                try:
                    os.sched_setaffinity(int(tid), {cpus[(reads // 20 + int(tid)) % len(cpus)]})
                    moves += 1
                except OSError:
                    pass
        except OSError:
            pass
rest = int(os.pread(fd, 64, 0))
print("in_flight: %d reads, %d thread moves, max %d, %d above %d tags%s, at rest %d"
      % (reads, moves, top, len(bad), tags, " (e.g. %d)" % bad[0] if bad else "", rest), file=sys.stderr)
if fio.returncode:
    print(open("/tmp/inflight-fio.out").read(), file=sys.stderr)
    sys.exit("fio failed")
assert reads > 50, "too few reads"
assert not bad and rest == 0
PY
