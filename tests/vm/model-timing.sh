#!/bin/bash
# completion=model against fio (millisecond-scale models, so TCG's timer
# slack stays small beside them); the figures go to the kernel log
# ("model-timing:") for the record.
#
# What fio measures is the model's delay plus the cost of delivering a
# delayed completion in this guest: the inline path's few microseconds and
# TCG's timer delivery, a distribution of its own (single-threaded TCG runs
# the vCPUs in turn) that grows with the delay and with the host's load (a
# 6.12 guest, completion=timer, P50 of the lateness: +90..155 us at 1 ms,
# +130..460 us at 3 to 5 ms, +290..420 us at 10 ms; one make check under
# load failed a 10% bound at P50 3 ms measured against the inline device
# alone).  So the reference is a device with completion=timer and
# completion_nsec at the model's percentile, in the same boot and
# interleaved with the model's runs: its lateness distribution, added to
# the model's delays, predicts fio's percentile, and the model's P50 "less
# the overhead" is fio's P50 less (prediction - model P50).  The timer
# path shares none of the model's code (tables, sampling, channels), so a
# model that draws the wrong delays still fails.
#  - a table built from a known set (--from-fio of a json+ file the test
#    writes: 45% 2 ms, 40% 3 ms, 12.5% 5 ms, 2.2% 10 ms, 0.3% 20 ms, so
#    P50 3, P90 5, P99 10, P99.9 20 ms sit inside plateaus), three rounds
#    of 1,000 reads each beside 200-read references at 3 ms and 5 ms:
#    fio's clat P50 and P90 at QD1, less the overhead at that percentile,
#    within 10% of the model's (the median of the rounds); P99 and P99.9
#    of the pooled 3,000 at least the model's and within 25%;
#  - round trip: --from-stats of a device running lognormal 2ms 0.5,
#    replayed on a second device: fio's P50 and P90 within 10% of the
#    first's (measured: the same bins or one apart; the driver's histogram
#    does not hold the timer's lateness);
#  - channels=4 with fixed 1ms: QD16 gives 4,000 IOPS and 4 ms mean clat,
#    each within 15% (Little's law: the channels are the bottleneck).  At
#    QD2 they are not, and each request pays TCG's timer delivery on top
#    of its 1 ms (measured: 6.12 1.10 ms, 1,769 IOPS; 6.1 1.19 ms, 1,569
#    IOPS, 21% short of 2,000): QD2's IOPS and mean are compared with a
#    device without a channel limit (channels=0, the same model) in the
#    same boot, the medians of three interleaved runs each, within 15%,
#    and the mean is at least 1 ms.
# The debug kernel skips it (timing precision; expected in check.sh).
. "$(dirname "$0")/lib.sh"
[ "$UB_DEBUG" = 1 ] && skip "debug kernel: timing precision (7-15x slower)"

note() {
	echo "NOTE: model-timing: $*"
	echo "model-timing: $*" >/dev/kmsg 2>/dev/null || true
}

# cdf NAME: fio's clat bins of /tmp/fio.json as "NS:COUNT,..." (the chart
# in Documentation/latency-models.md is drawn from these lines).
cdf() {
	python3 - "$1" <<'PY'
import json, sys
b = json.load(open("/tmp/fio.json"))["jobs"][0]["read"]["clat_ns"]["bins"]
print("NOTE: model-cdf %s %s" % (sys.argv[1], ",".join("%s:%d" % kv for kv in sorted(b.items(), key=lambda kv: int(kv[0])))))
PY
}

# fio_run DEV ENGINE QD N: random 4k reads; prints "IOPS MEAN P50 P90 P99 P99.9" (ns).
fio_run() {
	fio --name=m --filename="$1" --rw=randread --bs=4k --direct=1 --ioengine="$2" \
		--iodepth="$3" --number_ios="$4" --size=16M --randrepeat=0 --norandommap \
		--output-format=json+ --output=/tmp/fio.json >/dev/null || fail "fio on $1"
	python3 - <<'PY'
import json
r = json.load(open("/tmp/fio.json"))["jobs"][0]["read"]
c, p = r["clat_ns"], r["clat_ns"]["percentile"]
print(int(r["iops"]), int(c["mean"]), *(int(p[k]) for k in
      ("50.000000", "90.000000", "99.000000", "99.900000")))
PY
}

# within NAME GOT WANT PCT: |GOT - WANT| <= PCT% of WANT.
within() {
	python3 -c 'import sys; g, w, t = map(float, sys.argv[1:]); sys.exit(abs(g - w) > w * t / 100)' \
		"$2" "$3" "$4" || fail "$1: $2, want $3 within $4%"
}

# pct FILE...: P50 P90 P99 P99.9 (ns) of the pooled clat bins of fio
# json+ files, as fio computes them (the first bin whose running count
# reaches the percentile).
pct() {
	python3 - "$@" <<'PY'
import json, sys
n = {}
for f in sys.argv[1:]:
    for k, v in json.load(open(f))["jobs"][0]["read"]["clat_ns"]["bins"].items():
        n[int(k)] = n.get(int(k), 0) + v
tot, out = sum(n.values()), []
for q in (50, 90, 99, 99.9):
    c = 0
    for k in sorted(n):
        c += n[k]
        if c * 100 >= q * tot:
            out.append(k)
            break
print(*out)
PY
}

median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }

# refdev NS: a device whose every request completes by the timer after NS.
refdev() {
	ub_up "mr$1" capacity=16M completion=timer completion_nsec="$1"
}

# pred REF NS Q: the model's percentile Q (of /tmp/known.json) with the
# lateness of the reference run REF (fio json+ of a completion_nsec=NS
# device) added to every delay: the sum of the two distributions.
pred() {
	python3 - "$@" <<'PY'
import json, sys
bins = lambda f: json.load(open(f))["jobs"][0]["read"]["clat_ns"]["bins"]
ns, q = int(sys.argv[2]), float(sys.argv[3])
late = [(int(k) - ns, v) for k, v in bins(sys.argv[1]).items()]
d = sorted((int(m) + l, w * v) for m, w in bins("/tmp/known.json").items() for l, v in late)
tot, c = sum(w for _, w in d), 0
for x, w in d:
    c += w
    if c * 100 >= q * tot:
        print(x)
        break
PY
}

# The inline path, for the record.
inl=$(ub_up mi capacity=16M)
read -r _ _ o50 o90 _ _ <<<"$(fio_run "$inl" psync 1 400)"
note "inline QD1: P50 $o50 P90 $o90 ns"

# A known set, as fio's json+ bins.
cat >/tmp/known.json <<'J'
{"jobs": [{"read": {"clat_ns": {"bins":
 {"2000000": 450, "3000000": 400, "5000000": 125, "10000000": 22, "20000000": 3}}}}]}
J
dev=$(ub_up mk capacity=16M completion=model latency_seed=1)
ctl_rc 0 latency-model mk --from-fio /tmp/known.json
expect_eq latency_model "$(attr mk latency_model)" \
	"--from-fio /tmp/known.json: p50=3000000 p99=10000000 max=20000000"
r3=$(refdev 3000000) r5=$(refdev 5000000)
d50=() d90=() v3=() v5=()
for r in 1 2 3; do
	read -r _ _ x3 _ _ _ <<<"$(fio_run "$r3" psync 1 200)"
	cp /tmp/fio.json /tmp/ref3.json
	read -r _ _ x5 _ _ _ <<<"$(fio_run "$r5" psync 1 200)"
	cp /tmp/fio.json /tmp/ref5.json
	fio_run "$dev" psync 1 1000 >/dev/null
	cp /tmp/fio.json "/tmp/known.$r.json"
	read -r k50 k90 _ _ <<<"$(pct "/tmp/known.$r.json")"
	p50=$(pred /tmp/ref3.json 3000000 50) p90=$(pred /tmp/ref5.json 5000000 90)
	d50+=($((k50 - (p50 - 3000000)))) d90+=($((k90 - (p90 - 5000000))))
	v3+=("$x3/$p50") v5+=("$x5/$p90")
done
read -r f50 f90 f99 f999 <<<"$(pct /tmp/known.[123].json)"
e50=$(median "${d50[@]}") e90=$(median "${d90[@]}")
note "known set QD1: fio P50 $f50 P90 $f90 P99 $f99 P99.9 $f999 ns (3,000 pooled); references (P50/predicted) at 3 ms ${v3[*]}, at 5 ms ${v5[*]} ns; less the overhead, rounds P50 ${d50[*]} P90 ${d90[*]} ns; model 3/5/10/20 ms"
within "known set P50 (less the overhead)" "$e50" 3000000 10
within "known set P90 (less the overhead)" "$e90" 5000000 10
[ "$f99" -ge 10000000 ] || fail "known set P99 $f99 below the model's 10 ms"
[ "$f999" -ge 20000000 ] || fail "known set P99.9 $f999 below the model's 20 ms"
within "known set P99" "$f99" 10000000 25
within "known set P99.9" "$f999" 20000000 25

# Capture and replay.
a=$(ub_up ma capacity=16M completion=model latency_seed=2)
ctl_rc 0 latency-model ma lognormal 2ms 0.5
ctl_rc 0 reset-stats ma
read -r _ _ a50 a90 _ _ <<<"$(fio_run "$a" psync 1 1500)"
cdf captured
b=$(ub_up mb capacity=16M completion=model latency_seed=3)
ctl_rc 0 latency-model mb --from-stats ma
read -r _ _ b50 b90 _ _ <<<"$(fio_run "$b" psync 1 1500)"
cdf replayed
note "round trip QD1: lognormal 2ms 0.5 P50 $a50 P90 $a90, replayed P50 $b50 P90 $b90 ns"
within "replayed P50" "$b50" "$a50" 10
within "replayed P90" "$b90" "$a90" 10

# Channels.
c=$(ub_up mc capacity=16M completion=model channels=4)
ctl_rc 0 latency-model mc fixed 1ms
read -r i16 m16 _ _ _ _ <<<"$(fio_run "$c" io_uring 16 2000)"
u=$(ub_up mu capacity=16M completion=model)
ctl_rc 0 latency-model mu fixed 1ms
# QD2 on both devices in turn, three times, the medians compared: TCG's
# timer delivery drifts with the host's load within a run (one 6.12 run
# in make check gave 1,470 IOPS against 1,748 in a single pair).
ci=() cm=() ui=() um=()
for r in 1 2 3; do
	read -r a am _ _ _ _ <<<"$(fio_run "$c" io_uring 2 1000)"
	read -r b bm _ _ _ _ <<<"$(fio_run "$u" io_uring 2 1000)"
	ci+=("$a") cm+=("$am") ui+=("$b") um+=("$bm")
done
i2=$(median "${ci[@]}") m2=$(median "${cm[@]}")
u2=$(median "${ui[@]}") um2=$(median "${um[@]}")
note "channels=4 fixed 1ms: QD16 $i16 IOPS mean $m16 ns; QD2 $i2 IOPS mean $m2 ns (${ci[*]}); channels=0 QD2 $u2 IOPS mean $um2 ns (${ui[*]})"
within "QD16 IOPS" "$i16" 4000 15
within "QD16 mean clat" "$m16" 4000000 15
within "QD2 IOPS (against channels=0)" "$i2" "$u2" 15
within "QD2 mean clat (against channels=0)" "$m2" "$um2" 15
[ "$m2" -ge 1000000 ] || fail "QD2 mean clat $m2 below the model's 1 ms"
