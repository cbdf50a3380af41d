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
