#!/bin/bash
# make install / make uninstall round trip into a scratch DESTDIR (no DKMS
# there): every file of scripts/install.sh's list is placed, units and
# rules where pkg-config says; uninstall leaves no file of ours and keeps
# one an administrator put in /etc/uringblk.
# Prints "PASS name" or "FAIL name reason" per check; exit 1 on a failure.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
rc=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1 $2"; rc=1; }
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT

if ! out=$(make -s -C "$top" install DESTDIR="$d" PREFIX=/usr/local 2>&1); then
	fail install/run "make install: $out"
	exit 1
fi
want=$(PREFIX=/usr/local "$top/scripts/install.sh" list | sort)
got=$(cd "$d" && find . -type f | sed 's/^\.//' | grep -v '/share/uringblk/installed$' | sort)
if [ "$want" = "$got" ]; then pass install/files; else
	fail install/files "placed files differ from the list: $(diff <(echo "$want") <(echo "$got") | head -5 | tr '\n' ' ')"
fi
unitdir=$(pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null || true)
unitdir=${unitdir:-/lib/systemd/system}
if [ -f "$d$unitdir/uringblk-profiles.service" ]; then pass install/unitdir; else
	fail install/unitdir "no uringblk-profiles.service in $unitdir"
fi
[ -d "$d/etc/uringblk" ] && pass install/etc || fail install/etc "no /etc/uringblk"

echo 'devices = ();' >"$d/etc/uringblk/mine.cfg"
if ! out=$(make -s -C "$top" uninstall DESTDIR="$d" PREFIX=/usr/local 2>&1); then
	fail uninstall/run "make uninstall: $out"
	exit 1
fi
left=$(cd "$d" && find . -type f | sed 's/^\.//')
if [ "$left" = /etc/uringblk/mine.cfg ]; then pass uninstall/nothing-left; else
	fail uninstall/nothing-left "left: $(echo "$left" | head -5 | tr '\n' ' ')"
fi
if [ -d "$d/usr/local/share/uringblk" ] || [ -d "$d/usr/src" ] && [ -n "$(ls -A "$d/usr/src")" ]; then
	fail uninstall/dirs "uringblk's own directories left behind"
else
	pass uninstall/dirs
fi
exit $rc
