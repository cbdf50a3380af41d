#!/bin/bash
# Print the headers directory (KDIR) of a cached kernel series, or nothing
# when it is not cached: the Makefile's fallback when the running kernel
# has no build directory.  It never installs or downloads anything (make
# check and scripts/fetch-kernels.sh do that).
set -euo pipefail
here=$(dirname "$(realpath "$0")")
series=${1:-6.12}
env=$("$here/kernel-env.sh" "$series" 2>/dev/null) || exit 0
# shellcheck source=/dev/null
. "$env"
echo "$KDIR"
