#!/bin/bash
# rmmod is refused while a user directory exists and succeeds after;
# nr_devices pre-creates powered dev0.. that users cannot rmdir (EPERM).
. "$(dirname "$0")/lib.sh"

ko=${URINGBLK_KO:?URINGBLK_KO not set}
reload() {
	lsmod | grep -q '^uringblk' && { rmmod uringblk || fail "rmmod failed"; }
	insmod "$ko" "$@" || fail "insmod $* failed"
}
trap 'ub_cleanup; lsmod | grep -q "^uringblk" || insmod "$ko"' EXIT

ub_mkdev rm0
rmmod uringblk 2>/dev/null && fail "rmmod succeeded with a directory present"
dev=$(ub_up rm1 capacity=8M)
rmmod uringblk 2>/dev/null && fail "rmmod succeeded with a powered device"
ub_down rm1
rmdir $UB_CFS/rm0
rmmod uringblk || fail "rmmod failed with no directories"
[ -d $UB_CFS ] && fail "configfs subsystem still there after rmmod"

reload nr_devices=3
for i in 0 1 2; do
	expect_eq "dev$i power" "$(attr dev$i power)" 1
	ub_wait_node "/dev/$(attr dev$i disk)"
done
pattern write "/dev/$(attr dev1 disk)" 0 1M 21
out=$(rmdir $UB_CFS/dev0 2>&1) && fail "rmdir of a kernel-made device succeeded"
[[ $out == *"Operation not permitted"* ]] || fail "rmdir dev0: $out (want EPERM)"
echo 0 >$UB_CFS/dev2/power
expect_eq "dev2 disk" "$(attr dev2 disk)" ""
# A user device beside them, then everything goes at rmmod.
ub_up rm2 capacity=4M >/dev/null
ub_down rm2
rmmod uringblk || fail "rmmod with only kernel-made devices failed"
[ -e /dev/uringblk0 ] && fail "/dev/uringblk0 left after rmmod"
reload
