#!/bin/bash
# completion=model against fio (millisecond-scale models, so TCG's timer
# slack stays small beside them); the figures go to the kernel log
# ("model-timing:") for the record.
#  - a table built from a known set (--from-fio of a json+ file the test
#    writes: 45% 2 ms, 40% 3 ms, 12.5% 5 ms, 2.2% 10 ms, 0.3% 20 ms, so
#    P50 3, P90 5, P99 10, P99.9 20 ms sit inside plateaus): fio's clat P50
#    and P90 at QD1, less the inline device's P50 and P90 measured here,
#    within 10% of the model's; P99 and P99.9 at least the model's and
#    within 25%;
#  - round trip: --from-stats of a device running lognormal 2ms 0.5,
#    replayed on a second device: fio's P50 and P90 within 10% of the
#    first's;
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

# Overhead of the path without a delay, in the same boot.
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
read -r _ _ f50 f90 f99 f999 <<<"$(fio_run "$dev" psync 1 3000)"
note "known set QD1: fio P50 $f50 P90 $f90 P99 $f99 P99.9 $f999 ns; model 3/5/10/20 ms"
within "known set P50 (less inline P50)" $((f50 - o50)) 3000000 10
within "known set P90 (less inline P90)" $((f90 - o90)) 5000000 10
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
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
i2=$(median "${ci[@]}") m2=$(median "${cm[@]}")
u2=$(median "${ui[@]}") um2=$(median "${um[@]}")
note "channels=4 fixed 1ms: QD16 $i16 IOPS mean $m16 ns; QD2 $i2 IOPS mean $m2 ns (${ci[*]}); channels=0 QD2 $u2 IOPS mean $um2 ns (${ui[*]})"
within "QD16 IOPS" "$i16" 4000 15
within "QD16 mean clat" "$m16" 4000000 15
within "QD2 IOPS (against channels=0)" "$i2" "$u2" 15
within "QD2 mean clat (against channels=0)" "$m2" "$um2" 15
[ "$m2" -ge 1000000 ] || fail "QD2 mean clat $m2 below the model's 1 ms"
