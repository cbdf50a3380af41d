#!/bin/bash
# The file backend checks what `path` names before it opens it (issue 23,
# item 8): a character device is refused with EINVAL and its ->open never
# runs (/dev/ptmx would make a /dev/pts node: an inotify watch sees none);
# a regular file without the read_iter/write_iter methods the device needs
# (/proc/kcore: no read_iter on 6.1, no write_iter later) is refused with
# EINVAL and a dmesg reason instead of being called through a NULL method.
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
dmesg | grep -q 'uringblk: /dev/ptmx: .*character device' ||
	fail "no dmesg reason for /dev/ptmx"

# /proc/kcore: a regular file (root may open it read-write) without the
# methods; capacity given, its i_size is the size of the address space.
[ -e /proc/kcore ] || fail "no /proc/kcore (CONFIG_PROC_KCORE is on in every kernel here)"
expect_write "$UB_CFS/oc0/path" /proc/kcore OK
expect_write "$UB_CFS/oc0/direct" 0 OK
expect_write "$UB_CFS/oc0/power" 1 EINVAL
expect_eq power "$(attr oc0 power)" 0
dmesg | grep -q 'uringblk: /proc/kcore: no read_iter/write_iter' ||
	fail "no dmesg reason for /proc/kcore"
expect_write "$UB_CFS/oc0/direct" 1 OK
expect_write "$UB_CFS/oc0/power" 1 EINVAL
expect_eq power "$(attr oc0 power)" 0

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
