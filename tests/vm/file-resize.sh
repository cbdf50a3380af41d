#!/bin/bash
# Live capacity on a file device follows power on's rule: larger than the
# backing file is EINVAL with grow=0 (size unchanged), and with grow=1
# extends the file; shrinking leaves the file and its data alone; the disk
# sees each new size.
. "$(dirname "$0")/lib.sh"

dir=$(ub_backing_dir)
truncate -s 8M "$dir/g.img"
dev=$(ub_up fz0 backend=file path="$dir/g.img" capacity=0)
p=$UB_CFS/fz0
expect_eq capacity "$(attr fz0 capacity)" $((8 << 20))
pattern write "$dev" 7M 1M 71
expect_write "$p/capacity" 16M EINVAL		# grow=0, file is 8M
expect_eq "capacity after EINVAL" "$(attr fz0 capacity)" $((8 << 20))
expect_eq "disk size after EINVAL" "$(blockdev --getsize64 "$dev")" $((8 << 20))
expect_eq "file size after EINVAL" "$(stat -c %s "$dir/g.img")" $((8 << 20))
expect_write "$p/capacity" 4M OK			# shrink: the file stays
expect_eq "disk size shrunk" "$(blockdev --getsize64 "$dev")" $((4 << 20))
expect_eq "file size after shrink" "$(stat -c %s "$dir/g.img")" $((8 << 20))
expect_write "$p/capacity" 8M OK			# back within the file
pattern verify "$dev" 7M 1M 71
expect_write "$p/grow" 1 EBUSY			# not live
echo 0 >"$p/power"
expect_write "$p/grow" 1 OK
echo 1 >"$p/power"
ub_wait_node "$dev"
expect_write "$p/capacity" 32M OK			# grow=1: the file follows
expect_eq "file size grown" "$(stat -c %s "$dir/g.img")" $((32 << 20))
expect_eq "disk size grown" "$(blockdev --getsize64 "$dev")" $((32 << 20))
pattern write "$dev" 31M 1M 72
pattern verify "$dev" 7M 1M 71
pattern verify "$dev" 31M 1M 72
ub_down fz0
