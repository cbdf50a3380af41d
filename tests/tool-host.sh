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
exit $rc
