#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The part of `make bench` that runs inside the guest.

Makes comparable 1 GiB devices in one boot (uringblk, null_blk
memory_backed=1, null_blk memory_backed=0 irqmode=0 as the no-copy
ceiling, brd), fills them, then runs each fio workload on each device in
turn (A B C D A B C D ...) REPEATS times and writes every figure to a JSON
file: per cell the median, min and max IOPS, bandwidth and p50/p99
latency, plus scale, memory and cost figures.  Then, same boot, zoned
uringblk against zoned null_blk and the zone bookkeeping cost (issue 18),
and the file backend against loop with direct I/O on one file (issue 17).
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


# The six cells every device pair runs: 4k random at QD1 and QD32, 128k
# sequential at QD8.
BASE_WORKLOADS = [
    ("randread-4k-qd1", dict(rw="randread", bs="4k", qd=1)),
    ("randread-4k-qd32", dict(rw="randread", bs="4k", qd=32)),
    ("randwrite-4k-qd1", dict(rw="randwrite", bs="4k", qd=1)),
    ("randwrite-4k-qd32", dict(rw="randwrite", bs="4k", qd=32)),
    ("seqread-128k-qd8", dict(rw="read", bs="128k", qd=8)),
    ("seqwrite-128k-qd8", dict(rw="write", bs="128k", qd=8)),
]


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
    raise RuntimeError("bench: %s did not appear" % path)


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


def fio(dev, rw, bs, qd, runtime, jobs=1, hipri=False, extra=(), size="1G",
        time_based=True, randommap=False):
    cmd = ["fio", "--name=b", "--filename=" + dev, "--rw=" + rw, "--bs=" + bs,
           "--iodepth=%d" % qd, "--numjobs=%d" % jobs, "--group_reporting",
           "--direct=1", "--ioengine=io_uring",
           "--size=" + size] + ([] if randommap else ["--norandommap"]) + [
           "--randrepeat=0", "--lat_percentiles=1",
           "--output-format=json"] + list(extra)
    if time_based:
        cmd += ["--time_based", "--runtime=%d" % runtime]
    if hipri:
        cmd.append("--hipri")
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode:
        raise RuntimeError("fio on %s: %s" % (dev, (run.stderr or run.stdout)[-400:]))
    out = run.stdout
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


CTL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                   "configfs-tools", "uringblkctl")


def bench_latency(runtime):
    """One fio run of 4k random reads at QD1 on a fresh, filled device
    with the defaults: fio's json+ latency bins and percentiles, and the
    driver's own histogram of the same reads (the fill only writes), for
    bench/latency.py's percentile chart."""
    dev = make_ub("lat0", capacity="256M")
    sh("fio --name=fill --filename=%s --rw=write --bs=1M --direct=1 "
       "--ioengine=io_uring --iodepth=4 --size=256M >/dev/null" % dev)
    run = subprocess.run(
        ["fio", "--name=lat", "--filename=" + dev, "--rw=randread", "--bs=4k",
         "--iodepth=1", "--direct=1", "--ioengine=io_uring", "--size=256M",
         "--norandommap", "--randrepeat=0", "--time_based",
         "--runtime=%d" % runtime, "--clat_percentiles=1",
         "--lat_percentiles=1", "--output-format=json+"],
        check=True, capture_output=True, text=True)
    side = json.loads(run.stdout[run.stdout.index("{"):])["jobs"][0]["read"]
    hist = subprocess.run([CTL, "--json", "stats", "lat0", "--hist"], check=True,
                          capture_output=True, text=True).stdout
    destroy_ub("lat0")
    return {"title": "uringblk 4k randread QD1, %s" % os.uname().release,
            "driver_hist": json.loads(hist),
            "fio": {"clat_bins": side["clat_ns"]["bins"],
                    "lat_bins": side["lat_ns"]["bins"],
                    "clat_percentiles": side["clat_ns"]["percentile"],
                    "ios": side["total_ios"]}}


def volatile_cache_cost():
    """Issue 27: volatile_cache=1 vs 0 (both write_cache=1) on 4k random
    writes with no overwrites: each pair on fresh devices, 64 MiB of a
    1 GiB device each written once (fio's random map), so every write
    is the first to its page and its shadow is a hole.  5 pairs."""
    pairs = []
    for _ in range(5):
        iops = {}
        for vc in (0, 1):
            dev = make_ub("vc%d" % vc, write_cache=1, volatile_cache=vc)
            iops[vc] = fio(dev, "randwrite", "4k", 1, 0, size="1G",
                           extra=("--io_size=64M",), time_based=False,
                           randommap=True)["iops"]
            destroy_ub("vc%d" % vc)
        pairs.append(iops[0] / iops[1] - 1.0)
    return {"median": statistics.median(pairs), "min": min(pairs),
            "max": max(pairs)}


def model_zero_cost(runtime):
    """Issue 29: completion=model with `fixed 0` vs completion=inline, 4k
    random reads at QD1 and QD32 on two 64 MiB devices set up alike and
    written once, 5 interleaved pairs each (a zero delay arms no timer:
    the model's whole cost is one draw per request)."""
    devs = {}
    for c in ("inline", "model"):
        devs[c] = make_ub("mz" + c, capacity="64M", completion=c)
        sh("fio --name=fill --filename=%s --rw=write --bs=1M --direct=1 "
           "--ioengine=io_uring --size=64M >/dev/null" % devs[c])
    subprocess.run([CTL, "latency-model", "mzmodel", "fixed", "0"], check=True)
    out = {}
    for qd in (1, 32):
        pairs = []
        for _ in range(5):
            iops = {c: fio(d, "randread", "4k", qd, runtime, size="64M")["iops"]
                    for c, d in devs.items()}
            pairs.append(iops["model"] / iops["inline"] - 1.0)
        out["qd%d" % qd] = {"median": statistics.median(pairs),
                            "min": min(pairs), "max": max(pairs)}
    for c in devs:
        destroy_ub("mz" + c)
    return out


def main():
    outfile, repeats, runtime = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    clock = sys.argv[4] if len(sys.argv) > 4 else "wall"
    # "all"; "main": the device table and its extras only; "latency": the
    # latency chart's run only (the smallest part, a minute).
    parts = sys.argv[5] if len(sys.argv) > 5 else "all"
    res = {"kernel": os.uname().release, "vcpus": NCPU,
           "repeats": repeats, "runtime_s": runtime, "clock": clock}
    if parts == "latency":
        res["latency"] = bench_latency(runtime)
        save(outfile, res)
        return
    sh("modprobe null_blk nr_devices=0")
    sh("modprobe brd rd_nr=1 rd_size=%d max_part=0" % (1 << 20))
    devs = {
        "uringblk": make_ub("bench0", poll_queues=1, nr_hw_queues=NCPU),
        # Issue 25: the driver with no copy, our own ceiling, set up as
        # null_blk is (no statistics, a non-blocking queue), and the
        # memory backend set up the same way, to weigh the copy alone.
        "uringblk_none": make_ub("bench1", backend="none", poll_queues=1,
                                 nr_hw_queues=NCPU, stats=0, blocking=0),
        "uringblk_lean": make_ub("bench2", poll_queues=1, nr_hw_queues=NCPU,
                                 stats=0, blocking=0),
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

    workloads = BASE_WORKLOADS + [
        ("randread-4k-qd32-polled", dict(rw="randread", bs="4k", qd=32,
                                         hipri=True)),
        ("randread-4k-qd32-%djobs" % NCPU, dict(rw="randread", bs="4k",
                                                qd=32, jobs=NCPU)),
    ]
    polled = {"uringblk", "uringblk_none", "uringblk_lean", "null_blk_mb1"}
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
    extra["volatile_cache_cost"] = volatile_cache_cost()
    extra["model_zero_cost"] = model_zero_cost(runtime)

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

    res.update(cells=cells, extra=extra)
    save(outfile, res)
    # The anchors' memory back to the guest before the file and zoned
    # parts (6 GiB holds two more pairs of 1 GiB devices, not four).
    for name in ("nbmem", "nbnocopy"):
        wr("%s/%s/power" % (NB, name), 0)
        os.rmdir("%s/%s" % (NB, name))
    destroy_ub("bench1")
    destroy_ub("bench2")
    sh("rmmod brd")
    try:
        res["latency"] = bench_latency(runtime)
    except Exception as e:  # noqa: BLE001 - reported, not hidden
        print("bench: latency failed: %r" % e, flush=True)
        res["latency"] = {"error": repr(e)}
    save(outfile, res)
    if parts == "main":
        return
    # Each part on its own: a failure is recorded, the rest still runs.
    # Zoned first: the file part runs more code outside the driver.
    for key, part in (("zoned", bench_zoned),
                      ("file_vs_loop", bench_file)):
        def partial(cells, key=key):
            res[key] = cells
            save(outfile, res)
        try:
            res[key] = part(repeats, runtime, partial)
        except Exception as e:  # noqa: BLE001 - reported, not hidden
            print("bench: %s failed: %r" % (key, e), flush=True)
            res[key] = {"error": repr(e)}
        save(outfile, res)


def save(outfile, res):
    with open(outfile + ".new", "w") as f:
        json.dump(res, f, indent=1)
    os.replace(outfile + ".new", outfile)


def interleave(devs, workloads, repeats, runtime, size, label, on_round=None):
    """Each workload on each device in turn, REPEATS times: cells.
    ON_ROUND(cells so far) after each round, so a guest that dies keeps
    the rounds it finished."""
    samples = {}
    for r in range(repeats):
        for wname, w in workloads:
            for dname, dev in devs.items():
                if "before" in w:
                    w["before"](dev)
                s = fio(dev, w["rw"], w["bs"], w["qd"], runtime, size=size,
                        extra=w.get("extra", ()),
                        time_based=w.get("time_based", True))
                samples.setdefault(wname, {}).setdefault(dname, []).append(s)
                print("bench: %s round %d %-24s %-16s %9.0f IOPS" %
                      (label, r + 1, wname, dname, s["iops"]), flush=True)
        if on_round:
            on_round({w: {d: summarize(v) for d, v in ds.items()}
                      for w, ds in samples.items()}, r + 1)
    return {w: {d: summarize(v) for d, v in ds.items()}
            for w, ds in samples.items()}


def sched(dev, want=None):
    """The disk's I/O scheduler ([bracketed] one); sets it first if WANT."""
    path = "/sys/block/%s/queue/scheduler" % os.path.basename(dev)
    if want:
        wr(path, want)
    cur = rd(path)
    return cur[cur.index("[") + 1:cur.index("]")] if "[" in cur else cur


FILE_SIZE = "512M"


def file_pair(tag, disk, mnt):
    """Mount DISK (ext4) at MNT, write a FILE_SIZE file on it in full (no
    read may hit an unwritten extent), and put a uringblk backend=file
    device and a loop --direct-io=on device on that one file."""
    os.makedirs(mnt, exist_ok=True)
    sh("mount %s %s" % (disk, mnt))
    path = mnt + "/backing.img"
    sh("fio --name=fill --filename=%s --rw=write --bs=1M --direct=1 "
       "--ioengine=io_uring --iodepth=4 --size=%s >/dev/null" % (path, FILE_SIZE))
    sh("sync")
    info = {"file_size": os.path.getsize(path)}
    # Loop's write cache is on (the file has fsync), so uringblk's too:
    # with write_cache=0 every write would be DSYNC, a flush of the disk.
    name = "fb" + tag
    os.mkdir("%s/%s" % (UB, name))
    for k, v in (("backend", "file"), ("path", path), ("direct", 1),
                 ("capacity", 0), ("nr_hw_queues", NCPU), ("write_cache", 1),
                 ("power", 1)):
        wr("%s/%s/%s" % (UB, name, k), v)
    ub = "/dev/" + rd("%s/%s/disk" % (UB, name))
    wait_node(ub)
    loop = subprocess.run(["losetup", "--direct-io=on", "-f", "--show", path],
                          check=True, capture_output=True, text=True).stdout.strip()
    wait_node(loop)
    lname = os.path.basename(loop)
    info.update({"uringblk_capacity": int(rd("%s/%s/capacity" % (UB, name))),
                 "loop_dio": rd("/sys/block/%s/loop/dio" % lname),
                 "loop_write_cache": rd("/sys/block/%s/queue/write_cache" % lname),
                 "uringblk_write_cache": rd("/sys/block/%s/queue/write_cache" %
                                            os.path.basename(ub)),
                 "loop_default_scheduler": sched(loop),
                 "uringblk_scheduler": sched(ub)})
    # Both without an I/O scheduler: loop's default (mq-deadline on its
    # single queue) would only make the anchor slower.
    info["loop_scheduler"] = sched(loop, "none")

    def teardown():
        sh("losetup -d " + loop)
        destroy_ub(name)
        sh("umount " + mnt)
    return {"uringblk_file": ub, "loop_dio": loop}, info, teardown


def bench_file(repeats, runtime, partial):
    """Issue 17: uringblk backend=file vs loop --direct-io=on, one file.

    Two disks under ext4, each with one file, uringblk and loop on it:
    virtio-blk (vm-run.sh --disk; persistent, but in virtual time a guest
    waiting for the host's I/O idles, and its clock then jumps to the next
    timer), and brd (guest RAM: every nanosecond is an instruction of the
    guest, so the table shows what the two drivers cost).  All four
    devices take turns.
    """
    sh("modprobe virtio_blk; modprobe ext4 2>/dev/null || true; "
       "modprobe loop 2>/dev/null || true")
    disks = {}

    def vda():
        wait_node("/dev/vda")
        return "/dev/vda"

    def ram():
        sh("modprobe brd rd_nr=1 rd_size=%d max_part=0" % (640 << 10))
        wait_node("/dev/ram0")
        sh("mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 /dev/ram0")
        return "/dev/ram0"
    out = {}
    devs = {}
    for tag, fs, get in (("virtio-blk", "ext4 on virtio-blk", vda),
                         ("brd", "ext4 on brd (640 MiB)", ram)):
        try:
            d, info, teardown = file_pair(tag.replace("-", ""), get(),
                                          "/tmp/bench-" + tag)
        except Exception as e:  # noqa: BLE001 - reported, not hidden
            print("bench: file on %s failed: %r" % (tag, e), flush=True)
            out[tag] = {"error": repr(e)}
            continue
        info["fs"] = fs
        disks[tag] = (d, info, teardown)
        for k, v in d.items():
            devs["%s@%s" % (k, tag)] = v
    workloads = list(BASE_WORKLOADS)
    def split(cells, rounds):
        for tag, (d, info, _) in disks.items():
            out[tag] = {"info": info, "rounds": rounds,
                        "cells": {w: {k: ds["%s@%s" % (k, tag)] for k in d}
                                  for w, ds in cells.items()}}
        partial({"disks": out})
    interleave(devs, workloads, repeats, runtime, FILE_SIZE, "file", split)
    for _, _, teardown in disks.values():
        teardown()
    return {"disks": out}


def bench_zoned(repeats, runtime, partial):
    """Issue 18: uringblk zoned vs null_blk zoned; zone bookkeeping cost.

    Zoned sequential write: the whole 1 GiB device once per run (fio
    --zonemode=zbd, 128k at QD32), all zones reset before each run, so both
    devices allocate their memory again.  Zone append: no user-space path
    issues REQ_OP_ZONE_APPEND to a plain block device (io_uring and fio
    have no append on one; btrfs -O zoned appends, but that measures the
    file system), so it is not measured.
    """
    zsize = 64 << 20
    nzones = (1 << 30) // zsize
    devs = {
        "uringblk_zoned": make_ub("zb0", zoned=1, zone_size="64M",
                                  nr_hw_queues=NCPU),
        "null_blk_zoned": make_nullb("nbzoned", size=1024, zoned=1,
                                     zone_size=zsize >> 20, memory_backed=1,
                                     submit_queues=NCPU, blocksize=512),
    }
    info = {"zone_size": zsize, "nr_zones": nzones,
            "append": "not measured: no user-space path issues "
                      "REQ_OP_ZONE_APPEND to a plain block device"}
    for d, dev in devs.items():
        info[d + "_scheduler"] = sched(dev)

    def reset(dev):
        sh("blkzone reset " + dev)
    workloads = [
        ("seqwrite-128k-qd32-zbd",
         dict(rw="write", bs="128k", qd=32, before=reset, time_based=False,
              extra=("--zonemode=zbd",))),
    ]
    info["conv_range"] = "%dM" % ((nzones - 1) * (zsize >> 20))
    cells = interleave(devs, workloads, repeats, runtime, "1G", "zoned",
                       lambda c, r: partial({"cells": c, "info": info}))
    destroy_ub("zb0")
    wr(NB + "/nbzoned/power", 0)
    os.rmdir(NB + "/nbzoned")

    # Zone bookkeeping on conventional zones only: all zones conventional
    # but the last, 4k randwrite QD32 within the conventional range,
    # against a plain device; both filled first.
    conv = info["conv_range"]
    devs = {
        "uringblk_conv": make_ub("zc0", zoned=1, zone_size="64M",
                                 zone_nr_conv=nzones - 1, nr_hw_queues=NCPU),
        "uringblk_plain": make_ub("pl0", nr_hw_queues=NCPU),
    }
    for dev in devs.values():
        sh("fio --name=fill --filename=%s --rw=write --bs=1M --direct=1 "
           "--ioengine=io_uring --iodepth=4 --size=%s >/dev/null" % (dev, conv))
    workloads = [("randwrite-4k-qd32-conv", dict(rw="randwrite", bs="4k", qd=32))]
    cells.update(interleave(devs, workloads, repeats, runtime, conv, "conv",
                            lambda c, r: partial({"cells": dict(cells, **c),
                                                  "info": info})))
    destroy_ub("zc0")
    destroy_ub("pl0")
    return {"cells": cells, "info": info}


if __name__ == "__main__":
    main()
