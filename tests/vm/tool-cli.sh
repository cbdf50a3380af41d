#!/bin/bash
# The command line: --version names the tool, the uapi ABI and the loaded
# driver; --help lists every command; exit codes 0 ok, 1 operation failed,
# 2 usage or profile error; the shipped example profiles apply cleanly.
. "$(dirname "$0")/lib.sh"
stock_only "option parsing, --help and exit codes are user-space logic"

ctl_rc 0 --version
expect_grep "--version tool" /tmp/ctl.out "uringblkctl 0.1.0"
abi=$(printf '#include <stdio.h>\n#include "%s"\nint main(void){printf("%%d.%%d", URINGBLK_ABI_MAJOR, URINGBLK_ABI_MINOR);}\n' \
	"$UB_TOP/uapi/linux/uringblk.h" | { cc -x c -o /tmp/abi - 2>/dev/null && /tmp/abi; } || echo 1.0)
expect_grep "--version ABI" /tmp/ctl.out "uapi ABI $abi"
expect_grep "--version driver" /tmp/ctl.out "driver $(cat $UB_CFS/version)"

ctl_rc 0 --help
for c in apply save create destroy list identify stats reset-stats bench; do
	grep -q "^  $c" /tmp/ctl.out || fail "--help does not list $c"
done
ctl_rc 2
ctl_rc 2 frobnicate
ctl_rc 2 --bogus list
ctl_rc 2 apply
ctl_rc 2 apply a.cfg b.cfg
ctl_rc 2 list --bogus
ctl_rc 2 save --all s0
ctl_rc 2 bench --runtime x
printf 'devices = ( { name = "x"; capacity = -1; } );\n' >/tmp/neg.cfg
ctl_rc 2 apply /tmp/neg.cfg
expect_grep "negative" /tmp/ctl.err "/tmp/neg.cfg:1: x: capacity: negative values are not allowed"
ctl_rc 1 destroy nosuch
# An operation that fails in the kernel: exit 1 with the errno text.
ub_mkdev e0
ub_mkdev e1
ctl_rc 1 create e2 index="$(attr e0 index)"
expect_grep "index busy" /tmp/ctl.err "e2: index: $(attr e0 index) is held by device 'e0': Device or resource busy"
[ ! -e $UB_CFS/e2 ] || fail "failed create left e2"
ctl_rc 0 destroy e0 e1

# The shipped profiles are valid and apply on this driver.
for p in "$UB_TOP"/configfs-tools/profiles/*.cfg; do
	ctl_rc 0 apply --dry-run "$p"
done
ctl_rc 0 apply "$UB_TOP/configfs-tools/profiles/ci-stress.cfg"
expect_eq "ci-stress devices" "$(ub_devs | wc -l)" 16
expect_eq "ci-stress powered" "$(cat $UB_CFS/ci*/power | grep -c 1)" 16
ctl_rc 0 apply "$UB_TOP/configfs-tools/profiles/ci-stress.cfg"
expect_eq "ci-stress re-apply" "$(grep -c unchanged /tmp/ctl.out)" 16
ctl_rc 0 destroy --all
ctl_rc 0 apply "$UB_TOP/configfs-tools/profiles/polled-bench.cfg"
for d in $(ls $UB_CFS | grep '^poll'); do
	[ "$(attr "$d" poll_queues)" -ge 1 ] || fail "polled-bench: $d has no poll queue"
done
ctl_rc 0 destroy --all
