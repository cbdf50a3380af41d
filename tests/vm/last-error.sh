#!/bin/bash
# last_error (issue 26 item 1): a refused power on says why in one line,
# "ENAME: reason", the text of its dmesg line; the device stays off; the
# next refusal replaces it and a successful power on empties it.
# uringblkctl prints it after the errno of a refused power write, and
# list shows it (a line under the device's row, a key in --json).
. "$(dirname "$0")/lib.sh"

# why DEV WANT: the errno of power=1, last_error and the dmesg line.
why() {
	expect_write "$UB_CFS/$1/power" 1 "${2%%:*}"
	expect_eq "$1 last_error" "$(attr "$1" last_error)" "$2"
	expect_eq "$1 power" "$(attr "$1" power)" 0
	dmesg | grep -qF "uringblk: $1: power on refused: $2" || fail "no dmesg line for '$2'"
}

# (zone_size must be a power of two when written: EINVAL there, no
# power on to refuse.)
ub_mkdev le0 zoned=1 capacity=60M zone_size=8M
expect_eq "empty before any power on" "$(attr le0 last_error)" ""
why le0 "EINVAL: capacity 62914560 is not a whole number of 8388608-byte zones"
echo 64M >$UB_CFS/le0/capacity
echo 16 >$UB_CFS/le0/zone_max_open
echo 8 >$UB_CFS/le0/zone_max_active
why le0 "EINVAL: zone_max_open 16 is above zone_max_active 8"
# uringblkctl list: a note beside the table, a column, and a key in --json.
ctl_rc 0 list
expect_grep "list" /tmp/ctl.err "le0: last power on refused: EINVAL: zone_max_open 16 is above zone_max_active 8"
ctl_rc 0 list -o name,last_error -n -r
expect_grep "list -o LAST_ERROR" /tmp/ctl.out "le0 EINVAL:\x20zone_max_open\x2016\x20is\x20above\x20zone_max_active\x208"
ctl_rc 0 list --json
python3 -c 'import json, sys
d = [x for x in json.load(open("/tmp/ctl.out"))["devices"] if x["name"] == "le0"][0]
sys.exit(d["last_error"] != "EINVAL: zone_max_open 16 is above zone_max_active 8")' ||
	fail "list --json: no last_error of le0"
echo 0 >$UB_CFS/le0/zone_max_active
ub_up le0 >/dev/null
expect_eq "empty after a successful power on" "$(attr le0 last_error)" ""
ub_down le0

dir=$(ub_backing_dir)
ub_mkdev le1 backend=file path="$dir/missing.img" capacity=0
why le1 "ENOENT: $dir/missing.img: cannot open it"
truncate -s 1M "$dir/small.img"
echo "$dir/small.img" >$UB_CFS/le1/path
echo 4M >$UB_CFS/le1/capacity
why le1 "EINVAL: $dir/small.img: 1048576 bytes, capacity is 4194304 (grow=0)"
ub_down le1

# The tool: the errno, then the driver's reason (a rule of the backing
# file's: the tool refuses the rules between settings itself, see
# validate-same).
ctl_rc 1 create le2 backend=file path="$dir/missing.img" capacity=0
expect_grep "create's reason" /tmp/ctl.err \
	"le2: power: write '1': No such file or directory: ENOENT: $dir/missing.img: cannot open it"
[ -d $UB_CFS/le2 ] && rmdir $UB_CFS/le2
exit 0
