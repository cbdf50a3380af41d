#!/bin/bash
# Latency percentiles a storage engineer can trust.  Three checks:
#  - the driver's P50/P90/P99 (GET_LATENCY_HIST's summary) each lie in the
#    bucket that holds that rank in the same histogram's buckets, which the
#    test reads (`stats --hist --json`) and walks itself: within one bucket
#    width (1/64) of the percentile the buckets give.  The bucket edges are
#    checked against the uapi geometry too;
#  - on a timer-completion device at QD1 the driver times a subset of what
#    fio times: its P50 and P99 lie at or above completion_nsec and at or
#    below fio's clat plus 3% (fio's buckets are 1/64 wide too); on the 1 ms
#    device its P50 is also at most 20% below fio's (measured on 6.12 under
#    TCG: 6.6% below, the cost of a system call; a driver 46% low fails).
#    At 100 us that cost is as large as the latency, and TCG's stalls make
#    fio's P99 up to 25% higher even at 1 ms, so those have no lower bound
#    from fio;
#  - a delay rule adding 1 ms to 5% of the reads of a 100 us device: P50
#    and P90 stay below 1 ms, P99 is at or above it.
# The figures go to the kernel log ("lat-precision:") for the record.  The
# debug kernel (7-15x slower, KASAN) skips the comparisons with fio, as
# shared/CLARIFICATIONS.md allows for timing-precision cases; the bucket
# check runs there too.
. "$(dirname "$0")/lib.sh"

note() {
	echo "lat-precision: $*"
	echo "lat-precision: $*" >/dev/kmsg 2>/dev/null || true
}

# drv OP FIELD: one field of `uringblkctl stats --json`, saved in /tmp/ctl.json.
drv() {
	python3 -c 'import json, sys; print(json.load(open("/tmp/ctl.json"))["ops"][sys.argv[1]][sys.argv[2]])' "$1" "$2"
}

# fio_qd1 DEV N: N random 4k reads at QD1; clat P50 and P99 (ns) printed.
fio_qd1() {
	fio --name=qd1 --filename="$1" --rw=randread --bs=4k --direct=1 --ioengine=psync \
		--iodepth=1 --number_ios="$2" --size=32M --randrepeat=0 --norandommap \
		--output-format=json --output=/tmp/fio.json >/dev/null || fail "fio on $1"
	python3 - <<'PY'
import json
j = json.load(open("/tmp/fio.json"))["jobs"][0]["read"]["clat_ns"]
p = j["percentile"]
print(int(p["50.000000"]), int(p["99.000000"]))
PY
}

# hist_check DEV: the driver's percentiles (saved `stats --json` in
# /tmp/ctl.json) against those the test recomputes from the buckets.
hist_check() {
	ctl_rc 0 stats --hist --json "$1"
	python3 - /tmp/ctl.json /tmp/ctl.out <<'PY' || fail "$1: percentiles not in their buckets"
import json, sys
S, M = 6, 8	# URINGBLK_LAT_HIST_SUB_BITS, _MIN_SHIFT
d = json.load(open(sys.argv[1]))["ops"]["read"]
h = json.load(open(sys.argv[2]))["ops"]["read"]
b = sorted(h["buckets"])
n = sum(c for _, _, c in b)
assert n == h["count"] == d["lat_count"], (n, h["count"], d["lat_count"])
for lo, hi, _ in b:
	if hi is None:
		continue
	w = 1 << (max(lo.bit_length() - 1, M) - S)
	assert hi - lo == w and lo % w == 0, ("bucket edges", lo, hi)
for q, key in ((50, "p50_ns"), (90, "p90_ns"), (99, "p99_ns")):
	rank = max(1, -(-n * q // 100))
	seen = 0
	for lo, hi, c in b:
		seen += c
		if seen >= rank:
			break
	hi = d["max_ns"] if hi is None else hi
	print("P%d: driver %d, buckets [%d, %d)" % (q, d[key], lo, hi))
	assert lo <= d[key] <= hi, "P%d %d outside its bucket [%d, %d)" % (q, d[key], lo, hi)
PY
}

check_timer() { # NSEC N P50_TOL_PCT (below fio; 0: no bound from fio)
	local nsec=$1 n=$2 tol=$3 dev d50 d99 f50 f99
	dev=$(ub_up lp$nsec capacity=64M completion=timer completion_nsec="$nsec")
	ctl_rc 0 reset-stats "lp$nsec"
	read -r f50 f99 < <(fio_qd1 "$dev" "$n")
	ctl_rc 0 stats "lp$nsec" --json
	cp /tmp/ctl.out /tmp/ctl.json
	expect_eq "reads counted" "$(drv read ios)" "$n"
	expect_eq "reads in the histogram" "$(drv read lat_count)" "$n"
	d50=$(drv read p50_ns)
	d99=$(drv read p99_ns)
	note "completion_nsec=$nsec n=$n driver p50 $d50 p99 $d99 min $(drv read min_ns)" \
		"mean $(drv read mean_ns) max $(drv read max_ns); fio clat p50 $f50 p99 $f99" \
		"(driver/fio p50 $((d50 * 1000 / f50))/1000, p99 $((d99 * 1000 / f99))/1000)"
	hist_check "lp$nsec"
	[ "$(drv read min_ns)" -ge "$nsec" ] || fail "min $(drv read min_ns) below completion_nsec $nsec"
	[ "$d50" -ge "$nsec" ] || fail "driver P50 $d50 below completion_nsec $nsec"
	[ "$d99" -ge "$nsec" ] || fail "driver P99 $d99 below completion_nsec $nsec"
	[ $((d50 * 100)) -le $((f50 * 103)) ] || fail "driver P50 $d50 above fio's $f50 + 3%"
	[ $((d99 * 100)) -le $((f99 * 103)) ] || fail "driver P99 $d99 above fio's $f99 + 3%"
	if [ "$tol" -gt 0 ]; then
		[ $((d50 * 100)) -ge $((f50 * (100 - tol))) ] ||
			fail "driver P50 $d50 more than $tol% below fio's $f50"
	fi
	ub_down "lp$nsec"
}

if [ "$UB_DEBUG" = 1 ]; then
	note "debug kernel: comparison with fio skipped (timing precision)"
else
	check_timer 100000 4000 0
	check_timer 1000000 1500 20
fi

# 5% of reads delayed by 1 ms on a 100 us device.
n=$(scale 4000)
dev=$(ub_up lpd capacity=64M completion=timer completion_nsec=100000)
ub_rule lpd slow type=delay delay_us=1000 ops=read probability_ppm=50000
ctl_rc 0 reset-stats lpd
fio_qd1 "$dev" "$n" >/dev/null
ctl_rc 0 stats lpd --json
cp /tmp/ctl.out /tmp/ctl.json
hist_check lpd
delayed=$(drv read injected_delays)
p50=$(drv read p50_ns)
p90=$(drv read p90_ns)
p99=$(drv read p99_ns)
note "delay rule 5% +1 ms on 100 us: n=$n delayed $delayed p50 $p50 p90 $p90 p99 $p99" \
	"p99.9 $(drv read p999_ns) max $(drv read max_ns)"
[ "$delayed" -ge $((n * 2 / 100)) ] && [ "$delayed" -le $((n * 8 / 100)) ] ||
	fail "$delayed of $n reads delayed, want about 5%"
[ "$p50" -lt 1000000 ] || fail "P50 $p50 not below 1 ms"
[ "$p90" -lt 1000000 ] || fail "P90 $p90 not below 1 ms"
[ "$p99" -ge 1000000 ] || fail "P99 $p99 below 1 ms"
ub_unrule lpd slow

# --hist draws the same requests as bars.
ctl_rc 0 stats --hist lpd
expect_grep "hist header" /tmp/ctl.out "lpd read: $n requests"
grep -q '#' /tmp/ctl.out || fail "stats --hist: no bars"
ctl_rc 0 stats --hist --json lpd
python3 - "$n" <<'PY' || fail "stats --hist --json"
import json, sys
h = json.load(open("/tmp/ctl.out"))["ops"]["read"]
assert sum(b[2] for b in h["buckets"]) == h["count"] == int(sys.argv[1]), h["count"]
assert all(b[0] < b[1] for b in h["buckets"] if b[1] is not None), h
PY
