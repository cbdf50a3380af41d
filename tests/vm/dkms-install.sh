#!/bin/bash
# The module as DKMS installs it (make install): scripts/dkms-build.sh
# built and installed it on the host (7.3: dkms.conf's MAKE line in the
# trixie chroot) into a module root, URINGBLK_DKMS_ROOT.  With that root as
# this kernel's /lib/modules/<ver>, modinfo and modprobe find uringblk
# under updates/dkms/, it loads, and it makes a working device.
. "$(dirname "$0")/lib.sh"

root=${URINGBLK_DKMS_ROOT:-}
[ -n "$root" ] || skip "URINGBLK_DKMS_ROOT not set (scripts/check.sh builds it with scripts/dkms-build.sh)"
kver=$(uname -r)
tree=$root/lib/modules/$kver
want=/lib/modules/$kver/updates/dkms/uringblk.ko
[ -f "$tree/updates/dkms/uringblk.ko" ] || fail "no updates/dkms/uringblk.ko for $kver in $root"

orig=$(readlink "/lib/modules/$kver") || fail "/lib/modules/$kver is not the runner's link"
restore() {
	ub_cleanup
	if grep -q '^uringblk ' /proc/modules; then rmmod uringblk || true; fi
	ln -sfn "$orig" "/lib/modules/$kver"
	[ -z "${URINGBLK_KO:-}" ] || insmod "$URINGBLK_KO"
}
trap restore EXIT

# The runner loaded the module of the checkout: unload it first.
if grep -q '^uringblk ' /proc/modules; then rmmod uringblk || fail "rmmod of the runner's module failed"; fi
ln -sfn "$tree" "/lib/modules/$kver"

expect_eq "modinfo -n uringblk" "$(modinfo -n uringblk)" "$want"
modprobe uringblk || fail "modprobe uringblk failed"
grep -q '^uringblk ' /proc/modules || fail "uringblk not loaded after modprobe"
# The loaded module is that file: same build ID.
objcopy -O binary -j .note.gnu.build-id "$want" /tmp/dkms-note ||
	fail "no build ID note in $want"
notes=/sys/module/uringblk/notes/.note.gnu.build-id id="build ID not in sysfs"
if [ -r $notes ]; then
	cmp -s /tmp/dkms-note $notes || fail "the loaded module's build ID is not that of $want"
	id="same build ID"
fi
[ -d "$UB_CFS" ] || fail "no $UB_CFS after modprobe"
# dkms registers the module under dkms.conf's PACKAGE_VERSION (dkms status,
# /usr/src/uringblk-<version>): the driver must report the same one.
pkgver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$UB_TOP/dkms.conf")
expect_eq "driver version (configfs) vs dkms.conf PACKAGE_VERSION" "$(<"$UB_CFS/version")" "$pkgver"
echo "NOTE: $kver: loaded ${want#/lib/modules/"$kver"/} ($id)"

dev=$(ub_up dk0 capacity=8M)
pattern write "$dev" 0 1M 14
pattern verify "$dev" 0 1M 14
ub_down dk0
modprobe -r uringblk || fail "modprobe -r uringblk failed"
[ ! -d "$UB_CFS" ] || fail "$UB_CFS still there after modprobe -r"
