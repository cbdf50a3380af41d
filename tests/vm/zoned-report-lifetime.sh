#!/bin/bash
# A zone report blocked in its copy to user memory (a userfaultfd page)
# holds the zone table, not the device (issue 23 item 5): power off does
# not wait for it, a new geometry and an rmdir do not free the table
# under it, and when the page arrives it finishes with the zones it had.
# Before the fix the report resumed on a freed table (KASAN on the debug
# kernel: use-after-free in ub_zoned_report).
. "$(dirname "$0")/lib.sh"

uffd=$UB_TOP/tests/helpers/ub-uffd-report
# blocked_report DEV: start the helper, wait until it blocks.
blocked_report() {
	coproc REP { "$uffd" "$1" 2>&1; }
	local l=''
	read -r -t 30 l <&"${REP[0]}" || true
	expect_eq "report blocks on the userfaultfd page" "$l" blocked
}
# finish_report WANT: let the page in, read the result.
finish_report() {
	local l=''
	echo go >&"${REP[1]}"
	read -r -t 30 l <&"${REP[0]}" || true
	expect_eq "report result" "$l" "$1"
	wait "$REP_PID" 2>/dev/null || true
}

dev=$(ub_up zl zoned=1 capacity=32M zone_size=4M)
pattern write "$dev" 0 8192 3
blocked_report "$dev"
s=$(date +%s)
echo 0 >$UB_CFS/zl/power || fail "power off"
(($(date +%s) - s < 10)) || fail "power off waited for the blocked report"
echo 2M >$UB_CFS/zl/zone_size
dev=$(ub_up zl)
# The new table (16 zones) takes the old one's place in memory, if freed.
for z in 0 1 2 3 4 5; do pattern write "$dev" $((z << 21)) 4096 $z; done
finish_report "report 0 4"
zone_invariants "$dev" zl

# The same across rmdir: the report outlives the device.
blocked_report "$dev"
ub_down zl
mkdir $UB_CFS/zl2 && rmdir $UB_CFS/zl2
finish_report "report 0 4"
