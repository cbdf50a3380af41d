#!/bin/bash
# The man pages in configfs-tools/: groff finds nothing to warn about, the
# command headings render without stray quotes (save's once did),
# uringblk.4 is what scripts/gen-uringblk-4.py makes of the documents and
# has an entry for every attribute of driver/attr_list.h and every sysfs
# and debugfs file driver/sysfs.c makes, and every uringblk page a page
# refers to exists.
# Prints "PASS name" or "FAIL name reason" per check; exit 1 on a failure.
. "$(dirname "$0")/host-lib.sh"
cd "$top" || exit 2

for page in configfs-tools/*.[1-8]; do
	warn=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
	if [ -z "$warn" ]; then pass "man/warnings/${page##*/}"; else
		fail "man/warnings/${page##*/}" "$(echo "$warn" | head -3 | tr '\n' ' ')"
	fi
	# A tag (a line indented 7, as groff sets .TP tags) of the
	# COMMANDS section with a quote is a .BR whose quoting went wrong.
	bad=$(MANWIDTH=80 man -l "$page" 2>/dev/null | sed -n '/^COMMANDS/,/^[A-Z]/p' | grep -E '^ {7}[a-z].*"')
	if [ -z "$bad" ]; then pass "man/tags/${page##*/}"; else
		fail "man/tags/${page##*/}" "quote in a heading: $(echo "$bad" | head -2 | tr -s ' ')"
	fi
	for ref in $(grep -o '^\.BR uringblk[-a-z\\]*' "$page" | sed 's/^\.BR //; s/\\//g'); do
		ls configfs-tools/"$ref".[1-8] >/dev/null 2>&1 ||
			fail "man/refs/${page##*/}" "refers to $ref, which has no page"
	done
done

four=configfs-tools/uringblk.4
if diff -u "$four" <(scripts/gen-uringblk-4.py) >/tmp/man4.diff.$$ 2>&1; then pass man/uringblk.4-generated; else
	fail man/uringblk.4-generated "differs from scripts/gen-uringblk-4.py's output (run it): $(sed -n 4,6p /tmp/man4.diff.$$ | tr '\n' ' ')"
fi
rm -f /tmp/man4.diff.$$

# The lines that follow .TP are the entries' tags.
tags=$(awk 'prev == ".TP" { print } { prev = $0 }' "$four")
missing=
for a in $(sed -n 's/^UB_ATTR(\([a-z_]*\),.*/\1/p' driver/attr_list.h); do
	grep -qF "\\fB$a\\fR" <<<"$tags" || missing="$missing $a"
done
if [ -z "$missing" ]; then pass man/uringblk.4-attrs; else
	fail man/uringblk.4-attrs "no entry in $four for:$missing"
fi
missing=
for f in $(sed -n '/debugfs_create_dir/d; s/.*DEVICE_ATTR_RO(\([a-z_]*\)).*/\1/p; s/^UB_CACHE_ATTR(\([a-z_]*\),.*/\1/p; s/.*debugfs_create_[a-z0-9_]*("\([a-z_]*\)".*/\1/p' driver/sysfs.c driver/powerfail.c driver/model.c); do
	grep -qE "(\\\\fB|/)$f\\\\fR" "$four" || missing="$missing $f"
done
if [ -z "$missing" ]; then pass man/uringblk.4-sysfs-debugfs; else
	fail man/uringblk.4-sysfs-debugfs "not in $four:$missing"
fi
exit $rc
