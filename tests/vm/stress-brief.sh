#!/bin/bash
# A short run of `make stress`: 16 devices, fio verify, live changes,
# fault rules, admin commands and power cycles at once.
. "$(dirname "$0")/lib.sh"

"$UB_TOP/tests/stress-guest.sh" "$(scale 20)" || fail "stress found errors (see output)"
