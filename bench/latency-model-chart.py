#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The chart of Documentation/latency-models.md: the model's CDF (lognormal
2ms 0.5) beside fio's measured clat CDF of the captured device and of the
device replaying it (--from-stats), from the "NOTE: model-cdf NAME bins"
lines model-timing prints into a guest log.

Usage: bench/latency-model-chart.py VM_LOG OUT.png
"""
import math
import os
import subprocess
import sys
import tempfile


def cdf_of(bins):
    pts = sorted((int(k), int(v)) for k, v in (b.split(":") for b in bins.split(",")))
    n = sum(c for _, c in pts)
    seen, out = 0, []
    for ns, c in pts:
        seen += c
        out.append((ns / 1e6, seen / n))
    return out


def main():
    log, png = sys.argv[1], sys.argv[2]
    series = {}
    for line in open(log, errors="replace"):
        i = line.find("NOTE: model-cdf ")
        if i < 0:
            i = line.find("model-cdf ")
            if i < 0 or "NOTE" not in line:
                continue
        parts = line[line.find("model-cdf ") + 10:].split()
        if len(parts) == 2:
            series[parts[0]] = cdf_of(parts[1])
    if not series:
        sys.exit("%s: no model-cdf lines" % log)
    base = os.path.join(tempfile.mkdtemp(prefix="lm-chart."), "cdf")
    with open(base + ".model.dat", "w") as f:
        for k in range(1, 400):
            ms = k * 0.02
            z = math.log(ms / 2.0) / 0.5
            f.write("%g %g\n" % (ms, 0.5 * math.erfc(-z / math.sqrt(2))))
    plot = ("set terminal pngcairo size 900,520\nset output '%s'\n"
            "set title 'lognormal 2ms 0.5: model, fio on the device, fio on its --from-stats replay (QD1)'\n"
            "set xlabel 'completion latency, ms'\nset ylabel 'fraction of requests'\n"
            "set key right bottom\nset grid\nset xrange [0:8]\n"
            "plot '%s.model.dat' with lines lw 2 title 'model'" % (png, base))
    for name, pts in sorted(series.items()):
        with open("%s.%s.dat" % (base, name), "w") as f:
            for x, y in pts:
                f.write("%g %g\n" % (x, y))
        plot += ", '%s.%s.dat' with steps lw 1 title 'fio, %s'" % (base, name, name)
    subprocess.run(["gnuplot"], input=plot + "\n", text=True, check=True)


main()
