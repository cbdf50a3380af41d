#!/bin/bash
# list: a row per device with name, disk, capacity, queues, poll queues,
# block sizes, features and memory used; --json carries the same values.
. "$(dirname "$0")/lib.sh"
stock_only "table and JSON output of attributes the cfs- cases read"

# No device: no table at all (as lsblk), an empty array in JSON.
ctl_rc 0 list
expect_eq "rows with no device" "$(wc -l </tmp/ctl.out)" 0
ctl_rc 0 list --json
expect_eq "json with no device" "$(python3 -c 'import json,sys; print(len(json.load(open("/tmp/ctl.out"))["devices"]))')" 0

d0=$(ub_up l0 capacity=64M nr_hw_queues=1 poll_queues=1)
ub_mkdev l1 capacity=2G logical_block_size=4096 write_cache=1 discard=0
pattern write "$d0" 0 1M 3
ctl_rc 0 list
row=$(grep '^l0 ' /tmp/ctl.out) || fail "no row for l0"
set -- $row
expect_eq "l0 disk" "$2" "$(basename "$d0")"
expect_eq "l0 capacity" "$3" 64M
expect_eq "l0 queues" "$4" 1
expect_eq "l0 poll" "$5" 1
expect_eq "l0 block sizes" "$6" 512/4096
expect_eq "l0 features" "$7" discard,write_zeroes,stats,poll
expect_eq "l0 memory used" "$8" "$(attr l0 memory_used)"
[ "$8" -ge $((1 << 20)) ] || fail "memory_used $8 below the 1 MiB written"
row=$(grep '^l1 ' /tmp/ctl.out) || fail "no row for l1"
set -- $row
expect_eq "l1 disk (off)" "$2" -
expect_eq "l1 capacity" "$3" 2G
expect_eq "l1 block sizes" "$6" 4096/4096
expect_eq "l1 features" "$7" write_zeroes,write_cache,stats

ctl_rc 0 list --json
python3 - "$(attr l0 memory_used)" <<'PY' || fail "list --json values"
import json, sys
devs = {d["name"]: d for d in json.load(open("/tmp/ctl.out"))["devices"]}
assert set(devs) == {"l0", "l1"}, devs
l0, l1 = devs["l0"], devs["l1"]
assert l0["capacity"] == 64 << 20 and l0["nr_hw_queues"] == 1 and l0["poll_queues"] == 1, l0
assert l0["power"] is True and l0["disk"].startswith("uringblk"), l0
assert l0["memory_used"] == int(sys.argv[1]), l0
assert l0["completion"] == "inline" and "poll" in l0["features"], l0
assert l1["power"] is False and l1["disk"] == "" and l1["logical_block_size"] == 4096, l1
assert l1["discard"] is False and l1["write_cache"] is True, l1
PY

# lsblk's table options: -o in the user's order and any case, -n, -r; a
# column that does not exist is a usage error before anything is read.
ctl_rc 0 list -o capacity,NAME -n -r
expect_eq "list -o -n -r" "$(tr '\n' ' ' </tmp/ctl.out)" "64M l0 2G l1 "
ctl_rc 0 list --output power,name --raw
expect_eq "list --output --raw with a header" "$(head -n 1 /tmp/ctl.out)" "POWER NAME"
ctl_rc 2 list -o name,colour
expect_grep "bad column" /tmp/ctl.err "list: unknown column 'colour'"
ctl_rc 0 list --help
expect_grep "columns in --help" /tmp/ctl.out "LAST_ERROR *"
