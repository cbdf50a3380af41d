#!/bin/bash
# Print the path of a fetched kernel's env file (KVER, KDIR, VMLINUZ, MODROOT),
# e.g.  . "$(scripts/kernel-env.sh 6.12)"; make -C "$KDIR" M=$PWD modules
#
# Usage: scripts/kernel-env.sh SERIES
set -euo pipefail

here=$(dirname "$(realpath "$0")")
# shellcheck source=scripts/lib.sh
source "$here/lib.sh"

(($# == 1)) || die "usage: ${0##*/} SERIES   (6.1, 6.12, 7.3, newest, 6.12-debug)"
series=$1
CACHE=$(uringblk_cache_dir)
env=$CACHE/kernels/$series/env
[[ -f $env && -f $CACHE/kernels/$series/.fetched ]] ||
	die "kernel $series is not fetched ($env missing): run scripts/fetch-kernels.sh $series"
printf '%s\n' "$env"
