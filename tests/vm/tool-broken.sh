#!/bin/bash
# All or nothing: a profile with any error (unknown key, bad value,
# duplicate name or index, size not a multiple of the block size, block
# size out of range) is rejected with file:line and exit 2 and configfs is
# not touched, also for devices that already exist; a write the driver
# refuses (exit 1, device/attribute/errno text) undoes what the run did.
. "$(dirname "$0")/lib.sh"
stock_only "profile errors are found before configfs is touched"

ub_up keep0 capacity=32M >/dev/null
before=$(cd $UB_CFS/keep0 && grep -r . --exclude='memory_used*' | sort)

check_rejected() { # MESSAGE: profile in /tmp/b.cfg
	ctl_rc 2 apply /tmp/b.cfg
	expect_grep "rejection message" /tmp/ctl.err "$1"
	expect_grep "rejection summary" /tmp/ctl.err "profile rejected, nothing was changed"
	left=$(ub_devs | grep -v '^keep0$' || true)
	[ -z "$left" ] || fail "configfs touched by a rejected profile: $left"
	expect_eq "keep0 after a rejected profile" \
		"$(cd $UB_CFS/keep0 && grep -r . --exclude='memory_used*' | sort)" "$before"
}

# Each broken profile changes keep0 and adds a good device before the error.
head='devices = (
  { name = "keep0"; capacity = "64M"; },
  { name = "good1"; },'
printf '%s\n  { name = "bad"; colour = "red"; }\n);\n' "$head" >/tmp/b.cfg
check_rejected "/tmp/b.cfg:4: bad: unknown key 'colour' (--skip-unknown to ignore it)"
printf '%s\n  { name = "bad";\n    queue_depth = 5000; }\n);\n' "$head" >/tmp/b.cfg
check_rejected "/tmp/b.cfg:5: bad: queue_depth: 5000 out of range 1..4096"
printf '%s\n  { name = "good1"; }\n);\n' "$head" >/tmp/b.cfg
check_rejected "/tmp/b.cfg:4: duplicate device name 'good1' (first at line 3)"
printf '%s\n  { name = "b1"; index = 9; },\n  { name = "b2"; index = 9; }\n);\n' "$head" >/tmp/b.cfg
check_rejected "/tmp/b.cfg:5: b2: duplicate index 9 (also device 'b1')"
printf '%s\n  { name = "bad"; logical_block_size = 4096; capacity = "6K"; }\n);\n' "$head" >/tmp/b.cfg
check_rejected "/tmp/b.cfg:4: bad: EINVAL: capacity 6144 is not a whole number of 4096-byte logical blocks"
printf '%s\n  { name = "bad"; logical_block_size = 8192; }\n);\n' "$head" >/tmp/b.cfg
check_rejected "/tmp/b.cfg:4: bad: logical_block_size: 8192 out of range 512..4096"
printf '%s\n  { name = "bad"; physical_block_size = 256; }\n);\n' "$head" >/tmp/b.cfg
check_rejected "/tmp/b.cfg:4: bad: physical_block_size: 256 out of range 512..4096"
printf '%s\n  { name = "bad"; capacity = "1X"; }\n);\n' "$head" >/tmp/b.cfg
check_rejected "/tmp/b.cfg:4: bad: capacity: not a size"
printf '%s\n  { name = "bad" capacity = 1; }\n);\n' "$head" >/tmp/b.cfg
check_rejected "/tmp/b.cfg:4: "
ctl_rc 2 apply /nonexistent.cfg
expect_grep "missing file" /tmp/ctl.err "/nonexistent.cfg: cannot read the profile: No such file or directory"

# --skip-unknown: reported and skipped, the rest applied.
printf '%s\n  { name = "skip2"; colour = "red"; }\n);\n' "$head" >/tmp/b.cfg
ctl_rc 0 apply --skip-unknown /tmp/b.cfg
expect_grep "skip warning" /tmp/ctl.err "/tmp/b.cfg:4: warning: skip2: unknown key 'colour', skipped"
expect_eq "keep0 capacity after --skip-unknown apply" "$(attr keep0 capacity)" $((64 << 20))
[ -d $UB_CFS/skip2 ] && [ -d $UB_CFS/good1 ] || fail "--skip-unknown did not apply the rest"
ctl_rc 0 destroy good1 skip2

# A value only the driver can judge (more queues than CPUs): exit 1, the
# error names device, attribute and errno text, and the run is undone.
before=$(cd $UB_CFS/keep0 && grep -r . --exclude='memory_used*' | sort)
cat >/tmp/b.cfg <<CFG
devices = (
  { name = "keep0"; capacity = "48M"; },
  { name = "new1"; capacity = "16M"; },
  { name = "new2"; nr_hw_queues = $(( $(nproc) + 8 )); }
);
CFG
ctl_rc 1 apply /tmp/b.cfg
expect_grep "runtime error" /tmp/ctl.err "new2: nr_hw_queues: write '$(( $(nproc) + 8 ))': Invalid argument"
[ ! -e $UB_CFS/new1 ] && [ ! -e $UB_CFS/new2 ] || fail "devices of a failed run left behind"
expect_eq "keep0 after an undone run" \
	"$(cd $UB_CFS/keep0 && grep -r . --exclude='memory_used*' | sort)" "$before"

# An index held by a device the profile does not describe: exit 1 before
# anything is written (not EBUSY half-way through).
printf 'devices = (\n  { name = "new1"; },\n  { name = "new2"; index = %s; }\n);\n' \
	"$(attr keep0 index)" >/tmp/b.cfg
ctl_rc 1 apply /tmp/b.cfg
expect_grep "index held" /tmp/ctl.err "new2: index: $(attr keep0 index) is held by device 'keep0': Device or resource busy"
expect_grep "index held summary" /tmp/ctl.err "nothing was changed"
[ ! -e $UB_CFS/new1 ] && [ ! -e $UB_CFS/new2 ] || fail "an index conflict still made devices"
