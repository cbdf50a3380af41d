# shellcheck shell=bash
# Sourced by the host checks, tests/*-host.sh: each prints "PASS name" or
# "FAIL name reason" per check and exits with rc (1 after any failure).
# $top is the checkout; host_tmp makes $d, a directory gone at exit.
set -uo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rc=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1 $2"; rc=1; }
host_tmp() {
	d=$(mktemp -d)
	trap 'rm -rf "$d"' EXIT
}
