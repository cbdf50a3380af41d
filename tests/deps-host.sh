#!/bin/bash
# scripts/deps.sh on a system without apt: a PATH holding bash and, in two
# cases, a stand-in dpkg-query.  It must exit 1 and say what it needs and
# what for (everything when it cannot tell what is installed, only the
# missing packages when it can), and exit 0 when nothing is missing.
# Prints "PASS name" or "FAIL name reason" per check; exit 1 on a failure.
. "$(dirname "$0")/host-lib.sh"
host_tmp
ln -s "$(command -v bash)" "$d/bash"

run() { # MISSING...: dpkg-query says these are not installed ("-": no dpkg-query)
	rm -f "$d/dpkg-query"
	if [ "$1" != - ]; then
		printf '#!%s\ncase " %s " in *" ${!#} "*) echo not-installed ;; *) echo installed ;; esac\n' \
			"$d/bash" "$*" >"$d/dpkg-query"
		chmod +x "$d/dpkg-query"
	fi
	out=$(PATH=$d "$d/bash" "$top/scripts/deps.sh" 2>&1)
	status=$?
}

run -
if [ $status = 1 ] && grep -q "no apt-get" <<<"$out" &&
	grep -qE '^  qemu-system-x86 +guests:' <<<"$out" && grep -qE '^  gnuplot-nox +benchmark plots' <<<"$out"; then
	pass deps/no-apt-lists-all
else
	fail deps/no-apt-lists-all "exit $status: $(head -3 <<<"$out" | tr '\n' ' ')"
fi
run fio
if [ $status = 1 ] && [ "$(grep -c '^  ' <<<"$out")" = 1 ] && grep -qE '^  fio +I/O workloads' <<<"$out"; then
	pass deps/no-apt-lists-missing
else
	fail deps/no-apt-lists-missing "exit $status: $(tr '\n' ' ' <<<"$out" | cut -c1-200)"
fi
run none-missing
if [ $status = 0 ]; then pass deps/no-apt-nothing-missing; else
	fail deps/no-apt-nothing-missing "exit $status: $(head -2 <<<"$out" | tr '\n' ' ')"
fi
exit $rc
