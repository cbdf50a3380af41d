#!/bin/bash
# The benchmark's latency chart without a guest: the percentile maths'
# doctests (bench/latency.py), and bench/report.py on a latency-only
# results file (BENCH_PARTS=latency) makes the PNG and a summary line
# whose driver percentiles are the ones the fixture's buckets give.
# Prints "PASS name" or "FAIL name reason" per check; exit 1 on a failure.
. "$(dirname "$0")/host-lib.sh"
host_tmp

if out=$(cd "$top/bench" && python3 -B -m doctest latency.py 2>&1); then pass bench/latency-doctests; else
	fail bench/latency-doctests "$(echo "$out" | grep -m3 -E 'line|Expected|Got' | tr '\n' ' ')"
fi

# 1000 reads: the driver's buckets put 500 in [1000, 2000) ns, 490 in
# [2000, 3000), 10 in [10000, 20000): p50 2.0 us (the first bucket's top),
# p99 3.0 us, p99.9 19.0 us (linear inside a bucket).
cat >"$d/r.json" <<'JSON'
{"kernel": "test", "vcpus": 2, "repeats": 1, "runtime_s": 1, "clock": "icount",
 "latency": {"title": "fixture",
  "driver_hist": {"name": "lat0", "ops": {"read": {"count": 1000,
    "buckets": [[1000, 2000, 500], [2000, 3000, 490], [10000, 20000, 10]]}}},
  "fio": {"clat_bins": {"1500": 500, "2500": 490, "16000": 10},
          "lat_bins": {"2500": 500, "3500": 490, "17000": 10},
          "clat_percentiles": {"50.000000": 1500, "99.000000": 2500, "99.900000": 16000},
          "ios": 1000}}}
JSON
if out=$(cd "$d" && python3 -B "$top/bench/report.py" r.json r.png "test machine" 2>&1) &&
	[ -s "$d/r-latency.png" ]; then
	pass bench/latency-chart
else
	fail bench/latency-chart "no r-latency.png: $(echo "$out" | tail -3 | tr '\n' ' ')"
fi
if grep -q "driver 2.0 / 3.0 / 19.0, fio clat 1.5 / 2.5 / 16.0" <<<"$out"; then pass bench/latency-figures; else
	fail bench/latency-figures "report said: $(echo "$out" | tail -1)"
fi
exit $rc
