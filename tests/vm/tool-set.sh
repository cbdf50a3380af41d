#!/bin/bash
# set NAME key=value...: live changes of a powered device as apply makes
# them (same validation), non-live keys refused while powered with EBUSY
# and nothing written, unknown keys exit 2 naming the nearest key, bad
# values exit 2, a powered-off device takes any key; global flags after
# the command.
. "$(dirname "$0")/lib.sh"
stock_only "option parsing and the plan; cfs- and live- cases cover the writes"

dev=$(ub_up s0 capacity=64M stats=1)

# Live: capacity grows (the disk sees it), stats off.
ctl_rc 0 set s0 capacity=128M stats=0
expect_grep "set says what changed" /tmp/ctl.out "s0: change live:"
expect_eq "capacity written" "$(attr s0 capacity)" $((128 << 20))
expect_eq "disk size" "$(blockdev --getsize64 "$dev")" $((128 << 20))
expect_eq "stats written" "$(attr s0 stats)" 0
ctl_rc 0 set s0 stats=0
expect_grep "no change" /tmp/ctl.out "s0: unchanged"

# Not live while powered: refused, and the live key beside it not written.
ctl_rc 1 set s0 stats=1 logical_block_size=4096
expect_grep "non-live refused" /tmp/ctl.err \
	"set: s0: logical_block_size: 512 -> 4096 cannot change while powered: Device or resource busy"
expect_grep "nothing changed" /tmp/ctl.err "set: s0: nothing was changed"
expect_eq "stats untouched" "$(attr s0 stats)" 0
expect_eq "block size untouched" "$(attr s0 logical_block_size)" 512

# Hostile input: exit 2, nothing written.
ctl_rc 2 set s0 capacit=1G
expect_grep "suggestion" /tmp/ctl.err "set: s0: unknown key 'capacit', did you mean 'capacity'?"
ctl_rc 2 set s0 capacity=12Q
ctl_rc 2 set s0 stats=1 stats=0
ctl_rc 2 set s0 stats
ctl_rc 2 set s0
ctl_rc 2 set 'bad/name' stats=1
# The validator apply uses: a physical block below the logical one.
ctl_rc 2 set s0 power=0 logical_block_size=4096 physical_block_size=512
expect_eq "refused set left it powered" "$(attr s0 power)" 1
ctl_rc 1 set nosuch stats=1
expect_grep "missing device" /tmp/ctl.err "nosuch: no such device: No such file or directory"

# Powering off in the same set lets any key change; off, any key goes.
ctl_rc 0 set s0 power=0 logical_block_size=4096
expect_eq "powered off" "$(attr s0 power)" 0
expect_eq "block size" "$(attr s0 logical_block_size)" 4096
ctl_rc 0 set s0 write_cache=1 --ioctl
expect_eq "off: write_cache" "$(attr s0 write_cache)" 1
expect_eq "set does not power on" "$(attr s0 power)" 0
ctl_rc 0 --json set s0 write_cache=0
python3 -c 'import json; j = json.load(open("/tmp/ctl.out")); assert j["result"] == "applied" and j["devices"][0]["name"] == "s0", j' ||
	fail "set --json before the command"
expect_eq "json set wrote" "$(attr s0 write_cache)" 0
