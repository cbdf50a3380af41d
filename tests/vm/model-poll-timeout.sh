#!/bin/bash
# A modelled request on a poll queue ends through the poll list, as a
# timer request does: fio --hipri at QD4 over a `fixed 2ms` model
# completes, every latency at least 2 ms, and the polled counter grows
# (fio's total latency: its clat starts after the submission returns,
# while the delay starts inside it, so on 6.1 a clat was 1.97 ms).  A
# model delay longer than io_timeout_ms is left to its timer (the timeout
# handler restarts the clock of a request on its timer): a read of a
# `fixed 1500ms` device with io_timeout_ms=500 succeeds after at least
# 1.5 s.  Lower bounds only: it runs on the debug kernel too.
. "$(dirname "$0")/lib.sh"

dev=$(ub_up mp capacity=16M poll_queues=1 completion=model)
ctl_rc 0 latency-model mp fixed 2ms
polled=/sys/block/${dev#/dev/}/uringblk/polled
before=$(<"$polled")
n=$(scale 200)
fio --name=poll --filename="$dev" --rw=randread --bs=4k --direct=1 --ioengine=io_uring \
	--hipri --iodepth=4 --number_ios="$n" --size=16M --output-format=json \
	--output=/tmp/poll.json >/dev/null || { cat /tmp/poll.json; fail "hipri fio on a model device"; }
read -r ios min err <<<"$(python3 -c '
import json
r = json.load(open("/tmp/poll.json"))["jobs"][0]
print(r["read"]["total_ios"], r["read"]["lat_ns"]["min"], r["error"])')"
expect_eq "fio error" "$err" 0
[ "$ios" -ge "$n" ] || fail "hipri: $ios reads done, want $n"
[ "$min" -ge 2000000 ] || fail "hipri: a read took $min ns, below the model's 2 ms"
after=$(<"$polled")
[ $((after - before)) -ge "$n" ] || fail "polled completions grew by $((after - before)), want at least $n"

slow=$(ub_up ms capacity=16M completion=model io_timeout_ms=500)
ctl_rc 0 latency-model ms fixed 1500ms
t0=$(date +%s%N)
dd if="$slow" of=/dev/null bs=4k count=1 skip=100 iflag=direct status=none ||
	fail "a read of a 1.5 s model with io_timeout_ms=500 failed"
dt=$((($(date +%s%N) - t0) / 1000000))
[ "$dt" -ge 1500 ] || fail "a read of a 1.5 s model took $dt ms"
echo "NOTE: model-poll-timeout: $ios polled reads, min latency $min ns; slow read $dt ms"
