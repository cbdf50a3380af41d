#!/bin/bash
# Build and install the module through DKMS for a cached kernel, on the
# host, into a scratch module root that a guest can use as its
# /lib/modules (tests/vm/dkms-install.sh; scripts/check.sh runs this).
#
# Usage: scripts/dkms-build.sh SERIES OUTDIR
#
# The source tree is the one `make install` gives DKMS (make dkms-source).
# Kernels the host can build for (6.1, 6.12, 6.12-debug): Debian's dkms with
# every tree in OUTDIR (--dkmstree, --sourcetree, --installtree,
# --kernelsourcedir, -k), nothing on the host touched.  Kernels built in the
# trixie chroot (7.3, its kbuild needs trixie's glibc): dkms.conf is read
# as dkms reads it (sourced with kernel_source_dir and kernelver set) and
# its MAKE line runs in the chroot exactly as dkms would run it (with "-jN
# KERNELRELEASE=<ver>" after "make"); the module goes to the
# DEST_MODULE_LOCATION dkms would give it, updates/dkms.
#
# Result: OUTDIR/modroot/lib/modules/<ver>/ with the kernel's own modules
# (a link to the cached tree), updates/dkms/uringblk.ko and depmod's
# indexes over the DKMS module and what it depends on (a depmod of the whole
# tree costs 6 s on 6.12, most of this script's time).  Logs in OUTDIR.
set -euo pipefail

here=$(dirname "$(realpath "$0")")
top=$(dirname "$here")
# shellcheck source=scripts/lib.sh
source "$here/lib.sh"

(($# == 2)) || die "usage: ${0##*/} SERIES OUTDIR"
series=$1
out=$(realpath -m -- "$2")
env=$("$here/kernel-env.sh" "$series")
KVER='' KDIR='' MODROOT='' BUILD_CHROOT='' CHROOT_KDIR=''
# shellcheck source=/dev/null
. "$env"
command -v dkms >/dev/null || die "dkms missing: run scripts/deps.sh"

t0=${EPOCHREALTIME/,/.}
rm -rf "$out"
mkdir -p "$out"
make -s -C "$top" dkms-source DESTDIR="$out/stage" >"$out/source.log" 2>&1 ||
	{ cat "$out/source.log" >&2; die "make dkms-source failed"; }
name=$(sed -n 's/^PACKAGE_NAME="\(.*\)"/\1/p' "$top/dkms.conf")
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
src=$out/stage/usr/src/$name-$version
[[ -f $src/dkms.conf ]] || die "no dkms.conf in $src"

# The module root: the kernel's modules as the cache has them, and room
# for what dkms installs.
kroot=$MODROOT/lib/modules/$KVER
mods=$out/modroot/lib/modules/$KVER
mkdir -p "$mods"
ln -s "$kroot/kernel" "$mods/kernel"
for f in modules.order modules.builtin modules.builtin.modinfo; do
	[[ ! -f $kroot/$f ]] || cp "$kroot/$f" "$mods/"
done

jobs=$(nproc)
if [[ -z $BUILD_CHROOT ]]; then
	dkms install -m "$name" -v "$version" -k "$KVER" --kernelsourcedir "$KDIR" \
		--dkmstree "$out/dkms" --sourcetree "$out/stage/usr/src" \
		--installtree "$out/modroot/lib/modules" --no-depmod -j "$jobs" >"$out/dkms.log" 2>&1 ||
		{ tail -n 30 "$out/dkms.log" >&2; cat "$out/dkms/$name/$version/build/make.log" >&2 2>/dev/null; die "dkms install failed (log $out/dkms.log)"; }
else
	# dkms.conf as dkms reads it, in a subshell of its own.
	# shellcheck disable=SC2034,SC1091  # read by dkms.conf
	read -r make_cmd built_loc built_name dest_loc < <(
		kernel_source_dir=$CHROOT_KDIR kernelver=$KVER
		MAKE=() BUILT_MODULE_LOCATION=() BUILT_MODULE_NAME=() DEST_MODULE_LOCATION=()
		. "$src/dkms.conf"
		printf '%s\t%s\t%s\t%s\n' "${MAKE[0]// /$'\x1f'}" "${BUILT_MODULE_LOCATION[0]:-}" \
			"${BUILT_MODULE_NAME[0]}" "${DEST_MODULE_LOCATION[0]:-/updates/dkms}")
	make_cmd=${make_cmd//$'\x1f'/ }
	[[ $make_cmd == make* ]] || die "dkms.conf's MAKE[0] does not start with make: '$make_cmd'"
	# What dkms 3 runs (actual_build): "make" becomes "make -jN KERNELRELEASE=<ver>".
	make_cmd="make -j$jobs KERNELRELEASE=$KVER${make_cmd#make}"
	# Debian's dkms installs under updates/dkms whatever the location says.
	case $dest_loc in /updates*) dest_loc=/updates/dkms ;; esac
	csrc=$(mktemp -d "$BUILD_CHROOT/src/dkms.XXXXXX")
	trap 'rm -rf "$csrc"' EXIT
	cp -r "$src/." "$csrc/"
	echo "chroot $BUILD_CHROOT: cd ${csrc#"$BUILD_CHROOT"} && $make_cmd" >"$out/dkms.log"
	unshare --mount --propagation private --pid --fork --mount-proc="$BUILD_CHROOT/proc" \
		chroot "$BUILD_CHROOT" /bin/bash -c "cd \"\$1\" && $make_cmd" bash "${csrc#"$BUILD_CHROOT"}" \
		>>"$out/dkms.log" 2>&1 || { tail -n 30 "$out/dkms.log" >&2; die "the MAKE line failed in the chroot (log $out/dkms.log)"; }
	mkdir -p "$mods$dest_loc"
	cp "$csrc/$built_loc/$built_name.ko" "$mods$dest_loc/"
fi

ko=$(cd "$mods" && find updates -name "$name.ko*" | head -n 1)
[[ -n $ko ]] || die "no $name.ko under $mods/updates after the install"
# depmod over the DKMS module and the modules it needs (their own lines
# of the cached modules.dep), not the whole tree.
files=("$ko")
for dep in $(modinfo -F depends "$mods/$ko" | tr ',' ' '); do
	line=$(grep -E "(^|/)${dep//_/[-_]}\.ko(\.[a-z]+)?:" "$kroot/modules.dep" | head -n 1) ||
		die "$name depends on $dep, which $kroot/modules.dep does not list"
	read -ra more <<<"${line//:/}"
	files+=("${more[@]}")
done
depmod -b "$out/modroot" "$KVER" "${files[@]/#/$mods/}" >>"$out/dkms.log" 2>&1 ||
	die "depmod failed (log $out/dkms.log)"
awk -v a="${EPOCHREALTIME/,/.}" -v b="$t0" -v s="$series" -v k="$ko" \
	'BEGIN { printf "dkms-build: %s: %s in %.1f s\n", s, k, a - b }'
