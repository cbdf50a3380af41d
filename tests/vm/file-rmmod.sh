#!/bin/bash
# File backend across rmmod/insmod: the data written through one module
# instance is read back through the next from the same backing file (the
# memory backend loses it; this is why the file backend exists).
. "$(dirname "$0")/lib.sh"

ko=${URINGBLK_KO:?URINGBLK_KO not set}
trap 'ub_cleanup; [ -d /sys/module/uringblk ] || insmod "$ko"' EXIT

dir=$(ub_backing_dir)
truncate -s 16M "$dir/m.img"
dev=$(ub_up fr0 backend=file path="$dir/m.img" capacity=0 write_cache=1)
pattern write "$dev" 0 1M 51
pattern write "$dev" 15M 1M 52
ub_down fr0
rmmod uringblk || fail "rmmod failed"
[ -d "$UB_CFS" ] && fail "configfs subsystem still there after rmmod"
insmod "$ko" || fail "insmod $ko failed"
dev=$(ub_up fr0 backend=file path="$dir/m.img" capacity=0)
expect_eq capacity "$(attr fr0 capacity)" $((16 << 20))
pattern verify "$dev" 0 1M 51
pattern verify "$dev" 15M 1M 52
ub_down fr0
