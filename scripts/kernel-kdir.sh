#!/bin/bash
# Print the headers directory (KDIR) of a cached kernel series, fetching
# the kernel first if it is not cached yet.  Used by the Makefile.
set -euo pipefail
here=$(dirname "$(realpath "$0")")
series=${1:-6.12}
env=$("$here/kernel-env.sh" "$series" 2>/dev/null) || {
	"$here/deps.sh" >&2
	"$here/fetch-kernels.sh" "$series" >&2
	env=$("$here/kernel-env.sh" "$series")
}
# shellcheck source=/dev/null
. "$env"
echo "$KDIR"
