#!/bin/bash
# The file backend checks what `path` names before it opens it (issue 23,
# item 8): a character device is refused with EINVAL and its ->open never
# runs (/dev/ptmx would make a /dev/pts node: an inotify watch sees none);
# a regular file without the read_iter/write_iter methods the device needs
# (/proc/kcore: no read_iter on 6.1, no write_iter later; /proc/self/mem)
# is refused with EINVAL and a dmesg reason instead of being called
# through a NULL method.
# A symlink to a good file still works.
. "$(dirname "$0")/lib.sh"

# power_watch DEVICE: write 1 to its `power` once; prints the errno name
# (or OK) and whether a node appeared in /dev/pts meanwhile.
power_watch() {
	python3 - "$UB_CFS/$1/power" <<'EOF'
import ctypes, errno, os, sys
libc = ctypes.CDLL(None, use_errno=True)
ino = libc.inotify_init1(os.O_NONBLOCK)
if ino < 0 or libc.inotify_add_watch(ino, b"/dev/pts", 0x100) < 0:  # IN_CREATE
    print("inotify-failed")
    sys.exit(0)
fd = os.open(sys.argv[1], os.O_WRONLY)
try:
    os.write(fd, b"1")
    res = "OK"
except OSError as e:
    res = errno.errorcode[e.errno]
os.close(fd)
try:
    created = len(os.read(ino, 4096)) > 0
except BlockingIOError:
    created = False
print(res, "pts-node-created" if created else "no-pts-node")
EOF
}

[ -c /dev/ptmx ] && mountpoint -q /dev/pts || fail "no /dev/ptmx or devpts at /dev/pts"
ub_mkdev oc0 backend=file path=/dev/ptmx capacity=1M
for direct in 0 1; do
	echo $direct >"$UB_CFS/oc0/direct"
	expect_eq "/dev/ptmx direct=$direct" "$(power_watch oc0)" "EINVAL no-pts-node"
	expect_eq power "$(attr oc0 power)" 0
done
expect_eq "last_error" "$(attr oc0 last_error)" \
	"EINVAL: /dev/ptmx: a character device, not a regular file or block device"
dmesg | grep -q 'uringblk: oc0: power on refused: EINVAL: /dev/ptmx: a character device' ||
	fail "no dmesg reason for /dev/ptmx"

# Regular files without the methods, refused before their ->open runs
# and never called through a NULL method: /proc/kcore (root may open it
# read-write; capacity given, its i_size is the address space's) and
# /proc/self/mem (read/write, no iter methods, on every kernel here).
# The debug kernel (tinyconfig) has no /proc/kcore.
for p in /proc/kcore /proc/self/mem; do
	if [ ! -e $p ]; then
		[ $p = /proc/kcore ] && [ "$UB_DEBUG" = 1 ] && continue
		fail "no $p"
	fi
	expect_write "$UB_CFS/oc0/path" $p OK
	for direct in 0 1; do
		expect_write "$UB_CFS/oc0/direct" $direct OK
		expect_write "$UB_CFS/oc0/power" 1 EINVAL
		expect_eq "power ($p direct=$direct)" "$(attr oc0 power)" 0
	done
	expect_eq "last_error ($p)" "$(attr oc0 last_error)" \
		"EINVAL: $p: no read_iter/write_iter, cannot back a device"
	dmesg | grep -q "uringblk: oc0: power on refused: EINVAL: $p: no read_iter/write_iter" ||
		fail "no dmesg reason for $p"
done

# What is accepted still works: a regular file through a symlink.
dir=$(ub_backing_dir)
truncate -s 4M "$dir/o.img"
ln -s o.img "$dir/link.img"
expect_write "$UB_CFS/oc0/path" "$dir/link.img" OK
expect_write "$UB_CFS/oc0/capacity" 0 OK
expect_write "$UB_CFS/oc0/power" 1 OK
dev=/dev/$(attr oc0 disk)
ub_wait_node "$dev"
pattern write "$dev" 0 1M 8
pattern verify "$dir/o.img" 0 1M 8
ub_down oc0
