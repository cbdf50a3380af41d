#!/bin/bash
# Runs inside the guest (scripts/vm-run.sh boots it): every in-VM test
# case, or those named in $TESTS, one after the other.  Prints a line per
# case and appends "PASS|FAIL|SKIP name reason" to RESULTS.
#
# Usage: tests/run-in-vm.sh RESULTS
set -uo pipefail

results=${1:?usage: run-in-vm.sh RESULTS}
top=$(cd "$(dirname "$0")/.." && pwd)
cfs=/sys/kernel/config/uringblk
export UB_TOP=$top
# The results' directory is a 9p share written through to the host
# (cache=mmap): what a case writes there survives the guest's crash.
UB_RESULTS_DIR=$(dirname "$results")
export UB_RESULTS_DIR
: >"$results"

# Debug kernel: forget what kmemleak saw during boot, so the scan at the
# end reports only what the suite leaked, and stop its scan thread: a scan
# takes 12-37 s of a vCPU here, every 10 minutes, and the end of the
# suite scans anyway.
kmemleak=/sys/kernel/debug/kmemleak
if [ -w $kmemleak ]; then
	echo clear >$kmemleak
	echo scan=off >$kmemleak
fi

if [ -n "${TESTS:-}" ]; then
	names=$TESTS
else
	names="$(cd "$top/tests/vm" && ls -- *.sh | grep -v '^lib\.sh$' | sed 's/\.sh$//')
$(cd "$top/tests/admin" && ls -- *.c | grep -v '^common\.c$' | sed 's/^/admin-/; s/\.c$//')"
fi
echo "TESTLIST $(echo $names)" >>"$results"
# In check.sh's first boot (URINGBLK_BOOT=1) file-persist stops the guest
# abruptly on purpose, so it runs last, after everything else and the
# kmemleak scan; its verdict comes from the second boot.
crash_case=''
if [ "${URINGBLK_BOOT:-}" = 1 ] && [[ " $(echo $names) " == *" file-persist "* ]]; then
	crash_case=file-persist
	names=$(echo $names | tr ' ' '\n' | grep -vx file-persist)
fi

run_case() {
	local t=$1 cmd start rc secs reason left d line
	case $t in
	admin-*) cmd=("$top/tests/admin/${t#admin-}") ;;
	*) cmd=(bash "$top/tests/vm/$t.sh") ;;
	esac
	if [ ! -e "${cmd[-1]}" ]; then
		echo "FAIL $t no such test" | tee -a "$results"
		return
	fi
	start=$(date +%s)
	timeout -k 10 "${TEST_TIMEOUT:-300}" "${cmd[@]}" >/tmp/test.log 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	reason=$(grep -E '^(FAIL|SKIP)-REASON: ' /tmp/test.log | tail -n 1 | cut -d' ' -f2-)
	# Figures a case measured ("NOTE: ..."), for the console and the log.
	grep -E '^NOTE: ' /tmp/test.log | sed "s/^NOTE: /NOTE $t: /"
	# A case that leaves devices behind breaks the next one: count it.
	left=$(cd $cfs 2>/dev/null && ls -d -- */ 2>/dev/null | grep -v '^dev[0-9]*/$' | tr -d / | tr '\n' ' ')
	if [ -n "$left" ]; then
		for d in $left; do
			echo 0 >"$cfs/$d/power" 2>/dev/null
			rmdir "$cfs/$d" 2>/dev/null
		done
		[ $rc = 0 ] && { rc=1; reason="left devices behind: $left"; }
	fi
	# A file made in /dev under a disk's name (fio after the disk went)
	# would keep every later disk of that name from getting its node.
	left=$(find /dev -maxdepth 1 -name "uringblk*" ! -type b 2>/dev/null | tr '\n' ' ')
	if [ -n "$left" ]; then
		rm -f $left
		[ $rc = 0 ] && { rc=1; reason="left files in /dev under disk names: $left"; }
	fi
	case $rc in
	0) line="PASS $t (${secs}s)" ;;
	77) line="SKIP $t ${reason:-no reason given}" ;;
	124) line="FAIL $t timed out after ${TEST_TIMEOUT:-300}s" ;;
	*) line="FAIL $t ${reason:-exit status $rc} (${secs}s)" ;;
	esac
	echo "$line" | tee -a "$results"
	if [ "${line%% *}" = FAIL ]; then
		echo "---- output of $t (last 40 lines) ----"
		tail -n 40 /tmp/test.log
		echo "----"
	fi
}

for t in $names; do
	run_case "$t"
done
# After the suite (and rmmod, so the module's own objects count too): two
# scans, as a new leak may only show in the second.
if [ -w $kmemleak ]; then
	t=kmemleak
	echo "TESTLIST_EXTRA $t" >>"$results"
	lsmod | grep -q '^uringblk' && rmmod uringblk
	echo scan >$kmemleak
	sleep 1
	echo scan >$kmemleak
	cat $kmemleak >/tmp/kmemleak.txt
	n=$(grep -c 'unreferenced object' /tmp/kmemleak.txt)
	if [ "$n" = 0 ]; then
		echo "PASS $t (no leaks after the suite and rmmod)" | tee -a "$results"
	else
		echo "FAIL $t $n unreferenced objects" | tee -a "$results"
		head -60 /tmp/kmemleak.txt
	fi
fi
[ -z "$crash_case" ] || run_case "$crash_case"
echo DONE >>"$results"
