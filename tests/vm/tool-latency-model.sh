#!/bin/bash
# uringblkctl latency-model and the profile key latency_model: every kind
# uploads and `latency_model` shows its words and percentiles; a bad model
# is exit 2 with the reason and leaves the model in use; an unpowered
# device is exit 1; --from-stats of a device that measured nothing is
# exit 1; --from-fio of a file without json+ bins is exit 2.  fio's
# reads, writes and trims, and every operation a device measured, each
# get a table of their own (the others take the reads').  apply
# uploads a profile's latency_model once the device is powered, save
# writes it back, and save-destroy-apply gives the same model.
. "$(dirname "$0")/lib.sh"
stock_only "user-space logic: model kinds and profile keys (admin-latency-model and model-replay upload there)"

ub_up t0 capacity=16M completion=model >/dev/null
expect_eq "before any model" "$(attr t0 latency_model)" none
ctl_rc 0 latency-model t0 fixed 1ms
expect_grep "summary" /tmp/ctl.out "t0: latency model fixed 1ms: p50=1000000 p99=1000000 max=1000000"
expect_eq fixed "$(attr t0 latency_model)" "fixed 1ms: p50=1000000 p99=1000000 max=1000000"
# 2% at 20 ms: P99 lies inside the tail's plateau (with 1% it would sit
# on its edge, between the body and the tail).
ctl_rc 0 latency-model t0 lognormal 2ms 0.5 tail 2 20ms
case $(attr t0 latency_model) in
"lognormal 2ms 0.5 tail 2 20ms: p50="*" p99=20000000 max=20000000") ;;
*) fail "lognormal with a tail: $(attr t0 latency_model)" ;;
esac
keep=$(attr t0 latency_model)

ctl_rc 2 latency-model t0 uniform 3ms 1ms
expect_grep "bad model" /tmp/ctl.err "t0: latency model: uniform: LO 3ms above HI 1ms"
ctl_rc 2 latency-model t0 gamma 1 2
expect_grep "bad kind" /tmp/ctl.err "gamma: unknown kind"
echo '{"jobs": [{"read": {"clat_ns": {"percentile": {}}}}]}' >/tmp/nobins.json
ctl_rc 2 latency-model t0 --from-fio /tmp/nobins.json
expect_grep "no bins" /tmp/ctl.err "/tmp/nobins.json: no clat_ns bins (run fio with --output-format=json+)"
expect_eq "model after refused ones" "$(attr t0 latency_model)" "$keep"

ub_up t1 capacity=16M stats=1 >/dev/null
ctl_rc 0 reset-stats t1
ctl_rc 1 latency-model t0 --from-stats t1
expect_grep "nothing measured" /tmp/ctl.err "t1: no latency measured yet (stats=1 and some I/O first)"
ub_mkdev t2 completion=model
ctl_rc 1 latency-model t2 fixed 1ms
expect_grep "unpowered" /tmp/ctl.err "not powered"

# A table per operation: fio's reads, writes and trims each give their
# own; --from-stats gives every operation the device measured.  Reads at
# 1 ms, writes at 4 ms: fio's randrw sees each at least its own delay and
# the reads' P50 below the writes' 4 ms (lower bounds are exact; not the
# reads' max: one 7.3 run had a read of 10.8 ms, TCG's timer delivery).
echo '{"jobs": [{"read": {"clat_ns": {"bins": {"1000000": 5}}}, "write": {"clat_ns": {"bins": {"4000000": 5}}}}]}' >/tmp/rw.json
rw=$(ub_up t3 capacity=16M completion=model)
ctl_rc 0 latency-model t3 --from-fio /tmp/rw.json
expect_grep "reads' line" /tmp/ctl.out "t3: latency model --from-fio /tmp/rw.json: p50=1000000 p99=1000000 max=1000000"
expect_grep "writes' line" /tmp/ctl.out "t3: latency model --from-fio /tmp/rw.json write: p50=4000000 p99=4000000 max=4000000"
[ "$(grep -c . /tmp/ctl.out)" = 2 ] || fail "latency-model printed other operations' lines: $(cat /tmp/ctl.out)"
ctl_rc 0 --json latency-model t3 --from-fio /tmp/rw.json
python3 - <<'PY' || fail "--json ops of --from-fio (above)"
import json
o = json.load(open("/tmp/ctl.out"))["ops"]
want = {"read": (True, 1000000), "write": (True, 4000000), "flush": (False, 1000000),
        "discard": (False, 1000000), "write_zeroes": (False, 1000000)}
got = {k: (v["measured"], v["p50_ns"]) for k, v in o.items()}
if got != want:
    raise SystemExit("got %s, want %s" % (got, want))
PY
ctl_rc 0 reset-stats t3
fio --name=rw --filename="$rw" --rw=randrw --bs=4k --direct=1 --ioengine=psync --number_ios=60 \
	--size=16M --output-format=json --output=/tmp/rw-fio.json >/dev/null || fail "fio randrw on t3"
python3 - <<'PY' || fail "per-operation delays (above)"
import json
j = json.load(open("/tmp/rw-fio.json"))["jobs"][0]
r, w = j["read"]["clat_ns"], j["write"]["clat_ns"]
r50 = r["percentile"]["50.000000"]
if not (r["min"] >= 1000000 and w["min"] >= 4000000 and r50 < 4000000):
    raise SystemExit("reads min %d P50 %d ns, writes min %d ns: want reads >= 1 ms with P50 below 4 ms, writes >= 4 ms"
                     % (r["min"], r50, w["min"]))
PY
ub_up t4 capacity=16M completion=model >/dev/null
ctl_rc 0 --json latency-model t4 --from-stats t3
python3 - <<'PY' || fail "--from-stats per operation (above)"
import json
o = json.load(open("/tmp/ctl.out"))["ops"]
r, w = o["read"], o["write"]
if not (r["measured"] and w["measured"] and not o["discard"]["measured"]):
    raise SystemExit("measured: %s" % {k: v["measured"] for k, v in o.items()})
if not (1000000 <= r["p50_ns"] < 4000000 <= w["p50_ns"]):
    raise SystemExit("read p50 %d, write p50 %d" % (r["p50_ns"], w["p50_ns"]))
if o["flush"]["p50_ns"] != r["p50_ns"]:
    raise SystemExit("flush (not measured) p50 %d, want the reads' %d" % (o["flush"]["p50_ns"], r["p50_ns"]))
PY

# Profiles.
cat >/tmp/lm.cfg <<'P'
devices = (
  { name = "p0"; capacity = "16M"; completion = "model"; channels = 2; latency_seed = 5;
    latency_model = "uniform 100us 300us"; power = true; }
);
P
ctl_rc 0 apply /tmp/lm.cfg
expect_eq "applied model" "$(attr p0 latency_model)" "uniform 100us 300us: p50=200000 p99=297999 max=300000"
ctl_rc 0 save p0
expect_grep "saved key" /tmp/ctl.out 'latency_model = "uniform 100us 300us";'
cp /tmp/ctl.out /tmp/lm-saved.cfg
ctl_rc 0 destroy p0
ctl_rc 0 apply /tmp/lm-saved.cfg
expect_eq "model after save, destroy, apply" "$(attr p0 latency_model)" \
	"uniform 100us 300us: p50=200000 p99=297999 max=300000"
expect_eq channels "$(attr p0 channels)" 2
ctl_rc 0 apply --dry-run /tmp/lm-saved.cfg
expect_grep "dry run" /tmp/ctl.out "uringblkctl latency-model p0 uniform 100us 300us"

sed 's/uniform 100us 300us/lognormal 1ms 9/' /tmp/lm.cfg >/tmp/lm-bad.cfg
ctl_rc 2 apply /tmp/lm-bad.cfg
expect_grep "profile error" /tmp/ctl.err "/tmp/lm-bad.cfg:3: p0: latency_model: lognormal: MEDIAN must be above 0 and SIGMA in (0, 4]"
sed 's/power = true/power = false/' /tmp/lm.cfg >/tmp/lm-off.cfg
ctl_rc 0 destroy p0
ctl_rc 1 apply /tmp/lm-off.cfg
expect_grep "needs power" /tmp/ctl.err "p0: latency_model: the device must be powered"
