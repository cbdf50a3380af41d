#!/bin/bash
# make check: the whole test suite.
#
# Installs what is missing, fetches the kernels, builds the module for
# each, runs the host checks (unit tests, checkpatch, sparse) and the in-VM
# suite once per kernel, fails on any kernel splat after the suite
# started, and ends with "N passed, N failed, N skipped".
#
# KERNELS="6.1 6.12 7.3 6.12-debug" (default): Debian's stock kernels (6.1
# and 6.12 from bookworm, 7.3 from trixie-backports, its module built in the
# trixie chroot of scripts/build-chroot.sh) and the KASAN/lockdep/kmemleak
# kernel (built once by scripts/build-debug-kernel.sh, 19.5 minutes on 2
# cores; make check-debug runs it alone).  A warm run of all four took
# 45 minutes on 2 cores (2026-12-03, with a 100,000-command fuzz since
# cut to a slice); KERNELS="6.1 6.12" about 15.
# TESTS="name ..." (in-VM cases; default all)
# HOST_CHECKS=0 skips unit tests, checkpatch and sparse (inner loop).
# The dkms-install case gets a module root that scripts/dkms-build.sh
# installs through DKMS on the host before each boot (3 s a kernel).
# Each kernel boots once with a fresh ext4 disk image for file-backed
# devices; when the file-persist case stopped that guest abruptly (as it
# means to), the same image boots once more for its second half.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
KERNELS=${KERNELS:-6.1 6.12 7.3 6.12-debug}
TESTS=${TESTS:-}
HOST_CHECKS=${HOST_CHECKS:-1}
[ -n "$TESTS" ] && HOST_CHECKS=${HOST_CHECKS_WITH_TESTS:-0}
passed=0 failed=0 skipped=0
failures=()
t0=$(date +%s)

record() { # record PASS|FAIL|SKIP name [reason]
	local verdict=$1 name=$2
	shift 2
	case $verdict in
	PASS) passed=$((passed + 1)) ;;
	SKIP) skipped=$((skipped + 1)) ;;
	*) failed=$((failed + 1)); failures+=("$name: $*") ;;
	esac
	echo "$verdict $name${*:+ $*}"
}

summary() {
	rm -rf "$top/build/check-$$"
	echo
	echo "== $(( ($(date +%s) - t0) / 60 )) min $(( ($(date +%s) - t0) % 60 )) s"
	for f in "${failures[@]}"; do
		echo "failed: $f"
	done
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" = 0 ]
	exit
}

echo "== dependencies and kernels"
scripts/deps.sh || { record FAIL setup "installing packages failed"; summary; }
stock=$(printf '%s\n' $KERNELS | grep -v -- -debug | tr '\n' ' ')
# The stock kernels' downloads and the trixie chroot (network and disk)
# happen while the debug kernel compiles (CPU), not after it.
fetch_pid='' fetch_log=$top/build/check-$$/fetch-kernels.log
if [ -n "$stock" ]; then
	mkdir -p "${fetch_log%/*}"
	# shellcheck disable=SC2086
	scripts/fetch-kernels.sh $stock >"$fetch_log" 2>&1 &
	fetch_pid=$!
fi
debug_ok=1
case " $KERNELS " in
*" 6.12-debug "*) scripts/build-debug-kernel.sh || debug_ok=0 ;;
esac
if [ -n "$fetch_pid" ]; then
	if ! wait "$fetch_pid"; then
		cat "$fetch_log"
		record FAIL setup "fetching kernels failed"
		summary
	fi
	grep '^fetch-kernels:\|^build-chroot:' "$fetch_log"
fi
[ $debug_ok = 1 ] || { record FAIL setup "building the debug kernel failed"; summary; }
make -s tools >build.log 2>&1 || { cat build.log; record FAIL setup "building tools failed"; summary; }
rm -f build.log

if [ "$HOST_CHECKS" = 1 ]; then
	echo "== host checks"
	# Check-based unit tests: every tests/unit/test_* program, one line
	# per test case ("file:line:P:suite:name:...").
	for prog in tests/unit/test_*; do
		[ -x "$prog" ] || continue
		out=$("$prog" 2>&1)
		rc=$?
		n=0
		while read -r line; do
			case $line in
			*:P:*) record PASS "unit/$(echo "$line" | cut -d: -f5)"; n=$((n + 1)) ;;
			*:F:* | *:E:*) record FAIL "unit/$(echo "$line" | cut -d: -f5)" \
				"$(echo "$line" | cut -d: -f6-)"; n=$((n + 1)) ;;
			esac
		done <<<"$out"
		if [ $n = 0 ] || { [ $rc != 0 ] && ! grep -q ':[FE]:' <<<"$out"; }; then
			echo "$out" | tail -20
			record FAIL "unit/${prog##*/}" "exit status $rc, $n cases reported"
		fi
	done
	# The host checks (tests/*-host.sh, one line per check): tool: every
	# command's --help and the bash completion against the command table,
	# with no module; install: make install / uninstall into a scratch
	# DESTDIR, nothing left behind; man: groff warnings, uringblk.4
	# generated and complete; deps: deps.sh without apt says what it
	# needs; bench: the latency chart and its percentile maths.  A check
	# that dies without saying FAIL fails too.
	for h in tool install man deps bench; do
		hrc=0
		out=$(tests/$h-host.sh 2>&1) || hrc=$?
		while read -r verdict name reason; do
			[[ -n $verdict ]] || continue
			record "$verdict" "$name" ${reason:+"$reason"}
		done <<<"$out"
		if ((hrc)) && ! grep -q '^FAIL' <<<"$out"; then
			echo "$out" | tail -20
			record FAIL "host/$h" "exit status $hrc and no FAIL line"
		fi
	done
	if out=$(scripts/checkpatch.sh 2>&1); then record PASS checkpatch; else
		echo "$out"; record FAIL checkpatch "findings above"; fi
	if out=$(scripts/sparse.sh 2>&1); then record PASS sparse; else
		echo "$out"; record FAIL sparse "findings above"; fi
fi

# One guest boot of kernel $k on $b/disk.img: boot LOG BOOT TESTS RESULTS.
boot() {
	URINGBLK_VM_NUMA=$numa URINGBLK_VM_TCG_THREAD=$thread scripts/vm-run.sh --kernel "$k" --module "$b/driver/uringblk.ko" --share "$b/results" \
		--disk "$b/disk.img" --log "$1" --timeout "${VM_TIMEOUT:-3000}" -- \
		env URINGBLK_KO="$b/driver/uringblk.ko" URINGBLK_DKMS_ROOT="$dkms_root" TESTS="$3" URINGBLK_DEBUG_KERNEL=$debug \
		URINGBLK_BOOT="$2" TEST_TIMEOUT="$tmo" tests/run-in-vm.sh "$4"
}

# The skips that are expected, one table: "KERNELS CASE WHY", KERNELS
# "stock" (6.1, 6.12, 7.3), "debug" (6.12-debug) or "all".  A case may
# skip only where this table says so: any other skip is a failure, so a
# missing disk, NUMA node or fault-injection knob cannot turn CI green.
expected_skips=(
	"stock mem-failslab the stock kernels have no CONFIG_FAULT_INJECTION"
	"debug zoned-fs the debug kernel is built without btrfs"
	"debug tool-bench user-space logic (stock_only): the fio runner"
	"debug tool-broken user-space logic (stock_only): profile errors"
	"debug tool-cli user-space logic (stock_only): option parsing"
	"debug tool-file user-space logic (stock_only): options and output"
	"debug tool-list user-space logic (stock_only): output formats"
	"debug tool-provision user-space logic (stock_only): the shell provisioner"
	"debug tool-profiles-unit user-space logic (stock_only): the boot unit's start/stop script"
	"debug tool-save user-space logic (stock_only): profile writing"
	"debug tool-set user-space logic (stock_only): set's keys and plan"
	"debug tool-json user-space logic (stock_only): output formats"
	"debug zoned-tool user-space logic (stock_only): zones' options and checks"
	"debug model-timing timing precision: fio percentiles and IOPS against the model"
	"debug tool-latency-model user-space logic (stock_only): model kinds and profile keys"
	"debug crash-ext4 filesystem sweeps take minutes at debug speed; the block-level powerfail-* cases run there"
	"debug crash-xfs-btrfs the debug kernel is built without xfs and btrfs"
	"debug crash-ext4-random filesystem sweeps take minutes at debug speed; the block-level powerfail-* cases run there"
	"debug logw-dm-reader the debug kernel is built without device-mapper (no dm-log-writes to compare the reader with)"
)

# skip_expected CASE: is a skip of CASE on kernel $k in the table?
skip_expected() {
	local e kind
	for e in "${expected_skips[@]}"; do
		set -- $e
		case $1 in
		all) kind=1 ;;
		debug) [[ $k == *-debug ]] && kind=1 || kind=0 ;;
		stock) [[ $k != *-debug ]] && kind=1 || kind=0 ;;
		esac
		[[ $kind == 1 && $2 == "$CASE" ]] && return 0
	done
	return 1
}

# results_of RESULTS LOG NAME: record the case's line from a boot.
results_of() {
	local name=$3 line v
	line=$(grep -E "^(PASS|FAIL|SKIP) $name( |$)" "$1" | tail -n 1)
	if [ -z "$line" ]; then
		record FAIL "$k/$name" "no result: the guest died or timed out (log $2)"
		return
	fi
	set -- $line
	v=$1
	shift 2
	if [ "$v" = SKIP ] && ! CASE=$name skip_expected; then
		record FAIL "$k/$name" "unexpected skip (not in check.sh's expected_skips): $*"
		return
	fi
	record "$v" "$k/$name" "$*"
}

# log_clean LOG NAME: no kernel splat after the command started.
log_clean() {
	local out
	if out=$(scripts/scan-splats.sh "$1"); then
		record PASS "$k/$2"
	else
		echo "$out" | head -60
		record FAIL "$k/$2" "kernel splat in $1"
	fi
}

# The persistence cases' second boot: the first boot's last case,
# file-persist, wrote and fsync'ed data on a file-backed device and then
# stopped the guest abruptly (sysrq b; QEMU exits, -no-reboot); the same
# disk image boots once more, with only file-persist's second half
# (URINGBLK_BOOT=2), which finds the data and e2fsck clean.  One short
# extra boot per kernel, only when the first boot crashed as meant.
second_boot() {
	local res2=$b/results/results-boot2.txt log2=${log%.log}-boot2.log
	echo "== kernel $k: second boot (file-persist)"
	boot "$log2" 2 file-persist "$res2"
	results_of "$res2" "$log2" file-persist
	log_clean "$log2" kernel-log-clean-boot2
}

for k in $KERNELS; do
	echo "== kernel $k"
	# Per run: several make check runs may share the tree (one waits for
	# the other's guest), so none may remove another's files.
	b=$top/build/check-$$/$k
	rm -rf "$b" && mkdir -p "$b/results" "$top/build/vm-logs"
	if ! uringblk_build_module "$k" "$b" >"$b/build.log" 2>&1; then
		cat "$b/build.log"
		record FAIL "$k/build" "module build failed"
		continue
	fi
	grep -E 'warning:|error:' "$b/build.log" && record FAIL "$k/build-warnings" "compiler warnings"
	# The dkms-install case's module root: DKMS (or, for a chroot kernel,
	# dkms.conf's MAKE line) builds and installs on the host, 3 s a kernel.
	dkms_root=''
	case " ${TESTS:-dkms-install} " in
	*" dkms-install "*)
		if scripts/dkms-build.sh "$k" "$b/dkms" >"$b/dkms-build.log" 2>&1; then
			dkms_root=$b/dkms/modroot
			cat "$b/dkms-build.log"
		else
			cat "$b/dkms-build.log"
			record FAIL "$k/dkms-build" "scripts/dkms-build.sh failed"
		fi
		;;
	esac
	res=$b/results/results.txt
	log=$top/build/vm-logs/check-$k-$$.log
	# The debug kernel runs everything 7-15x slower: tests scale down.
	# It also gets both host cores (multi-threaded TCG: 25-40% faster
	# there); the stock kernels keep single-threaded TCG, where the rare
	# boot-time text-patching oops never showed (PLATFORM.md).
	# Every kernel boots with two NUMA nodes for the whole suite (the
	# numa-* cases need them; the debug kernel has CONFIG_NUMA too).
	debug=0 tmo=${TEST_TIMEOUT:-300} thread=${URINGBLK_VM_TCG_THREAD:-single} numa=1
	case $k in *-debug) debug=1 tmo=${TEST_TIMEOUT:-900} thread=${URINGBLK_VM_TCG_THREAD:-multi} ;; esac
	# A small persistent disk for file-backed devices (tmpfs is neither
	# persistent nor, on 6.1, capable of O_DIRECT): sparse, ext4.
	truncate -s 256M "$b/disk.img" && mkfs.ext4 -q -F "$b/disk.img" ||
		record FAIL "$k/disk" "could not make the virtio-blk image"
	# URINGBLK_BOOT=1: this is the first boot; file-persist ends it
	# abruptly (see second_boot below).
	boot "$log" 1 "$TESTS" "$res"
	rc=$?
	listed=$(sed -n 's/^TESTLIST\(_EXTRA\)\{0,1\} //p' "$res" 2>/dev/null | tr '\n' ' ')
	[ -n "$listed" ] || record FAIL "$k/vm" "the guest ran no test (vm-run exit $rc; log $log)"
	persist=0
	for t in $listed; do
		if [ "$t" = file-persist ] && ! grep -qE "^(PASS|FAIL|SKIP) $t( |$)" "$res" &&
			grep -aq 'URINGBLK-CRASH-ON-PURPOSE file-persist' "$log"; then
			persist=1	# crashed as meant: the verdict is the second boot's
			continue
		fi
		results_of "$res" "$log" "$t"
	done
	log_clean "$log" kernel-log-clean
	[ $persist = 1 ] && second_boot
done
summary
