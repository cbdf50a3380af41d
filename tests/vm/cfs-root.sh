#!/bin/bash
# The subsystem's root files: features lists every device attribute file,
# live_features the subset changeable while powered, version is X.Y.Z.
. "$(dirname "$0")/lib.sh"

v=$(cat $UB_CFS/version)
[[ $v =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "version '$v' is not MAJOR.MINOR.PATCH"

ub_mkdev root0
files=$(cd $UB_CFS/root0 && ls -p | grep -v / | sort | tr '\n' ' ')
feat=$(tr ' ' '\n' <$UB_CFS/features | sort | tr '\n' ' ')
expect_eq features "$feat" "$files"
expect_eq "features lines" "$(wc -l <$UB_CFS/features)" 1

live=$(tr ' ' '\n' <$UB_CFS/live_features | sort | tr '\n' ' ')
# The settings attr_list.h declares live (its third column), and the files
# of their own that change while powered.
want=$({
	sed -n 's/^UB_ATTR(\([a-z_]*\), [A-Z_]*, 1,.*/\1/p' "$UB_TOP/driver/attr_list.h"
	printf '%s\n' power powerfail powerfail_policy
} | sort | tr '\n' ' ')
expect_eq live_features "$live" "$want"
for f in capacity nr_hw_queues poll_queues power stats; do
	[[ " $live " == *" $f "* ]] || fail "live_features lacks $f"
done
for f in features live_features version; do
	expect_write $UB_CFS/$f 1 EACCES
done
