#!/bin/bash
# uringblkctl latency-model and the profile key latency_model: every kind
# uploads and `latency_model` shows its words and percentiles; a bad model
# is exit 2 with the reason and leaves the model in use; an unpowered
# device is exit 1; --from-stats of a device that measured nothing is
# exit 1; --from-fio of a file without json+ bins is exit 2.  apply
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
expect_grep "nothing measured" /tmp/ctl.err "t1: no read or write latency measured yet"
ub_mkdev t2 completion=model
ctl_rc 1 latency-model t2 fixed 1ms
expect_grep "unpowered" /tmp/ctl.err "not powered"

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
