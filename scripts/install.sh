#!/bin/bash
# make install / make uninstall: one list of what is installed where, and
# a manifest of what an install placed, so that uninstall removes exactly
# that (and nothing an administrator put beside it).
#
#   scripts/install.sh install|uninstall|list|dkms-source
#
# Environment (from the Makefile): PREFIX (/usr/local), DESTDIR (empty),
# UNITDIR and UDEVDIR (pkg-config's systemdsystemunitdir and udevdir, else
# Debian's /lib/systemd/system and /lib/udev), DKMS_VERSION.  DKMS runs
# only when DESTDIR is empty (a staged install is a package's to register);
# uninstall runs `dkms remove` only when the manifest says install ran
# `dkms add`.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
PREFIX=${PREFIX:-/usr/local}
DESTDIR=${DESTDIR:-}
pc() { pkg-config --variable="$2" "$1" 2>/dev/null || true; }
UNITDIR=${UNITDIR:-$(pc systemd systemdsystemunitdir)}
UNITDIR=${UNITDIR:-/lib/systemd/system}
UDEVDIR=${UDEVDIR:-$(pc udev udevdir)}
UDEVDIR=${UDEVDIR:-/lib/udev}
DKMS_VERSION=${DKMS_VERSION:-$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)}
src=/usr/src/uringblk-$DKMS_VERSION
manifest=$PREFIX/share/uringblk/installed

# MODE SOURCE DESTINATION, one file a line: the one list.
files() {
	local f
	echo "0755 configfs-tools/uringblkctl $PREFIX/sbin/uringblkctl"
	echo "0755 configfs-tools/uringblk-provision $PREFIX/sbin/uringblk-provision"
	echo "0755 configfs-tools/uringblk-profiles $PREFIX/sbin/uringblk-profiles"
	# Every page in configfs-tools/, in the man section its suffix says.
	for f in configfs-tools/*.[1-8]; do
		echo "0644 $f $PREFIX/share/man/man${f##*.}/${f##*/}"
	done
	echo "0644 configfs-tools/uringblkctl.bash-completion $PREFIX/share/bash-completion/completions/uringblkctl"
	for f in configfs-tools/profiles/*.cfg; do
		echo "0644 $f $PREFIX/share/uringblk/profiles/${f##*/}"
	done
	echo "0644 configfs-tools/60-uringblk.rules $UDEVDIR/rules.d/60-uringblk.rules"
	echo "0644 configfs-tools/uringblk-profiles.service $UNITDIR/uringblk-profiles.service"
	echo "0644 uapi/linux/uringblk.h $PREFIX/include/linux/uringblk.h"
	# The DKMS source tree (make dkms-source lays out the same).
	echo "0644 dkms.conf $src/dkms.conf"
	echo "0644 Makefile $src/Makefile"
	echo "0644 driver/Kbuild $src/driver/Kbuild"
	for f in driver/*.c driver/*.h; do
		case $f in *.mod.c) continue ;; esac
		echo "0644 $f $src/$f"
	done
	echo "0644 uapi/linux/uringblk.h $src/uapi/linux/uringblk.h"
}

# Directories of uringblk's own: removed by uninstall when empty.
own_dirs() {
	echo "$PREFIX/share/uringblk/profiles $PREFIX/share/uringblk"
	echo "$src/driver $src/uapi/linux $src/uapi $src /etc/uringblk"
}

case ${1:-} in
install)
	tmp=$(mktemp)
	trap 'rm -f "$tmp"' EXIT
	while read -r mode from to; do
		install -D -m "$mode" "$from" "$DESTDIR$to"
		echo "$to" >>"$tmp"
	done < <(files)
	install -d "$DESTDIR/etc/uringblk"
	echo "$manifest" >>"$tmp"
	install -D -m 0644 "$tmp" "$DESTDIR$manifest"
	if [ -z "$DESTDIR" ] && command -v dkms >/dev/null; then
		dkms add -m uringblk -v "$DKMS_VERSION" || true
		# Recorded before the build, so that uninstall also cleans
		# up after a DKMS build that failed.
		echo "# dkms uringblk $DKMS_VERSION" >>"$DESTDIR$manifest"
		dkms install -m uringblk -v "$DKMS_VERSION"
	fi
	echo "install: $(wc -l <"$DESTDIR$manifest") files (list: $manifest)"
	;;
uninstall)
	[ -f "$DESTDIR$manifest" ] || { echo "uninstall: no $DESTDIR$manifest: nothing installed here" >&2; exit 1; }
	# Read it whole first: it lists itself.  "# dkms MODULE VERSION":
	# install registered that DKMS module (and only then is it removed).
	mapfile -t lines <"$DESTDIR$manifest"
	placed=()
	for f in "${lines[@]}"; do
		case $f in
		"# dkms "*)
			read -r _ _ m v <<<"$f"
			dkms remove -m "$m" -v "$v" --all || true
			;;
		/*) placed+=("$f") ;;
		esac
	done
	for f in "${placed[@]}"; do
		rm -f "$DESTDIR$f"
	done
	for d in $(own_dirs); do
		rmdir "$DESTDIR$d" 2>/dev/null || true
	done
	echo "uninstall: removed ${#placed[@]} files"
	;;
list)
	files | awk '{ print $3 }'
	;;
dkms-source)
	# The DKMS tree alone (scripts/dkms-build.sh builds from it).
	while read -r mode from to; do
		case $to in "$src"/*) install -D -m "$mode" "$from" "$DESTDIR$to" ;; esac
	done < <(files)
	;;
*)
	echo "usage: $0 install|uninstall|list|dkms-source" >&2
	exit 2
	;;
esac
