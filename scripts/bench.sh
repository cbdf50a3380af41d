#!/bin/bash
# make bench: uringblk against brd and null_blk in one guest boot
# (BENCH_KERNEL=6.12 default, or 6.1 or 7.3), interleaved, BENCH_REPEATS (3) x
# BENCH_RUNTIME per cell; then, same boot, the file backend against loop
# (direct I/O, one file on a virtio-blk disk) and zoned uringblk against
# zoned null_blk (BENCH_PARTS=main: only the first table and its extras;
# BENCH_PARTS=latency: only the latency chart's run, about a minute).
# Writes bench-results/<date>-<kernel>.json, PNG charts beside it (the
# latency one, -latency.png: the driver's histogram as percentiles beside
# fio's) and prints the table.  A benchmark, not a test.
#
# BENCH_CLOCK=icount (default, but not on 6.1): the guest runs in virtual
# time (QEMU -icount), one instruction a nanosecond, so repeats agree to
# about 0.5% (2.6% in the widest cell so far) and differences of 1% are
# real; under TCG's wall clock one cell's three repeats were up to 87%
# apart.  BENCH_RUNTIME defaults to 1 s there (a virtual second takes
# several real ones).  BENCH_CLOCK=wall: wall clock, 3 s runs.
set -euo pipefail
here=$(dirname "$(realpath "$0")")
top=$(dirname "$here")
# shellcheck source=scripts/lib.sh
source "$here/lib.sh"
cd "$top"
k=${BENCH_KERNEL:-6.12}
# Debian's 6.1 stops at SMP bring-up under -icount (twice here, 240 s
# each), so it defaults to the wall clock.
case $k in 6.1) clock=wall ;; *) clock=icount ;; esac
clock=${BENCH_CLOCK:-$clock}
case $clock in
icount) export URINGBLK_VM_ICOUNT=0; runtime=${BENCH_RUNTIME:-1} ;;
wall) unset URINGBLK_VM_ICOUNT; runtime=${BENCH_RUNTIME:-3} ;;
*) echo "bench: BENCH_CLOCK must be icount or wall, not '$clock'" >&2; exit 2 ;;
esac
"$here/deps.sh" >/dev/null
"$here/fetch-kernels.sh" "$k"
make -s tools >/dev/null
b=$top/build/bench-$k
rm -rf "$b" && mkdir -p "$b/out" bench-results
uringblk_build_module "$k" "$b" >"$b/build.log" 2>&1 || { cat "$b/build.log"; die "building the module for $k failed"; }
grep -v 'Skipping BTF' "$b/build.log" || true
# The file-vs-loop part's disk: ext4 on a virtio-blk drive, inode tables
# and journal written now so that no lazy-init thread runs in the guest.
truncate -s 1G "$b/disk.img"
mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 "$b/disk.img"
# The guest saves its JSON after each part (and each round of the file
# and zoned parts): if it dies, what it saved is still reported.
st=0
"$here/vm-run.sh" --kernel "$k" --module "$b/driver/uringblk.ko" --mem 6G --share "$b/out" \
	--disk "$b/disk.img" --log "build/vm-logs/bench-$k.log" --timeout 3600 -- \
	python3 bench/bench-guest.py "$b/out/results.json" "${BENCH_REPEATS:-3}" "$runtime" "$clock" \
	"${BENCH_PARTS:-all}" || st=$?
[[ -s $b/out/results.json ]] || die "the guest saved no results (vm-run exit $st; log build/vm-logs/bench-$k.log)"
name=bench-results/$(date +%Y%m%d-%H%M)-$k
# The last recorded run of this kernel with a device table (not a
# BENCH_PARTS=latency one), for report.py's regression line.
prev=$(grep -l '"cells"' bench-results/*-"$k".json 2>/dev/null | tail -n 1)
cp "$b/out/results.json" "$name.json"
machine="$(nproc) host cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), QEMU TCG, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
bench/report.py "$name.json" "$name.png" "$machine" $prev | tee "$name.md"
echo "bench: $name.json, $name.md, $(ls "$name"*.png | tr "\n" " ")"
((st == 0)) || die "the guest failed (vm-run exit $st; log build/vm-logs/bench-$k.log): the results above are what it saved first"
