#!/bin/bash
# mkdir names: 1-32 of [A-Za-z0-9._-]; anything else EINVAL.
. "$(dirname "$0")/lib.sh"

for ok in a Z9 a.b_c-d "$(printf 'x%.0s' {1..32})"; do
	mkdir "$UB_CFS/$ok" || fail "mkdir '$ok' refused"
	rmdir "$UB_CFS/$ok"
done
for bad in "$(printf 'x%.0s' {1..33})" "a b" 'a$' 'ü' 'a:b' 'a@'; do
	err=$(mkdir "$UB_CFS/$bad" 2>&1) && { rmdir "$UB_CFS/$bad"; fail "mkdir '$bad' accepted"; }
	[[ $err == *"Invalid argument"* ]] || fail "mkdir '$bad': $err (want EINVAL)"
done
