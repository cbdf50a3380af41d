#!/bin/bash
# uringblkctl apply: creates what the profile says (values read back),
# re-applying changes nothing (same disk, data kept), live attributes
# change live, an offline attribute of a running device is refused without
# --recreate (exit 1, nothing changed) and power-cycled with it; --dry-run
# prints the writes and touches nothing.
. "$(dirname "$0")/lib.sh"

cat >/tmp/p.cfg <<'CFG'
defaults = { capacity = "64M"; nr_hw_queues = 1; };
devices = (
  { name = "ta0"; capacity = "128M"; poll_queues = 1; },
  { name = "ta1"; logical_block_size = 4096; write_cache = true; max_sectors = 256;
    queue_depth = 32; discard = false; completion = "softirq"; memory_limit = "32M"; stats = false; },
  { name = "ta2"; index = 77; completion = "timer"; completion_nsec = 20000; power = false; }
);
CFG

ctl_rc 0 apply --dry-run /tmp/p.cfg
expect_grep dry-run /tmp/ctl.out "mkdir $UB_CFS/ta0"
expect_grep dry-run /tmp/ctl.out "echo 4096 > $UB_CFS/ta1/logical_block_size"
[ ! -e $UB_CFS/ta0 ] || fail "--dry-run made ta0"

ctl_rc 0 apply /tmp/p.cfg
expect_eq "ta0 capacity" "$(attr ta0 capacity)" $((128 << 20))
expect_eq "ta0 poll_queues" "$(attr ta0 poll_queues)" 1
expect_eq "ta0 nr_hw_queues" "$(attr ta0 nr_hw_queues)" 1
expect_eq "ta0 power" "$(attr ta0 power)" 1
expect_eq "ta1 capacity (default)" "$(attr ta1 capacity)" $((64 << 20))
for kv in logical_block_size=4096 write_cache=1 max_sectors=256 queue_depth=32 discard=0 \
	completion=softirq memory_limit=$((32 << 20)) stats=0 power=1; do
	expect_eq "ta1 ${kv%%=*}" "$(attr ta1 "${kv%%=*}")" "${kv#*=}"
done
expect_eq "ta2 index" "$(attr ta2 index)" 77
expect_eq "ta2 completion" "$(attr ta2 completion)" timer
expect_eq "ta2 completion_nsec" "$(attr ta2 completion_nsec)" 20000
expect_eq "ta2 power" "$(attr ta2 power)" 0
disk0=/dev/$(attr ta0 disk)
[ -b "$disk0" ] || fail "$disk0 missing after apply"
pattern write "$disk0" 0 1M 5

# Idempotent: nothing written, same disk, same data.
ctl_rc 0 apply /tmp/p.cfg
for d in ta0 ta1 ta2; do expect_grep "re-apply" /tmp/ctl.out "$d: unchanged"; done
expect_eq "ta0 disk after re-apply" "/dev/$(attr ta0 disk)" "$disk0"
pattern verify "$disk0" 0 1M 5

# Live change: capacity and poll queues while powered, data kept.
sed -i 's/name = "ta0"; capacity = "128M"; poll_queues = 1;/name = "ta0"; capacity = "256M"; poll_queues = 0;/' /tmp/p.cfg
ctl_rc 0 apply /tmp/p.cfg
expect_grep "live change" /tmp/ctl.out "ta0: change live"
expect_eq "ta0 capacity after live change" "$(attr ta0 capacity)" $((256 << 20))
expect_eq "ta0 poll_queues after live change" "$(attr ta0 poll_queues)" 0
expect_eq "ta0 power after live change" "$(attr ta0 power)" 1
expect_eq "ta0 size seen by the block layer" "$(blockdev --getsize64 "$disk0")" $((256 << 20))
pattern verify "$disk0" 0 1M 5

# Offline change of a running device: refused, nothing touched ...
sed -i 's/name = "ta0"; capacity = "256M";/name = "ta0"; capacity = "256M"; queue_depth = 64;/' /tmp/p.cfg
sed -i 's/completion_nsec = 20000;/completion_nsec = 30000;/' /tmp/p.cfg
ctl_rc 1 apply /tmp/p.cfg
expect_grep refusal /tmp/ctl.err "ta0: queue_depth: 128 -> 64 cannot change while powered"
expect_eq "ta0 queue_depth after refusal" "$(attr ta0 queue_depth)" 128
expect_eq "ta2 completion_nsec after refusal (not applied either)" "$(attr ta2 completion_nsec)" 20000
# ... and done with --recreate: power cycled, data kept by the backend.
ctl_rc 0 apply --recreate /tmp/p.cfg
expect_grep recreate /tmp/ctl.out "ta0: power cycle"
expect_eq "ta0 queue_depth after --recreate" "$(attr ta0 queue_depth)" 64
expect_eq "ta0 power after --recreate" "$(attr ta0 power)" 1
expect_eq "ta2 completion_nsec (off: plain write)" "$(attr ta2 completion_nsec)" 30000
expect_eq "ta2 still off" "$(attr ta2 power)" 0
ub_wait_node "/dev/$(attr ta0 disk)"
pattern verify "/dev/$(attr ta0 disk)" 0 1M 5
ctl_rc 0 apply /tmp/p.cfg
for d in ta0 ta1 ta2; do expect_grep "re-apply after recreate" /tmp/ctl.out "$d: unchanged"; done
