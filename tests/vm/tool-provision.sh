#!/bin/bash
# The shell provisioner (configfs-tools/uringblk-provision, POSIX sh, run
# with dash when present): apply with values read back, idempotent
# re-apply, a bad file rejected with file:line and exit 2 before anything
# is touched, a refused power cycle (exit 1), save -> destroy -> apply
# round trip, and a driver-refused write undoing the run (exit 1).
. "$(dirname "$0")/lib.sh"
stock_only "the POSIX shell provisioner runs cat and dd for every attribute"

sh=sh
command -v dash >/dev/null && sh=dash
prov() { # WANT ARGS...
	local want=$1 rc=0
	shift
	$sh "$UB_PROVISION" "$@" >/tmp/prov.out 2>/tmp/prov.err || rc=$?
	[ "$rc" = "$want" ] || { cat /tmp/prov.out /tmp/prov.err >&2; fail "uringblk-provision $*: exit $rc, want $want"; }
}

cat >/tmp/pv.txt <<'TXT'
# two devices
defaults capacity=64M nr_hw_queues=1
pv0 poll_queues=1 capacity=128M
pv1 logical_block_size=4096 write_cache=1 completion=timer completion_nsec=5000
pv2 power=0 index=99   # made, not powered
TXT
prov 0 apply /tmp/pv.txt
expect_eq "pv0 capacity" "$(attr pv0 capacity)" $((128 << 20))
expect_eq "pv0 poll_queues" "$(attr pv0 poll_queues)" 1
expect_eq "pv0 power" "$(attr pv0 power)" 1
expect_eq "pv1 capacity (defaults)" "$(attr pv1 capacity)" $((64 << 20))
expect_eq "pv1 lbs" "$(attr pv1 logical_block_size)" 4096
expect_eq "pv1 completion" "$(attr pv1 completion)" timer
expect_eq "pv2 index" "$(attr pv2 index)" 99
expect_eq "pv2 power" "$(attr pv2 power)" 0
disk=/dev/$(attr pv0 disk)
ub_wait_node "$disk"
pattern write "$disk" 0 1M 9
prov 0 apply /tmp/pv.txt
expect_eq "pv0 disk after re-apply" "/dev/$(attr pv0 disk)" "$disk"
pattern verify "$disk" 0 1M 9

# Live change goes through; an offline one on a running device is refused.
sed -i 's/capacity=128M/capacity=256M/' /tmp/pv.txt
prov 0 apply /tmp/pv.txt
expect_eq "pv0 capacity live" "$(attr pv0 capacity)" $((256 << 20))
sed -i 's/^pv1 /pv1 queue_depth=16 /' /tmp/pv.txt
prov 1 apply /tmp/pv.txt
expect_grep "refused power cycle" /tmp/prov.err "pv1: queue_depth cannot change while powered"
expect_eq "pv1 queue_depth after refusal" "$(attr pv1 queue_depth)" 128
sed -i 's/^pv1 queue_depth=16 /pv1 /' /tmp/pv.txt

# Bad files: nothing touched.
before=$(cd $UB_CFS && grep -r . --exclude='memory_used*' | sort)
printf 'pv0 capacity=1G\nnew9\npv3 colour=red\n' >/tmp/bad.txt
prov 2 apply /tmp/bad.txt
expect_grep "unknown key" /tmp/prov.err '/tmp/bad.txt:3: pv3: unknown key "colour"'
printf 'new9 logical_block_size=4096 capacity=6K\nnew8 discard=yes\n' >/tmp/bad.txt
prov 2 apply /tmp/bad.txt
expect_grep "not a multiple" /tmp/prov.err "/tmp/bad.txt:1: new9: capacity 6K is not a multiple of the block size 4096"
expect_grep "bad bool" /tmp/prov.err "/tmp/bad.txt:2: new8: discard: must be 0 or 1"
expect_eq "configfs after rejected files" "$(cd $UB_CFS && grep -r . --exclude='memory_used*' | sort)" "$before"

# Driver-refused write: exit 1, the devices of this run are gone again.
printf 'new7 capacity=16M\nnew6 nr_hw_queues=%d\n' $(( $(nproc) + 8 )) >/tmp/bad.txt
prov 1 apply /tmp/bad.txt
expect_grep "runtime error" /tmp/prov.err "new6: nr_hw_queues: write '$(( $(nproc) + 8 ))': Invalid argument"
[ ! -e $UB_CFS/new7 ] && [ ! -e $UB_CFS/new6 ] || fail "provisioner left devices of a failed run"

# save -> destroy --all -> apply: identical attributes.
prov 0 save
cp /tmp/prov.out /tmp/saved.txt
prov 0 list
expect_grep "list" /tmp/prov.out "pv0"
prov 0 destroy --all
[ -z "$(ub_devs)" ] || fail "destroy --all left devices"
prov 0 apply /tmp/saved.txt
expect_eq "configfs after save/destroy/apply" "$(cd $UB_CFS && grep -r . --exclude='memory_used*' | sort)" "$before"
prov 1 destroy nosuch
prov 2 bogus
prov 0 destroy pv0 pv1 pv2
