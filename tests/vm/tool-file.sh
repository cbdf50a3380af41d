#!/bin/bash
# create NAME --file PATH: backend=file, that path (a relative one from the
# current directory), capacity the file's size unless capacity= is given;
# list shows backend and path (table columns, --json keys); the data is in
# the file after destroy; a conflicting or missing --file is exit 2.
. "$(dirname "$0")/lib.sh"
stock_only "option parsing and output formats; file-basic runs the backend here"

dir=$(ub_backing_dir)
truncate -s 24M "$dir/t0.img"
truncate -s 8M "$dir/t1.img"
ctl_rc 0 create tf0 --file "$dir/t0.img"
expect_eq "tf0 backend" "$(attr tf0 backend)" file
expect_eq "tf0 path" "$(attr tf0 path)" "$dir/t0.img"
expect_eq "tf0 capacity (file size)" "$(attr tf0 capacity)" $((24 << 20))
expect_eq "tf0 power" "$(attr tf0 power)" 1
dev=/dev/$(attr tf0 disk)
ub_wait_node "$dev"
pattern write "$dev" 23M 1M 41
# Relative path, resolved against the current directory; capacity given.
(cd "$dir" && "$UB_CTL" create tf1 --file=t1.img capacity=4M power=0) >/tmp/ctl.out 2>&1 ||
	{ cat /tmp/ctl.out >&2; fail "create --file=t1.img (relative) failed"; }
expect_eq "tf1 path" "$(attr tf1 path)" "$dir/t1.img"
expect_eq "tf1 capacity" "$(attr tf1 capacity)" $((4 << 20))
expect_eq "tf1 power" "$(attr tf1 power)" 0
ub_mkdev tm0 capacity=16M

ctl_rc 0 list
row=$(grep '^tf0 ' /tmp/ctl.out) || fail "no row for tf0"
set -- $row
expect_eq "tf0 capacity column" "$3" 24M
expect_eq "tf0 memory used" "$8" 0
expect_eq "tf0 backend column" "${10}" file
expect_eq "tf0 path column" "${11}" "$dir/t0.img"
row=$(grep '^tf1 ' /tmp/ctl.out) || fail "no row for tf1"
set -- $row
expect_eq "tf1 disk (off)" "$2" -
expect_eq "tf1 path column" "${11}" "$dir/t1.img"
row=$(grep '^tm0 ' /tmp/ctl.out) || fail "no row for tm0"
set -- $row
expect_eq "tm0 backend column" "${10}" memory
expect_eq "tm0 path column" "${11}" -
head -n 1 /tmp/ctl.out | grep -q ' BACKEND  *PATH$' || fail "list header: $(head -n 1 /tmp/ctl.out)"

ctl_rc 0 list --json
python3 - "$dir" <<'PY' || fail "list --json backend and path"
import json, sys
d = sys.argv[1]
devs = {x["name"]: x for x in json.load(open("/tmp/ctl.out"))["devices"]}
assert devs["tf0"]["backend"] == "file" and devs["tf0"]["path"] == d + "/t0.img", devs["tf0"]
assert devs["tf0"]["capacity"] == 24 << 20 and devs["tf0"]["direct"] is True, devs["tf0"]
assert devs["tf1"]["path"] == d + "/t1.img" and devs["tf1"]["power"] is False, devs["tf1"]
assert devs["tm0"]["backend"] == "memory" and devs["tm0"]["path"] == "", devs["tm0"]
PY

# Refused before configfs is touched.
ctl_rc 2 create tf2 --file "$dir/t0.img" backend=memory
expect_grep "--file with backend=" /tmp/ctl.err "give neither as key=value"
ctl_rc 2 create tf2 --file "$dir/t0.img" path=/x
ctl_rc 2 create tf2 --file
ctl_rc 2 create tf2 --file /a --file /b
[ ! -e $UB_CFS/tf2 ] || fail "a refused create made tf2"
# The driver's refusal (a missing file: ENOENT at power on) undoes the mkdir.
ctl_rc 1 create tf2 --file "$dir/missing.img"
[ ! -e $UB_CFS/tf2 ] || fail "a failed create left tf2"

ctl_rc 0 destroy tf0 tf1 tm0
# The data stayed in the file: a new device on it sees it.
ctl_rc 0 create tf3 --file "$dir/t0.img" direct=0
dev=/dev/$(attr tf3 disk)
ub_wait_node "$dev"
pattern verify "$dev" 23M 1M 41
ctl_rc 0 destroy tf3
