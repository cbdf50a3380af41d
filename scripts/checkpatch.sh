#!/bin/bash
# checkpatch.pl --strict over the kernel-side sources (driver/, uapi/).
# Exit status 0 only when it reports nothing.
set -euo pipefail
here=$(dirname "$(realpath "$0")")
cd "$here/.."
"$here/deps.sh" >/dev/null
cp=$("$here/checkpatch-extract.sh")
# --no-tree: out of tree; the typedef/struct lists come from the cache copy.
out=$(perl "$cp" --no-tree --strict --terse --show-types -f $(git ls-files --cached --others --exclude-standard "driver/*.[ch]" "uapi/*.h") | grep -E 'ERROR|WARNING|CHECK' || true)
if [ -n "$out" ]; then
	printf '%s\n' "$out"
	exit 1
fi
echo "checkpatch: clean ($(git ls-files --cached --others --exclude-standard "driver/*.[ch]" "uapi/*.h" | wc -l) files)"
