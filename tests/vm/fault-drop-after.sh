#!/bin/bash
# drop_write: the write succeeds, nothing is stored (the old pattern reads
# back), reads pass it by, and it counts its hits; `after`: a rule lets
# exactly N matching requests pass before it fires (writes, reads, the
# Nth flush), then `count` keeps its meaning; re-arming restarts the
# passes; over the admin plane and in `fault list --json` too.
. "$(dirname "$0")/lib.sh"

# write_cache=1: without it the block layer never sends a flush down.
dev=$(ub_up fd0 capacity=8M logical_block_size=4096 write_cache=1)
F=$UB_CFS/fd0/faults

# drop_write on blocks 0-3: success, old data stays; block 4 on is stored.
pattern write "$dev" 0 32K 1
ub_rule fd0 d type=drop_write lba_end=3
pattern write "$dev" 0 16K 2
pattern write "$dev" 16K 16K 3
expect_eq "drop_write hits" "$(<$F/d/hits)" 1
expect_eq "read under drop_write" "$(io read "$dev" 0 4096)" OK
expect_eq "flush under drop_write" "$(io flush "$dev" 0 0)" OK
expect_eq "drop_write hits after a read and a flush" "$(<$F/d/hits)" 1
ub_unrule fd0 d
pattern verify "$dev" 0 16K 1
pattern verify "$dev" 16K 16K 3

# after=3 count=2 on writes: writes 1-3 pass, 4 and 5 fail, 6 passes.
mkdir $F/a
expect_eq "after default" "$(<$F/a/after)" 0
expect_write $F/a/after -1 EINVAL
expect_write $F/a/after abc EINVAL
expect_write $F/a/after 18446744073709551615 OK
expect_write $F/a/after 3 OK
echo write >$F/a/ops
echo 2 >$F/a/count
echo 1 >$F/a/enable
expect_write $F/a/after 4 EBUSY
expect_eq "after kept while armed" "$(<$F/a/after)" 3
got=
for i in 1 2 3 4 5 6; do
	got="$got $(io write "$dev" 0 4096)"
done
expect_eq "writes under after=3 count=2" "$got" " OK OK OK EIO EIO OK"
expect_eq "hits after=3 count=2" "$(<$F/a/hits)" 2
# Re-arming restarts the passes: 3 pass again, then 2 hits.
echo 0 >$F/a/enable
echo 1 >$F/a/enable
out=$("$UB_IO" write "$dev" 0 4096 10)
expect_eq "failed writes after re-arm" "$out" "errors 2"
ub_unrule fd0 a

# The cut at the Nth flush: ops=flush after=N-1 count=1, N=4.
ub_rule fd0 f ops=flush after=3 count=1
got=
for i in 1 2 3 4 5; do
	got="$got $(io flush "$dev" 0 0)"
done
expect_eq "flushes under after=3 count=1" "$got" " OK OK OK EIO OK"
ub_unrule fd0 f

# after counts requests, not luck: probability applies to those after.
ub_rule fd0 p ops=read after=5 probability_ppm=0
out=$("$UB_IO" read "$dev" 0 4096 20)
expect_eq "reads under after=5 ppm=0" "$out" "errors 0"
expect_eq "hits under ppm=0" "$(<$F/p/hits)" 0
ub_unrule fd0 p

# Over the admin plane: fault add after=N, listed, honoured.
if [ -x "$UB_CTL" ]; then
	ctl_rc 0 fault add fd0 type=io_error ops=read after=2 count=1
	ctl_rc 0 fault list fd0 --json
	python3 -c 'import json; l = json.load(open("/tmp/ctl.out")); print(l["rules"][0]["after"] if "rules" in l else l[0]["after"])' \
		>/tmp/after.out 2>&1 || { cat /tmp/ctl.out >&2; fail "fault list --json: no after"; }
	expect_eq "after in the JSON" "$(</tmp/after.out)" 2
	r=$(ls $F)
	expect_eq "after of the admin rule" "$(<$F/$r/after)" 2
	got=
	for i in 1 2 3 4; do
		got="$got $(io read "$dev" 0 4096)"
	done
	expect_eq "reads under admin after=2 count=1" "$got" " OK OK EIO OK"
	ctl_rc 0 fault add fd0 type=drop_write
	ctl_rc 0 fault del fd0 --all
fi
exit 0
