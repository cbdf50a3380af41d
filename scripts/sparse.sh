#!/bin/bash
# sparse over the driver (make C=2), against the cached 6.12 headers.
# Exit status 0 only when sparse and the compiler report nothing.
set -euo pipefail
here=$(dirname "$(realpath "$0")")
top=$(dirname "$here")
"$here/deps.sh" >/dev/null
kdir=$("$here/kernel-kdir.sh" 6.12)
b=$top/build/sparse
rm -rf "$b" && mkdir -p "$b"
cp -r "$top/driver" "$top/uapi" "$b/"
out=$(make -s -C "$kdir" M="$b/driver" C=2 CHECK="sparse -Wno-decl" modules 2>&1 |
	grep -vE 'Skipping BTF|^\s*$' || true)
if [ -n "$out" ]; then
	printf '%s\n' "$out"
	exit 1
fi
echo "sparse: clean"
