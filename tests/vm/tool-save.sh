#!/bin/bash
# save: a profile of writable attributes, format and driver version
# stamped, power last; save, destroy --all, apply gives back identical
# attributes (index included); -o replaces the file atomically and a
# failed -o leaves the old file as it was.
. "$(dirname "$0")/lib.sh"
stock_only "profile writing; tool-apply and tool-fault-profile apply here"

snapshot() { # every attribute of every device but memory_used
	local d
	for d in $(ub_devs); do
		(cd $UB_CFS/$d && grep -r . --exclude='memory_used*' | sed "s|^|$d/|")
	done | sort
}

ub_up s0 capacity=96M poll_queues=1 nr_hw_queues=1 >/dev/null
ub_up s1 capacity=20M logical_block_size=4096 write_cache=1 discard=0 \
	completion=timer completion_nsec=12345 memory_limit=8M stats=0 >/dev/null
ub_mkdev s2 index=4242 max_sectors=8 queue_depth=7 capacity=1T   # never powered
ub_up s3 capacity=1536 physical_block_size=512 >/dev/null
before=$(snapshot)

ctl_rc 0 save
cp /tmp/ctl.out /tmp/stdout.cfg
expect_grep "format" /tmp/stdout.cfg "format_version = 1;"
expect_grep "driver version" /tmp/stdout.cfg "driver_version = \"$(cat $UB_CFS/version)\";"
expect_grep "size suffix" /tmp/stdout.cfg 'capacity = "1T";'
grep -q memory_used /tmp/stdout.cfg && fail "save wrote read-only memory_used"
# power is the last attribute of every device.
awk '/name =/ {last=""} /=/ {last=$1} /^  }/ {if (last != "power") bad=1} END {exit bad}' \
	/tmp/stdout.cfg || { cat /tmp/stdout.cfg; fail "power is not the last key of each device"; }

echo "old contents" >/tmp/saved.cfg
ino=$(stat -c %i /tmp/saved.cfg)
ctl_rc 0 save --all -o /tmp/saved.cfg
cmp -s /tmp/saved.cfg /tmp/stdout.cfg || fail "save -o differs from save to stdout"
[ "$(stat -c %i /tmp/saved.cfg)" != "$ino" ] || fail "save -o wrote in place (same inode), not by rename"
ls /tmp | grep -q 'saved.cfg.tmp' && fail "save -o left a temporary file"

# A failing -o (read-only directory) keeps the old file and exits 1.
mkdir -p /tmp/ro && echo keep >/tmp/ro/p.cfg
mount --bind /tmp/ro /tmp/ro && mount -o remount,ro,bind /tmp/ro || fail "read-only bind mount"
rc=0
"$UB_CTL" save -o /tmp/ro/p.cfg 2>/tmp/ctl.err || rc=$?
umount /tmp/ro
expect_eq "exit status of a failed save -o" "$rc" 1
expect_grep "failed save message" /tmp/ctl.err "Read-only file system"
expect_eq "old file after a failed save" "$(cat /tmp/ro/p.cfg)" keep
ctl_rc 1 save -o /tmp/nodir/p.cfg

# Named devices only.
ctl_rc 0 save s1
grep -q '"s0"' /tmp/ctl.out && fail "save s1 also saved s0"
expect_grep "save NAME" /tmp/ctl.out 'name = "s1";'
ctl_rc 1 save nosuch
expect_grep "save missing" /tmp/ctl.err "nosuch: no such device"

ctl_rc 0 destroy --all
[ -z "$(ub_devs)" ] || fail "destroy --all left devices"
ctl_rc 0 apply /tmp/saved.cfg
after=$(snapshot)
[ "$before" = "$after" ] || { diff <(echo "$before") <(echo "$after") >&2; fail "save/destroy/apply round trip changed attributes"; }
ctl_rc 0 apply /tmp/saved.cfg
for d in s0 s1 s2 s3; do expect_grep "re-apply saved" /tmp/ctl.out "$d: unchanged"; done
