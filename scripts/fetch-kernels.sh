#!/bin/bash
# Download and unpack the stock Debian kernels the guests boot and the
# driver builds against, without installing anything on the host.
#
# Usage: scripts/fetch-kernels.sh [SERIES...]   (default: 6.1 6.12 7.3)
#
# Series: 6.1 and 6.12 from the machine's own (bookworm) apt sources; the
# series in BACKPORTS_SERIES (7.3) and `newest` (the newest kernel there,
# whatever its series) from trixie-backports, reached through a private apt
# configuration in $CACHE/apt (the system's sources are never touched).
# For each series: the newest version that has headers, unpacked into
# $CACHE/kernels/<series>/root (CACHE defaults to ~/.cache/uringblk, see
# URINGBLK_CACHE), with $CACHE/kernels/<series>/env holding KVER, KDIR,
# VMLINUZ and MODROOT.  Trixie-backports kernels also get BUILD_CHROOT and
# CHROOT_KDIR: their kbuild tools need trixie's glibc, so the module is built
# in the chroot of scripts/build-chroot.sh, into which their headers are
# unpacked.  A stamp makes reruns no-ops; delete $CACHE/kernels/<series> to
# fetch again (`newest` included: it does not follow the archive by itself).
set -euo pipefail

here=$(dirname "$(realpath "$0")")
# shellcheck source=scripts/lib.sh
source "$here/lib.sh"

# The series taken from trixie-backports.  When Debian moves on, add the
# next one here (and to KERNELS in check.sh); `newest` finds it meanwhile.
BACKPORTS_SERIES="7.3"
BACKPORTS_SUITE=trixie-backports

CACHE=$(uringblk_cache_dir)
APT_DL=(apt-get download -q)
# apt's _apt sandbox user cannot write into root's home: download as root
# instead of printing a warning for every package.
((EUID != 0)) || APT_DL+=(-o APT::Sandbox::User=root)
# Options for the current series' apt source: empty for the system's own,
# the private configuration (set by use_backports) for trixie-backports.
APT_OPTS=()

is_backports() {
	[[ $1 == newest || " $BACKPORTS_SERIES " == *" $1 "* ]]
}

# Point APT_OPTS at a private apt configuration that knows only
# trixie-backports, and fetch its package lists once per run.
bp_updated=0
use_backports() {
	local a=$CACHE/apt/$BACKPORTS_SUITE
	mkdir -p "$a/lists/partial" "$a/cache/archives/partial" "$a/empty.d"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]" \
		"$(uringblk_debian_mirror) $BACKPORTS_SUITE main" >"$a/sources.list"
	APT_OPTS=(-o Dir::Etc::SourceList="$a/sources.list" -o Dir::Etc::SourceParts="$a/empty.d"
		-o Dir::Etc::Preferences="$a/empty.d/none" -o Dir::Etc::PreferencesParts="$a/empty.d"
		-o Dir::State::Lists="$a/lists" -o Dir::Cache="$a/cache" -o Dir::State::status=/dev/null
		-o Acquire::Languages=none -o APT::Architecture=amd64 -o APT::Architectures=amd64)
	((EUID != 0)) || APT_OPTS+=(-o APT::Sandbox::User=root)
	((bp_updated)) && return 0
	echo "fetch-kernels: apt-get update ($BACKPORTS_SUITE, private lists in $a)"
	apt-get "${APT_OPTS[@]}" update -qq
	bp_updated=1
}

apt_updated=0
apt_update_once() {
	((${#APT_OPTS[@]})) && return 0 # use_backports updated already
	((apt_updated)) && return 0
	((EUID == 0)) || die "apt lists lack the kernel packages and we are not root to run apt-get update"
	echo "fetch-kernels: apt-get update"
	apt-get update -qq
	apt_updated=1
}

# The candidate version of a package, empty when apt does not know it.
candidate() {
	apt-cache "${APT_OPTS[@]}" show --no-all-versions "$1" 2>/dev/null | awk '/^Version:/ { print $2; exit }'
}

# Print "KVER VERSION PACKAGE..." for the newest kernel of a series whose
# image, headers, -common and kbuild are all downloadable.
pick_kernel() {
	local series=$1 re kver names
	case $series in
	6.1) re='^linux-headers-6\.1\.0-[0-9]+-amd64$' ;;
	6.12) re='^linux-headers-6\.12\.[0-9]+\+deb12-amd64$' ;;
	newest) re='^linux-headers-[0-9]+\.[0-9]+\.[0-9]+\+deb13-amd64$' ;;
	*)
		is_backports "$series" || die "unknown series '$series' (known: 6.1 6.12 $BACKPORTS_SERIES newest)"
		re="^linux-headers-${series//./\\.}\\.[0-9]+\\+deb13-amd64\$"
		;;
	esac
	names=$(apt-cache "${APT_OPTS[@]}" pkgnames linux-headers- | grep -E "$re" | sort -rV || true)
	local hdr
	for hdr in $names; do
		kver=${hdr#linux-headers-}
		local img=linux-image-$kver common=linux-headers-${kver%-amd64}-common kbuild extra=()
		case $series in
		6.1) kbuild=linux-kbuild-6.1 ;;
		6.12) kbuild=linux-kbuild-${kver%-amd64} ;;
		*)
			# linux-image-<ver> is a metapackage there: the image is in
			# linux-binary, the modules in linux-modules, System.map and
			# the module lists in linux-base.
			kbuild=linux-kbuild-${kver%-amd64}
			img=linux-binary-$kver
			extra=("linux-modules-$kver" "linux-base-$kver")
			;;
		esac
		local v p ok=1
		v=$(candidate "$hdr")
		[[ -n $v ]] || continue
		for p in "$img" "$common" "${extra[@]}"; do
			[[ $(candidate "$p") == "$v" ]] || ok=0
		done
		((ok)) || continue
		# linux-kbuild-6.1 is one package name across 6.1 releases: it must
		# be the release of these headers, pinned below, and must exist.
		apt-cache "${APT_OPTS[@]}" show "$kbuild=$v" >/dev/null 2>&1 || continue
		echo "$kver $v $hdr $img $common $kbuild ${extra[*]}"
		return 0
	done
	return 1
}

# Unpack a trixie-backports kernel's headers and kbuild packages into the
# build chroot (made first if missing), from the .debs kept in $dir/debs.
chroot_headers() {
	local dir=$1 kver=$2 chroot deb
	chroot=$("$here/build-chroot.sh")
	[[ -f $chroot/usr/src/linux-headers-$kver/Makefile ]] && return 0
	echo "fetch-kernels: unpacking the $kver headers into $chroot"
	for deb in "$dir"/debs/linux-headers-*.deb "$dir"/debs/linux-kbuild-*.deb; do
		dpkg-deb -x "$deb" "$chroot"
	done
	[[ -f $chroot/usr/src/linux-headers-$kver/Makefile ]] || die "no /usr/src/linux-headers-$kver in $chroot"
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
	local series=$1 dir=$CACHE/kernels/$1 bp=0
	local stamp=$dir/.fetched
	APT_OPTS=()
	is_backports "$series" && bp=1
	if [[ -f $stamp && -f $dir/env ]]; then
		echo "fetch-kernels: $series already in $dir ($(cat "$stamp"))"
		# The chroot may have been made again since: it needs the headers.
		((bp == 0)) || chroot_headers "$dir" "$(cut -d' ' -f1 "$stamp")"
		return 0
	fi

	((bp == 0)) || use_backports
	local pick
	pick=$(pick_kernel "$series") || {
		apt_update_once
		pick=$(pick_kernel "$series")
	} || die "no complete linux-image/headers/kbuild set for $series in the apt sources"
	local kver ver pkgs
	read -r kver ver pkgs <<<"$pick"
	echo "fetch-kernels: $series -> $kver ($ver)"

	mkdir -p "$dir/debs"
	rm -rf "$dir/root.new"
	local p
	for p in $pkgs; do
		# apt-get download names files pkg_version_arch.deb, version with ':' escaped.
		if ! compgen -G "$dir/debs/${p}_*.deb" >/dev/null; then
			(cd "$dir/debs" && "${APT_DL[@]}" "${APT_OPTS[@]}" "$p=$ver") || {
				apt_update_once
				(cd "$dir/debs" && "${APT_DL[@]}" "${APT_OPTS[@]}" "$p=$ver")
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
	# Merged /usr (trixie): the kernel and modules sit in usr/lib/modules;
	# the runners look in lib/modules and boot/.
	if [[ ! -e $root/lib && -d $root/usr/lib/modules ]]; then
		ln -s usr/lib "$root/lib"
	fi
	if [[ ! -e $root/boot/vmlinuz-$kver && -f $root/usr/lib/modules/$kver/vmlinuz ]]; then
		mkdir -p "$root/boot"
		ln -s "../usr/lib/modules/$kver/vmlinuz" "$root/boot/vmlinuz-$kver"
	fi
	local kdir=$root/usr/src/linux-headers-$kver
	# The arch headers include the -common Makefile by its /usr/src path.
	sed -i "s|^include /usr/src/|include $root/usr/src/|" "$kdir/Makefile"
	grep -q "^include $root/" "$kdir/Makefile" || die "unexpected $kdir/Makefile: $(cat "$kdir/Makefile")"
	[[ -f $root/boot/vmlinuz-$kver ]] || die "no $root/boot/vmlinuz-$kver"
	depmod -b "$root" "$kver"

	local chroot=''
	if ((bp)); then
		chroot_headers "$dir" "$kver"
		chroot=$(uringblk_chroot_dir)
	fi
	{
		echo "# Written by scripts/fetch-kernels.sh; source it."
		printf 'SERIES=%q\nDEBVER=%q\nKVER=%q\n' "$series" "$ver" "$kver"
		printf 'KDIR=%q\nVMLINUZ=%q\nMODROOT=%q\n' "$kdir" "$root/boot/vmlinuz-$kver" "$root"
		# Build the module with chroot BUILD_CHROOT make -C CHROOT_KDIR CC=gcc-14
		# (KDIR's tools do not run on the host).
		printf 'BUILD_CHROOT=%q\nCHROOT_KDIR=%q\n' "$chroot" "${chroot:+/usr/src/linux-headers-$kver}"
	} >"$dir/env"
	echo "$kver $ver" >"$stamp"
	# The unpacked tree is all that is used; the .debs are 200 MB.  Keep
	# the headers and kbuild for a chroot made again later.
	if ((bp)); then
		find "$dir/debs" -name '*.deb' ! -name 'linux-headers-*' ! -name 'linux-kbuild-*' -delete
	else
		rm -rf "$dir/debs"
	fi
	echo "fetch-kernels: $series ready: $dir/env"
}

series_list=("$@")
((${#series_list[@]})) || read -ra series_list <<<"6.1 6.12 $BACKPORTS_SERIES"
for s in "${series_list[@]}"; do
	fetch_series "$s"
done
