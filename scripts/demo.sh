#!/bin/bash
# make demo: boot a 6.12 guest (DEMO_KERNEL=6.1 or 7.3 for another), load the
# freshly built module and watch several different disks being made with
# mkdir, written, verified and destroyed.
set -euo pipefail
here=$(dirname "$(realpath "$0")")
top=$(dirname "$here")
# shellcheck source=scripts/lib.sh
source "$here/lib.sh"
cd "$top"
k=${DEMO_KERNEL:-6.12}
"$here/deps.sh"
"$here/fetch-kernels.sh" "$k"
make -s tools >/dev/null
b=$top/build/demo-$k
rm -rf "$b" && mkdir -p "$b"
uringblk_build_module "$k" "$b" >"$b/build.log" 2>&1 || { cat "$b/build.log"; die "building the module for $k failed"; }
grep -v 'Skipping BTF' "$b/build.log" || true
exec "$here/vm-run.sh" --kernel "$k" --module "$b/driver/uringblk.ko" --timeout 600 -- \
	bash scripts/demo-guest.sh
