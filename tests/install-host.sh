#!/bin/bash
# make install / make uninstall round trip into a scratch DESTDIR (no DKMS
# there): every file of scripts/install.sh's list is placed, units and
# rules where pkg-config says; uninstall leaves no file of ours and keeps
# one an administrator put in /etc/uringblk.
# Prints "PASS name" or "FAIL name reason" per check; exit 1 on a failure.
. "$(dirname "$0")/host-lib.sh"
host_tmp

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
udevdir=$(pkg-config --variable=udevdir udev 2>/dev/null || true)
udevdir=${udevdir:-/lib/udev}
if [ -f "$d$udevdir/rules.d/60-uringblk.rules" ]; then pass install/udevdir; else
	fail install/udevdir "no rules.d/60-uringblk.rules in $udevdir"
fi
[ -d "$d/etc/uringblk" ] && pass install/etc || fail install/etc "no /etc/uringblk"

# dkms remove runs exactly when the manifest records a dkms add (a staged
# install never registers one): a stand-in dkms logs its arguments.
mkdir "$d.bin"
trap 'rm -rf "$d" "$d.bin"' EXIT
printf '#!/bin/sh\necho "$*" >>"%s"\n' "$d.bin/log" >"$d.bin/dkms"
chmod +x "$d.bin/dkms"
manifest=$d/usr/local/share/uringblk/installed
echo '# dkms uringblk 9.8.7' >>"$manifest"
PATH=$d.bin:$PATH make -s -C "$top" uninstall DESTDIR="$d" PREFIX=/usr/local >/dev/null 2>&1
if [ "$(cat "$d.bin/log" 2>/dev/null)" = "remove -m uringblk -v 9.8.7 --all" ]; then pass uninstall/dkms-remove; else
	fail uninstall/dkms-remove "dkms calls: $(cat "$d.bin/log" 2>/dev/null | tr '\n' ' ')"
fi
rm -f "$d.bin/log"
make -s -C "$top" install DESTDIR="$d" PREFIX=/usr/local >/dev/null 2>&1
PATH=$d.bin:$PATH make -s -C "$top" uninstall DESTDIR="$d" PREFIX=/usr/local >/dev/null 2>&1
if [ ! -e "$d.bin/log" ]; then pass uninstall/no-dkms; else
	fail uninstall/no-dkms "dkms ran though install registered nothing: $(tr '\n' ' ' <"$d.bin/log")"
fi
# Where pkg-config says, also when it says something unusual.
printf '#!/bin/sh\ncase "$*" in *systemdsystemunitdir*) echo /opt/u/units ;; *udevdir*) echo /opt/u/udev ;; *) exit 1 ;; esac\n' >"$d.bin/pkg-config"
chmod +x "$d.bin/pkg-config"
PATH=$d.bin:$PATH make -s -C "$top" install DESTDIR="$d" PREFIX=/usr/local >/dev/null 2>&1
if [ -f "$d/opt/u/units/uringblk-profiles.service" ] && [ -f "$d/opt/u/udev/rules.d/60-uringblk.rules" ]; then
	pass install/pkg-config-dirs
else
	fail install/pkg-config-dirs "unit or rules not under pkg-config's /opt/u/units, /opt/u/udev"
fi
PATH=$d.bin:$PATH make -s -C "$top" uninstall DESTDIR="$d" PREFIX=/usr/local >/dev/null 2>&1
rmdir -p "$d/opt/u/units" "$d/opt/u/udev/rules.d" 2>/dev/null
make -s -C "$top" install DESTDIR="$d" PREFIX=/usr/local >/dev/null 2>&1

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
