#!/bin/bash
# uringblk-profiles.service's own ExecStart and ExecStop lines, read from
# the unit and run with the tool directory on PATH (where systemd's search
# path finds the installed commands): start makes the profiles' devices
# and changes one made by hand; stop destroys only the devices start
# made, so the hand-made ones survive, changed or not; a second stop
# leaves everything alone.
. "$(dirname "$0")/lib.sh"
stock_only "runs the tool and a shell script only"

unit=$UB_TOP/configfs-tools/uringblk-profiles.service
start=$(sed -n 's/^ExecStart=//p' "$unit")
stop=$(sed -n 's/^ExecStop=//p' "$unit")
[ -n "$start" ] && [ -n "$stop" ] || fail "no ExecStart or ExecStop in $unit"
export PATH=$UB_TOP/configfs-tools:$PATH
export URINGBLK_PROFILES_DIR=/tmp/pu/etc URINGBLK_RUNDIR=/tmp/pu/run
mkdir -p /tmp/pu/etc

ctl_rc 0 create hand0 capacity=16M
ctl_rc 0 create hand1 capacity=16M
cat >/tmp/pu/etc/10-a.cfg <<'CFG'
format_version = 1;
devices = ( { name = "pu0"; capacity = "32M"; }, { name = "hand1"; capacity = "64M"; } );
CFG
cat >/tmp/pu/etc/20-b.cfg <<'CFG'
format_version = 1;
devices = ( { name = "pu1"; capacity = "16M"; } );
CFG
run() { # WHAT COMMAND...: the unit's action, which must exit 0
	local what=$1 rc=0
	shift
	"$@" >/tmp/pu.out 2>&1 || rc=$?
	[ $rc = 0 ] || { cat /tmp/pu.out >&2; fail "$what ($*): exit status $rc"; }
}
# shellcheck disable=SC2086
run ExecStart $start
expect_eq "pu0 power after start" "$(attr pu0 power)" 1
expect_eq "pu1 power after start" "$(attr pu1 power)" 1
expect_eq "hand1 changed by the profile" "$(attr hand1 capacity)" $((64 << 20))
expect_eq "recorded names" "$(sort /tmp/pu/run/made | tr '\n' ' ')" "pu0 pu1 "

# shellcheck disable=SC2086
run ExecStop $stop
expect_eq "devices after stop" "$(ub_devs | sort | tr '\n' ' ')" "hand0 hand1 "
expect_eq "hand0 power after stop" "$(attr hand0 power)" 1
[ ! -e /tmp/pu/run/made ] || fail "stop left $(cat /tmp/pu/run/made) in the record"
# shellcheck disable=SC2086
run "second ExecStop" $stop
expect_eq "devices after a second stop" "$(ub_devs | sort | tr '\n' ' ')" "hand0 hand1 "
