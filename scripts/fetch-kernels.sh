#!/bin/bash
# Download and unpack the stock Debian kernels the guests boot and the
# driver builds against, without installing anything on the host.
#
# Usage: scripts/fetch-kernels.sh [6.1] [6.12]      (default: both)
#
# For each series: the newest version in the machine's apt sources that has
# headers, unpacked into $CACHE/kernels/<series>/root (CACHE defaults to
# ~/.cache/uringblk, see URINGBLK_CACHE), with $CACHE/kernels/<series>/env
# holding KVER, KDIR, VMLINUZ and MODROOT.  A stamp makes reruns no-ops;
# delete $CACHE/kernels/<series> to fetch again.
set -euo pipefail

here=$(dirname "$(realpath "$0")")
# shellcheck source=scripts/lib.sh
source "$here/lib.sh"

CACHE=$(uringblk_cache_dir)
APT_DL=(apt-get download -q)
# apt's _apt sandbox user cannot write into root's home: download as root
# instead of printing a warning for every package.
((EUID != 0)) || APT_DL+=(-o APT::Sandbox::User=root)

apt_updated=0
apt_update_once() {
	((apt_updated)) && return 0
	((EUID == 0)) || die "apt lists lack the kernel packages and we are not root to run apt-get update"
	echo "fetch-kernels: apt-get update"
	apt-get update -qq
	apt_updated=1
}

# The candidate version of a package, empty when apt does not know it.
candidate() {
	apt-cache show --no-all-versions "$1" 2>/dev/null | awk '/^Version:/ { print $2; exit }'
}

# Print "KVER HDRPKG IMGPKG COMMONPKG KBUILDPKG" for the newest kernel of a
# series whose image, headers, -common and kbuild are all downloadable.
pick_kernel() {
	local series=$1 re kver names
	case $series in
	6.1) re='^linux-headers-6\.1\.0-[0-9]+-amd64$' ;;
	6.12) re='^linux-headers-6\.12\.[0-9]+\+deb12-amd64$' ;;
	*) die "unknown series '$series' (known: 6.1 6.12)" ;;
	esac
	names=$(apt-cache pkgnames linux-headers-"$series". | grep -E "$re" | sort -rV || true)
	local hdr
	for hdr in $names; do
		kver=${hdr#linux-headers-}
		local img=linux-image-$kver common=linux-headers-${kver%-amd64}-common kbuild
		case $series in
		6.1) kbuild=linux-kbuild-6.1 ;;
		6.12) kbuild=linux-kbuild-${kver%-amd64} ;;
		esac
		local v
		v=$(candidate "$hdr")
		[[ -n $v && $(candidate "$img") == "$v" && $(candidate "$common") == "$v" ]] || continue
		# linux-kbuild-6.1 is one package name across 6.1 releases: it must
		# be the release of these headers, pinned below, and must exist.
		apt-cache show "$kbuild=$v" >/dev/null 2>&1 || continue
		echo "$kver $v $hdr $img $common $kbuild"
		return 0
	done
	return 1
}

# Re-point absolute symlinks (lib/modules/*/build, source) into the tree.
fix_symlinks() {
	local root=$1 link target
	while IFS= read -r -d '' link; do
		target=$(readlink "$link")
		ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$root$target")" "$link"
	done < <(find "$root" -type l -lname '/*' -print0)
}

fetch_series() {
	local series=$1 dir=$CACHE/kernels/$1
	local stamp=$dir/.fetched
	if [[ -f $stamp && -f $dir/env ]]; then
		echo "fetch-kernels: $series already in $dir ($(cat "$stamp"))"
		return 0
	fi

	local pick
	pick=$(pick_kernel "$series") || {
		apt_update_once
		pick=$(pick_kernel "$series")
	} || die "no complete linux-image/headers/kbuild set for $series in the apt sources"
	local kver ver hdr img common kbuild
	read -r kver ver hdr img common kbuild <<<"$pick"
	echo "fetch-kernels: $series -> $kver ($ver)"

	mkdir -p "$dir/debs"
	rm -rf "$dir/root.new"
	local p
	for p in "$img" "$hdr" "$common" "$kbuild"; do
		# apt-get download names files pkg_version_arch.deb, version with ':' escaped.
		if ! compgen -G "$dir/debs/${p}_*.deb" >/dev/null; then
			(cd "$dir/debs" && "${APT_DL[@]}" "$p=$ver") || {
				apt_update_once
				(cd "$dir/debs" && "${APT_DL[@]}" "$p=$ver")
			}
		fi
	done
	local deb
	for deb in "$dir"/debs/*.deb; do
		dpkg-deb -x "$deb" "$dir/root.new"
	done

	# Everything below refers to the final location, so move first.
	rm -rf "$dir/root"
	mv "$dir/root.new" "$dir/root"
	local root=$dir/root
	fix_symlinks "$root"
	local kdir=$root/usr/src/linux-headers-$kver
	# The arch headers include the -common Makefile by its /usr/src path.
	sed -i "s|^include /usr/src/|include $root/usr/src/|" "$kdir/Makefile"
	grep -q "^include $root/" "$kdir/Makefile" || die "unexpected $kdir/Makefile: $(cat "$kdir/Makefile")"
	[[ -f $root/boot/vmlinuz-$kver ]] || die "no $root/boot/vmlinuz-$kver"
	depmod -b "$root" "$kver"

	{
		echo "# Written by scripts/fetch-kernels.sh; source it."
		printf 'SERIES=%q\nDEBVER=%q\nKVER=%q\n' "$series" "$ver" "$kver"
		printf 'KDIR=%q\nVMLINUZ=%q\nMODROOT=%q\n' "$kdir" "$root/boot/vmlinuz-$kver" "$root"
	} >"$dir/env"
	echo "$kver $ver" >"$stamp"
	# The unpacked tree is all that is used; the .debs are 200 MB.
	rm -rf "$dir/debs"
	echo "fetch-kernels: $series ready: $dir/env"
}

series_list=("$@")
((${#series_list[@]})) || series_list=(6.1 6.12)
for s in "${series_list[@]}"; do
	fetch_series "$s"
done
