#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The part of `make bench` that runs inside the guest.

Makes comparable 1 GiB devices in one boot (uringblk, null_blk
memory_backed=1, null_blk memory_backed=0 irqmode=0 as the no-copy
ceiling, brd), fills them, then runs each fio workload on each device in
turn (A B C D A B C D ...) REPEATS times and writes every figure to a JSON
file: per cell the median, min and max IOPS, bandwidth and p50/p99
latency, plus scale, memory and cost figures.
"""
import json
import os
import statistics
import subprocess
import sys
import time

CFS = "/sys/kernel/config"
UB = CFS + "/uringblk"
NB = CFS + "/nullb"
NCPU = os.cpu_count()


def sh(cmd):
    subprocess.run(cmd, shell=True, check=True)


def wr(path, val):
    with open(path, "w") as f:
        f.write(str(val))


def rd(path):
    with open(path) as f:
        return f.read().strip()


def wait_node(path):
    for _ in range(200):
        if os.path.exists(path):
            return
        time.sleep(0.05)
    raise SystemExit("bench: %s did not appear" % path)


def make_ub(name, capacity="1G", **attrs):
    os.mkdir("%s/%s" % (UB, name))
    wr("%s/%s/capacity" % (UB, name), capacity)
    for k, v in attrs.items():
        wr("%s/%s/%s" % (UB, name, k), v)
    wr("%s/%s/power" % (UB, name), 1)
    dev = "/dev/" + rd("%s/%s/disk" % (UB, name))
    wait_node(dev)
    return dev


def destroy_ub(name):
    wr("%s/%s/power" % (UB, name), 0)
    os.rmdir("%s/%s" % (UB, name))


def make_nullb(name, **attrs):
    os.mkdir("%s/%s" % (NB, name))
    for k, v in attrs.items():
        wr("%s/%s/%s" % (NB, name, k), v)
    wr("%s/%s/power" % (NB, name), 1)
    dev = "/dev/" + name
    wait_node(dev)
    return dev


def fio(dev, rw, bs, qd, runtime, jobs=1, hipri=False, extra=()):
    cmd = ["fio", "--name=b", "--filename=" + dev, "--rw=" + rw, "--bs=" + bs,
           "--iodepth=%d" % qd, "--numjobs=%d" % jobs, "--group_reporting",
           "--direct=1", "--ioengine=io_uring", "--time_based",
           "--runtime=%d" % runtime, "--size=1G", "--norandommap",
           "--randrepeat=0", "--lat_percentiles=1",
           "--output-format=json"] + list(extra)
    if hipri:
        cmd.append("--hipri")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    job = json.loads(out[out.index("{"):])["jobs"][0]
    side = job["read"] if job["read"]["io_bytes"] else job["write"]
    # Total latency (submission + completion): a driver that completes
    # inline finishes inside the submitting system call, so clat alone
    # would be near zero for every device.
    pct = side.get("lat_ns", {}).get("percentile", {})
    return {"iops": side["iops"], "bw_kib": side["bw"],
            "p50_us": pct.get("50.000000", 0) / 1000.0,
            "p99_us": pct.get("99.000000", 0) / 1000.0}


def summarize(samples):
    out = {}
    for key in ("iops", "bw_kib", "p50_us", "p99_us"):
        vals = [s[key] for s in samples]
        out[key] = {"median": statistics.median(vals), "min": min(vals),
                    "max": max(vals)}
    return out


def main():
    outfile, repeats, runtime = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    clock = sys.argv[4] if len(sys.argv) > 4 else "wall"
    sh("modprobe null_blk nr_devices=0")
    sh("modprobe brd rd_nr=1 rd_size=%d max_part=0" % (1 << 20))
    devs = {
        "uringblk": make_ub("bench0", poll_queues=1, nr_hw_queues=NCPU),
        "null_blk_mb1": make_nullb("nbmem", size=1024, memory_backed=1,
                                   submit_queues=NCPU, poll_queues=1,
                                   blocksize=512),
        "null_blk_mb0": make_nullb("nbnocopy", size=1024, memory_backed=0,
                                   irqmode=0, submit_queues=NCPU,
                                   blocksize=512),
        "brd": "/dev/ram0",
    }
    for dev in devs.values():
        sh("fio --name=fill --filename=%s --rw=write --bs=1M --direct=1 "
           "--ioengine=io_uring --iodepth=4 --size=1G >/dev/null" % dev)

    workloads = [
        ("randread-4k-qd1", dict(rw="randread", bs="4k", qd=1)),
        ("randread-4k-qd32", dict(rw="randread", bs="4k", qd=32)),
        ("randwrite-4k-qd1", dict(rw="randwrite", bs="4k", qd=1)),
        ("randwrite-4k-qd32", dict(rw="randwrite", bs="4k", qd=32)),
        ("seqread-128k-qd8", dict(rw="read", bs="128k", qd=8)),
        ("seqwrite-128k-qd8", dict(rw="write", bs="128k", qd=8)),
        ("randread-4k-qd32-polled", dict(rw="randread", bs="4k", qd=32,
                                         hipri=True)),
        ("randread-4k-qd32-%djobs" % NCPU, dict(rw="randread", bs="4k",
                                                qd=32, jobs=NCPU)),
    ]
    polled = {"uringblk", "null_blk_mb1"}
    samples = {}
    for r in range(repeats):
        for wname, w in workloads:
            for dname, dev in devs.items():
                if w.get("hipri") and dname not in polled:
                    continue
                s = fio(dev, w["rw"], w["bs"], w["qd"], runtime,
                        jobs=w.get("jobs", 1), hipri=w.get("hipri", False))
                samples.setdefault(wname, {}).setdefault(dname, []).append(s)
                print("bench: round %d %-26s %-13s %9.0f IOPS" %
                      (r + 1, wname, dname, s["iops"]), flush=True)
    cells = {w: {d: summarize(v) for d, v in ds.items()}
             for w, ds in samples.items()}

    # Polled vs interrupt on the same uringblk device.
    extra = {}
    # Statistics cost: stats=1 vs stats=0 on the same device, 5 pairs.
    pairs = []
    for _ in range(5):
        pair = {}
        for st in (1, 0):
            wr(UB + "/bench0/stats", st)
            pair[st] = fio(devs["uringblk"], "randread", "4k", 32, runtime)["iops"]
        pairs.append(pair[0] / pair[1] - 1.0)
    wr(UB + "/bench0/stats", 1)
    extra["stats_cost"] = {"median": statistics.median(pairs),
                           "min": min(pairs), "max": max(pairs)}
    # Fault path cost: no rule vs one armed rule that never matches.
    rule = UB + "/bench0/faults/far"
    os.mkdir(rule)
    wr(rule + "/ops", "write")
    pairs = []
    for _ in range(5):
        pair = {}
        for armed in (0, 1):
            wr(rule + "/enable", armed)
            pair[armed] = fio(devs["uringblk"], "randread", "4k", 32, runtime)["iops"]
        pairs.append(pair[0] / pair[1] - 1.0)
    wr(rule + "/enable", 0)
    os.rmdir(rule)
    extra["fault_rule_cost"] = {"median": statistics.median(pairs),
                                "min": min(pairs), "max": max(pairs)}

    # Metadata overhead: memory_used / distinct bytes written.
    used = int(rd(UB + "/bench0/memory_used"))
    extra["memory_used_ratio_1g"] = used / float(1 << 30)
    destroy_ub("bench0")
    # 1 TiB thin device: create and power time.
    t0 = time.monotonic()
    make_ub("thin", capacity="1T")
    extra["create_1t_seconds"] = time.monotonic() - t0
    destroy_ub("thin")
    # Scale: total IOPS with 1, 4 and 16 devices at once.
    scale = {}
    for n in (1, 4, 16):
        names = ["sc%d" % i for i in range(n)]
        ds = [make_ub(x, capacity="64M") for x in names]
        for d in ds:
            sh("fio --name=f --filename=%s --rw=write --bs=1M --direct=1 "
               "--ioengine=io_uring --size=64M >/dev/null" % d)
        args = []
        for d in ds:
            args += ["--name=" + d, "--filename=" + d]
        cmd = ["fio", "--rw=randread", "--bs=4k", "--iodepth=32", "--direct=1",
               "--ioengine=io_uring", "--time_based", "--runtime=%d" % runtime,
               "--size=64M", "--group_reporting", "--output-format=json"] + args
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        scale[str(n)] = json.loads(out[out.index("{"):])["jobs"][0]["read"]["iops"]
        for x in names:
            destroy_ub(x)
    extra["scale_total_iops"] = scale

    with open(outfile, "w") as f:
        json.dump({"kernel": os.uname().release, "vcpus": NCPU,
                   "repeats": repeats, "runtime_s": runtime, "clock": clock,
                   "cells": cells, "extra": extra}, f, indent=1)


if __name__ == "__main__":
    main()
