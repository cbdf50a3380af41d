#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn a bench JSON into a markdown table (stdout) and a PNG chart.

Usage: bench/report.py RESULTS.json CHART.png MACHINE-DESCRIPTION [PREVIOUS.json]

With PREVIOUS.json (the last recorded run of the same kernel), every
ratio of the main table is compared with it, and a line says which ones
dropped by more than 3%: ratios, not IOPS, since recorded runs come from
different host CPUs.
"""
import json
import subprocess
import sys

import latency

ANCHORS = ["brd", "null_blk_mb1", "null_blk_mb0"]
DEVICES = ["uringblk", "uringblk_none"] + ANCHORS


def iops(c):
    i = c["iops"]
    return "%.0f (%.0f-%.0f)" % (i["median"], i["min"], i["max"])


# (name, numerator, denominator): the ratios a run is judged by.
RATIOS = [("uringblk/brd", "uringblk", "brd"),
          ("uringblk/null_blk_mb1", "uringblk", "null_blk_mb1"),
          ("uringblk/null_blk_mb0", "uringblk", "null_blk_mb0"),
          # Since 20261204: both with stats=0 blocking=0 (new names, so
          # that runs with the old set-up are not compared).
          ("none-lean/null_blk_mb0", "uringblk_none", "null_blk_mb0"),
          ("memory-lean/none-lean", "uringblk_lean", "uringblk_none")]


def ratios(cells):
    out = {}
    for w, ds in cells.items():
        for name, a, b in RATIOS:
            if a in ds and b in ds:
                out[(w, name)] = ds[a]["iops"]["median"] / ds[b]["iops"]["median"]
    return out


def regressions(cells, clock, previous):
    """Ratios that dropped by more than 3% against the previous run."""
    prev = json.load(open(previous))
    print()
    if prev.get("clock") != clock:
        print("- ratios not compared: %s ran on the %s clock, this run on the %s clock" %
              (previous, prev.get("clock", "wall"), clock))
        return
    if "cells" not in prev:
        print("- ratios not compared: %s has no device table" % previous)
        return
    old, new = ratios(prev["cells"]), ratios(cells)
    common = sorted(set(old) & set(new))
    bad = [(k, old[k], new[k]) for k in common if new[k] < old[k] * 0.97]
    for (w, name), o, n in bad:
        print("- regression: %s %s %.3f -> %.3f (%+.1f%%) against %s" %
              (w, name, o, n, 100 * (n / o - 1), previous))
    if not bad:
        print("- no ratio dropped by more than 3%% against %s (%d compared)" %
              (previous, len(common)))


def none_table(cells):
    """backend=none (issue 25) against the no-copy null_blk, and the
    memory backend against it, both set up as null_blk is."""
    if not any("uringblk_none" in ds for ds in cells.values()):
        return
    print()
    print("backend=none, the driver with no copy, and the memory backend, both "
          "set up as null_blk is (stats=0: no statistics; blocking=0: no "
          "BLK_MQ_F_BLOCKING): none against null_blk memory_backed=0 "
          "irqmode=0, memory against none (the copy alone), memory with the "
          "defaults (stats=1 blocking=1, the main table's uringblk) against "
          "memory lean.")
    print()
    print("| workload | uringblk none | none vs nb mb=0 | uringblk memory lean "
          "| memory vs none | defaults vs lean |")
    print("|---|---|---|---|---|---|")
    for w, ds in cells.items():
        if "uringblk_none" not in ds:
            continue

        def vs(a, b):
            if a not in ds or b not in ds:
                return "-"
            return "%.3fx" % (ds[a]["iops"]["median"] / ds[b]["iops"]["median"])
        print("| %s | %s | %s | %s | %s | %s |" %
              (w, iops(ds["uringblk_none"]), vs("uringblk_none", "null_blk_mb0"),
               iops(ds["uringblk_lean"]) if "uringblk_lean" in ds else "-",
               vs("uringblk_lean", "uringblk_none"),
               vs("uringblk", "uringblk_lean")))
    qd = [(w, ds) for w, ds in cells.items() if w in ("randread-4k-qd1", "randread-4k-qd32")]
    if len(qd) == 2:
        one, many = qd[0][1], qd[1][1]
        print()
        print("QD32 vs QD1 IOPS, 4k randread (1.000: the same cost per request): " +
              ", ".join("%s %.4f" % (d, many[d]["iops"]["median"] / one[d]["iops"]["median"])
                        for d in one if d in many))


def pair_table(title, rows, cols):
    """rows: (workload, {device: cell}, device A, device B) -> a table
    with A, B, A/B and both p99s."""
    print()
    print(title)
    print()
    print("| workload | %s | %s | ratio | p99 us %s | p99 us %s |" %
          (cols[0], cols[1], cols[0], cols[1]))
    print("|---|---|---|---|---|---|")
    for w, ds, a, b in rows:
        if a not in ds or b not in ds:
            continue
        print("| %s | %s | %s | %.2fx | %.1f | %.1f |" %
              (w, iops(ds[a]), iops(ds[b]),
               ds[a]["iops"]["median"] / ds[b]["iops"]["median"],
               ds[a]["p99_us"]["median"], ds[b]["p99_us"]["median"]))


def file_table(part, res_repeats):
    """Issue 17: uringblk backend=file against loop with direct I/O, one
    table per disk under the backing file."""
    if not part:
        return
    if "error" in part:
        print()
        print("File backend vs loop: not measured (%s)." % part["error"])
        return
    for tag, d in part["disks"].items():
        if "error" in d:
            print()
            print("File backend vs loop on %s: not measured (%s)." % (tag, d["error"]))
            continue
        i = d["info"]
        title = ("File backend vs loop (issue 17) on %s: one %d MiB file, "
                 "written in full; uringblk backend=file direct=1 (write "
                 "cache: %s, scheduler %s) and loop --direct-io=on (dio=%s, "
                 "write cache: %s, scheduler %s; its default is %s) on that "
                 "file, same boot, interleaved with the other disk's pair; "
                 "medians (min-max) of IOPS, p99 of total latency." %
                 (i["fs"], i["file_size"] >> 20, i["uringblk_write_cache"],
                  i["uringblk_scheduler"], i["loop_dio"], i["loop_write_cache"],
                  i["loop_scheduler"], i["loop_default_scheduler"]))
        if d.get("rounds", res_repeats) < res_repeats:
            title += (" Only %d of %d rounds finished: the guest died in the "
                      "next one." % (d["rounds"], res_repeats))
        rows = [(w, ds, "uringblk_file", "loop_dio") for w, ds in d["cells"].items()]
        pair_table(title, rows, ("uringblk file", "loop dio"))


def zoned_table(part):
    """Issue 18: zoned uringblk against zoned null_blk; zone bookkeeping."""
    if not part:
        return
    if "error" in part:
        print()
        print("Zoned: not measured (%s)." % part["error"])
        return
    i = part["info"]
    title = ("Zoned (issue 18): 1 GiB in %d zones of %d MiB, same boot, "
             "interleaved. seqwrite: fio --zonemode=zbd writes the whole "
             "device once per run, zones reset before each; uringblk zoned=1 "
             "against null_blk zoned=1 memory_backed=1. conv: 4k randwrite in "
             "the first %s, uringblk zoned with every zone conventional but "
             "the last against a plain uringblk, both filled first." %
             (i["nr_zones"], i["zone_size"] >> 20, i["conv_range"]))
    c = part["cells"]
    rows = []
    if "seqwrite-128k-qd32-zbd" in c:
        rows.append(("seqwrite-128k-qd32-zbd", c["seqwrite-128k-qd32-zbd"],
                     "uringblk_zoned", "null_blk_zoned"))
    pair_table(title, rows, ("uringblk zoned", "null_blk zoned"))
    conv = c.get("randwrite-4k-qd32-conv", {})
    if "uringblk_conv" in conv and "uringblk_plain" in conv:
        a, b = conv["uringblk_conv"], conv["uringblk_plain"]
        print()
        print("| workload | uringblk zoned, conventional zones | uringblk plain "
              "| ratio | p99 us zoned | p99 us plain |")
        print("|---|---|---|---|---|---|")
        print("| randwrite-4k-qd32-conv | %s | %s | %.2fx | %.1f | %.1f |" %
              (iops(a), iops(b), a["iops"]["median"] / b["iops"]["median"],
               a["p99_us"]["median"], b["p99_us"]["median"]))
    print()
    print("- zone append at QD32: %s" % i["append"])


LABELS = {"uringblk": "uringblk", "uringblk_none": "uringblk none",
          "uringblk_lean": "uringblk memory lean", "brd": "brd",
          "null_blk_mb1": "null_blk mb=1", "null_blk_mb0": "null_blk mb=0",
          "uringblk_file": "uringblk file", "loop_dio": "loop dio",
          "uringblk_zoned": "uringblk zoned", "null_blk_zoned": "null_blk zoned",
          "uringblk_conv": "uringblk zoned, conventional zones",
          "uringblk_plain": "uringblk plain"}


def bars(cells, workloads, devices, dat):
    """One line per workload: median, min, max of each device's IOPS."""
    with open(dat, "w") as f:
        for w in workloads:
            vals = []
            for d in devices:
                c = cells[w].get(d, {}).get("iops")
                vals += [c["median"], c["min"], c["max"]] if c else [0, 0, 0]
            f.write("%s %s\n" % (w, " ".join("%.0f" % v for v in vals)))


def panel(dat, title, devices):
    """A gnuplot histogram with min-max error bars, devices as clusters."""
    using = ", ".join("'%s' using %d:%d:%d%s title '%s'" %
                      (dat, 2 + 3 * i, 3 + 3 * i, 4 + 3 * i,
                       ":xtic(1)" if i == 0 else "", LABELS.get(d, d))
                      for i, d in enumerate(devices))
    return "set title '%s'\nplot %s\n" % (title, using)


def charts(res, base, png):
    """The main PNG: 4k and 128k on separate axes (their IOPS differ 6x),
    error bars from min to max of the repeats; the file and zoned parts
    in PNGs of their own beside it."""
    cells = res["cells"]
    devs = [d for d in DEVICES[:1] + ["uringblk_none", "uringblk_lean"] + ANCHORS
            if any(d in ds for ds in cells.values())]
    small = [w for w in cells if "-4k-" in w]
    large = [w for w in cells if "-128k-" in w]
    head = """set terminal pngcairo size 1600,650 noenhanced
set output '%s'
set style data histograms
set style histogram errorbars gap 2 lw 1
set style fill solid border -1
set xtics rotate by -25
set ylabel 'IOPS (median; bars: min-max of the repeats)'
set key top right font ',9'
set yrange [0:*]
"""
    plot = head % png + "set multiplot layout 1,2 title '%s'\n" % res["kernel"]
    for name, ws in (("4k", small), ("128k", large)):
        dat = "%s.%s.dat" % (base, name)
        bars(cells, ws, devs, dat)
        plot += panel(dat, "%s I/O" % name, devs)
    plot += "unset multiplot\n"
    subprocess.run(["gnuplot"], input=plot, text=True, check=True)

    parts = []
    fv = res.get("file_vs_loop") or {}
    for tag, d in (fv.get("disks") or {}).items():
        if isinstance(d, dict) and "cells" in d:
            parts.append(("file-" + tag, "file backend vs loop on %s" % tag,
                          d["cells"], ["uringblk_file", "loop_dio"]))
    z = res.get("zoned") or {}
    if "cells" in z:
        # A panel per workload: each compares its own pair, at its own scale.
        out = png[:-4] + "-zoned.png"
        plot = (head % out).replace("1600,650", "1200,500")
        plot += "set multiplot layout 1,%d title 'zoned'\n" % len(z["cells"])
        for w, ds in z["cells"].items():
            dat = "%s.zoned-%s.dat" % (base, w)
            zdevs = sorted(ds)
            bars(z["cells"], [w], zdevs, dat)
            plot += panel(dat, w, zdevs)
        plot += "unset multiplot\n"
        subprocess.run(["gnuplot"], input=plot, text=True, check=True)
    for tag, title, c, pdevs in parts:
        out = png[:-4] + "-%s.png" % tag
        dat = "%s.%s.dat" % (base, tag)
        bars(c, list(c), pdevs, dat)
        plot = (head % out).replace("1600,650", "900,500") + panel(dat, title, pdevs)
        subprocess.run(["gnuplot"], input=plot, text=True, check=True)


def latency_report(res, base, png):
    """The latency chart (bench/latency.py) beside the main PNG."""
    lat = res.get("latency")
    if not lat:
        return
    print()
    if "error" in lat:
        print("Latency chart: the run failed: %s" % lat["error"])
        return
    print("Latency (%d reads): %s" % (lat["fio"]["ios"], latency.chart(lat, base, png[:-4] + "-latency.png", res.get("clock", "wall"))))


def main():
    res = json.load(open(sys.argv[1]))
    png, machine = sys.argv[2], sys.argv[3]
    if "cells" not in res:
        # BENCH_PARTS=latency: the latency chart alone.
        latency_report(res, sys.argv[1], png)
        return
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
    none_table(cells)
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
    if "volatile_cache_cost" in x:
        print("- volatile_cache=1 vs 0 (write_cache=1), 4k randwrite QD1 with no "
              "overwrites, 5 pairs: %+.1f%% median (%+.1f%% .. %+.1f%%)" %
              tuple(100 * x["volatile_cache_cost"][k] for k in ("median", "min", "max")))
    if "model_zero_cost" in x:
        m = x["model_zero_cost"]
        print("- completion=model `fixed 0` vs completion=inline, 4k randread, 5 pairs: "
              "QD1 %+.1f%% median (%+.1f%% .. %+.1f%%), QD32 %+.1f%% (%+.1f%% .. %+.1f%%)" %
              tuple(100 * m[q][k] for q in ("qd1", "qd32") for k in ("median", "min", "max")))
    print("- memory_used / data written (1 GiB filled): %.4f" % x["memory_used_ratio_1g"])
    print("- create and power a 1 TiB thin device: %.3f s" % x["create_1t_seconds"])
    print("- total 4k randread QD32 IOPS with 1 / 4 / 16 devices: %s" %
          " / ".join("%.0f" % x["scale_total_iops"][k] for k in ("1", "4", "16")))

    if len(sys.argv) > 4:
        regressions(cells, res.get("clock", "wall"), sys.argv[4])
    file_table(res.get("file_vs_loop"), res["repeats"])
    zoned_table(res.get("zoned"))

    charts(res, sys.argv[1], png)
    latency_report(res, sys.argv[1], png)


if __name__ == "__main__":
    main()
