#!/bin/bash
# Make the minimal Debian trixie chroot that builds the module for kernels
# whose build tools the host (bookworm) cannot run: 7.3's kbuild binaries
# need glibc >= 2.38 and its headers were configured with gcc-14.
#
# Usage: scripts/build-chroot.sh      (prints the chroot's path)
#
# The chroot lives in the kernel cache ($URINGBLK_CACHE, default
# ~/.cache/uringblk) as chroot/trixie, about 400 MB and two minutes to make.
# A stamp makes reruns no-ops; delete the directory to make it again.
# scripts/fetch-kernels.sh unpacks each such kernel's headers and kbuild
# packages into it; uringblk_build_module (lib.sh) builds there with
#   chroot DIR make -C /usr/src/linux-headers-<ver> M=/src/... CC=gcc-14
# Needs root (debootstrap, chroot).
set -euo pipefail

here=$(dirname "$(realpath "$0")")
# shellcheck source=scripts/lib.sh
source "$here/lib.sh"

dir=$(uringblk_chroot_dir)
stamp=$dir/.uringblk-chroot
PACKAGES=gcc-14,make,libc6-dev,libelf-dev,bc,kmod,pahole

mkdir -p "$(dirname "$dir")"
# Two fetches at once must not debootstrap into one directory.
exec 9>"$dir.lock"
flock 9
if [[ -f $stamp ]]; then
	echo "build-chroot: trixie chroot ready in $dir" >&2
	printf '%s\n' "$dir"
	exit 0
fi
((EUID == 0)) || die "debootstrap and chroot need root"
command -v debootstrap >/dev/null || die "debootstrap missing: run scripts/deps.sh"

mirror=$(uringblk_debian_mirror)
new=$dir.new
rm -rf "$new"
echo "build-chroot: debootstrap trixie from $mirror into $dir (about 2 minutes)" >&2
t0=$(date +%s)
if ! debootstrap --variant=minbase --include="$PACKAGES" \
	--keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
	trixie "$new" "$mirror" >"$new.log" 2>&1; then
	tail -n 30 "$new.log" >&2
	die "debootstrap failed (log $new.log)"
fi
# Kbuild needs /dev/null and friends; debootstrap made them as nodes, so
# nothing has to be mounted.  Check rather than assume.
[[ -c $new/dev/null ]] || die "the chroot has no /dev/null device node"
rm -rf "$new/var/cache/apt/archives/"*.deb "$new/var/lib/apt/lists/"*_Packages
mkdir -p "$new/src"
rm -rf "$dir" && mv "$new" "$dir"
mv "$new.log" "$dir/.debootstrap.log"
echo "trixie $PACKAGES $(date -u +%FT%TZ)" >"$stamp"
echo "build-chroot: made in $(($(date +%s) - t0)) s" >&2
printf '%s\n' "$dir"
