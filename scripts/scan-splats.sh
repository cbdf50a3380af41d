#!/bin/bash
# Fail a guest run whose kernel complained while the test command ran.
#
# Usage: scripts/scan-splats.sh [--ignore ERE]... LOG
#
# Looks only at the console log after the URINGBLK-CMD-START marker that
# scripts/vm-run.sh prints: boot noise is not the test's fault (and a guest
# that died while booting was already booted again by vm-run).
# Exit status: 0 no splat; 1 splat found (each printed with about 20 lines
# of context); 2 bad usage, unreadable log or no start marker (the command
# never ran, so nothing can be said).
# --ignore drops matching lines that a test provokes on purpose.
set -euo pipefail

usage() {
	echo "usage: ${0##*/} [--ignore ERE]... LOG" >&2
	exit 2
}

ignores=()
while (($#)); do
	case $1 in
	--ignore) ignores+=("${2:?--ignore needs a regular expression}"); shift 2 ;;
	-h | --help) usage ;;
	--) shift; break ;;
	-*) usage ;;
	*) break ;;
	esac
done
(($# == 1)) || usage
log=$1
[[ -r $log ]] || { echo "scan-splats: cannot read $log" >&2; exit 2; }

# What the kernel prints for warnings, bugs, oopses, sanitizer, lockdep,
# hung-task, lockup, RCU stall, list-debug, refcount and kmemleak reports.
patterns=(
	'WARNING:'
	'BUG:'
	'Oops'
	'Kernel panic'
	'general protection fault'
	'KASAN'
	'UBSAN'
	'possible circular locking'
	'possible recursive locking'
	'inconsistent lock state'
	'INFO: task .* blocked for more than'
	'hung_task'
	'soft lockup'
	'hard LOCKUP'
	'rcu_sched self-detected stall'
	'self-detected stall'
	'rcu: INFO'
	'kmemleak: .*suspected memory leak'
	'unreferenced object'
	'list_add corruption'
	'list_del corruption'
	'refcount_t:'
)
re=$(IFS='|'; echo "${patterns[*]}")

start=$(grep -an -m1 'URINGBLK-CMD-START' "$log" | cut -d: -f1 || true)
if [[ -z $start ]]; then
	echo "scan-splats: no URINGBLK-CMD-START marker in $log: the command never ran" >&2
	exit 2
fi

# Line numbers (in the whole log) of the splat lines after the marker.
mapfile -t hits < <(
	tail -n +"$((start + 1))" "$log" | grep -anE -- "$re" |
		{
			if ((${#ignores[@]})); then
				grep -vE -- "$(IFS='|'; echo "${ignores[*]}")" || true
			else
				cat
			fi
		} | cut -d: -f1 | awk -v off="$start" '{ print $1 + off }'
)
((${#hits[@]})) || exit 0

echo "scan-splats: ${#hits[@]} kernel splat line(s) after the command started in $log:"
# Print each hit with 3 lines before and 20 after, merging overlaps; stop
# after 200 lines, the first splat is what matters.
printf '%s\n' "${hits[@]}" | awk -v logf="$log" '
	NR == FNR { hit[$1] = 1; for (i = $1 - 3; i <= $1 + 20; i++) show[i] = 1; next }
	FNR in show {
		if (last && FNR != last + 1) print "--"
		printf "%s%6d: %s\n", (FNR in hit) ? ">" : " ", FNR, $0
		last = FNR
		if (++shown >= 200) { print "scan-splats: (more in " logf ")"; exit }
	}
' - "$log"
exit 1
