#!/bin/bash
# completion=model replays: the same latency_seed and the same
# single-threaded sequence of reads give the same per-request delays (the
# debugfs latency_trace, the model's draws in order) after a power cycle;
# another seed gives other delays.  The model is uploaded with
# `uringblkctl latency-model`, and `latency_model` shows its summary.
# No timing: it runs on the debug kernel too.
. "$(dirname "$0")/lib.sh"

n=$(scale 200)
dev=$(ub_up mr0 capacity=16M completion=model latency_seed=7)
ctl_rc 0 latency-model mr0 uniform 10us 200us
expect_eq latency_model "$(attr mr0 latency_model)" \
	"uniform 10us 200us: p50=105000 p99=198100 max=200000"
trace=/sys/kernel/debug/uringblk/${dev#/dev/}/latency_trace
[ -r "$trace" ] || fail "no $trace"

# run OUT: power cycle (the sequence restarts), N 4k reads at QD1, the trace.
run() {
	echo 0 >"$UB_CFS/mr0/power"
	dev=$(ub_up mr0)
	dd if="$dev" of=/dev/null bs=4k count="$n" iflag=direct status=none || fail "dd"
	cp "$trace" "$1"
}
run /tmp/t1
run /tmp/t2
lines=$(wc -l </tmp/t1)
[ "$lines" -ge "$n" ] || fail "trace has $lines draws, want at least $n"
distinct=$(cut -d' ' -f2 /tmp/t1 | sort -u | wc -l)
[ "$distinct" -ge $((n / 2)) ] || fail "only $distinct distinct delays in $lines draws"
awk '$2 < 10000 || $2 > 200000 { bad = 1 } END { exit bad }' /tmp/t1 ||
	fail "a delay outside the model's 10..200 us"
cmp -s /tmp/t1 /tmp/t2 || { diff /tmp/t1 /tmp/t2 | head >&2 || true; fail "same seed, same sequence: delays differ"; }

echo 0 >"$UB_CFS/mr0/power"
echo 8 >"$UB_CFS/mr0/latency_seed" || fail "latency_seed 8"
run /tmp/t3
cmp -s /tmp/t1 /tmp/t3 && fail "seed 8 drew the same delays as seed 7"
echo "model-replay: $lines draws, $distinct distinct, identical after a power cycle"
