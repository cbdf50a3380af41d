# SPDX-License-Identifier: GPL-2.0
"""The latency chart of `make bench`: percentile curves of one fio run's
reads as the driver's own histogram (`uringblkctl --json stats DEV
--hist`) counts them beside fio's (json+ bins of clat and of the total
latency, and fio's reported clat percentiles as points).

The driver times ->queue_rq to the request's end (admin-plane.md,
"Latency: what is measured"), a subset of fio's total latency, so its
curve lies below that one; with inline completion the request ends inside
the submitting system call, which fio counts as submission, not clat, so
there fio's clat can lie below the driver's curve.  The maths live here,
apart from the guest and gnuplot, so that a host check
(tests/bench-host.sh) runs the doctests.
"""
import math
import subprocess

# Percentiles the curves are drawn at: 50 .. 99.99 on a "nines" axis.
NINES_MAX = 4.0
STEPS = 200


def percentile(buckets, p):
    """The value below which the fraction P of the counts lies, linear
    inside the bucket that holds it.  BUCKETS: (lower, upper, count) in
    ascending order; upper None (the open top bucket) or equal to lower
    (fio's bins, one value each) gives the lower edge.

    >>> b = [(0, 10, 50), (10, 20, 50)]
    >>> percentile(b, 0.5), percentile(b, 0.75), percentile(b, 1.0)
    (10.0, 15.0, 20.0)
    >>> percentile([(100, 100, 3), (200, None, 1)], 0.9)
    200.0
    >>> percentile([], 0.5) is None
    True
    """
    total = sum(c for _, _, c in buckets)
    if not total:
        return None
    want, seen = p * total, 0
    for lo, hi, c in buckets:
        if c and seen + c >= want:
            if hi is None or hi == lo:
                return float(lo)
            return lo + (hi - lo) * (want - seen) / c
        seen += c
    lo, hi, _ = buckets[-1]
    return float(lo if hi is None else hi)


def fio_buckets(bins):
    """fio json+ bins ({"value_ns": count}) as one-value buckets.

    >>> fio_buckets({"2048": 1, "1024": 3})
    [(1024, 1024, 3), (2048, 2048, 1)]
    """
    return sorted((int(v), int(v), int(c)) for v, c in bins.items())


def driver_buckets(hist_json, op="read"):
    """`uringblkctl --json stats DEV --hist` (parsed) as buckets.

    >>> driver_buckets({"ops": {"read": {"buckets": [[0, 4, 2], [256, None, 1]]}}})
    [(0, 4, 2), (256, None, 1)]
    """
    return [(lo, hi, c) for lo, hi, c in hist_json["ops"][op]["buckets"]]


def nines(p):
    """The x position of percentile P: -log10(1 - P).

    >>> round(nines(0.99), 6), round(nines(0.5), 6)
    (2.0, 0.30103)
    """
    return -math.log10(1.0 - p)


def curve(buckets):
    """[(nines, latency_us)] from the 50th percentile up to 99.99 or to
    the last request (a curve past it would only repeat the maximum)."""
    total = sum(c for _, _, c in buckets)
    if not total:
        return []
    top = min(NINES_MAX, nines(1.0 - 1.0 / total) if total > 1 else 0.0)
    lo = nines(0.5)
    pts = []
    for i in range(STEPS + 1):
        x = lo + (top - lo) * i / STEPS
        pts.append((x, percentile(buckets, 1.0 - 10 ** -x) / 1000.0))
    return pts


def chart(lat, base, png, clock="wall"):
    """Writes PNG from LAT (bench-guest.py's "latency" record); BASE is
    the prefix of its data files.  Returns a line for the report."""
    title = lat["title"]
    if clock == "icount":
        title += "; virtual time: 1 ns = 1 guest instruction"
    series = [
        ("uringblk driver histogram (->queue_rq to end)", driver_buckets(lat["driver_hist"]), "lines lw 2"),
        ("fio clat (json+ bins)", fio_buckets(lat["fio"]["clat_bins"]), "lines lw 2"),
        ("fio total latency (json+ bins)", fio_buckets(lat["fio"].get("lat_bins", {})), "lines lw 1 dt 2"),
    ]
    plots = []
    for i, (title, b, style) in enumerate(series):
        pts = curve(b)
        if not pts:
            continue
        dat = "%s.latency-%d.dat" % (base, i)
        with open(dat, "w") as f:
            f.writelines("%.5f %.4f\n" % p for p in pts)
        plots.append("'%s' using 1:2 with %s title '%s'" % (dat, style, title))
    dat = "%s.latency-fio-pct.dat" % base
    with open(dat, "w") as f:
        for p, v in sorted((float(k), v) for k, v in lat["fio"]["clat_percentiles"].items()):
            if 50.0 <= p < 100.0 and nines(p / 100.0) <= NINES_MAX + 1e-9:
                f.write("%.5f %.4f\n" % (nines(p / 100.0), v / 1000.0))
    plots.append("'%s' using 1:2 with points pt 7 ps 1.2 title \"fio's clat percentiles\"" % dat)
    plot = """set terminal pngcairo size 900,550 noenhanced
set output '%s'
set title '%s'
set xlabel 'percentile'
set ylabel 'latency (us)'
set logscale y
set grid
set key top left font ',9'
set xtics ('50' 0.30103, '90' 1, '99' 2, '99.9' 3, '99.99' 4)
set xrange [0.30103:%g]
plot %s
""" % (png, title, NINES_MAX, ", \\\n     ".join(plots))
    subprocess.run(["gnuplot"], input=plot, text=True, check=True)
    d = driver_buckets(lat["driver_hist"])
    c = fio_buckets(lat["fio"]["clat_bins"])
    return ("%s: p50 / p99 / p99.9 in us: driver %s, fio clat %s (chart %s)" %
            (lat["title"],
             " / ".join("%.1f" % (percentile(d, p) / 1000) for p in (0.5, 0.99, 0.999)),
             " / ".join("%.1f" % (percentile(c, p) / 1000) for p in (0.5, 0.99, 0.999)),
             png))
