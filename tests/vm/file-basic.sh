#!/bin/bash
# File backend: capacity 0 resolves to the file's size; data survives power
# off/on, rmdir and a new device on the same file; IDENTIFY's backend field
# through the features and configfs files.
. "$(dirname "$0")/lib.sh"

dir=$(ub_backing_dir)
truncate -s 32M "$dir/a.img"
dev=$(ub_up fb0 backend=file path="$dir/a.img" capacity=0)
expect_eq capacity "$(attr fb0 capacity)" $((32 << 20))
expect_eq backend "$(attr fb0 backend)" file
expect_eq path "$(attr fb0 path)" "$dir/a.img"
expect_eq memory_used "$(attr fb0 memory_used)" 0
expect_write "$UB_CFS/fb0/memory_limit" 0 OK
expect_write "$UB_CFS/fb0/path" /x EBUSY
grep -qw backend "$UB_CFS/features" || fail "features lacks backend"
for a in path direct grow; do
	grep -qw $a "$UB_CFS/features" || fail "features lacks $a"
done
pattern write "$dev" 0 1M 11
pattern write "$dev" 31M 1M 12
echo 0 >"$UB_CFS/fb0/power"
echo 1 >"$UB_CFS/fb0/power"
ub_wait_node "$dev"
pattern verify "$dev" 0 1M 11
pattern verify "$dev" 31M 1M 12
ub_down fb0
# The file holds the data: a new device on it sees it.
dev=$(ub_up fb1 backend=file path="$dir/a.img" capacity=0 direct=0)
pattern verify "$dev" 0 1M 11
pattern verify "$dev" 31M 1M 12
ub_down fb1
cmp -n 1M "$dir/a.img" <(dd if=/dev/zero bs=1M count=1 2>/dev/null) >/dev/null &&
	fail "the backing file holds no data"
true
