#!/bin/bash
# A short run of `make stress`: 16 devices, fio verify, live changes,
# fault rules, admin commands and power cycles at once.
. "$(dirname "$0")/lib.sh"

# The 100,000-command admin fuzz is make stress's; admin-fuzz runs 4,000
# here, so this run takes a short slice (it was 107 s of the debug run).
STRESS_FUZZ=$(scale 2000) "$UB_TOP/tests/stress-guest.sh" "$(scale 20)" ||
	fail "stress found errors (see output)"
