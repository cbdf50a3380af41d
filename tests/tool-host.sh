#!/bin/bash
# Host checks of uringblkctl that need no kernel module:
#  - every command's --help (and -h) exits 0 with its usage, with the
#    driver absent (URINGBLKCTL_CONFIGFS points nowhere, as on a host
#    without the module);
#  - the bash completion offers every command and flag of main.c's command
#    table (uringblkctl --commands) and nothing that is not in it.
# Prints "PASS name" or "FAIL name reason" per check; exit 1 on a failure.
. "$(dirname "$0")/host-lib.sh"
ctl=$top/configfs-tools/uringblkctl
comp=$top/configfs-tools/uringblkctl.bash-completion
export URINGBLKCTL_CONFIGFS=/nonexistent/uringblk

table=$("$ctl" --commands) || { echo "FAIL tool/commands --commands exited $?"; exit 1; }
cmds=$(awk '$1 != "global" && $1 != "toplevel" { print $1 }' <<<"$table")
globals=$(awk '$1 == "global" { $1 = ""; print }' <<<"$table")
toplevel=$(awk '$1 == "toplevel" { $1 = ""; print }' <<<"$table")
[ -n "$cmds" ] || { echo "FAIL tool/commands --commands printed no command"; exit 1; }

# --help of every command, without the driver.
for c in $cmds; do
	for h in --help -h; do
		out=$("$ctl" "$c" "$h" 2>&1)
		st=$?
		if [ $st != 0 ]; then
			fail "tool/help-$c" "'$c $h' exited $st: $out"
			continue 2
		fi
		case $out in
		"usage: uringblkctl $c"*) ;;
		*) fail "tool/help-$c" "'$c $h' printed: ${out%%$'\n'*}"; continue 2 ;;
		esac
	done
	pass "tool/help-$c"
done
"$ctl" --help | grep -q '^  set NAME' || fail tool/help "--help does not list set"

# complete WORD...: what the completion offers for `uringblkctl WORD...`
# (the last word is the one being completed), one per line.
complete_words() {
	# shellcheck disable=SC1090
	bash -c '. "$1"; shift; COMP_WORDS=(uringblkctl "$@"); COMP_CWORD=$#
		_uringblkctl; printf "%s\n" "${COMPREPLY[@]}"' _ "$comp" "$@" 2>/dev/null
}

# The first word: the commands and the global flags, exactly.
want=$(printf '%s\n' $cmds $globals $toplevel | sort -u)
got=$(complete_words '' | sort -u)
if [ "$want" = "$got" ]; then pass tool/completion-commands; else
	fail tool/completion-commands "offered: $(echo $got), the table: $(echo $want)"; fi

# Each command: everything the table lists, and only table words or
# global flags, in some position (DEV a placeholder; the subcommands of
# fault and zones in their places).
for c in $cmds; do
	words=$(awk -v c="$c" '$1 == c { $1 = ""; print }' <<<"$table")
	subs=$(printf '%s\n' $words | grep -v '^-' || true)
	offered=$( {
		complete_words "$c" ''
		complete_words "$c" dev ''
		for s in $subs; do
			complete_words "$c" "$s" dev ''
			complete_words "$c" dev "$s" ''
		done
	} | grep -v '=$' | sort -u)
	missing=$(comm -23 <(printf '%s\n' $words $globals | sort -u) <(printf '%s\n' $offered))
	extra=$(comm -13 <(printf '%s\n' $words $globals | sort -u) <(printf '%s\n' $offered | grep '^-'))
	if [ -z "$missing$extra" ]; then
		pass "tool/completion-$c"
	else
		fail "tool/completion-$c" "not offered: $(echo $missing); not in the table: $(echo $extra)"
	fi
done

# The shell provisioner checks values by hand (POSIX sh, no uringblkctl):
# each attribute of attr_list.h must sit in the case of its kind in
# check_value(), so that a new attribute cannot fall to "a decimal
# number" unnoticed (log_writes did, found by tool-provision on 6.1).
why=$(python3 - "$top/driver/attr_list.h" "$top/configfs-tools/uringblk-provision" <<'PY'
import re, sys
kinds = dict(re.findall(r"^UB_ATTR\((\w+), UB_K_(\w+),", open(sys.argv[1]).read(), re.M))
body = open(sys.argv[2]).read()
body = body[body.index("check_value() {"):]
body = body[:body.index("\n}\n")]
groups = [set(g.split(" | ")) for g in re.findall(r"^\t([a-z_0-9| ]+)\)$", body, re.M)]
anchor = {"BOOL": "power", "STR": "path", "SIZE": "capacity", "COMPLETION": "completion",
          "BACKEND": "backend", "NODE": "home_node"}
bad = []
for name, kind in sorted(kinds.items()):
    got = [g for g in groups if name in g]
    if kind == "NUM":
        if got:
            bad.append("%s (a number) in the case of %s" % (name, sorted(got[0])[0]))
    elif kind not in anchor:
        bad.append("%s: kind %s unknown to this check" % (name, kind))
    elif not got or anchor[kind] not in got[0]:
        bad.append("%s (UB_K_%s) not in the case of %s" % (name, kind, anchor[kind]))
print("; ".join(bad))
PY
)
if [ -z "$why" ]; then
	pass "tool/provision-kinds"
else
	fail "tool/provision-kinds" "$why"
fi
exit $rc
