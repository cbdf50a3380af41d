#!/bin/bash
# make check: the whole test suite.
#
# Installs what is missing, fetches the kernels, builds the module for
# each, runs the host checks (unit tests, checkpatch, sparse) and the in-VM
# suite once per kernel, fails on any kernel splat after the suite
# started, and ends with "N passed, N failed, N skipped".
#
# KERNELS="6.1 6.12" (default both)   TESTS="name ..." (in-VM cases; default all)
# HOST_CHECKS=0 skips unit tests, checkpatch and sparse (inner loop).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
KERNELS=${KERNELS:-6.1 6.12}
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
# shellcheck disable=SC2086
scripts/fetch-kernels.sh $KERNELS || { record FAIL setup "fetching kernels failed"; summary; }
make -s tools >build.log 2>&1 || { cat build.log; record FAIL setup "building tools failed"; summary; }
rm -f build.log

if [ "$HOST_CHECKS" = 1 ]; then
	echo "== host checks"
	out=$(tests/unit/test_parse 2>&1)
	while read -r line; do
		case $line in
		*:P:*) record PASS "unit/$(echo "$line" | cut -d: -f5)" ;;
		*:F:* | *:E:*) record FAIL "unit/$(echo "$line" | cut -d: -f5)" "$(echo "$line" | cut -d: -f7-)" ;;
		esac
	done <<<"$out"
	if out=$(scripts/checkpatch.sh 2>&1); then record PASS checkpatch; else
		echo "$out"; record FAIL checkpatch "findings above"; fi
	if out=$(scripts/sparse.sh 2>&1); then record PASS sparse; else
		echo "$out"; record FAIL sparse "findings above"; fi
fi

for k in $KERNELS; do
	echo "== kernel $k"
	. "$(scripts/kernel-env.sh "$k")"
	b=$top/build/$k
	rm -rf "$b" && mkdir -p "$b/results" "$top/build/vm-logs"
	cp -r driver uapi "$b/"
	if ! make -s -C "$KDIR" M="$b/driver" modules >"$b/build.log" 2>&1; then
		cat "$b/build.log"
		record FAIL "$k/build" "module build failed"
		continue
	fi
	grep -E 'warning:|error:' "$b/build.log" && record FAIL "$k/build-warnings" "compiler warnings"
	res=$b/results/results.txt
	log=$top/build/vm-logs/check-$k.log
	scripts/vm-run.sh --kernel "$k" --module "$b/driver/uringblk.ko" --share "$b/results" \
		--log "$log" --timeout "${VM_TIMEOUT:-2400}" -- \
		env URINGBLK_KO="$b/driver/uringblk.ko" TESTS="$TESTS" tests/run-in-vm.sh "$res"
	rc=$?
	listed=$(sed -n 's/^TESTLIST //p' "$res" 2>/dev/null)
	[ -n "$listed" ] || record FAIL "$k/vm" "the guest ran no test (vm-run exit $rc; log $log)"
	for t in $listed; do
		line=$(grep -E "^(PASS|FAIL|SKIP) $t( |$)" "$res" | tail -n 1)
		if [ -z "$line" ]; then
			record FAIL "$k/$t" "no result: the guest died or timed out (log $log)"
			continue
		fi
		set -- $line
		v=$1
		shift 2
		record "$v" "$k/$t" "$*"
	done
	if out=$(scripts/scan-splats.sh "$log"); then
		record PASS "$k/kernel-log-clean"
	else
		echo "$out" | head -60
		record FAIL "$k/kernel-log-clean" "kernel splat in $log"
	fi
done
summary
