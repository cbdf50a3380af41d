# shellcheck shell=bash
# Helpers for the in-VM tests (sourced).  A test exits 0 to pass, 77 to
# skip (saying why) and anything else to fail; `fail` says why.
set -euo pipefail

UB_TOP=${UB_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
UB_CFS=/sys/kernel/config/uringblk
UB_WRITE=$UB_TOP/tests/helpers/ub-write
UB_PATTERN=$UB_TOP/tests/helpers/ub-pattern
UB_TESTNAME=$(basename "$0" .sh)
# On the debug kernel (KASAN, lockdep) everything is 7-15x slower.
UB_DEBUG=${URINGBLK_DEBUG_KERNEL:-0}

# scale N: N on stock kernels, a quarter of it (at least 1) on the debug one.
scale() {
	if [ "$UB_DEBUG" = 1 ]; then echo $((($1 + 3) / 4)); else echo "$1"; fi
}

# stock_only WHY: a case that tests user-space logic (option parsing,
# profile errors, output formats) is skipped on the debug kernel, where
# every exec costs 6x (0.3 s): the kernel calls it makes are the ones the
# cfs-, admin-, fault- and remaining tool- cases make there.
stock_only() {
	[ "$UB_DEBUG" = 1 ] && skip "debug kernel: $*"
	return 0
}

fail() {
	echo "FAIL-REASON: $*" >&2
	exit 1
}

skip() {
	echo "SKIP-REASON: $*" >&2
	exit 77
}

# On exit, even a failing one, every device a user made is removed so the
# next test starts from an empty subsystem (kernel-made dev<N> stay); then
# the null_blk devices (nullb_up) that file devices may have sat on.
UB_NULLB=/sys/kernel/config/nullb
ub_cleanup() {
	local d
	ub_cleanup_rules
	for d in "$UB_CFS"/*/ "$UB_NULLB"/*/; do
		[ -d "$d" ] || continue
		echo 0 >"$d/power" 2>/dev/null || true
		rmdir "$d" 2>/dev/null || true
	done
}
trap ub_cleanup EXIT

# ub_mkdev NAME [attr=value ...]: mkdir and set attributes (not power).
ub_mkdev() {
	local name=$1 kv
	shift
	mkdir "$UB_CFS/$name"
	for kv in "$@"; do
		echo "${kv#*=}" >"$UB_CFS/$name/${kv%%=*}" ||
			fail "$name: cannot set ${kv%%=*}=${kv#*=}"
	done
}

# ub_up NAME [attr=value ...]: make (unless it exists), power on, wait for
# the node; prints the /dev path.
ub_up() {
	local name=$1 disk
	if [ -d "$UB_CFS/$name" ]; then
		[ $# = 1 ] || fail "ub_up: $name exists, attributes not applied"
	else
		ub_mkdev "$@"
	fi
	echo 1 >"$UB_CFS/$name/power" || fail "$name: power on failed"
	disk=$(<"$UB_CFS/$name/disk")
	[ -n "$disk" ] || fail "$name: disk empty after power on"
	ub_wait_node "/dev/$disk"
	echo "/dev/$disk"
}

# Helpers avoid exec where a builtin does: on the debug kernel each exec
# costs 0.3 s.
ub_wait_node() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ -b "$1" ] && return 0
		sleep 0.05
	done
	[ -e "$1" ] && fail "$1 is not a block device: something made a file of that name after its disk went away (fio needs --allow_file_create=0)"
	fail "$1 did not appear"
}

# nullb_up NAME [attr=value ...]: a null_blk device made through its
# configfs with these attributes, powered on; prints /dev/NAME.
nullb_up() {
	local name=$1 kv
	shift
	modprobe null_blk nr_devices=0 || fail "modprobe null_blk"
	[ -d "$UB_NULLB" ] || fail "no null_blk configfs"
	mkdir "$UB_NULLB/$name" || fail "cannot make null_blk $name"
	for kv in "$@" power=1; do
		echo "${kv#*=}" >"$UB_NULLB/$name/${kv%%=*}" ||
			fail "null_blk $name: cannot set ${kv%%=*}=${kv#*=}"
	done
	ub_wait_node "/dev/$name"
	echo "/dev/$name"
}

ub_down() {
	echo 0 >"$UB_CFS/$1/power"
	rmdir "$UB_CFS/$1"
}

# expect_write FILE VALUE WANT: one write(2); WANT is OK or an errno name.
expect_write() {
	local got
	got=$("$UB_WRITE" "$1" "$2" || true)
	[ "$got" = "$3" ] || fail "write '$2' to ${1#"$UB_CFS"/}: got $got, want $3"
}

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}

attr() {
	echo "$(<"$UB_CFS/$1/$2")"
}

# pattern write|verify|zero DEV OFFSET LENGTH [SEED]
pattern() {
	"$UB_PATTERN" "$@" || fail "ub-pattern $*"
}

# uringblkctl (built on the host by `make tools`) for the tool-* cases.
UB_CTL=$UB_TOP/configfs-tools/uringblkctl
UB_PROVISION=$UB_TOP/configfs-tools/uringblk-provision

# ctl_rc WANT ARGS...: run uringblkctl, output in /tmp/ctl.out and
# /tmp/ctl.err, fail unless the exit status is WANT.
ctl_rc() {
	local want=$1 rc=0
	shift
	"$UB_CTL" "$@" >/tmp/ctl.out 2>/tmp/ctl.err || rc=$?
	if [ "$rc" != "$want" ]; then
		cat /tmp/ctl.out /tmp/ctl.err >&2
		fail "uringblkctl $*: exit $rc, want $want"
	fi
}

# expect_grep WHAT FILE PATTERN (fixed string)
expect_grep() {
	grep -qF -- "$3" "$2" || { cat "$2" >&2; fail "$1: no '$3' in the output"; }
}

UB_IO=$UB_TOP/tests/helpers/ub-io

# ub_rule DEVICE RULE [attr=value ...]: mkdir a fault rule, set its
# attributes, then arm it (enable=1).
ub_rule() {
	local dev=$1 rule=$2 kv
	shift 2
	mkdir "$UB_CFS/$dev/faults/$rule" || fail "mkdir rule $rule"
	for kv in "$@"; do
		echo "${kv#*=}" >"$UB_CFS/$dev/faults/$rule/${kv%%=*}" ||
			fail "$rule: cannot set ${kv%%=*}=${kv#*=}"
	done
	echo 1 >"$UB_CFS/$dev/faults/$rule/enable"
}

ub_unrule() {
	echo 0 >"$UB_CFS/$1/faults/$2/enable"
	rmdir "$UB_CFS/$1/faults/$2"
}

# io read|write|flush DEV OFFSET LENGTH: prints OK or the errno name.
io() {
	local out
	out=$("$UB_IO" "$@")
	echo "${out%% *}"
}

# ub_cleanup also has to remove rules before their device.
ub_cleanup_rules() {
	local r
	for r in "$UB_CFS"/*/faults/*/; do
		[ -d "$r" ] || continue
		echo 0 >"$r/enable" 2>/dev/null || true
		rmdir "$r" 2>/dev/null || true
	done
}

# ub_devs: names of the user-made device directories (no root files, no
# kernel-made dev<N>).
ub_devs() {
	local d
	for d in "$UB_CFS"/*/; do
		d=${d%/}
		d=${d##*/}
		[[ -d $UB_CFS/$d && ! $d =~ ^dev[0-9]*$ ]] && echo "$d"
	done
	return 0
}

# ub_backing_dir [keep]: mount the runner's virtio-blk disk (scripts/vm-run.sh
# --disk, ext4) at /tmp/ubdisk once per boot and print a fresh directory
# on it for this case (with "keep": the directory as an earlier boot left
# it); skip when the guest has no such disk.
UB_DISK_MNT=/tmp/ubdisk
ub_backing_dir() {
	local d
	if ! mountpoint -q "$UB_DISK_MNT"; then
		modprobe virtio_blk 2>/dev/null
		modprobe ext4 2>/dev/null
		udevadm settle 2>/dev/null
		for _ in 1 2 3 4 5 6 7 8 9 10; do [ -b /dev/vda ] && break; sleep 0.2; done
		[ -b /dev/vda ] || skip "no virtio-blk disk (vm-run --disk)"
		mkdir -p "$UB_DISK_MNT"
		mount /dev/vda "$UB_DISK_MNT" || fail "cannot mount /dev/vda"
	fi
	d=$UB_DISK_MNT/$(basename "$0" .sh)
	if [ "${1:-}" = keep ]; then
		[ -d "$d" ] || fail "$d: not left by an earlier boot"
	else
		rm -rf "$d" && mkdir -p "$d" || fail "cannot make $d"
	fi
	echo "$d"
}

# zone_invariants DEV NAME: the zone table obeys ZBC's rules and the
# driver's open/active counts match it (tests/helpers/zone-invariants.sh).
zone_invariants() {
	"$UB_TOP/tests/helpers/zone-invariants.sh" "$1" "$2" ||
		fail "zone invariants of $2 do not hold (above)"
}

# zone N: "wp cond" of zone N of the zoned device $dev, from BLKREPORTZONE
# (wp in sectors from the zone start).  The report also lets 6.10+ zone
# write plugging re-read the pointer after a failed write.
zone() {
	local l zs
	zs=$(<"/sys/block/${dev#/dev/}/queue/chunk_sectors")
	l=$(blkzone report -o $(($1 * zs)) -c 1 "$dev")
	[[ $l =~ wptr\ 0x([0-9a-f]+).*zcond:\ *([0-9]+) ]] || fail "report: $l"
	echo "$((16#${BASH_REMATCH[1]})) ${BASH_REMATCH[2]}"
}

# stop_in_flight PID DEV: SIGSTOP the polling fio PID (run it with
# --thread, so the poller itself stops) at a moment when DEV has requests
# in flight; up to 10 tries (a stop can land just after fio reaped them
# all).  Sets $inflight.  A delay rule on DEV makes the stop land inside
# io_uring's polling loop, which returns on the signal with requests
# still on their timers.
stop_in_flight() {
	local i
	for i in 1 2 3 4 5 6 7 8 9 10; do
		# A child that exited stays a zombie, which kill accepts.
		[[ $(awk '{ print $3 }' /proc/$1/stat 2>/dev/null) =~ ^[RSDT]$ ]] ||
			fail "fio exited early"
		kill -STOP "$1"
		sleep 0.3
		inflight=$(awk '{ print $1 + $2 }' /sys/block/${2#/dev/}/inflight)
		((inflight > 0)) && return 0
		kill -CONT "$1" 2>/dev/null || fail "fio ended while stopped"
		sleep 0.2
	done
	kill -9 "$1"
	fail "no request in flight under the stopped fio after 10 tries"
}
