#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn a bench JSON into a markdown table (stdout) and a PNG chart.

Usage: bench/report.py RESULTS.json CHART.png MACHINE-DESCRIPTION
"""
import json
import subprocess
import sys

ANCHORS = ["brd", "null_blk_mb1", "null_blk_mb0"]
DEVICES = ["uringblk"] + ANCHORS


def main():
    res = json.load(open(sys.argv[1]))
    png, machine = sys.argv[2], sys.argv[3]
    cells = res["cells"]
    icount = res.get("clock") == "icount"
    print("Kernel %s, %d vCPUs, %s; fio io_uring direct, %d s per run, "
          "%d interleaved repeats, medians (min-max) of IOPS." %
          (res["kernel"], res["vcpus"], machine, res["runtime_s"], res["repeats"]))
    if icount:
        print()
        print("Virtual time (QEMU -icount shift=0): one guest instruction is "
              "1 ns, so IOPS = 10^9 / instructions per I/O; repeats agree to "
              "about 0.5%% (2.6%% in the widest cell so far) and host load does "
              "not enter. Real hardware weighs "
              "copies (here a rep-string iteration each) and branches "
              "differently. The vCPUs share one virtual clock, so the "
              "%d-jobs row and the 1/4/16-device totals count instructions "
              "too, not parallel scaling." % res["vcpus"])
    print()
    print("| workload | uringblk | brd | null_blk mb=1 | null_blk mb=0 (no copy) "
          "| vs brd | vs nb mb=1 | vs nb mb=0 |")
    print("|---|---|---|---|---|---|---|---|")
    rows = []
    for w, ds in cells.items():
        def fmt(d):
            if d not in ds:
                return "-"
            c = ds[d]["iops"]
            return "%.0f (%.0f-%.0f)" % (c["median"], c["min"], c["max"])

        def ratio(d):
            if d not in ds or "uringblk" not in ds:
                return "-"
            return "%.2fx" % (ds["uringblk"]["iops"]["median"] /
                              ds[d]["iops"]["median"])
        print("| %s | %s | %s | %s | %s | %s | %s | %s |" %
              (w, fmt("uringblk"), fmt("brd"), fmt("null_blk_mb1"),
               fmt("null_blk_mb0"), ratio("brd"), ratio("null_blk_mb1"),
               ratio("null_blk_mb0")))
        rows.append((w, [ds[d]["iops"]["median"] if d in ds else 0
                         for d in DEVICES]))
    lat = cells.get("randread-4k-qd1", {})
    if lat:
        print()
        print("QD1 4k randread p50 latency (us): " + ", ".join(
            "%s %.1f" % (d, lat[d]["p50_us"]["median"]) for d in DEVICES if d in lat))
    x = res["extra"]
    print()
    rr, pl = cells.get("randread-4k-qd32", {}), cells.get("randread-4k-qd32-polled", {})
    if "uringblk" in rr and "uringblk" in pl:
        print("- uringblk polled vs interrupt-mode 4k randread QD32: %.2fx" %
              (pl["uringblk"]["iops"]["median"] / rr["uringblk"]["iops"]["median"]))
    if "null_blk_mb0" in rr and "brd" in rr:
        print("- the no-copy blk-mq ceiling (null_blk mb=0) vs brd, 4k randread "
              "QD32: %.2fx" % (rr["null_blk_mb0"]["iops"]["median"] /
                               rr["brd"]["iops"]["median"]))
    print("- statistics cost (stats=1 vs 0, 4k randread QD32, 5 pairs): "
          "%+.1f%% median (%+.1f%% .. %+.1f%%)" %
          tuple(100 * x["stats_cost"][k] for k in ("median", "min", "max")))
    print("- one armed non-matching fault rule vs none: %+.1f%% median "
          "(%+.1f%% .. %+.1f%%)" %
          tuple(100 * x["fault_rule_cost"][k] for k in ("median", "min", "max")))
    print("- memory_used / data written (1 GiB filled): %.4f" % x["memory_used_ratio_1g"])
    print("- create and power a 1 TiB thin device: %.3f s" % x["create_1t_seconds"])
    print("- total 4k randread QD32 IOPS with 1 / 4 / 16 devices: %s" %
          " / ".join("%.0f" % x["scale_total_iops"][k] for k in ("1", "4", "16")))

    dat = sys.argv[1] + ".dat"
    with open(dat, "w") as f:
        for w, vals in rows:
            f.write("%s %s\n" % (w, " ".join("%.0f" % v for v in vals)))
    plot = """
set terminal pngcairo size 1400,600 noenhanced
set output '%s'
set title 'IOPS per workload (%s)'
set style data histograms
set style histogram clustered gap 1
set style fill solid border -1
set xtics rotate by -30
set ylabel 'IOPS (median)'
set key top right
plot '%s' using 2:xtic(1) title 'uringblk', '' using 3 title 'brd', \
     '' using 4 title 'null_blk mb=1', '' using 5 title 'null_blk mb=0'
""" % (png, res["kernel"], dat)
    subprocess.run(["gnuplot"], input=plot, text=True, check=True)


if __name__ == "__main__":
    main()
