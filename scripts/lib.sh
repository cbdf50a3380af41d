# shellcheck shell=bash
# Shared helpers for the scripts in this directory (sourced, not run).

# The kernel/tool cache.  It must survive into the guests, which mount tmpfs
# over /tmp, /run, /var/tmp and /dev/shm: a cache there would be hidden.
uringblk_cache_dir() {
	local dir=${URINGBLK_CACHE:-$HOME/.cache/uringblk} real
	real=$(realpath -m -- "$dir")
	case $real/ in
	/tmp/* | /run/* | /var/tmp/* | /dev/shm/*)
		echo "${0##*/}: error: cache dir $real (URINGBLK_CACHE) is under /tmp, /run, /var/tmp or /dev/shm," \
			"which the test guests hide behind tmpfs; pick another" >&2
		return 1
		;;
	esac
	printf '%s\n' "$real"
}

die() {
	echo "${0##*/}: error: $*" >&2
	exit 1
}

# The Debian mirror the machine's own apt sources use (the first "debian"
# archive URI, not debian-security), for debootstrap and trixie-backports.
uringblk_debian_mirror() {
	local uri
	uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
		grep -oE '(https?|file)://[^ ]*/debian/?( |$)' | grep -v -- '-security' | head -n 1 | tr -d ' ' || true)
	printf '%s\n' "${uri%/}" | sed 's|^$|http://deb.debian.org/debian|'
}

# The trixie chroot that builds modules for kernels whose kbuild tools need
# a newer glibc and gcc than the host's (7.3): scripts/build-chroot.sh.
uringblk_chroot_dir() {
	printf '%s/chroot/trixie\n' "$(uringblk_cache_dir)"
}

# uringblk_build_module SERIES DIR: copy driver/ and uapi/ of the checkout
# (the current directory) into DIR and build DIR/driver/uringblk.ko for the
# fetched kernel SERIES, in the trixie chroot when the kernel's env file
# names one (BUILD_CHROOT).  Compiler output goes to stdout; the exit status
# is make's.  The one definition of "build the module for a kernel", used by
# check.sh, bench.sh, demo.sh and stress.sh.
uringblk_build_module() {
	local series=$1 dir=$2 env KDIR='' BUILD_CHROOT='' CHROOT_KDIR=''
	env=$("$(dirname "${BASH_SOURCE[0]}")/kernel-env.sh" "$series") || return 1
	# shellcheck source=/dev/null
	. "$env"
	rm -rf "$dir/driver" "$dir/uapi"
	mkdir -p "$dir"
	cp -r driver uapi "$dir/" || return 1
	if [[ -z $BUILD_CHROOT ]]; then
		make -s -C "$KDIR" M="$dir/driver" modules 2>&1
		return
	fi
	# A private copy inside the chroot per build: several builds may run
	# at once.  objtool reads /proc: a proc mount in a mount namespace of
	# the build's own, gone with it, so nothing can stay mounted.
	local src rc=0
	src=$(mktemp -d "$BUILD_CHROOT/src/build.XXXXXX") || return 1
	cp -r driver uapi "$src/" || { rm -rf "$src"; return 1; }
	unshare --mount --propagation private --pid --fork --mount-proc="$BUILD_CHROOT/proc" \
		chroot "$BUILD_CHROOT" /usr/bin/make -s -C "$CHROOT_KDIR" M="${src#"$BUILD_CHROOT"}/driver" \
		CC=gcc-14 modules 2>&1 || rc=$?
	((rc)) || cp "$src/driver/uringblk.ko" "$dir/driver/" || rc=$?
	rm -rf "$src"
	return $rc
}
