#!/bin/bash
# Fault rules in profiles: apply makes them armed on their exact LBA range
# (the blocks either side succeed); re-apply leaves matching rules alone;
# save writes mkdir'd and admin-made (uring.<id>) rules, and save, destroy
# --all, apply gives identical rules in the same order; a changed rule on a
# powered device changes live (new range, hits restart), rules the profile
# drops go (rmdir, or FAULT_DEL for admin-made ones); --dry-run shows rule
# writes and changes nothing; a bad rule is exit 2 with file:line and
# touches nothing.
. "$(dirname "$0")/lib.sh"

# Every attribute but hits of every rule of device $1, in creation (=
# evaluation) order: by the rules' ids, as readdir's order differs between
# kernels.
order() {
	local r
	for r in "$UB_CFS/$1/faults"/*/; do
		[ -d "$r" ] || continue
		r=${r%/}
		echo "$(<"$r/id") ${r##*/}"
	done | sort -n | while read -r _ n; do printf '%s ' "$n"; done
}
rules() {
	local r a
	for r in $(order "$1"); do
		for a in type ops lba_start lba_end probability_ppm delay_us torn_sectors count enable; do
			echo "$r/$a=$(cat "$UB_CFS/$1/faults/$r/$a")"
		done
	done
}
hits() { cat "$UB_CFS/$1/faults/$2/hits"; }

cat >/tmp/fp.cfg <<'EOF'
format_version = 1;
devices = (
  { name = "fp0"; capacity = "16M";
    faults = (
      { name = "bad1"; type = "io_error"; lba = "1000-1999"; ops = "read,write"; },
      { name = "slow"; type = "delay"; delay = 1000; ops = "write"; lba = "5000-"; enable = false; }
    );
  }
);
EOF
ctl_rc 0 apply /tmp/fp.cfg
expect_grep "apply create" /tmp/ctl.out "fp0: create"
dev=/dev/$(attr fp0 disk)
[ "$dev" != /dev/ ] || fail "fp0 not powered by apply"
ub_wait_node "$dev"
expect_eq "rules made" "$(order fp0)" "bad1 slow "
expect_eq "bad1 ops" "$(attr fp0 faults/bad1/ops)" "read,write"
expect_eq "bad1 armed" "$(attr fp0 faults/bad1/enable)" 1
expect_eq "slow disarmed" "$(attr fp0 faults/slow/enable)" 0
expect_eq "slow delay" "$(attr fp0 faults/slow/delay_us)" 1000
expect_eq "slow to the end" "$(attr fp0 faults/slow/lba_end)" 32767
h0=$(hits fp0 bad1)	# the partition scan at power on reads other blocks
expect_eq "block 999" "$(io read "$dev" $((999 * 512)) 512)" OK
expect_eq "block 1000" "$(io read "$dev" $((1000 * 512)) 512)" EIO
expect_eq "block 1999" "$(io read "$dev" $((1999 * 512)) 512)" EIO
expect_eq "block 2000" "$(io read "$dev" $((2000 * 512)) 512)" OK
expect_eq "write block 1500" "$(io write "$dev" $((1500 * 512)) 512)" EIO
expect_eq "bad1 hits" "$(hits fp0 bad1)" $((h0 + 3))

# Matching rules are left alone: hits are not reset by re-arming.
ctl_rc 0 apply /tmp/fp.cfg
expect_grep "re-apply" /tmp/ctl.out "fp0: unchanged"
expect_eq "bad1 hits after re-apply" "$(hits fp0 bad1)" $((h0 + 3))

# An admin-made rule (uring.<id>) is saved like the others.
ctl_rc 0 fault add fp0 type=nospc lba=3000 ops=write
expect_grep "fault add" /tmp/ctl.out "uring.2 id 2"
before=$(rules fp0)
ctl_rc 0 save -o /tmp/fps.cfg
expect_grep "save bad1" /tmp/fps.cfg '{ name = "bad1"; type = "io_error"; ops = "read,write"; lba = "1000-1999"; prob = 1000000; delay = 0; torn_sectors = 0; count = 0; enable = true; }'
expect_grep "save slow" /tmp/fps.cfg '{ name = "slow"; type = "delay"; ops = "write"; lba = "5000-end"; prob = 1000000; delay = 1000; torn_sectors = 0; count = 0; enable = false; }'
expect_grep "save uring" /tmp/fps.cfg '{ name = "uring.2"; type = "nospc"; ops = "write"; lba = "3000-3000";'
grep -q hits /tmp/fps.cfg && fail "save wrote hits"
ctl_rc 0 destroy --all
[ -z "$(ub_devs)" ] || fail "destroy --all left devices"
ctl_rc 0 apply /tmp/fps.cfg
after=$(rules fp0)
[ "$before" = "$after" ] || { diff <(echo "$before") <(echo "$after") >&2; fail "save/destroy/apply changed the rules"; }
dev=/dev/$(attr fp0 disk)
ub_wait_node "$dev"
expect_eq "block 1000 after restore" "$(io read "$dev" $((1000 * 512)) 512)" EIO
expect_eq "block 3000 write after restore" "$(io write "$dev" $((3000 * 512)) 512)" ENOSPC
expect_eq "block 2999 write after restore" "$(io write "$dev" $((2999 * 512)) 512)" OK
ctl_rc 0 apply /tmp/fps.cfg
expect_grep "re-apply saved" /tmp/ctl.out "fp0: unchanged"

# Live change on the powered device: bad1 moves, slow goes, an admin-made
# rule the profile does not list goes by FAULT_DEL; the disk stays.
ctl_rc 0 fault add fp0 type=io_error lba=9000
adm=$(cut -d' ' -f1 /tmp/ctl.out)
[ -d "$UB_CFS/fp0/faults/$adm" ] || fail "admin-made rule $adm not in configfs"
cat >/tmp/fp2.cfg <<'EOF'
devices = (
  { name = "fp0"; capacity = "16M";
    faults = (
      { name = "bad1"; type = "io_error"; lba = "2000-2999"; ops = "read,write"; },
      { name = "uring.2"; type = "nospc"; lba = "3000-3000"; ops = "write"; }
    );
  }
);
EOF
disk=$(attr fp0 disk)
ctl_rc 0 apply --dry-run /tmp/fp2.cfg
expect_grep "dry-run disarm" /tmp/ctl.out "echo 0 > $UB_CFS/fp0/faults/bad1/enable"
expect_grep "dry-run move" /tmp/ctl.out "echo 2999 > $UB_CFS/fp0/faults/bad1/lba_end"
expect_grep "dry-run rmdir" /tmp/ctl.out "rmdir $UB_CFS/fp0/faults/slow"
expect_eq "dry-run changed nothing" "$(attr fp0 faults/bad1/lba_start)" 1000
ctl_rc 0 apply /tmp/fp2.cfg
expect_grep "live change" /tmp/ctl.out "fp0: change live: faults/slow removed"
expect_grep "live change" /tmp/ctl.out ", faults/bad1 enable=0 lba_end=2999 lba_start=2000 enable=1"
grep -q power /tmp/ctl.out && fail "a rule change power-cycled the device"
expect_eq "disk kept" "$(attr fp0 disk)" "$disk"
expect_grep "FAULT_DEL note" /tmp/ctl.err "rule $adm was made over io_uring: deleted with FAULT_DEL"
[ -d "$UB_CFS/fp0/faults/slow" ] && fail "rule slow not removed"
[ -d "$UB_CFS/fp0/faults/$adm" ] && fail "admin-made rule $adm not removed"
expect_eq "hits restart when re-armed" "$(hits fp0 bad1)" 0
expect_eq "block 1000 after change" "$(io read "$dev" $((1000 * 512)) 512)" OK
expect_eq "block 1999 after change" "$(io read "$dev" $((1999 * 512)) 512)" OK
expect_eq "block 2000 after change" "$(io read "$dev" $((2000 * 512)) 512)" EIO
expect_eq "block 3000 after change" "$(io read "$dev" $((3000 * 512)) 512)" OK
expect_eq "block 9000 after change" "$(io read "$dev" $((9000 * 512)) 512)" OK
expect_eq "bad1 hits after change" "$(hits fp0 bad1)" 1
ctl_rc 0 apply /tmp/fp2.cfg
expect_grep "re-apply live" /tmp/ctl.out "fp0: unchanged"

# Order: a rule put in front of kept ones is made, and those after it again.
cat >/tmp/fp3.cfg <<'EOF'
devices = ( { name = "fp0"; faults = (
  { name = "first"; type = "medium_error"; lba = "2000"; },
  { name = "bad1"; type = "io_error"; lba = "2000-2999"; ops = "read,write"; },
  { name = "uring.2"; type = "nospc"; lba = "3000-3000"; ops = "write"; }
); } );
EOF
ctl_rc 0 apply /tmp/fp3.cfg
expect_eq "order" "$(order fp0)" "first bad1 uring.2 "
expect_eq "first rule decides" "$(io read "$dev" $((2000 * 512)) 512)" ENODATA

# A bad rule: exit 2, file:line, nothing touched (fp0 nor a new device).
before=$(rules fp0)
cat >/tmp/bad.cfg <<'EOF'
devices = (
  { name = "fp9"; capacity = "16M"; },
  { name = "fp0"; capacity = "16M";
    faults = (
      { name = "bad1"; type = "io_error"; lba = "1000-1999"; },
      { name = "worse"; type = "io_error"; prob = 1000001; },
      { name = "bad1"; type = "delay"; }
    );
  }
);
EOF
ctl_rc 2 apply /tmp/bad.cfg
expect_grep "bad prob" /tmp/ctl.err "/tmp/bad.cfg:6: fp0: rule 'worse': prob: 1000001 out of range 0..1000000"
expect_grep "duplicate" /tmp/ctl.err "/tmp/bad.cfg:7: fp0: duplicate rule name 'bad1' (first at line 5)"
expect_grep "nothing changed" /tmp/ctl.err "profile rejected, nothing was changed"
[ -d "$UB_CFS/fp9" ] && fail "a rejected profile made device fp9"
expect_eq "rules after a rejected profile" "$(rules fp0)" "$before"

# faults = (); removes every rule.
echo 'devices = ( { name = "fp0"; faults = (); } );' >/tmp/none.cfg
ctl_rc 0 apply /tmp/none.cfg
expect_eq "no rules left" "$(order fp0)" ""
expect_eq "block 2000 without rules" "$(io read "$dev" $((2000 * 512)) 512)" OK
