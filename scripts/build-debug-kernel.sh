#!/bin/bash
# Build the debug kernel (KASAN, lockdep, kmemleak, fault injection) from
# Debian's linux-source-6.12 with scripts/debug-kernel/uringblk-debug.config,
# into $CACHE/kernels/6.12-debug, laid out like a fetched kernel (env file
# with KVER, KDIR, VMLINUZ, MODROOT) so vm-run.sh and check.sh use it as
# the series "6.12-debug".  Rebuilt only when the config fragment or the
# source version changes.  About 16 minutes on 2 cores.
#
# It holds the guests' lock while compiling: a TCG guest beside a kernel
# build on 2 cores reports false soft lockups.
set -euo pipefail
here=$(dirname "$(realpath "$0")")
# shellcheck source=scripts/lib.sh
source "$here/lib.sh"
CACHE=$(uringblk_cache_dir)
frag=$here/debug-kernel/uringblk-debug.config
out=$CACHE/kernels/6.12-debug
mkdir -p "$out"

"$here/deps.sh" >/dev/null
ver=$(apt-cache show --no-all-versions linux-source-6.12 2>/dev/null | awk '/^Version:/ { print $2; exit }')
[ -n "$ver" ] || die "linux-source-6.12 is not in the apt sources"
want="$ver $(sha256sum "$frag" "$0" | awk '{ print $1 }' | tr '\n' ' ')"
if [ -f "$out/.fetched" ] && [ "$(cat "$out/.stamp" 2>/dev/null)" = "$want" ]; then
	echo "build-debug-kernel: up to date ($ver)"
	exit 0
fi

lockfile=$CACHE/vm-run.lock
[[ ! -w /run/lock ]] || lockfile=/run/lock/uringblk-vm-run.lock
exec 9>>"$lockfile"
flock -n 9 || { echo "build-debug-kernel: waiting for running guests to finish"; flock 9; }

rm -f "$out/.fetched"
src=$out/src
if [ ! -f "$src/.unpacked-$ver" ]; then
	echo "build-debug-kernel: unpacking linux-source-6.12 $ver"
	rm -rf "$src" "$out/dl" && mkdir -p "$out/dl"
	(cd "$out/dl" && apt-get download -q -o APT::Sandbox::User=root "linux-source-6.12=$ver")
	dpkg-deb --fsys-tarfile "$out"/dl/linux-source-6.12_*.deb |
		tar -xO --wildcards './usr/src/linux-source-6.12.tar.xz' | tar -xJ -C "$out"
	mv "$out/linux-source-6.12" "$src"
	rm -rf "$out/dl"
	touch "$src/.unpacked-$ver"
fi

cd "$src"
make -s ARCH=x86_64 tinyconfig
args=()
while IFS='=' read -r key val; do
	case $key in '#'* | '') continue ;; esac
	case $val in
	y) args+=(--enable "${key#CONFIG_}") ;;
	m) args+=(--module "${key#CONFIG_}") ;;
	n) args+=(--disable "${key#CONFIG_}") ;;
	\"*) args+=(--set-str "${key#CONFIG_}" "$(eval echo "$val")") ;;
	*) args+=(--set-val "${key#CONFIG_}" "$val") ;;
	esac
done <"$frag"
scripts/config "${args[@]}"
make -s ARCH=x86_64 olddefconfig
# A second pass: options whose dependencies came in with the first.
scripts/config "${args[@]}"
make -s ARCH=x86_64 olddefconfig
bad=0
while IFS='=' read -r key val; do
	case $key in '#'* | '') continue ;; esac
	case $val in y | m) grep -qx "$key=$val" .config || { echo "missing: $key=$val"; bad=1; } ;; esac
done <"$frag"
[ $bad = 0 ] || die "the debug config lost options (see above)"

echo "build-debug-kernel: compiling (about 16 minutes on 2 cores)"
start=$(date +%s)
make -s -j"$(nproc)" ARCH=x86_64 bzImage modules >"$out/build.log" 2>&1 || {
	tail -40 "$out/build.log"
	die "kernel build failed (log $out/build.log)"
}
kver=$(make -s ARCH=x86_64 kernelrelease)
rm -rf "$out/root" && mkdir -p "$out/root/boot"
make -s ARCH=x86_64 INSTALL_MOD_PATH="$out/root" modules_install >/dev/null
cp arch/x86/boot/bzImage "$out/root/boot/vmlinuz-$kver"
depmod -b "$out/root" "$kver"
cat >"$out/env" <<EOT
# Written by scripts/build-debug-kernel.sh; source it.
SERIES=6.12-debug
DEBVER=$ver
KVER=$kver
KDIR=$src
VMLINUZ=$out/root/boot/vmlinuz-$kver
MODROOT=$out/root
EOT
echo "$want" >"$out/.stamp"
touch "$out/.fetched"
echo "build-debug-kernel: built $kver in $(( ($(date +%s) - start) / 60 )) min"
