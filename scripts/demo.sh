#!/bin/bash
# make demo: boot a 6.12 guest (DEMO_KERNEL=6.1 for the other), load the
# freshly built module and watch several different disks being made with
# mkdir, written, verified and destroyed.
set -euo pipefail
here=$(dirname "$(realpath "$0")")
top=$(dirname "$here")
cd "$top"
k=${DEMO_KERNEL:-6.12}
"$here/deps.sh"
"$here/fetch-kernels.sh" "$k"
make -s tools >/dev/null
. "$("$here/kernel-env.sh" "$k")"
b=$top/build/demo-$k
rm -rf "$b" && mkdir -p "$b"
cp -r driver uapi "$b/"
make -s -C "$KDIR" M="$b/driver" modules 2>&1 | grep -v 'Skipping BTF' || true
exec "$here/vm-run.sh" --kernel "$k" --module "$b/driver/uringblk.ko" --timeout 600 -- \
	bash scripts/demo-guest.sh
