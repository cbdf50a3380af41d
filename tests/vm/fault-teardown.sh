#!/bin/bash
# Requests held by a timeout rule do not hold up power 0 or rmdir: they
# fail with EIO at once; a rule armed on a powered-off device comes back
# with the disk.
. "$(dirname "$0")/lib.sh"

dev=$(ub_up td0 capacity=8M)
ub_rule td0 t type=timeout
for i in 1 2 3 4; do
	"$UB_IO" read "$dev" $((i * 4096)) 4096 >/tmp/held$i &
done
sleep 1
start=$(date +%s)
echo 0 >$UB_CFS/td0/power
wait
secs=$(($(date +%s) - start))
[ $secs -lt 10 ] || fail "power 0 took $secs s with held requests (io_timeout_ms 30000)"
for i in 1 2 3 4; do
	r=$(cut -d' ' -f1 /tmp/held$i)
	[ "$r" = EIO ] || [ "$r" = ENXIO ] || fail "held request $i ended with $r"
done
# The rule stays with the device; it fires again after power on.
echo 1 >$UB_CFS/td0/power
ub_wait_node "$dev"
"$UB_IO" read "$dev" 0 4096 >/tmp/held5 &
sleep 1
kill -0 $! 2>/dev/null || fail "the rule did not hold a read after power on: $(cat /tmp/held5)"
ub_unrule td0 t
echo 0 >$UB_CFS/td0/power
wait
r=$(cut -d' ' -f1 /tmp/held5)
[ "$r" = EIO ] || fail "the read held after power on ended with '$r', want EIO at power 0"
rmdir $UB_CFS/td0
[ -e "$dev" ] && fail "$dev still there"
true
