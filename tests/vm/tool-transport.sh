#!/bin/bash
# uringblkctl picks its admin transport once (ring setup and an
# IORING_OP_URING_CMD probe) and never sends a command again over ioctl
# because of the command's own errno: `zones` on a plain disk and a
# refused `fault add` report the command's error, say nothing of io_uring
# being unavailable, and reach the control device once (strace counts the
# io_uring submissions and ioctls); forced to ioctl (URINGBLKCTL_IOCTL=1)
# the same commands give the same answers over exactly one ioctl each.
. "$(dirname "$0")/lib.sh"

command -v strace >/dev/null || skip "no strace"
dev=$(ub_up tt0 capacity=16M)
n=${dev#/dev/uringblk}
ctl="/dev/uringblk$n-ctl"

# traced WANT ARGS...: ctl_rc under strace; then SUBMITS and IOCTLS hold the
# io_uring submissions and the ioctls on the control device it made.
traced() {
	local want=$1 rc=0
	shift
	strace -f -qq -y -e trace=ioctl,io_uring_enter -o /tmp/tt.strace \
		"$@" >/tmp/ctl.out 2>/tmp/ctl.err || rc=$?
	if [ "$rc" != "$want" ]; then
		cat /tmp/ctl.out /tmp/ctl.err >&2
		fail "$*: exit $rc, want $want"
	fi
	SUBMITS=$(grep -c 'io_uring_enter([^,]*, [1-9]' /tmp/tt.strace || true)
	IOCTLS=$(grep -c "ioctl([0-9]*<$ctl>" /tmp/tt.strace || true)
}

no_note() { # WHAT
	if grep -q "io_uring unavailable" /tmp/ctl.err; then
		cat /tmp/ctl.err >&2
		fail "$1: printed a fallback note"
	fi
}

# The command's own errno: ZONE_REPORT of a plain disk is refused.
zone_err() { # WHAT
	grep -qE "ZONE_REPORT \($ctl\): (Invalid argument|Operation not supported)" /tmp/ctl.err ||
		{ cat /tmp/ctl.err >&2; fail "$1: not the command's EINVAL/EOPNOTSUPP"; }
}

traced 1 "$UB_CTL" zones tt0
zone_err "zones on a plain disk"
no_note "zones on a plain disk"
expect_eq "zones over io_uring: submissions" "$SUBMITS" 1
expect_eq "zones over io_uring: ioctls (a re-send)" "$IOCTLS" 0

URINGBLKCTL_IOCTL=1 traced 1 "$UB_CTL" zones tt0
zone_err "zones forced to ioctl"
expect_grep "forced note" /tmp/ctl.err "io_uring unavailable (forced by URINGBLKCTL_IOCTL)"
expect_eq "zones forced to ioctl: submissions" "$SUBMITS" 0
expect_eq "zones forced to ioctl: ioctls" "$IOCTLS" 1

# A refused fault add: without CAP_SYS_ADMIN FAULT_ADD answers EPERM.
unpriv=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
chmod o+rw "$ctl"
traced 1 "${unpriv[@]}" "$UB_CTL" fault add tt0 type=io_error
expect_grep "fault add refused" /tmp/ctl.err "FAULT_ADD ($ctl): Operation not permitted"
no_note "refused fault add"
expect_eq "refused fault add: submissions" "$SUBMITS" 1
expect_eq "refused fault add: ioctls" "$IOCTLS" 0
URINGBLKCTL_IOCTL=1 traced 1 "${unpriv[@]}" "$UB_CTL" fault add tt0 type=io_error
expect_grep "fault add refused (ioctl)" /tmp/ctl.err "FAULT_ADD ($ctl): Operation not permitted"
expect_eq "refused fault add forced to ioctl: ioctls" "$IOCTLS" 1
[ -z "$(ls "$UB_CFS/tt0/faults")" ] || fail "a refused fault add made a rule"

# Commands that succeed take the same single path.
traced 0 "$UB_CTL" fault add tt0 type=io_error lba=5
no_note "fault add"
expect_eq "fault add over io_uring: ioctls" "$IOCTLS" 0
# stats sends several commands (statistics, then latency per operation).
traced 0 "$UB_CTL" stats tt0 --json
expect_eq "stats over io_uring: ioctls" "$IOCTLS" 0
URINGBLKCTL_IOCTL=1 traced 0 "$UB_CTL" stats tt0 --json
expect_eq "stats forced to ioctl: submissions" "$SUBMITS" 0
[ "$IOCTLS" -gt 0 ] || fail "stats forced to ioctl: no ioctl"
python3 -c 'import json; json.load(open("/tmp/ctl.out"))' || fail "stats --json over ioctl"
# The admin-made rule keeps the directory (EBUSY) until FAULT_DEL removes it.
ctl_rc 0 fault del tt0 --all
