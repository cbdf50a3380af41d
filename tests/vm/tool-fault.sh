#!/bin/bash
# fault add|list|del: a rule added over the admin plane shows up in configfs
# as faults/uring.<id>, fails reads in its LBA range with the right errno
# (and not the blocks either side), is listed with its hits, and goes with
# fault del (by name and by id); a name taken by mkdir is skipped; del --all removes mkdir'd and admin-made
# rules alike; destroy removes a device that has rules (also off);
# exit codes 0, 1 and 2.
. "$(dirname "$0")/lib.sh"

dev=$(ub_up tf0 capacity=16M logical_block_size=4096)
n=${dev#/dev/uringblk}
F=$UB_CFS/tf0/faults

# Bad keys and values: exit 2, nothing made.
ctl_rc 2 fault add tf0 type=bogus
expect_grep "bad type" /tmp/ctl.err "bad value for type: 'bogus'"
ctl_rc 2 fault add tf0 type=io_error colour=red
expect_grep "bad key" /tmp/ctl.err "unknown key 'colour'"
ctl_rc 2 fault add tf0 type=io_error lba=20-10
expect_grep "bad lba" /tmp/ctl.err "bad value for lba: '20-10'"
ctl_rc 2 fault add tf0 type=io_error prob=1000001
expect_grep "bad prob" /tmp/ctl.err "bad value for prob"
ctl_rc 2 fault add tf0 type=io_error ops=read,,write
expect_grep "bad ops" /tmp/ctl.err "bad value for ops"
ctl_rc 2 fault add tf0 ops=read
expect_grep "no type" /tmp/ctl.err "type= is required"
ctl_rc 2 fault add tf0 type=delay delay=10000001
ctl_rc 2 fault bogus tf0
ctl_rc 2 fault del tf0
ctl_rc 2 fault del tf0 r1 --all
ctl_rc 2 fault list
[ -z "$(ls $F)" ] || fail "a refused fault add made a rule: $(ls $F)"
# Errors from the kernel or a missing device: exit 1 with strerror text.
ctl_rc 1 fault add nosuch type=io_error
expect_grep "add missing dev" /tmp/ctl.err "nosuch: no such uringblk device"
# Without CAP_SYS_ADMIN: EPERM from FAULT_ADD (or EACCES opening the node).
rc=0
setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	"$UB_CTL" fault add tf0 type=io_error >/tmp/ctl.out 2>/tmp/ctl.err || rc=$?
expect_eq "unprivileged fault add exit" "$rc" 1
grep -qE "Operation not permitted|Permission denied" /tmp/ctl.err ||
	{ cat /tmp/ctl.err >&2; fail "unprivileged fault add: no strerror text"; }
[ -z "$(ls $F)" ] || fail "a failed fault add left a rule: $(ls $F)"

# add: armed at once, visible in configfs as uring.<id>.
ctl_rc 0 fault add tf0 type=medium_error ops=read lba=100-109
read -r rname _ rid </tmp/ctl.out
expect_eq "rule name" "$rname" "uring.$rid"
[ -d "$F/$rname" ] || fail "no $F/$rname after fault add"
expect_eq "cfs type" "$(cat $F/$rname/type)" medium_error
expect_eq "cfs ops" "$(cat $F/$rname/ops)" read
expect_eq "cfs lba_start" "$(cat $F/$rname/lba_start)" 100
expect_eq "cfs lba_end" "$(cat $F/$rname/lba_end)" 109
expect_eq "cfs enable" "$(cat $F/$rname/enable)" 1
rmdir "$F/$rname" 2>/dev/null && fail "rmdir of an admin-made rule succeeded"

expect_eq "block 99" "$(io read "$dev" $((99 * 4096)) 4096)" OK
expect_eq "block 100" "$(io read "$dev" $((100 * 4096)) 4096)" ENODATA
expect_eq "block 109" "$(io read "$dev" $((109 * 4096)) 4096)" ENODATA
expect_eq "block 110" "$(io read "$dev" $((110 * 4096)) 4096)" OK
expect_eq "write (ops=read)" "$(io write "$dev" $((100 * 4096)) 4096)" OK
dd if="$dev" of=/dev/null bs=4096 skip=105 count=1 iflag=direct status=none 2>/dev/null &&
	fail "dd read in the range succeeded"

# A mkdir'd rule next to it.
ub_rule tf0 mk type=nospc ops=write lba_start=2000 lba_end=2000
expect_eq "mkdir rule write" "$(io write "$dev" $((2000 * 4096)) 4096)" ENOSPC

ctl_rc 0 fault list tf0 --json
python3 - "$rname" "$rid" <<'PY' || fail "fault list --json"
import json, sys
l = json.load(open("/tmp/ctl.out"))
assert l["name"] == "tf0" and l["total"] == 2, l
a, m = l["rules"]
assert a["name"] == sys.argv[1] and a["id"] == int(sys.argv[2]), a
assert (a["type"], a["ops"], a["lba_start"], a["lba_end"]) == ("medium_error", ["read"], 100, 109), a
assert a["enable"] is True and a["hits"] == 3 and a["made_by"] == "admin", a
assert a["probability_ppm"] == 1000000 and a["count"] == 0, a
assert (m["name"], m["type"], m["ops"], m["made_by"], m["hits"]) == ("mk", "nospc", ["write"], "mkdir", 1), m
PY
ctl_rc 0 fault list "uringblk$n"
expect_grep "list table" /tmp/ctl.out "medium_error"
grep -E "^$rname +$rid +medium_error +read +100-109 .* yes +3 admin$" /tmp/ctl.out >/dev/null ||
	{ cat /tmp/ctl.out >&2; fail "list table row for $rname"; }
grep -E "^mk .* nospc .* 1 mkdir$" /tmp/ctl.out >/dev/null ||
	{ cat /tmp/ctl.out >&2; fail "list table row for mk"; }
# Same answer over the ioctl.
ctl_rc 0 --ioctl fault list "$dev" --json
python3 -c 'import json; assert json.load(open("/tmp/ctl.out"))["total"] == 2' || fail "list over ioctl"

# del by name (admin-made): gone from configfs, I/O works again.
ctl_rc 0 fault del tf0 "$rname"
[ ! -e "$F/$rname" ] || fail "$rname still in configfs after fault del"
expect_eq "block 100 after del" "$(io read "$dev" $((100 * 4096)) 4096)" OK
ctl_rc 1 fault del tf0 "$rname"
expect_grep "del missing" /tmp/ctl.err "No such file or directory"
ctl_rc 1 fault del tf0 12345
# del of a mkdir'd rule by name: configfs disarm and rmdir.
ctl_rc 0 fault del tf0 mk
[ ! -e "$F/mk" ] || fail "mk still there after fault del"
expect_eq "write after del mk" "$(io write "$dev" $((2000 * 4096)) 4096)" OK

# del by id, through /dev/uringblkN.
ctl_rc 0 fault add "$dev" type=io_error count=1
read -r r2 _ id2 </tmp/ctl.out
expect_eq "count=1 first" "$(io read "$dev" 0 4096)" EIO
expect_eq "count=1 second" "$(io read "$dev" 0 4096)" OK
ctl_rc 0 fault del tf0 "$id2"
[ ! -e "$F/$r2" ] || fail "$r2 still there after del by id"

# A mkdir'd rule that holds the name the next FAULT_ADD would take (a
# restored profile makes such names): the driver moves on to the next id.
# mkdir takes an id too, so after id4 the next admin rule would be id4+2.
ctl_rc 0 fault add tf0 type=io_error ops=flush
read -r _ _ id4 </tmp/ctl.out
ub_rule tf0 "uring.$((id4 + 2))" type=io_error ops=flush
ctl_rc 0 fault add tf0 type=io_error ops=flush
read -r r5 _ id5 </tmp/ctl.out
expect_eq "admin rule after a taken name" "$r5 $id5" "uring.$((id4 + 3)) $((id4 + 3))"
[ -d "$F/uring.$((id4 + 2))" ] && [ -d "$F/$r5" ] || fail "both rules should exist"
ctl_rc 0 fault del tf0 --all

# --all: one mkdir'd and one admin-made rule.
ub_rule tf0 mk2 type=io_error ops=write
ctl_rc 0 fault add tf0 type=nospc ops=read
read -r r3 _ </tmp/ctl.out
expect_eq "read with r3" "$(io read "$dev" 0 4096)" ENOSPC
ctl_rc 0 fault del tf0 --all
[ -z "$(ls $F)" ] || fail "fault del --all left: $(ls $F)"
expect_eq "read after --all" "$(io read "$dev" 0 4096)" OK
expect_eq "write after --all" "$(io write "$dev" 0 4096)" OK
ctl_rc 0 fault list tf0 --json
python3 -c 'import json; l=json.load(open("/tmp/ctl.out")); assert l["total"] == 0 and not l["rules"], l' ||
	fail "list after --all"

# Off: list/add have no admin plane (exit 1); del of a mkdir'd rule works.
ub_rule tf0 off1
echo 0 >$UB_CFS/tf0/power
ctl_rc 1 fault list tf0
expect_grep "list off" /tmp/ctl.err "not powered"
ctl_rc 1 fault add tf0 type=io_error
ctl_rc 0 fault del tf0 off1
[ ! -e "$F/off1" ] || fail "off1 left"

# destroy with rules: powered with both kinds, and off with both kinds.
echo 1 >$UB_CFS/tf0/power
ub_rule tf0 d1 type=io_error
ctl_rc 0 fault add tf0 type=delay delay=1000
ctl_rc 0 destroy tf0
expect_grep "destroy with rules" /tmp/ctl.out "tf0: destroyed"
[ ! -e $UB_CFS/tf0 ] || fail "destroy left tf0"

dev=$(ub_up tf1 capacity=8M)
ub_rule tf1 d2 type=io_error
ctl_rc 0 fault add tf1 type=nospc
echo 0 >$UB_CFS/tf1/power
rmdir $UB_CFS/tf1 2>/dev/null && fail "rmdir of a device with rules succeeded"
ctl_rc 0 destroy tf1
expect_grep "destroy off with rules" /tmp/ctl.out "tf1: destroyed"
[ ! -e $UB_CFS/tf1 ] || fail "destroy left tf1 (off, with rules)"
