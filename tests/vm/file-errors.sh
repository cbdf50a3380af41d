#!/bin/bash
# File backend refusals at power on, with the exact errno, the device left
# off: missing file, directory, too small (grow=0), read-only (no
# CAP_DAC_OVERRIDE), the same file on two devices, no O_DIRECT below the
# backing store's block size (a 4096-byte null_blk device); refusals at the write: relative path, memory_limit on a file device.
. "$(dirname "$0")/lib.sh"

dir=$(ub_backing_dir)
truncate -s 8M "$dir/b.img"
ub_mkdev fe0 backend=file
p=$UB_CFS/fe0
expect_write "$p/path" relative.img EINVAL
expect_write "$p/memory_limit" 1M EINVAL
expect_write "$p/capacity" 0 OK
expect_write "$p/power" 1 EINVAL		# no path
expect_write "$p/path" "$dir/missing.img" OK
expect_write "$p/power" 1 ENOENT
expect_write "$p/path" "$dir" OK
expect_write "$p/power" 1 EISDIR
expect_write "$p/path" "$dir/b.img" OK
expect_write "$p/capacity" 16M OK
expect_write "$p/power" 1 EINVAL		# file smaller than capacity
expect_eq power "$(attr fe0 power)" 0
expect_eq disk "$(attr fe0 disk)" ""
chmod 0444 "$dir/b.img"
got=$(setpriv --bounding-set=-dac_override,-dac_read_search --inh-caps=-dac_override,-dac_read_search \
	"$UB_WRITE" "$p/power" 1 || true)
expect_eq read-only "$got" EACCES
chmod 0644 "$dir/b.img"
expect_write "$p/grow" 1 OK
expect_write "$p/power" 1 OK			# grow: extended to 16M
expect_eq size "$(stat -c %s "$dir/b.img")" $((16 << 20))
ub_mkdev fe1 backend=file path="$dir/b.img" capacity=0
expect_write "$UB_CFS/fe1/power" 1 EBUSY	# same inode
ln "$dir/b.img" "$dir/c.img"
expect_write "$UB_CFS/fe1/path" "$dir/c.img" OK
expect_write "$UB_CFS/fe1/power" 1 EBUSY	# same inode, other path
echo 0 >"$p/power"
expect_write "$UB_CFS/fe1/power" 1 OK
echo 0 >"$UB_CFS/fe1/power"
# Direct I/O below the backing store's block size (ext4 on a 512-byte
# virtio disk takes 512, so this must open): lbs 512 with direct=1.
expect_write "$UB_CFS/fe1/direct" 1 OK
expect_write "$UB_CFS/fe1/power" 1 OK
echo 0 >"$UB_CFS/fe1/power"
# Direct I/O below the backing store's block size: a 4096-byte null_blk
# device under a 512-byte direct=1 device is refused, the device left off;
# 4096-byte blocks, or direct=0 (its page cache does the alignment), open.
nb=$(nullb_up ubnbe size=16 blocksize=4096 memory_backed=1)
ub_mkdev fe2 backend=file path="$nb" capacity=0 direct=1
p=$UB_CFS/fe2
expect_write "$p/power" 1 EINVAL
expect_eq "power after the refusal" "$(attr fe2 power)" 0
expect_eq "disk after the refusal" "$(attr fe2 disk)" ""
expect_write "$p/logical_block_size" 4096 OK
dev=$(ub_up fe2)
pattern write "$dev" 0 1M 71
pattern verify "$dev" 0 1M 71
echo 0 >"$p/power"
expect_write "$p/logical_block_size" 512 OK
expect_write "$p/direct" 0 OK
dev=$(ub_up fe2)
pattern verify "$dev" 0 1M 71
ub_down fe2
