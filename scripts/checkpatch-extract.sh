#!/bin/bash
# Unpack the kernel's checkpatch.pl with the data files it reads from its own
# directory (spelling.txt, const_structs.checkpatch) into $CACHE/checkpatch,
# then print the checkpatch.pl path.  Idempotent.
#
# Usage: scripts/checkpatch-extract.sh
#        "$(scripts/checkpatch-extract.sh)" --no-tree -f driver/foo.c
set -euo pipefail

here=$(dirname "$(realpath "$0")")
# shellcheck source=scripts/lib.sh
source "$here/lib.sh"

CACHE=$(uringblk_cache_dir)
SRC_TAR=${URINGBLK_LINUX_SOURCE_TAR:-/usr/src/linux-source-6.1.tar.xz}
out=$CACHE/checkpatch
files=(checkpatch.pl spelling.txt const_structs.checkpatch)
tmp='' probe=''
trap 'rm -rf "$tmp" "$probe"' EXIT

have_all() {
	local f
	for f in "${files[@]}"; do [[ -s $out/$f ]] || return 1; done
	[[ -f $out/.stamp && $(cat "$out/.stamp") == "$SRC_TAR" ]]
}

if ! have_all; then
	[[ -f $SRC_TAR ]] || die "$SRC_TAR missing: run scripts/deps.sh (package linux-source-6.1)"
	# tar dies of SIGPIPE once head has the first name: expected.
	top=$(tar -tJf "$SRC_TAR" 2>/dev/null | head -n1 || true)
	top=${top%%/*}
	tmp=$(mktemp -d "$CACHE/checkpatch.XXXXXX")
	members=()
	for f in "${files[@]}"; do members+=("$top/scripts/$f"); done
	# One pass over the 140 MB archive; the members are near its end, so
	# this takes some seconds.
	tar -xJf "$SRC_TAR" -C "$tmp" "${members[@]}"
	rm -rf "$out"
	mkdir -p "$out"
	for f in "${files[@]}"; do mv "$tmp/$top/scripts/$f" "$out/$f"; done
	chmod +x "$out/checkpatch.pl"
	printf '%s\n' "$SRC_TAR" >"$out/.stamp"
fi

# checkpatch silently skips its spelling and const_structs checks when it
# does not find the files beside itself ($D/spelling.txt): prove that it does
# (with -f a typo is only a CHECK, hence --strict).
probe=$(mktemp "$CACHE/checkpatch-probe.XXXXXX.c")
printf '%s\n' '// SPDX-License-Identifier: GPL-2.0' '/* an adress */' \
	'static struct file_operations probe_fops;' >"$probe"
report=$("$out/checkpatch.pl" --no-tree --strict --no-summary --terse -f "$probe" || true)
grep -q "'adress' may be misspelled" <<<"$report" ||
	die "checkpatch in $out does not read spelling.txt: $report"
grep -q 'struct file_operations should normally be const' <<<"$report" ||
	die "checkpatch in $out does not read const_structs.checkpatch: $report"
printf '%s\n' "$out/checkpatch.pl"
