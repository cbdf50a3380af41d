#!/bin/bash
# uringblkctl stats --prometheus (issue 30 item 3): node-exporter's
# textfile format, read back with prometheus_client's own parser.  Exact:
# 256 direct 4 KiB writes and 128 reads give those counters, the latency
# histogram's +Inf bucket and count equal them, buckets never decrease.
. "$(dirname "$0")/lib.sh"

dev=$(ub_up pr0 capacity=16M)
# The partition scan reads at power on: count from here (as tool-admin).
ctl_rc 0 reset-stats pr0
dd if=/dev/zero of="$dev" bs=4k count=256 oflag=direct status=none || fail "dd write"
dd if="$dev" of=/dev/null bs=4k count=128 iflag=direct status=none || fail "dd read"
ctl_rc 0 --json stats pr0
cp /tmp/ctl.out /tmp/pr.json
ctl_rc 0 stats pr0 --prometheus
/usr/bin/python3 - /tmp/ctl.out /tmp/pr.json <<'PY' || fail "--prometheus output (above)"
import json
import sys
from prometheus_client.parser import text_string_to_metric_families

fams = {f.name: f for f in text_string_to_metric_families(open(sys.argv[1]).read())}
def val(fam, suffix, op, le=None):
    for s in fams[fam].samples:
        if s.name == fam + suffix and s.labels.get("op") == op and \
           s.labels.get("device") == "pr0" and (le is None or s.labels.get("le") == le):
            return s.value
    sys.exit("no %s%s op=%s le=%s" % (fam, suffix, op, le))

bad = []
for op, n in (("write", 256), ("read", 128)):
    if val("uringblk_ios", "_total", op) != n:
        bad.append("ios_total %s %s, want %d" % (op, val("uringblk_ios", "_total", op), n))
    if val("uringblk_bytes", "_total", op) != n * 4096:
        bad.append("bytes_total %s" % op)
    if val("uringblk_latency_seconds", "_count", op) != n:
        bad.append("latency count %s" % op)
    if val("uringblk_latency_seconds", "_bucket", op, "+Inf") != n:
        bad.append("+Inf bucket %s" % op)
    if not val("uringblk_latency_seconds", "_sum", op) > 0:
        bad.append("latency sum %s" % op)
    cum = [s.value for s in fams["uringblk_latency_seconds"].samples
           if s.name.endswith("_bucket") and s.labels["op"] == op]
    if any(b < a for a, b in zip(cum, cum[1:])) or len(cum) != 28:
        bad.append("buckets of %s: %d, not cumulative or not 27 edges and +Inf" % (op, len(cum)))
    # Edges where they say: none below the fastest request, all below an
    # edge above the slowest (exact min_ns and max_ns from --json).
    lat = json.load(open(sys.argv[2]))["ops"][op]
    for smp in fams["uringblk_latency_seconds"].samples:
        if not smp.name.endswith("_bucket") or smp.labels["op"] != op or smp.labels["le"] == "+Inf":
            continue
        edge_ns = float(smp.labels["le"]) * 1e9
        if edge_ns <= lat["min_ns"] and smp.value != 0:
            bad.append("%s: %g requests under %g ns, min_ns is %d" % (op, smp.value, edge_ns, lat["min_ns"]))
        if edge_ns > lat["max_ns"] and smp.value != n:
            bad.append("%s: %g requests under %g ns, max_ns is %d" % (op, smp.value, edge_ns, lat["max_ns"]))
if fams["uringblk_ios"].type != "counter" or fams["uringblk_latency_seconds"].type != "histogram":
    bad.append("types")
if bad:
    sys.exit("; ".join(bad))
PY
ub_down pr0
exit 0
